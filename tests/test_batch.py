"""``drift batch``: known (source, copy) pairs from a manifest into one QA folder."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus import story, write_story

from drift.archive.batch import failing, run_batch
from drift.archive.scan import ReportSink, empty_row, report_name
from drift.cli import cli
from drift.errors import InputError
from drift.ingest.manifest import read_manifest
from drift.pipeline import Checker
from drift.report.html_report import render_html
from drift.report.scan_index import REPORTS, write_scan_site


def _files(root: Path) -> None:
    write_story(root / "wire" / "one.txt", story(1))
    write_story(root / "copies" / "one_copy.txt", story(1)[:6])
    write_story(root / "copies" / "two_copy.txt", story(2)[1:])
    write_story(root / "wire" / "two.txt", story(2))


def test_csv_manifest_any_case_extra_columns_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    manifest = tmp_path / "m" / "pairs.csv"
    manifest.write_text(
        "# tonight's pairs\nDesk,Copy,Source\nworld,../copies/a.txt,/abs/wire.txt\n\nworld,,x.txt\n",
        encoding="utf-8",
    )
    pairs = read_manifest(str(manifest))
    assert [(p.line, p.error is None) for p in pairs] == [(3, True), (5, False)]
    assert pairs[0].copy == str(tmp_path / "copies" / "a.txt") and pairs[0].source == "/abs/wire.txt"
    assert "line 5" in (pairs[1].error or "")


def test_jsonl_manifest_with_a_bad_line(tmp_path: Path) -> None:
    manifest = tmp_path / "pairs.jsonl"
    manifest.write_text(
        '{"source": "w.txt", "copy": "c.txt"}\n{"source": "w.txt"\n{"source": 3, "copy": "c.txt"}\n',
        encoding="utf-8",
    )
    pairs = read_manifest(str(manifest))
    assert pairs[0].error is None and pairs[0].copy == str(tmp_path / "c.txt")
    assert "bad JSON" in (pairs[1].error or "") and "string 'source'" in (pairs[2].error or "")


@pytest.mark.parametrize(
    ("text", "code"),
    [("name,phone\nAna,555\n", "E099"), ("# nothing\n\n", "E101"), ("source,copy\n", "E101")],
)
def test_unusable_manifests_are_coded_errors(tmp_path: Path, text: str, code: str) -> None:
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        read_manifest(str(manifest))


def test_batch_rows_reports_and_the_index(tmp_path: Path, fast_checker: Checker) -> None:
    _files(tmp_path)
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(
        "source,copy\nwire/one.txt,copies/one_copy.txt\nwire/two.txt,copies/two_copy.txt\n"
        "wire/one.txt,copies/missing.txt\n",
        encoding="utf-8",
    )
    site = tmp_path / "qa"
    sink = ReportSink(str(site / REPORTS), render_html)
    rows = run_batch(
        read_manifest(str(manifest)),
        settings=fast_checker.settings,
        resources=fast_checker.resources,
        reports=sink,
        quiet=True,
    )
    assert [Path(r["copy"]).name for r in rows] == ["one_copy.txt", "two_copy.txt", "missing.txt"]
    assert rows[0]["relation"] == "copy" and rows[0]["error"] is None
    assert "[E001]" in rows[2]["error"] and rows[2]["source"].endswith("one.txt")
    for row in rows[:2]:
        assert (site / REPORTS / report_name(row["copy"], row["source"])).is_file()
    write_scan_site(rows, str(site))
    table = list(csv.DictReader(io.StringIO((site / "index.csv").read_text(encoding="utf-8"))))
    assert table[0]["worst"] == "error" and all(r["score"] == "" for r in table[1:]), "no archive score"


def test_failing_rows_follow_fail_on_and_strict() -> None:
    clean = {**empty_row("/c/a.txt", None, None), "relation": "copy"}
    major = {**empty_row("/c/b.txt", None, None), "relation": "copy", "major": 1}
    related = {**empty_row("/c/c.txt", None, None), "relation": "related", "critical": 2}
    broken = empty_row("/c/d.txt", None, "[E005] binary")
    rows = [clean, major, related, broken]
    assert failing(rows, "major") == [major, broken]
    assert failing(rows, "critical") == [broken]
    assert failing(rows, "major", strict=True) == [major, related, broken]
    assert failing(rows, None) == [broken]


def test_cli_batch_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,phone\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(bad), "--html-dir", str(tmp_path / "qa")])
    assert result.exit_code == 2 and "[E099]" in result.stderr


@pytest.mark.model
def test_cli_batch_end_to_end(tmp_path: Path) -> None:
    _files(tmp_path)
    manifest = tmp_path / "pairs.jsonl"
    manifest.write_text(
        '{"source": "wire/one.txt", "copy": "copies/one_copy.txt"}\n'
        '{"source": "wire/two.txt", "copy": "copies/two_copy.txt"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "rows.parquet"
    result = CliRunner().invoke(
        cli, ["batch", str(manifest), "--html-dir", str(tmp_path / "qa"), "-o", str(out), "--no-lm", "-q"]
    )
    assert result.exit_code in (0, 1), result.stderr
    assert (tmp_path / "qa" / "index.html").is_file() and out.is_file()
    assert len(list((tmp_path / "qa" / REPORTS).glob("*.html"))) == 2


def test_one_copy_against_two_sources_gets_two_reports(tmp_path: Path, fast_checker: Checker) -> None:
    _files(tmp_path)
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(
        "source,copy\nwire/one.txt,copies/one_copy.txt\nwire/two.txt,copies/one_copy.txt\n", encoding="utf-8"
    )
    site = tmp_path / "qa"
    rows = run_batch(
        read_manifest(str(manifest)),
        settings=fast_checker.settings,
        resources=fast_checker.resources,
        reports=ReportSink(str(site / REPORTS), render_html),
        quiet=True,
    )
    names = {report_name(r["copy"], r["source"]) for r in rows}
    assert len(names) == 2 and all((site / REPORTS / n).is_file() for n in names)
    write_scan_site(rows, str(site))
    table = list(csv.DictReader(io.StringIO((site / "index.csv").read_text(encoding="utf-8"))))
    assert len(table) == 2 and {r["report"] for r in table} == {f"{REPORTS}/{n}" for n in names}
