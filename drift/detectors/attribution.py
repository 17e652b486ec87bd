"""Attribution: who said it and how (the verb of saying, its stance, its speaker)."""

from __future__ import annotations

from typing import Any

from drift.detectors.base import Detector, PairContext, register
from drift.detectors.vocabulary import REPORTING_STANCE, quote, tok_range
from drift.text.normalize import american
from drift.values import Finding, FindingType


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


# English forms a role noun for a man, a woman or either from one stem ("spokesman",
# "spokeswoman", "spokesperson"), or leaves the stem bare ("chairman" / "chair").
_GENDERED_ENDINGS = ("woman", "women", "person", "persons", "people", "man", "men")


def _role_stem(noun: str) -> str:
    for ending in _GENDERED_ENDINGS:
        if noun.endswith(ending) and len(noun) - len(ending) >= 3:
            return noun[: -len(ending)]
    return noun


def _same_speaker_noun(a: str, b: str, wordnet: Any) -> bool:
    """Two nouns that name the same speaker: WordNet synonyms in any sense ("chief" /
    "head"), one a kind of the other within two steps ("aid groups" / "humanitarian
    organisations", "analyst" / "expert"; a more general or more specific name, where two
    kinds of one thing, "agency" / "government", stay two speakers), a closed compound and
    its head ("planemaker" / "maker"), or one role told for a man, a woman or either
    ("spokesman" / "spokesperson", "chairman" / "chair"). British spellings are read as
    WordNet's American ones."""
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.endswith(short) and long_ != short:
        return True
    if _role_stem(a) == _role_stem(b):
        return True
    a, b = american(a), american(b)
    return bool(wordnet.synonyms(a, b, "n") or wordnet.kind_of(a, b))


def speaker(verb: Any) -> Any | None:
    """Who a verb of saying attributes the claim to: its subject, or for "according to"
    the object of "to" ("according to *the agency*")."""
    if verb.lower_ == "according":
        for to in verb.children:
            if to.lower_ == "to":
                return next((c for c in to.children if c.dep_ == "pobj"), None)
        return None
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


# Stances a copy may take down to a plain "said" without changing what it reports (the
# wire agencies' own style: "said" is the neutral verb). A denial, a warning or a promise
# told as a plain statement says something else, so those stay changes of stance.
SOFTENABLE = frozenset({"confirm", "claim", "opinion"})


@register(
    "attribution",
    emits=(FindingType.ATTRIBUTION, FindingType.ADDITION),
    models=("parser", "word_vectors", "wordnet"),
    defaults={"synonym_cosine": 0.85},
)
class AttributionDetector(Detector):
    """Who said it and how: the verb of saying, its stance and its speaker."""

    synonym_cosine: float

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
            label = (
                t.text
                if who is None
                else f"{t.text} to {who.text}"
                if who.i > t.i
                else f"{who.text} {t.text}"
            )
            rng = tok_range(
                ctx.source,
                min(t.i, who.i) if who is not None else t.i,
                t.i if who is None else max(t.i, who.i),
            )
            out.append(
                ctx.finding(
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
                        "attribution.neutralised"
                        if sc == "neutral" and ss in SOFTENABLE
                        else "attribution.verb",
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
                and not _same_speaker_noun(ws.lemma_.lower(), wc.lemma_.lower(), ctx.resources.wordnet)
            ):
                out.append(
                    ctx.finding(
                        "attribution.speaker",
                        tok_range(ctx.source, ws.left_edge.i, ws.i),
                        tok_range(ctx.copy, wc.left_edge.i, wc.i),
                        f"the speaker changed from {quote(ws.text)} to {quote(wc.text)}",
                    )
                )
        return [f for f in out if f is not None]
