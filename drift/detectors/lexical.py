"""A word replaced by one with a different meaning (wrong word sense, wrong verb).

Candidates are content words swapped inside a changed hunk. Three signals decide:

* word-vector similarity of the two lemmas (GloVe): synonyms sit close;
* the language model's log-probability of the source sentence with the new word
  put in the old one's place, against the original (a wrong sense reads badly in
  the source's own context: "could hold Homs" → "could detain Homs");
* how far that one substitution moves the sentence embedding.

They are combined into one score; :class:`LexicalThresholds` holds the cut-offs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.detectors.base import Detector, PairContext, quote, register
from drift.detectors.grammar import REPORTING_STANCE
from drift.model import Finding, FindingType

CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})


@dataclass(frozen=True)
class LexicalThresholds:
    """Cut-offs of the lexical score.

    Attributes:
        synonym_cosine: Word-vector cosine at or above which a swap is a synonym.
        flag_score: Combined score at or above which a swap is flagged.
        lm_scale: Nats of log-probability drop that count as one unit of evidence.
        embed_scale: Sentence-embedding cosine drop that counts as one unit.
    """

    synonym_cosine: float = 0.62
    flag_score: float = 1.0
    lm_scale: float = 4.0
    embed_scale: float = 0.12


@dataclass(frozen=True)
class Candidate:
    src_tok: int
    cpy_tok: int
    word_cosine: float | None


def _content(tok: Any) -> bool:
    return (
        tok.pos_ in CONTENT_POS
        and tok.is_alpha
        and not tok.ent_type_
        and tok.tag_ != "MD"
        and tok.lemma_.lower() not in REPORTING_STANCE
        and not tok.is_stop
    )


@register
class LexicalMeaningDetector(Detector):
    """Flags content-word swaps whose meaning differs, scored with vectors and the LM."""

    name = "lexical_meaning"
    types = (FindingType.LEXICAL_MEANING,)
    uses_models = ("wordvec", "lm", "encoder")

    def __init__(self, thresholds: LexicalThresholds | None = None) -> None:
        self.t = thresholds or LexicalThresholds()

    def candidates(self, ctx: PairContext) -> list[Candidate]:
        wv = ctx.resources.word_vectors
        out: list[Candidate] = []
        for h in ctx.changes:
            if h.op != "replace":
                continue
            src = sorted({ctx.source.units[k].tok for k in range(h.src_start, h.src_end)})
            cpy = sorted({ctx.copy.units[k].tok for k in range(h.cpy_start, h.cpy_end)})
            src_t = [ctx.source.doc[i] for i in src if _content(ctx.source.doc[i])]
            cpy_t = [ctx.copy.doc[i] for i in cpy if _content(ctx.copy.doc[i])]
            if not src_t or not cpy_t or len(src_t) > 3 or len(cpy_t) > 3:
                continue
            scored = []
            for a in src_t:
                for b in cpy_t:
                    if a.lemma_.lower() == b.lemma_.lower():
                        continue
                    cos = wv.similarity(a.lemma_.lower(), b.lemma_.lower())
                    same_pos = a.pos_ == b.pos_
                    scored.append(((cos if cos is not None else 0.0) + (0.3 if same_pos else 0.0), a, b, cos))
            scored.sort(key=lambda x: (-x[0], x[1].i, x[2].i))
            used_a: set[int] = set()
            used_b: set[int] = set()
            for _, a, b, cos in scored:
                if a.i in used_a or b.i in used_b:
                    continue
                used_a.add(a.i)
                used_b.add(b.i)
                if a.lemma_.lower() in {t.lemma_.lower() for t in ctx.copy.doc}:
                    continue
                out.append(Candidate(a.i, b.i, cos))
        return out

    def score(self, ctx: PairContext, cand: Candidate) -> tuple[float, str]:
        """Combined evidence that the swap changes meaning, and a short reason."""
        a = ctx.source.doc[cand.src_tok]
        b = ctx.copy.doc[cand.cpy_tok]
        cos = cand.word_cosine
        if cos is not None and cos >= self.t.synonym_cosine:
            return 0.0, "synonym"
        sent = a.sent
        base = sent.text
        rel = a.idx - sent.start_char
        swapped = base[:rel] + b.text + base[rel + len(a.text) :]
        evidence = 0.0
        parts = []
        word_term = 1.0 - (cos if cos is not None else 0.3)
        evidence += word_term
        parts.append(f"word similarity {cos:.2f}" if cos is not None else "unknown word")
        lm = ctx.resources.lm
        if lm is not None:
            lp = lm.sentence_logprobs([base, swapped])
            drop = sum(x[2] for x in lp[0]) - sum(x[2] for x in lp[1])
            evidence += max(0.0, drop) / self.t.lm_scale
            parts.append(f"reads {drop:+.1f} nats worse in context")
        vecs = ctx.resources.embed([base, swapped])
        shift = 1.0 - float(np.clip(vecs[0] @ vecs[1], -1.0, 1.0))
        evidence += shift / self.t.embed_scale
        parts.append(f"sentence meaning shift {shift:.2f}")
        return evidence / 2.0 if math.isfinite(evidence) else 0.0, ", ".join(parts)

    def __call__(self, ctx: PairContext) -> list[Finding]:
        if ctx.identical:
            return []
        out: list[Finding] = []
        for cand in self.candidates(ctx):
            value, reason = self.score(ctx, cand)
            if value < self.t.flag_score:
                continue
            a = ctx.source.doc[cand.src_tok]
            b = ctx.copy.doc[cand.cpy_tok]
            f = ctx.finding(
                FindingType.LEXICAL_MEANING,
                "lexical_meaning.sense",
                (a.idx, a.idx + len(a.text)),
                (b.idx, b.idx + len(b.text)),
                f"{quote(a.text)} became {quote(b.text)}, a different meaning ({reason})",
            )
            if f is not None:
                out.append(f)
        return out
