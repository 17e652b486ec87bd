"""Negation: a negation that appeared or vanished, or a word swapped for its opposite."""

from __future__ import annotations

import re
from typing import Any

from drift.detectors.base import Detector, PairContext, register
from drift.detectors.vocabulary import cut_with_words, quote, tok_range
from drift.models.wordnet import wordnet_pos
from drift.values import Finding, FindingType

NEGATIVE_WORDS = frozenset(
    {"no", "never", "none", "nothing", "nobody", "neither", "nor", "without", "nowhere", "cannot"}
)
NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-", "mis")
# Negative implicative verbs: "failed to attend" entails "did not attend", and "refused to
# sign" that the signing did not happen (Karttunen's implicatives). With an infinitive they
# are a negation of that verb, so "failed to" / "did not" is the same claim and "agreed to" /
# "refused to" is a reversed one. "Unable to" is the one adjective of the class: "was unable
# to verify" is "could not verify".
NEGATIVE_IMPLICATIVES = frozenset({"fail", "refuse", "decline", "neglect"})
NEGATIVE_IMPLICATIVE_ADJECTIVES = frozenset({"unable"})


def _implicative(tok: Any) -> Any | None:
    """The infinitive a negative implicative verb or adjective governs ("failed to
    *attend*", "unable to *verify*"), or None."""
    lemma = tok.lemma_.lower()
    verb = lemma in NEGATIVE_IMPLICATIVES and tok.pos_ in {"VERB", "AUX"}
    if not (verb or (lemma in NEGATIVE_IMPLICATIVE_ADJECTIVES and tok.pos_ == "ADJ")):
        return None
    for child in tok.children:
        if child.dep_ == "xcomp" and any(c.lower_ == "to" for c in child.children):
            return child
    return None


def _phrasal(tok: Any) -> Any | None:
    """What a negative phrase denies: "far from *unique*", "rather than *in* the lab",
    "instead of *waiting*" (each says the word after it is not the case), or None."""
    doc = tok.doc
    if tok.i + 2 >= len(doc):
        return None
    nxt, after = doc[tok.i + 1], doc[tok.i + 2]
    pair = (tok.lower_, nxt.lower_)
    if pair == ("far", "from") and after.pos_ in {"ADJ", "VERB", "ADV"}:
        return after
    if pair in {("rather", "than"), ("instead", "of")}:
        return after
    return None


def negations(doc: Any) -> list[Any]:
    """Negating tokens: the parser's ``neg``, a contraction it misread ("wasnt"), the negative
    words, negative implicative verbs and negative phrases."""
    return [
        t
        for t in doc
        if t.dep_ == "neg"
        or (t.norm_ == "not" and t.lower_ != "not")
        or t.lower_ in NEGATIVE_WORDS
        or _implicative(t) is not None
        or _phrasal(t) is not None
    ]


def negated_word(tok: Any) -> Any:
    """The word a negation applies to: its head, the infinitive of an implicative verb, or
    the noun a negative determiner modifies."""
    governed = _implicative(tok)
    if governed is not None:
        return governed
    denied = _phrasal(tok)
    if denied is not None:
        return denied
    if tok.dep_ == "neg" or tok.dep_ == "det":
        return tok.head
    if tok.lower_ in {"without", "nor"}:
        kids = [c for c in tok.children if c.dep_ in {"pobj", "pcomp", "conj"}]
        return kids[0] if kids else tok.head
    return tok.head if tok.head is not tok else tok


def _dehyphenated(text: str) -> str:
    """Lower-case text with hyphens inside words removed ("non-violent" -> "nonviolent")."""
    return re.sub(r"(?<=\w)-(?=\w)", "", text.lower())


def is_negated(tok: Any) -> bool:
    """Whether a negation applies to ``tok`` or to the verb it completes ("was not bad").
    A negating word is not negated by itself: "unable" in "were unable to reach" negates
    "reach"."""
    targets = {tok.i}
    if tok.dep_ in {"acomp", "attr", "xcomp", "oprd", "dobj"}:
        targets.add(tok.head.i)
    return any(targets & {negated_word(n).i, n.head.i} for n in negations(tok.doc) if n.i != tok.i)


# A negative prefix that makes a word's negation, for a negation told in one word on the other
# side ("was not prepared" / "ill-prepared", "not able" / "unable").
_LEXICAL_NEGATION_PREFIXES = (*NEGATIVE_PREFIXES, "ill")
_COMPLEMENTS = frozenset({"acomp", "attr", "oprd", "xcomp"})


