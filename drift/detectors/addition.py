"""Addition: words or sentences the copy added that the source does not support."""

from __future__ import annotations

from typing import Any

from drift.align.aligner import content_words
from drift.detectors.base import Detector, DocumentContext, PairContext, register
from drift.detectors.entity import Mention, mentions, present_in
from drift.detectors.negation import is_negated, negated_word, negations
from drift.detectors.vocabulary import REPORTING_STANCE, is_content, phrase_range, quote, said_on_other_side
from drift.models.wordnet import wordnet_pos
from drift.text.names import compare_names, name_key
from drift.text.normalize import recase
from drift.text.numbers import NumberMention, find_numbers, same_number
from drift.values import Finding, FindingType

MODIFIER_DEPS = frozenset({"amod", "advmod", "compound", "nmod", "npadvmod"})
VERBATIM_KEPT = 0.9
"""Share of words kept verbatim at or above which a new describing word is a characterisation
rather than a rewording; the same share at which the decision reads a cut as a hard fact
(:data:`drift.pipeline.decision.HARD_CUTS_KEPT`)."""


def _qualifies_kept(tok: Any, inserted: list[Any]) -> bool:
    """Whether ``tok`` is an adjective, adverb or noun joined to a word outside the inserted
    words (a word the copy kept) as its modifier ("private custody") or as the noun the
    kept word now modifies ("competition" / "competition rules")."""
    if tok.pos_ not in {"ADJ", "ADV", "NOUN"}:
        return False
    inside = {t.i for t in inserted}
    if tok.dep_ in MODIFIER_DEPS and tok.head.i != tok.i and tok.head.i not in inside:
        return True
    return tok.pos_ == "NOUN" and any(c.dep_ in MODIFIER_DEPS and c.i not in inside for c in tok.children)


@register(
    "addition",
    emits=(FindingType.ADDITION, FindingType.HEADLINE),
    models=("parser", "word_vectors", "encoder", "wordnet"),
    defaults={"claim_words": 3, "sentence_words": 3, "verbatim_kept": VERBATIM_KEPT},
)
class AdditionDetector(Detector):
    """Words the copy inserted that the source does not support.

    In a copy that keeps at least ``verbatim_kept`` of the source's words verbatim, a
    new word joined to a phrase the source has ("in custody" / "in private custody",
    "call" / "joyfully call", "competition" / "competition rules") is
    ``addition.qualifier``: nothing was reworded around it, so it tells something the
    source does not, rather than saying the source's words another way.
    Elsewhere new wording is a detail.
    """

    claim_words: int
    sentence_words: int
    verbatim_kept: float

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self._facts: dict[str, tuple[list[Mention], list[NumberMention]]] = {}

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        out: list[Finding | None] = []
        source_lemmas = {t.lemma_.lower() for t in ctx.source.doc}
        source_content = [t for t in ctx.source.doc if is_content(t)]
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
                if is_content(t)
                and t.lemma_.lower() not in source_lemmas
                and not t.ent_type_
                and not said_on_other_side(t, source_content, wv)
            ]
            if not new:
                continue
            verbs = [
                t for t in new if t.pos_ == "VERB" and REPORTING_STANCE.get(t.lemma_.lower()) != "neutral"
            ]
            if verbs and len(new) >= self.claim_words:
                rule, what = "addition.claim", "a new claim"
            elif ctx.kept_share >= self.verbatim_kept and all(_qualifies_kept(t, toks) for t in new):
                rule, what = "addition.qualifier", "a word the source lacks, set into a phrase it kept"
            else:
                rule, what = "addition.detail", "new wording"
            rng = phrase_range(ctx.copy.doc, toks)
            out.append(
                ctx.finding(
                    rule,
                    None,
                    rng,
                    f"the copy adds {what}: {quote(ctx.copy.text[rng[0] : rng[1]])}",
                )
            )
        return [f for f in out if f is not None]

    def _source_facts(self, source: DocumentContext) -> tuple[list[Mention], list[NumberMention]]:
        """Names and figures of a whole source document, worked out once per run."""
        key = f"{source.source.id}:{source.source.sha256}"
        if key not in self._facts:
            doc = source.resources.parser(" ".join(s.plain for s in source.source.sentences))
            self._facts[key] = (mentions(doc), find_numbers(doc.text))
        return self._facts[key]

    def unmatched_copy(self, ctx: DocumentContext, index: int) -> Finding | None:
        """A copy sentence with no source counterpart that states a new fact (a name or a
        figure the whole source lacks) is an addition; a headline or standfirst that does
        is a ``headline`` finding."""
        if ctx.copy.furniture_kind(index) is not None:
            return self._headline(ctx, index)
        if len(content_words(ctx.copy.sentences[index].plain)) < self.sentence_words:
            return None
        side = ctx.side(index)
        src_names, src_numbers = self._source_facts(ctx)
        facts = [
            quote(m.text)
            for m in mentions(side.doc)
            if not any(compare_names(m.text, s.text).same for s in src_names)
        ]
        facts += [
            quote(n.text) for n in find_numbers(side.text) if not any(same_number(n, s) for s in src_numbers)
        ]
        if not facts:
            return None
        severity = ctx.policy.severity("addition.sentence")
        if severity is None:
            return None
        return Finding(
            FindingType.ADDITION,
            severity,
            None,
            side.span(0, len(side.text)),
            f"a sentence with no source counterpart states new facts: {', '.join(facts[:4])}",
            "addition.sentence",
        )

    def _headline(self, ctx: DocumentContext, index: int) -> Finding | None:
        """Names and figures of a headline or standfirst checked against the whole source.

        Title case ("Storm Kills At Least 12 In Coastal Towns") defeats the name tagger
        and the qualifier rules, so a capitalised word is read in lower case wherever
        the source writes it in lower case (:func:`~drift.text.normalize.recase`).
        """
        side = ctx.side(index)
        body = " ".join(s.plain for s in ctx.source.sentences)
        text = recase(
            side.text, body, common=ctx.resources.wordnet.common, lemmas=ctx.resources.parser.irregular_lemmas
        )
        doc = ctx.resources.parser(text)
        src_names, src_numbers = self._source_facts(ctx)
        body_key = name_key(body)
        names = [
            m
            for m in mentions(doc)
            if len(m.text.strip()) > 2
            and not present_in(m.text, body_key)
            and not any(compare_names(m.text, s.text).same for s in src_names)
        ]
        numbers = [n for n in find_numbers(text) if not any(same_number(n, s) for s in src_numbers)]
        kind = ctx.copy.furniture_kind(index)
        missing: Mention | NumberMention
        if numbers:
            rule, missing, what = "headline.number", numbers[0], "figure"
        elif names:
            rule, missing, what = "headline.entity", names[0], "name"
        else:
            return self._headline_claim(ctx, index, doc, kind or "headline")
        severity = ctx.policy.severity(rule)
        if severity is None:
            return None
        start, end = missing.start, missing.end
        return Finding(
            FindingType.HEADLINE,
            severity,
            None,
            side.span(start, end),
            f"the {kind} has the {what} {quote(side.text[start:end])}, which the source does not",
            rule,
        )

    def _headline_claim(self, ctx: DocumentContext, index: int, doc: Any, kind: str) -> Finding | None:
        """A headline's claim checked against the source sentence closest to it in meaning
        (MiniLM cosine): a negation it adds or drops there, or a word that is a WordNet
        antonym of a word of that sentence the headline does not also use ("Prices Fall" /
        "prices rose"). Headlines reword freely, so nothing else in the wording counts."""
        sentences = [s.plain for s in ctx.source.sentences if s.plain.strip()]
        if not sentences:
            return None
        vectors = ctx.resources.encoder.encode([doc.text, *sentences])
        best = sentences[int((vectors[1:] @ vectors[0]).argmax())]
        src = ctx.resources.parser(best)
        hit = _polarity_flip(doc, src) or _antonym(doc, src, ctx.resources.wordnet)
        if hit is None:
            return None
        severity = ctx.policy.severity("headline.claim")
        if severity is None:
            return None
        start, end, why = hit
        return Finding(
            FindingType.HEADLINE,
            severity,
            None,
            ctx.side(index).span(start, end),
            f"the {kind} {why} the closest source sentence, {quote(best)}",
            "headline.claim",
        )


