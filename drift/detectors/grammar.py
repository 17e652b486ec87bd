"""Modality, attribution and negation: changes in the grammar of a claim.

These rely on grammatical classes rather than topic words: modal verbs are the
Penn ``MD`` tag, negation is spaCy's ``neg`` dependency plus the negative
determiners and pronouns, and reporting verbs are the closed class of verbs of
saying grouped by the stance they express.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from drift.detectors.base import Detector, PairContext, quote, register, tok_range
from drift.lexicon import wordnet_pos
from drift.model import Finding, FindingType

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

REPORTING_STANCE: dict[str, str] = {
    **dict.fromkeys(
        [
            "say",
            "tell",
            "state",
            "add",
            "note",
            "report",
            "announce",
            "write",
            "explain",
            "describe",
            "comment",
            "remark",
            "reply",
            "respond",
            "quote",
            "cite",
            "tweet",
            "post",
            "mention",
            "indicate",
            "declare",
            "told",
        ],
        "neutral",
    ),
    **dict.fromkeys(
        ["confirm", "acknowledge", "admit", "concede", "verify", "reveal", "disclose"], "confirm"
    ),
    **dict.fromkeys(
        ["claim", "allege", "insist", "assert", "maintain", "contend", "argue", "purport"], "claim"
    ),
    **dict.fromkeys(["deny", "dispute", "reject", "refute"], "deny"),
    **dict.fromkeys(["warn", "threaten", "caution"], "warn"),
    **dict.fromkeys(["vow", "pledge", "promise"], "promise"),
    **dict.fromkeys(["believe", "think", "suggest", "estimate", "suspect", "speculate"], "opinion"),
}
NEGATIVE_WORDS = frozenset(
    {"no", "never", "none", "nothing", "nobody", "neither", "nor", "without", "nowhere", "cannot"}
)
NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-", "mis")


def _modal(tok: Any) -> str | None:
    word = str(tok.lower_)
    if tok.tag_ == "MD":
        return MODAL_CANON.get(word, word)
    return word if word in HEDGES else None


def _has_reporting(doc: Any) -> bool:
    return any(t.lemma_.lower() in REPORTING_STANCE and t.pos_ in {"VERB", "AUX"} for t in doc)


@register
class ModalityDetector(Detector):
    """Modal verbs and hedges that changed, appeared or vanished in changed words."""

    name = "modality"
    types = (FindingType.MODALITY,)

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
            out.append(
                ctx.finding(
                    FindingType.MODALITY,
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
                    FindingType.MODALITY,
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
                    FindingType.MODALITY,
                    "modality.tense" if future else "modality.added",
                    None,
                    tok_range(ctx.copy, tc.i),
                    f"the copy adds {quote(tc.text)}: the present is told as the future"
                    if future
                    else f"the copy adds {quote(tc.text)}: a fact is stated as a possibility",
                )
            )
        return [f for f in out if f is not None]


def reporting_verbs(doc: Any) -> list[tuple[Any, str]]:
    return [
        (t, "neutral" if t.lower_ == "according" else REPORTING_STANCE[t.lemma_.lower()])
        for t in doc
        if (t.lemma_.lower() in REPORTING_STANCE and t.pos_ in {"VERB", "AUX"})
        or (t.lower_ == "according" and any(c.lower_ == "to" for c in t.children))
    ]


def _attributes(verb: Any) -> bool:
    """Whether a verb of saying attributes a claim: it has a speaker or a reported clause
    ("a call reporting six students missing" attributes nothing)."""
    return (
        verb.lower_ == "according"
        or speaker(verb) is not None
        or any(c.dep_ in {"ccomp", "parataxis"} for c in verb.children)
    )


def _speaker_kept(verb: Any, copy_doc: Any) -> bool:
    """Whether the copy still has the speaker as the subject of some verb ("Parly
    re-stated that ..." / "Parly reiterated ..."): the attribution is reworded, not gone."""
    who = speaker(verb)
    if who is None:
        return False
    return any(
        t.dep_ in {"nsubj", "nsubjpass"}
        and t.lemma_.lower() == who.lemma_.lower()
        and t.head.pos_ in {"VERB", "AUX"}
        for t in copy_doc
    )


def speaker(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


@register
class AttributionDetector(Detector):
    """Who said it and how: the verb of saying, its stance and its speaker."""

    name = "attribution"
    types = (FindingType.ATTRIBUTION, FindingType.ADDITION)
    synonym_cosine = 0.85

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        src = reporting_verbs(ctx.source.doc)
        cpy = reporting_verbs(ctx.copy.doc)
        out: list[Finding | None] = []
        attributions = [(t, st) for t, st in src if _attributes(t)]
        if attributions and not cpy and not _speaker_kept(attributions[0][0], ctx.copy.doc):
            t, _ = attributions[0]
            who = speaker(t)
            label = f"{who.text} {t.text}" if who is not None else t.text
            rng = tok_range(
                ctx.source,
                min(t.i, who.i) if who is not None else t.i,
                t.i if who is None else max(t.i, who.i),
            )
            out.append(
                ctx.finding(
                    FindingType.ATTRIBUTION,
                    "attribution.dropped",
                    rng,
                    None,
                    f"the attribution {quote(label)} was dropped: the claim now reads as fact",
                )
            )
            return [f for f in out if f is not None]
        if cpy and not src:
            t, _ = cpy[0]
            out.append(
                ctx.finding(
                    FindingType.ADDITION,
                    "addition.attribution",
                    None,
                    tok_range(ctx.copy, t.i),
                    f"the copy attributes the claim ({quote(t.text)}) where the source did not",
                )
            )
            return [f for f in out if f is not None]
        for (ts, ss), (tc, sc) in zip(src, cpy, strict=True) if len(src) == len(cpy) else ():
            if ss != sc and (ts.i in ctx.src_changed_tokens or tc.i in ctx.cpy_changed_tokens):
                out.append(
                    ctx.finding(
                        FindingType.ATTRIBUTION,
                        "attribution.verb",
                        tok_range(ctx.source, ts.i),
                        tok_range(ctx.copy, tc.i),
                        f"{quote(ts.text)} became {quote(tc.text)}: the stance changed from {ss} to {sc}",
                    )
                )
            ws, wc = speaker(ts), speaker(tc)
            if (
                ws is not None
                and wc is not None
                and ws.pos_ in {"NOUN"}
                and wc.pos_ in {"NOUN"}
                and ws.lemma_.lower() != wc.lemma_.lower()
                and (ctx.resources.word_vectors.similarity(ws.lemma_.lower(), wc.lemma_.lower()) or 0.0)
                < self.synonym_cosine
                and ws.i in ctx.src_changed_tokens
                and wc.i in ctx.cpy_changed_tokens
            ):
                out.append(
                    ctx.finding(
                        FindingType.ATTRIBUTION,
                        "attribution.speaker",
                        tok_range(ctx.source, ws.left_edge.i, ws.i),
                        tok_range(ctx.copy, wc.left_edge.i, wc.i),
                        f"the speaker changed from {quote(ws.text)} to {quote(wc.text)}",
                    )
                )
        return [f for f in out if f is not None]


def negations(doc: Any) -> list[Any]:
    return [t for t in doc if t.dep_ == "neg" or t.lower_ in NEGATIVE_WORDS]


def _negated(tok: Any) -> Any:
    """The word a negation applies to: its head, or the noun a negative determiner modifies."""
    if tok.dep_ == "neg" or tok.dep_ == "det":
        return tok.head
    if tok.lower_ in {"without", "nor"}:
        kids = [c for c in tok.children if c.dep_ in {"pobj", "pcomp", "conj"}]
        return kids[0] if kids else tok.head
    return tok.head if tok.head is not tok else tok


def _dehyphenated(text: str) -> str:
    """Lower-case text with hyphens inside words removed ("non-violent" -> "nonviolent")."""
    return re.sub(r"(?<=\w)-(?=\w)", "", text.lower())


def _is_negated(tok: Any) -> bool:
    """Whether a negation applies to ``tok`` or to the verb it completes ("was not bad")."""
    targets = {tok.i}
    if tok.dep_ in {"acomp", "attr", "xcomp", "oprd", "dobj"}:
        targets.add(tok.head.i)
    return any(targets & {_negated(n).i, n.head.i} for n in negations(tok.doc))


def _antonym_by_prefix(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and any(long_ == p + short for p in NEGATIVE_PREFIXES)


@register
class NegationDetector(Detector):
    """A negation that appeared or vanished, or a word swapped for its negated form."""

    name = "negation"
    types = (FindingType.NEGATION,)

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        out: list[Finding | None] = []
        src_lemmas = {t.lemma_.lower() for t in ctx.source.doc}
        cpy_lemmas = {t.lemma_.lower() for t in ctx.copy.doc}
        # A negation counts only where the negated word is on both sides: a negated
        # clause that is simply new (or simply cut) is an addition (or omission).
        src = [
            t
            for t in negations(ctx.source.doc)
            if t.i in ctx.src_changed_tokens and _negated(t).lemma_.lower() in cpy_lemmas
        ]
        cpy = [
            t
            for t in negations(ctx.copy.doc)
            if t.i in ctx.cpy_changed_tokens and _negated(t).lemma_.lower() in src_lemmas
        ]
        n_src, n_cpy = len(negations(ctx.source.doc)), len(negations(ctx.copy.doc))
        antonyms, litotes = self._antonyms(ctx, src_lemmas, cpy_lemmas)
        out.extend(antonyms)
        if litotes:
            # "not bad" for "good": the negation and the antonym cancel out.
            n_src = n_cpy
        if n_src > n_cpy and src:
            t = src[0]
            head = _negated(t)
            out.append(
                ctx.finding(
                    FindingType.NEGATION,
                    "negation.changed",
                    tok_range(ctx.source, min(t.i, head.i), max(t.i, head.i)),
                    self._counterpart(ctx, head),
                    f"the negation {quote(t.text)} was dropped: the claim is reversed",
                )
            )
        elif n_cpy > n_src and cpy:
            t = cpy[0]
            head = _negated(t)
            out.append(
                ctx.finding(
                    FindingType.NEGATION,
                    "negation.changed",
                    None,
                    tok_range(ctx.copy, min(t.i, head.i), max(t.i, head.i)),
                    f"the copy adds the negation {quote(t.text)}: the claim is reversed",
                )
            )
        for h in ctx.changes:
            if h.op != "replace":
                continue
            for i in range(h.src_start, h.src_end):
                for j in range(h.cpy_start, h.cpy_end):
                    a, b = ctx.source.units[i], ctx.copy.units[j]
                    if _antonym_by_prefix(a.norm, b.norm) and not re.search(
                        rf"\b{re.escape(b.norm)}\b", _dehyphenated(ctx.source.text)
                    ):
                        out.append(
                            ctx.finding(
                                FindingType.NEGATION,
                                "negation.antonym",
                                (a.start, a.end),
                                (b.start, b.end),
                                f"{quote(ctx.source.text[a.start : a.end])} became its opposite "
                                f"{quote(ctx.copy.text[b.start : b.end])}",
                            )
                        )
        return [f for f in out if f is not None]

    @staticmethod
    def _antonyms(
        ctx: PairContext, src_lemmas: set[str], cpy_lemmas: set[str]
    ) -> tuple[list[Finding | None], bool]:
        """A source word gone and its WordNet antonym new in the copy: the claim is reversed.

        Returns the findings and whether an antonym came with a negation of its own
        ("not bad" for "good"), which keeps the meaning and is not reported. Skipped
        when the new word is a synonym of another source word, which it then
        more likely rewords ("previous and current" / "past and present"), and when
        the source word still stands elsewhere in the copy: it moved to another
        sentence, and the new word says something else.
        """
        wordnet = ctx.resources.wordnet
        src_joined = _dehyphenated(ctx.source.text)
        copy_doc = ctx.copy.document.text.lower()
        src = [
            t
            for t in ctx.source.doc
            if t.i in ctx.src_changed_tokens
            and t.lemma_.lower() not in cpy_lemmas
            and wordnet_pos(t.pos_)
            and not re.search(rf"\b{re.escape(t.lower_)}\b", copy_doc)
        ]
        out: list[Finding | None] = []
        litotes = False
        for b in ctx.copy.doc:
            pos = wordnet_pos(b.pos_)
            if pos is None or b.i not in ctx.cpy_changed_tokens or b.lemma_.lower() in src_lemmas:
                continue
            if re.search(rf"\b{re.escape(b.lower_)}\b", src_joined):
                continue
            lemma = b.lemma_.lower()
            if any(
                wordnet.synonyms(lemma, t.lemma_.lower(), pos, senses=3)
                for t in ctx.source.doc
                if wordnet_pos(t.pos_) == pos
            ):
                continue
            for a in src:
                if wordnet_pos(a.pos_) != pos or not wordnet.opposed(a.lemma_.lower(), b.lemma_.lower(), pos):
                    continue
                if _is_negated(a) != _is_negated(b):
                    litotes = True
                else:
                    out.append(
                        ctx.finding(
                            FindingType.NEGATION,
                            "negation.antonym",
                            tok_range(ctx.source, a.i),
                            tok_range(ctx.copy, b.i),
                            f"{quote(a.text)} became its opposite {quote(b.text)}",
                        )
                    )
                break
        return out, litotes

    @staticmethod
    def _counterpart(ctx: PairContext, head: Any) -> tuple[int, int] | None:
        for t in ctx.copy.doc:
            if t.lemma_.lower() == head.lemma_.lower() and t.pos_ == head.pos_:
                return tok_range(ctx.copy, t.i)
        return None