def _denied_sense(neg: Any) -> tuple[str, str] | None:
    """The lemma and WordNet part of speech a negation denies: "does not *allow*", and for
    "without" the verb "have" ("people without qualifications" are people not having them)."""
    if neg.lower_ == "without":
        return "have", "v"
    target = negated_word(neg)
    pos = wordnet_pos(target.pos_)
    return (target.lemma_.lower(), pos) if pos else None


def _said_by_antonym(neg: Any, other: Any, wordnet: Any, changed: frozenset[int]) -> bool:
    """Whether a changed word of the other side is the WordNet antonym of what ``neg``
    denies: "does not allow" / "forbids", "did not remember" / "forgot", "without" /
    "lacking". A negated word and its antonym make one claim (not X = antonym of X)."""
    sense = _denied_sense(neg)
    if sense is None:
        return False
    lemma, pos = sense
    return any(
        t.i in changed
        and wordnet_pos(t.pos_) == pos
        and t.lemma_.lower() != lemma
        and not is_negated(t)
        and wordnet.opposed(lemma, t.lemma_.lower(), pos)
        for t in other
    )


def lexical_negations(negs: list[Any], other: Any, *, wordnet: Any, changed: frozenset[int]) -> int:
    """How many of the negations ``negs`` the other side tells in one word: the word they
    negate with a negative prefix ("not prepared" / "ill-prepared"), or a word among the
    other side's ``changed`` tokens that is its WordNet antonym ("does not allow" /
    "forbids")."""
    words = set(re.findall(r"\w+", _dehyphenated(other.text)))
    count = 0
    for neg in negs:
        if _said_by_antonym(neg, other, wordnet, changed):
            count += 1
            continue
        target = negated_word(neg)
        # "was not prepared": the negation sits on the copula, its word is the complement
        words_negated = [target, *(c for c in target.children if c.dep_ in _COMPLEMENTS)]
        # A noun's prefix is rarely its negation: "not a course" is not "discourse".
        forms = {
            str(f)
            for t in words_negated
            if t.pos_ not in {"NOUN", "PROPN"}
            for f in (t.lower_, t.lemma_.lower())
        }
        if any(p + f in words for p in _LEXICAL_NEGATION_PREFIXES for f in forms if len(f) >= 4):
            count += 1
    return count


def _sentence_within(tok: Any, cut: frozenset[int]) -> bool:
    """Whether every word of ``tok``'s sentence is in ``cut``."""
    return {t.i for t in tok.sent if not t.is_punct} <= cut


def _merism(tok: Any, wordnet: Any, pos: str) -> bool:
    """Whether ``tok`` is coordinated with its own opposite ("past and present", "young and
    old"): the pair means both ends of the scale, not one of them."""
    return any(wordnet.opposed(tok.lemma_.lower(), c.lemma_.lower(), pos) for c in tok.conjuncts)


def _said_by_synonym(tok: Any, other: Any, wordnet: Any) -> bool:
    """Whether the other side says ``tok`` with a WordNet synonym or, for an adjective, a
    word of its cluster (first three senses)."""
    pos = wordnet_pos(tok.pos_)
    lemma = tok.lemma_.lower()
    return any(
        wordnet_pos(o.pos_) == pos and wordnet.similar(lemma, o.lemma_.lower(), pos)
        for o in other
        if o.lemma_.lower() != lemma
    )


def _start(side: Any, tok: Any) -> int:
    """Where ``tok`` starts in its document, as a finding's span gives it."""
    return int(side.span(tok.idx, tok.idx + len(tok.text)).start)


