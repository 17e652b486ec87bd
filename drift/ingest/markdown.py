"""Markdown: inline markup stripped into a readable view that maps back to the source.

Tables are furniture, not prose: their rows are left out of the view. Every pattern
tried at a bracket or an angle bracket is bounded, and is tried only when its closing
mark comes within that bound, so a line full of unclosed brackets reads in linear time.
"""

from __future__ import annotations

import re
from typing import Final

from drift.ingest.furniture import LINE_BREAK, scan_article
from drift.ingest.view import TextView, view_furniture, view_sentences
from drift.values import Furniture, Sentence

_MD_FENCE: Final = re.compile(r"[ \t]{0,3}(```|~~~)")
_MD_RULE: Final = re.compile(r"[ \t]{0,3}(?:([-*_])[ \t]*){3,}$|[ \t]{0,3}(?:=+|-+)[ \t]*$")
_MD_REFDEF: Final = re.compile(r"[ \t]{0,3}\[[^\]]+\]:\s*\S+")
_MD_QUOTE: Final = re.compile(r"[ \t]{0,3}(?:>[ \t]?)+")
_MD_HEADING: Final = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_MD_LIST: Final = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_REACH: Final = 1000
"""The longest link text, address, title or inline tag, in characters."""
_MD_IMAGE: Final = re.compile(rf"!\[[^\]]{{0,{_REACH}}}\](?:\([^)]{{0,{_REACH}}}\)|\[[^\]]{{0,{_REACH}}}\])")
_MD_LINK: Final = re.compile(
    rf"\[([^\]]{{0,{_REACH}}})\]"
    rf"(?:\((?:[^()\s]|\([^)]{{0,{_REACH}}}\)){{0,{_REACH}}}(?:\s+\"[^\"]{{0,{_REACH}}}\")?\)|\[[^\]]{{0,{_REACH}}}\])"
)
_MD_AUTOLINK: Final = re.compile(rf"<((?:https?|mailto):[^>\s]{{1,{_REACH}}})>")
_MD_TAG: Final = re.compile(rf"</?[A-Za-z][^>]{{0,{_REACH}}}>|<!--.{{0,{_REACH}}}?-->")
_TABLE_DELIMITER_CHARS: Final = frozenset("|:- \t")
_MD_ESCAPABLE: Final = frozenset("\\`*_{}[]()#+-.!|>~<")


class _Ahead:
    """Where the next closing mark is, found once per stretch of the line: asking again
    from a later point reuses the answer until the point passes it."""

    def __init__(self, source: str, end: int) -> None:
        self.source = source
        self.end = end
        self.found: dict[str, int] = {}

    def near(self, mark: str, pos: int) -> bool:
        """Whether ``mark`` occurs in ``source[pos:end]`` within :data:`_REACH` characters
        (and the few characters a pattern has around them)."""
        at = self.found.get(mark)
        if at is None or 0 <= at < pos:
            at = self.source.find(mark, pos, self.end)
            self.found[mark] = at
        return at >= 0 and at - pos <= _REACH + 16


def _md_inline(source: str, start: int, end: int, view: TextView) -> None:
    ahead = _Ahead(source, end)
    i = start
    while i < end:
        c = source[i]
        if c == "\\" and i + 1 < end and source[i + 1] in _MD_ESCAPABLE:
            view.add(source[i + 1], i + 1, i + 2)
            i += 2
            continue
        if c == "!" and ahead.near("]", i) and (m := _MD_IMAGE.match(source, i, end)):
            i = m.end()
            continue
        if c == "[" and ahead.near("]", i) and (m := _MD_LINK.match(source, i, end)):
            _md_inline(source, m.start(1), m.end(1), view)
            i = m.end()
            continue
        if c == "<" and ahead.near(">", i) and (m := _MD_AUTOLINK.match(source, i, end)):
            view.add_source(source, m.start(1), m.end(1))
            i = m.end()
            continue
        if c == "<" and ahead.near(">", i) and (m := _MD_TAG.match(source, i, end)):
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


def _is_table_delimiter(line: str) -> bool:
    """A table's delimiter row, such as ``| --- | :-: |``."""
    return "|" in line and "-" in line and _TABLE_DELIMITER_CHARS.issuperset(line)


def _is_pipe_row(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= 2 and stripped[0] == "|" and "|" in stripped[1:]


def _table_lines(source: str, lines: list[tuple[int, int, int]]) -> set[int]:
    """The numbers of the lines that belong to a table: a header row with a pipe, a
    delimiter row and the rows with pipes under them (GitHub Flavored Markdown), or
    two or more rows framed by pipes."""
    texts = [source[a:b] for a, b, _ in lines]
    rows: set[int] = set()
    number = 0
    while number < len(texts):
        line = texts[number]
        if "|" in line and number + 1 < len(texts) and _is_table_delimiter(texts[number + 1]):
            stop = number + 2
            while stop < len(texts) and "|" in texts[stop] and texts[stop].strip():
                stop += 1
        elif _is_pipe_row(line) and number + 1 < len(texts) and _is_pipe_row(texts[number + 1]):
            stop = number + 2
            while stop < len(texts) and _is_pipe_row(texts[stop]):
                stop += 1
        else:
            number += 1
            continue
        rows.update(range(number, stop))
        number = stop
    return rows


def _heading_close(source: str, start: int, end: int) -> int:
    """Where a heading's closing run of ``#`` starts (``end`` when it has none)."""
    stop = end
    while stop > start and source[stop - 1] in " \t":
        stop -= 1
    hashes = stop
    while hashes > start and source[hashes - 1] == "#":
        hashes -= 1
    if hashes in (stop, start) or source[hashes - 1] not in " \t":
        return end
    while hashes > start and source[hashes - 1] in " \t":
        hashes -= 1
    return hashes


def _markdown_view(source: str) -> TextView:
    view = TextView()
    lines: list[tuple[int, int, int]] = []
    pos = 0
    for match in LINE_BREAK.finditer(source):
        lines.append((pos, match.start(), match.end()))
        pos = match.end()
    lines.append((pos, len(source), len(source)))
    in_fence = False
    in_front = bool(lines) and source[lines[0][0] : lines[0][1]].strip() == "---"
    tables = _table_lines(source, lines)
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
        if in_fence or number in tables or _MD_RULE.match(line) or _MD_REFDEF.match(line):
            view.add("\n\n", a, a)
            continue
        content = a
        block = False
        for pattern in (_MD_QUOTE, _MD_HEADING, _MD_LIST):
            m = pattern.match(source, content, b)
            if m and m.end() > content:
                content = m.end()
                block = True
        stop = _heading_close(source, content, b) if block else b
        if block:
            view.add("\n\n", a, a)
        _md_inline(source, content, stop, view)
        if brk > b:
            view.add("\n", b, brk)
    return view


def markdown_sentences(source: str) -> tuple[list[Sentence], list[Furniture]]:
    view = _markdown_view(source)
    article = scan_article(view.text())
    return (
        view_sentences(source, view, article.regions),
        view_furniture(source, view, article.furniture),
    )
