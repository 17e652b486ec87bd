"""A Markdown report for pull requests, issues and chat (GitHub-flavoured tables)."""

from __future__ import annotations

from drift.io import GENERATOR_COMMENT
from drift.pipeline.result import SEVERITY_ORDER, CheckResult
from drift.report.escape import markdown
from drift.report.notes import furniture_note, relation_note
from drift.values import AlignedPair, Finding, Severity, Span

MAX_CHARS = 65_000
CELL_CHARS = 300
_RESERVE = 2_000


def escape_cell(text: str, limit: int = CELL_CHARS) -> str:
    """Make article text inert inside a Markdown table cell (see :func:`drift.report.escape.markdown`)."""
    return markdown(text, limit)


def _span_cell(span: Span | None) -> str:
    return escape_cell(span.text) if span is not None else "—"


def _where(source: str, copy: str, pair: AlignedPair) -> str:
    src = ",".join(str(i) for i in pair.source) or "–"
    cpy = ",".join(str(i) for i in pair.copy) or "–"
    return f"{escape_cell(copy, 60)} s{src}→c{cpy}"


def _summary(result: CheckResult) -> list[str]:
    counts = result.counts()
    lines = [
        "| Copy | Source | Relation | Pairs | Identical | Edited | Drift | Unmatched src/copy "
        "| Critical | Major | Minor |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for comp, value in zip(counts["comparisons"], result.comparisons, strict=True):
        status, sev = comp["by_status"], comp["by_severity"]
        lines.append(
            f"| {escape_cell(comp['copy'], 80)} | {escape_cell(comp['source'], 80)} "
            f"| {escape_cell(value.relation or '–', 20)} | {comp['pairs']} "
            f"| {status['identical']} | {status['edited']} | {status['drift']} "
            f"| {comp['unmatched_source']}/{comp['unmatched_copy']} "
            f"| {sev['critical']} | {sev['major']} | {sev['minor']} |"
        )
    return lines


def _rows(result: CheckResult, severity: Severity) -> list[str]:
    rows = []
    for comp in result.comparisons:
        located = sorted(
            ((f, p) for p in comp.pairs for f in p.findings if f.severity == severity),
            key=lambda fp: fp[0].sort_key(),
        )
        for finding, pair in located:
            rows.append(_row(finding, pair, comp.source, comp.copy))
    return rows


def _row(finding: Finding, pair: AlignedPair, source: str, copy: str) -> str:
    return (
        f"| {finding.type.value} | {_span_cell(finding.source_span)} | {_span_cell(finding.copy_span)} "
        f"| {escape_cell(finding.explanation)} | {_where(source, copy, pair)} |"
    )


def render_markdown(result: CheckResult) -> str:
    """Render ``result`` as Markdown, at most :data:`MAX_CHARS` characters long.

    When the findings do not fit, the least serious ones are left out and a note
    says how many.
    """
    head = ["# drift report", "", GENERATOR_COMMENT, "", *_summary(result), ""]
    notes = [
        (c.copy, note)
        for c in result.comparisons
        for note in (relation_note(c), furniture_note(result.document(c.copy)))
        if note is not None
    ]
    for copy, note in notes:
        head += [f"> **{escape_cell(copy, 80)}** {escape_cell(note, 600)}", ""]
    worst = result.worst()
    verdict = f"Worst finding: **{worst.label}**." if worst is not None else "No findings."
    if result.baseline:
        verdict += f" {result.baselined_count()} finding(s) are in the baseline and do not fail the run."
    if result.fail_on is not None:
        verdict += f" Result: **{'FAIL' if result.failed() else 'pass'}** (fail on {result.fail_on.label})."
    head += [verdict, ""]
    signature = " ".join(result.signature.replace("`", "'").split())
    foot = ["", f"Signature: `{signature}`", ""]

    budget = MAX_CHARS - len("\n".join(head)) - len("\n".join(foot)) - _RESERVE
    sections: list[str] = []
    left_out = 0
    for severity in SEVERITY_ORDER:
        rows = _rows(result, severity)
        if not rows:
            continue
        kept: list[str] = []
        for row in rows:
            if left_out or len(row) + 1 > budget:
                left_out += 1
                continue
            kept.append(row)
            budget -= len(row) + 1
        shown = f"{len(kept)} of {len(rows)}" if len(kept) < len(rows) else str(len(rows))
        open_attr = " open" if severity is Severity.CRITICAL else ""
        sections += [
            f"<details{open_attr}>",
            f"<summary><strong>{severity.label.capitalize()}</strong> ({shown})</summary>",
            "",
        ]
        if kept:
            sections += ["| Type | Source | Copy | Explanation | Where |", "|---|---|---|---|---|", *kept]
        sections += ["", "</details>", ""]
    if left_out:
        sections.append(
            f"> **Note:** {left_out} finding(s) left out to keep this report under "
            f"{MAX_CHARS:,} characters; see the JSON or HTML report for all of them."
        )
    return "\n".join(head + sections + foot)
