"""Omission: words the copy dropped without putting anything in their place."""

from __future__ import annotations

from drift.detectors.base import Detector, PairContext, register
from drift.detectors.vocabulary import (
    QUALIFIERS,
    SUBJECT_DEPS,
    balance,
    is_content,
    is_predicate,
    phrase_range,
    quote,
    said_on_other_side,
    trimmed_constituents,
)
from drift.values import Finding, FindingType


@register(
    "omission",
    emits=(FindingType.OMISSION,),
    models=("parser", "word_vectors"),
    defaults={"clause_words": 3},
)
class OmissionDetector(Detector):
    """Words the copy dropped without putting anything in their place."""

    clause_words: int

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        out: list[Finding | None] = []
        copy_lemmas = {t.lemma_.lower() for t in ctx.copy.doc}
        copy_content = [t for t in ctx.copy.doc if is_content(t)]
        wv = ctx.resources.word_vectors
        for h in ctx.changes:
            src_toks = sorted({ctx.source.units[k].tok for k in range(h.src_start, h.src_end)})
            toks = [ctx.source.doc[i] for i in src_toks]
            if not toks:
                continue
            gone = [t for t in toks if t.lemma_.lower() not in copy_lemmas]
            for t in gone:
                if t.lower_ in QUALIFIERS and not any(n.like_num for n in t.doc[t.i + 1 : t.i + 4]):
                    out.append(
                        ctx.finding(
                            "omission.qualifier",
                            (t.idx, t.idx + len(t.text)),
                            None,
                            f"the qualifier {quote(t.text)} was dropped",
                        )
                    )
            if h.op != "delete":
                continue
            content = [
                t
                for t in gone
                if is_content(t)
                and not t.ent_type_
                and not t.like_num
                and not said_on_other_side(t, copy_content, wv)
            ]
            verbs = [t for t in content if is_predicate(t)]
            subjects = [t for t in content if t.dep_ in SUBJECT_DEPS and t.pos_ in {"NOUN", "PRON"}]
            net = balance(ctx)
            clause = len(content) >= self.clause_words and net.content >= self.clause_words - 1
            if content and trimmed_constituents(toks):
                rule, what = "omission.trimmed", "a self-contained phrase was trimmed"
            elif verbs and clause:
                rule, what = "omission.clause", "a clause was dropped"
            elif verbs and net.verbs > 0:
                rule, what = "omission.verb", "the verb was dropped"
            elif subjects and net.content > 0:
                rule, what = "omission.subject", "the subject was dropped"
            elif content:
                rule, what = "omission.detail", "a detail was dropped"
            else:
                continue
            rng = phrase_range(ctx.source.doc, toks)
            out.append(
                ctx.finding(
                    rule,
                    rng,
                    None,
                    f"{what}: {quote(ctx.source.text[rng[0] : rng[1]])}",
                )
            )
        return [f for f in out if f is not None]
