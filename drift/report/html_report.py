"""A self-contained HTML report: side-by-side redline with findings highlighted.

All article text reaches the page through :func:`markupsafe.escape` or Jinja2's
autoescaping; :class:`~markupsafe.Markup` wraps only tags this module writes. The
page's Content-Security-Policy allows no outside load and only its own style and
script, by their SHA-256 (``templates/report.css`` and ``report.js``), so even text
that escaped the escaping could run nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from diff_match_patch import diff_match_patch
from markupsafe import Markup, escape

from drift.pipeline.result import SEVERITY_ORDER, CheckResult, ComparisonCounts
from drift.report.notes import furniture_note, relation_note
from drift.report.page import page_template
from drift.values import AlignedPair, Comparison, Document, Finding, FindingType, Sentence, Span

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_FIRST_CODE = 0x100
_SURROGATES = range(0xD800, 0xE000)


def word_diff(a: str, b: str) -> list[tuple[int, str]]:
    """Diff two texts word by word with diff-match-patch.

    Each word, white-space run and punctuation mark is mapped to one private character
    so the diff never splits a word, then the result is mapped back.

    Returns:
        ``(op, text)`` pairs: ``-1`` deleted from ``a``, ``1`` inserted in ``b``, ``0`` kept.
    """
    codes: dict[str, str] = {}
    tokens: dict[str, str] = {}

    def encode(text: str) -> str:
        out = []
        for tok in _TOKEN.findall(text):
            code = codes.get(tok)
            if code is None:
                n = _FIRST_CODE + len(codes)
                if n >= _SURROGATES.start:
                    n += len(_SURROGATES)
                code = chr(n)
                codes[tok] = code
                tokens[code] = tok
            out.append(code)
        return "".join(out)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(encode(a), encode(b), False)
    dmp.diff_cleanupSemantic(diffs)
    return [(op, "".join(tokens[c] for c in data)) for op, data in diffs]


def change_flags(a: str, b: str) -> tuple[list[bool], list[bool]]:
    """Per-character flags: which characters of ``a`` were deleted, which of ``b`` inserted."""
    deleted: list[bool] = []
    inserted: list[bool] = []
    for op, text in word_diff(a, b):
        if op <= 0:
            deleted += [op < 0] * len(text)
        if op >= 0:
            inserted += [op > 0] * len(text)
    return deleted, inserted


class _Side:
    """The sentences of one side of a row, joined by single spaces for display."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = tuple(sentences)
        self.offsets: list[int] = []
        pos = 0
        for sent in self.sentences:
            self.offsets.append(pos)
            pos += len(sent.plain) + 1
        self.text = " ".join(sent.plain for sent in self.sentences)

    def locate(self, span: Span) -> tuple[int, int] | None:
        """Map a document span to a non-empty range of :attr:`text`, or ``None``."""
        first: int | None = None
        last = 0
        for offset, sent in zip(self.offsets, self.sentences, strict=True):
            a, b = max(span.start, sent.start), min(span.end, sent.end)
            if a >= b:
                continue
            if sent.char_map is None:
                p0, p1 = a - sent.start, b - sent.start
            else:
                p0, p1 = bisect_left(sent.char_map, a), bisect_left(sent.char_map, b)
            if p0 >= p1:
                continue
            if first is None:
                first = offset + p0
            last = offset + p1
        return None if first is None else (first, last)


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    number: int
    finding: Finding
    anchor: bool = False


@dataclass(frozen=True)
class RowView:
    """One aligned row of the side-by-side view."""

    row_id: str
    kind: str
    status: str
    labels: tuple[str, ...]
    similarity: str
    source_ref: str
    copy_ref: str
    left: Markup
    right: Markup
    findings: str


@dataclass(frozen=True)
class FindingView:
    """One entry of a comparison's findings list."""

    number: int
    target: str
    severity: str
    type: str
    source_text: str
    copy_text: str
    explanation: str
    where: str


@dataclass(frozen=True)
class ComparisonView:
    """Everything the template shows for one comparison."""

    number: int
    source: Document
    copy: Document
    counts: ComparisonCounts
    rows: tuple[RowView, ...]
    findings: tuple[FindingView, ...]
    relation: str | None = None
    relation_note: str | None = None
    furniture_note: str | None = None


@dataclass(frozen=True)
class _Entry:
    source: tuple[int, ...]
    copy: tuple[int, ...]
    pair: AlignedPair | None = None
    pair_index: int = -1


