"""The vocabulary detectors share: closed grammatical classes, word-form matching,
the content balance of a pair, and how article text is quoted in an explanation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from drift.align.sides import Side
from drift.text.normalize import same_stem

if TYPE_CHECKING:
    from drift.detectors.base import PairContext

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


def same_word(a: Any, b: Any) -> bool:
    """Same lemma, or two forms of one stem: inflections and derivations
    (``base``/``bases``, ``administered``/``administration``, ``compared``/``comparison``)."""
    la, lb = a.lemma_.lower(), b.lemma_.lower()
    if la == lb or a.lower_ == b.lower_:
        return True
    return same_stem(la, lb) or same_stem(a.lower_, b.lower_)


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


def said_on_other_side(tok: Any, others: list[Any], wv: Any) -> bool:
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


def is_predicate(tok: Any) -> bool:
    lemma = tok.lemma_.lower()
    return tok.pos_ == "VERB" and tok.dep_ not in {"aux", "auxpass"} and lemma not in REPORTING_STANCE


def balance(ctx: PairContext) -> Balance:
    """Orphan content words of each side (not said in any form on the other side)."""
    cached = ctx.memo.get("balance")
    if isinstance(cached, Balance):
        return cached
    wv = ctx.resources.word_vectors
    src_c = [t for t in ctx.source.doc if is_content(t) and not t.like_num]
    cpy_c = [t for t in ctx.copy.doc if is_content(t) and not t.like_num]
    src_orph = [t for t in src_c if t.i in ctx.src_changed_tokens and not said_on_other_side(t, cpy_c, wv)]
    cpy_orph = [t for t in cpy_c if t.i in ctx.cpy_changed_tokens and not said_on_other_side(t, src_c, wv)]
    result = Balance(
        len(src_orph) - len(cpy_orph),
        sum(map(is_predicate, src_orph)) - sum(map(is_predicate, cpy_orph)),
    )
    ctx.memo["balance"] = result
    return result


# Dependents whose whole subtree can go without touching the rest of the clause: a
# trimmed copy drops them, and what is left still says what it said (English UD/ClearNLP
# labels as spaCy's parser uses them).
ADJUNCT_DEPS = frozenset(
    {
        "advcl",
        "acl",
        "relcl",
        "prep",
        "advmod",
        "amod",
        "appos",
        "npadvmod",
        "nmod",
        "parataxis",
        "conj",
        "intj",
    }
)

# Subordinators and prepositions whose clause restricts when or whether the rest holds:
# dropping one turns a conditional or limited claim into a general one.
RESTRICTING = frozenset(
    {"if", "unless", "provided", "providing", "lest", "except", "without", "excluding", "until", "only"}
)


# Kept modifiers the parser may have hung deep under a dropped phrase although they belong
# to the clause ("stand in front of tigers for special occasions"). One hung straight from
# the dropped head is its own ("located in the east" → "in the east"), so the head alone went.
REATTACHABLE = frozenset({"prep", "advcl", "npadvmod", "advmod", "relcl", "acl"})


_DASHES = frozenset({"\u2013", "\u2014", "--", "-"})


def _parenthetical(words: list[Any]) -> bool:
    """Whether ``words`` are exactly a parenthesis: all that stands between paired dashes
    or brackets, or between a dash and the sentence's end ("the city's new mosque –
    completed in February amid record cold – for nightly suppers")."""
    doc = words[0].doc
    first, last = words[0].i, words[-1].i
    if last - first + 1 != len(words) or first == 0:
        return False
    before = doc[first - 1]
    after = doc[last + 1] if last + 1 < len(doc) else None
    if before.text == "(":
        return after is not None and after.text == ")"
    if before.text not in _DASHES or not before.whitespace_:
        return False
    return after is None or after.text in _DASHES or (after.is_punct and after.is_sent_end)


