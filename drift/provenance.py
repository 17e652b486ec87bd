"""Provenance: which version of a story came from which.

:func:`trace` compares every pair of documents once (each sentence embedded once
through the :class:`~drift.compare.Checker`'s resources, aligned with its
:class:`~drift.alignment.Aligner`) and infers a derivation graph from evidence:

* sentences shared verbatim or near-verbatim (house-style blind);
* the direction of edits: a trimmed copy holds a subset of the other's sentences,
  and the version with more content the other lacks is more likely the parent;
* inherited changes: when C agrees with B where B differs from A, C descends from B;
* signs of a machine-translation round trip: stray one-word sentences
  ("Reported."), words swapped for others of a different meaning
  (``lexical_meaning`` findings), few verbatim sentences despite high semantic
  similarity;
* date stamps in the raw text ("date 2024-12-07") and the weekday the lead names:
  the later one is the child.

Relations: ``copy`` (near-verbatim, possibly trimmed), ``rewrite`` (edited by a
person), ``translation`` (machine-translation round trip) and ``related`` (the same
event, independently written). A document with no incoming copy, rewrite or
translation edge is a root. The graph is a DAG: edges are added strongest first
and one that would close a cycle is dropped.

Update or independent story? A later version of a wire story (an update that leads
on the new events and keeps some of the earlier paragraphs, edited) and an
independent report on the same event can look alike: both share only a few of
their sentences with the original, the same names and figures, often the same
quotes. What separates them is *wording*. A reporter writing independently
rephrases everything except what they quote, so the two stories share quotations
but no run of several consecutive words outside them; an update keeps the
original's sentences, trimmed and re-ordered, so long runs of its narrative
wording survive even where a clause was cut or a word changed. The rule
(:func:`reused_wording`): inside the aligned sentence groups, with quoted text
(inside double quotation marks) removed and house style normalised, count the runs
of at least :data:`REUSED_RUN` consecutive words the two share. A pair with such
runs in at least :data:`REUSED_GROUPS` aligned groups and :data:`REUSED_WORDS`
words in all is a ``rewrite`` (an update of the same story edited by a person),
however little of the child aligns; without them, a pair that is neither a copy, a
rewrite nor a translation is ``related``. A name alone rarely runs to six words,
and a single coincidental phrase is not enough, hence the two thresholds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

import numpy as np
from rapidfuzz.distance import Indel

from drift import __version__
from drift.alignment import content_words
from drift.compare import Checker, Settings
from drift.model import Document
from drift.normalize import split_units

SCHEMA = "drift-trace/1"
DERIVED = ("copy", "rewrite", "translation")
RELATIONS = (*DERIVED, "related")

NEAR_VERBATIM = 0.9
"""Word-level similarity (Indel, normalised words) at or above which two aligned groups count as shared."""

REUSED_RUN = 6
"""Shortest run of consecutive words, outside quotations, that counts as reused wording."""
REUSED_GROUPS = 2
"""Aligned sentence groups that must hold reused wording for an update (``rewrite``)."""
REUSED_WORDS = 20
"""Words in reused runs, over all groups, needed for an update (``rewrite``)."""

_QUOTED = re.compile(r'"[^"]*"')
_DQUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_DATE_STAMP = re.compile(r"(?im)^\W*(?:date|dated|updated|published|posted)[:\s]+(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)


def norm_words(text: str) -> list[str]:
    """House-style-normalised words of ``text`` (function words kept)."""
    return [u[2] for tok in text.split() for u in split_units(tok)]


def word_similarity(a: str, b: str) -> float:
    """Edit similarity of two texts over normalised words, in [0, 1]."""
    wa, wb = norm_words(a), norm_words(b)
    if not wa and not wb:
        return 1.0
    return float(Indel.normalized_similarity(wa, wb))


def unquoted_words(text: str) -> list[str | None]:
    """Normalised words of ``text`` outside double quotation marks, punctuation dropped.

    Each quotation becomes one ``None`` (a barrier no run crosses); an opening mark
    left unclosed (a quote running on into the next sentence) hides the rest.
    """
    t = _QUOTED.sub(" \x00 ", text.translate(_DQUOTES))
    if '"' in t:
        t = t[: t.index('"')] + " \x00 "
    out: list[str | None] = []
    for tok in t.split():
        if tok == "\x00":
            out.append(None)
            continue
        for unit in split_units(tok):
            w = unit[2].strip(".,;:!?()[]'\u2019")
            if w:
                out.append(w)
    return out


def shared_runs(a: str, b: str, min_run: int = REUSED_RUN) -> list[str]:
    """Runs of at least ``min_run`` consecutive words ``a`` and ``b`` share outside quotations."""
    wa, wb = unquoted_words(a), unquoted_words(b)
    matcher = SequenceMatcher(None, wa, wb, autojunk=False)
    runs = []
    for m in matcher.get_matching_blocks():
        words = wa[m.a : m.a + m.size]
        if m.size >= min_run and None not in words:
            runs.append(" ".join(w for w in words if w is not None))
    return runs


@dataclass(frozen=True)
class ReusedWording:
    """Narrative wording two documents share outside quotations (see :func:`reused_wording`).

    Attributes:
        groups: Aligned groups holding at least one shared run.
        words: Words in all shared runs.
        example: The longest run.
    """

    groups: int
    words: int
    example: str

    @property
    def update(self) -> bool:
        """Enough reused wording for one to be an edited version of the other."""
        return self.groups >= REUSED_GROUPS and self.words >= REUSED_WORDS


def reused_wording(pairs: Sequence[tuple[str, str]]) -> ReusedWording:
    """Shared runs of :data:`REUSED_RUN`+ words outside quotations over aligned text pairs."""
    groups = words = 0
    example = ""
    for a, b in pairs:
        runs = shared_runs(a, b)
        if runs:
            groups += 1
            words += sum(len(r.split()) for r in runs)
            longest = max(runs, key=lambda r: (len(r.split()), r))
            if len(longest.split()) > len(example.split()):
                example = longest
    return ReusedWording(groups, words, example)


def date_stamp(text: str) -> str | None:
    """The first ``date YYYY-MM-DD`` style stamp in the raw text (boilerplate to the reader)."""
    m = _DATE_STAMP.search(text)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def lead_weekdays(doc: Document, sentences: int = 3) -> set[int]:
    """Weekdays (0 = Monday) named in the first ``sentences`` article sentences."""
    text = " ".join(s.plain for s in doc.sentences[:sentences])
    return {_WEEKDAYS.index(m.group(1).lower()) for m in _WEEKDAY.finditer(text)}


def later_weekday(a: set[int], b: set[int]) -> int:
    """+1 when ``a``'s latest lead weekday is 1-3 days after every one of ``b``'s, -1 the reverse, else 0."""
    if not a or not b:
        return 0

    def after(x: set[int], y: set[int]) -> bool:
        return any(all(1 <= (d - e) % 7 <= 3 for e in y) for d in x) and not any(
            all(1 <= (e - d) % 7 <= 3 for d in x) for e in y
        )

    if after(a, b):
        return 1
    if after(b, a):
        return -1
    return 0


def fragments(doc: Document, unmatched: Sequence[int]) -> list[str]:
    """Unmatched sentences of one or two words: debris of a machine-translation round trip."""
    out = []
    for j in unmatched:
        text = doc.sentences[j].plain.strip()
        words = [w for w in text.split() if any(c.isalpha() for c in w)]
        if 1 <= len(words) <= 2 and text[-1:] in ".!?" and not text.isupper():
            out.append(text)
    return out


@dataclass
class PairStats:
    """What one alignment of ``a`` (as source) with ``b`` (as copy) shows.

    Attributes:
        a: Index of the first document.
        b: Index of the second document.
        groups: Aligned groups as (a sentences, b sentences, similarity, word similarity).
        sim_a: Per sentence of ``a``, the similarity of its group (0 when unmatched).
        sim_b: Per sentence of ``b``, likewise.
        group_of_a: Per matched sentence of ``a``, its group's index.
        group_of_b: Per matched sentence of ``b``, its group's index.
        unmatched_a: Sentences of ``a`` with no counterpart in ``b``.
        unmatched_b: Sentences of ``b`` with no counterpart in ``a``.
        doc_cos: Cosine of the two documents' mean sentence vectors.
        unique_a: Content words of ``a`` absent from ``b``.
        unique_b: Content words of ``b`` absent from ``a``.
        lexical_ab: ``lexical_meaning`` findings on the matched non-shared groups (None when not run).
        reused: Narrative wording shared outside quotations in the aligned groups.
    """

    a: int
    b: int
    groups: list[tuple[tuple[int, ...], tuple[int, ...], float, float]]
    sim_a: list[float]
    sim_b: list[float]
    group_of_a: dict[int, int]
    group_of_b: dict[int, int]
    unmatched_a: tuple[int, ...]
    unmatched_b: tuple[int, ...]
    doc_cos: float
    unique_a: int
    unique_b: int
    lexical_ab: int | None = None
    reused: ReusedWording = ReusedWording(0, 0, "")

    @property
    def shared(self) -> int:
        """Aligned groups that are verbatim or near-verbatim (house style aside)."""
        return sum(1 for g in self.groups if g[3] >= NEAR_VERBATIM)

    @property
    def mean_sim(self) -> float:
        return float(np.mean([g[2] for g in self.groups])) if self.groups else 0.0

    def coverage(self, side: str) -> float:
        """Share of one side's sentences that have a counterpart in the other."""
        sims = self.sim_a if side == "a" else self.sim_b
        return sum(1 for s in sims if s > 0) / max(1, len(sims))

    def shared_share(self, side: str) -> float:
        """Share of one side's sentences that sit in a shared (near-verbatim) group."""
        n = len(self.sim_a if side == "a" else self.sim_b)
        count = sum(len(g[0] if side == "a" else g[1]) for g in self.groups if g[3] >= NEAR_VERBATIM)
        return count / max(1, n)


