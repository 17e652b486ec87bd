"""What the archive stores of a document: its article sentences, a seeded MinHash
of its word 5-grams (datasketch, ``num_perm`` 128) with the number of distinct
5-grams, and the unit mean of its sentence embeddings; and the lead a query is
embedded from."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from drift.errors import DriftError, Errors, UsageError
from drift.ingest import decode_bytes, detect_kind, document_from_bytes, read_bytes
from drift.ingest.furniture import article_regions

NUM_PERM = 128
SEED = 1
SHINGLE = 5
QUERY_WORDS = 120
"""Words of the query's first sentences that go into its vector (0: every sentence). Chosen
on the archive benchmark's 2,000-document MiniLM archive (seed 29): 80 words cost 0.035 of
recall@5 on translated-like copies there, 60 words 0.10."""
INDEX_WORDS = 240
"""Words of a document's lead that ``drift index`` embeds: its stored vector is the mean of
the lead's sentence vectors (the MinHash signature still covers the whole text)."""
SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")

_WORD = re.compile(r"\w+", re.UNICODE)
_SENT = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*\n|\n")

FloatArray = npt.NDArray[np.float32]


def normalise(text: str) -> list[str]:
    """Lower-cased words, accents folded, for shingling."""
    from anyascii import anyascii

    return _WORD.findall(anyascii(text).lower())


def shingles(words: Sequence[str], k: int = SHINGLE) -> set[bytes]:
    """Word ``k``-grams (the whole text when shorter), UTF-8 encoded."""
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def minhash(text: str) -> Any:
    """The seeded MinHash of ``text``'s word 5-grams."""
    return minhash_count(text)[0]


def minhash_count(text: str) -> tuple[Any, int]:
    """The seeded MinHash of ``text``'s word 5-grams and the number of distinct 5-grams."""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    grams = shingles(normalise(text))
    if grams:
        m.update_batch(list(grams))
    return m, len(grams)


def quick_sentences(text: str) -> list[str]:
    """A fast sentence split for index vectors (the full comparison uses drift's own)."""
    return [s.strip() for s in _SENT.split(text) if s and len(_WORD.findall(s)) >= 1]


def article_text(path: str, *, max_bytes: int = 20_000_000) -> tuple[str, list[str], str]:
    """Read a file: ``(sha256, article sentences, article text)``.

    Plain text is split with :func:`quick_sentences` after boilerplate lines are cut;
    HTML and Markdown go through :func:`drift.ingest.documents.read_document`.
    """
    data = read_bytes(path, max_bytes)
    sha = hashlib.sha256(data).hexdigest()
    text = decode_bytes(data, path=path)
    if detect_kind(path, text) == "text":
        sentences = [s for a, b in article_regions(text) for s in quick_sentences(text[a:b])]
    else:
        sentences = [s.plain for s in document_from_bytes(path, data).sentences]
    if not sentences:
        raise DriftError(Errors.E007.format(path=path))
    return sha, sentences, "\n".join(sentences)


def lead(sentences: Sequence[str], words: int = QUERY_WORDS) -> list[str]:
    """The first sentences up to ``words`` words (at least one sentence; all when ``words`` is 0)."""
    if words <= 0:
        return list(sentences)
    out: list[str] = []
    count = 0
    for s in sentences:
        if out and count + len(s.split()) > words:
            break
        out.append(s)
        count += len(s.split())
    return out


def doc_vector(encoder: Any, sentences: Sequence[str]) -> FloatArray:
    """The unit-length mean of the sentence embeddings."""
    vecs = np.asarray(encoder.encode(list(sentences)), dtype=np.float32)
    mean = vecs.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    out: FloatArray = (mean / norm if norm > 0 else mean).astype(np.float32)
    return out


def list_files(directory: str) -> list[str]:
    """Article files under ``directory`` (recursively), sorted, as absolute paths."""
    root = Path(directory)
    if not root.is_dir():
        raise UsageError(Errors.E091.format(path=directory))
    return sorted(
        str(p.resolve())
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
    )
