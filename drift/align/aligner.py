"""Sentence alignment between a source and a copy, in any order.

Scores every sentence pair with a blend of embedding cosine and lexical overlap,
takes the best one-to-one matching (Hungarian algorithm), then attaches leftover
sentences to a neighbour's pair when they carry the rest of that sentence's words
(splits and merges). What is left is unmatched: cuts on the source side, additions
on the copy side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from drift.text.normalize import words

FloatArray = npt.NDArray[np.float32]

# Function words carry no content; a closed grammatical class, not tuned to any text.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "to",
        "from",
        "with",
        "without",
        "into",
        "onto",
        "over",
        "under",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "it's",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "our",
        "we",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "shall",
        "should",
        "must",
        "also",
        "said",
        "says",
        "say",
    ]
)


def content_words(text: str) -> list[str]:
    """Normalised words of ``text`` minus function words."""
    return [w for w in words(text) if w not in FUNCTION_WORDS]


def lexical_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Dice overlap of two content-word multisets, in [0, 1]."""
    if not a or not b:
        return 0.0
    from collections import Counter

    ca, cb = Counter(a), Counter(b)
    inter = sum((ca & cb).values())
    return 2.0 * inter / (len(a) + len(b))


def containment(part: Sequence[str], whole: Sequence[str], explained: Sequence[str] = ()) -> float:
    """Share of ``part``'s words found in ``whole`` but not already in ``explained``."""
    if not part:
        return 0.0
    rest = set(whole) - set(explained)
    return sum(1 for w in part if w in rest) / len(part)


@dataclass(frozen=True)
class Group:
    """An aligned group: source sentence indices, copy sentence indices, score."""

    source: tuple[int, ...]
    copy: tuple[int, ...]
    similarity: float


@dataclass(frozen=True)
class AlignmentResult:
    groups: tuple[Group, ...]
    unmatched_source: tuple[int, ...]
    unmatched_copy: tuple[int, ...]


class Aligner:
    """Aligns sentences; a callable component with keyword-only settings.

    Args:
        embed_weight: Weight of the embedding cosine in the pair score (the rest is lexical).
        match_threshold: Minimum blended score for a one-to-one match.
        strong_cosine: A cosine at or above this matches whatever the lexical overlap
            (paraphrases that share few words).
        split_containment: Share of a leftover sentence's words that must come from the
            neighbour's partner for it to join that pair as a split or merge.
    """

    def __init__(
        self,
        *,
        embed_weight: float = 0.6,
        match_threshold: float = 0.5,
        strong_cosine: float = 0.75,
        split_containment: float = 0.5,
    ) -> None:
        self.embed_weight = embed_weight
        self.match_threshold = match_threshold
        self.strong_cosine = strong_cosine
        self.split_containment = split_containment

    @property
    def settings(self) -> str:
        return f"w{self.embed_weight}-t{self.match_threshold}-c{self.strong_cosine}-s{self.split_containment}"

    def scores(
        self,
        src_vecs: FloatArray,
        cpy_vecs: FloatArray,
        src_words: list[list[str]],
        cpy_words: list[list[str]],
    ) -> tuple[FloatArray, FloatArray]:
        cos = np.clip(src_vecs @ cpy_vecs.T, -1.0, 1.0).astype(np.float32)
        lex = np.zeros_like(cos)
        for i, a in enumerate(src_words):
            for j, b in enumerate(cpy_words):
                lex[i, j] = lexical_similarity(a, b)
        blend = self.embed_weight * cos + (1.0 - self.embed_weight) * lex
        return cos, blend.astype(np.float32)

    def __call__(
        self,
        src_texts: Sequence[str],
        cpy_texts: Sequence[str],
        src_vecs: FloatArray,
        cpy_vecs: FloatArray,
    ) -> AlignmentResult:
        n, m = len(src_texts), len(cpy_texts)
        if n == 0 or m == 0:
            return AlignmentResult((), tuple(range(n)), tuple(range(m)))
        src_words = [content_words(t) for t in src_texts]
        cpy_words = [content_words(t) for t in cpy_texts]
        cos, blend = self.scores(src_vecs, cpy_vecs, src_words, cpy_words)
        from scipy.optimize import linear_sum_assignment

        rows, cols = linear_sum_assignment(-blend)
        src_of: dict[int, int] = {}
        cpy_of: dict[int, int] = {}
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            if blend[i, j] >= self.match_threshold or cos[i, j] >= self.strong_cosine:
                src_of[j] = i
                cpy_of[i] = j
        groups: dict[int, tuple[set[int], set[int]]] = {i: ({i}, {j}) for i, j in cpy_of.items()}
        self._attach_leftovers(groups, cpy_of, src_of, src_words, cpy_words, m, copy_side=True)
        self._attach_leftovers(groups, cpy_of, src_of, src_words, cpy_words, n, copy_side=False)
        out: list[Group] = []
        for src_set, cpy_set in groups.values():
            s = sorted(src_set)
            c = sorted(cpy_set)
            a = src_vecs[s].sum(axis=0)
            b = cpy_vecs[c].sum(axis=0)
            denom = float(np.linalg.norm(a) * np.linalg.norm(b)) or 1.0
            sim = float(np.clip(float(a @ b) / denom, -1.0, 1.0))
            out.append(Group(tuple(s), tuple(c), round(sim, 6)))
        out.sort(key=lambda g: (g.copy[0], g.source[0]))
        used_src = {i for g in out for i in g.source}
        used_cpy = {j for g in out for j in g.copy}
        return AlignmentResult(
            tuple(out),
            tuple(i for i in range(n) if i not in used_src),
            tuple(j for j in range(m) if j not in used_cpy),
        )

    def _attach_leftovers(
        self,
        groups: dict[int, tuple[set[int], set[int]]],
        cpy_of: dict[int, int],
        src_of: dict[int, int],
        src_words: list[list[str]],
        cpy_words: list[list[str]],
        count: int,
        *,
        copy_side: bool,
    ) -> None:
        """Attach unmatched sentences next to a matched one when they carry its missing words."""
        matched = src_of if copy_side else cpy_of
        for k in range(count):
            if k in matched:
                continue
            best: tuple[float, int] | None = None
            for nb in (k - 1, k + 1):
                if nb not in matched:
                    continue
                partner = matched[nb]
                if copy_side:
                    part, whole, explained = cpy_words[k], src_words[partner], cpy_words[nb]
                else:
                    part, whole, explained = src_words[k], cpy_words[partner], src_words[nb]
                score = containment(part, whole, explained)
                if len(part) >= 2 and score >= self.split_containment and (best is None or score > best[0]):
                    best = (score, partner)
            if best is None:
                continue
            partner = best[1]
            key = partner if copy_side else next(i for i, g in groups.items() if partner in g[1])
            if copy_side:
                groups[key][1].add(k)
            else:
                groups[key][0].add(k)
            matched[k] = partner
