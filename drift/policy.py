"""Severity policy: which rule of which detector gets which severity.

Each detector names the rule that fired (``"entity.changed"``); the policy maps the
rule to a severity. Unknown rules fall back to their type's default. A newsroom can
override any rule, or silence it with ``"off"``, from a TOML policy file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from drift.errors import Errors, UsageError
from drift.io import read_toml
from drift.values import Severity

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

DEFAULT_RULES: dict[str, Severity] = {
    "entity.changed": C,
    "entity.misspelled": m,
    "number.changed": C,
    "number.code_changed": C,
    "number.qualifier": M,
    "number.qualifier_added": m,
    "quote.changed": C,
    "quote.reworded": m,
    "negation.changed": C,
    "negation.antonym": C,
    "negation.opposite": M,
    "modality.changed": M,
    "modality.dropped": M,
    "modality.added": M,
    "modality.tense": m,
    "attribution.verb": M,
    "attribution.neutralised": m,
    "attribution.dropped": M,
    "attribution.speaker": M,
    "lexical_meaning.sense": M,
    "lexical_meaning.misspelling": m,
    "omission.entity": M,
    "omission.entity_minor": m,
    "omission.date": m,
    "omission.number": M,
    "omission.clause": M,
    "omission.verb": M,
    "omission.subject": M,
    "omission.qualifier": m,
    "omission.detail": m,
    "omission.trimmed": m,
    "addition.entity": M,
    "addition.entity_minor": m,
    "addition.date": m,
    "addition.number": M,
    "addition.claim": M,
    "addition.sentence": M,
    "addition.detail": m,
    "addition.qualifier": M,
    "addition.attribution": m,
    "headline.entity": M,
    "headline.number": M,
    "headline.claim": M,
}


@dataclass(frozen=True)
class Policy:
    """Rule → severity, plus house-style equivalences a newsroom adds.

    Attributes:
        rules: Severity per rule; a rule mapped to ``None`` is switched off.
        equivalents: Groups of words or phrases treated as the same (lower case).
        strict_quotes: Every quotation must be verbatim (``quote.strict = true``): a quote
            reworded without a change of meaning gets ``quote.changed``'s severity.
    """

    rules: Mapping[str, Severity | None] = field(default_factory=lambda: dict(DEFAULT_RULES))
    equivalents: tuple[frozenset[str], ...] = ()
    strict_quotes: bool = False

    def __post_init__(self) -> None:
        for key in self.rules:
            if "." not in key:
                raise UsageError(Errors.E047.format(rule=key))

    def severity(self, rule: str) -> Severity | None:
        if rule == "quote.reworded" and self.strict_quotes:
            return self.severity("quote.changed")
        if rule in self.rules:
            return self.rules[rule]
        return DEFAULT_RULES.get(rule, Severity.MAJOR)

    def equivalent(self, a: str, b: str) -> bool:
        a, b = a.lower().strip(), b.lower().strip()
        return a == b or any(a in g and b in g for g in self.equivalents)

    def canonical(self, word: str) -> str:
        """The house form of a normalised word: the first, alphabetically, of its group."""
        for group in self.equivalents:
            if word in group:
                return min(group)
        return word

    @property
    def fingerprint(self) -> str:
        """Short description of the differences from the default, for the signature."""
        changed = sorted(k for k, v in self.rules.items() if DEFAULT_RULES.get(k) != v)
        extra = len(self.equivalents)
        if not changed and not extra and not self.strict_quotes:
            return "default"
        parts = [f"{k}={self.rules[k].label if self.rules[k] else 'off'}" for k in changed]  # type: ignore[union-attr]
        if extra:
            parts.append(f"equiv{extra}")
        if self.strict_quotes:
            parts.append("quote.strict")
        return ",".join(parts)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Policy:
        rules: dict[str, Severity | None] = dict(DEFAULT_RULES)
        for key, value in dict(data.get("severity", {}) or {}).items():  # type: ignore[call-overload]
            text = str(value).lower()
            try:
                rules[str(key)] = None if text == "off" else Severity.parse(text)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        groups = []
        for group in data.get("equivalents", []) or []:  # type: ignore[attr-defined]
            groups.append(frozenset(str(w).lower().strip() for w in group))
        quote = data.get("quote", {}) or {}
        strict = quote.get("strict", False) if isinstance(quote, Mapping) else quote
        if not isinstance(strict, bool):
            raise UsageError(Errors.E023.format(key="quote.strict", expected="true or false"))
        return cls(rules=rules, equivalents=tuple(groups), strict_quotes=strict)

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        data = read_toml(path, error=Errors.E048)
        return cls.from_mapping(data.get("tool", {}).get("drift", data) if "tool" in data else data)
