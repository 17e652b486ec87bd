"""The page a desk opens after a QA run: one row per copy, worst first, with links to
each copy's full report, filters, sorting, a chart and a CSV beside it.

``drift scan DIR --db PATH -o results.parquet --html-dir SITE`` writes
``SITE/index.html``, ``SITE/index.csv`` and ``SITE/reports/NAME.html`` (one full
report per compared copy). The page is self-contained and works offline: its
style and script are inline and allowed by their SHA-256 in the page's
Content-Security-Policy (``default-src 'none'``), as in the single report; every
text from a file (names, paths, metadata, errors) goes through Jinja2's
autoescaping, and every link is percent-encoded and relative.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from drift.archive.scan import COLUMNS, report_name
from drift.errors import Errors
from drift.io import GENERATOR_META, write_atomic
from drift.provenance.result import DERIVED
from drift.report.page import page_template
from drift.values import FindingType

REPORTS = "reports"
SEVERITIES = ("critical", "major", "minor")
RANK = {"error": 4, "critical": 3, "major": 2, "minor": 1, "clean": 0}
RELATIONS = ("copy", "rewrite", "translation", "related", "none")
CSV_COLUMNS = [c for c in COLUMNS if c != "by_type_severity"]


@dataclass(frozen=True)
class RowView:
    """One copy as the index shows it."""

    copy: str
    name: str
    href: str | None
    source: str | None
    source_name: str | None
    relation: str
    worst: str
    counts: dict[str, int]
    types: list[tuple[str, int]]
    score: float | None
    notes: str
    error: str | None


def _text(value: Any) -> str | None:
    """A text cell, or None for an empty one (rows read back from Parquet carry NaN there)."""
    return value if isinstance(value, str) and value else None


def worst_of(row: dict[str, Any]) -> str:
    """``error``, the worst severity found, or ``clean``."""
    if _text(row.get("error")):
        return "error"
    return next((s for s in SEVERITIES if int(row.get(s) or 0)), "clean")


def _cross(row: dict[str, Any]) -> dict[str, dict[str, int]]:
    try:
        value = json.loads(_text(row.get("by_type_severity")) or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _score(value: Any) -> float | None:
    """The archive's match score; None where there is none (a manifest pair)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _view(row: dict[str, Any], site: str) -> RowView:
    copy = str(row["copy"])
    source = _text(row.get("source"))
    name = report_name(copy, source)
    href = f"{REPORTS}/{quote(name)}" if os.path.isfile(os.path.join(site, REPORTS, name)) else None
    types = [(t.value, int(row.get(f"type_{t.value}") or 0)) for t in FindingType]
    return RowView(
        copy=copy,
        name=os.path.basename(copy) or copy,
        href=href,
        source=source,
        source_name=os.path.basename(source) or source if source else None,
        relation=_text(row.get("relation")) or "none",
        worst=worst_of(row),
        counts={s: int(row.get(s) or 0) for s in SEVERITIES},
        types=[(t, n) for t, n in types if n],
        score=_score(row.get("score")) if source else None,
        notes=_text(row.get("metadata")) or "",
        error=_text(row.get("error")),
    )


def _order(view: RowView) -> tuple[Any, ...]:
    return (-RANK[view.worst], *(-view.counts[s] for s in SEVERITIES), view.name, view.copy)


