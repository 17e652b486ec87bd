"""The archive store: a directory of stories indexed in one SQLite file, searched for
the source of a copy.

The index is one SQLite file (stdlib :mod:`sqlite3`, no server). Per document it
stores the path, the SHA-256 of its bytes, a MinHash signature (datasketch,
``num_perm`` 128, seeded, over word 5-grams of the normalised text), the number of
distinct 5-grams and the mean of the sentence embeddings of its lead (the first
:data:`~drift.archive.prepare.INDEX_WORDS` words; unit float32 vector).
Indexing is incremental: unchanged files (same SHA-256) are skipped and files gone
from the directory are removed.

:class:`Archive.find` compares the query with every stored document at once, as
numpy matrices loaded on the first search: the MinHash signatures (the share of
equal slots estimates the 5-gram Jaccard; copies and rewrites share many
5-grams) and the document vectors (a dot product; translated or heavily
paraphrased copies share meaning, not wording). Both are linear in the archive
(about 8 ms per 100,000 documents on one core: the 8-bit first pass over the
signatures and the dot product) and need no index structure; an LSH table would
answer faster beyond a few million documents, but at 64 bands of 2 it took 70 s
and 2.2 GB to build for 100,000 and still misses one rewrite in four at a 5-gram
Jaccard of 0.15. The candidates are scored in :mod:`drift.archive.search`. The
query's vector is the mean over its first sentences only, up to
:data:`~drift.archive.prepare.QUERY_WORDS` words: embedding them is most of a
search's time (about 25 ms of 40 for 120 words on two cores), a story's lead
carries its topic, and the stored vector of its source still matches a lead-only
query closely (shorter budgets cost recall on paraphrased copies; see the
README's archive benchmark).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from drift.archive.prepare import (
    INDEX_WORDS,
    QUERY_WORDS,
    article_text,
    doc_vector,
    lead,
    list_files,
    minhash_count,
)
from drift.archive.search import Candidate, Matrices, rank
from drift.errors import DriftError, EmptyArchiveError, Errors, UsageError
from drift.io import file_sha256
from drift.models.resources import Resources

SCHEMA = "drift-archive/2"
OLD_SCHEMAS = ("drift-archive/1",)
"""Schemas upgraded in place (``/1`` lacked the 5-gram count; such rows score on the Jaccard alone)."""


_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT UNIQUE NOT NULL,
    sha256 TEXT NOT NULL,
    sentences INTEGER NOT NULL,
    minhash BLOB NOT NULL,
    vector BLOB NOT NULL,
    shingles INTEGER
);
"""


@dataclass(frozen=True)
class IndexStats:
    """What one :meth:`Archive.index` run did."""

    added: int
    updated: int
    unchanged: int
    removed: int
    failed: list[tuple[str, str]]


