"""HTML pages: the article body (trafilatura) located in a readable view of the page.

The view is built with the standard library's :class:`~html.parser.HTMLParser`, which
rescans the rest of the page at every ``<`` that opens a construct it cannot close
(``<a <a <a ...``): such marks are defused first (see :func:`_defuse`), so reading a
page takes time linear in its length.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Final

from drift.errors import Errors, InputError
from drift.ingest.furniture import scan_article
from drift.ingest.view import TextView, view_furniture, view_sentences
from drift.values import Furniture, Sentence

_BLOCK_TAGS: Final = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
        "tr", "ul", "caption", "body", "head", "html", "title",
    }
)  # fmt: skip
_HIDDEN_TAGS: Final = frozenset({"script", "style", "noscript", "template", "title", "svg", "iframe"})
_TAG_REACH: Final = 1024
"""A ``<`` whose ``>`` is further than this, with another ``<`` before it, is text."""
_COMMENT_CLOSE: Final = re.compile(r"--\s*>")
_SECTION_CLOSE: Final = re.compile(r"]\s*]\s*>")
_MS_SECTION_CLOSE: Final = re.compile(r"]\s*>")
_SECTION_NAME: Final = re.compile(r"<!\[([a-zA-Z][-_.a-zA-Z0-9]*)")
_SECTIONS: Final = frozenset({"temp", "cdata", "ignore", "include", "rcdata"})
_MS_SECTIONS: Final = frozenset({"if", "else", "endif"})
_CHARREF: Final = re.compile(r"&#(?:[0-9]+|[xX][0-9a-fA-F]+)")
_MARKUP_START: Final = re.compile(r"<[A-Za-z/!?]|&#")


def _last_start(pattern: re.Pattern[str], text: str) -> int:
    last = -1
    for match in pattern.finditer(text):
        last = match.start()
    return last


def _defuse(source: str) -> str:
    """``source`` with a space for each ``<`` or ``&#`` the parser could not close
    soon, or would fail on: a comment with no end after it, a marked section
    (``<![CDATA[``) that is unknown or has no end, a tag with no ``>``, or
    one whose ``>`` is far away with another ``<`` before it, a character reference
    without digits. Offsets are unchanged; the view takes its characters from
    ``source``."""
    comment_close = _last_start(_COMMENT_CLOSE, source)
    section_close = _last_start(_SECTION_CLOSE, source)
    ms_section_close = _last_start(_MS_SECTION_CLOSE, source)
    defused: list[int] = []
    gt = lt = 0
    for match in _MARKUP_START.finditer(source):
        i = match.start()
        if source.startswith("&#", i):
            if not _CHARREF.match(source, i):
                defused.append(i)
            continue
        if source.startswith("<!--", i):
            if comment_close < i + 4:
                defused.append(i)
            continue
        if source.startswith("<![", i):
            # the parser raises AssertionError on a marked section it does not know
            name = _SECTION_NAME.match(source, i)
            keyword = name.group(1).lower() if name else ""
            known = (keyword in _SECTIONS and section_close >= i + 3) or (
                keyword in _MS_SECTIONS and ms_section_close >= i + 3
            )
            if not known:
                defused.append(i)
            continue
        if 0 <= gt <= i:
            gt = source.find(">", i + 1)
        if 0 <= lt <= i:
            lt = source.find("<", i + 1)
        if gt < 0 or (0 <= lt < gt and gt - i > _TAG_REACH):
            defused.append(i)
    if not defused:
        return source
    parts = []
    pos = 0
    for i in defused:
        parts.append(source[pos:i])
        parts.append(" ")
        pos = i + 1
    parts.append(source[pos:])
    return "".join(parts)


class _HTMLViewParser(HTMLParser):
    """Builds the visible text view of an HTML page, tracking source offsets."""

    def __init__(self, source: str, markup: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.markup = markup
        self.view = TextView()
        self.in_p: list[bool] = []
        self._hidden = 0
        self._p_depth = 0
        self._table_depth = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _mark(self, count: int) -> None:
        self.in_p.extend([self._p_depth > 0 and not self._table_depth] * count)

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
        elif tag == "table":
            self._table_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN_TAGS:
            self._block(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
            return
        if tag == "p":
            self._p_depth = max(0, self._p_depth - 1)
        elif tag == "table":
            self._table_depth = max(0, self._table_depth - 1)
        self._block(tag)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        start = self._offset()
        if self.markup[start : start + len(data)] != data:
            start = self.markup.find(data, start)
            if start < 0:
                return
        for i, c in enumerate(self.source[start : start + len(data)]):
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
            return [line for line in extracted.split("\n") if line.strip()]
    return []


def html_sentences(source: str, path: str) -> tuple[list[Sentence], list[Furniture]]:
    markup = _defuse(source)
    parser = _HTMLViewParser(source, markup)
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError as exc:  # html.parser's way of giving up on a construct
        raise InputError(Errors.E066.format(path=path, reason=str(exc).splitlines()[0][:80])) from None
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
    article = scan_article(view_text, located)
    return (
        view_sentences(source, view, article.regions),
        view_furniture(source, view, article.furniture),
    )


# --------------------------------------------------------------------------- markdown