def chart_svg(rows: Sequence[dict[str, Any]]) -> Markup:
    """Findings by type across the run, each bar split by severity (an inline SVG)."""
    totals: dict[str, dict[str, int]] = {}
    for row in rows:
        for kind, by_sev in _cross(row).items():
            slot = totals.setdefault(kind, {})
            for sev, n in by_sev.items():
                slot[sev] = slot.get(sev, 0) + int(n)
    kinds = [t.value for t in FindingType if sum(totals.get(t.value, {}).values())]
    if not kinds:
        return Markup('<p class="empty">No findings in this run.</p>')
    biggest = max(sum(totals[k].values()) for k in kinds)
    label_w, bar_w, row_h = 120, 420, 22
    height = row_h * len(kinds) + 30
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {label_w + bar_w + 60} {height}" '
        f'width="{label_w + bar_w + 60}" height="{height}" aria-label="Findings by type and severity">'
    ]
    for i, kind in enumerate(kinds):
        y = i * row_h + 4
        parts.append(f'<text class="label" x="{label_w - 8}" y="{y + 14}" text-anchor="end">{kind}</text>')
        x = float(label_w)
        for sev in SEVERITIES:
            n = totals[kind].get(sev, 0)
            if not n:
                continue
            w = bar_w * n / biggest
            parts.append(
                f'<rect class="bar {sev}" data-type="{kind}" data-severity="{sev}" x="{x:.1f}" y="{y}" '
                f'width="{max(w, 1.0):.1f}" height="{row_h - 6}"><title>{kind}, {sev}: {n}</title></rect>'
            )
            x += w
        parts.append(f'<text class="value" x="{x + 6:.1f}" y="{y + 14}">{sum(totals[kind].values())}</text>')
    legend_y = row_h * len(kinds) + 18
    for k, sev in enumerate(SEVERITIES):
        lx = label_w + k * 110
        parts.append(f'<rect class="bar {sev}" x="{lx}" y="{legend_y - 10}" width="12" height="12"></rect>')
        parts.append(f'<text class="label" x="{lx + 18}" y="{legend_y}">{sev}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def render_scan_index(rows: Sequence[dict[str, Any]], site: str) -> str:
    """The index page for ``rows``, with links into ``site/reports`` where a report exists."""
    views = sorted((_view(r, site) for r in rows), key=_order)
    by_worst = {k: sum(1 for v in views if v.worst == k) for k in RANK}
    by_relation = {k: sum(1 for v in views if v.relation == k) for k in RELATIONS}
    types = [t.value for t in FindingType if any(dict(v.types).get(t.value) for v in views)]
    template, style, script, csp = page_template("scan_index.html.j2", "scan_index.css", "scan_index.js")
    return template.render(
        csp=csp,
        style=style,
        script=script,
        generator=Markup(GENERATOR_META),
        rows=views,
        total=len(views),
        need_look=sum(1 for v in views if v.worst in ("critical", "major") and v.relation in DERIVED),
        related_major=sum(1 for v in views if v.worst in ("critical", "major") and v.relation == "related"),
        by_worst=by_worst,
        by_relation=by_relation,
        relations=[r for r in RELATIONS if by_relation[r]],
        worsts=[w for w in ("critical", "major", "minor", "clean", "error") if by_worst[w]],
        types=types,
        chart=chart_svg(rows),
        csv_name="index.csv",
        rank=RANK,
    )


def _cell(value: Any) -> Any:
    """A CSV cell; text that a spreadsheet would run as a formula gets a leading quote."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def render_scan_csv(rows: Sequence[dict[str, Any]], site: str) -> str:
    """The rows as CSV for spreadsheets, worst first: ``worst``, the Parquet columns, and
    ``report`` (the full report's path relative to the CSV, empty when none was written)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["worst", *CSV_COLUMNS, "report"])
    for view, row in sorted(((_view(r, site), r) for r in rows), key=lambda pair: _order(pair[0])):
        path = f"{REPORTS}/{report_name(view.copy, view.source)}" if view.href else ""
        writer.writerow([_cell(worst_of(row)), *(_cell(row.get(c)) for c in CSV_COLUMNS), path])
    return out.getvalue()


def is_scan_csv(path: str) -> bool:
    """Whether ``path`` is an index CSV drift wrote (its header line)."""
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.readline().rstrip("\n") == ",".join(["worst", *CSV_COLUMNS, "report"])
    except (OSError, UnicodeDecodeError):
        return False


def write_scan_site(
    rows: Sequence[dict[str, Any]], site: str, *, inputs: Sequence[str] = (), force: bool = False
) -> list[str]:
    """Write ``index.html`` and ``index.csv`` into ``site`` (the reports are already there).

    Returns:
        The paths written.
    """
    os.makedirs(os.path.join(site, REPORTS), exist_ok=True)
    page = os.path.join(site, "index.html")
    table = os.path.join(site, "index.csv")
    write_atomic(page, render_scan_index(rows, site), error=Errors.E097, inputs=inputs, force=force)
    write_atomic(
        table,
        render_scan_csv(rows, site),
        error=Errors.E097,
        inputs=inputs,
        force=force,
        recognise=is_scan_csv,
    )
    return [page, table]
