"""Modality: modal verbs and hedges that changed, appeared or vanished."""

from __future__ import annotations

from collections import Counter
from typing import Any

from drift.detectors.base import Detector, PairContext, register
from drift.detectors.vocabulary import (
    CLAUSE_POS,
    REPORTING_STANCE,
    cut_with_words,
    quote,
    said_on_other_side,
    tok_range,
)
from drift.text.normalize import same_stem
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
    **dict.fromkeys(("will", "would", "shall"), "predicted"),
    **dict.fromkeys(("likely", "probably"), "probable"),
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
# "Likely" and "probably" hedge: "is likely to resign" / "will resign" tells a probability as
# a prediction. An expectation sits between the two ("is expected to" is read as "will" and
# as "is likely to" alike), so a swap of "expected" for a hedge keeps the claim.
# Verbs of belief in a passive with an infinitive ("is thought to have been", "are believed
# to number"): the raising passive tells a claim as probable, as "probably" does (Quirk et
# al., 16.34 on "They are said/thought to ...").
BELIEF_PASSIVES = frozenset({"think", "believe", "suppose", "presume", "reckon", "suspect", "estimate"})
MODAL_CLASS["thought to"] = "probable"


# Verbs whose complement states what someone wants done (the mandative): "demanded that she
# resign", "demanded that she should resign", "urged her to resign", "called on her to resign".
# The complement carries the obligation whether it is told by a subjunctive, an infinitive or
# "should"/"must", so all of these are one "necessary" claim (Quirk et al., 14.25: the verbs
# that take the mandative subjunctive).
MANDATIVE = frozenset(
    {
        "demand",
        "insist",
        "require",
        "request",
        "ask",
        "urge",
        "recommend",
        "propose",
        "order",
        "command",
        "mandate",
        "direct",
        "instruct",
        "stipulate",
        "decree",
        "call",
    }
)
_CALL_PARTICLES = frozenset({"on", "upon", "for"})
_MANDATIVE_MODALS = frozenset({"should", "must"})
INABILITY = "cannot"
"""What a negated "can"/"could", "unable to" and "not able to" tell: a fact, not a hedge, so
it is never reported as added or dropped on its own ("was not clear" / "could not be
uncovered"), only when it becomes another modal ("cannot pay" / "will not pay")."""
MODAL_CLASS[INABILITY] = "unable"
REFUSAL = "would not"
"""What a negated "would" tells in a past narrative: a refusal ("would not say" /
"declined to say", "would never bring" / "vowed never to bring"), a fact about someone's
will rather than a prediction (Quirk et al., 4.60 on volitional "would"). Like an
inability, it is reported only when it becomes another modal."""
MODAL_CLASS[REFUSAL] = "refused"
_FACTUAL = frozenset({INABILITY, REFUSAL})
# "may well", "might well", "could well": the possibility is told as probable.
_WELL = frozenset({"may", "might", "could"})


# Semi-modals that tell an obligation with an infinitive ("are obliged to comply", "has to
# pay"): one "necessary" claim, as "must" is (Quirk et al., 3.45). Mandative verbs
# ("required to") are counted by :func:`_mandates`.
OBLIGATION = frozenset({"oblige", "obligate", "compel", "force", "bind", "have"})
# "Has the potential to replace" tells what "might replace" tells.
POTENTIAL = frozenset({"potential"})


def _reported(tok: Any) -> bool:
    """Whether modal ``tok`` sits in a clause reported by a verb of saying ("he said the
    price would be prohibitive"): there "would" is the backshifted "will" of the words
    reported (Quirk et al., 14.31), which tells the future as "will" does, so "said the
    price would be prohibitive" / "said the price is far too high" is a change of tense,
    not of certainty."""
    clause = tok.head
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    return clause.dep_ == "ccomp" and clause.head.lemma_.lower() in REPORTING_STANCE


_POSSIBILITY_ADJECTIVES = {"possible": "possible", "probable": "probable"}


def _balance_only(doc: Any) -> Counter[str]:
    """Modal claims ``doc`` tells without a modal word, counted towards the balance of
    their class only (so "was able to escape" / "escaped" drops no hedge):

    * ability adjectives with their verb ("are able to fit", "capable of using"): "be
      able to" is the semi-modal of "can" (Quirk et al., 3.45), so "capable of using
      tools" / "can use tools" is one claim;
    * predicative adjectives of possibility and probability with a clause ("it is
      possible that he escaped"), which tell what "may" and "will probably" tell (Quirk
      et al., 4.57). An adjective before a noun ("a possible route") hedges the noun,
      not a claim.
    """
    out: Counter[str] = Counter()
    for tok in doc:
        if tok.pos_ != "ADJ" or any(c.dep_ == "neg" for c in tok.head.children):
            continue
        lemma = tok.lemma_.lower()
        able = lemma == "able" and _takes_infinitive(tok)
        capable = lemma == "capable" and any(
            c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pcomp" for g in c.children)
            for c in tok.children
        )
        if able or capable:
            out["possible"] += 1
        elif (
            lemma in _POSSIBILITY_ADJECTIVES
            and tok.dep_ in {"acomp", "attr"}
            and any(c.dep_ in {"ccomp", "csubj"} for c in (*tok.children, *tok.head.children))
        ):
            out[_POSSIBILITY_ADJECTIVES[lemma]] += 1
    return out


