"""The derivation graph: edges and the trace result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drift.values import Document

SCHEMA = "drift-trace/1"
DERIVED = ("copy", "rewrite", "translation")
RELATIONS = (*DERIVED, "related")


@dataclass(frozen=True)
class Edge:
    """A derivation edge: ``child`` came from ``parent``."""

    parent: str
    child: str
    relation: str
    confidence: float
    shared_sentences: int
    evidence: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "parent": self.parent,
            "child": self.child,
            "relation": self.relation,
            "confidence": round(self.confidence, 3),
            "shared_sentences": self.shared_sentences,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class TraceResult:
    """The derivation graph of a set of documents."""

    documents: tuple[Document, ...]
    edges: tuple[Edge, ...]
    roots: tuple[str, ...]
    signature: str
    notes: tuple[str, ...] = ()
    """What no edge carries: correction signals, and versions of one item (by their wire
    identifier) that the text does not link."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "signature": self.signature,
            "documents": [{"id": d.id, "path": d.path, "sha256": d.sha256} for d in self.documents],
            "edges": [e.to_json() for e in self.edges],
            "roots": list(self.roots),
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out
