"""Tests for the archive store and ``drift index/find`` (hashing encoder); the scan is in
``tests/test_scan.py``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from corpus import story, write_story
from fakes import HashingEncoder, fake_resources

from drift.archive.prepare import NUM_PERM, lead, minhash, shingles
from drift.archive.search import Matrices, containment, rank
from drift.archive.store import SCHEMA, Archive
from drift.cli import cli


def test_shingles_and_minhash() -> None:
    assert len(shingles(["a", "b", "c", "d", "e", "f"])) == 2
    assert minhash("one two three four five six").jaccard(minhash("one two three four five six")) == 1.0


def test_index_is_incremental(archive_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with Archive(db, encoder=HashingEncoder()) as arc:
        s1 = arc.index(str(archive_dir))
        assert (s1.added, s1.unchanged, s1.removed) == (8, 0, 0) and len(arc) == 8
        s2 = arc.index(str(archive_dir))
        assert (s2.added, s2.updated, s2.unchanged) == (0, 0, 8)
        write_story(archive_dir / "doc0.txt", story(100))
        (archive_dir / "doc1.txt").unlink()
        write_story(archive_dir / "doc9.txt", story(9))
        s3 = arc.index(str(archive_dir))
        assert (s3.added, s3.updated, s3.unchanged, s3.removed) == (1, 1, 6, 1)
        assert len(arc) == 8


def test_find_ranks_the_source_first(archive_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with Archive(db, encoder=HashingEncoder()) as arc:
        arc.index(str(archive_dir))
        trimmed = write_story(tmp_path / "copies" / "trim.txt", story(3)[:5])
        found = arc.find(str(trimmed), top=3)
        assert found[0].path.endswith("doc3.txt") and found[0].jaccard > 0.3
        shuffled = story(5)
        reworded = [s.replace("said officials on Monday", "officials told reporters") for s in shuffled[::-1]]
        found = arc.find(str(write_story(tmp_path / "copies" / "rw.txt", reworded)), top=3)
        assert found[0].path.endswith("doc5.txt")
        assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_lead_and_containment() -> None:
    sents = ["one two three four", "five six seven", "eight nine", "ten"]
    assert lead(sents, 7) == sents[:2] and lead(sents, 0) == sents and lead(sents, 2) == sents[:1]
    # a query of 10 5-grams wholly inside a document of 30: J = 1/3, containment 1
    assert containment(1 / 3, 10, 30) == pytest.approx(1.0)
    assert containment(0.2, 10, None) == 0.2 and containment(0.0, 10, 30) == 0.0


def test_find_prefers_the_source_over_near_duplicates(archive_dir: Path, tmp_path: Path) -> None:
    """Documents that reuse some of the source's sentences must not outrank it for a trimmed copy."""
    src = story(3, 12)
    write_story(archive_dir / "dup_a.txt", src[6:10] + story(40, 6))
    write_story(archive_dir / "dup_b.txt", src[:3] + story(41, 10))  # shares the lead, mostly other text
    db = str(tmp_path / "a.db")
    with Archive(db, encoder=HashingEncoder()) as arc:
        write_story(archive_dir / "doc3.txt", src)
        arc.index(str(archive_dir))
        found = arc.find(str(write_story(tmp_path / "copies" / "trim.txt", src[:5])), top=3)
        assert found[0].path.endswith("doc3.txt")
        assert found[1].path.endswith("dup_b.txt") and found[0].score > found[1].score


