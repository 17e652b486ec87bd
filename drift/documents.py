"""Reading input files into :class:`~drift.model.Document` values.

A file is decoded (UTF-8, UTF-16 with a byte-order mark, else a charset-normalizer
guess), classified as plain text, HTML or Markdown, reduced to its article text and
split into sentences. Every offset points into the decoded text: for HTML and
Markdown, sentences carry the readable ``clean`` text and a per-character map back
into the markup.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Final, Literal

from drift.errors import Errors, InputError
from drift.model import Document, Sentence
from drift.sentences import split_sentences

Kind = Literal["text", "html", "markdown"]

_HTML_EXTENSIONS: Final = frozenset({".html", ".htm", ".xhtml"})
_MARKDOWN_EXTENSIONS: Final = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_BINARY_CONTROL_SHARE: Final = 0.10
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


# --------------------------------------------------------------------------- boilerplate


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
    for match in _LINE_BREAK.finditer(text, start, stop):
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


# --------------------------------------------------------------------------- decoding


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if (unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v") or c == "\ufffd")
    return bad / len(text)


def _fallback_decode(data: bytes, *, path: str) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise InputError(Errors.E006.format(path=path))
    best_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= best_chaos + 0.01]
    preferred = next((m for m in tied if "cp1252" in m.could_be_from_charset), tied[0])
    encoding = "cp1252" if "cp1252" in preferred.could_be_from_charset else preferred.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(Errors.E006.format(path=path)) from None
    if _control_share(text) > 0.01:
        raise InputError(Errors.E006.format(path=path))
    return text


def decode_bytes(data: bytes, *, path: str) -> str:
    """Decode a file's bytes to text.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are
    read directly; the mark is not part of the result. Anything else goes to
    charset-normalizer, preferring cp1252 among equally good guesses.

    Args:
        data: The raw bytes.
        path: The file name used in error messages.

    Returns:
        The decoded text.

    Raises:
        InputError: E004 for empty input, E005 for binary data, E006 when no
            encoding fits.
    """
    if not data:
        raise InputError(Errors.E004.format(path=path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(Errors.E006.format(path=path)) from None
    elif b"\x00" in data:
        raise InputError(Errors.E005.format(path=path))
    else:
        controls = sum(1 for b in data if b < 0x20 and b not in b"\t\n\r\f\v\x1b")
        if controls / len(data) > _BINARY_CONTROL_SHARE:
            raise InputError(Errors.E005.format(path=path))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _fallback_decode(data, path=path)
    if _control_share(text) > _BINARY_CONTROL_SHARE:
        raise InputError(Errors.E005.format(path=path))
    if not text.strip():
        raise InputError(Errors.E004.format(path=path))
    return text


# --------------------------------------------------------------------------- kinds


def detect_kind(path: str, text: str) -> Kind:
    """Classify a document as ``"html"``, ``"markdown"`` or ``"text"``.

    HTML is recognised by extension or by its content (a doctype, ``<html>``,
    ``<body>`` or several ``<p>`` tags) whatever the extension.
    """
    head = text.lstrip()[:2000].lower()
    lowered = text.lower()
    if (
        head.startswith("<!doctype html")
        or "<html" in lowered
        or "<body" in lowered
        or len(re.findall(r"<p[\s>]", lowered)) >= 3
    ):
        return "html"
    suffix = Path(path).suffix.lower()
    if suffix in _HTML_EXTENSIONS:
        return "html"
    if suffix in _MARKDOWN_EXTENSIONS:
        return "markdown"
    return "text"


# --------------------------------------------------------------------------- views


@dataclass
class _View:
    """Readable text with, per character, the source range it came from."""

    text_parts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def add(self, chars: str, start: int, end: int) -> None:
        for c in chars:
            self.text_parts.append(c)
            self.starts.append(start)
            self.ends.append(end)

    def add_source(self, source: str, start: int, end: int) -> None:
        for pos in range(start, end):
            self.add(source[pos], pos, pos + 1)

    def newline(self, at: int) -> None:
        if self.text_parts and self.text_parts[-1] != "\n":
            self.add("\n", at, at)

    def text(self) -> str:
        return "".join(self.text_parts)


def _view_sentences(source: str, view: _View, regions: Sequence[tuple[int, int]]) -> list[Sentence]:
    view_text = view.text()
    out: list[Sentence] = []
    for sent in split_sentences(view_text, regions):
        start = view.starts[sent.start]
        end = view.ends[sent.end - 1]
        raw = source[start:end]
        clean: str | None = sent.text
        char_map: tuple[int, ...] | None = tuple(view.starts[sent.start : sent.end])
        if clean == raw:
            clean, char_map = None, None
        out.append(Sentence(len(out), start, end, raw, clean, char_map))
    return out


_BLOCK_TAGS: Final = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
        "tr", "ul", "caption", "body", "head", "html", "title",
    }
)  # fmt: skip
_HIDDEN_TAGS: Final = frozenset({"script", "style", "noscript", "template", "title", "svg", "iframe"})


class _HTMLViewParser(HTMLParser):
    """Builds the visible text view of an HTML page, tracking source offsets."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.view = _View()
        self.in_p: list[bool] = []
        self._hidden = 0
        self._p_depth = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _mark(self, count: int) -> None:
        self.in_p.extend([self._p_depth > 0] * count)

    def _block(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            before = len(self.view.text_parts)
            self.view.newline(self._offset())
            self._mark(len(self.view.text_parts) - before)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
            return
        self._block(tag)
        if tag == "p":
            self._p_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN_TAGS:
            self._block(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
            return
        if tag == "p":
            self._p_depth = max(0, self._p_depth - 1)
        self._block(tag)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        start = self._offset()
        if self.source[start : start + len(data)] != data:
            start = self.source.find(data, start)
            if start < 0:
                return
        for i, c in enumerate(data):
            self.view.add(" " if c.isspace() else c, start + i, start + i + 1)
        self._mark(len(data))

    def _reference(self, raw: str) -> None:
        if self._hidden:
            return
        start = self._offset()
        end = start + len(raw)
        if self.source.startswith(";", end):
            end += 1
        chars = html.unescape(self.source[start:end])
        chars = "".join(" " if c.isspace() else c for c in chars)
        self.view.add(chars, start, end)
        self._mark(len(chars))

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)


def _compress(text: str) -> tuple[str, list[int]]:
    index = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in index), index


