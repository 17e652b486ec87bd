"""What one alignment of two documents shows (:class:`PairStats`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from drift.provenance.evidence import NEAR_VERBATIM, CopiedWording, ReusedWording


@dataclass
class PairStats:
    """What one alignment of ``a`` (as source) with ``b`` (as copy) shows.

    Attributes:
        a: Index of the first document.
        b: Index of the second document.
        groups: Aligned groups as (a sentences, b sentences, similarity, word similarity).
        sim_a: Per sentence of ``a``, the similarity of its group (0 when unmatched).
        sim_b: Per sentence of ``b``, likewise.
        group_of_a: Per matched sentence of ``a``, its group's index.
        group_of_b: Per matched sentence of ``b``, its group's index.
        unmatched_a: Sentences of ``a`` with no counterpart in ``b``.
        unmatched_b: Sentences of ``b`` with no counterpart in ``a``.
        doc_cos: Cosine of the two documents' mean sentence vectors.
        unique_a: Content words of ``a`` absent from ``b``.
        unique_b: Content words of ``b`` absent from ``a``.
        lexical_ab: ``lexical_meaning`` findings on the matched non-shared groups (None when not run).
        reused: Narrative wording shared outside quotations in the aligned groups.
        copied_a: The words of ``a`` in n-grams ``b`` shares, beyond the set's topic.
        copied_b: The words of ``b`` in n-grams ``a`` shares, likewise.
    """

    a: int
    b: int
    groups: list[tuple[tuple[int, ...], tuple[int, ...], float, float]]
    sim_a: list[float]
    sim_b: list[float]
    group_of_a: dict[int, int]
    group_of_b: dict[int, int]
    unmatched_a: tuple[int, ...]
    unmatched_b: tuple[int, ...]
    doc_cos: float
    unique_a: int
    unique_b: int
    lexical_ab: int | None = None
    reused: ReusedWording = ReusedWording(0, 0, "")  # noqa: RUF009 (frozen)
    copied_a: CopiedWording = CopiedWording((), 0.0, "")  # noqa: RUF009 (frozen)
    copied_b: CopiedWording = CopiedWording((), 0.0, "")  # noqa: RUF009 (frozen)

    @property
    def shared(self) -> int:
        """Aligned groups that are verbatim or near-verbatim (house style aside)."""
        return sum(1 for g in self.groups if g[3] >= NEAR_VERBATIM)

    @property
    def mean_sim(self) -> float:
        return float(np.mean([g[2] for g in self.groups])) if self.groups else 0.0

    def copied(self, side: str) -> CopiedWording:
        """The copied wording of one side (see :func:`~drift.provenance.evidence.copied_wording`)."""
        return self.copied_a if side == "a" else self.copied_b

    def coverage(self, side: str) -> float:
        """Share of one side's sentences that have a counterpart in the other."""
        sims = self.sim_a if side == "a" else self.sim_b
        return sum(1 for s in sims if s > 0) / max(1, len(sims))

    def shared_share(self, side: str) -> float:
        """Share of one side's sentences that sit in a shared (near-verbatim) group."""
        n = len(self.sim_a if side == "a" else self.sim_b)
        count = sum(len(g[0] if side == "a" else g[1]) for g in self.groups if g[3] >= NEAR_VERBATIM)
        return count / max(1, n)
