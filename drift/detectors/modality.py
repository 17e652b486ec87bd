"""Modality: modal verbs and hedges that changed, appeared or vanished."""

from __future__ import annotations

from collections import Counter
from typing import Any

from drift.detectors.base import Detector, PairContext, register
from drift.detectors.vocabulary import REPORTING_STANCE, quote, tok_range
from drift.values import Finding, FindingType

MODAL_CANON = {"ca": "can", "wo": "will", "'ll": "will", "'d": "would", "sha": "shall"}
# Tense backshift in reported speech ("will" reported as "would") is not a change of modality.
BACKSHIFT = {
    frozenset({"will", "would"}),
    frozenset({"can", "could"}),
    frozenset({"may", "might"}),
    frozenset({"shall", "should"}),
}
# Modal force: what a modal claims about the event. Swaps inside a class ("may"/"could")
# keep the claim; swaps across classes ("could"/"would") change it.
MODAL_CLASS: dict[str, str] = {
    **dict.fromkeys(
        ("may", "might", "could", "can", "possibly", "perhaps", "maybe", "potentially"), "possible"
    ),
    **dict.fromkeys(("will", "would", "shall", "likely", "probably"), "predicted"),
    **dict.fromkeys(("must", "should", "ought", "need"), "necessary"),
    **dict.fromkeys(("certainly", "definitely"), "certain"),
    "unlikely": "unlikely",
}
# "will"/"shall" alone mark the future tense: "opens on Friday" and "will open on Friday"
# make the same claim, so dropping or adding one is a change of tense, not of certainty.
FUTURE = frozenset({"will", "shall"})
HEDGES = frozenset(
    {
        "likely",
        "unlikely",
        "possibly",
        "probably",
        "perhaps",
        "potentially",
        "maybe",
        "certainly",
        "definitely",
    }
)


# Verbs and adjectives that, with an infinitive, tell an event as expected or planned rather
# than as happened: "was expected to reopen", "is set to", "plans to", "is due to". So "was
# expected to reopen" / "reopened" states an expectation as a fact. "Expected" predicts, as
# "will" does; the others tell a plan or a schedule, which the plain future also tells ("is
# set to open" / "will open"), but a hedge does not ("is likely to" / "is set to").
EXPECTATIONS = frozenset({"expect", "set", "plan", "intend", "schedule", "due", "poise", "slate"})
MODAL_CLASS.update({"expect": "predicted", **dict.fromkeys(EXPECTATIONS - {"expect"}, "planned")})


def _modal(tok: Any) -> str | None:
    word = str(tok.lower_)
    if tok.tag_ == "MD":
        return MODAL_CANON.get(word, word)
    if tok.lemma_.lower() in EXPECTATIONS and tok.pos_ in {"VERB", "ADJ"} and _takes_infinitive(tok):
        return str(tok.lemma_.lower())
    return word if word in HEDGES else None


def _takes_infinitive(tok: Any) -> bool:
    return any(c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in tok.children)


def _has_reporting(doc: Any) -> bool:
    return any(t.lemma_.lower() in REPORTING_STANCE and t.pos_ in {"VERB", "AUX"} for t in doc)


@register(
    "modality",
    emits=(FindingType.MODALITY,),
)
class ModalityDetector(Detector):
    """Modal verbs and hedges that changed, appeared or vanished in changed words."""

    def __call__(self, ctx: PairContext) -> list[Finding]:
        src = [(t, m) for t in ctx.source.doc if (m := _modal(t)) and t.i in ctx.src_changed_tokens]
        cpy = [(t, m) for t in ctx.copy.doc if (m := _modal(t)) and t.i in ctx.cpy_changed_tokens]
        all_src = Counter(m for t in ctx.source.doc if (m := _modal(t)))
        all_cpy = Counter(m for t in ctx.copy.doc if (m := _modal(t)))
        src_cls = Counter(MODAL_CLASS.get(m, m) for m in all_src.elements())
        cpy_cls = Counter(MODAL_CLASS.get(m, m) for m in all_cpy.elements())
        src = [(t, m) for t, m in src if cpy_cls[MODAL_CLASS.get(m, m)] < src_cls[MODAL_CLASS.get(m, m)]]
        cpy = [(t, m) for t, m in cpy if src_cls[MODAL_CLASS.get(m, m)] < cpy_cls[MODAL_CLASS.get(m, m)]]
        reported = _has_reporting(ctx.source.doc) and _has_reporting(ctx.copy.doc)
        out: list[Finding | None] = []
        while src and cpy:
            (ts, ms), (tc, mc) = src.pop(0), cpy.pop(0)
            if reported and frozenset({ms, mc}) in BACKSHIFT:
                continue
            if (ms in FUTURE or mc in FUTURE) and "planned" in {MODAL_CLASS.get(ms), MODAL_CLASS.get(mc)}:
                continue
            out.append(
                ctx.finding(
                    "modality.changed",
                    tok_range(ctx.source, ts.i),
                    tok_range(ctx.copy, tc.i),
                    f"{quote(ts.text)} became {quote(tc.text)}: the certainty of the claim changed",
                )
            )
        for ts, ms in src:
            future = ms in FUTURE
            out.append(
                ctx.finding(
                    "modality.tense" if future else "modality.dropped",
                    tok_range(ctx.source, ts.i),
                    None,
                    f"{quote(ts.text)} was dropped: the future is told in the present"
                    if future
                    else f"{quote(ts.text)} was dropped: a possibility is stated as fact",
                )
            )
        for tc, mc in cpy:
            future = mc in FUTURE
            out.append(
                ctx.finding(
                    "modality.tense" if future else "modality.added",
                    None,
                    tok_range(ctx.copy, tc.i),
                    f"the copy adds {quote(tc.text)}: the present is told as the future"
                    if future
                    else f"the copy adds {quote(tc.text)}: a fact is stated as a possibility",
                )
            )
        return [f for f in out if f is not None]