def test_old_schema_is_upgraded_in_place(archive_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents (id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, sha256 TEXT NOT NULL,
            sentences INTEGER NOT NULL, minhash BLOB NOT NULL, vector BLOB NOT NULL);
        INSERT INTO meta VALUES ('schema', 'drift-archive/1');
        """
    )
    conn.close()
    with Archive(db, encoder=HashingEncoder()) as arc:
        arc.index(str(archive_dir))
        assert arc.find(str(write_story(tmp_path / "c.txt", story(2)[:4])), top=1)[0].path.endswith(
            "doc2.txt"
        )
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta").fetchone()[0] == SCHEMA
    assert conn.execute("SELECT COUNT(*) FROM documents WHERE shingles > 0").fetchone()[0] == 8
    conn.close()


def test_cli_index_and_find(archive_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    res = runner.invoke(cli, obj=fake_resources, args=["index", str(archive_dir), "--db", db])
    assert res.exit_code == 0 and "8 added" in res.output
    res = runner.invoke(cli, obj=fake_resources, args=["index", str(archive_dir), "--db", db])
    assert "8 unchanged" in res.output
    copy = write_story(tmp_path / "c.txt", story(2)[:4])
    res = runner.invoke(
        cli, obj=fake_resources, args=["find", str(copy), "--db", db, "--top", "2", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert len(data["candidates"]) == 2 and data["candidates"][0]["path"].endswith("doc2.txt")
    res = runner.invoke(cli, obj=fake_resources, args=["index", str(tmp_path / "missing"), "--db", db])
    assert res.exit_code == 2 and "E091" in res.output


def _matrices(n: int, seed: int = 3) -> tuple[Matrices, np.random.Generator]:
    rng = np.random.default_rng(seed)
    sigs = rng.integers(0, 2**32, size=(n, NUM_PERM), dtype=np.uint32)
    vecs = rng.standard_normal((n, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    counts = np.full(n, 200.0, dtype=np.float32)
    return Matrices.build([f"/a/doc{i:04d}" for i in range(n)], vecs, sigs, counts), rng


def test_the_eight_bit_first_pass_keeps_the_exact_scores() -> None:
    m, rng = _matrices(3000)
    query = rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint32)
    query[:51] = m.sigs[7, :51]  # 40 % of slots shared with doc 7, 20 % with doc 9
    query[51:77] = m.sigs[9, 51:77]
    qvec = np.zeros(384, dtype=np.float32)
    qvec[0] = 1.0
    found = rank(m, query, 200, qvec, top=5)
    assert [c.path for c in found[:2]] == ["/a/doc0007", "/a/doc0009"]
    assert found[0].jaccard == pytest.approx(51 / NUM_PERM)  # the full 32-bit slots, not the 8-bit estimate
    assert found[1].jaccard == pytest.approx(26 / NUM_PERM)
    # unrelated documents match on about one 8-bit slot in 256 by chance, which the first pass subtracts
    share = np.count_nonzero(m.low == (query & 0xFF).astype(np.uint8)[:, None], axis=0)[100:] / NUM_PERM
    assert 0.002 < float(share.mean()) < 0.006


def test_matrices_of_different_lengths_are_refused() -> None:
    m, _ = _matrices(10)
    with pytest.raises(ValueError):
        Matrices(m.paths[:9], m.vecs, m.sigs, m.low, m.counts)


def test_the_background_median_is_numpys() -> None:
    from drift.archive.search import _median

    rng = np.random.default_rng(5)
    for n in (20, 21, 1000, 1001):
        values = rng.standard_normal(n).astype(np.float32)
        assert _median(values) == pytest.approx(float(np.median(values)), abs=1e-7)


def test_a_small_but_real_overlap_outranks_a_document_that_only_reads_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rewritten copy shares a fifth of its source's 5-grams (far above chance) while an
    unrelated story on the same subject only has a close vector: the source must rank first."""
    import drift.archive.search as search

    m, rng = _matrices(3000)
    query = rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint32)
    query[:26] = m.sigs[7, :26]  # Jaccard about 0.2 with the source, doc 7
    query[26:39] = m.sigs[9, 26:39]  # about 0.1 with a document that reuses less of it
    qvec = rng.standard_normal(384).astype(np.float32)
    qvec /= np.linalg.norm(qvec)
    alike = 0.6 * qvec + 0.8 * m.vecs[11]  # cosine about 0.6 with the query, no shared 5-gram
    m.vecs[11] = alike / np.linalg.norm(alike)
    found = [c.path for c in rank(m, query, 200, qvec, top=3)]
    assert found[0] == "/a/doc0007" and set(found) == {"/a/doc0007", "/a/doc0009", "/a/doc0011"}
    monkeypatch.setattr(search, "LEXICAL_GAMMA", 1.0)  # the raw lexical score: the look-alike wins
    assert rank(m, query, 200, qvec, top=1)[0].path == "/a/doc0011"
