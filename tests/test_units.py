"""Figures in another unit: the same measure as each is rounded, or a changed one."""

from __future__ import annotations

import pytest

from drift.text.numbers import compare_numbers, find_numbers
from drift.text.units import convert, half_unit, same_measure


def test_convert_between_units_of_one_dimension() -> None:
    assert convert(11000, "ft", "m") == pytest.approx(3352.8)
    assert convert(30, "celsius", "fahrenheit") == pytest.approx(86.0)
    assert convert(5, "km", "kg") is None
    assert convert(5, "usd", "eur") is None  # a rate is a fact of its day


@pytest.mark.parametrize(
    ("value", "text", "half"), [(3000, "3,000", 500), (110, "110", 5), (3.5, "3.5", 0.05), (820, "820", 5)]
)
def test_half_unit_of_the_last_written_digit(value: float, text: str, half: float) -> None:
    assert half_unit(value, text) == pytest.approx(half)


@pytest.mark.parametrize(
    ("source", "copy", "same"),
    [
        ("The peaks are around 11,000ft high.", "The peaks are around 3,000 metres high.", True),
        ("The ship is 250 metres long.", "The ship is 820 feet long.", True),
        ("The race is 5km long.", "The race is 3.1 miles long.", True),
        ("The farm covers 200 hectares.", "The farm covers 500 acres.", True),
        # a changed figure, not a rounding
        ("The ship is 250 metres long.", "The ship is 900 feet long.", False),
        ("The peaks are around 11,000ft high.", "The peaks are around 4,000 metres high.", False),
        # "100" is one significant figure, but no rounding explains 62 miles as 100
        ("The march covered 100 km.", "The march covered 100 miles.", False),
    ],
)
def test_a_converted_figure_is_the_same_measure(source: str, copy: str, same: bool) -> None:
    diff = compare_numbers(find_numbers(source), find_numbers(copy))
    assert (not diff.changed and not diff.missing and not diff.added) == same, diff


def test_same_measure_reads_either_side_as_the_rounded_one() -> None:
    assert same_measure(3353, "m", "3,353", 11000, "ft", "11,000")
    assert same_measure(11000, "ft", "11,000", 3353, "m", "3,353")
