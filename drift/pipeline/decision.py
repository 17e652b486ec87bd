"""One calibrated decision for each candidate finding, and one for each aligned pair.

The detectors propose candidate findings from rules; whether a candidate is a real change
of meaning depends on evidence no single rule weighs: how freely the whole pair is
reworded, how far the sentence moves back towards the source when that one change is
undone, how long the change is, and how many other candidates the pair raised. A small
logistic model over that evidence gives each finding a ``confidence`` in [0, 1], and a
second one gives each pair a ``meaning_changed`` probability.

Both models are fitted by ``bench/train_decision.py`` on public data only (DEMETR dev ids
1-250 and IteraTeR's train split, see that script) and ship as ``drift/data/decision.json``
with the hash of the training data. At run time they are a dot product: no learning library is imported.

Below the finding model's threshold, a major or critical finding is reported as minor
(and a reworded quotation as ``quote.reworded``); below ``min_confidence`` it is dropped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from drift.values import Finding, FindingType, Sentence, Severity, Span

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "decision.json"

TYPES = tuple(t.value for t in FindingType)

CONTINUOUS: tuple[str, ...] = (
    "similarity",
    "kept",
    "undo_gain",
    "align_source",
    "align_copy",
    "token_precision",
    "token_recall",
    "span_words",
    "candidates",
    "words",
    "copy_faults",
)
"""The finding evidence that is a measurement rather than a type or severity."""

INTERACTED: tuple[str, ...] = ("omission", "addition")
"""Types whose evidence is also read on its own (``omission*kept``, ...): what a cut or an
added phrase means depends on how freely the rest is reworded in another way than it does
for a swapped word, and one weight per feature for all types cannot say so (chosen on
IteraTeR dev and OneStopEnglish articles 76-110, see ``bench/train_decision.py``)."""

FINDING_FEATURES: tuple[str, ...] = (
    *(f"type={t}" for t in TYPES),
    "severity",
    *CONTINUOUS,
    *(f"{t}*{c}" for t in INTERACTED for c in CONTINUOUS),
)
"""Evidence for one candidate finding, in the order the finding model reads it."""

PAIR_FEATURES: tuple[str, ...] = (
    "similarity",
    "kept",
    "max_confidence",
    "confident",
    "max_undo_gain",
    "token_precision",
    "token_recall",
    "length_ratio",
    "words",
    "copy_faults",
)
"""Evidence for one aligned pair, in the order the pair model reads it.

