"""The lines every human report shows beside the findings: what a related copy is,
and what furniture a copy carries."""

from __future__ import annotations

from drift.values import CHECKED_FURNITURE, Comparison, Document, PairStatus


def relation_note(comp: Comparison) -> str | None:
    """What a reader must know about the comparison's relation, or ``None`` for a copy
    derived from its source (or one that was not classified)."""
    if comp.relation != "related":
        return None
    shared = comp.shared
    verbatim = sum(1 for p in shared if p.status is PairStatus.IDENTICAL)
    own = len(comp.unmatched_copy)
    return (
        f"related: independent reporting on the same story, not a copy of {comp.source}. "
        f"It shares {len(shared)} sentence group{'s' if len(shared) != 1 else ''} with the source "
        f"({verbatim} verbatim), checked below; its {own} other sentence{'s' if own != 1 else ''} "
        "are its own and are not reported as additions. Its findings fail the run only with --strict."
    )


_LABELS = {
    "headline": "headline",
    "standfirst": "standfirst",
    "byline": "byline",
    "dateline": "dateline",
    "date_stamp": "date stamp",
    "editor_note": "editor's line",
    "credit": "credit",
    "navigation": "navigation line",
    "call_to_action": "call to action",
}


def furniture_note(doc: Document) -> str | None:
    """What furniture ``doc`` carries, or ``None`` when it has none."""
    if not doc.furniture:
        return None
    counts: dict[str, int] = {}
    for item in doc.furniture:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    parts = [f"{n} {_LABELS[k]}{'s' if n != 1 else ''}" if n > 1 else _LABELS[k] for k, n in counts.items()]
    checked = [k for k in counts if k in CHECKED_FURNITURE]
    tail = (
        f"; the {' and '.join(_LABELS[k] for k in checked)} checked against the whole source, the rest not"
        if checked
        else ", not checked as drift"
    )
    return f"furniture: {', '.join(parts)}{tail}"
