"""House-style normalisation: the differences a newsroom does not count as edits.

Quote characters, dashes, case, dots in initialisms ("U.S." / "US"), hyphenation
("think-tank" / "think tank"), British/American spelling (breame's tables) and
small numbers written as words or numerals all compare equal after :func:`norm`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from anyascii import anyascii

_SMALL_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
NUMBER_WORDS = {w: str(i) for i, w in enumerate(_SMALL_NUMBERS)}
_INITIALISM = re.compile(r"^(?:[a-z]\.){2,}$")


@lru_cache(maxsize=1)
def _spelling() -> dict[str, str]:
    from breame.spelling import BRITISH_ENGLISH_SPELLINGS

    return dict(BRITISH_ENGLISH_SPELLINGS)


@lru_cache(maxsize=65536)
def american(word: str) -> str:
    """The American spelling of a lower-case British spelling, else the word."""
    return _spelling().get(word, word)


@lru_cache(maxsize=65536)
def norm(word: str) -> str:
    """Normalise one word (no spaces or hyphens) for house-style-blind comparison."""
    w = anyascii(word).lower().strip("'\"`")
    if _INITIALISM.match(w) or (len(w) <= 6 and re.fullmatch(r"(?:[a-z]\.)+[a-z]\.?", w)):
        w = w.replace(".", "")
    w = w.rstrip(".")
    w = NUMBER_WORDS.get(w, w)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", w):
        w = w.replace(",", "")
    return american(w)


def split_units(text: str) -> list[tuple[int, int, str]]:
    """Split a token into hyphen-separated parts: ``(start, end, normalised)``."""
    parts: list[tuple[int, int, str]] = []
    for m in re.finditer(r"[^\-\u2010-\u2015/]+", text):
        n = norm(m.group())
        if n and any(c.isalnum() for c in n):
            parts.append((m.start(), m.end(), n))
    return parts


def words(text: str) -> list[str]:
    """House-style-normalised words of ``text``, function words kept."""
    return [u[2] for tok in text.split() for u in split_units(tok)]


_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+(?:['’][a-z]+)?\b")


def recase(
    title: str,
    body: str,
    *,
    common: Callable[[str], bool] | None = None,
    lemmas: Callable[[str], Iterable[str]] | None = None,
) -> str:
    """A title-case line in sentence case: a capitalised word after the first becomes
    lower case where ``body`` writes it, or a form of it, in lower case ("Storm Kills At
    Least 12" → "Storm kills at least 12" when the body has "killed" and "at least"; with
    ``lemmas``, an irregular form's lemma too: "Flee" when the body has "fled"), or,
    given ``common``, where ``common`` says it is a dictionary word and the body never
    writes it with a capital inside a sentence ("Floods" in a reworded headline).
    Names keep their capitals, and the length never changes, so offsets still hold.
    """
    lower = set(re.findall(r"\b[a-z][a-z'’]*\b", body))
    if lemmas is not None:
        lower |= {lemma for w in list(lower) for lemma in lemmas(w)}
    capital = {w.lower() for w in re.findall(r"(?<=[a-z,;] )[A-Z][a-z'’]+\b", body)}

    # Capitalised words that are no dictionary word are names; a dictionary word right beside
    # one ("Aaron Rand", "Mark Zuckerberg") keeps its capital too.
    def in_body(low: str) -> bool:
        return low in lower or (len(low) >= 4 and any(same_stem(low, w) for w in lower if w[:4] == low[:4]))

    names = (
        {
            m.start(): m.end()
            for m in _TITLE_WORD.finditer(title)
            if not in_body(m.group(0).lower()) and not common(m.group(0).lower())
        }
        if common is not None
        else {}
    )
    name_ends = set(names.values())

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if m.start() == 0:
            return word
        if in_body(low):
            return low
        beside_name = m.start() - 1 in name_ends or m.end() + 1 in names
        if common is not None and low not in capital and common(low) and not beside_name:
            return low
        return word

    return _TITLE_WORD.sub(fix, title)


ENDINGS = frozenset(
    {
        "",
        "e",
        "s",
        "es",
        "ed",
        "d",
        "ing",
        "er",
        "ers",
        "est",
        "ies",
        "ied",
        "y",
        "ly",
        "ion",
        "ions",
        "ation",
        "ations",
        "ition",
        "ment",
        "ments",
        "ness",
        "ity",
        "ities",
        "al",
        "ally",
        "ive",
        "ives",
        "ance",
        "ence",
        "ancy",
        "ency",
        "ure",
        "ures",
        "ism",
        "ist",
        "ists",
        "or",
        "ors",
        "ee",
        "ant",
        "ent",
        "able",
        "ible",
        "ise",
        "ize",
        "ised",
        "ized",
        "ising",
        "izing",
        "isation",
        "ization",
        "ful",
    }
)


def same_stem(x: str, y: str) -> bool:
    """Whether two words are forms of one stem: a shared beginning of four letters or
    more followed on each side by nothing or an English inflectional/derivational ending."""
    if x[:4] != y[:4] or len(x) < 4 or len(y) < 4:
        return False
    x, y = sorted((x, y), key=len)
    common = 0
    for cx, cy in zip(x, y, strict=False):
        if cx != cy:
            break
        common += 1
    if common < 4:
        return False
    return x[common:] in ENDINGS and y[common:] in ENDINGS
