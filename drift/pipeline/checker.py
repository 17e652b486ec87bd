"""The pipeline: documents → sentences → alignment → findings.

:class:`Checker` is the public entry point. It embeds and parses every sentence of
every document once, aligns each copy with the source, runs the detectors on each
aligned pair (and on copy sentences that align with nothing) and returns a
:class:`~drift.pipeline.result.CheckResult`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from drift.align.aligner import AlignmentResult, Group
from drift.align.sides import Side
from drift.detectors import Detector, DocumentContext, PairContext, build, resolve_overlaps
from drift.detectors.base import unmatched_pair
from drift.detectors.vocabulary import syntax_faults
from drift.errors import Errors, UsageError
from drift.models.resources import Resources
from drift.pipeline.decision import undone
from drift.pipeline.result import CheckResult
from drift.pipeline.settings import Settings
from drift.pipeline.signature import signature
from drift.values import AlignedPair, Comparison, Document, Finding, PairStatus


class Checker:
    """Compares copies of a story with their source.

    Args:
        settings: Options that change results.
        resources: Models; injected fakes make tests fast.
    """

    def __init__(self, *, settings: Settings | None = None, resources: Resources | None = None) -> None:
        self.settings = settings or Settings()
        self.resources = resources or Resources(use_lm=self.settings.use_lm)
        options = self.settings.detector_options
        self.detectors: list[Detector] = [build(name, options.get(name)) for name in self.settings.detectors]

    @property
    def signature(self) -> str:
        return signature(self.settings, self.resources, self.detectors)

    def check(
        self, documents: Sequence[Document], progress: Callable[[Document], None] | None = None
    ) -> CheckResult:
        """Compare ``documents[1:]`` with ``documents[0]``.

        Args:
            documents: The source first, then its copies.
            progress: Called with each copy once it has been compared (for a progress bar).
        """
        if len(documents) < 2:
            raise UsageError(Errors.E040)
        self.prepare(documents)
        source = documents[0]
        comparisons = []
        for copy in documents[1:]:
            comparisons.append(self.compare(source, copy))
            if progress is not None:
                progress(copy)
        return CheckResult(tuple(documents), tuple(comparisons), self.signature, self.settings.fail_on)

    def prepare(self, documents: Sequence[Document]) -> None:
        """Embed and parse every sentence of ``documents`` in batches, once for the run."""
        texts = [s.plain for d in documents for s in d.sentences]
        if len({d.text for d in documents}) > 1:
            self.resources.preload_lm()
        self.resources.embed(texts, tokens=self.settings.decision.finding_model is not None)
        self.resources.parser.parse_many(texts)

    def compare(self, source: Document, copy: Document) -> Comparison:
        src_texts = [s.plain for s in source.sentences]
        cpy_texts = [s.plain for s in copy.sentences]
        src_vecs = self.resources.embed(src_texts) if src_texts else np.zeros((0, 1), np.float32)
        cpy_vecs = self.resources.embed(cpy_texts) if cpy_texts else np.zeros((0, 1), np.float32)
        alignment = self._align(source, copy, src_texts, cpy_texts, src_vecs, cpy_vecs)
        contexts = [self.pair_context(source, copy, g.source, g.copy, g.similarity) for g in alignment.groups]
        self.prefetch_lm(contexts)
        pairs = [
            self.analyse_pair(source, copy, g.source, g.copy, g.similarity, context=ctx)
            for g, ctx in zip(alignment.groups, contexts, strict=True)
        ]
        whole = DocumentContext(source, copy, self.settings.policy, self.resources)
        for j in alignment.unmatched_copy:
            found = (d.unmatched_copy(whole, j) for d in self.detectors)
            pairs.extend(unmatched_pair(j, f) for f in found if f is not None)
        pairs.sort(key=lambda p: (p.copy[0] if p.copy else -1, p.source[0] if p.source else -1))
        return Comparison(
            source.id, copy.id, tuple(pairs), alignment.unmatched_source, alignment.unmatched_copy
        )

    def _align(
        self,
        source: Document,
        copy: Document,
        src_texts: list[str],
        cpy_texts: list[str],
        src_vecs: Any,
        cpy_vecs: Any,
    ) -> AlignmentResult:
        """Align the article sentences; headlines and standfirsts stay out of the
        alignment (they are checked against the whole source) and count as unmatched."""
        src_keep = [i for i in range(len(src_texts)) if source.furniture_kind(i) is None]
        cpy_keep = [j for j in range(len(cpy_texts)) if copy.furniture_kind(j) is None]
        if len(src_keep) == len(src_texts) and len(cpy_keep) == len(cpy_texts):
            return self.settings.aligner(src_texts, cpy_texts, src_vecs, cpy_vecs)
        inner = self.settings.aligner(
            [src_texts[i] for i in src_keep],
            [cpy_texts[j] for j in cpy_keep],
            src_vecs[src_keep] if src_keep else src_vecs[:0],
            cpy_vecs[cpy_keep] if cpy_keep else cpy_vecs[:0],
        )
        groups = tuple(
            Group(tuple(src_keep[i] for i in g.source), tuple(cpy_keep[j] for j in g.copy), g.similarity)
            for g in inner.groups
        )
        src_out = set(range(len(src_texts))) - set(src_keep)
        cpy_out = set(range(len(cpy_texts))) - set(cpy_keep)
        return AlignmentResult(
            groups,
            tuple(sorted(src_out | {src_keep[i] for i in inner.unmatched_source})),
            tuple(sorted(cpy_out | {cpy_keep[j] for j in inner.unmatched_copy})),
        )

    def pair_context(
        self,
        source: Document,
        copy: Document,
        src_idx: Sequence[int],
        cpy_idx: Sequence[int],
        similarity: float,
    ) -> PairContext:
        """What the detectors read about sentences ``src_idx`` of ``source`` against
        ``cpy_idx`` of ``copy``."""
        parse = self.resources.parser
        return PairContext(
            Side.build(source, src_idx, parse),
            Side.build(copy, cpy_idx, parse),
            similarity,
            self.settings.policy,
            self.resources,
        )

    def prefetch_lm(self, contexts: Sequence[PairContext]) -> None:
        """Let the language model read, in full batches, what the detectors that use it
        will ask about ``contexts``: they run once with a recording stand-in (their
        findings are dropped), and the real analysis then finds every answer in the
        model's memo. A forward pass costs about the same for one short text as for
        sixteen, so pairs asked about one by one pay for the weights each time."""
        readers = [d for d in self.detectors if "lm" in d.info.models]
        todo = [ctx for ctx in contexts if not ctx.identical]
        if not readers or not todo:
            return

        def plan() -> None:
            for ctx in todo:
                for detector in readers:
                    detector(ctx)

        self.resources.prefetch_lm(plan)

    def analyse_pair(
        self,
        source: Document,
        copy: Document,
        src_idx: Sequence[int],
        cpy_idx: Sequence[int],
        similarity: float,
        *,
        context: PairContext | None = None,
    ) -> AlignedPair:
        """Analyse one aligned group; ``context`` is its :meth:`pair_context` when the
        caller has built it already."""
        ctx = context or self.pair_context(source, copy, src_idx, cpy_idx, similarity)
        findings: list[Finding] = []
        if not ctx.identical:
            for detector in self.detectors:
                findings.extend(detector(ctx))
        src_s, cpy_s = ctx.source.sentences, ctx.copy.sentences
        variants = {
            t
            for f in findings
            for t in (
                *self.settings.ablation.texts(f, src_s, cpy_s, kept=ctx.kept_share),
                *(undone(f, src_s, cpy_s) or ()),
            )
        }
        if variants:
            self.resources.embed(sorted(variants))  # one pass; the ablation and decision read the cache
        weighed = (
            self.settings.ablation.weigh(
                f,
                self.resources.embed,
                ctx.source.sentences,
                ctx.copy.sentences,
                self.settings.policy.severity,
                kept=ctx.kept_share,
            )
            for f in findings
        )
        findings = resolve_overlaps([f for f in weighed if f is not None])
        changed: float | None = None
        evidence = None
        if not ctx.identical:
            findings, changed, evidence = self.settings.decision.decide(
                findings,
                source=ctx.source.sentences,
                copy=ctx.copy.sentences,
                similarity=similarity,
                kept=ctx.kept_share,
                embed=self.resources.embed,
                tokens=self.resources.token_vectors,
                severity_of=self.settings.policy.severity,
                faults=syntax_faults(ctx.copy.doc) - syntax_faults(ctx.source.doc),
            )
        if ctx.identical:
            status = PairStatus.IDENTICAL
        elif findings:
            status = PairStatus.DRIFT
        else:
            status = PairStatus.EDITED
        return AlignedPair(
            tuple(src_idx),
            tuple(cpy_idx),
            similarity,
            status,
            tuple(findings),
            meaning_changed=0.0 if ctx.identical and self.settings.decision.pair_model else changed,
            evidence=evidence if self.settings.decision.record else None,
        )
