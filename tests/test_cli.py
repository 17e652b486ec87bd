"""Tests for the command line (:mod:`drift.cli`): exit codes, errors, outputs
(``drift pairs`` is in ``tests/test_pairs.py``).

Most tests run the CLI in-process with :class:`click.testing.CliRunner`, the hashing
encoder in place of MiniLM and ``--no-lm``; tests marked ``model`` run the installed
command in a subprocess with the real models.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import (
    CHANGED_NAME,
    CHANGED_NUMBER,
    FINDING_KEYS,
    SOURCE,
    assert_one_line_error,
    invoke,
    leftovers,
    run_drift,
)
from fakes import fake_resources

from drift.cli import cli

UNRELATED_A = "The central bank raised interest rates by half a point on Thursday.\n"
UNRELATED_B = "Heavy snow closed mountain passes across the northern province overnight.\n"
HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Bridge</title></head><body>"
    "<nav>Home | News | Sport | Contact us</nav>"
    "<article><h1>Bridge to reopen</h1>"
    "<p>Officials said on Tuesday that the bridge will reopen in March after repairs.</p>"
    "<p>Mayor John Smith praised the engineers who worked through the winter.</p>"
    "</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>\n"
)
HTML_AS_TEXT = (
    "Officials said on Tuesday that the bridge will reopen in March after repairs.\n\n"
    "Mayor John Smith praised the engineers who worked through the winter.\n"
)

REPORT_KEYS = ["schema", "signature", "documents", "comparisons"]
DOCUMENT_KEYS = ["id", "path", "sha256", "sentences", "furniture"]
SENTENCE_KEYS = ["index", "start", "end", "text"]
COMPARISON_KEYS = [
    "source",
    "copy",
    "relation",
    "relation_evidence",
    "pairs",
    "unmatched_source",
    "unmatched_copy",
]
PAIR_KEYS = ["source", "copy", "similarity", "status", "meaning_changed", "findings"]


def check(*args: str) -> Result:
    """``drift check ... --no-lm`` in-process."""
    return invoke("check", "--no-lm", *args)


def report(result: Result) -> dict[str, Any]:
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def decoded(path: str, encoding: str = "utf-8") -> str:
    return Path(path).read_bytes().decode(encoding)


def check_schema(data: dict[str, Any], texts: dict[str, str]) -> None:
    """Keys in schema order; every sentence and span slices its document's text."""
    assert list(data) == REPORT_KEYS
    assert data["schema"] == "drift-report/1"
    assert isinstance(data["signature"], str) and data["signature"].startswith("drift ")
    ids = [d["id"] for d in data["documents"]]
    assert len(set(ids)) == len(ids)
    by_id: dict[str, str] = {}
    for doc in data["documents"]:
        assert list(doc) == DOCUMENT_KEYS
        text = texts[doc["path"]]
        by_id[doc["id"]] = text
        assert len(doc["sha256"]) == 64
        assert [s["index"] for s in doc["sentences"]] == list(range(len(doc["sentences"])))
        for sent in doc["sentences"]:
            assert list(sent) == SENTENCE_KEYS
            assert sent["text"] == text[sent["start"] : sent["end"]]
    assert len(data["comparisons"]) == len(data["documents"]) - 1
    for comp in data["comparisons"]:
        assert list(comp) == COMPARISON_KEYS
        assert comp["source"] == ids[0]
        n_src = len(data["documents"][ids.index(comp["source"])]["sentences"])
        n_cpy = len(data["documents"][ids.index(comp["copy"])]["sentences"])
        assert all(0 <= i < n_src for i in comp["unmatched_source"])
        assert all(0 <= j < n_cpy for j in comp["unmatched_copy"])
        for pair in comp["pairs"]:
            assert list(pair) == PAIR_KEYS
            assert pair["source"] or pair["copy"]
            assert all(0 <= i < n_src for i in pair["source"])
            assert all(0 <= j < n_cpy for j in pair["copy"])
            assert -1.0 <= pair["similarity"] <= 1.0
            assert pair["status"] in ("identical", "edited", "drift")
            assert (pair["status"] == "drift") == bool(pair["findings"])
            for finding in pair["findings"]:
                assert list(finding) == FINDING_KEYS
                assert finding["severity"] in ("minor", "major", "critical")
                assert finding["explanation"] and "\n" not in finding["explanation"]
                assert finding["source_span"] or finding["copy_span"]
                for key, doc_id in (("source_span", comp["source"]), ("copy_span", comp["copy"])):
                    span = finding[key]
                    if span is not None:
                        assert span["text"] == by_id[doc_id][span["start"] : span["end"]]


