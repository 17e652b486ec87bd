"""Word alignment across a paraphrase: each source word with the copy word that plays
its role, or with nothing.

Built from the contextual vectors of the sentence encoder (the SimAlign and BERTScore
idea): a word's vector is the mean of its word pieces' last-layer vectors, computed in
the same forward pass that embeds the sentence. Two words are linked when each is the
other's most similar word (mutual argmax), repeated on the words left over (SimAlign's
"itermax"), so a reordered clause still finds its partner while a word with no
counterpart stays unlinked. A word said on both sides in the same form or lemma is
linked first, whatever the vectors say, and a number only ever links to a number.

Word-piece vectors are injected as a callable, so tests can run on a fake encoder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from drift.align.sides import Side

FloatArray = npt.NDArray[np.float32]
TokenLookup = Callable[[list[str]], Any]
"""Texts → one ``TokenVectors``-like object per text (``offsets`` and ``covering``), or None."""


@dataclass(frozen=True)
class WordLink:
    """One source token linked with one copy token.

    Attributes:
        src: Token index in the source side's ``Doc``.
        cpy: Token index in the copy side's ``Doc``.
        score: Cosine of the two words' contextual vectors.
        lexical: Whether the link rests on the same form or lemma rather than on vectors.
    """

    src: int
    cpy: int
    score: float
    lexical: bool

    def __post_init__(self) -> None:
        if self.src < 0 or self.cpy < 0:
            raise ValueError(f"token indices must be non-negative, got {self.src}, {self.cpy}")
        if not -1.0001 <= self.score <= 1.0001:
            raise ValueError(f"a cosine lies in [-1, 1], got {self.score}")


@dataclass(frozen=True)
class WordAlignment:
    """The links of one aligned pair, one-to-one.

    Attributes:
        links: Every link, in source order.
    """

    links: tuple[WordLink, ...]

    def __post_init__(self) -> None:
        if len({x.src for x in self.links}) != len(self.links) or len({x.cpy for x in self.links}) != len(
            self.links
        ):
            raise ValueError("a word alignment is one-to-one")

    @cached_property
    def _by_src(self) -> dict[int, WordLink]:
        return {x.src: x for x in self.links}

    @cached_property
    def _by_cpy(self) -> dict[int, WordLink]:
        return {x.cpy: x for x in self.links}

    def of_source(self, i: int) -> WordLink | None:
        return self._by_src.get(i)

    def of_copy(self, j: int) -> WordLink | None:
        return self._by_cpy.get(j)


def words_of(side: Side) -> list[Any]:
    """The tokens of a side that are words (punctuation and spaces left out)."""
    return [t for t in side.doc if not (t.is_punct or t.is_space)]


def word_vectors(side: Side, pieces: Sequence[Any], toks: Sequence[Any]) -> FloatArray | None:
    """One unit vector per token: the mean of the word pieces it covers."""
    rows = []
    for t in toks:
        k, local = side.local(t.idx)
        vecs = pieces[k].covering(local, local + len(t.text))
        if len(vecs) == 0:
            return None
        v = np.asarray(vecs, dtype=np.float32).mean(axis=0)
        rows.append(v / (np.linalg.norm(v) or 1.0))
    return np.stack(rows) if rows else None


def _forms(tok: Any) -> set[str]:
    """The written form and the lemma, in lower case: two tokens sharing one are the same word."""
    return {f"={tok.lower_}", *((f"~{tok.lemma_.lower()}",) if tok.lemma_ else ())}


def _shared_frame(a: Any, b: Any, linked: dict[int, int]) -> float:
    """1 when the heads of ``a`` and ``b`` are linked, or a dependent of each; else 0."""
    if a.head.i != a.i and linked.get(a.head.i) == b.head.i and b.head.i != b.i:
        return 1.0
    kids_b = {c.i for c in b.children}
    return float(any(linked.get(c.i) in kids_b for c in a.children))


def align_words(
    source: Side,
    copy: Side,
    tokens: TokenLookup,
    *,
    min_score: float = 0.4,
    structure: float = 0.25,
    rounds: int = 3,
) -> WordAlignment | None:
    """Link the words of two sides; None when the encoder gives no word-piece vectors.

    Args:
        source: The source side.
        copy: The copy side.
        tokens: Word-piece vectors for a list of texts (the encoder's, cached per text).
        min_score: Least score of a link that rests on vectors: the contextual cosine plus
            the structure bonus.
        structure: Added to the score of two words that hang from linked words or have
            linked words hanging from them (they fill the same slot of one frame).
        rounds: Mutual-argmax passes over the words still unlinked.
    """
    src_t, cpy_t = words_of(source), words_of(copy)
    if not src_t or not cpy_t:
        return WordAlignment(())
    src_p = tokens([s.plain for s in source.sentences])
    cpy_p = tokens([s.plain for s in copy.sentences])
    if src_p is None or cpy_p is None:
        return None
    sv, cv = word_vectors(source, src_p, src_t), word_vectors(copy, cpy_p, cpy_t)
    if sv is None or cv is None:
        return None
    sims = sv @ cv.T
    links: list[WordLink] = []
    free_s, free_c = set(range(len(src_t))), set(range(len(cpy_t)))
    # same word on both sides: linked first, the closest occurrences by context
    by_form: dict[str, set[int]] = {}
    for j, b in enumerate(cpy_t):
        for form in _forms(b):
            by_form.setdefault(form, set()).add(j)
    lex = sorted(
        {
            (float(sims[i, j]), i, j)
            for i, a in enumerate(src_t)
            for form in _forms(a)
            for j in by_form.get(form, ())
        },
        key=lambda x: (-x[0], x[1], x[2]),
    )
    for score, i, j in lex:
        if i in free_s and j in free_c:
            links.append(WordLink(src_t[i].i, cpy_t[j].i, round(score, 4), True))
            free_s.discard(i)
            free_c.discard(j)
    # a figure links only to a figure
    src_num = np.array([bool(t.like_num) for t in src_t])
    allowed = src_num[:, None] == np.array([bool(t.like_num) for t in cpy_t])[None, :]
    for _ in range(rounds):
        if not free_s or not free_c:
            break
        rows, cols = sorted(free_s), sorted(free_c)
        linked = {x.src: x.cpy for x in links}
        bonus = np.array(
            [[structure * _shared_frame(src_t[i], cpy_t[j], linked) for j in cols] for i in rows],
            dtype=np.float32,
        )
        sub = np.where(allowed[np.ix_(rows, cols)], sims[np.ix_(rows, cols)] + bonus, -np.inf)
        best_c = sub.argmax(axis=1)
        best_r = sub.argmax(axis=0)
        added = False
        for r, c in enumerate(best_c):
            if best_r[c] != r or not np.isfinite(sub[r, c]) or sub[r, c] < min_score:
                continue
            i, j = rows[r], cols[int(c)]
            links.append(WordLink(src_t[i].i, cpy_t[j].i, round(float(sims[i, j]), 4), False))
            free_s.discard(i)
            free_c.discard(j)
            added = True
        if not added:
            break
    return WordAlignment(tuple(sorted(links, key=lambda x: x.src)))
