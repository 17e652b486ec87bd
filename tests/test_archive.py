"""Tests for :mod:`drift.archive` and ``drift index/find/scan`` (hashing encoder)."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from fakes import HashingEncoder, fake_resources

from drift.archive.scan import COLUMNS, compare_task, scan, sidecar_path
from drift.archive.store import SCHEMA, Archive, containment, lead, minhash, shingles
from drift.cli import cli
from drift.pipeline import Settings

WORDS = [
    "council",
    "harbour",
    "bridge",
    "engineers",
    "supports",
    "repairs",
    "mayor",
    "ferries",
    "trade",
    "winter",
    "vehicles",
    "crossing",
    "river",
    "flood",
    "rescue",
    "families",
    "school",
    "forecast",
    "election",
    "minister",
    "budget",
    "hospital",
    "nurses",
    "strike",
    "airport",
    "runway",
    "pilots",
    "union",
    "factory",
    "workers",
    "wages",
    "court",
    "judge",
    "trial",
    "verdict",
    "police",
    "station",
    "protest",
    "square",
    "students",
    "teachers",
    "museum",
    "painting",
    "festival",
    "music",
    "orchestra",
    "stadium",
    "football",
]


def story(seed: int, n: int = 8) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 16))]
        out.append("The " + " ".join(words) + " said officials on Monday.")
    return out


def write(path: Path, sentences: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    return path


NO_LM = Settings(use_lm=False, fail_on=None)


def fast_scan(directory: str, db: str, out: str, **options: Any) -> list[dict[str, Any]]:
    """A scan with the hashing encoder and no language model, in process or on dask."""
    return scan(
        directory,
        db,
        out,
        settings=NO_LM,
        resources=fake_resources(False),
        make_resources=fake_resources,
        **options,
    )


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    for i in range(8):
        write(tmp_path / "archive" / f"doc{i}.txt", story(i))
    return tmp_path / "archive"


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
        write(archive_dir / "doc0.txt", story(100))
        (archive_dir / "doc1.txt").unlink()
        write(archive_dir / "doc9.txt", story(9))
        s3 = arc.index(str(archive_dir))
        assert (s3.added, s3.updated, s3.unchanged, s3.removed) == (1, 1, 6, 1)
        assert len(arc) == 8


def test_find_ranks_the_source_first(archive_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with Archive(db, encoder=HashingEncoder()) as arc:
        arc.index(str(archive_dir))
        trimmed = write(tmp_path / "copies" / "trim.txt", story(3)[:5])
        found = arc.find(str(trimmed), top=3)
        assert found[0].path.endswith("doc3.txt") and found[0].jaccard > 0.3
        shuffled = story(5)
        reworded = [s.replace("said officials on Monday", "officials told reporters") for s in shuffled[::-1]]
        found = arc.find(str(write(tmp_path / "copies" / "rw.txt", reworded)), top=3)
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
    write(archive_dir / "dup_a.txt", src[6:10] + story(40, 6))
    write(archive_dir / "dup_b.txt", src[:3] + story(41, 10))  # shares the lead, mostly other text
    db = str(tmp_path / "a.db")
    with Archive(db, encoder=HashingEncoder()) as arc:
        write(archive_dir / "doc3.txt", src)
        arc.index(str(archive_dir))
        found = arc.find(str(write(tmp_path / "copies" / "trim.txt", src[:5])), top=3)
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
        assert arc.find(str(write(tmp_path / "c.txt", story(2)[:4])), top=1)[0].path.endswith("doc2.txt")
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
    copy = write(tmp_path / "c.txt", story(2)[:4])
    res = runner.invoke(
        cli, obj=fake_resources, args=["find", str(copy), "--db", db, "--top", "2", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert len(data["candidates"]) == 2 and data["candidates"][0]["path"].endswith("doc2.txt")
    res = runner.invoke(cli, obj=fake_resources, args=["index", str(tmp_path / "missing"), "--db", db])
    assert res.exit_code == 2 and "E091" in res.output


def _copies(tmp_path: Path) -> Path:
    d = tmp_path / "copies"
    write(d / "a_copy.txt", story(1)[:6])
    write(d / "b_copy.txt", story(4)[2:])
    (d / "c_broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    return d


def test_scan_rows_errors_and_resume(archive_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with Archive(db, encoder=HashingEncoder()) as arc:
        arc.index(str(archive_dir))
    copies = _copies(tmp_path)
    out = str(tmp_path / "out" / "results.parquet")
    calls: list[str] = []

    def task(copy: str, *args: Any) -> dict[str, Any]:
        calls.append(Path(copy).name)
        return compare_task(copy, *args)

    rows = fast_scan(
        str(copies),
        db,
        out,
        task=task,
        quiet=True,
    )
    frame = pd.read_parquet(out)
    assert list(frame.columns) == COLUMNS and len(frame) == 3
    by = {Path(r["copy"]).name: r for r in rows}
    assert by["a_copy.txt"]["source"].endswith("doc1.txt") and by["a_copy.txt"]["relation"] == "copy"
    assert by["b_copy.txt"]["source"].endswith("doc4.txt") and by["b_copy.txt"]["error"] is None
    assert "E005" in by["c_broken.txt"]["error"]
    assert not Path(sidecar_path(out)).exists()
    # a rerun does nothing; a changed file is redone
    calls.clear()
    fast_scan(
        str(copies),
        db,
        out,
        task=task,
        quiet=True,
    )
    assert calls == []
    write(copies / "a_copy.txt", story(1)[:5])
    fast_scan(
        str(copies),
        db,
        out,
        task=task,
        quiet=True,
    )
    assert calls == ["a_copy.txt"] and len(pd.read_parquet(out)) == 3


def test_scan_resumes_from_the_sidecar(archive_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with Archive(db, encoder=HashingEncoder()) as arc:
        arc.index(str(archive_dir))
    copies = _copies(tmp_path)
    out = str(tmp_path / "results.parquet")

    def crash_on_b(copy: str, *args: Any) -> dict[str, Any]:
        if copy.endswith("b_copy.txt"):
            raise KeyboardInterrupt
        return compare_task(copy, *args)

    with pytest.raises(KeyboardInterrupt):
        fast_scan(
            str(copies),
            db,
            out,
            task=crash_on_b,
            quiet=True,
        )
    assert not Path(out).exists()
    partial = [json.loads(x) for x in Path(sidecar_path(out)).read_text().splitlines()]
    assert {Path(r["copy"]).name for r in partial} >= {"a_copy.txt"}
    calls: list[str] = []

    def task(copy: str, *args: Any) -> dict[str, Any]:
        calls.append(Path(copy).name)
        return compare_task(copy, *args)

    rows = fast_scan(
        str(copies),
        db,
        out,
        task=task,
        quiet=True,
    )
    assert calls == ["b_copy.txt"] and len(rows) == 3 and len(pd.read_parquet(out)) == 3


def test_scan_on_a_local_dask_cluster(archive_dir: Path, tmp_path: Path) -> None:
    """A real LocalCluster on loopback, 2 workers; threads (processes=False) keep the test fast."""
    db = str(tmp_path / "a.db")
    with Archive(db, encoder=HashingEncoder()) as arc:
        arc.index(str(archive_dir))
    copies = _copies(tmp_path)
    out = str(tmp_path / "dask.parquet")
    rows = fast_scan(
        str(copies),
        db,
        out,
        workers=2,
        processes=False,
        quiet=True,
    )
    assert len(rows) == 3 and len(pd.read_parquet(out)) == 3
    by = {Path(r["copy"]).name: r for r in rows}
    assert by["a_copy.txt"]["source"].endswith("doc1.txt")
    assert by["c_broken.txt"]["error"]


def test_cli_scan(archive_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    assert runner.invoke(cli, obj=fake_resources, args=["index", str(archive_dir), "--db", db]).exit_code == 0
    copies = _copies(tmp_path)
    out = str(tmp_path / "r.parquet")
    res = runner.invoke(cli, obj=fake_resources, args=["scan", str(copies), "--db", db, "-o", out, "--no-lm"])
    assert res.exit_code == 0, res.output
    assert len(pd.read_parquet(out)) == 3
    res = runner.invoke(
        cli,
        obj=fake_resources,
        args=["scan", str(copies), "--db", db, "-o", out, "--workers", "2", "--scheduler", "x"],
    )
    assert res.exit_code == 2 and "E096" in res.output
