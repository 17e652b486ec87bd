"""HTML pages: the article body (trafilatura) located in a readable view of the page."""

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


class _HTMLViewParser(HTMLParser):
    """Builds the visible text view of an HTML page, tracking source offsets."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.view = TextView()
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


def html_sentences(source: str, path: str) -> tuple[list[Sentence], list[Furniture]]:
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
    article = scan_article(view_text, located)
    return (
        view_sentences(source, view, article.regions),
        view_furniture(source, view, article.furniture),
    )


# --------------------------------------------------------------------------- markdown
