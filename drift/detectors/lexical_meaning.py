"""A word replaced by one with a different meaning (wrong word sense, wrong verb).

Candidates are content words swapped inside a changed hunk. Three signals decide:

* word-vector similarity of the two lemmas (GloVe): synonyms sit close;
* the language model's log-probability of the source sentence with the new word
  put in the old one's place, against the original (a wrong sense reads badly in
  the source's own context: "could hold Homs" → "could detain Homs");
* how far that one substitution moves the sentence embedding.

They are combined into one score; :class:`LexicalThresholds` holds the cut-offs.
A swap the language model reads as a pair of opposites ("support" / "oppose",
:mod:`drift.models.opposites`) is a reversed claim, ``negation.opposite``, whatever
that score says: opposites sit close in word vectors and read well in context.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from drift.align.aligner import FUNCTION_WORDS
from drift.detectors.base import Detector, PairContext, register
from drift.detectors.negation import is_negated
from drift.detectors.vocabulary import REPORTING_STANCE, quote, same_word
from drift.models.opposites import opposition
from drift.models.wordnet import wordnet_pos
from drift.text.numbers import find_numbers
from drift.text.typos import misspelling
from drift.values import Finding, FindingType

CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
OPPOSITE_SCORE = 2.71
"""Set by ``bench/opposites.py`` on DEMETR dev ids 1-250 and OneStopEnglish articles
41-100: the lowest score that at most 0.5 % of the swaps of faithful and simplified
copies reach."""


@dataclass(frozen=True)
class LexicalThresholds:
    """Cut-offs of the lexical score.

    Attributes:
        synonym_cosine: Word-vector cosine at or above which a swap is a synonym.
        flag_score: Combined score at or above which a swap is flagged.
        w_word: Weight of the word-vector distance (1 - cosine).
        w_lm: Weight per nat the sentence reads worse with the new word in the old one's place.
        w_embed: Weight of the sentence-embedding shift caused by that one substitution.
        w_gap: Weight per nat the new word is more surprising in the copy's context than the
            old word in the source's.
        bias: Constant term of the score.
        unknown_cosine: Cosine assumed for a word the vectors do not know.
        max_swap: Largest replaced run (words per side) read as a word-for-word substitution.
        orphan_min_similarity: Pair similarity needed before pairing words across hunks.
        orphan_min_cosine: Least word-vector cosine for two orphans to be compared at all.
        max_orphans: Past this many orphans on a side the pair is a free rewrite and
            orphans are not paired (the pairing would be guesswork).
        synonym_senses: Two words sharing a WordNet synset among their first this many
            senses are synonyms (0: never ask WordNet). A wrong word sense comes
            through a rarer sense ("charge" and "accuse" share only their second),
            so only the most frequent sense counts by default.
        lm_drop_cap: The largest language-model drop (nats) worth asking for: a candidate
            whose score without the language model is further than ``w_lm`` times this
            below ``flag_score`` is not scored by it (``bench/lm_gate.py``).
        opposite_score: Opposition score (nats, :func:`drift.models.opposites.opposition`)
            at or above which a swap is reported as a reversal (``bench/opposites.py``).
        opposites: Whether to ask the language model for opposites at all.
        aligned: Whether words linked by the word alignment are candidates too. Off by
            default: on DEMETR ids 1-250 the extra swaps add 1.6 points of antonym recall
            and 0.4 of faithful pairs flagged, and the language model's judging them costs
            17 % of the pair rate on short pairs and 48 % on 40-80-word ones.
        aligned_min_similarity: Pair similarity needed before reading the word alignment.
        aligned_max: Past this many linked swaps beyond the diff's, the pair is a free
            rewrite and none of them is read (each would cost the language model).
    """

    synonym_cosine: float = 0.62
    flag_score: float = 1.0
    w_word: float = 0.5
    w_lm: float = 0.125
    w_embed: float = 4.17
    w_gap: float = 0.0
    bias: float = 0.0
    unknown_cosine: float = 0.3
    max_swap: int = 2
    orphan_min_similarity: float = 0.6
    orphan_min_cosine: float = 0.15
    max_orphans: int = 5
    synonym_senses: int = 1
    lm_drop_cap: float = 6.21  # bench/lm_gate.py, DEMETR dev ids 1-250: no tune flag changes
    opposite_score: float = OPPOSITE_SCORE
    opposites: bool = True
    aligned: bool = False
    aligned_min_similarity: float = 0.0
    aligned_max: int = 1000


@dataclass(frozen=True)
class Features:
    """The three measurements of one swap."""

    word_cosine: float | None
    lm_drop: float | None
    embed_shift: float
    synonym: bool = False
    surprisal_gap: float | None = None

    def describe(self) -> str:
        known = self.word_cosine is not None
        parts = [f"word similarity {self.word_cosine:.2f}" if known else "unknown word"]
        if self.lm_drop is not None:
            parts.append(f"reads {self.lm_drop:+.1f} nats worse in context")
        if self.surprisal_gap is not None:
            parts.append(f"new word {self.surprisal_gap:+.1f} nats more surprising")
        parts.append(f"sentence meaning shift {self.embed_shift:.2f}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Candidate:
    src_tok: int
    cpy_tok: int
    word_cosine: float | None


def _orphans(doc: Any, changed: frozenset[int], taken: set[int], other_lemmas: set[str]) -> list[Any]:
    """Changed content words of one side whose lemma the other side never uses."""
    return [
        t
        for t in doc
        if t.i in changed and t.i not in taken and _content(t) and t.lemma_.lower() not in other_lemmas
    ]


def _in_figures(side: Any) -> set[int]:
    """Tokens that are part of a figure with its unit ("40 million euros")."""
    spans = [(n.start, n.end) for n in find_numbers(side.text)]
    return {tok.i for tok in side.doc if any(a <= tok.idx < b for a, b in spans)}


def _said_elsewhere(tok: Any, other: Any) -> bool:
    """Whether the other side has this word in some form ("strategic" / "strategically"):
    then it moved, and what now stands in its old place is not its replacement."""
    return any(same_word(tok, o) for o in other if o.is_alpha)


def _word_logprob(scores: list[tuple[int, int, float]], start: int, end: int) -> float:
    """Log-probability of the tokens that overlap characters ``[start, end)``."""
    return sum(lp for s, e, lp in scores if s < end and e > start)


def _anchors(tok: Any, kept: set[str]) -> dict[str, set[bool]]:
    """Kept content words within two dependency arcs of ``tok``: lemma → {lies before ``tok``}."""
    near = {tok.head.i, *(c.i for c in tok.children)}
    for i in list(near):
        t = tok.doc[i]
        near.update((t.head.i, *(c.i for c in t.children)))
    near.discard(tok.i)
    out: dict[str, set[bool]] = {}
    for i in sorted(near):
        t = tok.doc[i]
        if t.lemma_.lower() in kept and _content(t):
            out.setdefault(t.lemma_.lower(), set()).add(i < tok.i)
    return out


def _phrasal(tok: Any) -> str:
    """A verb with its particle ("turned down"), any other word as written."""
    particles = [c.text for c in tok.children if c.dep_ == "prt" and c.i > tok.i]
    return " ".join([tok.text, *particles])


def _slot_compatible(a: Any, b: Any) -> bool:
    """Same part of speech, or a noun and a verb (a predicate rendered as a noun)."""
    return a.pos_ == b.pos_ or {a.pos_, b.pos_} == {"NOUN", "VERB"}


def _swap_compatible(a: Any, b: Any) -> bool:
    """Words that can stand in each other's place: not a noun for a modifier.

    Adjectives, adverbs and verbs (participles) trade places in a rewording
    ("injured"/"unharmed", "strongly"/"firmly"), and so do nouns and verbs; a noun
    against an adjective or adverb in one changed stretch is two different words
    that merely sit side by side.
    """
    if _slot_compatible(a, b):
        return True
    return {a.pos_, b.pos_} <= {"ADJ", "ADV", "VERB"}


def _reports(tok: Any) -> bool:
    """Whether ``tok`` is a verb of saying that reports (the attribution detector's
    words): one that acts on an object and reports no clause is a plain verb here
    ("rejected the offer", "denied the charges")."""
    if tok.lemma_.lower() not in REPORTING_STANCE:
        return False
    children = {c.dep_ for c in tok.children}
    return "dobj" not in children or bool(children & {"ccomp", "parataxis"})


# English inflectional and derivational endings (a closed morphological class).
def _content(tok: Any) -> bool:
    """A content word that can carry a sense. spaCy's stop list is too wide here (it
    holds "call", "made", "last"), so only short stop words are left out."""
    return (
        tok.pos_ in CONTENT_POS
        and tok.is_alpha
        and not tok.ent_type_
        and tok.tag_ != "MD"
        and tok.dep_ not in {"aux", "auxpass"}
        and not _reports(tok)
        and tok.lemma_.lower() not in FUNCTION_WORDS
        and not (tok.is_stop and tok.pos_ in {"ADV", "ADJ"})
    )


@register(
    "lexical_meaning",
    emits=(FindingType.LEXICAL_MEANING, FindingType.NEGATION),
    models=("parser", "word_vectors", "lm", "encoder", "wordnet"),
    defaults=asdict(LexicalThresholds()),
)
class LexicalMeaningDetector(Detector):
    """Flags content-word swaps whose meaning differs, scored with vectors and the LM."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.t = LexicalThresholds(**self.config)

    def candidates(self, ctx: PairContext) -> list[Candidate]:
        """Swapped content words: tight substitutions, then orphans sharing a syntactic anchor."""
        out = self._substitutions(ctx)
        taken_src = {c.src_tok for c in out}
        taken_cpy = {c.cpy_tok for c in out}
        out.extend(self._orphans(ctx, taken_src, taken_cpy))
        if self.t.aligned:
            out.extend(self._aligned(ctx, {c.src_tok for c in out}, {c.cpy_tok for c in out}))
        in_src, in_cpy = _in_figures(ctx.source), _in_figures(ctx.copy)
        # a unit or scale word belongs to its figure, which the number detector compares
        return [c for c in out if c.src_tok not in in_src and c.cpy_tok not in in_cpy]

    def _substitutions(self, ctx: PairContext) -> list[Candidate]:
        wv = ctx.resources.word_vectors
        out: list[Candidate] = []
        for h in ctx.changes:
            if h.op != "replace" or max(h.src_end - h.src_start, h.cpy_end - h.cpy_start) > self.t.max_swap:
                continue
            src = sorted({ctx.source.units[k].tok for k in range(h.src_start, h.src_end)})
            cpy = sorted({ctx.copy.units[k].tok for k in range(h.cpy_start, h.cpy_end)})
            src_t = [
                ctx.source.doc[i]
                for i in src
                if _content(ctx.source.doc[i]) and not _said_elsewhere(ctx.source.doc[i], ctx.copy.doc)
            ]
            cpy_t = [
                ctx.copy.doc[i]
                for i in cpy
                if _content(ctx.copy.doc[i]) and not _said_elsewhere(ctx.copy.doc[i], ctx.source.doc)
            ]
            free = list(cpy_t)
            for a in src_t:
                b = next((b for b in free if _swap_compatible(a, b)), None)
                if b is None:
                    continue
                free = free[free.index(b) + 1 :]
                if not same_word(a, b):
                    out.append(Candidate(a.i, b.i, wv.similarity(a.lemma_.lower(), b.lemma_.lower())))
        return out

    def _orphans(self, ctx: PairContext, taken_src: set[int], taken_cpy: set[int]) -> list[Candidate]:
        """Pair words that vanished with words that appeared in the same syntactic slot.

        Two orphans share a slot when a content word kept on both sides lies within
        two dependency arcs of each ("a call to defect" / "a call for asylum").
        """
        if ctx.similarity < self.t.orphan_min_similarity:
            return []
        wv = ctx.resources.word_vectors
        src_lemmas = {t.lemma_.lower() for t in ctx.source.doc}
        cpy_lemmas = {t.lemma_.lower() for t in ctx.copy.doc}
        kept = src_lemmas & cpy_lemmas
        src_orph = _orphans(ctx.source.doc, ctx.src_changed_tokens, taken_src, cpy_lemmas)
        cpy_orph = _orphans(ctx.copy.doc, ctx.cpy_changed_tokens, taken_cpy, src_lemmas)
        if len(src_orph) > self.t.max_orphans or len(cpy_orph) > self.t.max_orphans:
            return []
        scored = []
        for a in src_orph:
            anchors_a = _anchors(a, kept)
            if not anchors_a:
                continue
            for b in cpy_orph:
                if not _slot_compatible(a, b) or same_word(a, b):
                    continue
                anchors_b = _anchors(b, kept)
                if not any(anchors_a[k] & anchors_b[k] for k in sorted(anchors_a.keys() & anchors_b.keys())):
                    continue
                cos = wv.similarity(a.lemma_.lower(), b.lemma_.lower())
                if cos is None or cos < self.t.orphan_min_cosine:
                    continue
                scored.append((cos, a.i, b.i))
        scored.sort(key=lambda x: (-x[0], x[1], x[2]))
        out: list[Candidate] = []
        used_a: set[int] = set()
        used_b: set[int] = set()
        for cos, i, j in scored:
            if i in used_a or j in used_b:
                continue
            used_a.add(i)
            used_b.add(j)
            out.append(Candidate(i, j, cos))
        return out

    def _aligned(self, ctx: PairContext, taken_src: set[int], taken_cpy: set[int]) -> list[Candidate]:
        """Changed words that the word alignment links by context (:attr:`PairContext.words`)."""
        alignment = ctx.words
        if alignment is None or ctx.similarity < self.t.aligned_min_similarity:
            return []
        wv = ctx.resources.word_vectors
        out: list[Candidate] = []
        for link in alignment.links:
            if link.lexical:
                continue
            if link.src in taken_src or link.cpy in taken_cpy:
                continue
            if link.src not in ctx.src_changed_tokens or link.cpy not in ctx.cpy_changed_tokens:
                continue
            a, b = ctx.source.doc[link.src], ctx.copy.doc[link.cpy]
            if not (_content(a) and _content(b)) or not _swap_compatible(a, b) or same_word(a, b):
                continue
            if _said_elsewhere(a, ctx.copy.doc) or _said_elsewhere(b, ctx.source.doc):
                continue
            out.append(Candidate(a.i, b.i, wv.similarity(a.lemma_.lower(), b.lemma_.lower())))
        return out if len(out) <= self.t.aligned_max else []

    def features(self, ctx: PairContext, cands: list[Candidate], *, gate: bool = True) -> list[Features]:
        """Measure every candidate: one embedding batch for all, then one language-model
        batch for the candidates whose flag the language model can still change.

        The language model only adds to the score, so with ``gate`` a candidate already at
        ``flag_score``, or more than ``w_lm * lm_drop_cap`` below it, is not sent to it
        (``bench/lm_gate.py`` sets the cap on DEMETR ids 1-250).
        """
        todo: list[tuple[int, str, str, str]] = []
        out: dict[int, Features] = {}
        for k, cand in enumerate(cands):
            cos = cand.word_cosine
            a = ctx.source.doc[cand.src_tok]
            b = ctx.copy.doc[cand.cpy_tok]
            if (cos is not None and cos >= self.t.synonym_cosine) or self._wordnet_synonyms(ctx, a, b):
                out[k] = Features(cos, 0.0, 0.0, synonym=True)
                continue
            base = a.sent.text
            rel = a.idx - a.sent.start_char
            todo.append((k, base, base[:rel] + b.text + base[rel + len(a.text) :], b.sent.text))
        if not todo:
            return [out[k] for k in range(len(cands))]
        vecs = ctx.resources.embed([t for _, base, swapped, _ in todo for t in (base, swapped)])
        for n, (k, *_rest) in enumerate(todo):
            shift = 1.0 - float(np.clip(vecs[2 * n] @ vecs[2 * n + 1], -1.0, 1.0))
            out[k] = Features(cands[k].word_cosine, None, shift)
        lm = ctx.resources.lm
        ask = [row for row in todo if lm is not None and (not gate or self._open(out[row[0]]))]
        if lm is None or not ask:
            return [out[k] for k in range(len(cands))]
        texts = [t for _, base, swapped, _ in ask for t in (base, swapped)]
        copies = [c for *_, c in ask] if self.t.w_gap else []
        logprobs = lm.sentence_logprobs(texts + copies)
        for n, (k, *_rest) in enumerate(ask):
            drop = sum(x[2] for x in logprobs[2 * n]) - sum(x[2] for x in logprobs[2 * n + 1])
            gap = None
            if copies:
                a = ctx.source.doc[cands[k].src_tok]
                b = ctx.copy.doc[cands[k].cpy_tok]
                ra = a.idx - a.sent.start_char
                rb = b.idx - b.sent.start_char
                gap = _word_logprob(logprobs[2 * n], ra, ra + len(a.text)) - _word_logprob(
                    logprobs[len(texts) + n], rb, rb + len(b.text)
                )
            out[k] = replace(out[k], lm_drop=drop, surprisal_gap=gap)
        return [out[k] for k in range(len(cands))]

    def opposed_swaps(self, ctx: PairContext, cands: list[Candidate]) -> dict[int, float]:
        """The candidates the language model reads as opposites, with their score.

        Not asked: a pair WordNet already opposes (the negation detector reports it) or
        joins in one of their first three senses; a pair of which one word is negated
        and the other not ("not close" / "far" keeps the meaning); a compound and its
        head ("break" / "tiebreak"); a noun against a word of another class (an opposite
        keeps its word class, while a rewording turns "the team" into "bowled"); and
        anything but two plain words.
        """
        lm = ctx.resources.lm
        if lm is None or not self.t.opposites or not cands:
            return {}
        wordnet = ctx.resources.wordnet
        ask: list[tuple[int, str, str]] = []
        for k, cand in enumerate(cands):
            a = ctx.source.doc[cand.src_tok]
            b = ctx.copy.doc[cand.cpy_tok]
            if not (a.is_alpha and b.is_alpha) or is_negated(a) != is_negated(b):
                continue
            if (a.pos_ == "NOUN") != (b.pos_ == "NOUN"):
                continue
            short, long_ = sorted((a.lower_, b.lower_), key=len)
            if long_.endswith(short):
                continue
            la, lb = a.lemma_.lower(), b.lemma_.lower()
            pos = wordnet_pos(a.pos_)
            related = pos is not None and pos == wordnet_pos(b.pos_)
            if related and (wordnet.synonyms(la, lb, pos, senses=3) or wordnet.opposed(la, lb, pos)):
                continue
            ask.append((k, _phrasal(a), _phrasal(b)))
        scores = opposition(lm, [(x, y) for _, x, y in ask])
        return {k: s for (k, _, _), s in zip(ask, scores, strict=True) if s >= self.t.opposite_score}

    def _open(self, f: Features) -> bool:
        """Whether the language model's drop, up to its cap, can still change this flag."""
        without = self.score(f)
        return without < self.t.flag_score <= without + self.t.w_lm * self.t.lm_drop_cap

    def _wordnet_synonyms(self, ctx: PairContext, a: Any, b: Any) -> bool:
        pos = wordnet_pos(a.pos_)
        if not self.t.synonym_senses or pos is None or wordnet_pos(b.pos_) != pos:
            return False
        return bool(
            ctx.resources.wordnet.synonyms(
                a.lemma_.lower(), b.lemma_.lower(), pos, senses=self.t.synonym_senses
            )
        )

    def score(self, f: Features) -> float:
        """Combined evidence that a swap changes meaning; flagged at ``flag_score``."""
        if f.synonym:
            return 0.0
        cos = f.word_cosine if f.word_cosine is not None else self.t.unknown_cosine
        value = self.t.bias + self.t.w_word * (1.0 - cos) + self.t.w_embed * f.embed_shift
        if f.lm_drop is not None:
            value += self.t.w_lm * max(0.0, f.lm_drop)
        if f.surprisal_gap is not None:
            value += self.t.w_gap * f.surprisal_gap
        return round(value, 4) if math.isfinite(value) else 0.0

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        out: list[Finding] = []
        cands = []
        rank = ctx.resources.word_vectors.rank
        for cand in self.candidates(ctx):
            a = ctx.source.doc[cand.src_tok]
            b = ctx.copy.doc[cand.cpy_tok]
            if not misspelling(a.text, b.text, rank):
                cands.append(cand)
                continue
            f = ctx.finding(
                "lexical_meaning.misspelling",
                (a.idx, a.idx + len(a.text)),
                (b.idx, b.idx + len(b.text)),
                f"{quote(b.text)} looks like a misspelling of {quote(a.text)}",
            )
            if f is not None:
                out.append(f)
        opposed = self.opposed_swaps(ctx, cands)
        for k, score in opposed.items():
            a = ctx.source.doc[cands[k].src_tok]
            b = ctx.copy.doc[cands[k].cpy_tok]
            f = ctx.finding(
                "negation.opposite",
                (a.idx, a.idx + len(a.text)),
                (b.idx, b.idx + len(b.text)),
                f"{quote(a.text)} became {quote(b.text)}, which the language model reads as its"
                f" opposite (opposition {score:.1f} nats)",
            )
            if f is not None:
                out.append(f)
        rest = [c for k, c in enumerate(cands) if k not in opposed]
        for cand, feats in zip(rest, self.features(ctx, rest), strict=True):
            if self.score(feats) < self.t.flag_score:
                continue
            reason = feats.describe()
            a = ctx.source.doc[cand.src_tok]
            b = ctx.copy.doc[cand.cpy_tok]
            f = ctx.finding(
                "lexical_meaning.sense",
                (a.idx, a.idx + len(a.text)),
                (b.idx, b.idx + len(b.text)),
                f"{quote(a.text)} became {quote(b.text)}, a different meaning ({reason})",
            )
            if f is not None:
                out.append(f)
        return out
