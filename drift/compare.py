"""The pipeline: documents → sentences → alignment → findings.

:class:`Checker` is the public entry point. It embeds every sentence of every
document once, aligns each copy with the source, runs the detectors on each
aligned pair and returns a :class:`~drift.report.result.CheckResult`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from drift import __version__
from drift.alignment import Aligner, content_words
from drift.detectors import DEFAULT_DETECTORS, REGISTRY, Detector, PairContext, resolve_overlaps
from drift.detectors.base import quote
from drift.detectors.entity import Mention, mentions
from drift.errors import Errors, UsageError
from drift.evidence import Ablation
from drift.model import AlignedPair, Comparison, Document, Finding, FindingType, PairStatus, Severity
from drift.names import compare_names
from drift.numbers import NumberMention, find_numbers, same_number
from drift.policy import Policy
from drift.report.result import CheckResult
from drift.resources import Resources
from drift.sides import Side


@dataclass(frozen=True)
class Settings:
    """Every option that changes results; all of it goes into the signature.

    Attributes:
        detectors: Names of the detectors to run, from :data:`drift.detectors.REGISTRY`.
        use_lm: Load the language model for the lexical check.
        fail_on: Severity at or above which a run fails; None never fails.
        policy: Severity policy and house-style equivalences.
        aligner: Sentence aligner with its thresholds.
        ablation: Test that downgrades an omission or addition the other side says
            in other words.
    """

    detectors: tuple[str, ...] = DEFAULT_DETECTORS
    use_lm: bool = True
    fail_on: Severity | None = Severity.MAJOR
    policy: Policy = field(default_factory=Policy)
    aligner: Aligner = field(default_factory=Aligner)
    ablation: Ablation = field(default_factory=Ablation)

    def __post_init__(self) -> None:
        for name in self.detectors:
            if name not in REGISTRY:
                raise UsageError(Errors.E046.format(name=name, known=", ".join(sorted(REGISTRY))))


def signature(settings: Settings, resources: Resources) -> str:
    """The reproducibility string printed on every result (sacrebleu style)."""
    names = resources.model_names()
    parts = [
        f"drift {__version__}",
        f"model {names['encoder']}",
        f"lm {names['lm'] if settings.use_lm and 'lexical_meaning' in settings.detectors else 'off'}",
        f"wordvec {names['wordvec']}",
        f"lexicon {names['lexicon']}",
        "spacy en_core_web_sm-3.8.0",
        f"align {settings.aligner.settings}",
        f"evidence {settings.ablation.settings}",
        f"detectors {','.join(settings.detectors)}",
        f"policy {settings.policy.fingerprint}",
        f"fail-on {settings.fail_on.label if settings.fail_on else 'none'}",
    ]
    return "|".join(parts)


class Checker:
    """Compares copies of a story with their source.

    Args:
        settings: Options that change results.
        resources: Models; injected fakes make tests fast.
    """

    def __init__(self, *, settings: Settings | None = None, resources: Resources | None = None) -> None:
        self.settings = settings or Settings()
        self.resources = resources or Resources(use_lm=self.settings.use_lm)
        self.detectors: list[Detector] = [REGISTRY[name]() for name in self.settings.detectors]
        self._facts: dict[str, tuple[list[Mention], list[NumberMention]]] = {}

    @property
    def signature(self) -> str:
        return signature(self.settings, self.resources)

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
        self._embed_all(documents)
        source = documents[0]
        comparisons = []
        for copy in documents[1:]:
            comparisons.append(self.compare(source, copy))
            if progress is not None:
                progress(copy)
        return CheckResult(tuple(documents), tuple(comparisons), self.signature, self.settings.fail_on)

    def _embed_all(self, documents: Sequence[Document]) -> None:
        texts = [s.plain for d in documents for s in d.sentences]
        self.resources.embed(texts)
        self.resources.parser.parse_many(texts)

    def compare(self, source: Document, copy: Document) -> Comparison:
        src_texts = [s.plain for s in source.sentences]
        cpy_texts = [s.plain for s in copy.sentences]
        src_vecs = self.resources.embed(src_texts) if src_texts else np.zeros((0, 1), np.float32)
        cpy_vecs = self.resources.embed(cpy_texts) if cpy_texts else np.zeros((0, 1), np.float32)
        alignment = self.settings.aligner(src_texts, cpy_texts, src_vecs, cpy_vecs)
        pairs = [self.analyse_pair(source, copy, g.source, g.copy, g.similarity) for g in alignment.groups]
        for j in alignment.unmatched_copy:
            added = self._unmatched_addition(source, copy, j)
            if added is not None:
                pairs.append(added)
        pairs.sort(key=lambda p: (p.copy[0] if p.copy else -1, p.source[0] if p.source else -1))
        return Comparison(
            source.id, copy.id, tuple(pairs), alignment.unmatched_source, alignment.unmatched_copy
        )

    def analyse_pair(
        self,
        source: Document,
        copy: Document,
        src_idx: Sequence[int],
        cpy_idx: Sequence[int],
        similarity: float,
    ) -> AlignedPair:
        parse = self.resources.parser
        ctx = PairContext(
            Side.build(source, src_idx, parse),
            Side.build(copy, cpy_idx, parse),
            similarity,
            self.settings.policy,
            self.resources,
        )
        findings: list[Finding] = []
        if not ctx.identical:
            for detector in self.detectors:
                findings.extend(detector(ctx))
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
        if ctx.identical:
            status = PairStatus.IDENTICAL
        elif findings:
            status = PairStatus.DRIFT
        else:
            status = PairStatus.EDITED
        return AlignedPair(tuple(src_idx), tuple(cpy_idx), similarity, status, tuple(findings))

    def _source_facts(self, source: Document) -> tuple[list[Mention], list[NumberMention]]:
        """Names and figures of a whole source document, worked out once per run."""
        key = f"{source.id}:{source.sha256}"
        if key not in self._facts:
            doc = self.resources.parser(" ".join(s.plain for s in source.sentences))
            self._facts[key] = (mentions(doc), find_numbers(doc.text))
        return self._facts[key]

    def _unmatched_addition(self, source: Document, copy: Document, j: int) -> AlignedPair | None:
        """An unmatched copy sentence that states a new fact (a name or a figure) is an addition."""
        if "addition" not in self.settings.detectors:
            return None
        parse = self.resources.parser
        sent = copy.sentences[j]
        if len(content_words(sent.plain)) < 3:
            return None
        side = Side.build(copy, [j], parse)
        src_names, src_numbers = self._source_facts(source)
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
        severity = self.settings.policy.severity("addition.sentence")
        if severity is None:
            return None
        finding = Finding(
            FindingType.ADDITION,
            severity,
            None,
            side.span(0, len(side.text)),
            f"a sentence with no source counterpart states new facts: {', '.join(facts[:4])}",
            "addition.sentence",
        )
        return AlignedPair((), (j,), 0.0, PairStatus.DRIFT, (finding,))
