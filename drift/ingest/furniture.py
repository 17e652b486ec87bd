"""Document furniture that is not article text: date stamps, wire datelines,
captions and credits, calls to action. General rules over closed classes of cues."""

from __future__ import annotations

import re
from collections.abc import Sequence
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
        editor_note_openings: Regex alternatives that open an editor's line or a wire
            trailer: newsroom conventions, not any publisher's wording.
        max_cta_words: Longest line, in words, treated as a call to action.
        max_note_words: Longest line, in words, treated as an editor's line.
        max_byline_words: Longest line, in words, treated as a byline.
        max_headline_words: Longest first line, in words, treated as a headline.
        max_standfirst_words: Longest line under a headline treated as a standfirst.
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
    editor_note_openings: tuple[str, ...] = (
        r"editors?'?s?'?\s+note\b",
        r"note\s+to\s+(?:editors|readers)\b",
        r"(?:this|the)\s+(?:story|article|report|item|piece|version)\s+(?:has\s+been|was|is|had\s+been)\s+"
        r"(?:\w+\s+)?(?:edited|updated|corrected|amended|republished|reprinted|adapted|shortened|condensed"
        r"|translated|changed|expanded)\b",
        r"this\s+(?:story|article|report|item|piece|version)\s+(?:was|has\s+been)\s+(?:originally|first)\s+"
        r"(?:published|posted|distributed)\b",
        r"(?:re)?published\s+(?:here\s+)?(?:with\s+permission\s+)?(?:from|by\s+courtesy\s+of|courtesy\s+of)\b",
        r"(?:this\s+(?:story|article)\s+)?(?:first|originally)\s+(?:appeared|published|ran)\b",
        r"(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|translated|research)\s+by\b",
        r"corrects?\s+(?:paragraph|para|headline|spelling|name|figure|date)",
        r"\(?(?:updates?|adds?|recasts?|rewrites?)\s+(?:with|throughout|to\s+add)\b",
        r"©",
        r"copyright\b",
        r"all\s+rights\s+reserved",
    )
    max_cta_words: int = 15
    max_note_words: int = 40
    max_byline_words: int = 14
    max_headline_words: int = 20
    max_standfirst_words: int = 45
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
_EDITOR_NOTE: Final = re.compile(
    rf"[\W_]*(?:{'|'.join(BOILERPLATE_CUES.editor_note_openings)})", re.IGNORECASE
)
_NAME_WORD = r"(?:[A-Z][\w.'’-]*|(?:al|el|bin|ibn|de|da|van|von|der|le|la|du|and|&)(?=\s))"
_BYLINE: Final = re.compile(
    rf"[\W_]*[Bb][Yy]\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,6}}\s*(?:[,|/–—-]\s*[^.!?]{{0,60}})?$"
)
_HEADLINE_END: Final = re.compile(r"[.;:,]\s*$")
_ALNUM: Final = re.compile(r"\w")


def _words(text: str) -> int:
    return len(text.split())


def boilerplate_kind(line: str) -> str | None:
    """What kind of page furniture one line is, or ``None`` for article text.

    Args:
        line: One line or paragraph, as readable text.

    Returns:
        ``credit`` for photo captions and credits, ``navigation`` for share and
        navigation lines, ``call_to_action`` for prompts to subscribe or register,
        ``editor_note`` for an editor's line or a wire trailer ("This story has been
        edited for length", "Reporting by ...; Editing by ..."), ``byline`` for a
        byline; None for headlines and ordinary sentences.
    """
    text = " ".join(line.split())
    if not text:
        return "blank"
    cues = BOILERPLATE_CUES
    tail = _SENTENCE_BREAK.split(text)[-1]
    credit_tail = not tail.endswith(".") or _words(tail) <= cues.max_credit_words
    if _CREDIT.search(tail) and len(text) <= 300 and credit_tail:
        return "credit"
    parts = [p.strip() for p in text.split("|")]
    if len(parts) >= 2 and all(
        p and _words(p) <= cues.max_pipe_part_words and not p.endswith(".") for p in parts
    ):
        return "navigation"
    if _CAPTION_DATELINE.match(text) and (_ENDS_WITH_DATE.search(text) or len(text) <= 200):
        return "credit"
    lowered = text.lower().lstrip("•·-–—*>#[( ")
    if _words(text) <= cues.max_nav_words and any(lowered.startswith(p) for p in cues.nav_phrases):
        return "navigation"
    if _words(text) <= cues.max_cta_words and not text.endswith(".") and bool(_CTA.search(text)):
        return "call_to_action"
    if _words(text) <= cues.max_note_words and _EDITOR_NOTE.match(text):
        return "editor_note"
    if _words(text) <= cues.max_byline_words and _BYLINE.match(text):
        return "byline"
    return None


def is_boilerplate(line: str) -> bool:
    """Tell whether one line of text is page furniture rather than article text
    (see :func:`boilerplate_kind`)."""
    return boilerplate_kind(line) is not None


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
    r"(?:,[ \t]*[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2}\.?(?=[ \t]*\())?"
    rf"(?:,[ \t]*(?i:{_MONTH})[ \t]+\d{{1,2}})?"
    r"(?:[ \t]*\((?:[A-Z][\w .&-]{1,30})\))?"
    r"[ \t]*(?::|—|–|--?)[ \t]+(?=[\"“‘'A-Z0-9])"
)


