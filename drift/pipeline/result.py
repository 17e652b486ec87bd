"""The outcome of one ``drift check`` run, as the report renderers see it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

from drift.pipeline.baseline import fingerprint
from drift.values import AlignedPair, Comparison, Document, Finding, FindingType, PairStatus, Severity

SEVERITY_ORDER: tuple[Severity, ...] = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)
"""Severities from most to least serious, the order every report lists them in."""


class FindingCounts(TypedDict):
    """Finding totals; ``by_severity`` and ``by_type`` hold every key, zeros included."""

    total: int
    by_severity: dict[str, int]
    by_type: dict[str, int]


class ComparisonCounts(FindingCounts):
    """Finding totals of one comparison plus its alignment figures."""

    source: str
    copy: str
    pairs: int
    by_status: dict[str, int]
    unmatched_source: int
    unmatched_copy: int


class Counts(FindingCounts):
    """Finding totals over the whole run and per comparison (in comparison order)."""

    comparisons: list[ComparisonCounts]


def _tally(findings: Iterable[Finding]) -> FindingCounts:
    by_severity = {sev.label: 0 for sev in SEVERITY_ORDER}
    by_type = {t.value: 0 for t in FindingType}
    total = 0
    for finding in findings:
        total += 1
        by_severity[finding.severity.label] += 1
        by_type[finding.type.value] += 1
    return {"total": total, "by_severity": by_severity, "by_type": by_type}


@dataclass(frozen=True)
class CheckResult:
    """Documents, their comparisons and the run's settings, ready to render.

    Attributes:
        documents: Every document read, sources and copies.
        comparisons: One comparison per (source, copy) pair checked.
        signature: Identifies the run (version, models, settings) for reproducibility.
        fail_on: The severity at or above which the run fails; ``None`` never fails.
        baseline: Fingerprints (see :func:`drift.pipeline.baseline.fingerprint`) of accepted
            findings: they are still reported but never make the run fail.
        strict: Findings of a copy that is only ``related`` to its source (independent
            reporting on the same story) fail the run too; by default only derived copies do.
    """

    documents: tuple[Document, ...]
    comparisons: tuple[Comparison, ...]
    signature: str
    fail_on: Severity | None = None
    baseline: frozenset[str] = frozenset()
    strict: bool = False

    def __post_init__(self) -> None:
        ids = [doc.id for doc in self.documents]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate document ids in {ids!r}")
        for comp in self.comparisons:
            for doc_id in (comp.source, comp.copy):
                if doc_id not in ids:
                    raise ValueError(
                        f"comparison {comp.copy!r} vs {comp.source!r}: unknown document {doc_id!r}"
                    )

    def document(self, id: str) -> Document:
        """Return the document named ``id``.

        Raises:
            KeyError: No document has that id.
        """
        for doc in self.documents:
            if doc.id == id:
                return doc
        raise KeyError(id)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding of every comparison, in report order."""
        return tuple(f for comp in self.comparisons for f in comp.findings)

    def counts(self) -> Counts:
        """Count findings by severity and by type, overall and per comparison."""
        per_comparison: list[ComparisonCounts] = []
        for comp in self.comparisons:
            tally = _tally(comp.findings)
            by_status = {status.value: 0 for status in PairStatus}
            for pair in comp.pairs:
                by_status[pair.status.value] += 1
            per_comparison.append(
                {
                    "source": comp.source,
                    "copy": comp.copy,
                    "pairs": len(comp.pairs),
                    "by_status": by_status,
                    "unmatched_source": len(comp.unmatched_source),
                    "unmatched_copy": len(comp.unmatched_copy),
                    "total": tally["total"],
                    "by_severity": tally["by_severity"],
                    "by_type": tally["by_type"],
                }
            )
        overall = _tally(self.findings)
        return {
            "total": overall["total"],
            "by_severity": overall["by_severity"],
            "by_type": overall["by_type"],
            "comparisons": per_comparison,
        }

    def worst(self) -> Severity | None:
        """The most serious severity found, or ``None`` when there are no findings."""
        return max((f.severity for f in self.findings), default=None)

    def located(self) -> tuple[tuple[Comparison, AlignedPair, Finding], ...]:
        """Every finding with its comparison and aligned pair, in report order."""
        return tuple(
            (comp, pair, f) for comp in self.comparisons for pair in comp.pairs for f in pair.findings
        )

    def is_baselined(self, comparison: Comparison, finding: Finding) -> bool:
        """Whether ``finding`` of ``comparison`` is in :attr:`baseline`."""
        return bool(self.baseline) and fingerprint(comparison.copy, finding) in self.baseline

    def baselined_count(self) -> int:
        """How many findings the baseline accepts."""
        return sum(1 for comp, _, f in self.located() if self.is_baselined(comp, f))

    def fails(self, comparison: Comparison, finding: Finding) -> bool:
        """Whether this finding alone makes the run fail: at or above :attr:`fail_on`, not
        baselined, in a derived copy (any copy when :attr:`strict`)."""
        return (
            self.fail_on is not None
            and (comparison.derived or self.strict)
            and finding.severity >= self.fail_on
            and not self.is_baselined(comparison, finding)
        )

    def failed(self) -> bool:
        """Whether a finding outside the baseline reaches :attr:`fail_on`."""
        return any(self.fails(comp, f) for comp, _, f in self.located())
