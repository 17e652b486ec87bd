"""The line every report shows for a copy that is independent reporting, not a copy."""

from __future__ import annotations

from drift.values import Comparison, PairStatus


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
