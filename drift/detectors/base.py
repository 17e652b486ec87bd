"""What every detector shares: the pair context, the base class and the registry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from drift.diffing import Hunk, word_diff
from drift.model import Finding, FindingType, Span
from drift.policy import Policy
from drift.sides import Side


@dataclass
class PairContext:
    """Everything a detector may read about one aligned pair.

    Attributes:
        source: The source side.
        copy: The copy side.
        similarity: Embedding cosine of the two sides.
        policy: Severity policy.
        resources: Lazily loaded models (word vectors, language model, encoder).
    """

    source: Side
    copy: Side
    similarity: float
    policy: Policy
    resources: Any
    hunks: list[Hunk] = field(init=False)
    memo: dict[str, Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        src = [self.policy.canonical(n) for n in self.source.norms]
        cpy = [self.policy.canonical(n) for n in self.copy.norms]
        self.hunks = word_diff(src, cpy, semantic_cleanup=False)

    @property
    def changes(self) -> Iterator[Hunk]:
        return (h for h in self.hunks if h.op != "equal")

    @cached_property
    def src_changed_tokens(self) -> frozenset[int]:
        units = self.source.units
        return frozenset(units[k].tok for h in self.changes for k in range(h.src_start, h.src_end))

    @cached_property
    def cpy_changed_tokens(self) -> frozenset[int]:
        units = self.copy.units
        return frozenset(units[k].tok for h in self.changes for k in range(h.cpy_start, h.cpy_end))

    @cached_property
    def kept_share(self) -> float:
        """Share of words kept verbatim (house style aside), over the longer side."""
        longest = max(len(self.source.units), len(self.copy.units))
        kept = sum(h.src_end - h.src_start for h in self.hunks if h.op == "equal")
        return kept / longest if longest else 1.0

    @cached_property
    def identical(self) -> bool:
        return not any(True for _ in self.changes)

    def finding(
        self,
        type_: FindingType,
        rule: str,
        src: tuple[int, int] | None,
        cpy: tuple[int, int] | None,
        explanation: str,
    ) -> Finding | None:
        """Make a finding from side-text ranges; None when the policy switches the rule off."""
        severity = self.policy.severity(rule)
        if severity is None:
            return None
        src_span = self.source.span(*src) if src else None
        cpy_span = self.copy.span(*cpy) if cpy else None
        if src_span is not None and not src_span.text.strip():
            src_span = None
        if cpy_span is not None and not cpy_span.text.strip():
            cpy_span = None
        if src_span is None and cpy_span is None:
            return None
        return Finding(type_, severity, src_span, cpy_span, one_line(explanation), rule)


def one_line(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(text: str, limit: int = 60) -> str:
    """Article text as it appears inside an explanation."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def tok_range(side: Side, first: int, last: int | None = None) -> tuple[int, int]:
    """Side-text range of tokens ``first..last`` inclusive."""
    t0 = side.doc[first]
    t1 = side.doc[first if last is None else last]
    return t0.idx, t1.idx + len(t1.text)


class Detector:
    """A callable component that finds one kind of meaning change in a pair.

    Subclasses set ``name`` and ``types`` and implement ``__call__``.
    """

    name: ClassVar[str] = ""
    types: ClassVar[tuple[FindingType, ...]] = ()
    uses_models: ClassVar[tuple[str, ...]] = ()

    def __call__(self, ctx: PairContext) -> list[Finding]:
        raise NotImplementedError


REGISTRY: dict[str, type[Detector]] = {}


def register(cls: type[Detector]) -> type[Detector]:
    """Class decorator adding a detector to :data:`REGISTRY` under its ``name``."""
    if not cls.name or cls.name in REGISTRY:
        raise ValueError(f"detector name {cls.name!r} missing or taken")
    REGISTRY[cls.name] = cls
    return cls


PRIORITY: dict[FindingType, int] = {
    FindingType.ENTITY: 0,
    FindingType.NUMBER: 1,
    FindingType.NEGATION: 2,
    FindingType.QUOTE: 3,
    FindingType.MODALITY: 4,
    FindingType.ATTRIBUTION: 5,
    FindingType.LEXICAL_MEANING: 6,
    FindingType.OMISSION: 7,
    FindingType.ADDITION: 8,
}
_YIELDING = {
    FindingType.MODALITY,
    FindingType.ATTRIBUTION,
    FindingType.LEXICAL_MEANING,
    FindingType.OMISSION,
    FindingType.ADDITION,
}


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Drop a softer finding that covers the same words as a more specific one.

    Entity, number, negation and quote findings always stay; the others yield to any
    finding of their own type or earlier in :data:`PRIORITY` (kept first, so the most
    severe wins) whose span overlaps theirs on either side.
    Exact duplicates are removed.
    """
    ordered = sorted(set(findings), key=lambda f: (PRIORITY[f.type], -f.severity, f.sort_key()))
    kept: list[Finding] = []
    for f in ordered:
        if f.type in _YIELDING and any(
            PRIORITY[k.type] <= PRIORITY[f.type]
            and (_overlap(f.source_span, k.source_span) or _overlap(f.copy_span, k.copy_span))
            for k in kept
        ):
            continue
        kept.append(f)
    return sorted(kept, key=Finding.sort_key)