def _relates(tok: Any) -> bool:
    """Whether "have" is the idiom "have to do with" (be related to), which obliges no one."""
    return any(
        c.dep_ == "xcomp" and c.lemma_.lower() == "do" and any(g.lower_ == "with" for g in c.children)
        for c in tok.children
    )


def _purpose(tok: Any) -> bool:
    """Whether modal ``tok`` sits in a purpose clause ("so (that) they could live there"),
    where English grammar asks for a modal and it claims nothing of its own."""
    for c in tok.head.children:
        if c.i >= tok.i or c.dep_ not in {"mark", "advmod"}:
            continue
        if c.lower_ == "so" or (
            c.lower_ == "that" and c.i > 0 and tok.doc[c.i - 1].lower_ in {"so", "order"}
        ):
            return True
    return False


_FORCE_NAMES = {
    "necessary": "an obligation",
    "predicted": "a prediction",
    "probable": "a probability",
    "planned": "a plan",
    "certain": "a certainty",
    "unlikely": "an improbability",
}


def _told_as(modal: str) -> str:
    """What a claim with this modal tells, in words ("a possibility", "an obligation")."""
    return _FORCE_NAMES.get(MODAL_CLASS.get(modal, "possible"), "a possibility")


def _perceives(tok: Any, wordnet: Any) -> bool:
    """Whether ``tok`` is "can"/"could" with a verb of perceiving ("you can still see the
    crater", "could be heard on the album"): with these verbs "can" tells the perceiving
    itself, not a possibility (Quirk et al., 4.29; Palmer, *Modality and the English
    Modals*, 4.2.3), so "is still visible" / "can still see" is one claim. The verb's
    class comes from WordNet's lexicographer files, so no word list is involved."""
    if _canon(tok) not in {"can", "could"} or tok.head.i == tok.i:
        return False
    return bool(wordnet.perception(tok.head.lemma_.lower()))


def able_form(verb: str, adjective: str) -> bool:
    """Whether ``adjective`` is the -able/-ible adjective of ``verb`` ("rely" / "reliable",
    "cure" / "curable", "prevent" / "preventable")."""
    adj = adjective.lower()
    if not adj.endswith(("able", "ible")) or len(verb) < 3:
        return False
    bases = {verb, verb[:-1] if verb.endswith("e") else verb, verb[:-1] + "i" if verb.endswith("y") else verb}
    return adj[:-4] in bases or same_stem(adj, verb)


def _said_in_one_word(tok: Any, other: Any) -> bool:
    """Whether "can"/"could" with its verb is told on the other side by that verb's -able
    adjective: "can be relied on" / "is reliable" is one claim of the same force (an
    -able adjective means "can be ...ed"), not a possibility added to a fact."""
    if _canon(tok) not in {"can", "could"} or tok.head.i == tok.i or tok.head.pos_ != "VERB":
        return False
    verb = tok.head.lemma_.lower()
    return any(t.pos_ == "ADJ" and able_form(verb, t.lower_) for t in other)


def _canon(tok: Any) -> str:
    word = str(tok.lower_)
    return MODAL_CANON.get(word, word)


