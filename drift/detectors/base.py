"""What every detector shares: the pair context, the base class and the registry.

Detectors are components in the spaCy sense: :func:`register` records, beside the
class, what its code reads and writes (the finding types it emits, the models it
asks the resources for, its thresholds with their defaults), and the pipeline
builds each one from that record with keyword-only options. The default detector
list is the registry's order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

from drift.align.sides import Side
from drift.align.words import WordAlignment, align_words
from drift.detectors.vocabulary import one_line
from drift.errors import Errors, UsageError
from drift.policy import Policy
from drift.text.diff import Hunk, word_diff
from drift.values import AlignedPair, Document, Finding, FindingType, PairStatus, Span

MODELS = ("parser", "word_vectors", "lm", "encoder", "wordnet")


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
    def words(self) -> WordAlignment | None:
        """Source words linked with the copy words that play their role
        (:func:`drift.align.words.align_words`); None without word-piece vectors."""
        tokens = getattr(self.resources, "token_vectors", None)
        if tokens is None:
            return None
        return align_words(self.source, self.copy, tokens)

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
        rule: str,
        src: tuple[int, int] | None,
        cpy: tuple[int, int] | None,
        explanation: str,
    ) -> Finding | None:
        """Make a finding from side-text ranges; None when the policy switches the rule off.

        The finding's type is the rule's first part (``"entity.changed"`` → entity).
        """
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
        return Finding(rule_type(rule), severity, src_span, cpy_span, one_line(explanation), rule)


def rule_type(rule: str) -> FindingType:
    """The finding type a policy rule belongs to (``"number.changed"`` → number)."""
    return FindingType(rule.partition(".")[0])


@dataclass(frozen=True)
class DocumentContext:
    """What a detector may read about a whole comparison, for copy sentences that
    have no source counterpart.

    Attributes:
        source: The source document.
        copy: The copy document.
        policy: Severity policy.
        resources: Lazily loaded models.
    """

    source: Document
    copy: Document
    policy: Policy
    resources: Any

    def side(self, index: int) -> Side:
        """The copy sentence ``index`` as a parsed side."""
        return Side.build(self.copy, [index], self.resources.parser)


class Detector:
    """A callable component that finds one kind of meaning change in a pair.

    Subclasses are registered with :func:`register` and implement ``__call__``.
    Their thresholds are set as keyword-only options and read as attributes;
    :attr:`config` holds every one of them (defaults and overrides).
    """

    info: ClassVar[DetectorInfo]

    def __init__(self, **options: Any) -> None:
        info = type(self).info
        unknown = sorted(set(options) - set(info.defaults))
        if unknown:
            known = ", ".join(sorted(info.defaults)) or "none"
            raise UsageError(Errors.E049.format(name=info.name, option=unknown[0], known=known))
        config: dict[str, Any] = {}
        for key, default in info.defaults.items():
            value = options.get(key, default)
            widened = isinstance(default, float) and type(value) is int
            if type(value) is not type(default) and not widened:
                expected = type(default).__name__
                raise UsageError(Errors.E050.format(name=info.name, option=key, expected=expected))
            config[key] = type(default)(value)
            setattr(self, key, config[key])
        self.config: Mapping[str, Any] = MappingProxyType(config)

    @property
    def name(self) -> str:
        return type(self).info.name

    def __call__(self, ctx: PairContext) -> list[Finding]:
        raise NotImplementedError

    def unmatched_copy(self, ctx: DocumentContext, index: int) -> Finding | None:
        """A finding on a copy sentence that aligns with nothing in the source; most
        detectors have none."""
        return None

    @property
    def settings(self) -> str:
        """This detector's name and thresholds, for the signature."""
        if not self.config:
            return self.name
        return f"{self.name}({','.join(f'{k}={v}' for k, v in sorted(self.config.items()))})"


@dataclass(frozen=True)
class DetectorInfo:
    """What the registry knows about a detector.

    Attributes:
        name: The name used on the command line and in the configuration.
        factory: The detector class.
        emits: Finding types its findings may carry.
        models: Resources it reads (a subset of :data:`MODELS`).
        defaults: Its thresholds and their default values.
    """

    name: str
    factory: type[Detector]
    emits: tuple[FindingType, ...]
    models: tuple[str, ...]
    defaults: Mapping[str, Any]

    def __post_init__(self) -> None:
        if not self.name or not self.emits:
            raise ValueError("a detector needs a name and at least one finding type")
        unknown = set(self.models) - set(MODELS)
        if unknown:
            raise ValueError(f"detector {self.name!r} reads unknown models {sorted(unknown)}")


REGISTRY: dict[str, DetectorInfo] = {}
D = TypeVar("D", bound=type[Detector])


def register(
    name: str,
    *,
    emits: tuple[FindingType, ...],
    models: tuple[str, ...] = ("parser",),
    defaults: Mapping[str, Any] | None = None,
) -> Callable[[D], D]:
    """Class decorator adding a detector to :data:`REGISTRY` with its metadata."""

    def add(cls: D) -> D:
        if name in REGISTRY:
            raise ValueError(f"detector name {name!r} is taken")
        info = DetectorInfo(name, cls, emits, models, MappingProxyType(dict(defaults or {})))
        cls.info = info
        REGISTRY[name] = info
        return cls

    return add


def default_detectors() -> tuple[str, ...]:
    """Every registered detector, in registration order."""
    return tuple(REGISTRY)


def build(name: str, options: Mapping[str, Any] | None = None) -> Detector:
    """Make the detector ``name`` with its options.

    Raises:
        UsageError: An unknown detector, option or option type.
    """
    if name not in REGISTRY:
        raise UsageError(Errors.E046.format(name=name, known=", ".join(REGISTRY)))
    return REGISTRY[name].factory(**dict(options or {}))


def unmatched_pair(index: int, finding: Finding) -> AlignedPair:
    """The pair that carries a finding on an unmatched copy sentence."""
    return AlignedPair((), (index,), 0.0, PairStatus.DRIFT, (finding,))


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
    FindingType.HEADLINE: 9,
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
    severe wins) whose span overlaps theirs on either side, except a quote finding: it says
    that the words of a quotation changed, not what their change means, so a cut name or
    an added claim inside a quotation is still read (the calibrated decision then keeps
    the quote critical when such a reading holds, see
    :meth:`drift.pipeline.decision.Decision.decide`).
    Exact duplicates are removed.
    """
    ordered = sorted(set(findings), key=lambda f: (PRIORITY[f.type], -f.severity, f.sort_key()))
    kept: list[Finding] = []
    for f in ordered:
        if f.type in _YIELDING and any(
            PRIORITY[k.type] <= PRIORITY[f.type]
            and k.type is not FindingType.QUOTE
            and (_overlap(f.source_span, k.source_span) or _overlap(f.copy_span, k.copy_span))
            for k in kept
        ):
            continue
        kept.append(f)
    return sorted(kept, key=Finding.sort_key)
