"""Word alignment across a paraphrase: the linking rules on fake word-piece vectors,
then the real encoder on the seeds' kinds of swap."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from drift.align.sides import Side
from drift.align.words import WordAlignment, WordLink, align_words
from drift.ingest import document_from_text
from drift.models.parser import Parser


@dataclass
class Pieces:
    """One 'word piece' per whitespace word, its vector looked up by the word."""

    offsets: tuple[tuple[int, int], ...]
    vectors: np.ndarray

    def covering(self, start: int, end: int) -> np.ndarray:
        rows = [k for k, (a, b) in enumerate(self.offsets) if a < end and start < b]
        return self.vectors[rows]


def basis(dim: int, k: int) -> np.ndarray:
    v = np.zeros(dim, dtype=np.float32)
    v[k] = 1.0
    return v


class FakeTokens:
    """Every distinct word gets its own axis, except pairs joined with a chosen cosine."""

    def __init__(self, joined: dict[tuple[str, str], float]) -> None:
        self.joined = joined
        self.axes: dict[str, int] = {}
        self.calls = 0

    def vector(self, word: str) -> np.ndarray:
        w = word.strip(".,;:'\"").lower()
        for (a, b), cos in self.joined.items():
            if w == b:
                base = basis(64, self.axes.setdefault(a, len(self.axes)))
                own = basis(64, self.axes.setdefault(b, len(self.axes)))
                return cos * base + float(np.sqrt(1 - cos * cos)) * own
        return basis(64, self.axes.setdefault(w, len(self.axes)))

    def __call__(self, texts: list[str]) -> list[Pieces]:
        self.calls += 1
        out = []
        for text in texts:
            spans, pos = [], 0
            for word in text.split():
                start = text.index(word, pos)
                spans.append((start, start + len(word)))
                pos = start + len(word)
            out.append(Pieces(tuple(spans), np.stack([self.vector(text[a:b]) for a, b in spans])))
        return out


@pytest.fixture(scope="module")
def parse() -> Parser:
    return Parser()


def side(text: str, parse: Parser) -> Side:
    doc = document_from_text("x", text, path="<test>")
    return Side.build(doc, range(len(doc.sentences)), parse)


def links(al: WordAlignment | None, a: Side, b: Side) -> set[tuple[str, str]]:
    assert al is not None
    return {(a.doc[x.src].text, b.doc[x.cpy].text) for x in al.links}


def test_same_words_link_first_and_a_reworded_word_links_by_context(parse: Parser) -> None:
    a = side("The minister praised the plan on Monday.", parse)
    b = side("On Monday the minister applauded the plan.", parse)
    al = align_words(a, b, FakeTokens({("praised", "applauded"): 0.6}))
    got = links(al, a, b)
    assert {("minister", "minister"), ("plan", "plan"), ("Monday", "Monday")} <= got
    assert ("praised", "applauded") in got, "paired by meaning across the moved phrase"
    lexical = {(a.doc[x.src].text, x.lexical) for x in al.links} if al else set()
    assert ("praised", False) in lexical and ("minister", True) in lexical


def test_a_word_without_a_counterpart_stays_unlinked(parse: Parser) -> None:
    a = side("The army left the town.", parse)
    b = side("The army quietly left the town.", parse)
    al = align_words(a, b, FakeTokens({}))
    assert al is not None
    quietly = next(t.i for t in b.doc if t.text == "quietly")
    assert al.of_copy(quietly) is None


def test_a_weak_link_needs_a_shared_frame(parse: Parser) -> None:
    a = side("Rebels took the bridge.", parse)
    b = side("Rebels seized the bridge.", parse)
    weak = {("took", "seized"): 0.2}
    with_frame = links(align_words(a, b, FakeTokens(weak), min_score=0.4, structure=0.25), a, b)
    without = links(align_words(a, b, FakeTokens(weak), min_score=0.4, structure=0.0), a, b)
    assert ("took", "seized") in with_frame, "subject and object linked: the verbs fill one frame"
    assert ("took", "seized") not in without


def test_a_number_links_only_to_a_number(parse: Parser) -> None:
    a = side("Police arrested 12 people.", parse)
    b = side("Police arrested many people.", parse)
    al = align_words(a, b, FakeTokens({("12", "many"): 0.9}))
    assert ("12", "many") not in links(al, a, b)


def test_no_word_piece_vectors_means_no_alignment(parse: Parser) -> None:
    a = side("Rebels took the bridge.", parse)
    assert align_words(a, a, lambda texts: None) is None


def test_alignment_is_one_to_one_and_validated() -> None:
    with pytest.raises(ValueError):
        WordAlignment((WordLink(0, 1, 0.5, False), WordLink(0, 2, 0.5, False)))
    with pytest.raises(ValueError):
        WordLink(0, 1, 1.7, False)
    al = WordAlignment((WordLink(3, 1, 0.5, False),))
    assert al.of_source(3) == al.of_copy(1) and al.of_source(1) is None


def test_real_encoder_links_the_seeds_swaps() -> None:
    from drift.models.resources import Resources

    res = Resources(use_lm=False)
    pairs = [
        (
            "Analysts said the government could hold Homs.",
            "Analysts said the government could detain Homs.",
            ("hold", "detain"),
        ),
        (
            "It was a last call on forces to defect.",
            "It was a final call on the forces to defect.",
            ("last", "final"),
        ),
        (
            "After the talks, the minister resigned.",
            "The minister quit after the talks.",
            ("resigned", "quit"),
        ),
    ]
    for src, cpy, want in pairs:
        a, b = side(src, res.parser), side(cpy, res.parser)
        res.embed([s.plain for s in (*a.sentences, *b.sentences)], tokens=True)
        assert want in links(align_words(a, b, res.token_vectors), a, b), (src, cpy)
