"""Content dropped from or added to an aligned pair: qualifiers, clauses, details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drift.detectors.base import Detector, PairContext, quote, register
from drift.detectors.grammar import REPORTING_STANCE
from drift.detectors.lexical import same_word
from drift.model import Finding, FindingType

# Hedges and evidential qualifiers: words whose loss turns a reported or approximate
# claim into a flat one. A closed grammatical class of English, not taken from any text.
QUALIFIERS = frozenset(
    [
        "allegedly",
        "alleged",
        "reportedly",
        "purportedly",
        "apparently",
        "supposedly",
        "suspected",
        "unconfirmed",
        "unverified",
        "possibly",
        "probably",
        "presumably",
        "seemingly",
        "nearly",
        "almost",
        "roughly",
        "approximately",
        "around",
        "about",
        "some",
        "partly",
        "partially",
        "mostly",
        "largely",
        "only",
        "just",
        "estimated",
    ]
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


SOFT_MATCH_COSINE = 0.75


def _present(tok: Any, others: list[Any], wv: Any) -> bool:
    """Whether the other side says this word, literally, inflected or with a close synonym."""
    lemma = tok.lemma_.lower()
    for o in others:
        if o.lemma_.lower() == lemma or same_word(tok, o):
            return True
        if o.pos_ == tok.pos_ and (wv.similarity(lemma, o.lemma_.lower()) or 0.0) >= SOFT_MATCH_COSINE:
            return True
    return False


@dataclass(frozen=True)
class Balance:
    """Content the source has and the copy lacks, minus the reverse.

    A paraphrase drops words and adds others in about equal measure; a real cut
    (or insertion) leaves the balance tilted. Positive values lean to omission.
    """

    content: int
    verbs: int


def _predicate(tok: Any) -> bool:
    lemma = tok.lemma_.lower()
    return tok.pos_ == "VERB" and tok.dep_ not in {"aux", "auxpass"} and lemma not in REPORTING_STANCE


def balance(ctx: PairContext) -> Balance:
    """Orphan content words of each side (not said in any form on the other side)."""
    cached = ctx.memo.get("balance")
    if isinstance(cached, Balance):
        return cached
    wv = ctx.resources.word_vectors
    src_c = [t for t in ctx.source.doc if _is_content(t) and not t.like_num]
    cpy_c = [t for t in ctx.copy.doc if _is_content(t) and not t.like_num]
    src_orph = [t for t in src_c if t.i in ctx.src_changed_tokens and not _present(t, cpy_c, wv)]
    cpy_orph = [t for t in cpy_c if t.i in ctx.cpy_changed_tokens and not _present(t, src_c, wv)]
    result = Balance(
        len(src_orph) - len(cpy_orph),
        sum(map(_predicate, src_orph)) - sum(map(_predicate, cpy_orph)),
    )
    ctx.memo["balance"] = result
    return result


def _is_content(tok: Any) -> bool:
    return tok.is_alpha and not tok.is_stop and tok.pos_ in {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"}


def _phrase(side_doc: Any, toks: list[Any]) -> tuple[int, int]:
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


@register
class OmissionDetector(Detector):
    """Words the copy dropped without putting anything in their place."""

    name = "omission"
    types = (FindingType.OMISSION,)
    clause_words = 3

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        out: list[Finding | None] = []
        copy_lemmas = {t.lemma_.lower() for t in ctx.copy.doc}
        copy_content = [t for t in ctx.copy.doc if _is_content(t)]
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
                            FindingType.OMISSION,
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
                if _is_content(t) and not t.ent_type_ and not t.like_num and not _present(t, copy_content, wv)
            ]
            verbs = [t for t in content if _predicate(t)]
            subjects = [t for t in content if t.dep_ in SUBJECT_DEPS and t.pos_ in {"NOUN", "PRON"}]
            net = balance(ctx)
            clause = len(content) >= self.clause_words and net.content >= self.clause_words - 1
            if verbs and clause:
                rule, what = "omission.clause", "a clause"
            elif verbs and net.verbs > 0:
                rule, what = "omission.verb", "the verb"
            elif subjects and net.content > 0:
                rule, what = "omission.subject", "the subject"
            elif content:
                rule, what = "omission.detail", "a detail"
            else:
                continue
            rng = _phrase(ctx.source.doc, toks)
            out.append(
                ctx.finding(
                    FindingType.OMISSION,
                    rule,
                    rng,
                    None,
                    f"{what} was dropped: {quote(ctx.source.text[rng[0] : rng[1]])}",
                )
            )
        return [f for f in out if f is not None]


@register
class AdditionDetector(Detector):
    """Words the copy inserted that the source does not support."""

    name = "addition"
    types = (FindingType.ADDITION,)
    claim_words = 3

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        out: list[Finding | None] = []
        source_lemmas = {t.lemma_.lower() for t in ctx.source.doc}
        source_content = [t for t in ctx.source.doc if _is_content(t)]
        wv = ctx.resources.word_vectors
        for h in ctx.changes:
            if h.op != "insert":
                continue
            toks = [
                ctx.copy.doc[i]
                for i in sorted({ctx.copy.units[k].tok for k in range(h.cpy_start, h.cpy_end)})
            ]
            new = [
                t
                for t in toks
                if _is_content(t)
                and t.lemma_.lower() not in source_lemmas
                and not t.ent_type_
                and not _present(t, source_content, wv)
            ]
            if not new:
                continue
            verbs = [
                t for t in new if t.pos_ == "VERB" and REPORTING_STANCE.get(t.lemma_.lower()) != "neutral"
            ]
            if verbs and len(new) >= self.claim_words:
                rule, what = "addition.claim", "a new claim"
            else:
                rule, what = "addition.detail", "new wording"
            rng = _phrase(ctx.copy.doc, toks)
            out.append(
                ctx.finding(
                    FindingType.ADDITION,
                    rule,
                    None,
                    rng,
                    f"the copy adds {what}: {quote(ctx.copy.text[rng[0] : rng[1]])}",
                )
            )
        return [f for f in out if f is not None]