def _polarity_flip(head: Any, src: Any) -> tuple[int, int, str] | None:
    """A word negated on one side and stated plainly on the other, where one side has more
    negations than the other: (start, end, why) in the headline's text, or None. The span is
    the headline's negation when it has one."""
    if len(negations(head)) == len(negations(src)):
        return None  # no negation added or dropped: a parse that differs is not a flip
    src_words = [t for t in src if is_content(t)]
    for tok in (t for t in head if is_content(t)):
        for other in src_words:
            if tok.lower_ != other.lower_ and tok.lemma_.lower() != other.lemma_.lower():
                continue
            if is_negated(tok) == is_negated(other):
                continue
            if is_negated(tok):
                neg = next((n for n in negations(head) if tok.i in (negated_word(n).i, n.head.i)), tok)
                return neg.idx, neg.idx + len(neg.text), f"negates {quote(tok.text)}, which is stated in"
            return tok.idx, tok.idx + len(tok.text), f"states {quote(tok.text)} plainly, which is negated in"
    return None


def _antonym(head: Any, src: Any, wordnet: Any) -> tuple[int, int, str] | None:
    """A headline word that is the opposite of a word of ``src`` (same part of speech), where
    ``src`` does not also have the headline's word and exactly one of the two is not negated.
    Stop words count here: "less" against "more" is a reversed claim."""
    src_lemmas = {t.lemma_.lower() for t in src}
    for tok in head:
        pos = wordnet_pos(tok.pos_)
        lemma = tok.lemma_.lower()
        if pos is None or not tok.is_alpha or lemma in src_lemmas:
            continue
        for other in src:
            if other.pos_ != tok.pos_ or not other.is_alpha or is_negated(other) != is_negated(tok):
                continue  # "Talks Fail" / "talks did not succeed" is the same claim
            if wordnet.opposed(lemma, other.lemma_.lower(), pos):
                return (
                    tok.idx,
                    tok.idx + len(tok.text),
                    f"says {quote(tok.text)} where {quote(other.text)} is in",
                )
    return None
