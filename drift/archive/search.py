"""Ranking archived documents as sources of a copy, all at once as numpy matrices.

The best candidates of each
signal are scored, each in [0, 1]:

* lexical: how much of the copy the document contains (the 5-gram containment,
  estimated from the MinHash Jaccard and the two 5-gram counts), weighted 0.8, plus
  0.2 x the Jaccard, so that of two documents that both contain a trimmed copy the
  one with less extra material ranks first;
* semantic: the cosine of the document vectors measured against the query's
  background, ``(cos - median) / (1 - median)`` with the median over the whole
  archive, because mean sentence vectors of unrelated documents are far from
  orthogonal (a median near 0.73 with the hashing encoder, 0.3-0.45 with MiniLM
  on the benchmark archive) and a raw cosine would swamp the lexical evidence.

The merged score is the higher of the two (the semantic one x 0.9, the lexical one
raised to :data:`LEXICAL_GAMMA`) plus 0.1 x the lower, so a candidate both signals agree
on ranks first.

The first pass over the whole archive compares only the low 8 bits of each MinHash
slot (b-bit minwise hashing, Li and König 2010: a slot then also matches by chance
with probability 1/256, which the estimate subtracts), held slot-major so that each
slot is one contiguous row: a quarter of the memory traffic of the full 32-bit
slots and a sixth of the time at 100,000 documents. The candidates it and the
cosine pass keep are then scored on their full signatures, so the reported Jaccard
and scores are exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from drift.archive.prepare import NUM_PERM

FloatArray = npt.NDArray[np.float32]


def containment(jaccard: Any, query: int, doc: Any) -> Any:
    """Share of the query's 5-grams found in each document, from the MinHash Jaccard and
    the 5-gram counts: ``|Q & D| = J (|Q| + |D|) / (1 + J)``.

    Works on a number or on arrays of documents; where a document's count is unknown
    (``None`` or NaN, a ``drift-archive/1`` row) or the Jaccard is 0, the Jaccard itself
    is returned.
    """
    jac = np.asarray(jaccard)
    counts = np.asarray(np.nan if doc is None else doc, dtype=jac.dtype if jac.dtype.kind == "f" else float)
    with np.errstate(invalid="ignore", divide="ignore"):
        cont = np.minimum(1.0, jac * (query + counts) / ((1.0 + jac) * max(query, 1)))
    cont = np.where(np.isnan(cont) | (jac <= 0), jac, cont)
    return float(cont) if cont.ndim == 0 else cont


@dataclass(frozen=True)
class Candidate:
    """A candidate source for a copy.

    Attributes:
        path: The archived document's path.
        score: Merged score in [0, 1] (the higher of the two signals, with a bonus when both agree).
        jaccard: MinHash estimate of the 5-gram Jaccard similarity.
        cosine: Cosine of the document vectors.
    """

    path: str
    score: float
    jaccard: float
    cosine: float

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "score": round(self.score, 4),
            "jaccard": round(self.jaccard, 4),
            "cosine": round(self.cosine, 4),
        }


B_BITS = 8
_CHANCE = 1.0 / (1 << B_BITS)


@dataclass(frozen=True)
class Matrices:
    """Every stored document as matrices, built once per archive for its searches.

    Attributes:
        paths: The documents' paths, in row order.
        vecs: Unit document vectors, one row each.
        sigs: Full MinHash signatures (``NUM_PERM`` uint32 slots per row).
        low: The low :data:`B_BITS` bits of each slot, slot-major (``NUM_PERM`` rows of
            one byte per document), for the first pass.
        counts: Distinct 5-grams per document (NaN where unknown).
    """

    paths: list[str]
    vecs: FloatArray
    sigs: npt.NDArray[np.uint32]
    low: npt.NDArray[np.uint8]
    counts: FloatArray

    def __post_init__(self) -> None:
        n = len(self.paths)
        if not (len(self.vecs) == len(self.sigs) == self.low.shape[1] == len(self.counts) == n):
            raise ValueError("archive matrices of different lengths")

    @classmethod
    def build(
        cls, paths: list[str], vecs: FloatArray, sigs: npt.NDArray[np.uint32], counts: FloatArray
    ) -> Matrices:
        low = np.ascontiguousarray((sigs & ((1 << B_BITS) - 1)).astype(np.uint8).T)
        return cls(paths, vecs, sigs, low, counts)


LEXICAL_GAMMA = 0.35
"""The lexical score enters the merge raised to this power. A 5-gram overlap is almost
never chance (unrelated documents share next to none), so a Jaccard of 0.2 is strong
evidence although it is a small number, while a semantic score of 0.6 is what many
unrelated documents on the same subject reach; the power keeps the lexical order and
lets a rewritten copy's true source outrank them. Chosen on a development archive
(100,000 documents, seed 37) from 1, 0.7, 0.5, 0.35, 0.25, 0.15: rewritten recall@5
0.972, 0.996, 1.000, 1.000, 1.000, 1.000 and translated-like 0.948, 0.960, 0.964,
0.972, 0.964, 0.968; at 0.15 trimmed copies' recall@1 fell to 0.992."""


def _lexical(jac: Any, query_count: int, counts: Any) -> Any:
    return 0.8 * containment(jac, query_count, counts) + 0.2 * jac


def _median(values: FloatArray) -> float:
    """The median, as :func:`numpy.median` gives it, by partial sort only (a tenth of its time)."""
    half = len(values) // 2
    if len(values) % 2:
        return float(np.partition(values, half)[half])
    part = np.partition(values, [half - 1, half])
    return float(np.mean(part[half - 1 : half + 1]))


def rank(
    m: Matrices,
    query_sig: npt.NDArray[np.uint32],
    query_count: int,
    query_vec: FloatArray,
    *,
    top: int,
) -> list[Candidate]:
    """The ``top`` candidate sources, best first (see the module docstring for the score)."""
    n = len(m.paths)
    k = min(n, max(top * 4, 20))
    q_low = (query_sig & ((1 << B_BITS) - 1)).astype(np.uint8)
    share = (m.low == q_low[:, None]).sum(axis=0, dtype=np.uint8).astype(np.float32) / NUM_PERM
    rough = np.clip((share - _CHANCE) / (1.0 - _CHANCE), 0.0, 1.0)
    # einsum, not BLAS: OpenBLAS's threads spin after a call and halve the speed of the next embedding
    cos = np.einsum("ij,j->i", m.vecs, query_vec)
    background = _median(cos) if n >= 20 else 0.0
    if k < n:
        pool = set(np.argpartition(-_lexical(rough, query_count, m.counts), k - 1)[:k].tolist())
        pool |= set(np.argpartition(-cos, k - 1)[:k].tolist())
    else:
        pool = set(range(n))
    rows = np.array(sorted(pool), dtype=np.int64)
    jac = np.count_nonzero(m.sigs[rows] == query_sig, axis=1).astype(np.float32) / NUM_PERM
    lexical = _lexical(jac, query_count, m.counts[rows])
    out = []
    for j, i in enumerate(rows.tolist()):
        c = float(cos[i])
        sem = (max(0.0, (c - background) / (1.0 - background))) if background < 1.0 else c
        lex = float(lexical[j]) ** LEXICAL_GAMMA
        score = max(lex, sem * 0.9) + 0.1 * min(lex, sem)
        out.append(Candidate(m.paths[i], min(1.0, score), float(jac[j]), c))
    out.sort(key=lambda c: (-c.score, c.path))
    return out[:top]
