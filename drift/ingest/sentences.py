"""Sentence segmentation with exact character offsets.

Each line of a region is segmented on its own with pysbd; a line break followed by a
lowercase word is treated as a soft wrap inside one paragraph. Offsets are computed
here by searching forward in the text, so ``text[start:end]`` is always the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from drift.ingest.furniture import LINE_BREAK
from drift.values import Sentence

_SEGMENTER: Any = None

_OPEN_QUOTES = "“‘«"
_CLOSE_QUOTES = "”’»"
_CAPS_WORD = r"[A-Z][A-Z0-9'’&.-]*"
_CAPS_HEADING = re.compile(rf"(?:{_CAPS_WORD}[ \t]+){{2,}}{_CAPS_WORD}(?=[ \t]+[A-Z][a-z])")
_HAS_ALNUM = re.compile(r"\w")
_SHORT_FRAGMENT = re.compile(r"[^\W\d_]{1,3}\.?")
_LOWER_START = re.compile(r"""[\s"'“‘(\[]*[a-z]""")


def _segmenter() -> Any:
    """Return the shared pysbd segmenter, built on first use."""
    global _SEGMENTER
    if _SEGMENTER is None:
        import pysbd

        _SEGMENTER = pysbd.Segmenter(language="en", clean=False, char_span=False)
    return _SEGMENTER


def _strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into paragraphs: lines, joining soft-wrapped ones."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for match in LINE_BREAK.finditer(text, start, end):
        pieces.append((pos, match.start()))
        pos = match.end()
    pieces.append((pos, end))
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if not text[a:b].strip():
            merged.append((a, a))
            continue
        if merged and merged[-1][1] > merged[-1][0]:
            prev_a, prev_b = merged[-1]
            prev = text[prev_a:prev_b].rstrip()
            if prev and prev[-1] not in ".!?:" and _LOWER_START.match(text, a):
                merged[-1] = (prev_a, b)
                continue
        merged.append((a, b))
    return [(a, b) for a, b in merged if b > a]


def _quote_balance(segment: str) -> int:
    opened = sum(segment.count(c) for c in _OPEN_QUOTES if c != "‘")
    closed = sum(segment.count(c) for c in _CLOSE_QUOTES if c != "’")
    return opened - closed + (segment.count('"') % 2)


def _merge_segments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo splits inside a quotation that closes later in the paragraph, before a
    lowercase continuation, or before a tiny fragment such as ``ET.``."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        a, b = spans[i]
        seg = text[a:b]
        if out and (_LOWER_START.match(seg) or _SHORT_FRAGMENT.fullmatch(seg)):
            a = out.pop()[0]
        j = i
        if _quote_balance(text[a:b]) > 0:
            for k in range(i + 1, len(spans)):
                if _quote_balance(text[a : spans[k][1]]) <= 0:
                    j = k
                    break
        out.append((a, spans[j][1]))
        i = j + 1
    return out


def _split_caps_heading(text: str, start: int, end: int) -> list[tuple[int, int]]:
    match = _CAPS_HEADING.match(text, start, end)
    if match is None or sum(c.isalpha() for c in match.group()) < 8:
        return [(start, end)]
    return [(start, match.end()), (match.end(), end)]


def _segment_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    line = text[start:end]
    flat = LINE_BREAK.sub(lambda m: " " * len(m.group()), line)
    spans: list[tuple[int, int]] = []
    pos = 0
    for seg in _segmenter().segment(flat):
        piece = seg.strip()
        if not piece:
            continue
        found = flat.find(piece, pos)
        if found < 0:
            continue
        spans.append((start + found, start + found + len(piece)))
        pos = found + len(piece)
    if not spans:
        return [(start, end)]
    spans[0] = (start, spans[0][1])
    spans[-1] = (spans[-1][0], end)
    return _merge_segments(text, spans)


def split_ranges(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence ranges.

    Args:
        text: The full text; offsets refer to it.
        start: Start of the region to split.
        end: End of the region (defaults to the end of ``text``).

    Returns:
        Half-open ``(start, end)`` ranges in reading order, without surrounding
        whitespace, each holding at least one letter or digit.
    """
    stop = len(text) if end is None else end
    ranges: list[tuple[int, int]] = []
    for line_a, line_b in _lines(text, start, stop):
        a, b = _strip_range(text, line_a, line_b)
        if a >= b:
            continue
        for part_a, part_b in _split_caps_heading(text, a, b):
            for seg_a, seg_b in _segment_line(text, part_a, part_b):
                s, e = _strip_range(text, seg_a, seg_b)
                if s < e and _HAS_ALNUM.search(text, s, e):
                    ranges.append((s, e))
    return ranges


def split_sentences(text: str, regions: Sequence[tuple[int, int]] | None = None) -> list[Sentence]:
    """Split text into indexed sentences.

    Args:
        text: The text the offsets point into.
        regions: Article regions ``(start, end)`` to split; each line inside a region
            is segmented on its own. Defaults to the whole text.

    Returns:
        Sentences indexed ``0..n-1`` with ``text[s.start:s.end] == s.text``.
    """
    spans = [(0, len(text))] if regions is None else regions
    out: list[Sentence] = []
    for region_a, region_b in spans:
        for a, b in split_ranges(text, region_a, region_b):
            out.append(Sentence(index=len(out), start=a, end=b, text=text[a:b]))
    return out
