"""The package keeps its layers: import-linter's contract in pyproject.toml holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_layers_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_layer_is_a_package_or_module_of_drift() -> None:
    import tomllib

    layers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    for name in layers["layers"]:
        rel = Path(*name.split("."))
        assert (ROOT / rel / "__init__.py").is_file() or (ROOT / rel).with_suffix(".py").is_file(), name
    top = {p.stem for p in (ROOT / "drift").iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    assert top - {"__init__", "__main__"} <= {n.split(".")[1] for n in layers["layers"]}
