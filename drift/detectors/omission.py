"""Omission: words the copy dropped without putting anything in their place."""

from __future__ import annotations

from typing import Any

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

_FUNCTION_POS = frozenset({"ADP", "DET", "PUNCT", "CCONJ", "SCONJ", "PART"})
_GOVERNED = frozenset({"to", "of", "with", "by", "for", "as"})
"""Prepositions a verb governs as its complement ("related to", "consisting of", "known
as"): without the verb the phrase no longer fits the noun ("countries to France")."""


def _linking_participle(tok: Any, copy_lemmas: set[str], wordnet: Any) -> bool:
    """Whether ``tok`` is a participle of a state that only links a noun to a phrase the
    copy keeps: "a jail situated 130 miles west" / "a jail 130 miles west", "issues
    ranging from A to B" / "issues from A to B", "a reporter residing in the US" / "a
    reporter in the US". The phrase then describes the noun directly and says what the
    participle did. A verb of an event ("the men seen near the bank", "the first state
    reopened on April 24") tells more than the phrase (WordNet's ``verb.stative`` file
    decides), and a phrase the verb governed ("countries related to France" / "countries
    to France", a passive's agent "surrounded by hills") is not such a phrase."""
    if tok.dep_ != "acl" or tok.tag_ not in {"VBN", "VBG"} or tok.head.lemma_.lower() not in copy_lemmas:
        return False
    if not wordnet.stative(tok.lemma_.lower()):
        return False
    kids = [c for c in tok.children if c.dep_ != "punct"]
    ranged = any(c.lower_ == "from" for c in kids)  # "from A to B" is a range, not "related to"
    if not kids or any(
        c.dep_ not in {"prep", "npadvmod", "advmod"}
        or (c.lower_ in _GOVERNED and not (ranged and c.lower_ == "to"))
        for c in kids
    ):
        return False
    return all(
        any(w.lemma_.lower() in copy_lemmas for w in c.subtree if w.i != c.i and w.pos_ not in _FUNCTION_POS)
        for c in kids
    )


@register(
    "omission",
    emits=(FindingType.OMISSION,),
    models=("parser", "word_vectors", "wordnet"),
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
            if len(content) == 1 and _linking_participle(content[0], copy_lemmas, ctx.resources.wordnet):
                rule, what = "omission.detail", "a participle was dropped, its phrase kept"
            elif content and trimmed_constituents(toks):
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