def _locate_paragraphs(view_text: str, paragraphs: Sequence[str]) -> list[tuple[int, int]]:
    """Find each extracted paragraph in the view, in order, ignoring whitespace."""
    packed, index = _compress(view_text)
    regions: list[tuple[int, int]] = []
    cursor = 0
    for para in paragraphs:
        candidates = [para, re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", para)]
        for cand in candidates:
            needle = "".join(cand.split())
            if not needle:
                break
            found = packed.find(needle, cursor)
            if found >= 0:
                regions.append((index[found], index[found + len(needle) - 1] + 1))
                cursor = found + len(needle)
                break
        else:
            needle = "".join(para.split())
            anchor = min(20, len(needle))
            head = packed.find(needle[:anchor], cursor)
            if head < 0:
                continue
            tail = packed.find(needle[-anchor:], head, head + 2 * len(needle) + anchor)
            if tail < 0:
                continue
            regions.append((index[head], index[tail + anchor - 1] + 1))
            cursor = tail + anchor
    return regions


def _extract_paragraphs(source: str) -> list[str]:
    import trafilatura

    for precise in (True, False):
        extracted = trafilatura.extract(
            source, include_comments=False, include_tables=False, favor_precision=precise
        )
        if extracted:
            return [line for line in extracted.splitlines() if line.strip()]
    return []


def _html_sentences(source: str, path: str) -> list[Sentence]:
    parser = _HTMLViewParser(source)
    parser.feed(source)
    parser.close()
    view = parser.view
    view_text = view.text()
    located = _locate_paragraphs(view_text, _extract_paragraphs(source))
    if not located:
        located = []
        run_start = -1
        for i, flag in enumerate([*parser.in_p, False]):
            if flag and run_start < 0:
                run_start = i
            elif not flag and run_start >= 0:
                located.append((run_start, i))
                run_start = -1
        located = [(a, b) for a, b in located if view_text[a:b].strip()]
    if not located:
        raise InputError(Errors.E009.format(path=path))
    regions = [r for a, b in located for r in article_regions(view_text, a, b)]
    return _view_sentences(source, view, regions)


# --------------------------------------------------------------------------- markdown

_MD_FENCE: Final = re.compile(r"[ \t]{0,3}(```|~~~)")
_MD_RULE: Final = re.compile(r"[ \t]{0,3}(?:([-*_])[ \t]*){3,}$|[ \t]{0,3}(?:=+|-+)[ \t]*$")
_MD_REFDEF: Final = re.compile(r"[ \t]{0,3}\[[^\]]+\]:\s*\S+")
_MD_QUOTE: Final = re.compile(r"[ \t]{0,3}(?:>[ \t]?)+")
_MD_HEADING: Final = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_MD_HEADING_CLOSE: Final = re.compile(r"[ \t]+#+[ \t]*$")
_MD_LIST: Final = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_MD_IMAGE: Final = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_MD_LINK: Final = re.compile(r"\[([^\]]*)\](?:\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_MD_AUTOLINK: Final = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_TAG: Final = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->")
_MD_ESCAPABLE: Final = frozenset("\\`*_{}[]()#+-.!|>~<")


def _md_inline(source: str, start: int, end: int, view: _View) -> None:
    i = start
    while i < end:
        c = source[i]
        if c == "\\" and i + 1 < end and source[i + 1] in _MD_ESCAPABLE:
            view.add(source[i + 1], i + 1, i + 2)
            i += 2
            continue
        if c == "!" and (m := _MD_IMAGE.match(source, i, end)):
            i = m.end()
            continue
        if c == "[" and (m := _MD_LINK.match(source, i, end)):
            _md_inline(source, m.start(1), m.end(1), view)
            i = m.end()
            continue
        if c == "<" and (m := _MD_AUTOLINK.match(source, i, end)):
            view.add_source(source, m.start(1), m.end(1))
            i = m.end()
            continue
        if c == "<" and (m := _MD_TAG.match(source, i, end)):
            i = m.end()
            continue
        if c == "`":
            i += 1
            continue
        if c in "*_~":
            run_end = i
            while run_end < end and source[run_end] == c:
                run_end += 1
            before = source[i - 1] if i > start else " "
            after = source[run_end] if run_end < end else " "
            marker = not (before.isspace() and after.isspace())
            if c == "_" and before.isalnum() and after.isalnum():
                marker = False
            if c == "~" and run_end - i != 2:
                marker = False
            if marker:
                i = run_end
                continue
            view.add_source(source, i, run_end)
            i = run_end
            continue
        view.add(c, i, i + 1)
        i += 1


def _markdown_view(source: str) -> _View:
    view = _View()
    lines: list[tuple[int, int, int]] = []
    pos = 0
    for match in _LINE_BREAK.finditer(source):
        lines.append((pos, match.start(), match.end()))
        pos = match.end()
    lines.append((pos, len(source), len(source)))
    in_fence = False
    in_front = bool(lines) and source[lines[0][0] : lines[0][1]].strip() == "---"
    for number, (a, b, brk) in enumerate(lines):
        line = source[a:b]
        if in_front:
            if number > 0 and line.strip() in ("---", "..."):
                in_front = False
            view.newline(a)
            continue
        if _MD_FENCE.match(line):
            in_fence = not in_fence
            view.add("\n\n", a, a)
            continue
        if in_fence or _MD_RULE.match(line) or _MD_REFDEF.match(line):
            view.add("\n\n", a, a)
            continue
        content = a
        block = False
        for pattern in (_MD_QUOTE, _MD_HEADING, _MD_LIST):
            m = pattern.match(source, content, b)
            if m and m.end() > content:
                content = m.end()
                block = True
        stop = b
        if block and (m := _MD_HEADING_CLOSE.search(source, content, b)):
            stop = m.start()
        if block:
            view.add("\n\n", a, a)
        _md_inline(source, content, stop, view)
        if brk > b:
            view.add("\n", b, brk)
    return view


def _markdown_sentences(source: str) -> list[Sentence]:
    view = _markdown_view(source)
    return _view_sentences(source, view, article_regions(view.text()))


# --------------------------------------------------------------------------- public API


def _read_bytes(path: str, max_bytes: int) -> bytes:
    target = Path(path)
    if target.is_dir():
        raise InputError(Errors.E002.format(path=path))
    if not target.exists():
        raise InputError(Errors.E001.format(path=path))
    try:
        size = target.stat().st_size
        if size > max_bytes:
            raise InputError(Errors.E008.format(path=path, size=size, limit=max_bytes))
        with target.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(Errors.E003.format(path=path, reason=reason)) from None
    if len(data) > max_bytes:
        raise InputError(Errors.E008.format(path=path, size=len(data), limit=max_bytes))
    return data


def _doc_id(path: str) -> str:
    return Path(path).stem.lstrip(".") or "document"


def read_document(path: str, *, doc_id: str | None = None, max_bytes: int = 20_000_000) -> Document:
    """Read one input file into a :class:`Document`.

    Args:
        path: Path to a text, HTML or Markdown file.
        doc_id: The document id; defaults to the file name without extension.
        max_bytes: Refuse files larger than this.

    Returns:
        The decoded document with its article sentences.

    Raises:
        InputError: With codes E001-E009 when the file cannot be used.
    """
    data = _read_bytes(os.fspath(path), max_bytes)
    text = decode_bytes(data, path=path)
    kind = detect_kind(path, text)
    if kind == "html":
        sentences = _html_sentences(text, path)
    elif kind == "markdown":
        sentences = _markdown_sentences(text)
    else:
        sentences = split_sentences(text, article_regions(text))
    if not sentences:
        raise InputError(Errors.E007.format(path=path))
    return Document(
        id=doc_id or _doc_id(path),
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        sentences=tuple(sentences),
    )


def load_documents(paths: Sequence[str], *, max_bytes: int = 20_000_000) -> list[Document]:
    """Read several files, giving each a unique id.

    Ids are file names without extension; a repeated name gets ``-2``, ``-3``, ...

    Args:
        paths: The files, in order.
        max_bytes: Refuse files larger than this.

    Returns:
        One document per path, in the same order.
    """
    taken: set[str] = set()
    docs: list[Document] = []
    for path in paths:
        base = _doc_id(path)
        doc_id = base
        n = 2
        while doc_id in taken:
            doc_id = f"{base}-{n}"
            n += 1
        taken.add(doc_id)
        docs.append(read_document(path, doc_id=doc_id, max_bytes=max_bytes))
    return docs