def all_findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for c in data["comparisons"] for p in c["pairs"] for f in p["findings"]]


# ----------------------------------------------------------------------------- unusable input


def test_missing_file(write: Any, tmp_path: Path) -> None:
    copy = write("copy.txt", SOURCE)
    missing = str(tmp_path / "nope.txt")
    assert_one_line_error(check(missing, copy), 2, missing, "E001")
    assert_one_line_error(check(copy, missing), 2, missing)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "E004"),
        (b"   \n\t\n  \r\n", "E004"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00", "E005"),
        (b"Some text\x00with\x00nuls\x00" * 20, "E005"),
    ],
    ids=["empty", "whitespace", "elf", "nuls"],
)
def test_unusable_source(write: Any, content: bytes, code: str) -> None:
    bad = write("bad.txt", content)
    good = write("good.txt", SOURCE)
    assert_one_line_error(check(bad, good), 2, bad, code)
    assert_one_line_error(check(good, bad), 2, bad, code)


def test_directory(write: Any, tmp_path: Path) -> None:
    good = write("good.txt", SOURCE)
    folder = tmp_path / "folder"
    folder.mkdir()
    assert_one_line_error(check(str(folder), good), 2, str(folder), "E002")


def test_only_one_file(write: Any) -> None:
    good = write("good.txt", SOURCE)
    assert_one_line_error(check(good), 2, "E040")


def test_no_files() -> None:
    assert_one_line_error(check(), 2)


def test_over_max_bytes(write: Any) -> None:
    good = write("good.txt", SOURCE)
    assert_one_line_error(check(good, good, "--max-bytes", "10"), 2, "E008")


def test_unknown_format(write: Any) -> None:
    good = write("good.txt", SOURCE)
    assert_one_line_error(check(good, good, "--format", "xml"), 2, "xml")


def test_unknown_option_and_fail_on(write: Any) -> None:
    good = write("good.txt", SOURCE)
    assert_one_line_error(check(good, good, "--bogus"), 2, "--bogus")
    assert_one_line_error(check(good, good, "--fail-on", "fatal"), 2, "fatal")


def test_unknown_detector(write: Any) -> None:
    good = write("good.txt", SOURCE)
    assert_one_line_error(check(good, good, "--detectors", "entity,nope"), 2, "E046", "nope")


def test_help_and_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and "0.1.0" in result.stdout
    result = invoke("check", "--help")
    assert result.exit_code == 0 and "SOURCE" in result.stdout


# ----------------------------------------------------------------------------- edge-case documents


def test_one_sentence_each(write: Any) -> None:
    src = write("src.txt", "The mayor opened the new library on Friday.")
    cpy = write("cpy.txt", "The mayor opened the new library on Friday.")
    result = check(src, cpy, "--format", "json", "--fail-on", "minor")
    data = report(result)
    assert result.exit_code == 0
    check_schema(data, {src: decoded(src), cpy: decoded(cpy)})
    comp = data["comparisons"][0]
    assert [(p["source"], p["copy"], p["status"]) for p in comp["pairs"]] == [([0], [0], "identical")]


def test_identical_documents_pass_even_on_minor(write: Any) -> None:
    src = write("src.txt", SOURCE)
    cpy = write("cpy.txt", SOURCE)
    result = check(src, cpy, "--format", "json", "--fail-on", "minor")
    assert result.exit_code == 0, result.stderr
    data = report(result)
    check_schema(data, {src: decoded(src), cpy: decoded(cpy)})
    comp = data["comparisons"][0]
    assert comp["pairs"] and all(p["status"] == "identical" for p in comp["pairs"])
    assert comp["unmatched_source"] == [] and comp["unmatched_copy"] == []
    assert all_findings(data) == []


