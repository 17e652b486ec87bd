"""Output safety (issue 14, the output half): no command overwrites an input, a device,
a symbolic link or a file drift did not write; Markdown and HTML reports are inert for
hostile file names and article text; the archive is written only by ``drift index``
and only when it is drift's own; temporary files are named and cleaned up; every
output gets the mode a plain ``open()`` would give it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import CHANGED_NUMBER, SOURCE, assert_one_line_error, invoke, leftovers
from corpus import story, write_story
from fakes import HashingEncoder
from markdown_it import MarkdownIt

from drift.archive.store import Archive
from drift.io import (
    STALE_AFTER_S,
    TEMP_MARK,
    check_output,
    remove_stale_temps,
    write_atomic,
    written_by_drift,
)
from drift.report.escape import code, csp_hash, markdown, mermaid

root_only = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root")

EVIL = 'evil"] --> d0\n```\n@someone <img src=x onerror=alert(1)> [link](javascript:alert(2)).txt'
"""The reporter's file name: it closes the mermaid fence and then injects Markdown."""

HOSTILE_TEXT = (
    "Officials said on Tuesday that the bridge will reopen in March after repairs "
    "costing 4 million dollars, cc @someone and @org/team, see #123.\n\n"
    "Mayor John Smith praised the engineers <img src=x onerror=alert(1)> "
    "[link](javascript:alert(2)) | split ``` fence.\n\n"
    "Traffic on the river crossing is expected to return to normal by the spring.\n"
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``src.txt`` and ``c3.txt`` (a changed figure) in an empty working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "src.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "c3.txt").write_text(CHANGED_NUMBER, encoding="utf-8")
    return tmp_path


def check(*args: str) -> Result:
    return invoke("check", "src.txt", "c3.txt", "--no-lm", "--fail-on", "none", *args)


def live_mentions(text: str) -> list[str]:
    """``@name`` and ``#123`` as GitHub would link them in rendered text."""
    return re.findall(r"(?<![\w&])[@#][A-Za-z0-9]", text)


def rendered(md: str) -> str:
    """The HTML GitHub-like Markdown gives (CommonMark with tables, raw HTML allowed)."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(md)


# --- 1. an output that is an input --------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["src.txt", "./src.txt", "c3.txt", "link.txt", "hard.txt"],
    ids=["same-name", "dot-slash", "the-copy", "symlink", "hard-link"],
)
@pytest.mark.parametrize("force", [False, True])
def test_check_never_overwrites_an_input(inputs: Path, name: str, force: bool) -> None:
    (inputs / "link.txt").symlink_to("src.txt")
    os.link(inputs / "src.txt", inputs / "hard.txt")
    before = {p: sha(inputs / p) for p in ("src.txt", "c3.txt")}
    result = check("-o", name, *(["--force"] if force else []))
    assert_one_line_error(result, 2, "E051", name)
    assert {p: sha(inputs / p) for p in before} == before
    assert (inputs / "link.txt").is_symlink()
    assert leftovers(inputs) == []


def test_check_refuses_inputs_given_by_option(inputs: Path) -> None:
    baseline = inputs / "b.json"
    assert check("--write-baseline", str(baseline)).exit_code == 0
    before = sha(baseline)
    assert_one_line_error(check("--baseline", "b.json", "-o", "./b.json"), 2, "E051", "b.json")
    result = check("--baseline", "b.json", "--write-baseline", "b.json", "--force")
    assert_one_line_error(result, 2, "E051")
    assert_one_line_error(check("--write-baseline", "src.txt"), 2, "E051")
    assert sha(baseline) == before
    (inputs / "drift.toml").write_text('fail-on = "none"\n', encoding="utf-8")
    assert_one_line_error(check("-o", "drift.toml", "--format", "text", "--force"), 2, "E051", "drift.toml")
    assert (inputs / "drift.toml").read_text() == 'fail-on = "none"\n'


def test_two_outputs_naming_one_file(inputs: Path) -> None:
    assert_one_line_error(check("-o", "r.json", "-o", "./r.json"), 2, "E053")
    (inputs / "out").mkdir()
    (inputs / "alias").symlink_to("out")
    assert_one_line_error(check("-o", "out/r.md", "-o", "alias/r.md"), 2, "E053")
    assert not (inputs / "r.json").exists() and not (inputs / "out" / "r.md").exists()


def test_trace_and_pairs_never_overwrite_an_input(inputs: Path) -> None:
    os.link(inputs / "c3.txt", inputs / "other.txt")
    result = invoke("trace", "src.txt", "c3.txt", "--no-lm", "-o", "other.txt", "--force")
    assert_one_line_error(result, 2, "E051", "other.txt")
    pairs = inputs / "in.jsonl"
    pairs.write_text(json.dumps({"id": 1, "source": SOURCE, "copy": CHANGED_NUMBER}) + "\n")
    before = sha(pairs)
    assert_one_line_error(invoke("pairs", "in.jsonl", "--no-lm", "-o", "./in.jsonl", "--force"), 2, "E051")
    assert sha(pairs) == before and sha(inputs / "c3.txt") == sha(inputs / "other.txt")


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An indexed archive (``a.db`` of ``archive/``) and a directory of two copies."""
    for i in range(4):
        write_story(tmp_path / "archive" / f"doc{i}.txt", story(i))
    db = tmp_path / "a.db"
    assert invoke("index", str(tmp_path / "archive"), "--db", str(db), "-q").exit_code == 0
    copies = tmp_path / "copies"
    write_story(copies / "a_copy.txt", story(1)[:6])
    write_story(copies / "b_copy.txt", story(2)[2:])
    return tmp_path / "archive", db, copies


def test_scan_never_overwrites_its_inputs(archive: tuple[Path, Path, Path]) -> None:
    _, db, copies = archive
    db_sha = sha(db)
    for out in (db, copies / "a_copy.txt"):
        result = invoke("scan", str(copies), "--db", str(db), "-o", str(out), "--no-lm", "--force", "-q")
        assert_one_line_error(result, 2, "E051")
    assert sha(db) == db_sha and (copies / "a_copy.txt").read_text().startswith("The ")


def test_index_never_overwrites_an_input(archive: tuple[Path, Path, Path]) -> None:
    directory, _, _ = archive
    doc = directory / "doc0.txt"
    before = sha(doc)
    assert_one_line_error(invoke("index", str(directory), "--db", str(doc)), 2, "E051", "doc0.txt")
    assert sha(doc) == before


# --- 2. devices, FIFOs, standard output and symbolic links ---------------------------


@root_only
def test_null_device_is_written_through_not_replaced(inputs: Path) -> None:
    null = inputs / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    result = check("-o", str(null), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(null.lstat().st_mode) and null.lstat().st_rdev == os.makedev(1, 3)
    assert leftovers(inputs) == []


@root_only
@pytest.mark.parametrize("command", ["check", "trace", "pairs", "baseline"])
def test_full_device_is_a_clear_error(inputs: Path, command: str) -> None:
    full = inputs / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    if command == "check":
        result = check("-o", str(full), "--format", "markdown")
    elif command == "baseline":
        result = check("--write-baseline", str(full))
    elif command == "trace":
        result = invoke("trace", "src.txt", "c3.txt", "--no-lm", "--format", "json", "-o", str(full))
    else:
        (inputs / "in.jsonl").write_text(json.dumps({"id": 1, "source": SOURCE, "copy": SOURCE}) + "\n")
        result = invoke("pairs", "in.jsonl", "--no-lm", "-o", str(full))
    assert_one_line_error(result, 2, "E043", "No space left on device")
    assert stat.S_ISCHR(full.lstat().st_mode) and full.lstat().st_rdev == os.makedev(1, 7)


@root_only
def test_scan_to_a_device_is_written_through(archive: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _, db, copies = archive
    null, full = tmp_path / "null", tmp_path / "full"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    result = invoke("scan", str(copies), "--db", str(db), "-o", str(null), "--no-lm", "-q")
    assert result.exit_code == 0, result.stderr
    assert_one_line_error(
        invoke("scan", str(copies), "--db", str(db), "-o", str(full), "--no-lm", "-q"), 2, "E097"
    )
    assert stat.S_ISCHR(null.lstat().st_mode) and stat.S_ISCHR(full.lstat().st_mode)
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _read_all(fd: int, into: list[bytes]) -> threading.Thread:
    def run() -> None:
        with os.fdopen(fd, "rb") as fh:
            into.append(fh.read())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_fifo_is_written_through(inputs: Path) -> None:
    fifo = inputs / "report.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    result = check("-o", str(fifo), "--format", "json")
    thread.join(10)
    assert result.exit_code == 0, result.stderr
    assert json.loads(got[0])["schema"] == "drift-report/1"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_symlink_to_proc_fd_is_written_through(inputs: Path) -> None:
    read_end, write_end = os.pipe()
    link = inputs / "out.json"
    link.symlink_to(f"/proc/self/fd/{write_end}")
    got: list[bytes] = []
    thread = _read_all(read_end, got)
    try:
        result = check("-o", str(link))
    finally:
        os.close(write_end)
    thread.join(10)
    assert result.exit_code == 0, result.stderr
    assert json.loads(got[0])["schema"] == "drift-report/1"
    assert link.is_symlink() and os.readlink(link) == f"/proc/self/fd/{write_end}"


def test_dash_is_standard_output(inputs: Path) -> None:
    result = check("-o", "-", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == "drift-report/1"  # no text summary mixed in
    assert not (inputs / "-").exists()
    trace = invoke("trace", "src.txt", "c3.txt", "--no-lm", "--format", "markdown", "-o", "-")
    assert trace.exit_code == 0 and trace.stdout.startswith("# drift trace")
    assert_one_line_error(check("-o", "-"), 2, "E042")


def test_symlink_is_followed_and_replaced_at_its_target(inputs: Path) -> None:
    (inputs / "reports").mkdir()
    target = inputs / "reports" / "r.json"
    assert check("-o", str(target)).exit_code == 0
    link = inputs / "latest.json"
    link.symlink_to("reports/r.json")
    (inputs / "c3.txt").write_text(SOURCE.replace("4 million", "9 million"), encoding="utf-8")
    result = check("-o", "latest.json")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "reports/r.json"
    assert "9 million" in target.read_text()
    assert leftovers(inputs) == [] and leftovers(inputs / "reports") == []


def test_dangling_symlink_creates_its_target(inputs: Path) -> None:
    link = inputs / "r.md"
    link.symlink_to("made/there.md")
    assert check("-o", "r.md").exit_code == 0
    assert link.is_symlink() and (inputs / "made" / "there.md").read_text().startswith("# drift report")


def test_symlink_to_a_foreign_file_needs_force(inputs: Path) -> None:
    notes = inputs / "notes.md"
    notes.write_text("my notes\n")
    (inputs / "r.md").symlink_to("notes.md")
    assert_one_line_error(check("-o", "r.md"), 2, "E052", "--force")
    assert notes.read_text() == "my notes\n"
    assert check("-o", "r.md", "--force").exit_code == 0
    assert (inputs / "r.md").is_symlink() and notes.read_text().startswith("# drift report")


# --- 2. files drift did not write -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("r.json", '{"schema": "someone-else/1"}\n'),
        ("r.json", '{"name": "drift"}\n'),
        ("r.md", "# drift report\n\nmy own notes\n"),
        ("r.html", "<!DOCTYPE html><title>drift</title>\n"),
        ("r.txt", "todo: ask about the drift signature\n"),
        ("r.sarif", '{"version": "2.1.0", "runs": []}\n'),
        ("r.junit.xml", '<?xml version="1.0"?>\n<testsuites name="other"/>\n'),
        ("r.json", "\x00\x01 binary"),
    ],
)
def test_a_file_drift_did_not_write_is_kept(inputs: Path, name: str, content: str) -> None:
    path = inputs / name
    path.write_text(content)
    assert_one_line_error(check("-o", name), 2, "E052", name, "--force")
    assert path.read_text() == content
    assert check("-o", name, "--force").exit_code == 0
    assert path.read_text() != content


def test_an_empty_file_is_replaced(inputs: Path) -> None:
    (inputs / "r.json").touch()
    assert check("-o", "r.json").exit_code == 0
    assert json.loads((inputs / "r.json").read_text())["schema"] == "drift-report/1"


SUFFIX = {"text": ".txt", "json": ".json", "markdown": ".md", "html": ".html"}
CHECK_SUFFIX = {**SUFFIX, "junit": ".junit.xml", "sarif": ".sarif"}


@pytest.mark.parametrize("fmt", list(CHECK_SUFFIX))
def test_check_replaces_its_own_report_without_force(inputs: Path, fmt: str) -> None:
    out = f"report{CHECK_SUFFIX[fmt]}"
    assert check("-o", out).exit_code == 0
    assert written_by_drift(out)
    (inputs / "c3.txt").write_text(SOURCE.replace("4 million", "9 million"), encoding="utf-8")
    result = check("-o", out)
    assert result.exit_code == 0, result.stderr
    assert "9 million" in (inputs / out).read_text()


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_trace_replaces_its_own_output_without_force(inputs: Path, fmt: str) -> None:
    out = f"trace{SUFFIX[fmt]}"
    for _ in range(2):
        result = invoke("trace", "src.txt", "c3.txt", "--no-lm", "-o", out)
        assert result.exit_code == 0, result.stderr
    assert written_by_drift(out)


def test_baseline_and_pairs_replace_their_own_output(inputs: Path) -> None:
    for _ in range(2):
        assert check("--write-baseline", "b.json").exit_code == 0
    lines = [{"id": 1, "source": SOURCE, "copy": CHANGED_NUMBER}, {"id": 2, "source": "", "copy": "x"}]
    (inputs / "in.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    for _ in range(2):
        result = invoke("pairs", "in.jsonl", "--no-lm", "-o", "out.jsonl")
        assert result.exit_code == 0, result.stderr
    (inputs / "bad.jsonl").write_text('{"id": 1, "other": true}\n')
    assert_one_line_error(invoke("pairs", "in.jsonl", "--no-lm", "-o", "bad.jsonl"), 2, "E052")


def test_scan_output_needs_force_unless_drift_wrote_it(
    archive: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, db, copies = archive
    out = tmp_path / "results.parquet"
    args = ["scan", str(copies), "--db", str(db), "-o", str(out), "--no-lm", "-q"]
    for _ in range(2):
        assert invoke(*args).exit_code == 0
    other = tmp_path / "other.parquet"
    import pandas as pd

    pd.DataFrame({"a": [1]}).to_parquet(other)
    before = sha(other)
    other_args = ["scan", str(copies), "--db", str(db), "-o", str(other), "--no-lm", "-q"]
    assert_one_line_error(invoke(*other_args), 2, "E052")
    assert sha(other) == before
    assert invoke(*other_args, "--force").exit_code == 0
    assert len(pd.read_parquet(other)) == 2


def test_a_directory_is_refused(inputs: Path) -> None:
    (inputs / "r.json").mkdir()
    assert_one_line_error(check("-o", "r.json", "--force"), 2, "E043", "is a directory")


def test_check_output_decides_before_writing(tmp_path: Path) -> None:
    new = check_output(str(tmp_path / "x" / "new.json"))
    assert new.target == str(tmp_path / "x" / "new.json") and new.mode is None and not new.direct
    assert check_output("-").direct
    old = tmp_path / "old.json"
    old.write_text('{"schema": "drift-report/1"}')
    old.chmod(0o600)
    assert check_output(str(old)).mode == 0o600


# --- 3, 4. Markdown ---------------------------------------------------------------------


def test_escape_helpers() -> None:
    assert markdown("a|b\nc") == "a&#124;b c"
    assert markdown("<img src=x>") == "&lt;img src=x&gt;"
    assert markdown("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert markdown("```") == "&#96;&#96;&#96;"
    assert markdown("@someone #12 x@y.org $x$") == ("@&#8205;someone \\#&#8205;12 x@&#8205;y.org \\$x\\$")
    assert markdown("1. first") == "1\\. first" and markdown("- item") == "\\- item"
    assert markdown("a" * 20, 5) == "aaaa…"
    assert code("a`b|c") == "<code>a&#96;b&#124;c</code>"
    label = mermaid('x"]\n```\n<b>&#1;|`')
    assert '"' not in label and "\n" not in label and "`" not in label and "<" not in label
    assert label == "x#quot;] #96;#96;#96; #lt;b#gt;#amp;#35;1#59;#124;#96;"


@pytest.fixture
def evil(inputs: Path) -> Path:
    """The reporter's file name, a copy of ``c3.txt``, and a source named with a ``|``."""
    (inputs / EVIL).write_text(CHANGED_NUMBER, encoding="utf-8")
    (inputs / "a|b.txt").write_text(SOURCE, encoding="utf-8")
    return inputs


def assert_inert_markdown(md: str) -> None:
    """Rendered, ``md`` has no image, link or script and no live mention outside code
    blocks, and every row of each table has as many cells as its header."""
    html = rendered(md)
    tags = re.findall(r"<[^>]*>", html)
    assert not [t for t in tags if t.startswith(("<img", "<a ", "<a>", "<script", "<iframe"))], tags
    assert not [t for t in tags if "onerror" in t or "javascript:" in t], tags
    prose = re.sub(r"<pre>.*?</pre>", " ", html, flags=re.DOTALL)
    assert live_mentions(re.sub(r"<[^>]*>", " ", prose)) == []
    for block in re.split(r"\n(?!\|)[^\n]*", "\n" + md):
        rows = [line for line in block.split("\n") if line.startswith("|")]
        assert all(row.count("|") == rows[0].count("|") for row in rows), rows


def test_trace_markdown_with_a_hostile_file_name(evil: Path) -> None:
    result = invoke("trace", "a|b.txt", EVIL, "--no-lm", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    fences = [i for i, line in enumerate(md.splitlines()) if line.lstrip().startswith(("```", "~~~"))]
    assert len(fences) == 2 and md.splitlines()[fences[0]] == "```mermaid"
    block = md.splitlines()[fences[0] + 1 : fences[1]]
    assert len(block) == 4 and all(line.startswith(("graph TD", "  d")) for line in block)
    assert_inert_markdown(md)
    assert len([line for line in md.splitlines() if line.startswith("| <code>")]) == 1
    outside = "\n".join(md.splitlines()[: fences[0]] + md.splitlines()[fences[1] + 1 :])
    assert "<img" not in outside and "@someone" not in outside
    assert not re.search(r"(?<!\\)\]\(javascript:", outside)
    html = rendered(md)
    assert "<svg" in html  # the graph is still there, with its label as text
    assert "evil" in html


def test_trace_markdown_mermaid_labels_stay_labels(evil: Path) -> None:
    md = invoke("trace", "a|b.txt", EVIL, "--no-lm", "--format", "markdown").stdout
    nodes = [line for line in md.splitlines() if re.match(r"  d\d+\[", line)]
    assert len(nodes) == 2
    for line in nodes:
        assert re.fullmatch(r'  d\d+\["[^"\n`]*"\]', line), line


def test_check_markdown_neutralises_mentions_and_html(inputs: Path) -> None:
    copy = SOURCE.replace("4 million", "7 million") + "\n" + HOSTILE_TEXT
    (inputs / "@boss #7.txt").write_text(copy, encoding="utf-8")
    result = invoke(
        "check", "src.txt", "@boss #7.txt", "--no-lm", "--fail-on", "none", "--format", "markdown"
    )
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert "@someone" not in md and "@org" not in md and "#123" not in md and "@boss" not in md
    html = rendered(md)
    text = re.sub(r"<[^>]*>", " ", html)
    assert live_mentions(text) == []
    assert_inert_markdown(md)
    assert "someone" in text and "boss" in text and "123" in text  # shown, not pinged


# --- 5. HTML ------------------------------------------------------------------------------


def _csp(html: str) -> str:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("command", ["check", "trace"])
def test_html_csp_allows_only_its_own_script_and_style(evil: Path, command: str) -> None:
    args = [command, "a|b.txt", EVIL, "--no-lm", "--format", "html"]
    result = invoke(*(args + (["--fail-on", "none"] if command == "check" else [])))
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    csp = _csp(html)
    assert "unsafe" not in csp and csp.startswith("default-src 'none'")
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        bodies = re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.DOTALL)
        assert all(f"{directive} {csp_hash(body)}" in csp for body in bodies)
    assert ("script-src" in csp) == (command == "check")
    assert "<img" not in html and "onerror=alert" not in re.findall(r"<[^>]*>", html).__str__()


# --- 10. the archive ------------------------------------------------------------------------


def foreign_db(path: Path, documents: bool = False) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE documents (title TEXT)" if documents else "CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO " + ("documents" if documents else "notes") + " VALUES ('mine')")
    conn.commit()
    conn.close()
    return path


def tables(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"))
    finally:
        conn.close()


@pytest.mark.parametrize("kind", ["foreign", "foreign-documents", "empty", "text"])
def test_find_and_scan_never_write_a_foreign_database(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "x.db"
    if kind == "empty":
        db.touch()
    elif kind == "text":
        db.write_text("not a database at all\n" * 50)
    else:
        foreign_db(db, documents=kind == "foreign-documents")
    before = sha(db)
    copy = write_story(tmp_path / "copies" / "c.txt", story(1))
    code_ = "E092" if kind == "text" else "E093"
    assert_one_line_error(invoke("find", str(copy), "--db", str(db)), 2, code_)
    scan = invoke("scan", str(copy.parent), "--db", str(db), "-o", str(tmp_path / "r.parquet"), "--no-lm")
    assert_one_line_error(scan, 2, code_)
    assert_one_line_error(invoke("index", str(copy.parent), "--db", str(db)), 2, "E055")
    assert sha(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copies", "x.db"]


def test_find_does_not_create_a_database_or_its_directory(tmp_path: Path) -> None:
    copy = write_story(tmp_path / "c.txt", story(1))
    missing = tmp_path / "nowhere" / "a.db"
    assert_one_line_error(invoke("find", str(copy), "--db", str(missing)), 2, "E056", "drift index")
    result = invoke("scan", str(tmp_path), "--db", str(missing), "-o", str(tmp_path / "r.parquet"))
    assert_one_line_error(result, 2, "E056")
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "r.parquet").exists()


def test_find_leaves_drift_database_unchanged(archive: tuple[Path, Path, Path]) -> None:
    _, db, copies = archive
    before = sha(db)
    result = invoke("find", str(copies / "a_copy.txt"), "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["candidates"][0]["path"].endswith("doc1.txt")
    assert sha(db) == before


def test_find_reads_an_old_archive_without_upgrading_it(archive: tuple[Path, Path, Path]) -> None:
    _, db, copies = archive
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meta SET value='drift-archive/1' WHERE key='schema'")
        conn.execute("ALTER TABLE documents DROP COLUMN shingles")
    conn.close()
    result = invoke("find", str(copies / "a_copy.txt"), "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["candidates"][0]["path"].endswith("doc1.txt")
    assert "shingles" not in [r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(documents)")]


def test_index_creates_only_where_nothing_is(tmp_path: Path) -> None:
    write_story(tmp_path / "archive" / "doc0.txt", story(0))
    db = tmp_path / "new" / "dir" / "a.db"
    assert invoke("index", str(tmp_path / "archive"), "--db", str(db), "-q").exit_code == 0
    assert "meta" in tables(db)
    assert invoke("index", str(tmp_path / "archive"), "--db", str(db), "-q").exit_code == 0


@root_only
def test_index_refuses_a_device(tmp_path: Path) -> None:
    write_story(tmp_path / "archive" / "doc0.txt", story(0))
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    assert_one_line_error(invoke("index", str(tmp_path / "archive"), "--db", str(null)), 2, "E054")
    assert stat.S_ISCHR(null.lstat().st_mode)


def test_archive_readonly_api(tmp_path: Path) -> None:
    db = foreign_db(tmp_path / "f.db")
    with pytest.raises(Exception, match="E093"):
        Archive(str(db), encoder=HashingEncoder(), readonly=True)
    with pytest.raises(Exception, match="E055"):
        Archive(str(db), encoder=HashingEncoder())
    assert tables(db) == ["notes"]


# --- 13. temporary files and modes ------------------------------------------------------------


def dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(proc.stdout)


def test_stale_temporary_files_are_removed(inputs: Path) -> None:
    dead = inputs / f".r.json{TEMP_MARK}{dead_pid()}-abc123"
    old = inputs / f".r.json{TEMP_MARK}1-old999"
    live = inputs / f".r.json{TEMP_MARK}1-live99"
    other = inputs / f".other.json{TEMP_MARK}{dead_pid()}-abc123"
    unrelated = inputs / ".r.json.notes"
    for p in (dead, old, live, other, unrelated):
        p.write_text("partial")
    past = time.time() - STALE_AFTER_S - 60
    os.utime(old, (past, past))
    assert check("-o", "r.json").exit_code == 0
    assert not dead.exists() and not old.exists()
    assert live.exists() and other.exists() and unrelated.exists()


def test_sigkill_during_a_write_leaves_a_named_temp_that_the_next_write_removes(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    program = (
        "import os, signal\n"
        "from drift.io import write_atomic\n"
        "def die(tmp):\n"
        '    open(tmp, \'w\').write(\'{"schema": "drift-report/1", "half\')\n'
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        f"write_atomic({str(target)!r}, die)\n"
    )
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    orphans = [p.name for p in tmp_path.iterdir()]
    assert len(orphans) == 1 and re.fullmatch(r"\.r\.json\.drift-tmp-\d+-\w+", orphans[0]), orphans
    write_atomic(str(target), '{"schema": "drift-report/1"}\n')
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
    assert remove_stale_temps(str(target)) == []


@pytest.fixture
def umask() -> Iterator[Any]:
    old = os.umask(0o022)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(old)


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
def test_every_output_gets_the_mode_open_would_give(
    archive: tuple[Path, Path, Path], tmp_path: Path, umask: Any, mask: int
) -> None:
    _, db, copies = archive
    umask(mask)
    for name in ("src.txt", "c3.txt"):
        (tmp_path / name).write_text(SOURCE if name == "src.txt" else CHANGED_NUMBER)
    src, cpy = str(tmp_path / "src.txt"), str(tmp_path / "c3.txt")
    out = tmp_path / "out"
    reports = [out / f"r{s}" for s in CHECK_SUFFIX.values()]
    args = [a for r in reports for a in ("-o", str(r))]
    result = invoke(
        "check", src, cpy, "--no-lm", "--fail-on", "none", *args, "--write-baseline", str(out / "b.json")
    )
    assert result.exit_code == 0, result.stderr
    assert invoke("trace", src, cpy, "--no-lm", "-o", str(out / "t.md")).exit_code == 0
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": 1, "source": SOURCE, "copy": SOURCE}) + "\n")
    assert invoke("pairs", str(tmp_path / "in.jsonl"), "--no-lm", "-o", str(out / "p.jsonl")).exit_code == 0
    parquet = out / "results.parquet"
    assert invoke("scan", str(copies), "--db", str(db), "-o", str(parquet), "--no-lm", "-q").exit_code == 0
    written = sorted(out.iterdir())
    assert len(written) == len(reports) + 4
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {
        p.name: oct(0o666 & ~mask) for p in written
    }


def test_replacing_a_report_keeps_its_mode(inputs: Path) -> None:
    assert check("-o", "r.json").exit_code == 0
    (inputs / "r.json").chmod(0o640)
    assert check("-o", "r.json").exit_code == 0
    assert stat.S_IMODE((inputs / "r.json").stat().st_mode) == 0o640