def _antonym_by_prefix(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and any(long_ == p + short for p in _LEXICAL_NEGATION_PREFIXES)


@register(
    "negation",
    emits=(FindingType.NEGATION,),
    models=("parser", "wordnet", "word_vectors"),
    defaults={"synonyms": True, "synonym_senses": 3, "aligned": False, "aligned_min": 0.0},
)
class NegationDetector(Detector):
    """A negation that appeared or vanished, or a word swapped for its negated form."""

    synonyms: bool
    synonym_senses: int
    aligned: bool
    aligned_min: float

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        out: list[Finding | None] = []
        src_lemmas = {t.lemma_.lower() for t in ctx.source.doc}
        cpy_lemmas = {t.lemma_.lower() for t in ctx.copy.doc}
        # A negation counts only where the negated word is on both sides: a negated
        # clause that is simply new (or simply cut) is an addition (or omission).
        # A negation cut or added with its own words ("It's not fair." cut) is one too.
        src_negs, cpy_negs = negations(ctx.source.doc), negations(ctx.copy.doc)
        src_neg_at, cpy_neg_at = {t.i for t in src_negs}, {t.i for t in cpy_negs}
        src_cut = cut_with_words(ctx, source=True, marker=lambda w: w.i in src_neg_at)
        cpy_cut = cut_with_words(ctx, source=False, marker=lambda w: w.i in cpy_neg_at)
        src = [
            t
            for t in src_negs
            if t.i in ctx.src_changed_tokens
            and t.i not in src_cut
            and self._on_both_sides(ctx, negated_word(t), cpy_lemmas, source=True)
        ]
        cpy = [
            t
            for t in cpy_negs
            if t.i in ctx.cpy_changed_tokens
            and t.i not in cpy_cut
            and self._on_both_sides(ctx, negated_word(t), src_lemmas, source=False)
        ]
        antonyms, litotes = self._antonyms(ctx, src_lemmas, cpy_lemmas)
        prefixed = self._prefixed(ctx)
        # the balance leaves out negations whose whole sentence was cut (or added), and a
        # negating word that is itself the opposite swapped in ("able" / "unable"), which
        # the swap reports
        swapped = {
            (f.source_span.start if f.source_span else -1, f.copy_span.start if f.copy_span else -1)
            for f in (*antonyms, *prefixed)
            if f is not None
        }
        src_swapped = {a for a, _ in swapped}
        cpy_swapped = {b for _, b in swapped}
        src_kept = [
            t
            for t in src_negs
            if not _sentence_within(t, src_cut) and _start(ctx.source, t) not in src_swapped
        ]
        cpy_kept = [
            t for t in cpy_negs if not _sentence_within(t, cpy_cut) and _start(ctx.copy, t) not in cpy_swapped
        ]
        wordnet = ctx.resources.wordnet
        n_src = len(src_kept) + lexical_negations(
            cpy_kept, ctx.source.doc, wordnet=wordnet, changed=ctx.src_changed_tokens
        )
        n_cpy = len(cpy_kept) + lexical_negations(
            src_kept, ctx.copy.doc, wordnet=wordnet, changed=ctx.cpy_changed_tokens
        )
        out.extend(antonyms)
        if litotes:
            # "not bad" for "good": the negation and the antonym cancel out.
            n_src = n_cpy
        if n_src > n_cpy and src:
            t = src[0]
            head = negated_word(t)
            out.append(
                ctx.finding(
                    "negation.changed",
                    tok_range(ctx.source, min(t.i, head.i), max(t.i, head.i)),
                    self._counterpart(ctx, head),
                    f"the negation {quote(t.text)} was dropped: the claim is reversed",
                )
            )
        elif n_cpy > n_src and cpy:
            t = cpy[0]
            head = negated_word(t)
            out.append(
                ctx.finding(
                    "negation.changed",
                    None,
                    tok_range(ctx.copy, min(t.i, head.i), max(t.i, head.i)),
                    f"the copy adds the negation {quote(t.text)}: the claim is reversed",
                )
            )
        out.extend(prefixed)
        return [f for f in out if f is not None]

    def _on_both_sides(self, ctx: PairContext, word: Any, other_lemmas: set[str], *, source: bool) -> bool:
        """Whether the negated ``word`` is said on the other side too: the same lemma, or
        (with ``synonyms``) a WordNet synonym among the first ``synonym_senses`` senses of a
        changed word of the same class there ("did not block" for "stopped"), or (with
        ``aligned``) the word the alignment links it with, of the same class, not negated,
        linked at ``aligned_min`` or more.

        ``synonyms`` is on: on DEMETR ids 1-250 it finds 7 more of 250 negations (eng side)
        with no faithful pair flagged, and on OneStopEnglish articles 41-110 it adds no
        major finding. ``aligned`` is off: it finds 33 more there and flags one more
        faithful pair, but adds 15 major false alarms on those OneStop articles, where a
        rewrite says a claim as a negation ("a muted reaction" / "did not show much
        reaction")."""
        if word.lemma_.lower() in other_lemmas:
            return True
        pos = wordnet_pos(word.pos_)
        if pos is None:
            return False
        other = ctx.copy if source else ctx.source
        changed = ctx.cpy_changed_tokens if source else ctx.src_changed_tokens
        if self.synonyms:
            wordnet = ctx.resources.wordnet
            lemma = word.lemma_.lower()
            for i in sorted(changed):
                tok = other.doc[i]
                if wordnet_pos(tok.pos_) == pos and wordnet.synonyms(
                    lemma, tok.lemma_.lower(), pos, senses=self.synonym_senses
                ):
                    return True
        if self.aligned and ctx.words is not None:
            link = ctx.words.of_source(word.i) if source else ctx.words.of_copy(word.i)
            if link is not None:
                tok = other.doc[link.cpy if source else link.src]
                if wordnet_pos(tok.pos_) == pos and not is_negated(tok) and link.score >= self.aligned_min:
                    return True
        return False

    @staticmethod
    def _prefixed(ctx: PairContext) -> list[Finding | None]:
        """A word swapped for its form with a negative prefix ("likely" / "unlikely"): in
        the place of a replaced word, or linked with it by the word alignment."""
        swaps: list[tuple[int, int, int, str, int, int, int, str]] = []
        for h in ctx.changes:
            if h.op != "replace":
                continue
            for i in range(h.src_start, h.src_end):
                for j in range(h.cpy_start, h.cpy_end):
                    a, b = ctx.source.units[i], ctx.copy.units[j]
                    swaps.append((a.start, a.end, a.tok, a.norm, b.start, b.end, b.tok, b.norm))
        src_changed = [ctx.source.doc[i] for i in sorted(ctx.src_changed_tokens)]
        cpy_changed = [ctx.copy.doc[j] for j in sorted(ctx.cpy_changed_tokens)]
        prefixed = any(
            _antonym_by_prefix(_dehyphenated(a.lower_), _dehyphenated(b.lower_))
            for a in src_changed
            for b in cpy_changed
        )
        # the alignment is built only when some changed pair has the form of one
        for link in ctx.words.links if prefixed and ctx.words else ():
            if not link.lexical and link.src in ctx.src_changed_tokens and link.cpy in ctx.cpy_changed_tokens:
                a, b = ctx.source.doc[link.src], ctx.copy.doc[link.cpy]
                swaps.append(
                    (a.idx, a.idx + len(a.text), a.i, a.lower_, b.idx, b.idx + len(b.text), b.i, b.lower_)
                )
        src_plain = _dehyphenated(ctx.source.text)
        out: list[Finding | None] = []
        seen: set[tuple[int, int]] = set()
        for sa, ea, ta, a_form, sb, eb, tb, b_form in swaps:
            a_text, b_text = ctx.source.text[sa:ea], ctx.copy.text[sb:eb]
            b_norm = _dehyphenated(b_form)
            if (
                (sa, sb) not in seen
                and _antonym_by_prefix(_dehyphenated(a_form), b_norm)
                and not re.search(rf"\b{re.escape(b_norm)}\b", src_plain)
                and is_negated(ctx.source.doc[ta]) == is_negated(ctx.copy.doc[tb])
            ):
                seen.add((sa, sb))
                out.append(
                    ctx.finding(
                        "negation.antonym",
                        (sa, ea),
                        (sb, eb),
                        f"{quote(a_text)} became its opposite {quote(b_text)}",
                    )
                )
        return out

    @staticmethod
    def _antonyms(
        ctx: PairContext, src_lemmas: set[str], cpy_lemmas: set[str]
    ) -> tuple[list[Finding | None], bool]:
        """A source word gone and its WordNet antonym new in the copy: the claim is reversed.

        Returns the findings and whether an antonym came with a negation of its own
        ("not bad" for "good"), which keeps the meaning and is not reported. Skipped
        when the new word is a synonym of another source word, which it then
        more likely rewords ("previous and current" / "past and present"), and when
        the source word still stands elsewhere in the copy, as written or by a synonym
        ("the wealthy" / "the rich"): it moved, and the new word says something else.
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
            and not _said_by_synonym(t, ctx.copy.doc, wordnet)
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
                if a.conjuncts and _merism(b, wordnet, pos):
                    break
                if is_negated(a) != is_negated(b):
                    litotes = True
                else:
                    out.append(
                        ctx.finding(
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
