"""Sentence segmentation with exact character offsets.

Each line of a region is segmented on its own with pysbd; a line break followed by a
lowercase word is treated as a soft wrap inside one paragraph. Offsets are computed
here by searching forward in the text, so ``text[start:end]`` is always the sentence.

The work is linear in the length of the text: pysbd's grows with the square of what it
is given, so a line longer than :data:`PYSBD_CHUNK` is fed to it in pieces cut at
sentence ends (else at whitespace), and no sentence is longer than
:data:`MAX_SENTENCE` characters (a longer stretch, such as text without full stops, is
cut at its last whitespace before the limit).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from drift.ingest.furniture import LINE_BREAK
from drift.values import Sentence

MAX_SENTENCE: Final = 1500
"""The longest sentence, in characters; news sentences are far shorter."""
PYSBD_CHUNK: Final = 3000
"""The most characters pysbd is given at once."""
PYSBD_STOPS: Final = 64
"""The most sentence marks (full stops, question and exclamation marks) pysbd is given
at once: its work per character grows with how many it sees."""

_SEGMENTER: Any = None

_OPEN_QUOTES = "“‘«"
_CLOSE_QUOTES = "”’»"
_CAPS_WORD = r"[A-Z][A-Z0-9'’&.-]*"
_CAPS_HEADING = re.compile(rf"(?:{_CAPS_WORD}[ \t]+){{2,}}{_CAPS_WORD}(?=[ \t]+[A-Z][a-z])")
_HAS_ALNUM = re.compile(r"\w")
_SHORT_FRAGMENT = re.compile(r"[^\W\d_]{1,3}\.?")
_LOWER_START = re.compile(r"""[\s"'“‘(\[]*[a-z]""")
_SENTENCE_END = re.compile(r"""\b(\w+)([.!?…])["'”’»)\]]*\s+(?=["“‘'(\[]*[^\W\d_a-z])""")
_THROUGH_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_PYSBD_MARKS = frozenset(".!?。．！？)")
_STOP_MARK = re.compile("[.!?。．！？]")
_ABBREVIATIONS: frozenset[str] | None = None


def _segmenter() -> Any:
    """Return the shared pysbd segmenter, built on first use."""
    global _SEGMENTER
    if _SEGMENTER is None:
        import pysbd

        _SEGMENTER = pysbd.Segmenter(language="en", clean=False, char_span=False)
    return _SEGMENTER


def _abbreviations() -> frozenset[str]:
    """pysbd's English abbreviations, lower case, without their full stop."""
    global _ABBREVIATIONS
    if _ABBREVIATIONS is None:
        from pysbd.lang.english import English

        _ABBREVIATIONS = frozenset(a.lower() for a in English.Abbreviation.ABBREVIATIONS)
    return _ABBREVIATIONS


def _strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _last_visible(text: str, start: int, end: int) -> str:
    """The last character of ``text[start:end]`` that is not whitespace, or ``""``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end > start else ""


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
            last = _last_visible(text, prev_a, prev_b)
            if last and last not in ".!?:" and _LOWER_START.match(text, a):
                merged[-1] = (prev_a, b)
                continue
        merged.append((a, b))
    return [(a, b) for a, b in merged if b > a]


def _quote_counts(text: str, start: int, end: int) -> tuple[int, int]:
    """Opening minus closing curly quotes, and straight double quotes, in ``text[start:end]``."""
    segment = text[start:end]
    opened = sum(segment.count(c) for c in _OPEN_QUOTES if c != "‘")
    closed = sum(segment.count(c) for c in _CLOSE_QUOTES if c != "’")
    return opened - closed, segment.count('"')


def _merge_segments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo splits inside a quotation that closes later in the paragraph, before a
    lowercase continuation, or before a tiny fragment such as ``ET.``; no merged
    sentence grows past :data:`MAX_SENTENCE` characters."""
    steps = [_quote_counts(text, spans[k - 1][1], spans[k][1]) for k in range(1, len(spans))]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        a, b = spans[i]
        continues = _LOWER_START.match(text, a, b) or _SHORT_FRAGMENT.fullmatch(text, a, b)
        if out and continues and b - out[-1][0] <= MAX_SENTENCE:
            a = out.pop()[0]
        j = i
        curly, straight = _quote_counts(text, a, b)
        if curly + straight % 2 > 0:
            for k in range(i + 1, len(spans)):
                if spans[k][1] - a > MAX_SENTENCE:
                    break
                curly, straight = curly + steps[k - 1][0], straight + steps[k - 1][1]
                if curly + straight % 2 <= 0:
                    j = k
                    break
        out.append((a, spans[j][1]))
        i = j + 1
    return out


