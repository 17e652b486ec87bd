"""The quote detector on short news-like pairs: what it flags, at what severity, on which words.

Every case is analysed as one aligned group (see ``conftest.analyse``), which also checks
that each span's text is the slice of its document it claims to be.
"""

from __future__ import annotations

import pytest
from conftest import analyse, detector_tests, of_type

from drift.values import FindingType, Severity

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

# (id, source, copy, type, severity, source span text, copy span text)
POSITIVE = [
    (
        "quote-word",
        '"We will not surrender the city," the mayor said.',
        '"We will never surrender the city," the mayor said.',
        "quote",
        C,
        "not",
        "never",
    ),
    (
        "quote-inline",
        'The governor said "the budget is completely broken" and promised reform.',
        'The governor said "the budget is badly broken" and promised reform.',
        "quote",
        C,
        "completely",
        "badly",
    ),
    (
        "quote-curly",
        "“Nobody will be left behind,” the prime minister told parliament.",
        "“Everybody will be left behind,” the prime minister told parliament.",
        "quote",
        C,
        "Nobody",
        "Everybody",
    ),
]

# (id, source, copy, type that must not appear at major or above)
NEGATIVE = [
    # quote: the quote is untouched, the words around it changed
    (
        "quote-marks-only",
        '"We will not surrender the city," the mayor said.',
        "“We will not surrender the city,” the mayor said.",
        "quote",
    ),
    (
        "quote-outside-words",
        '"We will not surrender the city," the mayor said on Sunday.',
        '"We will not surrender the city," the mayor told reporters.',
        "quote",
    ),
]


test_positive, test_at_least_two_positive_cases, test_negative = detector_tests(POSITIVE, NEGATIVE)


@pytest.mark.parametrize(
    ("source", "copy"),
    [
        ('"Prices rose 20 per cent this year," she said.', '"Prices rose 20% this year," she said.'),
        ('"We travelled to Mecca and Medina," he said.', '"We travelled to Makkah and Madinah," he said.'),
        ('"It will cost £5m," the mayor said.', '"It will cost 5 million pounds," the mayor said.'),
    ],
)
def test_a_quote_in_another_house_style_is_unchanged(fast_checker, source, copy) -> None:
    assert not of_type(analyse(fast_checker, source, copy), "quote")


def test_a_quote_with_another_figure_is_changed(fast_checker) -> None:
    pair = analyse(fast_checker, '"Prices rose 20 per cent," she said.', '"Prices rose 30%," she said.')
    assert of_type(pair, "quote", C)


def test_a_name_cut_inside_a_quotation_is_still_read(fast_checker) -> None:  # type: ignore[no-untyped-def]
    pair = analyse(
        fast_checker,
        '"We will meet President Ruto in Nairobi next week," the minister said.',
        '"We will meet in Nairobi next week," the minister said.',
    )
    kinds = {f.type for f in pair.findings}
    assert FindingType.QUOTE in kinds and FindingType.OMISSION in kinds
