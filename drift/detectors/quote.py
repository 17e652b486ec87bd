"""Words inside quotation marks that no longer match the source's quote."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drift.align.aligner import content_words, lexical_similarity
from drift.detectors.base import Detector, PairContext, register
from drift.detectors.vocabulary import quote
from drift.text.diff import Hunk, word_diff
from drift.text.names import compare_names
from drift.text.normalize import split_units
from drift.text.numbers import find_numbers, same_number
from drift.values import Finding, FindingType

_QUOTES = re.compile(r"[\"“”„«»]([^\"“”„«»]{3,}?)[\"“”„«»]|(?<![\w])[‘']([^‘’']{8,}?)[’'](?![\w])")


@dataclass(frozen=True)
class Quoted:
    start: int
    end: int
    units: tuple[tuple[int, int, str], ...]


def quotations(text: str) -> list[Quoted]:
    """Quoted passages of two words or more, with their normalised words."""
    out = []
    for m in _QUOTES.finditer(text):
        group = 1 if m.group(1) is not None else 2
        start, end = m.start(group), m.end(group)
        units: list[tuple[int, int, str]] = []
        figures = [(start + n.start, start + n.end, n) for n in find_numbers(text[start:end])]
        for w in re.finditer(r"\S+", text[start:end]):
            at = start + w.start()
            figure = next((f for f in figures if f[0] <= at < f[1]), None)
            if figure is not None:
                # one unit per figure, in one notation: "20 per cent" and "20%" are one value
                if not units or units[-1][0] != figure[0]:
                    units.append((figure[0], figure[1], f"#{figure[2].value:g}{figure[2].unit or ''}"))
                continue
            for s, e, n in split_units(w.group().strip(".,;:!?()[]")):
                units.append((at + s, at + e, n))
        if len(units) >= 2:
            out.append(Quoted(start, end, tuple(units)))
    return out


@register(
    "quote",
    emits=(FindingType.QUOTE,),
    defaults={"min_overlap": 0.3},
)
class QuoteDetector(Detector):
    """Pairs each quote in the copy with the closest quote in the source and diffs the words."""

    min_overlap: float

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        src_quotes = quotations(ctx.source.text)
        out: list[Finding] = []
        for cq in quotations(ctx.copy.text):
            c_words = content_words(ctx.copy.text[cq.start : cq.end])
            best = max(
                src_quotes,
                key=lambda q: lexical_similarity(content_words(ctx.source.text[q.start : q.end]), c_words),
                default=None,
            )
            if best is None:
                continue
            overlap = lexical_similarity(content_words(ctx.source.text[best.start : best.end]), c_words)
            if overlap < self.min_overlap:
                continue
            hunks = [
                h
                for h in word_diff(
                    [u[2] for u in best.units], [u[2] for u in cq.units], semantic_cleanup=False
                )
                if h.op != "equal" and not _same_name(ctx, best, cq, h) and not _same_figure(ctx, best, cq, h)
            ]
            if not hunks:
                continue
            s_idx = [k for h in hunks for k in range(h.src_start, h.src_end)]
            c_idx = [k for h in hunks for k in range(h.cpy_start, h.cpy_end)]
            src = (best.units[min(s_idx)][0], best.units[max(s_idx)][1]) if s_idx else None
            cpy = (cq.units[min(c_idx)][0], cq.units[max(c_idx)][1]) if c_idx else None
            a = ctx.source.text[src[0] : src[1]] if src else ""
            b = ctx.copy.text[cpy[0] : cpy[1]] if cpy else ""
            what = (
                f"{quote(a)} became {quote(b)}"
                if a and b
                else (f"{quote(a)} dropped" if a else f"{quote(b)} added")
            )
            f = ctx.finding(
                "quote.changed",
                src or (best.start, best.end),
                cpy or (cq.start, cq.end),
                f"direct quote altered: {what}",
            )
            if f is not None:
                out.append(f)
        return out


def _same_name(ctx: PairContext, src: Quoted, cpy: Quoted, hunk: Hunk) -> bool:
    """Whether a replaced stretch of a quote is one name in another spelling ("Mecca" /
    "Makkah"): a capitalised stretch on both sides that the name matcher calls the same."""
    if hunk.op != "replace" or max(hunk.src_end - hunk.src_start, hunk.cpy_end - hunk.cpy_start) > 4:
        return False
    a = ctx.source.text[src.units[hunk.src_start][0] : src.units[hunk.src_end - 1][1]]
    b = ctx.copy.text[cpy.units[hunk.cpy_start][0] : cpy.units[hunk.cpy_end - 1][1]]
    if not (a[:1].isupper() and b[:1].isupper()):
        return False
    return ctx.policy.equivalent(a, b) or compare_names(a, b).same


def _same_figure(ctx: PairContext, src: Quoted, cpy: Quoted, hunk: Hunk) -> bool:
    """Whether a replaced figure of a quote is the same value in other words ("£5m" /
    "5 million pounds"), which the figure units alone cannot tell."""
    if hunk.op != "replace" or hunk.src_end - hunk.src_start != 1 or hunk.cpy_end - hunk.cpy_start != 1:
        return False
    a, b = src.units[hunk.src_start], cpy.units[hunk.cpy_start]
    if not (a[2].startswith("#") and b[2].startswith("#")):
        return False
    na, nb = find_numbers(ctx.source.text[a[0] : a[1]]), find_numbers(ctx.copy.text[b[0] : b[1]])
    return len(na) == len(nb) == 1 and same_number(na[0], nb[0])
