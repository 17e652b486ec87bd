"""Shared fixtures: a fast checker (fake encoder, no LM) and a full-model checker."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from browser_support import browser  # noqa: F401  (a shared fixture)
from click.testing import CliRunner, Result
from corpus import make_archive
from fakes import HashingEncoder, fake_resources

from drift.cli import cli
from drift.ingest import document_from_text
from drift.models.resources import Resources
from drift.pipeline import Checker, Settings
from drift.pipeline.decision import Decision
from drift.values import AlignedPair, Finding, FindingType, PairStatus, Severity


@pytest.fixture(scope="session")
def fast_checker() -> Checker:
    """Real spaCy and GloVe, hashing encoder, no language model, and no calibrated
    decision: the detectors' own findings, at their policy severity."""
    return Checker(
        settings=Settings(use_lm=False, decision=Decision()),
        resources=Resources(encoder=HashingEncoder(), use_lm=False),
    )


@pytest.fixture(scope="session")
def model_checker() -> Checker:
    """The detectors with the real models (MiniLM, SmolLM2; slow to load), without the
    calibrated decision, which tests/test_decision.py and the seeds' tests cover."""
    return Checker(settings=Settings(decision=Decision()))


def analyse(checker: Checker, source: str, copy: str) -> AlignedPair:
    """Analyse two texts as one aligned group of all their sentences (similarity 0.9).

    Every span of every finding is checked against the document text it points into;
    the documents' text is the given string, so offsets index ``source`` / ``copy``.
    """
    src = document_from_text("source", source)
    cpy = document_from_text("copy", copy)
    assert src.text == source and cpy.text == copy
    pair = checker.analyse_pair(src, cpy, range(len(src.sentences)), range(len(cpy.sentences)), 0.9)
    for f in pair.findings:
        if f.source_span is not None:
            assert src.text[f.source_span.start : f.source_span.end] == f.source_span.text
        if f.copy_span is not None:
            assert cpy.text[f.copy_span.start : f.copy_span.end] == f.copy_span.text
    return pair


def of_type(
    pair: AlignedPair, type_: FindingType | str, min_severity: Severity = Severity.MINOR
) -> list[Finding]:
    """Findings of one type at or above a severity."""
    wanted = FindingType(type_)
    return [f for f in pair.findings if f.type is wanted and f.severity >= min_severity]


def span_text(finding: Finding, side: str) -> str | None:
    span = finding.source_span if side == "source" else finding.copy_span
    return None if span is None else span.text


def expect_one(pair, type_: str, severity: Severity, src: str | None, cpy: str | None) -> Finding:
    """The pair has exactly one finding of ``type_``, with this severity and these span texts."""
    found = of_type(pair, type_)
    assert len(found) == 1, f"expected one {type_} finding, got {[f.to_json() for f in pair.findings]}"
    f = found[0]
    assert f.severity is severity, f.to_json()
    assert span_text(f, "source") == src, f.to_json()
    assert span_text(f, "copy") == cpy, f.to_json()
    assert pair.status is PairStatus.DRIFT
    return f


def expect_none(pair, type_: str, at_least: Severity = Severity.MAJOR) -> None:
    found = of_type(pair, type_, at_least)
    assert not found, [f.to_json() for f in found]


# --- the command line, in process with the fake models -------------------------------

SOURCE = (
    "Officials said on Tuesday that the bridge will reopen in March after repairs "
    "costing 4 million dollars.\n"
    "\n"
    "Mayor John Smith praised the engineers who worked through the winter.\n"
    "\n"
    "Traffic on the river crossing is expected to return to normal by the spring.\n"
)
CHANGED_NUMBER = SOURCE.replace("4 million", "7 million")
CHANGED_NAME = SOURCE.replace("John Smith", "John Jones")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty directory with source.txt, number.txt (a changed figure) and name.txt."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "number.txt").write_text(CHANGED_NUMBER, encoding="utf-8")
    (tmp_path / "name.txt").write_text(CHANGED_NAME, encoding="utf-8")
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", *args], obj=fake_resources)


def findings(result: Result) -> list[dict[str, Any]]:
    data = json.loads(result.stdout)
    return [f for c in data["comparisons"] for p in c["pairs"] for f in p["findings"]]


@pytest.fixture
def write(tmp_path: Path) -> Any:
    def _write(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return _write


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=fake_resources)


def run_drift(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.pop("DRIFT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "drift", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    """Eight synthetic stories in ``tmp_path/archive``."""
    return make_archive(tmp_path)


FINDING_KEYS = ["type", "severity", "source_span", "copy_span", "explanation", "rule", "confidence"]


def leftovers(directory: Path) -> list[str]:
    """Temporary files write_atomic may have left (they start with a dot)."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def assert_one_line_error(result: Result, code: int = 2, *mentions: str) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    err = result.stderr
    assert err.endswith("\n")
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("drift: error: "), err
    assert "Traceback" not in err
    for word in mentions:
        assert word in lines[0]
    return lines[0]


def positive_cases(cases: list[tuple[Any, ...]]) -> Any:
    """Parametrize a test over ``(id, source, copy, type, severity, source span, copy span)`` cases."""
    return pytest.mark.parametrize(
        ("source", "copy", "type_", "severity", "src", "cpy"),
        [pytest.param(*case[1:], id=case[0]) for case in cases],
    )


def negative_cases(cases: list[tuple[Any, ...]]) -> Any:
    """Parametrize a test over ``(id, source, copy, type that must not appear)`` cases."""
    return pytest.mark.parametrize(
        ("source", "copy", "type_"), [pytest.param(*case[1:], id=case[0]) for case in cases]
    )


def check_positive(
    checker: Checker, source: str, copy: str, type_: str, severity: Severity, src: str | None, cpy: str | None
) -> None:
    """The pair has one finding of ``type_`` at ``severity`` on exactly these words."""
    f = expect_one(analyse(checker, source, copy), type_, severity, src, cpy)
    if src is not None:
        assert f.source_span is not None and source[f.source_span.start : f.source_span.end] == src
    if cpy is not None:
        assert f.copy_span is not None and copy[f.copy_span.start : f.copy_span.end] == cpy


def detector_tests(
    positive: list[tuple[Any, ...]], negative: list[tuple[Any, ...]] | None = None
) -> tuple[Any, Any, Any]:
    """The table-driven tests every detector module shares: each positive case gives one
    finding on the right words, there are at least two, and no negative case gives one
    at major or above. A module binds them to ``test_*`` names for pytest to collect."""

    @positive_cases(positive)
    def test_positive(fast_checker, source, copy, type_, severity, src, cpy) -> None:  # type: ignore[no-untyped-def]
        check_positive(fast_checker, source, copy, type_, severity, src, cpy)

    def test_at_least_two_positive_cases() -> None:
        assert len(positive) >= 2

    @negative_cases(negative or [])
    def test_negative(fast_checker, source, copy, type_) -> None:  # type: ignore[no-untyped-def]
        expect_none(analyse(fast_checker, source, copy), type_)

    return test_positive, test_at_least_two_positive_cases, test_negative
