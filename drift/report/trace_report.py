"""Renderers for a :class:`~drift.provenance.tracer.TraceResult`: JSON, Markdown, HTML, text.

HTML and Markdown draw the derivation graph as an SVG made here: a layered
layout with the roots on top, one box per document and one arrow per edge,
labelled with its relation and confidence; derived edges are solid, ``related``
edges dashed. The evidence for each edge is listed beside the picture.
"""

from __future__ import annotations

import json
from html import escape

from drift.io import GENERATOR_COMMENT, GENERATOR_META
from drift.provenance import DERIVED, TraceResult
from drift.report.escape import code, csp_hash, markdown, mermaid, shorten, unping

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 200, 40, 60, 110, 30
COLORS = {"copy": "#1f6feb", "rewrite": "#8250df", "translation": "#cf222e", "related": "#6e7781"}


def layers(result: TraceResult) -> dict[str, int]:
    """Layer of each document: 0 for roots, else one below its deepest derived parent."""
    parents: dict[str, list[str]] = {d.id: [] for d in result.documents}
    for e in result.edges:
        if e.relation in DERIVED:
            parents[e.child].append(e.parent)
    memo: dict[str, int] = {}

    def depth(x: str) -> int:
        if x not in memo:
            memo[x] = 0 if not parents[x] else 1 + max(depth(p) for p in parents[x])
        return memo[x]

    return {d.id: depth(d.id) for d in result.documents}


