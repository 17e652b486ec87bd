"""The value types that flow through drift: documents, sentences, alignments, findings.

Every type is a frozen dataclass validated in ``__post_init__`` so that a malformed
value fails where it is made, not three stages later.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from drift.errors import Errors


class Severity(enum.IntEnum):
    """How much a finding matters. Ordered: ``MINOR < MAJOR < CRITICAL``."""

    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(Errors.E010.format(value=value)) from None


class FindingType(enum.StrEnum):
    """The kinds of meaning change drift reports."""

    ENTITY = "entity"
    NUMBER = "number"
    QUOTE = "quote"
    MODALITY = "modality"
    ATTRIBUTION = "attribution"
    NEGATION = "negation"
    LEXICAL_MEANING = "lexical_meaning"
    OMISSION = "omission"
    ADDITION = "addition"
    HEADLINE = "headline"


class PairStatus(enum.StrEnum):
    IDENTICAL = "identical"
    EDITED = "edited"
    DRIFT = "drift"


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into a document's decoded text."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(Errors.E011.format(start=self.start, end=self.end))
        if len(self.text) != self.end - self.start:
            raise ValueError(Errors.E012.format(text=self.text[:40], start=self.start, end=self.end))

    def to_json(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


FURNITURE_KINDS = frozenset(
    {
        "headline",
        "standfirst",
        "byline",
        "dateline",
        "date_stamp",
        "editor_note",
        "credit",
        "navigation",
        "call_to_action",
    }
)
"""Kinds of document furniture: what a page carries around the article text."""
CHECKED_FURNITURE = frozenset({"headline", "standfirst"})
"""Furniture that stays article text, checked against the whole source."""


@dataclass(frozen=True)
class Furniture:
    """A piece of document furniture: ``text == document.text[start:end]``.

    Headlines and standfirsts are also article sentences (checked against the whole
    source); the rest (bylines, datelines with their agency credit, editor's lines,
    credits, navigation, calls to action, date stamps) is not article text.
    """

    kind: str
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.kind not in FURNITURE_KINDS:
            raise ValueError(f"unknown furniture kind {self.kind!r}")
        Span(self.start, self.end, self.text)

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document; ``text == document.text[start:end]``.

    For HTML and Markdown input the raw slice may hold markup. ``clean`` is then the
    readable text the analysis works on and ``char_map[i]`` is the document offset of
    ``clean[i]``; for plain text both are ``None`` and ``clean`` equals ``text``.
    """

    index: int
    start: int
    end: int
    text: str
    clean: str | None = None
    char_map: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.index < 0:
            raise ValueError(Errors.E011.format(start=self.index, end=self.index))
        if self.start < 0 or self.end <= self.start or len(self.text) != self.end - self.start:
            raise ValueError(Errors.E012.format(text=self.text[:40], start=self.start, end=self.end))
        if (self.clean is None) != (self.char_map is None):
            raise ValueError(Errors.E020)
        if self.clean is not None and self.char_map is not None:
            if len(self.clean) != len(self.char_map) or not self.clean:
                raise ValueError(Errors.E020)
            if self.char_map[0] < self.start or self.char_map[-1] >= self.end:
                raise ValueError(Errors.E020)

    @property
    def plain(self) -> str:
        """The sentence as the analysis reads it (markup removed)."""
        return self.text if self.clean is None else self.clean

    def doc_offsets(self, start: int, end: int) -> tuple[int, int]:
        """Map a range ``[start, end)`` of :attr:`plain` to document offsets."""
        if self.char_map is None:
            return self.start + start, self.start + end
        if end <= start:
            pos = self.char_map[start] if start < len(self.char_map) else self.char_map[-1] + 1
            return pos, pos
        return self.char_map[start], self.char_map[end - 1] + 1

    def to_json(self) -> dict[str, object]:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Document:
    """A decoded input file and its article-text sentences.

    Attributes:
        id: Unique short name (file name without extension).
        path: The path as the user gave it.
        sha256: Hex digest of the raw file bytes.
        text: The decoded text; every offset in drift points into it.
        sentences: Article sentences in reading order.
        furniture: Headlines, bylines, datelines, editor's lines and the like, in text order.
        metadata: What a wire format says about the item besides its text: identity
            (``guid``, ``version``, ``versionCreated``) and provenance (``infoSource``,
            ``hopHistory``, ``signal``, ``by``, ``located``, ``ednote``, ``doc-id``,
            ``du-key``); empty for text, HTML and Markdown.
    """

    id: str
    path: str
    sha256: str
    text: str
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)
    furniture: tuple[Furniture, ...] = field(default_factory=tuple)
    metadata: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError(Errors.E013)
        for pos, sent in enumerate(self.sentences):
            if sent.index != pos:
                raise ValueError(Errors.E014.format(pos=pos, index=sent.index))
            if self.text[sent.start : sent.end] != sent.text:
                raise ValueError(Errors.E012.format(text=sent.text[:40], start=sent.start, end=sent.end))

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def furniture_kind(self, index: int) -> str | None:
        """The furniture kind of sentence ``index`` (a headline, a standfirst), if any."""
        sent = self.sentences[index]
        for item in self.furniture:
            if item.kind in CHECKED_FURNITURE and item.start <= sent.start and sent.end <= item.end:
                return item.kind
        return None


