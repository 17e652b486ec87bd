"""Document furniture that is not article text: date stamps, wire datelines,
captions and credits, calls to action. General rules over closed classes of cues."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class BoilerplateCues:
    """Generic web boilerplate cues used to drop non-article lines.

    These are patterns common to news pages of any publisher (photo credits, share
    and navigation links, subscription prompts, date stamps). They are deliberately
    general and must not be tuned to the wording of particular articles.

    Attributes:
        credit_markers: Regexes that mark a photo caption or picture credit.
        nav_phrases: Openings of share, navigation and "read more" lines.
        cta_words: Regex alternatives for paywall, newsletter and advert prompts.
        date_labels: Regex alternatives for labels that introduce a date stamp.
        max_cta_words: Longest line, in words, treated as a call to action.
        max_nav_words: Longest line, in words, treated as navigation.
        max_credit_words: Longest trailing segment, in words, treated as a credit.
        max_pipe_part_words: Longest ``|``-separated part of a credit line.
    """

    credit_markers: tuple[str, ...] = (
        r"\b(?:photo|photos|image|images|picture|photograph|illustration|credit|credits|caption)\s*:",
        r"\bgetty\s+images\b",
        r"\bap\s+photo\b",
        r"\breuters\s*/",
        r"/\s*(?:afp|reuters|ap|epa|anadolu)\b",
        r"\bafp\s+via\b",
        r"\bshutterstock\b",
        r"\bepa(?:-efe)?\s*/",
        r"\bfile\s+photo\b",
        r"\b(?:photo|image|picture)\s+(?:by|courtesy\s+of)\b",
    )
    nav_phrases: tuple[str, ...] = (
        "source link",
        "source:",
        "read more",
        "read the full",
        "read next",
        "continue reading",
        "share this",
        "share on",
        "share article",
        "share via",
        "click here",
        "follow us",
        "related:",
        "related articles",
        "related stories",
        "see also",
        "skip to",
        "back to top",
        "most read",
        "print this",
        "email this",
        "listen to this article",
        "view comments",
        "leave a comment",
    )
    cta_words: tuple[str, ...] = (
        r"subscri\w*",
        r"sign(?:ing)?[ -]?up",
        r"newsletters?",
        r"unlock\w*",
        r"free\s+trial",
        r"regist(?:er|ration)\w*",
        r"advertisements?",
        r"sponsored",
        r"log\s?in",
        r"sign\s?in",
        r"paywall",
        r"premium",
        r"membership",
        r"donat\w+",
        r"cookies?",
        r"download\s+(?:the|our)\s+app",
    )
    date_labels: tuple[str, ...] = (
        r"date[d]?",
        r"published(?:\s+on)?",
        r"first\s+published(?:\s+on)?",
        r"(?:last\s+)?updated(?:\s+on)?",
        r"posted(?:\s+on)?",
    )
    max_cta_words: int = 15
    max_nav_words: int = 12
    max_credit_words: int = 8
    max_pipe_part_words: int = 4


BOILERPLATE_CUES: Final = BoilerplateCues()
"""Generic web boilerplate cues (captions, credits, share links, paywall prompts)."""

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_DATE = (
    rf"(?:{_ISO_DATE}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
    rf"|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:\s*(?:,|at|-|–)?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+(?-i:[A-Z]{2,4})\b)?)?"
_SEP = r"[\s|,;:–—-]*"
_LABEL = rf"(?:{'|'.join(BOILERPLATE_CUES.date_labels)})\b\s*:?\s*"
_DATE_PREFIX: Final = re.compile(
    rf"\s*(?:{_LABEL}{_WEEKDAY}{_DATE}{_TIME}{_SEP}"
    rf"|{_ISO_DATE}{_TIME}(?:{_SEP}(?=\S)|\s*$)"
    rf"|{_WEEKDAY}{_DATE}{_TIME}\s*(?:[|–—-]{_SEP}|$))",
    re.IGNORECASE,
)
_LABEL_ONLY: Final = re.compile(rf"\s*{_LABEL}", re.IGNORECASE)
_CAPTION_DATELINE: Final = re.compile(
    rf"[A-Z][A-Z .'’/-]+,\s*[A-Z][A-Z .'’-]+\s*[–—-]\s*(?i:{_MONTH})\s+\d{{1,2}}\s*:"
)
_ENDS_WITH_DATE: Final = re.compile(rf"{_DATE}\W*$", re.IGNORECASE)
_CREDIT: Final = re.compile("|".join(BOILERPLATE_CUES.credit_markers), re.IGNORECASE)
_CTA: Final = re.compile(rf"\b(?:{'|'.join(BOILERPLATE_CUES.cta_words)})\b", re.IGNORECASE)
_SENTENCE_BREAK: Final = re.compile(r"(?<=[.!?])\s+")
_ALNUM: Final = re.compile(r"\w")


def _words(text: str) -> int:
    return len(text.split())


def is_boilerplate(line: str) -> bool:
    """Tell whether one line of text is page furniture rather than article text.

    Args:
        line: One line or paragraph, as readable text.

    Returns:
        True for photo captions and credits, share/navigation lines and calls to
        subscribe or register; headlines and ordinary sentences return False.
    """
    text = " ".join(line.split())
    if not text:
        return True
    cues = BOILERPLATE_CUES
    tail = _SENTENCE_BREAK.split(text)[-1]
    credit_tail = not tail.endswith(".") or _words(tail) <= cues.max_credit_words
    if _CREDIT.search(tail) and len(text) <= 300 and credit_tail:
        return True
    parts = [p.strip() for p in text.split("|")]
    if len(parts) >= 2 and all(
        p and _words(p) <= cues.max_pipe_part_words and not p.endswith(".") for p in parts
    ):
        return True
    if _CAPTION_DATELINE.match(text) and (_ENDS_WITH_DATE.search(text) or len(text) <= 200):
        return True
    lowered = text.lower().lstrip("•·-–—*>#[( ")
    if _words(text) <= cues.max_nav_words and any(lowered.startswith(p) for p in cues.nav_phrases):
        return True
    return _words(text) <= cues.max_cta_words and not text.endswith(".") and bool(_CTA.search(text))


def cut_date_prefix(text: str, start: int, end: int) -> int:
    """Return where a line's article text starts once a leading date stamp is cut.

    Args:
        text: The text holding the line.
        start: Start of the line.
        end: End of the line.

    Returns:
        The new start; ``end`` when the whole line is a date stamp.
    """
    match = _DATE_PREFIX.match(text, start, end)
    if match is not None and match.end() > start:
        pos = match.end()
        return pos if _ALNUM.search(text, pos, end) else end
    label = _LABEL_ONLY.match(text, start, end)
    if label is not None and _words(text[start:end]) <= 8 and ":" in text[start:end]:
        return end
    return start


_DATELINE = re.compile(
    r"[ \t]*(?P<place>[A-Z][A-Z .'’/,&-]{1,80}?)"
    r"(?:[ \t]*\((?:[A-Z][\w .&-]{1,30})\))?"
    r"[ \t]*(?::|—|–|--?)[ \t]+(?=[\"“‘'A-Z])"
)


def cut_dateline(text: str, start: int, end: int) -> int:
    """Return where the first article line starts once a wire dateline is cut.

    A dateline is an upper-case place (or places joined by ``/``), optionally an
    agency in brackets, then a colon or dash: ``BEIRUT/AMMAN (Reuters) -``.
    """
    match = _DATELINE.match(text, start, end)
    if match is None:
        return start
    place = match.group("place")
    if not re.search(r"[A-Z]{3}", place) or any(c.islower() for c in place):
        return start
    return match.end()


def article_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Find the article regions of ``text[start:end]``, line by line.

    Blank lines and boilerplate lines end a region; a leading date stamp is cut off.

    Args:
        text: The readable text.
        start: Start of the part to scan.
        end: End of the part to scan (defaults to the end of ``text``).

    Returns:
        Half-open ranges of consecutive article lines.
    """
    stop = len(text) if end is None else end
    lines: list[tuple[int, int]] = []
    pos = start
    for match in LINE_BREAK.finditer(text, start, stop):
        lines.append((pos, match.start()))
        pos = match.end()
    lines.append((pos, stop))
    regions: list[tuple[int, int]] = []
    open_region = False
    for a, b in lines:
        line = text[a:b]
        if not line.strip() or is_boilerplate(line):
            open_region = False
            continue
        new_a = cut_date_prefix(text, a, b)
        if not regions:
            new_a = cut_dateline(text, new_a, b)
        if new_a >= b:
            open_region = False
            continue
        if open_region and new_a == a:
            regions[-1] = (regions[-1][0], b)
        else:
            regions.append((new_a, b))
        open_region = True
    return regions