``copy_faults`` is how many more grammar faults the copy's parse has than the source's
(:func:`drift.detectors.vocabulary.syntax_faults`, capped at :data:`MAX_FAULTS`): words cut
out of a sentence leave them, a rewording does not. A model fitted before it existed
reads only the features it names."""

MAX_FAULTS = 3

HARD_FACTS = frozenset({"entity", "number", "negation", "headline", "modality"})
"""Types whose rules check hard facts (a name, a figure, a negation marker, a modal verb
or hedge, all closed classes or exact values): the decision gives them a confidence but
never lowers their severity. On DEMETR ids 1-250 these rules are right on near-verbatim
copies (numbers 0.96-1.00, names 0.99) and caused few of the faithful pairs' false alarms,
while the evidence the model reads (how far the sentence moves) barely registers a changed
figure in a long sentence group, and DEMETR has no modality perturbation to learn from."""

VERBATIM_HARD = frozenset({FindingType.OMISSION.value, FindingType.ADDITION.value})
"""Types that are hard facts in a copy keeping :data:`HARD_CUTS_KEPT` of its words verbatim:
words cut or inserted there are simply gone or new, as the diff shows."""

HARD_CUTS_KEPT = 0.9
"""On a copy that keeps this share of the source's words verbatim, a cut is a hard fact
too: the words are simply gone, as the diff shows, and no rewording can have said them
another way (the evidence ablation skips such pairs for the same reason). Chosen on
development data: on DEMETR ids 1-250 it restores near-verbatim recall of cut verbs
from 0.60 to 0.70 and of cut names from 0.90 to 0.97, with faithful pairs flagged 0.10
and OneStopEnglish articles 76-110 at 8.87 major findings per 100 pairs (8.77 without);
at 0.85 the threshold it forces moves to 0.92 and IteraTeR dev F1 falls from 0.42 to
0.33."""

Embed = Callable[[list[str]], Any]
Tokens = Callable[[list[str]], Any]


@dataclass(frozen=True)
class LogisticModel:
    """A fitted logistic regression over standardised features.

    Attributes:
        features: Feature names, in order.
        weights: One weight per feature (on standardised values).
        bias: Intercept.
        mean: Per-feature mean used for standardising.
        scale: Per-feature standard deviation used for standardising.
        threshold: Operating point: probabilities at or above it count as a real change.
    """

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float = 0.5

    def __post_init__(self) -> None:
        n = len(self.features)
        if not (len(self.weights) == len(self.mean) == len(self.scale) == n):
            raise ValueError("a logistic model needs one weight, mean and scale per feature")
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold {self.threshold} outside [0, 1]")

    def probability(self, evidence: Mapping[str, float]) -> float:
        z = self.bias
        for name, w, mu, sd in zip(self.features, self.weights, self.mean, self.scale, strict=True):
            z += w * (evidence.get(name, 0.0) - mu) / (sd or 1.0)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
            "threshold": round(self.threshold, 4),
        }

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> LogisticModel:
        return cls(
            tuple(obj["features"]),
            tuple(float(w) for w in obj["weights"]),
            float(obj["bias"]),
            tuple(float(m) for m in obj["mean"]),
            tuple(float(s) for s in obj["scale"]),
            float(obj.get("threshold", 0.5)),
        )


@dataclass(frozen=True)
class Decision:
    """Keyword-only settings of the calibrated decision.

    Attributes:
        finding_model: Confidence of each candidate finding; None reports every candidate
            at its policy severity, with no confidence.
        pair_model: ``meaning_changed`` of each pair; None leaves it out.
        min_confidence: Candidates below this confidence are dropped (``--min-confidence``).
        hard_facts: Finding types whose severity the decision never lowers.
        hard_cuts_kept: Share of words kept verbatim at or above which an omission or an
            addition is a hard fact as well (:data:`HARD_CUTS_KEPT`); above 1 turns that off.
        trained_on: What the models were fitted on, with the data's hash (for the signature).
    """

    finding_model: LogisticModel | None = None
    pair_model: LogisticModel | None = None
    min_confidence: float = 0.0
    hard_facts: frozenset[str] = HARD_FACTS
    hard_cuts_kept: float = HARD_CUTS_KEPT
    trained_on: str = ""
    record: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"min_confidence {self.min_confidence} outside [0, 1]")

    @property
    def settings(self) -> str:
        if self.finding_model is None:
            return "decision off"
        return (
            f"decision {self.trained_on} threshold {self.finding_model.threshold:.4f}"
            f" min-confidence {self.min_confidence} hard-cuts kept>={self.hard_cuts_kept}"
        )

    def decide(
        self,
        findings: Sequence[Finding],
        *,
        source: Sequence[Sentence],
        copy: Sequence[Sentence],
        similarity: float,
        kept: float,
        embed: Embed,
        tokens: Tokens | None = None,
        severity_of: Callable[[str], Severity | None],
        faults: int = 0,
    ) -> tuple[list[Finding], float | None, dict[str, float]]:
        """The findings with their confidence, the pair's ``meaning_changed``, and the pair
        evidence (for training); ``faults`` is how many more grammar faults the copy has
        than the source."""
        words = float(sum(len(s.plain.split()) for s in source))
        copy_words = float(sum(len(s.plain.split()) for s in copy))
        alignment = TokenAlignment.build(source, copy, tokens) if findings or self.pair_model else None
        shared = {
            "similarity": similarity,
            "kept": kept,
            "words": math.log1p(words),
            "token_precision": alignment.precision if alignment else 1.0,
            "token_recall": alignment.recall if alignment else 1.0,
            "copy_faults": float(min(MAX_FAULTS, max(0, faults))),
        }
        batch = [t for f in findings for t in undone(f, source, copy) or ()]
        if batch:
            embed(sorted(set(batch)))  # one encoder call for the pair; undo_gain then reads the cache
        decided: dict[int, Finding] = {}
        confidences: list[float] = []
        gains: list[float] = []
        # quotations last: one keeps its severity when a change of meaning inside it holds
        order = sorted(range(len(findings)), key=lambda k: findings[k].type is FindingType.QUOTE)
        for k in order:
            f = findings[k]
            evidence = finding_evidence(f, shared, source, copy, embed, len(findings), alignment)
            gains.append(evidence["undo_gain"])
            if self.finding_model is None:
                decided[k] = replace(f, evidence=evidence) if self.record else f
                continue
            conf = self.finding_model.probability(evidence)
            confidences.append(conf)
            hard = is_hard(f.type.value, kept, self.hard_facts, self.hard_cuts_kept)
            if f.type is FindingType.QUOTE and _holds_inside(f, decided.values()):
                hard = True
            if conf < self.min_confidence and not hard:
                continue
            f = replace(f, confidence=round(conf, 4), evidence=evidence if self.record else None)
            if conf < self.finding_model.threshold and f.severity >= Severity.MAJOR and not hard:
                weaker = _weaker(f, conf, self.finding_model.threshold, severity_of)
                if weaker is None:
                    continue
                f = weaker
            decided[k] = f
        out = [decided[k] for k in sorted(decided)]
        pair = {
            **shared,
            "max_confidence": max(confidences, default=0.0),
            "confident": float(
                sum(c >= self.finding_model.threshold for c in confidences) if self.finding_model else 0
            ),
            "max_undo_gain": max(gains, default=0.0),
            "length_ratio": math.log((copy_words + 1.0) / (words + 1.0)),
        }
        changed = None if self.pair_model is None else round(self.pair_model.probability(pair), 4)
        return out, changed, pair


def is_hard(
    kind: str, kept: float, hard_facts: frozenset[str] = HARD_FACTS, cuts_kept: float = HARD_CUTS_KEPT
) -> bool:
    """Whether a candidate of type ``kind``, in a pair that keeps ``kept`` of its words
    verbatim, keeps its policy severity whatever its confidence."""
    return kind in hard_facts or (kind in VERBATIM_HARD and kept >= cuts_kept)


def _holds_inside(quoted: Finding, decided: Iterable[Finding]) -> bool:
    """Whether a major or critical reading of another type, already decided, covers words
    of the quotation ``quoted`` changed: then its meaning changed, and it is no rewording."""

    def overlaps(a: Span | None, b: Span | None) -> bool:
        return a is not None and b is not None and a.start < b.end and b.start < a.end

    return any(
        f.type is not FindingType.QUOTE
        and f.severity >= Severity.MAJOR
        and (overlaps(f.source_span, quoted.source_span) or overlaps(f.copy_span, quoted.copy_span))
        for f in decided
    )


def _weaker(
    f: Finding, conf: float, threshold: float, severity_of: Callable[[str], Severity | None]
) -> Finding | None:
    """A low-confidence candidate as a minor finding; a quotation as ``quote.reworded``."""
    note = f"confidence {conf:.2f} is below the {threshold:.2f} threshold for a real change"
    if f.type is FindingType.QUOTE:
        severity = severity_of("quote.reworded")
        if severity is None:
            return None
        return replace(
            f,
            rule="quote.reworded",
            severity=severity,
            explanation=f"{f.explanation}; reworded without a change of meaning ({note})",
        )
    return replace(f, severity=Severity.MINOR, explanation=f"{f.explanation} ({note})")


def finding_evidence(
    f: Finding,
    shared: Mapping[str, float],
    source: Sequence[Sentence],
    copy: Sequence[Sentence],
    embed: Embed,
    candidates: int,
    alignment: TokenAlignment | None = None,
) -> dict[str, float]:
    """The evidence for one candidate, named as in :data:`FINDING_FEATURES`."""
    span_words = max(
        len(f.source_span.text.split()) if f.source_span else 0,
        len(f.copy_span.text.split()) if f.copy_span else 0,
    )
    out = {f"type={t}": float(f.type.value == t) for t in TYPES}
    out.update(shared)
    out["severity"] = float(int(f.severity))
    out["undo_gain"] = undo_gain(f, source, copy, embed)
    out["align_source"] = (
        alignment.source_span(f.source_span) if alignment and f.source_span else shared["token_recall"]
    )
    out["align_copy"] = (
        alignment.copy_span(f.copy_span) if alignment and f.copy_span else shared["token_precision"]
    )
    out["span_words"] = math.log1p(span_words)
    out["candidates"] = math.log1p(candidates)
    return with_interactions(out)


def with_interactions(evidence: Mapping[str, float]) -> dict[str, float]:
    """``evidence`` with each :data:`INTERACTED` type's own copy of the continuous features
    (zero for a finding of another type)."""
    out = dict(evidence)
    for t in INTERACTED:
        on = evidence.get(f"type={t}", 0.0)
        for c in CONTINUOUS:
            out[f"{t}*{c}"] = on * evidence.get(c, 0.0)
    return out


@dataclass(frozen=True)
class TokenAlignment:
    """Every word piece of each side paired with its closest piece on the other side, by the
    cosine of their contextual vectors (BERTScore's greedy matching).

    Attributes:
        precision: Mean best cosine of the copy's pieces against the source.
        recall: Mean best cosine of the source's pieces against the copy.
    """

    source_rows: tuple[tuple[int, int], ...]
    copy_rows: tuple[tuple[int, int], ...]
    copy_best: tuple[float, ...]
    source_best: tuple[float, ...]
    precision: float
    recall: float

    @classmethod
    def build(
        cls, source: Sequence[Sentence], copy: Sequence[Sentence], tokens: Tokens | None
    ) -> TokenAlignment | None:
        if tokens is None:
            return None
        src_tv = tokens([s.text for s in source])
        cpy_tv = tokens([s.text for s in copy])
        if src_tv is None or cpy_tv is None:
            return None
        src_rows = tuple(
            (s.start + a, s.start + b) for s, tv in zip(source, src_tv, strict=True) for a, b in tv.offsets
        )
        cpy_rows = tuple(
            (s.start + a, s.start + b) for s, tv in zip(copy, cpy_tv, strict=True) for a, b in tv.offsets
        )
        if not src_rows or not cpy_rows:
            return None
        sims = np.concatenate([tv.vectors for tv in cpy_tv]) @ np.concatenate([tv.vectors for tv in src_tv]).T
        copy_best = sims.max(axis=1)
        source_best = sims.max(axis=0)
        return cls(
            src_rows,
            cpy_rows,
            tuple(float(v) for v in copy_best),
            tuple(float(v) for v in source_best),
            float(copy_best.mean()),
            float(source_best.mean()),
        )

    def copy_span(self, span: Span) -> float:
        """Mean best cosine of the copy pieces inside ``span`` against the source."""
        return _mean_inside(self.copy_rows, self.copy_best, span, self.precision)

    def source_span(self, span: Span) -> float:
        """Mean best cosine of the source pieces inside ``span`` against the copy."""
        return _mean_inside(self.source_rows, self.source_best, span, self.recall)


def _mean_inside(rows: Sequence[tuple[int, int]], best: Sequence[float], span: Span, default: float) -> float:
    values = [v for (a, b), v in zip(rows, best, strict=True) if a < span.end and span.start < b]
    return float(np.mean(values)) if values else default


def undo_gain(f: Finding, source: Sequence[Sentence], copy: Sequence[Sentence], embed: Embed) -> float:
    """How much closer the copy comes to the source when this one change is undone.

    A replacement is undone by putting the source's words back into the copy; an omission
    by taking the words out of the source; an addition by taking them out of the copy.
    A real change of meaning moves the sentence; a translator's word choice barely does.
    """
    texts = undone(f, source, copy)
    if texts is None:
        return 0.0
    vecs = np.asarray(embed(list(texts)))
    return float(vecs[2] @ vecs[3]) - float(vecs[0] @ vecs[1])


def undone(
    f: Finding, source: Sequence[Sentence], copy: Sequence[Sentence]
) -> tuple[str, str, str, str] | None:
    """Source, copy, and both with the finding's change undone (see :func:`undo_gain`)."""
    src = " ".join(s.text for s in source)
    cpy = " ".join(s.text for s in copy)
    if not src or not cpy:
        return None
    if f.source_span is not None and f.copy_span is not None:
        return src, cpy, src, _splice(copy, f.copy_span, f.source_span.text)
    if f.source_span is not None:
        return src, cpy, _splice(source, f.source_span, ""), cpy
    if f.copy_span is not None:
        return src, cpy, src, _splice(copy, f.copy_span, "")
    return None


def _splice(sentences: Sequence[Sentence], span: Span, text: str) -> str:
    """The sentences joined with single spaces, ``span`` replaced by ``text``."""
    parts = []
    placed = False
    for s in sentences:
        a = max(span.start, s.start) - s.start
        b = min(span.end, s.end) - s.start
        if b <= a:
            parts.append(s.text)
            continue
        parts.append(s.text[:a] + ("" if placed else text) + s.text[b:])
        placed = True
    return " ".join(parts)


@cache
def load_decision(path: str = str(MODEL_PATH)) -> Decision:
    """The shipped decision models; decision off when the file is absent."""
    file = Path(path)
    if not file.exists():
        return Decision()
    obj = json.loads(file.read_text(encoding="utf-8"))
    return Decision(
        finding_model=LogisticModel.from_json(obj["finding_model"]),
        pair_model=LogisticModel.from_json(obj["pair_model"]) if obj.get("pair_model") else None,
        trained_on=f"{obj['trained_on']} sha256:{obj['data_sha256'][:12]}",
    )
