"""Baselines: today's findings accepted, only new ones fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CHANGED_NUMBER, run


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