def _modal(tok: Any, wordnet: Any = None) -> str | None:
    """The modal or hedge ``tok`` tells, or None.

    A negated "can"/"could" ("could not be identified", "cannot") and "not able to" or
    "unable to" are one reading, ``"cannot"``: an inability told as a fact. A hedge adverb
    beside a modal of the same force ("may possibly", "will probably") repeats the modal's
    claim rather than making a second one, so it is not counted.
    """
    word = str(tok.lower_)
    negated = any(c.dep_ == "neg" for c in tok.head.children)
    if tok.lemma_.lower() in {"able", "unable"} and tok.pos_ == "ADJ" and _takes_infinitive(tok):
        return INABILITY if tok.lemma_.lower() == "unable" or negated else None
    if tok.tag_ == "MD":
        if _purpose(tok) or (wordnet is not None and _perceives(tok, wordnet)):
            return None
        canon = _canon(tok)
        if canon in {"can", "could"} and negated:
            return INABILITY
        if canon == "would" and negated:
            return REFUSAL
        if canon == "would" and _reported(tok):
            return "will"
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if canon in _WELL and nxt is not None and nxt.lower_ == "well" and nxt.dep_ == "advmod":
            return "likely"
        return canon
    lemma = tok.lemma_.lower()
    if lemma in OBLIGATION and tok.pos_ in {"VERB", "ADJ"} and _takes_infinitive(tok):
        if lemma == "have" and _relates(tok):
            return None
        # "without having to ask" denies the obligation, as "not having to ask" does, and
        # "do not have to shoot" too (the negation then sits on "have" itself)
        denied = (
            negated
            or any(c.dep_ == "neg" for c in tok.children)
            or (tok.dep_ == "pcomp" and tok.head.lower_ == "without")
        )
        return None if denied else "must"
    if lemma in POTENTIAL and tok.pos_ == "NOUN" and _takes_infinitive(tok, dep="acl"):
        return "might"
    if (
        lemma in BELIEF_PASSIVES
        and tok.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in tok.children)
        and _takes_infinitive(tok)
    ):
        return "thought to"
    if lemma in EXPECTATIONS and tok.pos_ in {"VERB", "ADJ"} and _takes_infinitive(tok):
        return str(tok.lemma_.lower())
    if (
        lemma in EXPECTATIONS
        and tok.pos_ == "NOUN"
        and (_takes_infinitive(tok, dep="acl") or _takes_infinitive(tok, dep="advcl"))
    ):
        return str(lemma)  # "a plan for the festival to replace" tells what "plans to replace" does
    if word not in HEDGES:
        return None
    force = MODAL_CLASS.get(word)
    if any(c.tag_ == "MD" and MODAL_CLASS.get(_canon(c)) == force for c in tok.head.children):
        return None
    return word


def _mandates(doc: Any) -> tuple[int, frozenset[int]]:
    """How many mandative complements ``doc`` has, and the "should"/"must" tokens inside them
    (which are that complement's one claim, not a second one). A complement may be a
    clause ("recommend staff should be trained") or a noun ("recommend training")."""
    count = 0
    absorbed: set[int] = set()
    for tok in doc:
        lemma = tok.lemma_.lower()
        if lemma not in MANDATIVE or tok.pos_ != "VERB":
            continue
        if lemma == "call" and not any(c.lower_ in _CALL_PARTICLES for c in tok.children):
            continue
        for comp in tok.children:
            if comp.dep_ == "dobj" and comp.pos_ == "NOUN":
                count += 1  # "recommend training for staff": what is wanted, as a noun
                continue
            passive = comp.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in comp.children)
            if comp.dep_ not in {"ccomp", "xcomp"} or not (comp.tag_ == "VB" or passive):
                continue
            modals = [c for c in comp.children if c.tag_ == "MD"]
            if all(_canon(c) in _MANDATIVE_MODALS for c in modals):
                count += 1
                absorbed.update(c.i for c in modals)
    return count, frozenset(absorbed)


def _takes_infinitive(tok: Any, *, dep: str = "xcomp") -> bool:
    return any(c.dep_ == dep and any(g.lower_ == "to" for g in c.children) for c in tok.children)


def _qualified(tok: Any) -> Any:
    """The word a modal or hedge qualifies: the verb of a modal, the head of a hedge, or the
    infinitive of a semi-modal ("has to *pay*")."""
    if tok.tag_ != "MD":
        for c in tok.children:
            if c.dep_ in {"xcomp", "acl"} and any(g.lower_ == "to" for g in c.children):
                return c
    return tok.head if tok.head.i != tok.i else tok


def _clause_kept(tok: Any, others: list[Any], wv: Any) -> bool:
    """Whether the clause a modal qualifies is said on the other side: its verb, or most
    of its content words when it was reworded ("could position the insurgents to topple
    another town" / "would lead the insurgents to capture another town")."""
    head = _qualified(tok)
    if said_on_other_side(head, others, wv):
        return True
    own = [c for c in head.children if c.dep_ not in {"conj", "cc", "parataxis", "punct"}]
    words = [w for c in own for w in c.subtree if w.pos_ in CLAUSE_POS and w.i != tok.i]
    said = sum(said_on_other_side(w, others, wv) for w in words)
    return len(words) >= 2 and 2 * said >= len(words)


def _has_reporting(doc: Any) -> bool:
    return any(t.lemma_.lower() in REPORTING_STANCE and t.pos_ in {"VERB", "AUX"} for t in doc)


