"""``drift pairs``: one output record per input line, errors as records, batches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FINDING_KEYS, assert_one_line_error, invoke, leftovers, run_drift

PAIR_GOOD: dict[str, Any] = {
    "id": "a",
    "source": "« Mayor John Smith praised the engineers on Tuesday.",
    "copy": "« Mayor John Jones praised the engineers on Tuesday.",
}


PAIR_SAME: dict[str, Any] = {
    "id": 2,
    "source": "The repairs cost 4 million dollars.",
    "copy": "The repairs cost 4 million dollars.",
}


PAIR_NUMBER: dict[str, Any] = {
    "id": "n",
    "source": "The bridge reopens in March. Repairs cost 4 million dollars.",
    "copy": "The bridge reopens in March. Repairs cost 9 million dollars.",
}


def pairs_lines() -> list[str]:
    return [
        json.dumps(PAIR_GOOD, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "c", "source": "Something happened."}),
        json.dumps({"id": "d", "source": "   ", "copy": "Text here."}),
        "[1, 2, 3]",
        json.dumps({"id": {"nested": True}, "source": 5, "copy": "x"}),
        json.dumps(PAIR_SAME),
        json.dumps(PAIR_NUMBER),
    ]


def test_pairs_records(write: Any) -> None:
    infile = write("in.jsonl", "\n".join(pairs_lines()) + "\n")
    result = invoke("pairs", infile, "--no-lm")
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(pairs_lines())
    assert [r["id"] for r in out] == ["a", None, "c", "d", None, None, 2, "n"]
    for r in out[1:6]:
        assert set(r) == {"id", "error"} and "E044" in r["error"]
    assert "line 2" in out[1]["error"]
    assert "copy" in out[2]["error"]
    assert "source" in out[3]["error"]
    inputs: dict[Any, dict[str, Any]] = {"a": PAIR_GOOD, 2: PAIR_SAME, "n": PAIR_NUMBER}
    for r in (out[0], out[6], out[7]):
        assert list(r) == ["id", "status", "similarity", "meaning_changed", "findings"]
        assert -1.0 <= r["similarity"] <= 1.0
        given = inputs[r["id"]]
        for f in r["findings"]:
            assert list(f) == FINDING_KEYS
            for key, side in (("source_span", "source"), ("copy_span", "copy")):
                if f[key] is not None:
                    assert f[key]["text"] == given[side][f[key]["start"] : f[key]["end"]]
    assert out[6]["status"] == "identical" and out[6]["findings"] == []
    assert any(f["type"] == "entity" for f in out[0]["findings"])
    number = [f for f in out[7]["findings"] if f["type"] == "number"]
    assert number and number[0]["copy_span"]["text"].startswith("9")


def test_pairs_small_batches_same_result(write: Any) -> None:
    infile = write("in.jsonl", "\n".join(pairs_lines()) + "\n")
    whole = invoke("pairs", infile, "--no-lm")
    batched = invoke("pairs", infile, "--no-lm", "--batch-size", "1")
    assert whole.exit_code == batched.exit_code == 0
    assert whole.stdout == batched.stdout


def test_pairs_output_file(write: Any, tmp_path: Path) -> None:
    infile = write("in.jsonl", "\n".join(pairs_lines()) + "\n")
    out = tmp_path / "out" / "result.jsonl"
    result = invoke("pairs", infile, "--no-lm", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == invoke("pairs", infile, "--no-lm").stdout
    assert leftovers(out.parent) == []


def test_pairs_output_failure_leaves_nothing(write: Any, tmp_path: Path) -> None:
    infile = write("in.jsonl", "\n".join(pairs_lines()) + "\n")
    out = tmp_path / "in.jsonl" / "result.jsonl"
    assert_one_line_error(invoke("pairs", infile, "--no-lm", "-o", str(out)), 2, "E043")
    assert not out.exists()


def test_pairs_missing_input(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.jsonl")
    assert_one_line_error(invoke("pairs", missing, "--no-lm"), 2, "E045", missing)


def test_pairs_directory_input(tmp_path: Path) -> None:
    assert_one_line_error(invoke("pairs", str(tmp_path), "--no-lm"), 2, "E045")


def test_pairs_empty_input(write: Any) -> None:
    infile = write("empty.jsonl", "")
    result = invoke("pairs", infile, "--no-lm")
    assert result.exit_code == 0 and result.stdout == ""


@pytest.mark.model
def test_real_models_pairs(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text("\n".join(pairs_lines()) + "\n", encoding="utf-8")
    proc = run_drift("pairs", "in.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == ["a", None, "c", "d", None, None, 2, "n"]
    assert any(f["type"] == "entity" for f in out[0]["findings"])
    assert out[6]["status"] == "identical"


def test_pairs_side_without_words_is_an_error_record(write: Any) -> None:
    lines = [
        json.dumps({"id": "p", "source": "!!! ???", "copy": "Some real text here."}),
        json.dumps(PAIR_SAME),
    ]
    result = invoke("pairs", write("in.jsonl", "\n".join(lines)), "--no-lm")
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert list(out[0]) == ["id", "error"] and out[0]["id"] == "p"
    assert out[1]["id"] == 2 and out[1]["status"] == "identical"


def test_pairs_parse_each_side_once_in_the_batch_pass() -> None:
    """The batch pass parses the texts the analysis reads (a side's sentences joined),
    so no pair parses on its own; a side's sentences are not parsed one by one."""
    from fakes import HashingEncoder

    from drift.models.resources import Resources
    from drift.pipeline import Checker
    from drift.pipeline.decision import Decision
    from drift.pipeline.pairs import run_pairs
    from drift.pipeline.settings import Settings

    checker = Checker(
        settings=Settings(use_lm=False, decision=Decision()),
        resources=Resources(encoder=HashingEncoder(), use_lm=False),
    )
    parser = checker.resources.parser
    alone: list[str] = []
    inner = type(parser).__call__

    class Counting(type(parser)):  # type: ignore[misc]
        def __call__(self, text: str) -> Any:
            if text not in self._cache:
                alone.append(text)
            return inner(self, text)

    parser.__class__ = Counting
    out = list(run_pairs(checker, [json.dumps(PAIR_NUMBER), json.dumps(PAIR_GOOD)]))
    assert [r["id"] for r in out] == ["n", "a"]
    assert any(f["type"] == "number" for f in out[0]["findings"])
    assert alone == []
    assert PAIR_NUMBER["source"] in parser._cache
    assert "The bridge reopens in March." not in parser._cache
