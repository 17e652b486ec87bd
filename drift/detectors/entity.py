"""Names of people, organisations and places that changed, vanished or appeared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drift.detectors.base import Detector, PairContext, quote, register
from drift.model import Finding, FindingType
from drift.names import compare_names

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)


@dataclass(frozen=True)
class Mention:
    text: str
    label: str
    start: int
    end: int
    tokens: frozenset[int]


def mentions(side_doc: Any) -> list[Mention]:
    """Named-entity mentions, plus runs of proper nouns the recogniser missed."""
    found: list[Mention] = []
    covered: set[int] = set()
    for ent in side_doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        toks = [t for t in ent if not (t.i == ent.start and t.lower_ in {"the", "a", "an"})]
        if not toks:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        found.append(Mention(side_doc.text[start:end], ent.label_, start, end, frozenset(t.i for t in toks)))
        covered.update(t.i for t in ent)
    run: list[Any] = []
    for tok in [*side_doc, None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.i not in covered and tok.is_alpha:
            run.append(tok)
            continue
        if run:
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            found.append(Mention(side_doc.text[start:end], "PROPN", start, end, frozenset(t.i for t in run)))
            run = []
    return found


def _same(a: Mention, b: Mention) -> bool:
    label = a.label if a.label == b.label else None
    return compare_names(a.text, b.text, label=label).same


@register
class EntityDetector(Detector):
    """Compares the names on both sides with transliteration-aware matching.

    A changed source name is paired with a new copy name of the same kind; a name
    with no counterpart is an omission, a new name an addition.
    """

    name = "entity"
    types = (FindingType.ENTITY, FindingType.OMISSION, FindingType.ADDITION)

    def __call__(self, ctx: PairContext) -> list[Finding]:
        src_all = mentions(ctx.source.doc)
        cpy_all = mentions(ctx.copy.doc)
        src_changed = [m for m in src_all if m.tokens & ctx.src_changed_tokens]
        cpy_changed = [m for m in cpy_all if m.tokens & ctx.cpy_changed_tokens]
        lost = [m for m in src_changed if not any(_same(m, c) for c in cpy_all)]
        new = [c for c in cpy_changed if not any(_same(m, c) for m in src_all)]
        out: list[Finding | None] = []
        used: set[int] = set()
        for m in lost:
            best: tuple[float, int] | None = None
            for k, c in enumerate(new):
                if k in used:
                    continue
                match = compare_names(m.text, c.text, label=m.label if m.label == c.label else None)
                kind_bonus = 0.5 if m.label == c.label else 0.0
                score = match.score + kind_bonus
                if best is None or score > best[0]:
                    best = (score, k)
            if best is not None and self._replaces(ctx, m, new[best[1]]):
                c = new[best[1]]
                used.add(best[1])
                reason = compare_names(m.text, c.text, label=m.label if m.label == c.label else None).reason
                out.append(
                    ctx.finding(
                        FindingType.ENTITY,
                        "entity.changed",
                        (m.start, m.end),
                        (c.start, c.end),
                        f"name {quote(m.text)} became {quote(c.text)} ({reason})",
                    )
                )
            else:
                out.append(
                    ctx.finding(
                        FindingType.OMISSION,
                        "omission.entity",
                        (m.start, m.end),
                        None,
                        f"the name {quote(m.text)} is missing from the copy",
                    )
                )
        for k, c in enumerate(new):
            if k not in used:
                out.append(
                    ctx.finding(
                        FindingType.ADDITION,
                        "addition.entity",
                        None,
                        (c.start, c.end),
                        f"the copy adds the name {quote(c.text)}, absent from the source",
                    )
                )
        return [f for f in out if f is not None]

    @staticmethod
    def _replaces(ctx: PairContext, old: Mention, new: Mention) -> bool:
        """A new name replaces an old one when both sit in the same changed hunk or share a kind."""
        src_units = {k for k, u in enumerate(ctx.source.units) if u.tok in old.tokens}
        cpy_units = {k for k, u in enumerate(ctx.copy.units) if u.tok in new.tokens}
        for h in ctx.changes:
            if src_units & set(range(h.src_start, h.src_end)) and cpy_units & set(range(h.cpy_start, h.cpy_end)):
                return True
        return old.label == new.label and old.label != "PROPN"
