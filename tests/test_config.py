"""One configuration path: drift.toml (or [tool.drift]) reaches every command the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from fakes import fake_resources

from drift.cli import cli
from drift.config import build_settings, load_config

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
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(COPY, encoding="utf-8")
    (tmp_path / "drift.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=fake_resources)


def number_findings(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["rule"] == "number.changed"]


def test_check_reads_the_file(here: Path) -> None:
    result = invoke("check", "source.txt", "copy.txt", "--format", "json")
    assert result.exit_code == 0, result.output  # the changed figure is minor here, so it passes
    report = json.loads(result.stdout)
    findings = [f for c in report["comparisons"] for p in c["pairs"] for f in p["findings"]]
    assert [f["severity"] for f in number_findings(findings)] == ["minor"]
    sig = report["signature"]
    assert "lm off" in sig and "number.changed=minor" in sig and "entity(swap_min_gain=0.2)" in sig


def test_the_command_line_still_wins(here: Path) -> None:
    result = invoke("check", "source.txt", "copy.txt", "--format", "json", "--fail-on", "minor")
    assert result.exit_code == 1


def test_pairs_reads_the_file(here: Path) -> None:
    (here / "in.jsonl").write_text(json.dumps({"id": 1, "source": SOURCE, "copy": COPY}) + "\n")
    result = invoke("pairs", "in.jsonl")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert [f["severity"] for f in number_findings(record["findings"])] == ["minor"]


def test_trace_reads_the_file(here: Path) -> None:
    result = invoke("trace", "source.txt", "copy.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    sig = json.loads(result.stdout)["signature"]
    assert "|trace|" in sig and "lm off" in sig and "number.changed=minor" in sig


def test_scan_reads_the_file(here: Path) -> None:
    (here / "archive").mkdir()
    (here / "archive" / "source.txt").write_text(SOURCE, encoding="utf-8")
    (here / "copies").mkdir()
    (here / "copies" / "copy.txt").write_text(COPY, encoding="utf-8")
    assert invoke("index", "archive", "--db", "a.db").exit_code == 0
    result = invoke("scan", "copies", "--db", "a.db", "-o", "out.parquet", "-q")
    assert result.exit_code == 0, result.output
    row = pd.read_parquet(here / "out.parquet").to_dict("records")[0]
    assert row["critical"] == 0 and row["minor"] >= 1 and row["relation"] == "copy"


def test_a_policy_file_named_in_the_config_is_read_beside_it(here: Path) -> None:
    (here / "conf").mkdir()
    (here / "conf" / "policy.toml").write_text('[severity]\n"number.changed" = "off"\n')
    (here / "conf" / "drift.toml").write_text('policy = "policy.toml"\nno-lm = true\n')
    config = load_config("conf/drift.toml")
    assert config.policy_path == str(Path("conf") / "policy.toml")
    result = invoke("check", "source.txt", "copy.txt", "--config", "conf/drift.toml", "--format", "json")
    report = json.loads(result.stdout)
    findings = [f for c in report["comparisons"] for p in c["pairs"] for f in p["findings"]]
    assert number_findings(findings) == []


def test_settings_merge_in_one_place(here: Path) -> None:
    settings = build_settings(load_config(), detectors="number,entity", fail_on="major")
    assert settings.detectors == ("number", "entity")
    assert settings.detector_options == {"entity": {"swap_min_gain": 0.2}}
    assert settings.policy.severity("number.changed").label == "minor"  # type: ignore[union-attr]


def test_bad_thresholds_table_is_a_numbered_error(here: Path) -> None:
    (here / "drift.toml").write_text("thresholds = 3\n")
    result = invoke("trace", "source.txt", "copy.txt")
    assert result.exit_code == 2 and "[E071]" in result.stderr
    (here / "drift.toml").write_text("[thresholds.entity]\nswap_gain = 1.0\n")
    result = invoke("check", "source.txt", "copy.txt")
    assert result.exit_code == 2 and "[E049]" in result.stderr
