"""Test fakes: a fast deterministic encoder and a resources factory that uses it.

The benchmark of the archive also uses :class:`HashingEncoder` as a lexical
baseline at 100,000 documents (``bench/archive.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from drift.models.resources import Resources

FloatArray = npt.NDArray[np.float32]


class HashingEncoder:
    """A fast deterministic stand-in for tests: hashed word and character n-grams.

    Texts that share words get similar vectors, which is enough to exercise
    alignment without loading a neural model.
    """

    name = "hashing-256"

    def __init__(self, *, dim: int = 256) -> None:
        self.dim = dim
        self._word_cache: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]] = {}

    def _word(self, word: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Buckets and signs of one word's features (the word and its character trigrams), cached."""
        hit = self._word_cache.get(word)
        if hit is None:
            padded = f"#{word}#"
            grams = [f"w:{word}"] + [f"c:{padded[i : i + 3]}" for i in range(max(1, len(padded) - 2))]
            hashes = [
                int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") for g in grams
            ]
            hit = (
                np.array([h % self.dim for h in hashes], dtype=np.int64),
                np.array([1.0 if (h >> 63) & 1 else -1.0 for h in hashes], dtype=np.float32),
            )
            if len(self._word_cache) < 500_000:
                self._word_cache[word] = hit
        return hit

    def encode(self, texts: Sequence[str]) -> FloatArray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = "".join(c.lower() if c.isalnum() else " " for c in text).split()
            if words:
                parts = [self._word(w) for w in words]
                np.add.at(
                    out[row], np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
                )
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
        return out


def fake_resources(use_lm: bool) -> Resources:
    """Real spaCy and GloVe, the hashing encoder, the language model only when asked for."""
    return Resources(encoder=HashingEncoder(), use_lm=use_lm)
