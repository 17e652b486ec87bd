"""Derivation decides how a comparison reads.

Each comparison of a check gets the relation that ``drift trace`` would give the
pair (:meth:`~drift.provenance.tracer.Tracer.relation`, the one classifier). A copy
that is only ``related`` (independent reporting on the same story) is not a copy:
its own sentences are not reported one by one as additions (the report
summarises them), and its findings fail a run only under ``--strict``.
"""

from __future__ import annotations

from dataclasses import replace

from drift.pipeline import Checker, CheckResult
from drift.provenance.tracer import Tracer
from drift.values import Comparison


def classify(result: CheckResult, checker: Checker) -> CheckResult:
    """``result`` with every comparison's relation set, by the trace's classifier."""
    tracer = Tracer(checker)
    return replace(result, comparisons=tuple(_classified(result, c, tracer) for c in result.comparisons))


def _classified(result: CheckResult, comp: Comparison, tracer: Tracer) -> Comparison:
    relation, evidence = tracer.relation(result.document(comp.source), result.document(comp.copy))
    pairs = comp.pairs
    if relation == "related":
        pairs = tuple(p for p in pairs if p.source)  # its own sentences are its own, not additions
    return replace(comp, pairs=pairs, relation=relation, relation_evidence=tuple(evidence))
