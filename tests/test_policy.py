"""The severity policy and the house-style allowlist."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import HashingEncoder

from drift.errors import UsageError
from drift.ingest import document_from_text
from drift.models.resources import Resources
from drift.pipeline import Checker, Settings
from drift.policy import DEFAULT_RULES, Policy
from drift.values import FindingType, PairStatus, Severity


def _pair(policy: Policy, source: str, copy: str):  # type: ignore[no-untyped-def]
    checker = Checker(
        settings=Settings(use_lm=False, policy=policy),
        resources=Resources(encoder=HashingEncoder(), use_lm=False),
    )
    s, c = document_from_text("s", source), document_from_text("c", copy)
    return checker.analyse_pair(s, c, range(len(s.sentences)), range(len(c.sentences)), 0.9)


def test_default_policy_grades_changed_numbers_critical() -> None:
    pair = _pair(Policy(), "Police said 45 people died.", "Police said 54 people died.")
    assert [f.severity for f in pair.findings if f.type is FindingType.NUMBER] == [Severity.CRITICAL]


def test_policy_file_overrides_and_switches_off_rules(tmp_path: Path) -> None:
    path = tmp_path / "drift.toml"
    path.write_text('[severity]\n"number.changed" = "minor"\n"addition.detail" = "off"\n')
    policy = Policy.load(path)
    assert policy.severity("number.changed") is Severity.MINOR
    assert policy.severity("addition.detail") is None
    assert "number.changed=minor" in policy.fingerprint
    pair = _pair(policy, "Police said 45 people died.", "Police said 54 people died.")
    assert [f.severity for f in pair.findings if f.type is FindingType.NUMBER] == [Severity.MINOR]


def test_policy_reads_tool_drift_table_of_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.drift.severity]\n"quote.changed" = "major"\n')
    assert Policy.load(path).severity("quote.changed") is Severity.MAJOR


def test_house_style_equivalence_makes_a_swap_identical() -> None:
    source, copy = "Troops left Kyiv on Monday.", "Troops left Kiev on Monday."
    allow = Policy(equivalents=(frozenset({"kyiv", "kiev"}),))
    assert _pair(allow, source, copy).status is PairStatus.IDENTICAL


def test_bad_policy_file_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[severity\n")
    with pytest.raises(UsageError, match="E048"):
        Policy.load(path)
    with pytest.raises(UsageError, match="E010"):
        Policy.from_mapping({"severity": {"number.changed": "huge"}})


def test_every_default_rule_names_a_known_type() -> None:
    types = {t.value for t in FindingType}
    assert {rule.split(".")[0] for rule in DEFAULT_RULES} <= types