def _runs(text: str, flags: Sequence[bool], start: int, end: int, tag: str) -> str:
    out: list[str] = []
    i = start
    while i < end:
        j = i
        while j < end and flags[j] == flags[i]:
            j += 1
        piece = escape(text[i:j])
        out.append(f"<{tag}>{piece}</{tag}>" if flags[i] else str(piece))
        i = j
    return "".join(out)


def _open_mark(mark: _Mark) -> Markup:
    f = mark.finding
    id_attr = Markup(' id="f-{}"').format(mark.number) if mark.anchor else Markup("")
    return Markup(
        '<mark class="sev-{sev}" data-severity="{sev}" data-type="{type}" data-finding="{n}"{id}'
        ' title="{title}">'
    ).format(sev=f.severity.label, type=f.type.value, n=mark.number, id=id_attr, title=f.explanation)


def highlight(text: str, flags: Sequence[bool], marks: Sequence[_Mark], tag: str) -> Markup:
    """Escape ``text`` and wrap changed runs in ``tag`` and finding ranges in ``<mark>``."""
    out: list[str] = []
    pos = 0
    for mark in sorted(marks, key=lambda m: m.start):
        out.append(_runs(text, flags, pos, mark.start, tag))
        out.append(str(_open_mark(mark)) + _runs(text, flags, mark.start, mark.end, tag) + "</mark>")
        pos = mark.end
    out.append(_runs(text, flags, pos, len(text), tag))
    return Markup("".join(out))


def _place(side: _Side, located: list[tuple[int, Finding, Span | None]]) -> list[_Mark]:
    candidates = []
    for number, finding, span in located:
        rng = side.locate(span) if span is not None else None
        if rng is not None:
            candidates.append(_Mark(rng[0], rng[1], number, finding))
    placed: list[_Mark] = []
    for cand in sorted(candidates, key=lambda m: (m.start, m.start - m.end, m.number)):
        if all(cand.end <= m.start or cand.start >= m.end for m in placed):
            placed.append(cand)
    return placed


