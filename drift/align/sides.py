"""One side of an aligned pair: its sentences as one parsed text with word units.

Detectors read sides; every offset they produce is mapped back to the document
through :meth:`Side.span`, so findings always point into the decoded input.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from drift.text.normalize import split_units
from drift.values import Document, Sentence, Span


@dataclass(frozen=True)
class Unit:
    """A word (or hyphen-separated part of one) as the diff sees it."""

    start: int
    end: int
    norm: str
    tok: int


@dataclass
class Side:
    """Sentences of one document joined with single spaces and parsed once.

    Attributes:
        document: The document the sentences belong to.
        sentences: The sentences, in document order.
        text: The joined plain text that detectors read.
        doc: The spaCy ``Doc`` of ``text``.
        units: Word units (punctuation left out) for diffing.
    """

    document: Document
    sentences: tuple[Sentence, ...]
    text: str
    doc: Any
    units: list[Unit] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, document: Document, indices: Sequence[int], parse: Any) -> Side:
        sents = tuple(document.sentences[i] for i in indices)
        starts: list[int] = []
        pos = 0
        for s in sents:
            starts.append(pos)
            pos += len(s.plain) + 1
        text = " ".join(s.plain for s in sents)
        doc = parse(text)
        units: list[Unit] = []
        for tok in doc:
            if tok.is_punct or tok.is_space:
                continue
            for a, b, n in split_units(tok.text):
                units.append(Unit(tok.idx + a, tok.idx + b, n, tok.i))
        return cls(document, sents, text, doc, units, starts)

    @property
    def norms(self) -> list[str]:
        return [u.norm for u in self.units]

    def unit_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Side-text range covered by units ``[start, end)``, or None when empty."""
        if end <= start:
            return None
        return self.units[start].start, self.units[end - 1].end

    def span(self, start: int, end: int) -> Span:
        """Map a side-text range to a :class:`Span` of the document."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        a = max(0, bisect.bisect_right(self._starts, start) - 1)
        b = max(0, bisect.bisect_right(self._starts, max(start, end - 1)) - 1)
        sa, sb = self.sentences[a], self.sentences[b]
        la = min(start - self._starts[a], len(sa.plain))
        lb = min(end - self._starts[b], len(sb.plain))
        if a == b:
            ds, de = sa.doc_offsets(la, lb)
        else:
            ds = sa.doc_offsets(la, len(sa.plain))[0]
            de = sb.doc_offsets(0, lb)[1]
        return self.document.span(ds, de)

    def token_span(self, first: int, last: int) -> Span:
        """Span of spaCy tokens ``first..last`` inclusive."""
        t0, t1 = self.doc[first], self.doc[last]
        return self.span(t0.idx, t1.idx + len(t1.text))

    def local(self, offset: int) -> tuple[int, int]:
        """The sentence (index within :attr:`sentences`) holding a side offset, and the
        offset within that sentence's plain text."""
        k = self.sentence_of(offset)
        return k, offset - self._starts[k]

    def sentence_of(self, offset: int) -> int:
        """Index (within :attr:`sentences`) of the sentence holding a side offset."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)
