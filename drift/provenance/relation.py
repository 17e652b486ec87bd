"""The one relation classifier: copy, rewrite, translation or related.

``drift trace`` uses it for every candidate edge and ``drift scan`` (through
:meth:`drift.provenance.tracer.Tracer.relation`) for every copy and the source the
archive found, so the two commands never call the same pair two different things.
"""

from __future__ import annotations

from drift.provenance.evidence import REUSED_RUN, ReusedWording
from drift.provenance.stats import PairStats

MT_MIN = 0.5
"""Machine-translation score at or above which a pair that aligns enough is a translation."""


def reused_line(reused: ReusedWording, p_id: str, c_id: str) -> str:
    return (
        f"{c_id} reuses {p_id}'s wording outside quotations in {reused.groups} aligned group(s) "
        f"({reused.words} words in runs of {REUSED_RUN}+, e.g. \u201c{reused.example}\u201d)"
    )


def classify(
    st: PairStats, child: str, mt: float, mt_lines: list[str], p_id: str, c_id: str
) -> tuple[str, float, list[str]]:
    """Classify the pair ``st`` with the document on side ``child`` (``"a"`` or ``"b"``)
    as the derived one.

    Args:
        st: What the alignment of the two documents shows.
        child: The side of ``st`` that holds the child.
        mt: How much the child looks like a machine-translation round trip (0-1).
        mt_lines: The evidence behind ``mt``.
        p_id: The parent's id, for the evidence lines.
        c_id: The child's id.

    Returns:
        The relation, its strength (0-1) and the evidence lines.
    """
    child_cov = st.coverage(child)
    child_shared = st.shared_share(child)
    why: list[str] = []
    if mt >= MT_MIN and child_cov >= 0.15 and len(st.groups) >= 3:
        why.extend(mt_lines)
        return "translation", min(1.0, 0.4 + 0.5 * mt + 0.3 * child_cov), why
    if child_shared >= 0.5:
        return "copy", min(1.0, 0.4 + 0.6 * child_shared), why
    if child_cov >= 0.5 and (child_shared >= 0.15 or st.mean_sim >= 0.75):
        if st.reused.groups:
            why.append(reused_line(st.reused, p_id, c_id))
        return "rewrite", min(1.0, 0.3 + 0.6 * child_cov), why
    if st.reused.update:
        why.append(reused_line(st.reused, p_id, c_id))
        why.append(
            f"{1 - child_cov:.0%} of {c_id}'s sentences are new: an update or edited version of "
            f"{p_id}'s story, not an independent report"
        )
        return "rewrite", min(0.9, 0.3 + 0.1 * st.reused.groups + 0.3 * child_cov), why
    why.append(
        f"little wording shared outside quotations ({st.reused.groups} aligned group(s), "
        f"{st.reused.words} words in runs of {REUSED_RUN}+; an update reuses more): "
        "written independently"
    )
    cov = max(st.coverage("a"), st.coverage("b"))
    return "related", min(1.0, 0.2 + 0.5 * cov), why
