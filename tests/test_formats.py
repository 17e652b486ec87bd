"""Every report format of every command that writes reports: it renders, or it is a
clear one-line usage error (``drift trace`` has no JUnit or SARIF form)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import fake_resources

from drift.cli import cli
from drift.report import FORMATS

SOURCE = (
    "Officials said on Tuesday that the bridge will reopen in March after repairs "
    "costing 4 million dollars.\n\n"
    "Mayor John Smith praised the engineers who worked through the winter.\n"
)
COPY = SOURCE.replace("4 million", "7 million")
ALL = ("text", "json", "markdown", "html", "junit", "sarif")
SUFFIX = {
    "text": ".txt",
    "json": ".json",
    "markdown": ".md",
    "html": ".html",
    "junit": ".junit.xml",
    "sarif": ".sarif",
}


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "a.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(COPY, encoding="utf-8")
    return str(tmp_path / "a.txt"), str(tmp_path / "b.txt")


def test_the_cli_offers_exactly_what_the_renderers_can_write() -> None:
    assert set(FORMATS["check"]) == set(ALL)
    assert set(FORMATS["trace"]) == {"text", "json", "markdown", "html"}


@pytest.mark.parametrize("command", ["check", "trace"])
@pytest.mark.parametrize("fmt", ALL)
@pytest.mark.parametrize("how", ["--format", "--output"])
def test_every_format_of_every_command(
    files: tuple[str, str], tmp_path: Path, command: str, fmt: str, how: str
) -> None:
    out = tmp_path / f"report{SUFFIX[fmt]}"
    args = [command, *files, "--no-lm"]
    args += ["--format", fmt] if how == "--format" else ["-o", str(out)]
    if command == "check":
        args += ["--fail-on", "none"]
    result = CliRunner().invoke(cli, args, obj=fake_resources)
    if fmt in FORMATS[command]:
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8") if how == "--output" else result.stdout
        assert text.strip()
        if fmt == "json":
            assert json.loads(text)["schema"].startswith("drift-")
    else:
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("drift: error:"), result.stderr
        assert "internal error" not in result.stderr
        assert not out.exists()
