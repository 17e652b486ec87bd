"""The one configuration path of every command: ``[tool.drift]`` in ``pyproject.toml``
or ``drift.toml``, the policy file, and the command-line options, merged here.

Lookup, first found wins: the file given with ``--config``; ``drift.toml`` in the
current directory (keys at the top level or under ``[tool.drift]``); the
``[tool.drift]`` table of ``pyproject.toml`` in the current directory. Options on the
command line override the file: :meth:`Config.default_map` turns the file into click's
``default_map`` (the way black reads ``pyproject.toml``), so every command (check,
pairs, trace, scan) reads the same keys, and :func:`build_settings` merges the
policy file, the inline policy and the detector thresholds into one
:class:`~drift.pipeline.Settings`.

Example ``drift.toml``::

    fail-on = "critical"
    detectors = ["entity", "number", "quote"]
    no-lm = true
    equivalents = [["Kyiv", "Kiev"]]

    policy = "house-policy.toml"

    [severity]
    "omission.clause" = "minor"

    [thresholds.entity]
    swap_min_gain = 0.1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drift.errors import Errors, UsageError
from drift.ingest.decode import display_path, refuse_special
from drift.io import read_toml
from drift.policy import DEFAULT_RULES, Policy

if TYPE_CHECKING:
    from drift.pipeline import Settings
    from drift.pipeline.decision import Decision

KEYS = (
    "fail-on",
    "strict",
    "detectors",
    "no-lm",
    "min-confidence",
    "decision-threshold",
    "policy",
    "severity",
    "equivalents",
    "thresholds",
)
FAIL_ON = ("critical", "major", "minor", "none")
POLICY_KEYS = ("severity", "equivalents", "quote")
"""What a policy file may hold (at its top level, or under ``[tool.drift]``)."""


@dataclass(frozen=True)
class Config:
    """Settings read from a configuration file; ``None`` means "not set there".

    Attributes:
        path: The file they came from, or ``None`` when no file was found.
        fail_on: ``critical``, ``major``, ``minor`` or ``none``.
        detectors: Names of the detectors to run.
        no_lm: Skip the language model.
        min_confidence: Drop findings whose calibrated confidence is under this.
        decision_threshold: The confidence a major or critical candidate needs to keep
            its severity, instead of the trained one.
        strict: Let findings of copies only related to the source fail the run.
        policy: Severity overrides and equivalences, or ``None`` when the file has neither.
        policy_path: A policy file the configuration names, relative to the current directory.
        thresholds: Options per detector name.
        rules_named: The rules of the file's ``[severity]`` table, checked against the
            detectors' rules when settings are built (:func:`check_rules`).
    """

    path: str | None = None
    fail_on: str | None = None
    detectors: tuple[str, ...] | None = None
    no_lm: bool | None = None
    strict: bool | None = None
    min_confidence: float | None = None
    decision_threshold: float | None = None
    policy: Policy | None = field(default=None)
    policy_path: str | None = None
    thresholds: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rules_named: tuple[str, ...] = ()

    def default_map(self) -> dict[str, dict[str, Any]]:
        """Click's ``default_map`` for every command: what the file sets becomes the
        options' defaults, and an option given on the command line still wins."""
        common: dict[str, Any] = {}
        if self.no_lm is not None:
            common["no_lm"] = self.no_lm
        if self.policy_path is not None:
            common["policy_path"] = self.policy_path
        detectors: dict[str, Any] = (
            {"detectors": ",".join(self.detectors)} if self.detectors is not None else {}
        )
        if self.min_confidence is not None:
            detectors["min_confidence"] = self.min_confidence
        if self.decision_threshold is not None:
            detectors["decision_threshold"] = self.decision_threshold
        gate: dict[str, Any] = {"fail_on": self.fail_on} if self.fail_on is not None else {}
        if self.strict is not None:
            gate["strict"] = self.strict
        return {
            "check": {**common, **detectors, **gate},
            "pairs": {**common, **detectors},
            "trace": dict(common),
            "scan": dict(common),
        }


