"""Typing slips against real word changes, with a small frequency table."""

from __future__ import annotations

import pytest

from drift.text.typos import misspelling

RANKS = {"the": 1, "found": 500, "america": 450, "maria": 3276, "mario": 5995, "teh": 19_881, "fund": 900}


def rank(word: str) -> int | None:
    return RANKS.get(word)


@pytest.mark.parametrize(
    ("old", "new"),
    [("found", "foudn"), ("America", "Amercia"), ("found", "foumd"), ("witness", "witnss")],
)
def test_slips(old: str, new: str) -> None:
    RANKS.setdefault("witness", 2000)
    assert misspelling(old, new, rank)


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("Maria", "Mario", "both common names"),
        ("found", "fund", "a common word"),
        ("found", "foundation", "more than one edit"),
        ("the", "teh", "too short to tell"),
        ("found", "found", "the same"),
        ("zzzz", "zzzy", "the source word is unknown"),
        ("found", "fo-nd", "not a word"),
    ],
)
def test_not_slips(old: str, new: str, why: str) -> None:
    assert not misspelling(old, new, rank), why
