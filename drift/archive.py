"""Archives: index a directory of stories, find the source of a copy, scan for copies.

The index is one SQLite file (stdlib :mod:`sqlite3`, no server). Per document it
stores the path, the SHA-256 of its bytes, a MinHash signature (datasketch,
``num_perm`` 128, seeded, over word 5-grams of the normalised text) and the mean of
its sentence embeddings (unit float32 vector). Indexing is incremental: unchanged
files (same SHA-256) are skipped and files gone from the directory are removed.

:class:`Archive.find` merges two candidate sources: MinHash LSH (copies and light
rewrites share many 5-grams) and a dot product over the stored document vectors
(translated or heavily paraphrased copies share meaning, not wording).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from drift.errors import DriftError, Errors, UsageError

SCHEMA = "drift-archive/1"
NUM_PERM = 128
SEED = 1
SHINGLE = 5
LSH_THRESHOLD = 0.2
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
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    grams = shingles(normalise(text))
    if grams:
        m.update_batch(list(grams))
    return m


def quick_sentences(text: str) -> list[str]:
    """A fast sentence split for index vectors (the full comparison uses drift's own)."""
    return [s.strip() for s in _SENT.split(text) if s and len(_WORD.findall(s)) >= 1]


def article_text(path: str, *, max_bytes: int = 20_000_000) -> tuple[str, list[str], str]:
    """Read a file: ``(sha256, article sentences, article text)``.

    Plain text is split with :func:`quick_sentences` after boilerplate lines are cut;
    HTML and Markdown go through :func:`drift.documents.read_document`.
    """
    from drift.documents import (
        _read_bytes,
        article_regions,
        decode_bytes,
        detect_kind,
        read_document,
    )

    data = _read_bytes(path, max_bytes)
    sha = hashlib.sha256(data).hexdigest()
    text = decode_bytes(data, path=path)
    if detect_kind(path, text) == "text":
        sentences = [s for a, b in article_regions(text) for s in quick_sentences(text[a:b])]
    else:
        sentences = [s.plain for s in read_document(path, max_bytes=max_bytes).sentences]
    if not sentences:
        raise DriftError(Errors.E007.format(path=path))
    return sha, sentences, "\n".join(sentences)


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


@dataclass(frozen=True)
class IndexStats:
    """What one :meth:`Archive.index` run did."""

    added: int
    updated: int
    unchanged: int
    removed: int
    failed: list[tuple[str, str]]


@dataclass(frozen=True)
class Candidate:
    """A candidate source for a copy.

    Attributes:
        path: The archived document's path.
        score: Merged score in [0, 1] (the higher of the two signals, with a bonus when both agree).
        jaccard: MinHash estimate of the 5-gram Jaccard similarity (0 when LSH did not propose it).
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


class Archive:
    """An index of documents in one SQLite file.

    Args:
        db_path: The database file (created when missing).
        encoder: Sentence encoder for document vectors; the packaged MiniLM when omitted.
    """

    def __init__(self, db_path: str, *, encoder: Any | None = None) -> None:
        self.db_path = db_path
        self._encoder = encoder
        try:
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(db_path)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.executescript(
                """
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS documents (
                    id INTEGER PRIMARY KEY,
                    path TEXT UNIQUE NOT NULL,
                    sha256 TEXT NOT NULL,
                    sentences INTEGER NOT NULL,
                    minhash BLOB NOT NULL,
                    vector BLOB NOT NULL
                );
                """
            )
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise UsageError(Errors.E092.format(path=db_path, reason=exc)) from None
        if row is None:
            with self.conn:
                self.conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
        elif row[0] != SCHEMA:
            raise UsageError(Errors.E093.format(path=db_path, schema=SCHEMA))
        self._lsh: Any | None = None
        self._matrix: tuple[list[int], list[str], FloatArray, npt.NDArray[np.uint32]] | None = None

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            import drift.resources

            self._encoder = drift.resources.default_encoder()  # type: ignore[attr-defined]
        return self._encoder

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    # -- building ------------------------------------------------------------------

    def index(
        self,
        directory: str,
        *,
        progress: Callable[[Iterable[str]], Iterable[str]] | None = None,
        batch: int = 256,
    ) -> IndexStats:
        """Bring the index in line with ``directory``: add new and changed files, drop deleted ones."""
        files = list_files(directory)
        known = dict(self.conn.execute("SELECT path, sha256 FROM documents").fetchall())
        root = str(Path(directory).resolve())
        gone = [p for p in known if (p == root or p.startswith(root + os.sep)) and p not in set(files)]
        added = updated = unchanged = 0
        failed: list[tuple[str, str]] = []
        pending: list[tuple[str, str, list[str], str]] = []

        def flush() -> None:
            if not pending:
                return
            counts = [len(s) for _, _, s, _ in pending]
            flat = [t for _, _, s, _ in pending for t in s]
            vecs = np.asarray(self.encoder.encode(flat), dtype=np.float32)
            rows = []
            pos = 0
            for (path, sha, _, text), n in zip(pending, counts, strict=True):
                mean = vecs[pos : pos + n].mean(axis=0)
                pos += n
                norm = float(np.linalg.norm(mean))
                vec = (mean / norm if norm > 0 else mean).astype(np.float32)
                sig = minhash(text).hashvalues.astype(np.uint32)
                rows.append((path, sha, n, sig.tobytes(), vec.tobytes()))
            with self.conn:
                self.conn.executemany(
                    "INSERT INTO documents (path, sha256, sentences, minhash, vector) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(path) DO UPDATE SET sha256=excluded.sha256, sentences=excluded.sentences, "
                    "minhash=excluded.minhash, vector=excluded.vector",
                    rows,
                )
            pending.clear()

        iterable: Iterable[str] = progress(files) if progress else files
        for path in iterable:
            try:
                data_sha = _file_sha(path)
                if known.get(path) == data_sha:
                    unchanged += 1
                    continue
                sha, sentences, text = article_text(path)
            except (DriftError, OSError) as exc:
                failed.append((path, str(exc)))
                continue
            if path in known:
                updated += 1
            else:
                added += 1
            pending.append((path, sha, sentences, text))
            if len(pending) >= batch:
                flush()
        flush()
        if gone:
            with self.conn:
                self.conn.executemany("DELETE FROM documents WHERE path=?", [(p,) for p in gone])
        self._lsh = None
        self._matrix = None
        return IndexStats(added, updated, unchanged, len(gone), failed)

    # -- searching -----------------------------------------------------------------

    def _load(self) -> tuple[list[int], list[str], FloatArray, npt.NDArray[np.uint32]]:
        if self._matrix is None:
            rows = self.conn.execute("SELECT id, path, vector, minhash FROM documents ORDER BY id").fetchall()
            if not rows:
                raise UsageError(Errors.E094.format(path=self.db_path))
            ids = [r[0] for r in rows]
            paths = [r[1] for r in rows]
            vecs = np.stack([np.frombuffer(r[2], dtype=np.float32) for r in rows])
            sigs = np.stack([np.frombuffer(r[3], dtype=np.uint32) for r in rows])
            self._matrix = (ids, paths, vecs, sigs)
        return self._matrix

    def lsh(self) -> Any:
        """The MinHash LSH over every stored signature, built on first use."""
        if self._lsh is None:
            from datasketch import LeanMinHash, MinHashLSH

            _, _, _, sigs = self._load()
            scheme = minhash("").scheme
            lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
            with lsh.insertion_session() as session:
                for k, sig in enumerate(sigs):
                    session.insert(k, LeanMinHash(seed=SEED, hashvalues=sig.astype(np.uint64), scheme=scheme))
            self._lsh = lsh
        return self._lsh

    def find_text(self, sentences: Sequence[str], text: str, *, top: int = 5) -> list[Candidate]:
        """Candidate sources for a copy given as sentences and article text, best first."""
        from datasketch import LeanMinHash

        _, paths, vecs, sigs = self._load()
        query = minhash(text)
        hits = self.lsh().query(LeanMinHash(query))
        q_sig = query.hashvalues.astype(np.uint32)
        jac: dict[int, float] = {int(k): float(np.mean(sigs[k] == q_sig)) for k in hits}
        q_vec = doc_vector(self.encoder, sentences)
        cos = vecs @ q_vec
        k_sem = min(len(paths), max(top * 4, 20))
        sem = np.argpartition(-cos, k_sem - 1)[:k_sem] if k_sem < len(paths) else np.arange(len(paths))
        pool = set(jac) | {int(k) for k in sem}
        out = []
        for k in pool:
            j = jac.get(k, 0.0)
            c = float(cos[k])
            score = max(j, c * 0.9) + 0.1 * min(j, c)
            out.append(Candidate(paths[k], min(1.0, score), j, c))
        out.sort(key=lambda c: (-c.score, c.path))
        return out[:top]

    def find(self, path: str, *, top: int = 5, exclude_self: bool = True) -> list[Candidate]:
        """Candidate sources for the file at ``path``, best first."""
        _, sentences, text = article_text(path)
        found = self.find_text(sentences, text, top=top + 1)
        if exclude_self:
            me = str(Path(path).resolve())
            found = [c for c in found if c.path != me]
        return found[:top]


def _file_sha(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def iter_chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """Consecutive slices of ``items`` of at most ``size``."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