def trimmed_constituents(toks: list[Any]) -> bool:
    """Whether these dropped tokens are whole adjunct constituents, or whole sentences.

    Every dropped word must sit under a dropped head whose entire subtree went with it,
    and that head must be an adjunct (a modifier, an apposition, a coordinated clause)
    or a sentence's root; a kept modifier the parser hung under the dropped phrase may
    stay. A lone head dropped from its kept dependents ("cameras placed
    in" → "cameras in"), or a core argument (subject, object, complement), is not a
    trim. A condition or restriction ("if", "unless", "without") is never one. Words that
    are exactly a parenthesis between dashes or brackets are one, whatever their parse.

    Args:
        toks: The dropped tokens of one source span, from one parsed ``Doc``.
    """
    words = [t for t in toks if not t.is_punct and not t.is_space]
    if not words:
        return False
    dropped = {t.i for t in toks}
    for t in words:
        if t.lower_ in RESTRICTING:
            return False
    if _parenthetical(words):
        return True
    heads = [t for t in words if t.head.i not in dropped or t.head.i == t.i]
    for h in heads:
        if h.dep_ in {"cc", "punct", "mark"}:
            continue
        if h.dep_ != "ROOT" and h.dep_ not in ADJUNCT_DEPS:
            return False
        if h.dep_ == "relcl" and not (h.left_edge.i > 0 and h.doc[h.left_edge.i - 1].text == ","):
            return False
        kept = {w.i for w in h.subtree if w.i not in dropped and not w.is_punct}
        for d in h.subtree:
            if (
                d.i in kept
                and d.head.i != h.i
                and d.dep_ in REATTACHABLE
                and all(w.i not in dropped for w in d.subtree)
            ):
                kept -= {w.i for w in d.subtree}
        if kept:
            return False
    return True


def inside_trimmed(doc: Any, tokens: frozenset[int], changed: frozenset[int], other: Any) -> bool:
    """Whether ``tokens`` (a name, a figure) went as part of a larger trimmed phrase.

    From the mention's head, climb while the head above was changed too; the phrase
    reached must be a trim (:func:`trimmed_constituents`) that says more than the
    mention itself ("a medieval expert from the Royal Armouries" → "a medieval expert").
    A name dropped on its own ("told the magazine PM" → "told the magazine") is not, nor
    a phrase whose other words the copy (``other``, its ``Doc``) still says elsewhere.
    """
    if not tokens or not tokens <= changed:
        return False
    top = next(doc[i] for i in sorted(tokens) if doc[i].head.i not in tokens or doc[i].head.i == i)
    while top.head.i != top.i and top.head.i in changed:
        top = top.head
    phrase = [w for w in top.subtree if w.i in changed]
    rest = [w for w in phrase if is_content(w) and w.i not in tokens]
    if not rest:
        return False
    said = {form for t in other for form in (t.lemma_.lower(), t.lower_)}
    if any(w.lemma_.lower() in said or w.lower_ in said for w in rest):
        return False  # moved or reworded, not cut
    return trimmed_constituents(phrase)


