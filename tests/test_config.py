"""One configuration path: drift.toml (or [tool.drift]) reaches every command the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from conftest import findings, run
from fakes import fake_resources

from drift.cli import cli
from drift.config import Config, build_settings, load_config

SOURCE = (
    "Officials said on Tuesday that the bridge will reopen in March after repairs "
    "costing 4 million dollars.\n\n"
    "Mayor John Smith praised the engineers who worked through the winter.\n\n"
    "Traffic on the river crossing is expected to return to normal by the spring.\n"
)
COPY = SOURCE.replace("4 million", "7 million")
CONFIG = """
no-lm = true

[severity]
"number.changed" = "minor"

[thresholds.entity]
swap_min_gain = 0.2
"""


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(COPY, encoding="utf-8")
    (tmp_path / "drift.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=fake_resources)


def number_findings(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["rule"] == "number.changed"]


def test_check_reads_the_file(configured: Path) -> None:
    result = invoke("check", "source.txt", "copy.txt", "--format", "json")
    assert result.exit_code == 0, result.output  # the changed figure is minor configured, so it passes
    report = json.loads(result.stdout)
    findings = [f for c in report["comparisons"] for p in c["pairs"] for f in p["findings"]]
    assert [f["severity"] for f in number_findings(findings)] == ["minor"]
    sig = report["signature"]
    assert "lm off" in sig and "number.changed=minor" in sig and "entity(swap_min_gain=0.2)" in sig


def test_the_command_line_still_wins(configured: Path) -> None:
    result = invoke("check", "source.txt", "copy.txt", "--format", "json", "--fail-on", "minor")
    assert result.exit_code == 1


def test_decision_threshold_option_reaches_check_and_pairs(configured: Path) -> None:
    result = invoke("check", "source.txt", "copy.txt", "--format", "json", "--decision-threshold", "0.25")
    assert result.exit_code == 0, result.output
    assert "threshold 0.2500" in json.loads(result.stdout)["signature"]
    (configured / "in.jsonl").write_text(json.dumps({"id": 1, "source": SOURCE, "copy": COPY}) + "\n")
    result = invoke("pairs", "in.jsonl", "--decision-threshold", "0.25")
    assert result.exit_code == 0, result.output
    bad = invoke("check", "source.txt", "copy.txt", "--decision-threshold", "1.5")
    assert bad.exit_code == 2


def test_pairs_reads_the_file(configured: Path) -> None:
    (configured / "in.jsonl").write_text(json.dumps({"id": 1, "source": SOURCE, "copy": COPY}) + "\n")
    result = invoke("pairs", "in.jsonl")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert [f["severity"] for f in number_findings(record["findings"])] == ["minor"]


def test_trace_reads_the_file(configured: Path) -> None:
    result = invoke("trace", "source.txt", "copy.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    sig = json.loads(result.stdout)["signature"]
    assert "|trace|" in sig and "lm off" in sig and "number.changed=minor" in sig


def test_scan_reads_the_file(configured: Path) -> None:
    (configured / "archive").mkdir()
    (configured / "archive" / "source.txt").write_text(SOURCE, encoding="utf-8")
    (configured / "copies").mkdir()
    (configured / "copies" / "copy.txt").write_text(COPY, encoding="utf-8")
    assert invoke("index", "archive", "--db", "a.db").exit_code == 0
    result = invoke("scan", "copies", "--db", "a.db", "-o", "out.parquet", "-q")
    assert result.exit_code == 0, result.output
    row = pd.read_parquet(configured / "out.parquet").to_dict("records")[0]
    assert row["critical"] == 0 and row["minor"] >= 1 and row["relation"] == "copy"


def test_a_policy_file_named_in_the_config_is_read_beside_it(configured: Path) -> None:
    (configured / "conf").mkdir()
    (configured / "conf" / "policy.toml").write_text('[severity]\n"number.changed" = "off"\n')
    (configured / "conf" / "drift.toml").write_text('policy = "policy.toml"\nno-lm = true\n')
    config = load_config("conf/drift.toml")
    assert config.policy_path == str(Path("conf") / "policy.toml")
    result = invoke("check", "source.txt", "copy.txt", "--config", "conf/drift.toml", "--format", "json")
    report = json.loads(result.stdout)
    findings = [f for c in report["comparisons"] for p in c["pairs"] for f in p["findings"]]
    assert number_findings(findings) == []


def test_settings_merge_in_one_place(configured: Path) -> None:
    settings = build_settings(load_config(), detectors="number,entity", fail_on="major")
    assert settings.detectors == ("number", "entity")
    assert settings.detector_options == {"entity": {"swap_min_gain": 0.2}}
    assert settings.policy.severity("number.changed").label == "minor"  # type: ignore[union-attr]


def test_bad_thresholds_table_is_a_numbered_error(configured: Path) -> None:
    (configured / "drift.toml").write_text("thresholds = 3\n")
    result = invoke("trace", "source.txt", "copy.txt")
    assert result.exit_code == 2 and "[E071]" in result.stderr
    (configured / "drift.toml").write_text("[thresholds.entity]\nswap_gain = 1.0\n")
    result = invoke("check", "source.txt", "copy.txt")
    assert result.exit_code == 2 and "[E049]" in result.stderr


# --- lookup, precedence and errors (the source/number/name workspace) ------------------


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


def test_min_confidence_from_the_file_and_the_option(tmp_path: Path) -> None:
    from drift.config import parse_config

    config = parse_config("drift.toml", {"min-confidence": 0.4})
    assert config.min_confidence == 0.4
    assert config.default_map()["check"]["min_confidence"] == 0.4
    assert config.default_map()["pairs"]["min_confidence"] == 0.4
    settings = build_settings(config, min_confidence=0.4)
    assert settings.decision.min_confidence == 0.4
    assert settings.decision.finding_model is not None
    for bad in (2, -0.1, "high", True):
        with pytest.raises(Exception, match="E071"):
            parse_config("drift.toml", {"min-confidence": bad})


def test_decision_threshold_from_the_file_and_the_option(tmp_path: Path) -> None:
    from drift.config import parse_config
    from drift.pipeline.decision import load_decision

    trained = load_decision().finding_model
    assert trained is not None
    config = parse_config("drift.toml", {"decision-threshold": 0.4})
    assert config.decision_threshold == 0.4
    assert config.default_map()["check"]["decision_threshold"] == 0.4
    assert config.default_map()["pairs"]["decision_threshold"] == 0.4
    settings = build_settings(config, decision_threshold=0.4)
    assert settings.decision.finding_model is not None
    assert settings.decision.finding_model.threshold == 0.4
    assert settings.decision.finding_model.weights == trained.weights
    assert build_settings(config).decision.finding_model.threshold == trained.threshold  # type: ignore[union-attr]
    assert "threshold 0.4000" in settings.decision.settings
    for bad in (2, -0.1, "high", True):
        with pytest.raises(Exception, match="E071"):
            parse_config("drift.toml", {"decision-threshold": bad})


def test_quote_strict_in_a_policy_file(tmp_path: Path) -> None:
    from drift.config import load_policy

    path = tmp_path / "policy.toml"
    path.write_text("[quote]\nstrict = true\n", encoding="utf-8")
    policy = load_policy(str(path))
    assert policy.strict_quotes and policy.severity("quote.reworded") is policy.severity("quote.changed")
    assert "quote.strict" in policy.fingerprint
    path.write_text('[quote]\nstrict = "yes"\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"E0\d\d"):
        load_policy(str(path))
