"""Typing slips: a word one keystroke away from the source's and far rarer than it.

"foudn" for "found", "Amercia" for "America": a QA desk wants to see them, but they
change no meaning and must not be reported as a different word or name. Word
frequency comes from the rank of the word in the GloVe vocabulary, which is sorted
by corpus frequency.
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz.distance import OSA

MIN_LENGTH = 4
RARE_RANK = 10_000
RARER_BY = 50


def misspelling(old: str, new: str, rank: Callable[[str], int | None]) -> bool:
    """Whether ``new`` reads as a typing slip for ``old``.

    Args:
        old: The source's word.
        new: The copy's word.
        rank: Frequency rank of a lower-case word (0 the most frequent), None if unknown.

    Returns:
        True when the two differ by one edit (insertion, deletion, substitution or
        swap of neighbours; two for words of eight letters or more), ``old`` is a
        known word and ``new`` is unknown or both rare in itself and at least
        ``RARER_BY`` times rarer than ``old``.
    """
    a, b = old.lower(), new.lower()
    if a == b or len(a) < MIN_LENGTH or not a.isalpha() or not b.isalpha():
        return False
    if OSA.distance(a, b) > (2 if len(a) >= 8 else 1):
        return False
    ra, rb = rank(a), rank(b)
    if ra is None:
        return False
    return rb is None or (rb > RARE_RANK and rb > RARER_BY * max(ra, 1))