@dataclass(frozen=True)
class Edge:
    """A derivation edge: ``child`` came from ``parent``."""

    parent: str
    child: str
    relation: str
    confidence: float
    shared_sentences: int
    evidence: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "parent": self.parent,
            "child": self.child,
            "relation": self.relation,
            "confidence": round(self.confidence, 3),
            "shared_sentences": self.shared_sentences,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class TraceResult:
    """The derivation graph of a set of documents."""

    documents: tuple[Document, ...]
    edges: tuple[Edge, ...]
    roots: tuple[str, ...]
    signature: str

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "signature": self.signature,
            "documents": [{"id": d.id, "path": d.path, "sha256": d.sha256} for d in self.documents],
            "edges": [e.to_json() for e in self.edges],
            "roots": list(self.roots),
        }


@dataclass
class _Candidate:
    parent: int
    child: int
    relation: str
    confidence: float
    shared: int
    evidence: list[str] = field(default_factory=list)
    child_sims: list[float] = field(default_factory=list)


class Tracer:
    """Infers which document came from which.

    Args:
        checker: Supplies the resources (encoder, parser) and the aligner; the
            lexical check for the translation signal runs with its settings' LM choice.
        lexical: Run the ``lexical_meaning`` detector on candidate translation pairs.
    """

    def __init__(self, checker: Checker | None = None, *, lexical: bool = True) -> None:
        self.checker = checker or Checker()
        self.lexical = lexical
        self._lex_checker: Checker | None = None
        self._stats: dict[tuple[int, int], PairStats] = {}

    @property
    def signature(self) -> str:
        s = self.checker.settings
        names = self.checker.resources.model_names()
        lm = names["lm"] if s.use_lm and self.lexical else "off"
        return "|".join(
            [
                f"drift {__version__}",
                "trace 1",
                f"model {names['encoder']}",
                f"lm {lm}",
                f"lexical {'on' if self.lexical else 'off'}",
                f"align {s.aligner.settings}",
                f"near-verbatim {NEAR_VERBATIM}",
                f"reused {REUSED_RUN}/{REUSED_GROUPS}/{REUSED_WORDS}",
            ]
        )

    # -- pairwise evidence -------------------------------------------------------------

    def pair_stats(self, docs: Sequence[Document], a: int, b: int) -> PairStats:
        """Align ``docs[a]`` with ``docs[b]`` and gather what the alignment shows."""
        da, db = docs[a], docs[b]
        ta = [s.plain for s in da.sentences]
        tb = [s.plain for s in db.sentences]
        va = self.checker.resources.embed(ta)
        vb = self.checker.resources.embed(tb)
        result = self.checker.settings.aligner(ta, tb, va, vb)
        groups = []
        texts: list[tuple[str, str]] = []
        sim_a = [0.0] * len(ta)
        sim_b = [0.0] * len(tb)
        group_of_a: dict[int, int] = {}
        group_of_b: dict[int, int] = {}
        for k, g in enumerate(result.groups):
            text_a, text_b = " ".join(ta[i] for i in g.source), " ".join(tb[j] for j in g.copy)
            ws = word_similarity(text_a, text_b)
            groups.append((g.source, g.copy, g.similarity, ws))
            texts.append((text_a, text_b))
            for i in g.source:
                sim_a[i] = max(g.similarity, 1e-3)
                group_of_a[i] = k
            for j in g.copy:
                sim_b[j] = max(g.similarity, 1e-3)
                group_of_b[j] = k
        ma, mb = va.mean(axis=0), vb.mean(axis=0)
        denom = float(np.linalg.norm(ma) * np.linalg.norm(mb)) or 1.0
        wa = {w for t in ta for w in content_words(t)}
        wb = {w for t in tb for w in content_words(t)}
        return PairStats(
            a,
            b,
            groups,
            sim_a,
            sim_b,
            group_of_a,
            group_of_b,
            result.unmatched_source,
            result.unmatched_copy,
            float(ma @ mb) / denom,
            len(wa - wb),
            len(wb - wa),
            reused=reused_wording(texts),
        )

    def lexical_findings(self, docs: Sequence[Document], st: PairStats) -> int:
        """``lexical_meaning`` findings over the matched, not near-verbatim groups of a pair."""
        if self._lex_checker is None:
            base = self.checker.settings
            settings = Settings(
                detectors=("lexical_meaning",),
                use_lm=base.use_lm,
                fail_on=None,
                policy=base.policy,
                aligner=base.aligner,
            )
            self._lex_checker = Checker(settings=settings, resources=self.checker.resources)
        count = 0
        for src, cpy, sim, ws in st.groups:
            if ws >= NEAR_VERBATIM:
                continue
            pair = self._lex_checker.analyse_pair(docs[st.a], docs[st.b], src, cpy, sim)
            count += len(pair.findings)
        return count

    # -- the graph -------------------------------------------------------------------

    def trace(self, documents: Sequence[Document]) -> TraceResult:
        """Infer the derivation graph of ``documents`` (two or more)."""
        docs = list(documents)
        n = len(docs)
        texts = [s.plain for d in docs for s in d.sentences]
        if texts:
            self.checker.resources.embed(texts)
        stats: dict[tuple[int, int], PairStats] = {}
        for a in range(n):
            for b in range(a + 1, n):
                stats[(a, b)] = self.pair_stats(docs, a, b)
        self._stats = stats
        frags = {i: self._fragments(docs, stats, i) for i in range(n)}
        candidates: list[_Candidate] = []
        for st in stats.values():
            cand = self._candidate(docs, stats, frags, st)
            if cand is not None:
                candidates.append(cand)
        edges = self._select(docs, candidates)
        children = {e.child for e in edges if e.relation in DERIVED}
        roots = tuple(d.id for d in docs if d.id not in children)
        return TraceResult(tuple(docs), tuple(edges), roots, self.signature)

    def _fragments(
        self, docs: Sequence[Document], stats: dict[tuple[int, int], PairStats], i: int
    ) -> list[str]:
        """Fragment sentences of ``docs[i]`` unmatched against every other document."""
        unmatched: set[int] = set(range(len(docs[i].sentences)))
        for (a, b), st in stats.items():
            if a == i:
                unmatched &= set(st.unmatched_a)
            elif b == i:
                unmatched &= set(st.unmatched_b)
        return fragments(docs[i], sorted(unmatched))

    def _mt_score(
        self, docs: Sequence[Document], st: PairStats, frags: list[str], side: str
    ) -> tuple[float, list[str]]:
        """How much the ``side`` document of a pair looks like a machine-translation round trip."""
        cov = st.coverage(side)
        shared = st.shared_share(side)
        lines: list[str] = []
        score = 0.0
        if frags:
            score += 0.4
            lines.append(f"stray fragment sentences typical of machine translation: {', '.join(frags[:3])}")
        if len(st.groups) >= 3 and shared <= 0.15 and st.mean_sim >= 0.6:
            score += 0.3
            lines.append(
                f"low verbatim share ({shared:.0%}) but high semantic similarity "
                f"(mean aligned similarity {st.mean_sim:.2f}, {cov:.0%} of sentences aligned)"
            )
        if self.lexical and score > 0 and cov >= 0.3:
            if st.lexical_ab is None:
                st.lexical_ab = self.lexical_findings(docs, st)
            edited = sum(1 for g in st.groups if g[3] < NEAR_VERBATIM)
            rate = st.lexical_ab / max(1, edited)
            if rate >= 0.25:
                score += 0.3
                lines.append(
                    f"{st.lexical_ab} lexical_meaning findings over {edited} edited pairs "
                    "(words swapped for others of a different meaning)"
                )
        return score, lines

    def _candidate(
        self,
        docs: Sequence[Document],
        stats: dict[tuple[int, int], PairStats],
        frags: dict[int, list[str]],
        st: PairStats,
    ) -> _Candidate | None:
        a, b = st.a, st.b
        da, db = docs[a], docs[b]
        cov_a, cov_b = st.coverage("a"), st.coverage("b")
        shared = st.shared
        if not st.groups or (max(cov_a, cov_b) < 0.1 and shared == 0):
            return None
        # direction: positive favours a as the parent
        score = 0.0
        why: list[str] = []
        d_subset = cov_b - cov_a
        score += 0.35 * d_subset
        d_unique = (st.unique_a - st.unique_b) / (st.unique_a + st.unique_b + 1)
        score += 0.25 * d_unique
        wa = sum(len(s.plain.split()) for s in da.sentences)
        wb = sum(len(s.plain.split()) for s in db.sentences)
        d_len = (wa - wb) / max(wa, wb, 1)
        score += 0.15 * d_len
        date_a, date_b = date_stamp(da.text), date_stamp(db.text)
        if date_a and date_b and date_a != date_b:
            score += 0.6 if date_a < date_b else -0.6
        day = later_weekday(lead_weekdays(db), lead_weekdays(da))
        score += 0.3 * day
        mt_a, mt_lines_a = self._mt_score(docs, st, frags[a], "a")
        mt_b, mt_lines_b = self._mt_score(docs, st, frags[b], "b")
        if mt_a >= 0.5 or mt_b >= 0.5:
            score += 0.5 * (1 if mt_b > mt_a else -1 if mt_a > mt_b else 0)
        score += 0.01  # the file given first is the parent when nothing else decides
        parent, child = (a, b) if score >= 0 else (b, a)
        pc = "a" if parent == a else "b"
        cc = "b" if pc == "a" else "a"
        p_id, c_id = docs[parent].id, docs[child].id
        child_cov = st.coverage(cc)
        parent_cov = st.coverage(pc)
        child_shared = st.shared_share(cc)
        mt, mt_lines = (mt_b, mt_lines_b) if cc == "b" else (mt_a, mt_lines_a)
        why.append(
            f"{shared} sentence groups shared verbatim or near-verbatim; {child_cov:.0%} of {c_id}'s "
            f"sentences align with {p_id} (mean similarity {st.mean_sim:.2f})"
        )
        if d_subset * (1 if parent == a else -1) > 0.1:
            why.append(
                f"{c_id} keeps {child_cov:.0%} of its sentences in {p_id} while only {parent_cov:.0%} of "
                f"{p_id}'s appear in {c_id}: {c_id} is the trimmed or partial one"
            )
        uniq_p = st.unique_a if parent == a else st.unique_b
        uniq_c = st.unique_b if parent == a else st.unique_a
        if uniq_p > uniq_c:
            why.append(f"{p_id} has more content {c_id} lacks ({uniq_p} words) than the reverse ({uniq_c})")
        w_p, w_c = (wa, wb) if parent == a else (wb, wa)
        if w_p > w_c * 1.1:
            why.append(f"{p_id} is longer ({w_p} words against {w_c})")
        if date_a and date_b and date_a != date_b:
            why.append(f"date stamps: {p_id} {min(date_a, date_b)}, {c_id} {max(date_a, date_b)} (later)")
        if day:
            why.append(f"{c_id}'s lead names a later weekday than {p_id}'s")
        if abs(score - 0.01) < 0.05:
            why.append(f"direction evidence is balanced; {p_id} was given first")
        # relation
        if mt >= 0.5 and child_cov >= 0.15 and len(st.groups) >= 3:
            relation = "translation"
            why.extend(mt_lines)
            strength = min(1.0, 0.4 + 0.5 * mt + 0.3 * child_cov)
        elif child_shared >= 0.5:
            relation = "copy"
            strength = min(1.0, 0.4 + 0.6 * child_shared)
        elif child_cov >= 0.5 and (child_shared >= 0.15 or st.mean_sim >= 0.75):
            relation = "rewrite"
            strength = min(1.0, 0.3 + 0.6 * child_cov)
            if st.reused.groups:
                why.append(self._reused_line(st.reused, p_id, c_id))
        elif st.reused.update:
            relation = "rewrite"
            strength = min(0.9, 0.3 + 0.1 * st.reused.groups + 0.3 * child_cov)
            why.append(self._reused_line(st.reused, p_id, c_id))
            why.append(
                f"{1 - child_cov:.0%} of {c_id}'s sentences are new: an update or edited version of "
                f"{p_id}'s story, not an independent report"
            )
        else:
            relation = "related"
            strength = min(1.0, 0.2 + 0.5 * max(cov_a, cov_b))
            why.append(
                f"little wording shared outside quotations ({st.reused.groups} aligned group(s), "
                f"{st.reused.words} words in runs of {REUSED_RUN}+; an update reuses more): "
                "written independently"
            )
        confidence = (
            strength * (0.6 + 0.4 * min(1.0, abs(score) / 0.3)) if relation != "related" else strength
        )
        child_sims = st.sim_b if cc == "b" else st.sim_a
        return _Candidate(parent, child, relation, confidence, shared, why, list(child_sims))

    @staticmethod
    def _reused_line(reused: ReusedWording, p_id: str, c_id: str) -> str:
        return (
            f"{c_id} reuses {p_id}'s wording outside quotations in {reused.groups} aligned group(s) "
            f"({reused.words} words in runs of {REUSED_RUN}+, e.g. \u201c{reused.example}\u201d)"
        )

    def _inherited(self, docs: Sequence[Document], parent: int, child: int, other: int) -> int:
        """Sentences of ``child`` that agree with ``parent`` where ``parent`` differs from ``other``."""
        if other in (parent, child):
            return 0
        st_pc = self._stats[(min(parent, child), max(parent, child))]
        st_oc = self._stats[(min(other, child), max(other, child))]
        st_op = self._stats[(min(other, parent), max(other, parent))]

        def text(doc: int, idx: Sequence[int]) -> str:
            return " ".join(docs[doc].sentences[i].plain for i in idx)

        def partner(st: PairStats, me: int, j: int) -> tuple[int, ...] | None:
            gmap = st.group_of_a if st.a == me else st.group_of_b
            if j not in gmap:
                return None
            g = st.groups[gmap[j]]
            return g[1] if st.a == me else g[0]

        count = 0
        for j in range(len(docs[child].sentences)):
            p = partner(st_pc, child, j)
            o = partner(st_oc, child, j)
            if not p or not o:
                continue
            po = partner(st_op, parent, p[0])
            if po is None or set(po) != set(o):
                continue
            if word_similarity(text(parent, p), text(other, o)) >= NEAR_VERBATIM:
                continue
            cj = docs[child].sentences[j].plain
            if word_similarity(cj, text(parent, p)) - word_similarity(cj, text(other, o)) >= 0.15:
                count += 1
        return count

    def _select(self, docs: Sequence[Document], candidates: list[_Candidate]) -> list[Edge]:
        """Keep the edges that explain each child, strongest first, without cycles."""
        n = len(docs)
        derived = [c for c in candidates if c.relation in DERIVED]
        related = [c for c in candidates if c.relation == "related"]
        derived.sort(key=lambda c: (-c.confidence, c.parent, c.child))
        adj: dict[int, set[int]] = {i: set() for i in range(n)}

        def reaches(src: int, dst: int, graph: dict[int, set[int]] | None = None) -> bool:
            graph = adj if graph is None else graph
            stack, seen = [src], set()
            while stack:
                x = stack.pop()
                if x == dst:
                    return True
                if x in seen:
                    continue
                seen.add(x)
                stack.extend(graph[x])
            return False

        kept: list[_Candidate] = []
        for c in derived:
            if reaches(c.child, c.parent):
                continue
            adj[c.parent].add(c.child)
            kept.append(c)
        # inherited changes: the child repeats what its parent changed from the parent's own parent
        for c in kept:
            for other in range(n):
                if c.parent not in adj[other]:
                    continue
                k = self._inherited(docs, c.parent, c.child, other)
                if k >= 2:
                    c.evidence.append(
                        f"{docs[c.child].id} repeats {k} of {docs[c.parent].id}'s changes from "
                        f"{docs[other].id} (inherited edits)"
                    )
                    c.confidence = min(1.0, c.confidence + 0.05 * min(k, 4))
        # explain away: a parent stays only if it explains child sentences the better parents do not
        final: list[_Candidate] = []
        by_child: dict[int, list[_Candidate]] = {}
        for c in kept:
            by_child.setdefault(c.child, []).append(c)
        for child, cands in by_child.items():
            cands.sort(key=lambda c: (-sum(c.child_sims), -c.confidence))
            best = [0.0] * len(docs[child].sentences)
            for c in cands:
                gain = sum(1 for s, b in zip(c.child_sims, best, strict=True) if s >= 0.5 and s > b + 0.05)
                if c is cands[0] or gain >= max(2, 0.08 * len(best)):
                    if c is not cands[0]:
                        c.evidence.append(
                            f"{docs[c.parent].id} explains {gain} sentences of {docs[child].id} "
                            "that its other parents do not"
                        )
                    best = [max(s, b) for s, b in zip(c.child_sims, best, strict=True)]
                    final.append(c)
                else:
                    adj[c.parent].discard(c.child)
        # related edges: none between documents with a common ancestor (it explains what they
        # share), and none between two lineages already linked by one
        dadj = {i: set(adj[i]) for i in range(n)}

        def ancestors(x: int) -> set[int]:
            return {y for y in range(n) if y == x or reaches(y, x, dadj)}

        def lineage(x: int) -> set[int]:
            return {y for y in range(n) if y == x or reaches(x, y, dadj) or reaches(y, x, dadj)}

        def depth(x: int) -> int:
            parents = [p for p in range(n) if x in dadj[p]]
            return 0 if not parents else 1 + max(depth(p) for p in parents)

        related.sort(key=lambda c: (depth(c.parent) + depth(c.child), -c.confidence, c.parent, c.child))
        linked: list[tuple[int, int]] = []
        for c in related:
            if reaches(c.child, c.parent) or reaches(c.parent, c.child, dadj):
                continue
            if ancestors(c.parent) & ancestors(c.child):
                continue
            lp, lc = lineage(c.parent), lineage(c.child)
            if any((x in lp and y in lc) or (x in lc and y in lp) for x, y in linked):
                continue
            linked.append((c.parent, c.child))
            adj[c.parent].add(c.child)
            final.append(c)
        final.sort(key=lambda c: (c.parent, c.child))
        return [
            Edge(
                docs[c.parent].id,
                docs[c.child].id,
                c.relation,
                round(c.confidence, 3),
                c.shared,
                tuple(c.evidence),
            )
            for c in final
        ]


def trace(
    documents: Sequence[Document], checker: Checker | None = None, *, lexical: bool = True
) -> TraceResult:
    """Infer which of ``documents`` came from which (see :class:`Tracer`)."""
    return Tracer(checker, lexical=lexical).trace(documents)
