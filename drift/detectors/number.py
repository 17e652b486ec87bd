"""Figures, dates and units that changed, lost their qualifier, vanished or appeared."""

from __future__ import annotations

from drift.detectors.base import Detector, PairContext, register
from drift.detectors.vocabulary import quote
from drift.text.numbers import (
    NumberMention,
    changed_codes,
    compare_numbers,
    dash_lost,
    find_codes,
    find_numbers,
    match_counted,
    qualified_range,
)
from drift.values import Finding, FindingType

# A date or time reference dropped or added is a detail; a changed one is a changed fact.
DATE_KINDS = frozenset({"date", "year", "time"})


def _bare_one(m: NumberMention) -> bool:
    """The word "one" alone, which a singular or "a"/"another" tells as well, and which is
    as often a pronoun ("one has to", "a loved one") as a count: its going or coming is a
    detail, not a lost or new figure."""
    return m.text.lower() == "one" and m.unit is None and m.approx is None


@register(
    "number",
    emits=(FindingType.NUMBER, FindingType.OMISSION, FindingType.ADDITION),
)
class NumberDetector(Detector):
    """Parses every number mention on both sides and compares values, units and qualifiers.

    Figures are aligned in order, then a vanished and a new figure counting the same noun
    are paired wherever they stand; codes ("F-35") whose digits changed are changed figures.
    """

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        src_numbers, cpy_numbers = dash_lost(
            ctx.source.text, ctx.copy.text, find_numbers(ctx.source.text), find_numbers(ctx.copy.text)
        )
        diff = compare_numbers(src_numbers, cpy_numbers)
        match_counted(diff, ctx.source.text, ctx.copy.text)
        out: list[Finding | None] = []
        codes = changed_codes(
            find_codes(ctx.source.text, numbers=src_numbers), find_codes(ctx.copy.text, numbers=cpy_numbers)
        )
        for ca, cb in codes:
            out.append(
                ctx.finding(
                    "number.code_changed",
                    (ca.start, ca.end),
                    (cb.start, cb.end),
                    f"{quote(ca.text)} became {quote(cb.text)}: same letters, other digits",
                )
            )
        for a, b in diff.changed:
            out.append(
                ctx.finding(
                    "number.changed",
                    (a.start, a.end),
                    (b.start, b.end),
                    f"{quote(a.text)} became {quote(b.text)}",
                )
            )
        for a, b in diff.qualifier_changed:
            ra = qualified_range(ctx.source.text, a)
            rb = qualified_range(ctx.copy.text, b)
            old, new = ctx.source.text[ra[0] : ra[1]], ctx.copy.text[rb[0] : rb[1]]
            if a.approx and not b.approx:
                out.append(
                    ctx.finding(
                        "omission.qualifier",
                        ra,
                        rb,
                        f"the qualifier was dropped: {quote(old)} became {quote(new)}",
                    )
                )
            else:
                out.append(
                    ctx.finding(
                        "number.qualifier_added" if not a.approx else "number.qualifier",
                        ra,
                        rb,
                        f"{quote(old)} became {quote(new)}: the approximation changed",
                    )
                )
        for a in diff.missing:
            out.append(
                ctx.finding(
                    "omission.date"
                    if a.kind in DATE_KINDS
                    else "omission.detail"
                    if _bare_one(a)
                    else "omission.number",
                    (a.start, a.end),
                    None,
                    f"the figure {quote(a.text)} is missing from the copy",
                )
            )
        for b in diff.added:
            out.append(
                ctx.finding(
                    "addition.date"
                    if b.kind in DATE_KINDS
                    else "addition.detail"
                    if _bare_one(b)
                    else "addition.number",
                    None,
                    (b.start, b.end),
                    f"the copy adds the figure {quote(b.text)}, absent from the source",
                )
            )
        return [f for f in out if f is not None]
