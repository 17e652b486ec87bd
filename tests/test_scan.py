"""``drift scan``: one row per copy, errors as rows, resumable, in process or on dask."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from corpus import story, write_story
from fakes import HashingEncoder, fake_resources

from drift.archive.scan import COLUMNS, compare_task, scan, sidecar_path
from drift.archive.store import Archive
from drift.cli import cli
from drift.pipeline import Settings

NO_LM = Settings(use_lm=False, fail_on=None)


def recording(calls: list[str]) -> Callable[..., dict[str, Any]]:
    """The scan's compare task, noting the name of each copy it is given."""

    def task(copy: str, *args: Any) -> dict[str, Any]:
        calls.append(Path(copy).name)
        return compare_task(copy, *args)

    return task


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


def _copies(tmp_path: Path) -> Path:
    d = tmp_path / "copies"
    write_story(d / "a_copy.txt", story(1)[:6])
    write_story(d / "b_copy.txt", story(4)[2:])
    (d / "c_broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    return d


def test_scan_rows_errors_and_resume(archive_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with Archive(db, encoder=HashingEncoder()) as arc:
        arc.index(str(archive_dir))
    copies = _copies(tmp_path)
    out = str(tmp_path / "out" / "results.parquet")
    calls: list[str] = []

    task = recording(calls)
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
    write_story(copies / "a_copy.txt", story(1)[:5])
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

    task = recording(calls)
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
