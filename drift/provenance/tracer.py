"""Provenance: which version of a story came from which.

:func:`trace` compares every pair of documents once (each sentence embedded once
through the :class:`~drift.pipeline.checker.Checker`'s resources, aligned with its
:class:`~drift.align.aligner.Aligner`) and infers a derivation graph from evidence:

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

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from drift.align.aligner import content_words
from drift.pipeline import Checker, Settings
from drift.pipeline.signature import signature
from drift.provenance.evidence import (
    COPY_DISTINCT,
    COPY_RUN,
    NEAR_VERBATIM,
    REUSED_GROUPS,
    REUSED_RUN,
    REUSED_WORDS,
    TOPIC_SHARE,
    Tokens,
    copied_wording,
    date_stamp,
    fragments,
    later_weekday,
    lead_weekdays,
    reused_wording,
    sentence_grams,
    tokens,
    topic_words,
    word_similarity,
)
from drift.provenance.metadata import compare as compare_metadata
from drift.provenance.metadata import correction_notes
from drift.provenance.relation import COPIED_MIN, DIRECTION_WEAK, classify
from drift.provenance.result import DERIVED, Edge, TraceResult
from drift.provenance.stats import PairStats
from drift.values import Document


@dataclass
class _Candidate:
    parent: int
    child: int
    relation: str
    confidence: float
    shared: int
    evidence: list[str] = field(default_factory=list)
    child_sims: list[float] = field(default_factory=list)
    child_copied: tuple[bool, ...] = ()
    copied: float = 0.0


CONTAINED_WEIGHT = 0.3
"""Weight, in the direction score, of how much more of one version's wording the other holds."""
UNIQUE_SMOOTH = 10
"""Added to the count of content words only one side has, so that a word or two of
difference (a drifted copy's one changed word) does not decide a direction."""
INHERIT_MIN = 3
"""Fewest changes from a third version for inherited edits to decide a pair's direction."""
INHERIT_WEIGHT = 0.3
"""Weight, in the direction score, of the inherited-edits asymmetry (see :meth:`Tracer._inheritance`)."""
SIBLING_KEPT = 0.5
"""Share of B's changes from A that C must keep for B, rather than A, to be C's parent."""
WORDS_GAIN = 0.1
"""Share of a child's words a second parent must explain, beyond the first, to be kept."""