def described_by_role(doc: Any, tokens: frozenset[int], other: Any) -> bool:
    """Whether a name (``tokens`` of ``doc``) goes with a definite description in
    apposition that the other side (its ``Doc``) still gives: "Dame Sally Davies, the
    Chief Medical Officer, said" / "the Chief Medical Officer said", "Sir Geoffrey Howe,
    her deputy," / "her deputy". The copy still tells who it was, without the name; an
    indefinite description ("Konrad Fischer, a fisherman" / "a fisherman") does not. The
    description must fill the name's place in the copy (the same dependency): one left
    dangling where the name was cut ("found by, the fisherman,") does not. A speaker is
    not described away: "said John Carter, the spokesman" / "said the spokesman" makes a
    named source anonymous."""
    if not tokens:
        return False
    head = next(doc[i] for i in sorted(tokens) if doc[i].head.i not in tokens or doc[i].head.i == i)
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head  # a title tagged apart from its name ("Dame" of "Dame Sally Davies")
    if head.dep_ in SUBJECT_DEPS and head.head.lemma_.lower() in REPORTING_STANCE:
        return False
    roles = [c for c in head.children if c.dep_ == "appos" and c.i not in tokens]
    place = head.dep_
    if head.dep_ == "appos" and head.head.i not in tokens:
        roles.append(head.head)
        place = head.head.dep_
    # a definite description, not another name ("Markus Söder (CSU)": "Söder" does not
    # describe "CSU") nor an indefinite one ("Duvall, a married man": which man?)
    roles = [
        r
        for r in roles
        if (r.pos_ == "NOUN" or (r.pos_ == "PROPN" and not r.ent_type_))
        and any((c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "poss" for c in r.children)
    ]
    said = {t.lemma_.lower() for t in other if t.pos_ in {"NOUN", "PROPN"} and t.dep_ == place}
    return any(r.lemma_.lower() in said for r in roles)


def is_content(tok: Any) -> bool:
    return tok.is_alpha and not tok.is_stop and tok.pos_ in {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"}


def phrase_range(side_doc: Any, toks: list[Any]) -> tuple[int, int]:
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def one_line(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(text: str, limit: int = 60) -> str:
    """Article text as it appears inside an explanation."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def tok_range(side: Side, first: int, last: int | None = None) -> tuple[int, int]:
    """Side-text range of tokens ``first..last`` inclusive."""
    t0 = side.doc[first]
    t1 = side.doc[first if last is None else last]
    return t0.idx, t1.idx + len(t1.text)


CLAUSE_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
"""Parts of speech that carry a clause's content, for telling what a clause says."""


def cut_with_words(ctx: PairContext, *, source: bool, marker: Callable[[Any], bool]) -> frozenset[int]:
    """Tokens of one side in runs the other side has nothing for, where the run holds a
    content word besides the ``marker`` words (modals, negations) that the other side does
    not say anywhere, in any form or with a close synonym, or a whole sentence.

    A modal or a negation there went with its words ("though certainly not always wealthy"
    cut, "It's not fair." cut): that is an omission or an addition, not a change of
    certainty or polarity. "would have wanted" / "wanted" cuts no content and stays one.
    """
    side = ctx.source if source else ctx.copy
    other = ctx.copy if source else ctx.source
    others = [t for t in other.doc if not t.is_punct]
    wv = ctx.resources.word_vectors
    out: set[int] = set()
    for h in ctx.changes:
        start, end = (h.src_start, h.src_end) if source else (h.cpy_start, h.cpy_end)
        facing = (h.cpy_end - h.cpy_start) if source else (h.src_end - h.src_start)
        if facing or start == end:
            continue
        toks = sorted({side.units[k].tok for k in range(start, end)})
        words = [side.doc[i] for i in toks]
        whole = {t.i for t in words[0].sent if not t.is_punct} <= set(toks)
        content = [w for w in words if w.pos_ in CLAUSE_POS and w.dep_ not in {"aux", "auxpass"}]
        # Words the other side says elsewhere were moved, not cut ("the Colosseum did not
        # reopen" fronted): only a run with words of its own took its modal with it.
        if whole or any(not marker(w) and not said_on_other_side(w, others, wv) for w in content):
            out.update(toks)
    return frozenset(out)


_ARTICLES = frozenset({"a", "an", "the"})
_INDEFINITE = frozenset({"a", "an"})
_FINITE_OR_BASE = frozenset({"VB", "VBD", "VBP", "VBZ"})
_OBJECT_PRONOUNS = frozenset({"him", "them", "us", "me", "whom"})
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
_SUBJECTS = SUBJECT_DEPS | {"expl", "csubj", "csubjpass"}
_CLOSERS = frozenset({",", ".", ";", ":", ")"})


def syntax_faults(doc: Any) -> int:
    """How many places in a parsed text break English grammar in a way that words cut out
    of a sentence leave behind: a preposition without its object ("the capital of ."), an
    article that determines nothing ("the of hormones"), a preposition, article or
    possessive just before a closing mark, a finite verb in a noun's place ("which the
    prohibits"), an object pronoun as a subject, an adjective standing for its noun after
    "a" ("a presidential recommended"), a long sentence with no verb, and a finite main
    verb with no subject ("Last year blocked the plan"; a passive's participle, "Was
    established in 1979", is not counted).

    A fluent text has few of these and a faithful rewording no more than its source, so a
    copy with more of them than its source has lost words, not been reworded (the
    decision's ``copy_faults`` evidence)."""
    return sum(any(fault(t) for fault in _FAULTS) for t in doc)


def _next_text(t: Any) -> str:
    return t.doc[t.i + 1].text if t.i + 1 < len(t.doc) else ""


_FAULTS: tuple[Callable[[Any], bool], ...] = (
    lambda t: t.dep_ == "prep" and not any(c.dep_ in ("pobj", "pcomp") for c in t.children),
    lambda t: t.lower_ in _ARTICLES and (t.dep_ != "det" or t.head.i == t.i),
    lambda t: t.tag_ in ("IN", "DT", "TO", "POS", "PRP$") and _next_text(t) in _CLOSERS,
    lambda t: t.tag_ in _FINITE_OR_BASE and t.dep_ in ("compound", "amod", "nsubj", "dobj", "pobj"),
    lambda t: t.lower_ in _OBJECT_PRONOUNS and t.dep_ in SUBJECT_DEPS,
    lambda t: (
        t.pos_ == "ADJ" and t.dep_ in _NOMINAL_DEPS and any(c.lower_ in _INDEFINITE for c in t.children)
    ),
    lambda t: (
        t.dep_ == "ROOT"
        and t.pos_ in ("NOUN", "PROPN", "ADJ")
        and len(t.sent) >= 8
        and not any(x.pos_ in ("VERB", "AUX") for x in t.sent)
    ),
    lambda t: (
        t.dep_ == "ROOT"
        and t.tag_ in ("VBD", "VBZ", "VBP")
        and not any(c.dep_ in _SUBJECTS for c in t.children)
    ),
)
