"""Country names across house styles, from country_converter's name patterns."""

from __future__ import annotations

import sys

import pytest

from drift.text.countries import country, same_country


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Britain", "UK"),
        ("U.K.", "United Kingdom"),
        ("U.S.", "United States"),
        ("Burma", "Myanmar"),
        ("Ivory Coast", "Cote d'Ivoire"),
        ("Turkey", "Turkiye"),
        ("America", "United States"),
    ],
)
def test_one_country_in_two_styles(a: str, b: str) -> None:
    assert same_country(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Niger", "Nigeria"),
        ("Austria", "Australia"),
        ("Sudan", "South Sudan"),
        ("Congo", "DR Congo"),
        ("Iran", "Iraq"),
        ("Dominica", "Dominican Republic"),
    ],
)
def test_two_countries_stay_two(a: str, b: str) -> None:
    assert not same_country(a, b)


def test_a_name_that_is_no_country_matches_nothing() -> None:
    assert country("Paris") is None and not same_country("Paris", "Paris")


def test_reading_the_table_does_not_import_pandas_or_the_package() -> None:
    country("Britain")
    assert "country_converter" not in sys.modules