@dataclass
class _Direction:
    score: float = 0.0
    subset: float = 0.0
    contained: float = 0.0
    words_a: int = 0
    words_b: int = 0
    date_a: str | None = None
    date_b: str | None = None
    day: int = 0
    mt_a: float = 0.0
    mt_b: float = 0.0
    lines_a: list[str] = field(default_factory=list)
    lines_b: list[str] = field(default_factory=list)
    inherit_line: str = ""


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
        self._tokens: dict[tuple[str, str, int], Tokens] = {}
        self._topic: frozenset[str] = frozenset()
        self._grams: list[list[frozenset[tuple[str, ...]]]] = []

    @property
    def signature(self) -> str:
        checker = self.checker
        lexical = [d for d in checker.detectors if d.name == "lexical_meaning"] if self.lexical else []
        return signature(
            checker.settings,
            checker.resources,
            lexical,
            command="trace",
            extra=[
                f"lexical {'on' if self.lexical else 'off'}",
                f"near-verbatim {NEAR_VERBATIM}",
                f"reused {REUSED_RUN}/{REUSED_GROUPS}/{REUSED_WORDS}",
                f"copied {COPY_RUN}/{COPY_DISTINCT}/{COPIED_MIN} topic {TOPIC_SHARE}",
                f"direction {DIRECTION_WEAK}",
            ],
        )

    # -- pairwise evidence -------------------------------------------------------------

    def _tok(self, doc: Document) -> Tokens:
        key = (doc.id, doc.sha256, len(doc.sentences))
        hit = self._tokens.get(key)
        if hit is None:
            hit = self._tokens[key] = tokens(doc)
        return hit

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
            copied_a=copied_wording(self._tok(db), self._tok(da), self._topic),
            copied_b=copied_wording(self._tok(da), self._tok(db), self._topic),
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

    def relation(self, parent: Document, child: Document) -> tuple[str, list[str]]:
        """How ``child`` relates to ``parent``, by the classifier ``trace`` uses for its
        edges, with the direction taken as given (``drift check`` is told which is the
        source, ``drift scan`` knows which is in the archive).

        Weak direction evidence (neither holds the other's content) is what makes ``trace``
        call two parallel renderings siblings of a common source, since it cannot tell which
        came first. Here the direction is given, so it does not: a copy that renders the
        source sentence by sentence in other words is a rewrite or a translation of it, and
        its changes of meaning fail a gate like any copy's. ``related`` stays for a copy
        that shares too little wording to be derived at all.

        Returns:
            The relation and its evidence lines.
        """
        docs = [parent, child]
        self.prepare(docs)
        self._topic = frozenset()
        st = self.pair_stats(docs, 0, 1)
        if not st.groups:
            return "related", ["no sentence of the copy aligns with the source"]
        frags = {0: fragments(parent, st.unmatched_a), 1: fragments(child, st.unmatched_b)}
        direction = self._direction(docs, frags, st)
        mt, mt_lines = direction.mt_b, direction.lines_b
        relation, _, why = classify(st, "b", mt, mt_lines, parent.id, child.id, debris=bool(frags[1]))
        if relation != "related" and abs(direction.score) < DIRECTION_WEAK:
            why.append(
                f"direction evidence is weak (balance {direction.score:+.2f}): neither holds the other's "
                f"content, and {parent.id} was given as the source"
            )
        return relation, why

    def prepare(self, documents: Sequence[Document]) -> None:
        """Embed every sentence of ``documents`` in one batch."""
        texts = [s.plain for d in documents for s in d.sentences]
        if texts:
            self.checker.resources.embed(texts)

    # -- the graph -------------------------------------------------------------------

    def trace(self, documents: Sequence[Document]) -> TraceResult:
        """Infer the derivation graph of ``documents`` (two or more)."""
        docs = list(documents)
        n = len(docs)
        self.prepare(docs)
        self._topic = topic_words([self._tok(d) for d in docs])
        self._grams = [sentence_grams(d) for d in docs]
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
        edges, notes = with_metadata(docs, self._select(docs, candidates))
        children = {e.child for e in edges if e.relation in DERIVED}
        roots = tuple(d.id for d in docs if d.id not in children)
        return TraceResult(tuple(docs), tuple(edges), roots, self.signature, notes)

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

    def _direction(self, docs: Sequence[Document], frags: dict[int, list[str]], st: PairStats) -> _Direction:
        """The evidence for which of a pair is the parent: positive for ``a``."""
        a, b = st.a, st.b
        da, db = docs[a], docs[b]
        cov_a, cov_b = st.coverage("a"), st.coverage("b")
        d = _Direction()
        d.subset = cov_b - cov_a
        score = 0.35 * d.subset
        score += 0.25 * (st.unique_a - st.unique_b) / (st.unique_a + st.unique_b + UNIQUE_SMOOTH)
        d.words_a = sum(len(s.plain.split()) for s in da.sentences)
        d.words_b = sum(len(s.plain.split()) for s in db.sentences)
        score += 0.15 * (d.words_a - d.words_b) / max(d.words_a, d.words_b, 1)
        d.contained = st.copied_b.share - st.copied_a.share
        score += CONTAINED_WEIGHT * d.contained
        d.date_a, d.date_b = date_stamp(da.text), date_stamp(db.text)
        if d.date_a and d.date_b and d.date_a != d.date_b:
            score += 0.6 if d.date_a < d.date_b else -0.6
        d.day = later_weekday(lead_weekdays(db), lead_weekdays(da))
        score += 0.3 * d.day
        d.mt_a, d.lines_a = self._mt_score(docs, st, frags[a], "a")
        d.mt_b, d.lines_b = self._mt_score(docs, st, frags[b], "b")
        if d.mt_a >= 0.5 or d.mt_b >= 0.5:
            score += 0.5 * (1 if d.mt_b > d.mt_a else -1 if d.mt_a > d.mt_b else 0)
        if abs(score) < DIRECTION_WEAK and self._grams:
            inherit = self._inheritance(docs, st)
            if inherit is not None:
                d.inherit_line = inherit[1]
                score += inherit[0]
        d.score = score
        return d

    def _kept(self, parent: int, child: int, ref: int) -> tuple[int, int]:
        """``parent``'s changes from ``ref`` in the sentences it shares with ``child``, and how
        many of them ``child`` has too: ``(kept, changes)``."""
        st = self._stats[(min(parent, child), max(parent, child))]
        aligned = st.group_of_a if st.a == parent else st.group_of_b
        ref_grams = frozenset().union(*self._grams[ref])
        child_grams = frozenset().union(*self._grams[child])
        changes: set[tuple[str, ...]] = set()
        for i in aligned:
            changes |= self._grams[parent][i] - ref_grams
        return len(changes & child_grams), len(changes)

    def _inheritance(self, docs: Sequence[Document], st: PairStats) -> tuple[float, str] | None:
        """Direction from a third version both copy: a child keeps its parent's changes, and a
        parent cannot have its child's. None without such a version or enough changes."""
        a, b = st.a, st.b
        best, ref = 0.0, -1
        for r in range(len(docs)):
            if r in (a, b):
                continue
            sa = self._stats[(min(a, r), max(a, r))]
            sb = self._stats[(min(b, r), max(b, r))]
            share = min(
                sa.copied("a" if sa.a == a else "b").share, sb.copied("a" if sb.a == b else "b").share
            )
            if share >= COPIED_MIN and share > best:
                best, ref = share, r
        if ref < 0:
            return None
        kept_ab, changes_a = self._kept(a, b, ref)
        kept_ba, changes_b = self._kept(b, a, ref)
        lost_ab, lost_ba = changes_a - kept_ab, changes_b - kept_ba
        if max(kept_ab, kept_ba) < INHERIT_MIN or lost_ab + lost_ba < INHERIT_MIN:
            return None
        balance = (lost_ba - lost_ab) / (lost_ab + lost_ba + 1)
        if abs(balance) < 0.5:
            return None
        p, c = (a, b) if balance > 0 else (b, a)
        kp, np_, kc, nc = (
            (kept_ab, changes_a, kept_ba, changes_b) if p == a else (kept_ba, changes_b, kept_ab, changes_a)
        )
        r_id, p_id, c_id = docs[ref].id, docs[p].id, docs[c].id
        line = (
            f"against {r_id}: {c_id} keeps {kp} of {p_id}'s {np_} changes, {p_id} only {kc} of {c_id}'s {nc} "
            f"(a child keeps its parent's changes; a parent cannot have its child's)"
        )
        return INHERIT_WEIGHT * balance, line

    def _candidate(
        self,
        docs: Sequence[Document],
        stats: dict[tuple[int, int], PairStats],
        frags: dict[int, list[str]],
        st: PairStats,
    ) -> _Candidate | None:
        a, b = st.a, st.b
        cov_a, cov_b = st.coverage("a"), st.coverage("b")
        shared = st.shared
        if not st.groups or (max(cov_a, cov_b) < 0.1 and shared == 0):
            return None
        d = self._direction(docs, frags, st)
        score = d.score + 0.01  # the file given first is the parent when nothing else decides
        weak = abs(d.score) < DIRECTION_WEAK
        why: list[str] = []
        parent, child = (a, b) if score >= 0 else (b, a)
        pc = "a" if parent == a else "b"
        cc = "b" if pc == "a" else "a"
        p_id, c_id = docs[parent].id, docs[child].id
        child_cov = st.coverage(cc)
        parent_cov = st.coverage(pc)
        mt, mt_lines = (d.mt_b, d.lines_b) if cc == "b" else (d.mt_a, d.lines_a)
        why.append(
            f"{shared} sentence groups shared verbatim or near-verbatim; {child_cov:.0%} of {c_id}'s "
            f"sentences align with {p_id} (mean similarity {st.mean_sim:.2f})"
        )
        sign = 1 if parent == a else -1
        if d.subset * sign > 0.1:
            why.append(
                f"{c_id} keeps {child_cov:.0%} of its sentences in {p_id} while only {parent_cov:.0%} of "
                f"{p_id}'s appear in {c_id}: {c_id} is the trimmed or partial one"
            )
        if d.contained * sign > 0.1:
            why.append(
                f"{st.copied(cc).share:.0%} of {c_id}'s words sit in runs copied with {p_id} (names, numbers "
                f"and the topic's words aside), only {st.copied(pc).share:.0%} of {p_id}'s: {p_id} holds "
                f"{c_id}'s content"
            )
        uniq_p = st.unique_a if parent == a else st.unique_b
        uniq_c = st.unique_b if parent == a else st.unique_a
        if uniq_p > uniq_c:
            why.append(f"{p_id} has more content {c_id} lacks ({uniq_p} words) than the reverse ({uniq_c})")
        w_p, w_c = (d.words_a, d.words_b) if parent == a else (d.words_b, d.words_a)
        if w_p > w_c * 1.1:
            why.append(f"{p_id} is longer ({w_p} words against {w_c})")
        if d.date_a and d.date_b and d.date_a != d.date_b:
            why.append(
                f"date stamps: {p_id} {min(d.date_a, d.date_b)}, {c_id} {max(d.date_a, d.date_b)} (later)"
            )
        if d.day:
            why.append(f"{c_id}'s lead names a later weekday than {p_id}'s")
        if d.inherit_line:
            why.append(d.inherit_line)
        if weak:
            why.append(f"direction evidence is weak (balance {d.score:+.2f}); {p_id} was given first")
        relation, strength, lines = classify(
            st, cc, mt, mt_lines, p_id, c_id, weak=weak, debris=bool(frags[child])
        )
        why.extend(lines)
        confidence = (
            strength * (0.6 + 0.4 * min(1.0, abs(score) / 0.3)) if relation != "related" else strength
        )
        child_sims = st.sim_b if cc == "b" else st.sim_a
        copied = st.copied(cc)
        return _Candidate(
            parent, child, relation, confidence, shared, why, list(child_sims), copied.covered, copied.share
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
        # siblings: B is not C's parent when both copy A and C does not keep B's changes from A
        # (or B made none where C copies: then A, one generation up, explains C as well)
        for c in list(kept):
            if c.relation == "translation":
                continue
            for other in range(n):
                if other == c.child or c.parent not in adj[other] or c.child not in adj[other]:
                    continue
                k, changes = self._kept(c.parent, c.child, other)
                if changes < INHERIT_MIN or k < SIBLING_KEPT * changes:
                    adj[c.parent].discard(c.child)
                    kept.remove(c)
                    break
        # explain away: a parent stays only if it explains child sentences (and, for copied
        # wording, child words) that the better parents do not
        final: list[_Candidate] = []
        by_child: dict[int, list[_Candidate]] = {}
        for c in kept:
            by_child.setdefault(c.child, []).append(c)
        for child, cands in by_child.items():
            cands.sort(key=lambda c: (-c.copied, -sum(c.child_sims), -c.confidence))
            best = [0.0] * len(docs[child].sentences)
            covered = [False] * len(cands[0].child_copied)
            for c in cands:
                gain = sum(1 for s, b in zip(c.child_sims, best, strict=True) if s >= 0.5 and s > b + 0.05)
                words_gain = sum(1 for x, y in zip(c.child_copied, covered, strict=True) if x and not y)
                enough = gain >= max(2, 0.08 * len(best)) and (
                    c.relation == "translation" or words_gain >= WORDS_GAIN * max(1, len(covered))
                )
                if c is cands[0] or enough:
                    if c is not cands[0]:
                        c.evidence.append(
                            f"{docs[c.parent].id} explains {gain} sentences of {docs[child].id} "
                            "that its other parents do not"
                        )
                    best = [max(s, b) for s, b in zip(c.child_sims, best, strict=True)]
                    covered = [x or y for x, y in zip(c.child_copied, covered, strict=True)]
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


def with_metadata(docs: Sequence[Document], edges: Sequence[Edge]) -> tuple[list[Edge], tuple[str, ...]]:
    """Add what the wire metadata says to each edge's evidence, and note what no edge
    carries: corrections, and versions of one item that the text does not link.

    The metadata never changes an edge; where it contradicts the text, a line says so.
    """
    by_id = {d.id: d for d in docs}
    out = []
    linked: set[frozenset[str]] = set()
    for edge in edges:
        meta = compare_metadata(by_id[edge.parent], by_id[edge.child])
        lines = list(meta.lines)
        clash = meta.disagreement(derived=edge.relation in DERIVED, parent=0)
        if clash is not None:
            lines.append(clash)
        if edge.relation in DERIVED:
            linked.add(frozenset((edge.parent, edge.child)))
        out.append(replace(edge, evidence=(*edge.evidence, *lines)) if lines else edge)
    notes = list(correction_notes(docs))
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            if frozenset((a.id, b.id)) in linked:
                continue
            meta = compare_metadata(a, b)
            clash = meta.disagreement(derived=False, parent=None)
            if clash is not None:
                notes.append(clash)
    return out, tuple(notes)