def _tool_drift(shown: str, data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The ``[tool.drift]`` table of a TOML document, ``None`` when it has none.

    Raises:
        UsageError: E071 when ``tool`` or ``tool.drift`` is there but not a table.
    """
    if "tool" not in data:
        return None
    tool = data["tool"]
    if not isinstance(tool, dict):
        raise UsageError(Errors.E071.format(path=shown, key="tool", expected="a table"))
    if "drift" not in tool:
        return None
    if not isinstance(tool["drift"], dict):
        expected = "a table, e.g. [tool.drift]"
        raise UsageError(Errors.E071.format(path=shown, key="tool.drift", expected=expected))
    table: Mapping[str, Any] = tool["drift"]
    return table


def _table(shown: str, data: Mapping[str, Any], *, pyproject: bool) -> Mapping[str, Any] | None:
    """The drift settings of a configuration file: its ``[tool.drift]`` table, or for
    a ``drift.toml`` its top level (``None`` for a ``pyproject.toml`` without one).

    Raises:
        UsageError: E071 for a ``tool.drift`` that is not a table, E078 for settings
            both at the top level of a ``drift.toml`` and under its ``[tool.drift]``.
    """
    table = _tool_drift(shown, data)
    if pyproject:
        return table
    top = {k: v for k, v in data.items() if k != "tool"}
    if table is not None and top:
        raise UsageError(Errors.E078.format(path=shown))
    return table if table is not None else top


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
    strict = table.get("strict")
    for key, value in (("no-lm", no_lm), ("strict", strict)):
        if value is not None and not isinstance(value, bool):
            raise UsageError(Errors.E071.format(path=path, key=key, expected="true or false"))
    min_confidence = table.get("min-confidence")
    decision_threshold = table.get("decision-threshold")
    for key, value in (("min-confidence", min_confidence), ("decision-threshold", decision_threshold)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1
        ):
            raise UsageError(Errors.E071.format(path=path, key=key, expected="a number from 0 to 1"))
    severity = table.get("severity")
    if isinstance(severity, dict):
        _misplaced(path, severity)
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
    policy_path = table.get("policy")
    if policy_path is not None and not (isinstance(policy_path, str) and policy_path.strip()):
        raise UsageError(Errors.E071.format(path=path, key="policy", expected="the path of a policy file"))
    thresholds = table.get("thresholds")
    if thresholds is not None and not (
        isinstance(thresholds, dict)
        and all(isinstance(v, dict) and all(isinstance(k, str) for k in v) for v in thresholds.values())
    ):
        expected = "a table of detector tables, e.g. [thresholds.entity]"
        raise UsageError(Errors.E071.format(path=path, key="thresholds", expected=expected))
    policy = None
    if severity is not None or equivalents is not None:
        policy = Policy.from_mapping({"severity": severity or {}, "equivalents": equivalents or []})
    return Config(
        path=path,
        fail_on=fail_on.lower() if fail_on is not None else None,
        detectors=tuple(d.strip() for d in detectors) if detectors is not None else None,
        no_lm=no_lm,
        strict=strict,
        min_confidence=float(min_confidence) if min_confidence is not None else None,
        decision_threshold=float(decision_threshold) if decision_threshold is not None else None,
        policy=policy,
        policy_path=_beside(path, policy_path) if policy_path is not None else None,
        thresholds={str(k): dict(v) for k, v in (thresholds or {}).items()},
        rules_named=tuple(str(k) for k in (severity or {})),
    )


def known_rules() -> tuple[str, ...]:
    """The rules the registered detectors can fire: the policy's rules of every
    finding type some detector in :data:`drift.detectors.REGISTRY` emits."""
    from drift.detectors import REGISTRY

    emitted = {t.value for info in REGISTRY.values() for t in info.emits}
    return tuple(rule for rule in DEFAULT_RULES if rule.split(".", 1)[0] in emitted)


def check_rules(path: str, rules: Sequence[str]) -> None:
    """Refuse a severity rule no registered detector fires (a typo would otherwise
    be accepted and never match anything).

    Raises:
        UsageError: E077 naming the rule, with the nearest known rule or the known types.
    """
    import difflib

    known = known_rules()
    kinds = sorted({r.split(".", 1)[0] for r in known})
    for rule in rules:
        if rule in known:
            continue
        kind = rule.split(".", 1)[0]
        if kind not in kinds:
            near = difflib.get_close_matches(kind, kinds, n=1, cutoff=0.7)
            candidates = [r for r in known if near and r.startswith(near[0] + ".")]
        else:
            candidates = [r for r in known if r.startswith(kind + ".")]
        close = difflib.get_close_matches(rule, candidates, n=1, cutoff=0.6)
        if close:
            hint = f"; did you mean {close[0]!r}?"
        elif kind in kinds:
            hint = f"; the rules of {kind!r} are {', '.join(candidates)}"
        else:
            hint = f"; a rule starts with a finding type: {', '.join(kinds)}"
        raise UsageError(Errors.E077.format(path=path, rule=rule, hint=hint))


def _misplaced(path: str, severity: Mapping[str, Any]) -> None:
    """Refuse a setting that TOML put in the severity table because it was written
    below the ``[severity]`` header (E077)."""
    for key in severity:
        if key in POLICY_KEYS or key in KEYS:
            hint = f"; in TOML a key under [severity] belongs to that table: put {key} above it"
            raise UsageError(Errors.E077.format(path=path, rule=key, hint=hint))


def load_policy(path: str) -> Policy:
    """Read a policy file: ``severity``, ``equivalents`` and ``quote``, at its top level
    or under ``[tool.drift]`` (where the other configuration keys are left to the
    configuration reader).

    Raises:
        UsageError: The file cannot be read (E048), is not a regular file (E060), holds
            an unknown key (E075), a value of the wrong type (E076) or a rule no
            detector fires (E077).
    """
    shown = display_path(path)
    refuse_special(path)
    data = read_toml(path, error=Errors.E048, shown=shown)
    table = _tool_drift(shown, data)
    if table is None:
        for key in data:
            if key not in POLICY_KEYS:
                raise UsageError(Errors.E075.format(path=shown, key=key, known=", ".join(POLICY_KEYS)))
        table = data
    else:
        table = {k: v for k, v in table.items() if k in POLICY_KEYS}
    severity = table.get("severity", {})
    if isinstance(severity, dict):
        _misplaced(shown, severity)
    if not (isinstance(severity, dict) and all(isinstance(v, str) for v in severity.values())):
        expected = 'a table of rule = "level" or "off", e.g. [severity]'
        raise UsageError(Errors.E076.format(path=shown, key="severity", expected=expected))
    equivalents = table.get("equivalents", [])
    if not (
        isinstance(equivalents, list)
        and all(isinstance(g, list) and all(isinstance(w, str) for w in g) for g in equivalents)
    ):
        expected = 'a list of lists of words, e.g. [["Kyiv", "Kiev"]]'
        raise UsageError(Errors.E076.format(path=shown, key="equivalents", expected=expected))
    check_rules(shown, [str(k) for k in severity])
    return Policy.from_mapping(table)


def _beside(config_path: str, relative: str) -> str:
    """A path named in a configuration file, read relative to that file."""
    return str(Path(config_path).parent / relative) if not Path(relative).is_absolute() else relative


def build_settings(
    config: Config,
    *,
    detectors: str | None = None,
    no_lm: bool = False,
    fail_on: str | None = "none",
    policy_path: str | None = None,
    min_confidence: float = 0.0,
    decision_threshold: float | None = None,
) -> Settings:
    """Merge the command-line options (already defaulted from the file by
    :meth:`Config.default_map`), the policy and the thresholds into one value.

    A policy file (``--policy`` or the file's ``policy`` key) replaces the file's
    inline ``[severity]`` and ``equivalents``.
    """

    from drift.detectors import default_detectors
    from drift.pipeline import Settings
    from drift.values import Severity

    names = tuple(d.strip() for d in detectors.split(",") if d.strip()) if detectors else default_detectors()
    if policy_path:
        policy = load_policy(policy_path)
    else:
        policy = config.policy or Policy()
        if config.path is not None and config.rules_named:
            check_rules(config.path, config.rules_named)
    level = None if fail_on is None or fail_on.lower() == "none" else Severity.parse(fail_on)
    return Settings(
        detectors=names,
        detector_options=config.thresholds,
        use_lm=not no_lm,
        fail_on=level,
        policy=policy,
        decision=_decision(min_confidence, decision_threshold),
    )


def _decision(min_confidence: float, threshold: float | None) -> Decision:
    """The trained decision with the run's floor and, when given, its own operating point."""
    from dataclasses import replace

    from drift.pipeline.decision import load_decision

    decision = load_decision()
    if threshold is not None and decision.finding_model is not None:
        decision = replace(decision, finding_model=replace(decision.finding_model, threshold=threshold))
    return replace(decision, min_confidence=min_confidence)


def _read(path: Path, shown: str) -> dict[str, Any]:
    refuse_special(str(path))
    return read_toml(path, error=Errors.E072, shown=display_path(shown))


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
        shown = display_path(explicit)
        table = _table(shown, _read(path, explicit), pyproject=path.name == "pyproject.toml")
        return parse_config(shown, table or {})
    base = Path(cwd) if cwd is not None else Path.cwd()
    for name, pyproject in (("drift.toml", False), ("pyproject.toml", True)):
        path = base / name
        if not path.is_dir() and (path.exists() or path.is_symlink()):
            table = _table(name, _read(path, name), pyproject=pyproject)
            if table is not None:
                return parse_config(name, table)
    return Config()
