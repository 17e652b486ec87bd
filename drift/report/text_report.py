"""A concise terminal summary of a check."""

from __future__ import annotations

import unicodedata

from drift.pipeline.result import SEVERITY_ORDER, CheckResult
from drift.report.notes import furniture_note, relation_note
from drift.values import AlignedPair, Finding, Severity, Span

WIDTH = 100
SPAN_WIDTH = 24
_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_COLOURS: dict[Severity, str] = {
    Severity.CRITICAL: "\x1b[1;31m",
    Severity.MAJOR: "\x1b[33m",
    Severity.MINOR: "\x1b[36m",
}


def clean(text: str) -> str:
    """Make article text safe and one-line for a terminal.

    Control characters (escape sequences, tabs, newlines) become spaces, format
    characters (bidi overrides, zero-width joiners) are dropped, runs of white space
    collapse to one space.
    """
    chars = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cf":
            continue
        chars.append(" " if cat == "Cc" else ch)
    return " ".join("".join(chars).split())


def truncate(text: str, width: int) -> str:
    """Shorten ``text`` to ``width`` characters, ending in an ellipsis when cut."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)].rstrip() + "…"


def _quote(span: Span | None) -> str:
    if span is None:
        return "(none)"
    return f'"{truncate(clean(span.text), SPAN_WIDTH)}"'


def _indices(prefix: str, indices: tuple[int, ...]) -> str:
    return prefix + ",".join(str(i) for i in indices) if indices else prefix + "-"


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) or [""]


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _finding_lines(finding: Finding, pair: AlignedPair, color: bool) -> list[str]:
    sev = finding.severity.label.upper()
    rest = f" {finding.type.value:<15} {_quote(finding.source_span)} → {_quote(finding.copy_span)}"
    head = f"  {sev:<8}{rest}"
    painted_head = "  " + _paint(f"{sev:<8}", _COLOURS[finding.severity], color) + rest
    where = f"{_indices('s', pair.source)}→{_indices('c', pair.copy)}"
    if finding.confidence is not None:
        where += f" p={finding.confidence:.2f}"
    explanation = clean(finding.explanation)
    one_line = f"{head}  ({explanation})  {where}"
    if len(one_line) <= WIDTH:
        return [f"{painted_head}  ({explanation})  " + _paint(where, _DIM, color)]
    indent = " " * 11
    first = f"{painted_head}  " + _paint(where, _DIM, color)
    return [first, indent + "(" + truncate(explanation, WIDTH - len(indent) - 2) + ")"]


def _header(
    copy: str,
    source: str,
    counts: dict[str, int],
    status: dict[str, int],
    sev: dict[str, int],
    relation: str | None = None,
) -> str:
    findings = ", ".join(f"{sev[s.label]} {s.label}" for s in SEVERITY_ORDER)
    pairs = (
        f"{counts['pairs']} pairs ({status['identical']} identical, {status['edited']} edited, "
        f"{status['drift']} drift), unmatched {counts['unmatched_source']} source / "
        f"{counts['unmatched_copy']} copy"
    )
    title = f"{truncate(clean(copy), 30)} vs {truncate(clean(source), 30)}"
    if relation is not None:
        title += f" ({relation})"
    line = f"{title}: {pairs}; {findings}"
    if len(line) <= WIDTH:
        return line
    return f"{title}: {findings}\n  {pairs}"


def render_text(result: CheckResult, *, color: bool = False) -> str:
    """Render ``result`` as plain text for a terminal.

    Args:
        result: The check to report.
        color: Add ANSI colour codes (for a TTY).
    """
    counts = result.counts()
    lines: list[str] = []
    for comp, comp_counts in zip(result.comparisons, counts["comparisons"], strict=True):
        header = _header(
            comp.copy,
            comp.source,
            {
                "pairs": comp_counts["pairs"],
                "unmatched_source": comp_counts["unmatched_source"],
                "unmatched_copy": comp_counts["unmatched_copy"],
            },
            comp_counts["by_status"],
            comp_counts["by_severity"],
            comp.relation,
        )
        lines.extend(_paint(h, _BOLD, color) for h in header.split("\n"))
        for note in (relation_note(comp), furniture_note(result.document(comp.copy))):
            if note is not None:
                lines.extend("  " + _paint(line, _DIM, color) for line in _wrap(clean(note), WIDTH - 2))
        located = sorted(
            ((f, p) for p in comp.pairs for f in p.findings),
            key=lambda fp: (-fp[0].severity, fp[0].sort_key()),
        )
        for finding, pair in located:
            lines.extend(_finding_lines(finding, pair, color))
        lines.append("")
    total = counts["total"]
    by_sev = ", ".join(f"{counts['by_severity'][s.label]} {s.label}" for s in SEVERITY_ORDER)
    worst = result.worst()
    summary = f"{total} finding{'s' if total != 1 else ''} ({by_sev})"
    if worst is not None:
        summary += f"; worst: {worst.label}"
    if result.baseline:
        summary += f"; {result.baselined_count()} in the baseline (not failing)"
    if result.fail_on is not None:
        verdict = "FAIL" if result.failed() else "pass"
        summary += f"; {verdict} (fail on {result.fail_on.label})"
    lines.append(_paint(summary, _BOLD, color))
    lines.append(_paint(f"signature: {result.signature}", _DIM, color))
    return "\n".join(lines) + "\n"
