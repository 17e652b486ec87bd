"""The one relation classifier: copy, rewrite, translation or related.

``drift trace`` uses it for every candidate edge and ``drift scan`` (through
:meth:`drift.provenance.tracer.Tracer.relation`) for every copy and the source the
archive found, so the two commands never call the same pair two different things.
"""

from __future__ import annotations

from drift.provenance.evidence import COPY_RUN, REUSED_RUN, ReusedWording
from drift.provenance.stats import PairStats

MT_MIN = 0.5
"""Machine-translation score at or above which a pair that aligns enough is a translation."""
COPIED_MIN = 0.05
"""Share of the child's words in copied n-grams (:func:`~drift.provenance.evidence.copied_wording`)
a rewrite or translation needs. Set on the training split of ``bench.provenance``: independent
OneStopEnglish texts on related subjects reach at most 0.03 against a source, the
elementary rewrites of it at least 0.08."""
DIRECTION_WEAK = 0.055
"""Direction balance (positive for one side) below which neither version holds the other's
content. Set on the training split of ``bench.provenance``: between the human and machine
translations of the same DEMETR sentences (95th percentile 0.049) and the OneStopEnglish
rewrites of an original (minimum 0.057)."""


def reused_line(reused: ReusedWording, p_id: str, c_id: str) -> str:
    return (
        f"{c_id} reuses {p_id}'s wording outside quotations in {reused.groups} aligned group(s) "
        f"({reused.words} words in runs of {REUSED_RUN}+, e.g. \u201c{reused.example}\u201d)"
    )


def copied_line(share: float, example: str, p_id: str, c_id: str) -> str:
    return (
        f"{share:.0%} of {c_id}'s words sit in {COPY_RUN}-word runs {p_id} has too, beyond names, numbers "
        f"and the topic's words (e.g. \u201c{example}\u201d)"
    )


def classify(
    st: PairStats,
    child: str,
    mt: float,
    mt_lines: list[str],
    p_id: str,
    c_id: str,
    *,
    weak: bool = False,
    debris: bool = False,
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
        weak: The evidence for the direction is weak: neither holds the other's content.
        debris: The child has stray fragments of a machine-translation round trip.

    A ``rewrite`` or ``translation`` needs evidence beyond a shared topic: copied
    wording (:data:`COPIED_MIN`), an update's reused runs, or (a translation) MT
    debris. Two versions that share wording but where neither holds the other's
    content (``weak``), with neither near-verbatim sentences nor MT debris, are two
    renderings of a common source (siblings), ``related``.

    Returns:
        The relation, its strength (0-1) and the evidence lines.
    """
    child_cov = st.coverage(child)
    child_shared = st.shared_share(child)
    copied = st.copied(child)
    wording = copied.share >= COPIED_MIN or st.reused.update
    why: list[str] = []
    if mt >= MT_MIN and child_cov >= 0.15 and len(st.groups) >= 3 and (debris or (wording and not weak)):
        why.extend(mt_lines)
        return "translation", min(1.0, 0.4 + 0.5 * mt + 0.3 * child_cov), why
    if child_shared >= 0.5:
        return "copy", min(1.0, 0.4 + 0.6 * child_shared), why
    if weak and wording:
        why.append(
            f"{copied.share:.0%} of {c_id}'s wording is in {p_id} but neither holds the other's content "
            "and neither is a near-verbatim copy: two renderings of a common source (siblings), "
            "not one taken from the other"
        )
        cov = max(st.coverage("a"), st.coverage("b"))
        return "related", min(1.0, 0.2 + 0.5 * cov), why
    if child_cov >= 0.5 and (child_shared >= 0.15 or st.mean_sim >= 0.75) and wording:
        why.append(copied_line(copied.share, copied.example, p_id, c_id))
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
        f"{st.reused.words} words in runs of {REUSED_RUN}+; an update reuses more; "
        f"{copied.share:.0%} of {c_id}'s words in copied {COPY_RUN}-word runs beyond names, numbers "
        f"and the topic's words, under {COPIED_MIN:.0%}): written independently"
    )
    cov = max(st.coverage("a"), st.coverage("b"))
    return "related", min(1.0, 0.2 + 0.5 * cov), why
