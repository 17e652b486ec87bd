"""The scan's QA page: reports per copy, the index page and its CSV, in and out of a browser."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from corpus import story, write_story
from fakes import HashingEncoder, fake_resources

from drift.archive.scan import ReportSink, compare_task, empty_row, report_name, scan
from drift.archive.store import Archive
from drift.cli import cli
from drift.pipeline import Settings
from drift.report.html_report import render_html
from drift.report.scan_index import REPORTS, render_scan_csv, render_scan_index, write_scan_site

NO_LM = Settings(use_lm=False, fail_on=None)
HOSTILE = '<img src=x onerror="window.__pwned=1">'


def _site_scan(archive_dir: Path, tmp_path: Path, task: Any = compare_task) -> tuple[list[dict], Path]:
    db = str(tmp_path / "a.db")
    with Archive(db, encoder=HashingEncoder()) as arc:
        arc.index(str(archive_dir))
    copies = tmp_path / "copies"
    write_story(copies / "a_copy.txt", story(1)[:6])
    write_story(copies / "b_copy.txt", story(4)[2:])
    (copies / "c_broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    site = tmp_path / "site"
    sink = ReportSink(str(site / REPORTS), render_html)
    rows = scan(
        str(copies),
        db,
        str(tmp_path / "results.parquet"),
        settings=NO_LM,
        resources=fake_resources(False),
        make_resources=fake_resources,
        quiet=True,
        reports=sink,
        task=task,
    )
    write_scan_site(rows, str(site))
    return rows, site


def test_scan_writes_a_report_per_compared_copy_and_an_index(archive_dir: Path, tmp_path: Path) -> None:
    rows, site = _site_scan(archive_dir, tmp_path)
    by = {Path(r["copy"]).name: r for r in rows}
    for name in ("a_copy.txt", "b_copy.txt"):
        report = site / REPORTS / report_name(by[name]["copy"], by[name]["source"])
        assert report.is_file() and '<meta name="generator" content="drift">' in report.read_text("utf-8")
    assert not (
        site / REPORTS / report_name(by["c_broken.txt"]["copy"], by["c_broken.txt"]["source"])
    ).exists(), "an error has no report"
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "unsafe-inline" not in page and "default-src 'none'" in page
    assert page.index("c_broken.txt") < page.index("a_copy.txt"), "errors and the worst copies first"
    table = list(csv.DictReader(io.StringIO((site / "index.csv").read_text(encoding="utf-8"))))
    assert table[0]["worst"] == "error"
    assert {r["report"] for r in table if r["copy"].endswith("a_copy.txt")} == {
        f"{REPORTS}/{report_name(by['a_copy.txt']['copy'], by['a_copy.txt']['source'])}"
    }
    cross = json.loads(by["b_copy.txt"]["by_type_severity"])
    assert sum(n for sev in cross.values() for n in sev.values()) == by["b_copy.txt"]["findings"]


def test_a_missing_report_is_made_again_on_resume(archive_dir: Path, tmp_path: Path) -> None:
    rows, site = _site_scan(archive_dir, tmp_path)
    a = next(r for r in rows if r["copy"].endswith("a_copy.txt"))
    (site / REPORTS / report_name(a["copy"], a["source"])).unlink()
    calls: list[str] = []

    def task(copy: str, *args: Any) -> dict[str, Any]:
        calls.append(Path(copy).name)
        return compare_task(copy, *args)

    _site_scan(archive_dir, tmp_path, task=task)
    assert calls == ["a_copy.txt"]
    assert (site / REPORTS / report_name(a["copy"], a["source"])).is_file()


def test_index_replaces_only_its_own_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    rows = [empty_row("/x/one.txt", "0" * 64, None)]
    write_scan_site(rows, str(site))
    write_scan_site(rows, str(site))  # its own page and CSV: replaced without --force
    (site / "index.csv").write_text("name,phone\nAna,555\n", encoding="utf-8")
    from drift.errors import UsageError

    with pytest.raises(UsageError, match=r"\[E052\]"):
        write_scan_site(rows, str(site))
    write_scan_site(rows, str(site), force=True)
    assert (site / "index.csv").read_text(encoding="utf-8").startswith("worst,copy,")


def test_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    row = empty_row("=HYPERLINK(1).txt", None, "@SUM(A1)")
    text = render_scan_csv([row], str(tmp_path))
    (line,) = list(csv.DictReader(io.StringIO(text)))
    assert line["copy"] == "'=HYPERLINK(1).txt" and line["error"] == "'@SUM(A1)"


def test_html_dir_inside_the_scanned_folder_is_refused(tmp_path: Path) -> None:
    copies = tmp_path / "copies"
    copies.mkdir()
    result = CliRunner().invoke(
        cli,
        [
            *("scan", str(copies), "--db", str(tmp_path / "a.db")),
            *("-o", str(tmp_path / "r.parquet"), "--html-dir", str(copies / "site")),
        ],
    )
    assert result.exit_code == 2 and "[E098]" in result.stderr


# --------------------------------------------------------------------------- in a browser


def _row(
    name: str, relation: str, counts: dict[str, int], types: dict[str, dict[str, int]], **kw: Any
) -> dict:
    row = empty_row(f"/copies/{name}", "ab" * 32, kw.pop("error", None))
    row.update(source=kw.pop("source", "/archive/wire.txt"), relation=relation, score=kw.pop("score", 0.8))
    row.update(counts)
    row["findings"] = sum(counts.values())
    for kind, sev in types.items():
        row[f"type_{kind}"] = sum(sev.values())
    row["by_type_severity"] = json.dumps(types)
    row.update(kw)
    return row


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("qa") / "site"
    rows = [
        _row("clean.txt", "copy", {}, {}),
        _row(
            "names.txt",
            "rewrite",
            {"critical": 1, "minor": 2},
            {"entity": {"critical": 1}, "quote": {"minor": 2}},
        ),
        _row("figures.txt", "copy", {"critical": 2}, {"number": {"critical": 2}}),
        _row("modal.txt", "translation", {"major": 1}, {"modality": {"major": 1}}),
        _row(
            f"{HOSTILE}.txt",
            "related",
            {"minor": 1},
            {"addition": {"minor": 1}},
            metadata=f"metadata: {HOSTILE}",
        ),
        _row("broken.txt", "none", {}, {}, error=f"[E005] binary {HOSTILE}", source=None),
    ]
    (root / REPORTS).mkdir(parents=True)
    for row in rows:
        if row["source"] and not row["error"]:
            title = f"<title>drift: {Path(row['copy']).name}</title>"
            page = f'<!DOCTYPE html><meta name="generator" content="drift">{title}'
            (root / REPORTS / report_name(row["copy"], row["source"])).write_text(page, encoding="utf-8")
    write_scan_site(rows, str(root))
    return root


@pytest.fixture
def page(browser: Any, site: Path) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.goto((site / "index.html").as_uri())
    yield pg
    context.close()


def names(page: Any) -> list[str]:
    rows = page.locator("#copies tbody tr")
    return [
        rows.nth(i).locator("td.copy").inner_text().split("\n")[0]
        for i in range(rows.count())
        if rows.nth(i).is_visible()
    ]


def test_index_renders_worst_first_with_its_chart(page: Any) -> None:
    assert page.title() == "drift scan: 6 copies"
    assert "3 derived copies need a look" in page.locator("header").inner_text()
    assert names(page)[:3] == ["broken.txt", "figures.txt", "names.txt"]
    assert page.locator("svg.chart rect.bar.critical[data-type='number']").count() == 1
    assert page.locator("#shown").inner_text() == "6 of 6 shown"


def test_sorting_by_a_column(page: Any) -> None:
    page.locator("th[data-key='name'] button").click()
    first = names(page)
    assert first == sorted(first, reverse=True)
    page.locator("th[data-key='name'] button").click()
    assert names(page) == sorted(first)
    assert page.locator("th[data-key='name']").get_attribute("aria-sort") == "ascending"


def test_filtering_by_severity_relation_and_type(page: Any) -> None:
    page.locator("input[name='worst'][value='critical']").uncheck()
    assert "figures.txt" not in names(page) and "modal.txt" in names(page)
    page.locator("input[name='relation'][value='translation']").uncheck()
    assert "modal.txt" not in names(page)
    page.locator("input[name='worst'][value='critical']").check()
    page.locator("input[name='type'][value='entity']").check()
    assert names(page) == ["names.txt"]
    assert page.locator("#shown").inner_text() == "1 of 6 shown"


def test_links_resolve_to_the_reports(page: Any, site: Path) -> None:
    links = page.locator("#copies tbody a")
    assert links.count() == 5
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        assert href.startswith(f"{REPORTS}/")
        from urllib.parse import unquote

        assert (site / unquote(href)).is_file()
    page.locator("#copies tbody a", has_text="figures.txt").click()
    assert page.title() == "drift: figures.txt"


def test_hostile_names_and_text_stay_inert(page: Any, site: Path) -> None:
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#copies tbody img").count() == 0
    assert HOSTILE in page.locator("#copies tbody").inner_text()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert HOSTILE not in html, "only escaped"
    assert render_scan_index([], str(site)).count("<tr data-order") == 0