def _split_caps_heading(text: str, start: int, end: int) -> list[tuple[int, int]]:
    match = _CAPS_HEADING.match(text, start, min(end, start + MAX_SENTENCE))
    if match is None or sum(c.isalpha() for c in match.group()) < 8:
        return [(start, end)]
    return [(start, match.end()), (match.end(), end)]


def _sentence_end(text: str, start: int, end: int) -> int | None:
    """Where the last sentence of ``text[start:end]`` that looks finished ends (after the
    whitespace behind its full stop); ``None`` when none does. A full stop after an
    initial or one of pysbd's abbreviations does not end a sentence."""
    found = None
    for match in _SENTENCE_END.finditer(text, start, end):
        word = match.group(1)
        if match.group(2) == "." and (len(word) == 1 or word.lower() in _abbreviations()):
            continue
        found = match.end()
    return found


def _cut(text: str, start: int, end: int, limit: int, *, stops: int | None = None) -> int:
    """Where to end a piece of ``text[start:end]``: within ``limit`` characters (and
    ``stops`` sentence marks when given), after the last finished sentence in the
    second half of that window, else after its last whitespace, else at its end."""
    stop = min(end, start + limit)
    if stops is not None:
        for count, mark in enumerate(_STOP_MARK.finditer(text, start, stop), 1):
            if count == stops:
                stop = mark.end()
                break
    if stop == end:
        return end
    cut = _sentence_end(text, start + (stop - start) // 2, stop)
    if cut is not None:
        return cut
    space = _THROUGH_LAST_SPACE.match(text, start + 1, stop)
    return space.end() if space is not None else stop


def _pieces(
    text: str, start: int, end: int, limit: int, *, stops: int | None = None
) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into consecutive pieces (see :func:`_cut`)."""
    out = []
    while start < end:
        cut = _cut(text, start, end, limit, stops=stops)
        out.append((start, cut))
        start = cut
    return out


def _pysbd_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """pysbd's sentences in ``text[start:end]``, as ranges of ``text``.

    A piece with none of the marks pysbd splits at (a full stop, a question or
    exclamation mark, the bracket of a list item such as ``a)``) is one span: pysbd
    would not split it, and skipping it keeps runs of such pieces cheap.
    """
    chunk = text[start:end]
    if _PYSBD_MARKS.isdisjoint(chunk):
        return [(start, end)]
    flat = LINE_BREAK.sub(lambda m: " " * len(m.group()), chunk)
    # Segmenter.segment() would also locate each sentence with a regex search from
    # the start of the text (quadratic); the forward search below gives the offsets.
    spans: list[tuple[int, int]] = []
    pos = 0
    for seg in _segmenter().processor(flat).process() or []:
        piece = seg.strip()
        if not piece:
            continue
        found = flat.find(piece, pos)
        if found < 0:
            continue
        spans.append((start + found, start + found + len(piece)))
        pos = found + len(piece)
    return spans or [(start, end)]


def _segment_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for a, b in _pieces(text, start, end, PYSBD_CHUNK, stops=PYSBD_STOPS):
        spans.extend(_pysbd_spans(text, a, b))
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
        whitespace, each holding at least one letter or digit and at most
        :data:`MAX_SENTENCE` characters.
    """
    stop = len(text) if end is None else end
    ranges: list[tuple[int, int]] = []
    for line_a, line_b in _lines(text, start, stop):
        a, b = _strip_range(text, line_a, line_b)
        if a >= b or not _HAS_ALNUM.search(text, a, b):
            continue
        for part_a, part_b in _split_caps_heading(text, a, b):
            for seg_a, seg_b in _segment_line(text, part_a, part_b):
                for cut_a, cut_b in _pieces(text, seg_a, seg_b, MAX_SENTENCE):
                    s, e = _strip_range(text, cut_a, cut_b)
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