def cut_dateline(text: str, start: int, end: int) -> int:
    """Return where the first article line starts once a wire dateline is cut.

    A dateline is an upper-case place (or places joined by ``/``), optionally a
    state or country in title case before an agency, a date and an agency in
    brackets, then a colon or dash: ``BEIRUT/AMMAN (Reuters) -``, ``KYIV, June 3
    (AP) —``, ``GROSSETO, Italy (AP) --``.
    """
    match = _DATELINE.match(text, start, end)
    if match is None:
        return start
    place = match.group("place")
    if not re.search(r"[A-Z]{3}", place) or any(c.islower() for c in place):
        return start
    return match.end()


@dataclass(frozen=True)
class Article:
    """What :func:`scan_article` finds: the article regions and the furniture around them.

    Attributes:
        regions: Half-open ranges of article text (headline and standfirst included:
            they are checked, against the whole source).
        furniture: ``(kind, start, end)`` per piece of furniture, in text order.
    """

    regions: list[tuple[int, int]]
    furniture: list[tuple[str, int, int]]


def _lines(text: str, blocks: Sequence[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Lines of the blocks as ``(start, end, first line of its block)``."""
    out: list[tuple[int, int, bool]] = []
    for start, stop in blocks:
        pos = start
        first = True
        for match in LINE_BREAK.finditer(text, start, stop):
            out.append((pos, match.start(), first))
            pos = match.end()
            first = False
        out.append((pos, stop, first))
    return out


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _is_headline(line: str) -> bool:
    words = _words(line)
    cues = BOILERPLATE_CUES
    return 1 < words <= cues.max_headline_words and not _HEADLINE_END.search(line) and not line.endswith(".")


def _dateline_at(text: str, line: tuple[int, int, bool]) -> bool:
    return cut_dateline(text, line[0], line[1]) > line[0]


def _headline_and_standfirst(
    text: str, lines: list[tuple[int, int, bool]], kinds: list[str | None]
) -> tuple[int, int]:
    """Indices of the headline and standfirst lines (-1 where there is none)."""

    def words(k: int) -> str:
        return " ".join(text[lines[k][0] : lines[k][1]].split())

    article = [k for k, kind in enumerate(kinds) if kind is None]
    if len(article) < 2 or not _is_headline(words(article[0])):
        return -1, -1
    head, nxt = article[0], article[1]
    after = next((k for k in range(nxt + 1, len(lines)) if kinds[k] != "blank"), None)
    if after is None or len(article) < 3 or _dateline_at(text, lines[nxt]):
        return head, -1
    if _words(words(nxt)) > BOILERPLATE_CUES.max_standfirst_words:
        return head, -1
    if kinds[after] == "byline" or (kinds[after] is None and _dateline_at(text, lines[after])):
        return head, nxt
    return head, -1


DATELINE_LINES = 3
"""A wire dateline is looked for in the first this many lines of the body (a short
heading or a standfirst the rules did not recognise may come first)."""


def scan_article(text: str, blocks: Sequence[tuple[int, int]] | None = None) -> Article:
    """Split ``text`` into article regions and furniture, line by line.

    Blank lines and furniture lines end a region. A leading date stamp is cut off
    every line; a wire dateline is cut off the first body line that has one, among the
    first :data:`DATELINE_LINES`. The first
    article line is a headline when it is short and does not end like a sentence,
    and more article text follows; the line under a headline is a standfirst when a
    byline or a dateline comes next. Both stay article text (regions of their own)
    and are also listed as furniture.

    Args:
        text: The readable text.
        blocks: Ranges of ``text`` to scan, each a paragraph or more (the whole text
            when omitted).
    """
    lines = _lines(text, blocks if blocks is not None else [(0, len(text))])
    kinds = [boilerplate_kind(text[a:b]) for a, b, _ in lines]
    headline, standfirst = _headline_and_standfirst(text, lines, kinds)
    regions: list[tuple[int, int]] = []
    furniture: list[tuple[str, int, int]] = []
    open_region = False
    body_lines = 0
    for k, (a, b, first) in enumerate(lines):
        kind = kinds[k]
        if kind is not None:
            if kind != "blank":
                furniture.append((kind, *_strip(text, a, b)))
            open_region = False
            continue
        new_a = cut_date_prefix(text, a, b)
        if new_a > a:
            furniture.append(("date_stamp", *_strip(text, a, new_a)))
        if k in (headline, standfirst):
            if new_a < b:
                furniture.append(("headline" if k == headline else "standfirst", *_strip(text, new_a, b)))
                regions.append((new_a, b))
            open_region = False
            continue
        if body_lines < DATELINE_LINES:
            cut = cut_dateline(text, new_a, b)
            if cut > new_a:
                furniture.append(("dateline", *_strip(text, new_a, cut)))
                body_lines = DATELINE_LINES  # one dateline a story
            new_a = cut
            body_lines += 1
        if new_a >= b:
            open_region = False
            continue
        if open_region and new_a == a and not first:
            regions[-1] = (regions[-1][0], b)
        else:
            regions.append((new_a, b))
        open_region = True
    return Article(regions, furniture)


def article_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The article regions of ``text[start:end]`` (see :func:`scan_article`)."""
    return scan_article(text, [(start, len(text) if end is None else end)]).regions
