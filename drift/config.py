"""Project configuration for ``drift check``: ``[tool.drift]`` in ``pyproject.toml`` or ``drift.toml``.

Lookup, first found wins: the file given with ``--config``; ``drift.toml`` in the
current directory (keys at the top level or under ``[tool.drift]``); the
``[tool.drift]`` table of ``pyproject.toml`` in the current directory. Options on the
command line override the file.

Example ``drift.toml``::

    fail-on = "critical"
    detectors = ["entity", "number", "quote"]
    no-lm = true
    equivalents = [["Kyiv", "Kiev"]]

    [severity]
    "omission.clause" = "minor"
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drift.errors import Errors, UsageError
from drift.policy import Policy

KEYS = ("fail-on", "detectors", "no-lm", "severity", "equivalents")
FAIL_ON = ("critical", "major", "minor", "none")


@dataclass(frozen=True)
class Config:
    """Settings read from a configuration file; ``None`` means "not set there".

    Attributes:
        path: The file they came from, or ``None`` when no file was found.
        fail_on: ``critical``, ``major``, ``minor`` or ``none``.
        detectors: Names of the detectors to run.
        no_lm: Skip the language model.
        policy: Severity overrides and equivalences, or ``None`` when the file has neither.
    """

    path: str | None = None
    fail_on: str | None = None
    detectors: tuple[str, ...] | None = None
    no_lm: bool | None = None
    policy: Policy | None = field(default=None)


def _table(path: Path, data: Mapping[str, Any], *, pyproject: bool) -> Mapping[str, Any] | None:
    tool = data.get("tool")
    if isinstance(tool, dict) and isinstance(tool.get("drift"), dict):
        return tool["drift"]  # type: ignore[no-any-return]
    if pyproject:
        return None
    return {k: v for k, v in data.items() if k != "tool"}


def parse_config(path: str, table: Mapping[str, Any]) -> Config:
    """Validate a configuration table and turn it into a :class:`Config`.

    Raises:
        UsageError: An unknown key or a value of the wrong type.
    """
    for key in table:
        if key not in KEYS:
            raise UsageError(Errors.E070.format(path=path, key=key, known=", ".join(KEYS)))
    fail_on = table.get("fail-on")
    if fail_on is not None and (not isinstance(fail_on, str) or fail_on.lower() not in FAIL_ON):
        raise UsageError(Errors.E071.format(path=path, key="fail-on", expected=" or ".join(FAIL_ON)))
    detectors = table.get("detectors")
    if detectors is not None and not (
        isinstance(detectors, list) and all(isinstance(d, str) and d.strip() for d in detectors)
    ):
        raise UsageError(Errors.E071.format(path=path, key="detectors", expected="a list of detector names"))
    no_lm = table.get("no-lm")
    if no_lm is not None and not isinstance(no_lm, bool):
        raise UsageError(Errors.E071.format(path=path, key="no-lm", expected="true or false"))
    severity = table.get("severity")
    if severity is not None and not (
        isinstance(severity, dict) and all(isinstance(v, str) for v in severity.values())
    ):
        raise UsageError(
            Errors.E071.format(path=path, key="severity", expected='a table of rule = "level" or "off"')
        )
    equivalents = table.get("equivalents")
    if equivalents is not None and not (
        isinstance(equivalents, list)
        and all(isinstance(g, list) and all(isinstance(w, str) for w in g) for g in equivalents)
    ):
        expected = "a list of lists of words"
        raise UsageError(Errors.E071.format(path=path, key="equivalents", expected=expected))
    policy = None
    if severity is not None or equivalents is not None:
        policy = Policy.from_mapping({"severity": severity or {}, "equivalents": equivalents or []})
    return Config(
        path=path,
        fail_on=fail_on.lower() if fail_on is not None else None,
        detectors=tuple(d.strip() for d in detectors) if detectors is not None else None,
        no_lm=no_lm,
        policy=policy,
    )


def _read(path: Path, shown: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
        raise UsageError(Errors.E072.format(path=shown, reason=reason)) from None


def load_config(explicit: str | None = None, cwd: str | Path | None = None) -> Config:
    """Find and read the configuration (see the module docstring for the lookup order).

    Args:
        explicit: A path given with ``--config``; it must exist.
        cwd: Where to look for ``drift.toml`` and ``pyproject.toml``; the current directory
            when omitted.

    Returns:
        The configuration, empty (every field ``None``) when no file applies.

    Raises:
        UsageError: The file cannot be read or holds an unknown key or a bad value.
    """
    if explicit is not None:
        path = Path(explicit)
        table = _table(path, _read(path, explicit), pyproject=path.name == "pyproject.toml")
        return parse_config(explicit, table or {})
    base = Path(cwd) if cwd is not None else Path.cwd()
    for name, pyproject in (("drift.toml", False), ("pyproject.toml", True)):
        path = base / name
        if path.is_file():
            table = _table(path, _read(path, name), pyproject=pyproject)
            if table is not None:
                return parse_config(name, table)
    return Config()