@dataclass(frozen=True)
class Finding:
    """One change of meaning between a source and a copy."""

    type: FindingType
    severity: Severity
    source_span: Span | None
    copy_span: Span | None
    explanation: str
    rule: str = ""
    confidence: float | None = None
    evidence: Mapping[str, float] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.source_span is None and self.copy_span is None:
            raise ValueError(Errors.E015)
        if self.confidence is not None and not 0.0 <= self.confidence <= 1.0:
            raise ValueError(Errors.E022.format(name="confidence", value=self.confidence))
        if self.rule and not self.rule.startswith(f"{self.type.value}."):
            raise ValueError(Errors.E021.format(rule=self.rule, type=self.type.value))
        if not self.explanation or "\n" in self.explanation:
            raise ValueError(Errors.E016)

    def sort_key(self) -> tuple[int, int, int, str, str]:
        src = self.source_span.start if self.source_span else -1
        cpy = self.copy_span.start if self.copy_span else -1
        return (src, cpy, -self.severity, self.type.value, self.explanation)

    def to_json(self) -> dict[str, object]:
        return {
            "type": self.type.value,
            "severity": self.severity.label,
            "source_span": self.source_span.to_json() if self.source_span else None,
            "copy_span": self.copy_span.to_json() if self.copy_span else None,
            "explanation": self.explanation,
            "rule": self.rule,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class AlignedPair:
    """Source sentences and copy sentences that express the same content.

    One side may be empty: an unmatched copy sentence reported as an addition.
    """

    source: tuple[int, ...]
    copy: tuple[int, ...]
    similarity: float
    status: PairStatus = PairStatus.EDITED
    findings: tuple[Finding, ...] = ()
    meaning_changed: float | None = None
    evidence: Mapping[str, float] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.source and not self.copy:
            raise ValueError(Errors.E017)
        if self.meaning_changed is not None and not 0.0 <= self.meaning_changed <= 1.0:
            raise ValueError(Errors.E022.format(name="meaning_changed", value=self.meaning_changed))
        if list(self.source) != sorted(set(self.source)) or list(self.copy) != sorted(set(self.copy)):
            raise ValueError(Errors.E018.format(source=self.source, copy=self.copy))
        if not -1.0 <= self.similarity <= 1.0:
            raise ValueError(Errors.E019.format(value=self.similarity))

    @property
    def max_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def to_json(self) -> dict[str, object]:
        return {
            "source": list(self.source),
            "copy": list(self.copy),
            "similarity": round(self.similarity, 4),
            "status": self.status.value,
            "meaning_changed": self.meaning_changed,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass(frozen=True)
class Comparison:
    """The result of comparing one copy with its source.

    Attributes:
        source: The source document's id.
        copy: The copy document's id.
        pairs: Aligned sentence groups with their findings.
        unmatched_source: Source sentences with no counterpart in the copy.
        unmatched_copy: Copy sentences with no counterpart in the source.
        relation: How the copy derives from the source (``copy``, ``rewrite``,
            ``translation``), ``related`` for independent reporting on the same story,
            or ``None`` when it was not classified.
        relation_evidence: Why, in words.
    """

    source: str
    copy: str
    pairs: tuple[AlignedPair, ...]
    unmatched_source: tuple[int, ...]
    unmatched_copy: tuple[int, ...]
    relation: str | None = None
    relation_evidence: tuple[str, ...] = ()

    @property
    def derived(self) -> bool:
        """Whether the copy derives from the source (or was not classified)."""
        return self.relation != "related"

    @property
    def shared(self) -> tuple[AlignedPair, ...]:
        """The aligned groups: what the copy shares with the source."""
        return tuple(p for p in self.pairs if p.source and p.copy)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for p in self.pairs for f in p.findings)

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "copy": self.copy,
            "relation": self.relation,
            "relation_evidence": list(self.relation_evidence),
            "pairs": [p.to_json() for p in self.pairs],
            "unmatched_source": list(self.unmatched_source),
            "unmatched_copy": list(self.unmatched_copy),
        }