def render_svg(result: TraceResult, *, in_markdown: bool = False) -> str:
    """The derivation graph as a standalone SVG element.

    Args:
        result: The trace.
        in_markdown: The SVG goes into a Markdown page: ``@name`` and ``#123`` in
            labels are neutralised too (:func:`drift.report.escape.unping`).
    """
    text = unping if in_markdown else str
    layer = layers(result)
    rows: dict[int, list[str]] = {}
    for d in result.documents:
        rows.setdefault(layer[d.id], []).append(d.id)
    width_n = max((len(r) for r in rows.values()), default=1)
    width = 2 * MARGIN + width_n * BOX_W + (width_n - 1) * GAP_X
    height = 2 * MARGIN + (max(rows, default=0) + 1) * (BOX_H + GAP_Y) - GAP_Y
    pos: dict[str, tuple[float, float]] = {}
    for k, ids in rows.items():
        row_w = len(ids) * BOX_W + (len(ids) - 1) * GAP_X
        x0 = (width - row_w) / 2
        for i, doc_id in enumerate(ids):
            pos[doc_id] = (x0 + i * (BOX_W + GAP_X), MARGIN + k * (BOX_H + GAP_Y))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="12" '
        'role="img" aria-label="derivation graph">',
        "<defs>",
    ]
    for rel, color in COLORS.items():
        parts.append(
            f'<marker id="arrow-{rel}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
            f'markerHeight="8" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
        )
    parts.append("</defs>")
    roots = set(result.roots)
    for e in result.edges:
        px, py = pos[e.parent]
        cx, cy = pos[e.child]
        x1, x2 = px + BOX_W / 2, cx + BOX_W / 2
        if abs(py - cy) < 1:  # same layer: connect the facing sides
            y1 = y2 = py + BOX_H / 2
            x1, x2 = (px + BOX_W, cx) if px < cx else (px, cx + BOX_W)
        elif py < cy:
            y1, y2 = py + BOX_H, cy
        else:
            y1, y2 = py, cy + BOX_H
        color = COLORS.get(e.relation, "#000")
        dash = ' stroke-dasharray="5,4"' if e.relation not in DERIVED else ""
        parts.append(
            f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="{color}" '
            f'stroke-width="1.6"{dash} marker-end="url(#arrow-{e.relation})"/>'
        )
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        parts.append(
            f'<text x="{mx:.0f}" y="{my - 4:.0f}" text-anchor="middle" fill="{color}" '
            f'stroke="white" stroke-width="3" paint-order="stroke">'
            f"{escape(e.relation)} {e.confidence:.2f}</text>"
        )
    for d in result.documents:
        x, y = pos[d.id]
        stroke = "#24292f" if d.id in roots else "#8c959f"
        parts.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="#f6f8fa" '
            f'stroke="{stroke}" stroke-width="{2 if d.id in roots else 1}"/>'
        )
        label = shorten(d.id, 28)
        parts.append(
            f'<text x="{x + BOX_W / 2:.0f}" y="{y + BOX_H / 2 + 4:.0f}" text-anchor="middle">'
            f"{text(escape(label))}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def render_trace_json(result: TraceResult) -> str:
    """The ``drift-trace/1`` JSON document."""
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"


def render_trace_text(result: TraceResult) -> str:
    """A terminal summary: one line per edge, evidence indented under it."""
    lines = [
        f"{len(result.documents)} documents, {len(result.edges)} edges; roots: {', '.join(result.roots)}"
    ]
    for e in result.edges:
        lines.append(
            f"  {e.parent} -> {e.child}  {e.relation} {e.confidence:.2f}  ({e.shared_sentences} shared)"
        )
        lines.extend(f"      - {line}" for line in e.evidence)
    if result.notes:
        lines.append("notes:")
        lines.extend(f"  - {note}" for note in result.notes)
    lines.append(f"signature: {result.signature}")
    return "\n".join(lines) + "\n"


def _mermaid(result: TraceResult) -> str:
    ids = {d.id: f"d{i}" for i, d in enumerate(result.documents)}
    lines = ["graph TD"]
    lines.extend(f'  {ids[d.id]}["{mermaid(d.id)}"]' for d in result.documents)
    for e in result.edges:
        arrow = "-.->" if e.relation not in DERIVED else "-->"
        label = mermaid(f"{e.relation} {e.confidence:.2f}")
        lines.append(f'  {ids[e.parent]} {arrow}|"{label}"| {ids[e.child]}')
    return "\n".join(lines)


def render_trace_markdown(result: TraceResult) -> str:
    """Markdown: a mermaid graph, the SVG in a details block, and the evidence per edge.

    Every document id and evidence line is escaped (:mod:`drift.report.escape`).
    """
    out = [
        "# drift trace",
        "",
        GENERATOR_COMMENT,
        "",
        f"Roots (independent): {', '.join(code(r) for r in result.roots)}",
        "",
        "```mermaid",
        _mermaid(result),
        "```",
        "",
        "<details><summary>Graph (SVG)</summary>",
        "",
        render_svg(result, in_markdown=True),
        "",
        "</details>",
        "",
        "| parent | child | relation | confidence | shared sentences |",
        "|---|---|---|---|---|",
    ]
    out.extend(
        f"| {code(e.parent)} | {code(e.child)} | {markdown(e.relation)} | {e.confidence:.2f} "
        f"| {e.shared_sentences} |"
        for e in result.edges
    )
    out.append("")
    for e in result.edges:
        out.append(f"### {code(e.parent)} → {code(e.child)} ({markdown(e.relation)}, {e.confidence:.2f})")
        out.append("")
        out.extend(f"- {markdown(line)}" for line in e.evidence)
        out.append("")
    if result.notes:
        out.extend(["### Notes", ""])
        out.extend(f"- {markdown(note)}" for note in result.notes)
        out.append("")
    out.append(f"<sub>{markdown(result.signature)}</sub>")
    return "\n".join(out) + "\n"


def render_trace_html(result: TraceResult) -> str:
    """A self-contained HTML page: the graph on the left, the evidence per edge beside it."""
    items = []
    for e in result.edges:
        ev = "".join(f"<li>{escape(line)}</li>" for line in e.evidence)
        items.append(
            f'<section class="edge"><h3><span class="rel {escape(e.relation)}">{escape(e.relation)}</span> '
            f"<code>{escape(e.parent)}</code> → <code>{escape(e.child)}</code> "
            f"<small>confidence {e.confidence:.2f}, {e.shared_sentences} shared</small></h3>"
            f"<ul>{ev}</ul></section>"
        )
    if result.notes:
        notes = "".join(f"<li>{escape(note)}</li>" for note in result.notes)
        items.append(f'<section class="notes"><h3>Notes</h3><ul>{notes}</ul></section>')
    docs = "".join(
        f"<tr><td><code>{escape(d.id)}</code></td><td>{escape(d.path)}</td><td><code>{d.sha256[:12]}</code></td></tr>"
        for d in result.documents
    )
    style = (
        "body{font-family:sans-serif;margin:1.5em;color:#24292f}"
        ".wrap{display:flex;gap:2em;align-items:flex-start;flex-wrap:wrap}"
        ".graph{flex:0 0 auto}.evidence{flex:1 1 420px}"
        ".rel{padding:1px 6px;border-radius:4px;color:#fff;font-size:.85em}"
        + "".join(f".rel.{k}{{background:{v}}}" for k, v in COLORS.items())
        + "table{border-collapse:collapse}td{padding:2px 8px;border-bottom:1px solid #ddd}"
        "footer{margin-top:2em;color:#6e7781;font-size:.8em}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        f"content=\"default-src 'none'; style-src {csp_hash(style)}\">{GENERATOR_META}"
        f"<title>drift trace</title><style>{style}</style></head><body>"
        f"<h1>drift trace</h1><p>Roots (independent): {escape(', '.join(result.roots))}</p>"
        f'<div class="wrap"><div class="graph">{render_svg(result)}</div>'
        f'<div class="evidence">{"".join(items)}</div></div>'
        f"<h2>Documents</h2><table>{docs}</table>"
        f"<footer>{escape(result.signature)}</footer></body></html>\n"
    )