def test_no_overlap_at_all(write: Any) -> None:
    src = write("a.txt", UNRELATED_A)
    cpy = write("b.txt", UNRELATED_B)
    result = check(src, cpy, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = report(result)
    check_schema(data, {src: decoded(src), cpy: decoded(cpy)})
    comp = data["comparisons"][0]
    assert comp["unmatched_source"] == [0]
    assert comp["unmatched_copy"] == [0]
    assert all(not p["source"] for p in comp["pairs"])  # only additions, never a match


def test_html_source(write: Any) -> None:
    src = write("page.html", HTML_PAGE)
    cpy = write("copy.txt", HTML_AS_TEXT)
    result = check(src, cpy, "--format", "json", "--fail-on", "minor")
    assert result.exit_code == 0, result.stdout
    data = report(result)
    check_schema(data, {src: decoded(src), cpy: decoded(cpy)})
    html_doc = data["documents"][0]
    texts = " ".join(s["text"] for s in html_doc["sentences"])
    assert "Mayor John Smith" in texts
    assert "Copyright" not in texts and "Contact us" not in texts
    comp = data["comparisons"][0]
    matched = [p for p in comp["pairs"] if p["source"] and p["copy"]]
    assert len(matched) >= 2
    assert all(p["status"] == "identical" for p in matched)


def test_latin1_file(write: Any) -> None:
    sentence = "Café owners in Paris said the new rules will hurt business this summer.\n"
    src = write("latin.txt", sentence.encode("latin-1"))
    cpy = write("utf8.txt", sentence)
    result = check(src, cpy, "--format", "json", "--fail-on", "minor")
    if result.exit_code == 2:  # refusing the file is allowed, with one clear line
        assert_one_line_error(result, 2, src)
        return
    assert result.exit_code == 0, result.stderr
    data = report(result)
    check_schema(data, {src: decoded(src, "cp1252"), cpy: decoded(cpy)})
    assert "Café" in data["documents"][0]["sentences"][0]["text"]
    assert all(p["status"] == "identical" for p in data["comparisons"][0]["pairs"])


def test_utf8_bom_and_crlf(write: Any) -> None:
    src = write("src.txt", SOURCE)
    cpy = write("cpy.txt", b"\xef\xbb\xbf" + SOURCE.replace("\n", "\r\n").encode())
    result = check(src, cpy, "--format", "json", "--fail-on", "minor")
    assert result.exit_code == 0, result.stdout
    data = report(result)
    cpy_text = decoded(cpy, "utf-8-sig")
    check_schema(data, {src: decoded(src), cpy: cpy_text})


def test_duplicate_file_names_get_unique_ids(write: Any) -> None:
    src = write("one/story.txt", SOURCE)
    cpy1 = write("two/story.txt", SOURCE)
    cpy2 = write("three/story.md", CHANGED_NUMBER)
    result = check(src, cpy1, cpy2, "--format", "json", "--fail-on", "none")
    data = report(result)
    ids = [d["id"] for d in data["documents"]]
    assert len(set(ids)) == 3
    assert ids[0] == "story"
    check_schema(data, {p: decoded(p) for p in (src, cpy1, cpy2)})
    assert [(c["source"], c["copy"]) for c in data["comparisons"]] == [(ids[0], ids[1]), (ids[0], ids[2])]


# ----------------------------------------------------------------------------- --fail-on and exit codes


def test_changed_number_is_critical(write: Any) -> None:
    src = write("src.txt", SOURCE)
    cpy = write("cpy.txt", CHANGED_NUMBER)
    result = check(src, cpy, "--format", "json", "--fail-on", "critical")
    assert result.exit_code == 1, result.stderr
    data = report(result)
    check_schema(data, {src: decoded(src), cpy: decoded(cpy)})
    numbers = [f for f in all_findings(data) if f["type"] == "number"]
    assert numbers and numbers[0]["severity"] == "critical"
    assert numbers[0]["source_span"]["text"].startswith("4")
    assert numbers[0]["copy_span"]["text"].startswith("7")


@pytest.mark.parametrize(("fail_on", "code"), [("none", 0), ("minor", 1), ("major", 1), ("critical", 1)])
def test_fail_on_levels(write: Any, fail_on: str, code: int) -> None:
    src = write("src.txt", SOURCE)
    cpy = write("cpy.txt", CHANGED_NUMBER)
    result = check(src, cpy, "--fail-on", fail_on)
    assert result.exit_code == code, result.stderr
    assert "critical" in result.stdout.lower()  # the finding is reported either way


def test_default_fail_on_is_major(write: Any) -> None:
    src = write("src.txt", SOURCE)
    cpy = write("cpy.txt", CHANGED_NUMBER)
    assert check(src, cpy).exit_code == 1
    assert "fail-on major" in report(check(src, cpy, "--format", "json"))["signature"]


def test_quiet_prints_nothing(write: Any) -> None:
    src = write("src.txt", SOURCE)
    cpy = write("cpy.txt", CHANGED_NUMBER)
    result = check(src, cpy, "--quiet")
    assert result.exit_code == 1
    assert result.stdout == "" and result.stderr == ""


def test_internal_error(write: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from drift.pipeline import Checker

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("something broke\nsecond line of the message")

    monkeypatch.setattr(Checker, "compare", boom)
    src = write("src.txt", SOURCE)
    cpy = write("cpy.txt", SOURCE)
    out = write("out/report.json", "old report\n")
    line = assert_one_line_error(check(src, cpy, "-o", out, "--force"), 3, "RuntimeError", "something broke")
    assert "second line" not in line
    assert Path(out).read_text() == "old report\n"
    assert leftovers(Path(out).parent) == []


def test_debug_env_shows_traceback(write: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from drift.pipeline import Checker

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("kaput")

    monkeypatch.setattr(Checker, "compare", boom)
    monkeypatch.setenv("DRIFT_DEBUG", "1")
    src = write("src.txt", SOURCE)
    result = check(src, src)
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "kaput" in result.stderr


# ----------------------------------------------------------------------------- output files


def test_determinism_json(write: Any) -> None:
    src = write("src.txt", SOURCE)
    cpy1 = write("cpy1.txt", CHANGED_NUMBER)
    cpy2 = write("cpy2.txt", CHANGED_NAME)
    first = check(src, cpy1, cpy2, "--format", "json")
    second = check(src, cpy1, cpy2, "--format", "json")
    assert first.exit_code == second.exit_code == 1
    assert first.stdout_bytes == second.stdout_bytes
    check_schema(json.loads(first.stdout), {p: decoded(p) for p in (src, cpy1, cpy2)})


def test_outputs_by_extension(write: Any, tmp_path: Path) -> None:
    src = write("src.txt", SOURCE)
    cpy = write("cpy.txt", CHANGED_NUMBER)
    out = tmp_path / "out"
    paths = [str(out / "r.json"), str(out / "r.md"), str(out / "r.html")]
    result = check(src, cpy, *[a for p in paths for a in ("-o", p)])
    assert result.exit_code == 1, result.stderr
    data = json.loads(Path(paths[0]).read_text(encoding="utf-8"))
    check_schema(data, {src: decoded(src), cpy: decoded(cpy)})
    markdown = Path(paths[1]).read_text(encoding="utf-8")
    assert markdown.lstrip().startswith("#") and "4 million" in markdown
    page = Path(paths[2]).read_text(encoding="utf-8")
    assert "<html" in page.lower() and "</html>" in page.lower()
    for path in paths:
        assert f"wrote {path}" in result.stderr
    assert leftovers(out) == []
    # the JSON file is byte-identical to --format json on stdout
    assert Path(paths[0]).read_text(encoding="utf-8") == check(src, cpy, "--format", "json").stdout


def test_output_format_flag_overrides_extension(write: Any, tmp_path: Path) -> None:
    src = write("src.txt", SOURCE)
    out = str(tmp_path / "report.data")
    result = check(src, src, "--format", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert json.loads(Path(out).read_text())["schema"] == "drift-report/1"


def test_output_unknown_extension(write: Any, tmp_path: Path) -> None:
    src = write("src.txt", SOURCE)
    out = tmp_path / "report.xyz"
    assert_one_line_error(check(src, src, "-o", str(out)), 2, "E042", "report.xyz")
    assert not out.exists()


def test_output_under_regular_file(write: Any, tmp_path: Path) -> None:
    src = write("src.txt", SOURCE)
    out = tmp_path / "src.txt" / "report.json"
    before = sorted(p.name for p in tmp_path.iterdir())
    assert_one_line_error(check(src, src, "-o", str(out)), 2, "E043", str(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert Path(src).read_text() == SOURCE


def test_output_is_a_directory(write: Any, tmp_path: Path) -> None:
    src = write("src.txt", SOURCE)
    out = tmp_path / "report.json"
    out.mkdir()
    assert_one_line_error(check(src, src, "-o", str(out)), 2, "E043")
    assert out.is_dir() and list(out.iterdir()) == []


def test_failed_write_leaves_no_partial_file(
    write: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write("src.txt", SOURCE)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.json"
    target.write_text("previous\n")

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    assert_one_line_error(check(src, src, "-o", str(target), "--force"), 2, "E043", "No space left")
    assert target.read_text() == "previous\n"
    assert leftovers(out) == []


def test_render_failure_leaves_no_file(write: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import drift.report

    def broken(fmt: str, result: Any) -> str:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(drift.report, "render", broken)
    src = write("src.txt", SOURCE)
    out = tmp_path / "out" / "report.json"
    assert_one_line_error(check(src, src, "-o", str(out)), 3, "renderer exploded")
    assert not out.exists()


def test_bad_input_leaves_existing_output_alone(write: Any, tmp_path: Path) -> None:
    src = write("src.txt", SOURCE)
    out = write("report.json", "previous\n")
    assert_one_line_error(check(src, str(tmp_path / "missing.txt"), "-o", out), 2, "E001")
    assert Path(out).read_text() == "previous\n"
    assert leftovers(tmp_path) == []


# ----------------------------------------------------------------------------- drift pairs


# ----------------------------------------------------------------------------- real models, subprocess


def test_subprocess_usage_error_is_one_line(tmp_path: Path) -> None:
    proc = run_drift("check", "missing.txt", "other.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == ["drift: error: [E001] missing.txt: no such file"]
    proc = run_drift("check", "a.txt", "b.txt", "--format", "xml", cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("drift: error: ")


@pytest.mark.model
def test_real_models_changed_surname(tmp_path: Path) -> None:
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(CHANGED_NAME, encoding="utf-8")
    first = run_drift("check", "source.txt", "copy.txt", "--format", "json", cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    assert "Traceback" not in first.stderr
    data = json.loads(first.stdout)
    check_schema(data, {"source.txt": SOURCE, "copy.txt": CHANGED_NAME})
    assert "model all-MiniLM-L6-v2" in data["signature"]
    entities = [f for f in all_findings(data) if f["type"] == "entity"]
    assert entities, all_findings(data)
    assert "Smith" in entities[0]["source_span"]["text"]
    assert "Jones" in entities[0]["copy_span"]["text"]
    second = run_drift("check", "source.txt", "copy.txt", "--format", "json", cwd=tmp_path)
    assert second.returncode == 1
    assert second.stdout == first.stdout


def test_summary_is_printed_once_when_writing_files(tmp_path: Path) -> None:
    src, cpy = tmp_path / "a.txt", tmp_path / "b.txt"
    src.write_text(SOURCE, encoding="utf-8")
    cpy.write_text(CHANGED_NUMBER, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["check", str(src), str(cpy), "--no-lm", "--fail-on", "none", "-o", str(tmp_path / "r.json")],
        obj=fake_resources,
    )
    assert result.exit_code == 0
    assert result.stdout.count("b vs a") == 1
