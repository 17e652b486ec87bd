"""Markdown: inline markup stripped into a readable view that maps back to the source."""

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
_MD_HEADING_CLOSE: Final = re.compile(r"[ \t]+#+[ \t]*$")
_MD_LIST: Final = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_MD_IMAGE: Final = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_MD_LINK: Final = re.compile(r"\[([^\]]*)\](?:\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_MD_AUTOLINK: Final = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_TAG: Final = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->")
_MD_ESCAPABLE: Final = frozenset("\\`*_{}[]()#+-.!|>~<")


def _md_inline(source: str, start: int, end: int, view: TextView) -> None:
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


def markdown_sentences(source: str) -> tuple[list[Sentence], list[Furniture]]:
    view = _markdown_view(source)
    article = scan_article(view.text())
    return (
        view_sentences(source, view, article.regions),
        view_furniture(source, view, article.furniture),
    )