@register(
    "modality",
    emits=(FindingType.MODALITY,),
    models=("parser", "word_vectors", "wordnet"),
)
class ModalityDetector(Detector):
    """Modal verbs and hedges that changed, appeared or vanished in changed words."""

    def __call__(self, ctx: PairContext) -> list[Finding]:
        mandates_src, absorbed_src = _mandates(ctx.source.doc)
        mandates_cpy, absorbed_cpy = _mandates(ctx.copy.doc)
        wn = ctx.resources.wordnet
        src_all = [(t, m) for t in ctx.source.doc if t.i not in absorbed_src and (m := _modal(t, wn))]
        cpy_all = [(t, m) for t in ctx.copy.doc if t.i not in absorbed_cpy and (m := _modal(t, wn))]
        wv = ctx.resources.word_vectors
        src_words = [t for t in ctx.source.doc if not t.is_punct]
        cpy_words = [t for t in ctx.copy.doc if not t.is_punct]
        src_at, cpy_at = {t.i for t, _ in src_all}, {t.i for t, _ in cpy_all}
        src_cut = cut_with_words(ctx, source=True, marker=lambda w: w.i in src_at or _modal(w) is not None)
        cpy_cut = cut_with_words(ctx, source=False, marker=lambda w: w.i in cpy_at or _modal(w) is not None)
        src_open = ctx.src_changed_tokens - src_cut
        cpy_open = ctx.cpy_changed_tokens - cpy_cut
        src = [(t, m) for t, m in src_all if t.i in src_open and not _said_in_one_word(t, ctx.copy.doc)]
        cpy = [(t, m) for t, m in cpy_all if t.i in cpy_open and not _said_in_one_word(t, ctx.source.doc)]
        src_cls = Counter(MODAL_CLASS.get(m, m) for _, m in src_all)
        cpy_cls = Counter(MODAL_CLASS.get(m, m) for _, m in cpy_all)
        src_cls["necessary"] += mandates_src
        cpy_cls["necessary"] += mandates_cpy
        src_cls.update(_balance_only(ctx.source.doc))
        cpy_cls.update(_balance_only(ctx.copy.doc))
        src = [(t, m) for t, m in src if cpy_cls[MODAL_CLASS.get(m, m)] < src_cls[MODAL_CLASS.get(m, m)]]
        cpy = [(t, m) for t, m in cpy if src_cls[MODAL_CLASS.get(m, m)] < cpy_cls[MODAL_CLASS.get(m, m)]]
        # Whether the words a modal qualifies are on the other side too. Two modals pair
        # when both clauses were kept, or both reworded ("could position" / "would lead").
        # An unpaired modal counts only if its clause was kept: one that went with its
        # clause ("his remarks may be seized upon, but…" cut) is an omission, and one that
        # came with a new clause an addition.
        src_kept = [_clause_kept(t, cpy_words, wv) for t, _ in src]
        cpy_kept = [_clause_kept(t, src_words, wv) for t, _ in cpy]
        reported = _has_reporting(ctx.source.doc) and _has_reporting(ctx.copy.doc)
        out: list[Finding | None] = []
        unpaired_src: list[tuple[Any, str]] = []
        free = list(range(len(cpy)))
        for (ts, ms), kept in zip(src, src_kept, strict=True):
            j = next((j for j in free if cpy_kept[j] == kept), None)
            if j is None:
                if kept:
                    unpaired_src.append((ts, ms))
                continue
            free.remove(j)
            tc, mc = cpy[j]
            if reported and frozenset({ms, mc}) in BACKSHIFT:
                continue
            if (ms in FUTURE or mc in FUTURE) and "planned" in {MODAL_CLASS.get(ms), MODAL_CLASS.get(mc)}:
                continue
            forces = {MODAL_CLASS.get(ms), MODAL_CLASS.get(mc)}
            if "expect" in {ms, mc} and forces == {"predicted", "probable"}:
                continue
            out.append(
                ctx.finding(
                    "modality.changed",
                    tok_range(ctx.source, ts.i),
                    tok_range(ctx.copy, tc.i),
                    f"{quote(ts.text)} became {quote(tc.text)}: the certainty of the claim changed",
                )
            )
        src = unpaired_src
        cpy = [cpy[j] for j in free if cpy_kept[j]]
        for ts, ms in src:
            if ms in _FACTUAL:
                continue
            future = ms in FUTURE
            out.append(
                ctx.finding(
                    "modality.tense" if future else "modality.dropped",
                    tok_range(ctx.source, ts.i),
                    None,
                    f"{quote(ts.text)} was dropped: the future is told in the present"
                    if future
                    else f"{quote(ts.text)} was dropped: {_told_as(ms)} is stated as fact",
                )
            )
        for tc, mc in cpy:
            if mc in _FACTUAL:
                continue
            future = mc in FUTURE
            out.append(
                ctx.finding(
                    "modality.tense" if future else "modality.added",
                    None,
                    tok_range(ctx.copy, tc.i),
                    f"the copy adds {quote(tc.text)}: the present is told as the future"
                    if future
                    else f"the copy adds {quote(tc.text)}: a fact is stated as {_told_as(mc)}",
                )
            )
        return [f for f in out if f is not None]