def _in_sequence(keys: Sequence[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of ``keys``."""
    tail_keys: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(keys)
    for i, key in enumerate(keys):
        k = bisect_left(tail_keys, key)
        if k:
            prev[i] = tail_pos[k - 1]
        if k == len(tail_keys):
            tail_keys.append(key)
            tail_pos.append(i)
        else:
            tail_keys[k] = key
            tail_pos[k] = i
    keep: set[int] = set()
    i = tail_pos[-1] if tail_pos else -1
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return keep


def _ordered_entries(comp: Comparison) -> list[_Entry]:
    with_copy = [_Entry(p.source, p.copy, p, k) for k, p in enumerate(comp.pairs) if p.copy]
    in_pairs = {j for p in comp.pairs for j in p.copy}
    # an unmatched copy sentence reported as an addition already has its own pair row
    with_copy += [_Entry((), (i,)) for i in comp.unmatched_copy if i not in in_pairs]
    with_copy.sort(key=lambda e: (e.copy[0], e.source))
    source_only = [_Entry(p.source, (), p, k) for k, p in enumerate(comp.pairs) if not p.copy]
    in_pairs_src = {i for p in comp.pairs for i in p.source}
    source_only += [_Entry((i,), ()) for i in comp.unmatched_source if i not in in_pairs_src]
    source_only.sort(key=lambda e: e.source)

    after: dict[int, list[_Entry]] = {}
    for entry in source_only:
        anchor, best = -1, -1
        for pos, row in enumerate(with_copy):
            if row.source and best <= max(row.source) < entry.source[0]:
                anchor, best = pos, max(row.source)
        after.setdefault(anchor, []).append(entry)
    ordered = list(after.get(-1, []))
    for pos, row in enumerate(with_copy):
        ordered.append(row)
        ordered.extend(after.get(pos, []))
    return ordered


def _ref(prefix: str, indices: tuple[int, ...]) -> str:
    return prefix + ",".join(str(i) for i in indices) if indices else ""


def _short(span: Span | None, limit: int = 160) -> str:
    if span is None:
        return ""
    text = " ".join(span.text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _comparison_view(
    result: CheckResult, comp: Comparison, number: int, counts: ComparisonCounts, first_finding: int
) -> ComparisonView:
    src_doc, cpy_doc = result.document(comp.source), result.document(comp.copy)
    entries = _ordered_entries(comp)
    both = [e for e in entries if e.source and e.copy]
    moved_ok = _in_sequence([e.source[0] for e in both])
    moved = {id(e) for pos, e in enumerate(both) if pos not in moved_ok}

    numbers: dict[tuple[int, int], int] = {}
    for k, pair in enumerate(comp.pairs):
        for j in range(len(pair.findings)):
            numbers[k, j] = first_finding + len(numbers)

    rows: list[RowView] = []
    targets: dict[int, str] = {}
    where: dict[int, str] = {}
    for pos, entry in enumerate(entries):
        row_id = f"r{number}-{pos}"
        left = _Side([src_doc.sentences[i] for i in entry.source])
        right = _Side([cpy_doc.sentences[i] for i in entry.copy])
        if entry.source and entry.copy:
            deleted, inserted = change_flags(left.text, right.text)
        else:
            deleted, inserted = [False] * len(left.text), [False] * len(right.text)
        findings = entry.pair.findings if entry.pair is not None else ()
        located = [(numbers[entry.pair_index, j], f) for j, f in enumerate(findings)]
        left_marks = _place(left, [(num, f, f.source_span) for num, f in located])
        placed_left = {m.number for m in left_marks}
        right_marks = _place(right, [(num, f, f.copy_span) for num, f in located])
        left_marks = [_Mark(m.start, m.end, m.number, m.finding, True) for m in left_marks]
        right_marks = [
            _Mark(m.start, m.end, m.number, m.finding, m.number not in placed_left) for m in right_marks
        ]
        placed = placed_left | {m.number for m in right_marks}
        for num, _ in located:
            targets[num] = f"f-{num}" if num in placed else row_id
            where[num] = f"{_ref('s', entry.source) or '–'} → {_ref('c', entry.copy) or '–'}"

        labels: list[str] = []
        if not entry.copy:
            kind = "cut"
        elif not entry.source:
            kind = "added"
        else:
            kind = "pair"
            if id(entry) in moved:
                labels.append("moved")
            if len(entry.copy) > len(entry.source):
                labels.append("split")
            elif len(entry.source) > len(entry.copy) or len(entry.source) > 1:
                labels.append("merged")
        if kind != "pair":
            labels.insert(0, kind)
        status = entry.pair.status.value if entry.pair is not None else kind
        rows.append(
            RowView(
                row_id=row_id,
                kind=kind,
                status=status,
                labels=tuple(labels),
                similarity=f"{entry.pair.similarity:.2f}" if entry.pair is not None else "",
                source_ref=_ref("s", entry.source),
                copy_ref=_ref("c", entry.copy),
                left=highlight(left.text, deleted, left_marks, "del"),
                right=highlight(right.text, inserted, right_marks, "ins"),
                findings=" ".join(sorted({f"{f.severity.label}:{f.type.value}" for f in findings})),
            )
        )

    located_all = [(numbers[k, j], f) for k, p in enumerate(comp.pairs) for j, f in enumerate(p.findings)]
    located_all.sort(key=lambda nf: (-nf[1].severity, nf[1].sort_key(), nf[0]))
    finding_views = tuple(
        FindingView(
            number=num,
            target=targets[num],
            severity=f.severity.label,
            type=f.type.value,
            source_text=_short(f.source_span),
            copy_text=_short(f.copy_span),
            explanation=f.explanation,
            where=where[num],
        )
        for num, f in located_all
    )
    return ComparisonView(
        number,
        src_doc,
        cpy_doc,
        counts,
        tuple(rows),
        finding_views,
        comp.relation,
        relation_note(comp),
        furniture_note(cpy_doc),
    )


def render_html(result: CheckResult) -> str:
    """Render ``result`` as one self-contained HTML page."""
    counts = result.counts()
    views: list[ComparisonView] = []
    first = 1
    for number, (comp, comp_counts) in enumerate(
        zip(result.comparisons, counts["comparisons"], strict=True), start=1
    ):
        views.append(_comparison_view(result, comp, number, comp_counts, first))
        first += comp_counts["total"]
    if len(result.comparisons) == 1:
        only = result.comparisons[0]
        title = f"drift: {only.copy} vs {only.source}"
    else:
        title = "drift report"
    types_present = [t.value for t in FindingType if counts["by_type"][t.value]]
    worst = result.worst()
    template, style, script, csp = page_template(
        "report.html.j2", "report.css", "report.js", extra="img-src data:"
    )
    return template.render(
        csp=csp,
        style=style,
        script=script,
        title=title,
        counts=counts,
        severities=[s.label for s in SEVERITY_ORDER],
        types=types_present,
        comparisons=views,
        signature=result.signature,
        worst=worst.label if worst is not None else None,
        fail_on=result.fail_on.label if result.fail_on is not None else None,
        failed=result.failed(),
    )
