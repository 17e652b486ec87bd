"""Derivation decides how a comparison reads: a copy that is only related to its source
(independent reporting on the same story) is summarised, and fails a run only with --strict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import invoke

from drift.pipeline import CheckResult
from drift.report.notes import relation_note
from drift.values import (
    AlignedPair,
    Comparison,
    Document,
    Finding,
    FindingType,
    PairStatus,
    Sentence,
    Severity,
    Span,
)

SOURCE = (
    "Officials said on Tuesday that the harbour bridge will reopen in March after repairs costing "
    "4 million dollars.\n\n"
    "Mayor John Smith praised the engineers who worked through the winter on the steel supports.\n\n"
    "Traffic on the river crossing is expected to return to normal by the spring, the transport "
    "office said.\n\n"
    "The bridge was closed last year after inspectors found deep cracks in two of its supports.\n\n"
    "Ferry operators had carried most commuters across the river while the work went on.\n"
)
INDEPENDENT = (
    "The harbour bridge will reopen in March after repairs costing 7 million dollars, officials said "
    "on Tuesday.\n\n"
    "Residents of the eastern district, who faced long detours for a year, welcomed the news at a "
    "meeting on Wednesday.\n\n"
    "Shop owners near the old ferry terminal said their trade had fallen by half since the closure.\n\n"
    "A local school will hold a celebration on the first morning the crossing is open again.\n\n"
    "Several residents asked the council to publish the final inspection report before the reopening.\n"
)
TRIMMED = "\n\n".join(SOURCE.split("\n\n")[:3]) + "\n"


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    for name, text in (("source.txt", SOURCE), ("other.txt", INDEPENDENT), ("trimmed.txt", TRIMMED)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def comparison(stories: Path, copy: str, *extra: str) -> tuple[int, dict]:
    result = invoke(
        "check", str(stories / "source.txt"), str(stories / copy), "--no-lm", "--format", "json", *extra
    )
    return result.exit_code, json.loads(result.stdout)["comparisons"][0]


def test_every_comparison_says_how_the_copy_derives(stories: Path) -> None:
    code, comp = comparison(stories, "trimmed.txt")
    assert comp["relation"] == "copy" and code == 0


def test_independent_reporting_is_related_and_its_own_sentences_are_not_additions(stories: Path) -> None:
    _, comp = comparison(stories, "other.txt")
    assert comp["relation"] == "related" and comp["relation_evidence"]
    assert all(p["source"] for p in comp["pairs"])  # no pair for a copy sentence of its own
    assert len(comp["unmatched_copy"]) >= 3  # still listed, summarised by the reports
    # what it does share with the source is still checked: the changed figure
    rules = [f["rule"] for p in comp["pairs"] for f in p["findings"]]
    assert "number.changed" in rules


def test_a_related_copy_fails_the_run_only_with_strict(stories: Path) -> None:
    assert comparison(stories, "other.txt")[0] == 0
    assert comparison(stories, "other.txt", "--strict")[0] == 1


def test_strict_from_the_configuration(stories: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(stories)
    (stories / "drift.toml").write_text("strict = true\n", encoding="utf-8")
    assert comparison(stories, "other.txt")[0] == 1


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_human_report_says_a_related_copy_is_independent(stories: Path, fmt: str) -> None:
    result = invoke(
        "check", str(stories / "source.txt"), str(stories / "other.txt"), "--no-lm", "--format", fmt
    )
    assert "independent reporting on the same story" in result.stdout


def _doc(doc_id: str, text: str) -> Document:
    return Document(doc_id, f"{doc_id}.txt", "0" * 64, text, (Sentence(0, 0, len(text), text),))


def test_the_note_counts_what_is_shared() -> None:
    src, cpy = _doc("s", "Forty people died."), _doc("c", "Forty people died.")
    same = AlignedPair((0,), (0,), 1.0, PairStatus.IDENTICAL, ())
    related = Comparison("s", "c", (same,), (), (1, 2), relation="related")
    note = relation_note(related)
    assert note is not None and "1 sentence group with the source (1 verbatim)" in note
    assert "its 2 other sentences" in note
    assert relation_note(Comparison("s", "c", (same,), (), (), relation="copy")) is None
    finding = Finding(FindingType.NUMBER, Severity.CRITICAL, Span(0, 5, "Forty"), Span(0, 5, "Forty"), "x")
    bad = AlignedPair((0,), (0,), 0.9, PairStatus.DRIFT, (finding,))
    for relation, strict, fails in (
        ("related", False, False),
        ("related", True, True),
        ("rewrite", False, True),
    ):
        comp = Comparison("s", "c", (bad,), (), (), relation=relation)
        result = CheckResult((src, cpy), (comp,), "sig", Severity.MAJOR, strict=strict)
        assert result.failed() is fails