class Archive:
    """An index of documents in one SQLite file.

    Only drift's own databases are touched: a reader (``readonly``, as ``drift find``
    and ``drift scan`` open it) never writes, and a writer (``drift index``) creates
    the file only where none exists and otherwise updates only a file carrying
    drift's schema stamp.

    Args:
        db_path: The database file (created when missing, unless ``readonly``).
        encoder: Sentence encoder for document vectors; taken from ``resources`` when omitted.
        resources: The run's models (their encoder is used); the packaged ones when omitted.
        query_words: How much of a query goes into its vector (see :func:`lead`).
        readonly: Open an existing archive for searching only (SQLite ``mode=ro``).

    Raises:
        UsageError: E056 no such database (``readonly``), E054 not a regular file,
            E055 an existing file that is not a drift archive (writer), E093 the same
            (reader), E092 SQLite cannot open it.
    """

    def __init__(
        self,
        db_path: str,
        *,
        encoder: Any | None = None,
        resources: Any | None = None,
        query_words: int = QUERY_WORDS,
        index_words: int = INDEX_WORDS,
        readonly: bool = False,
    ) -> None:
        self.db_path = db_path
        self._encoder = encoder
        self._resources = resources
        self.query_words = query_words
        self.index_words = index_words
        self.readonly = readonly
        self._shingles = True
        try:
            st: os.stat_result | None = os.stat(db_path)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise UsageError(Errors.E092.format(path=db_path, reason=exc.strerror or exc)) from None
        if st is None and readonly:
            raise UsageError(Errors.E056.format(path=db_path))
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise UsageError(Errors.E054.format(path=db_path))
        if readonly:
            self.conn = self._open_readonly()
        elif st is None:
            self.conn = self._create()
        else:
            self._open_readonly().close()  # the schema stamp is checked before anything is written
            self.conn = self._open_writable()
        self._matrix: Matrices | None = None

    def _stamp(self, conn: sqlite3.Connection) -> str | None:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row is not None and isinstance(row[0], str) else None

    def _open_readonly(self) -> sqlite3.Connection:
        uri = Path(self.db_path).resolve().as_uri() + "?mode=ro"
        conn = None
        try:
            conn = sqlite3.connect(uri, uri=True)
            conn.execute("PRAGMA query_only=ON")
            schema = self._stamp(conn)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if not self.readonly and Path(self.db_path).is_file():
                raise UsageError(Errors.E055.format(path=self.db_path)) from None
            raise UsageError(Errors.E092.format(path=self.db_path, reason=exc)) from None
        if schema != SCHEMA and schema not in OLD_SCHEMAS:
            conn.close()
            if self.readonly:
                raise UsageError(Errors.E093.format(path=self.db_path, schema=SCHEMA))
            raise UsageError(Errors.E055.format(path=self.db_path))
        self._shingles = schema == SCHEMA
        return conn

    def _create(self) -> sqlite3.Connection:
        try:
            Path(self.db_path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.db_path)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_TABLES)
            with conn:
                conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
        except (OSError, sqlite3.DatabaseError) as exc:
            raise UsageError(Errors.E092.format(path=self.db_path, reason=exc)) from None
        return conn

    def _open_writable(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.db_path)
            conn.execute("PRAGMA journal_mode=WAL")
            if self._stamp(conn) in OLD_SCHEMAS:
                with conn:
                    conn.execute("ALTER TABLE documents ADD COLUMN shingles INTEGER")
                    conn.execute("UPDATE meta SET value=? WHERE key='schema'", (SCHEMA,))
        except sqlite3.DatabaseError as exc:
            raise UsageError(Errors.E092.format(path=self.db_path, reason=exc)) from None
        self._shingles = True
        return conn

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            self._encoder = (self._resources or Resources(use_lm=False)).encoder
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
        if self.readonly:
            raise UsageError(Errors.E092.format(path=self.db_path, reason="opened read-only"))
        files = list_files(directory)
        known = dict(self.conn.execute("SELECT path, sha256 FROM documents").fetchall())
        root = str(Path(directory).resolve())
        present = set(files)
        gone = [p for p in known if (p == root or p.startswith(root + os.sep)) and p not in present]
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
                mh, grams = minhash_count(text)
                sig = mh.hashvalues.astype(np.uint32)
                rows.append((path, sha, n, sig.tobytes(), vec.tobytes(), grams))
            with self.conn:
                self.conn.executemany(
                    "INSERT INTO documents (path, sha256, sentences, minhash, vector, shingles) "
                    "VALUES (?,?,?,?,?,?) "
                    "ON CONFLICT(path) DO UPDATE SET sha256=excluded.sha256, sentences=excluded.sentences, "
                    "minhash=excluded.minhash, vector=excluded.vector, shingles=excluded.shingles",
                    rows,
                )
            pending.clear()

        iterable: Iterable[str] = progress(files) if progress else files
        for path in iterable:
            try:
                data_sha = file_sha256(path)
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
            pending.append((path, sha, lead(sentences, self.index_words), text))
            if len(pending) >= batch:
                flush()
        flush()
        if gone:
            with self.conn:
                self.conn.executemany("DELETE FROM documents WHERE path=?", [(p,) for p in gone])
        if added or updated or gone:
            self._matrix = None
        return IndexStats(added, updated, unchanged, len(gone), failed)

    # -- searching -----------------------------------------------------------------

    def _load(self) -> Matrices:
        """Every stored document as matrices (see :class:`~drift.archive.search.Matrices`)."""
        if self._matrix is None:
            shingles = "shingles" if self._shingles else "NULL"
            rows = self.conn.execute(
                f"SELECT id, path, vector, minhash, {shingles} FROM documents ORDER BY id"
            ).fetchall()
            if not rows:
                raise EmptyArchiveError(Errors.E094.format(path=self.db_path))
            self._matrix = Matrices.build(
                [r[1] for r in rows],
                np.stack([np.frombuffer(r[2], dtype=np.float32) for r in rows]),
                np.stack([np.frombuffer(r[3], dtype=np.uint32) for r in rows]),
                np.array([np.nan if r[4] is None else r[4] for r in rows], dtype=np.float32),
            )
        return self._matrix

    def find_text(self, sentences: Sequence[str], text: str, *, top: int = 5) -> list[Candidate]:
        """Candidate sources for a copy given as sentences and article text, best first."""
        matrices = self._load()
        query, q_count = minhash_count(text)
        q_vec = doc_vector(self.encoder, lead(sentences, self.query_words))
        return rank(matrices, query.hashvalues.astype(np.uint32), q_count, q_vec, top=top)

    def find(self, path: str, *, top: int = 5, exclude_self: bool = True) -> list[Candidate]:
        """Candidate sources for the file at ``path``, best first."""
        _, sentences, text = article_text(path)
        found = self.find_text(sentences, text, top=top + 1)
        if exclude_self:
            me = str(Path(path).resolve())
            found = [c for c in found if c.path != me]
        return found[:top]
