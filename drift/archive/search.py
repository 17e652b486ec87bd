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

The merged score is the higher of the two (the semantic one x 0.9) plus 0.1 x the
lower, so a candidate both signals agree on ranks first.
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


def rank(
    paths: list[str],
    vecs: FloatArray,
    sigs: npt.NDArray[np.uint32],
    counts: FloatArray,
    query_sig: npt.NDArray[np.uint32],
    query_count: int,
    query_vec: FloatArray,
    *,
    top: int,
) -> list[Candidate]:
    """The ``top`` candidate sources, best first (see the module docstring for the score)."""
    jac = np.count_nonzero(sigs == query_sig, axis=1).astype(np.float32) / NUM_PERM
    lexical = 0.8 * containment(jac, query_count, counts) + 0.2 * jac
    cos = vecs @ query_vec
    background = float(np.median(cos)) if len(cos) >= 20 else 0.0
    semantic = np.maximum(0.0, (cos - background) / (1.0 - background)) if background < 1.0 else cos
    k = min(len(paths), max(top * 4, 20))
    if k < len(paths):
        pool = set(np.argpartition(-lexical, k - 1)[:k].tolist())
        pool |= set(np.argpartition(-cos, k - 1)[:k].tolist())
    else:
        pool = set(range(len(paths)))
    out = []
    for i in pool:
        lex, sem = float(lexical[i]), float(semantic[i])
        score = max(lex, sem * 0.9) + 0.1 * min(lex, sem)
        out.append(Candidate(paths[i], min(1.0, score), float(jac[i]), float(cos[i])))
    out.sort(key=lambda c: (-c.score, c.path))
    return out[:top]
