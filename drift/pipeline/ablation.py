"""Weighing a dropped or added span by how far it moves the sentence's meaning.

A free rewrite (a human or machine translation of the same sentence) drops words
and adds others while saying the same thing; a real cut or insertion changes what
the sentence says. The test is an ablation with the sentence encoder: remove the
span from the side that has it and see whether that side comes closer to the
other one. If it does not (``gain`` below ``min_gain``), the other side carries
that content in other words, and the finding is downgraded to its minor rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from drift.values import Finding, Sentence, Span

# Major rule -> the minor rule it falls back to when the ablation shows no real loss.
WEAKER: dict[str, str] = {
    "omission.entity": "omission.entity_minor",
    "omission.number": "omission.detail",
    "omission.clause": "omission.detail",
    "omission.verb": "omission.detail",
    "omission.subject": "omission.detail",
    "addition.entity": "addition.entity_minor",
    "addition.number": "addition.detail",
    "addition.claim": "addition.detail",
}


@dataclass(frozen=True)
class Ablation:
    """Keyword-only settings of the ablation test.

    Attributes:
        min_gain: Least rise in cosine similarity, once the span is removed, for the
            content to count as really missing on the other side. Set on DEMETR ids
            1-250 (faithful translations against ones with a name, verb or subject
            removed); 0 keeps only spans whose removal brings the sides closer.
        min_kept: Share of words the two sides keep verbatim from which the pair is an
            edit, not a rewording: the other side has no other words to say the span
            in, so the test is skipped. Set on DEMETR ids 1-250, where 95 % of faithful
            human-vs-machine translations keep under 0.89 and every single-error copy
            of a machine translation at least 0.93.
        rules: Major rule -> its minor fallback.
    """

    min_gain: float = 0.015
    min_kept: float = 0.9
    rules: dict[str, str] = field(default_factory=lambda: dict(WEAKER))

    def __post_init__(self) -> None:
        if not -1.0 <= self.min_gain <= 1.0:
            raise ValueError(f"min_gain {self.min_gain} outside [-1, 1]")
        if not 0.0 <= self.min_kept <= 1.0:
            raise ValueError(f"min_kept {self.min_kept} outside [0, 1]")

    @property
    def settings(self) -> str:
        return f"ablation>={self.min_gain} below-kept {self.min_kept}"

    def gain(self, embed: object, span: Span, own: Sequence[Sentence], other: Sequence[Sentence]) -> float:
        """Cosine of ``own`` without ``span`` to ``other``, minus the cosine with it."""
        vecs = embed(list(_texts(span, own, other)))  # type: ignore[operator]
        return float(vecs[2] @ vecs[1]) - float(vecs[0] @ vecs[1])

    def texts(
        self, finding: Finding, source: Sequence[Sentence], copy: Sequence[Sentence], *, kept: float = 0.0
    ) -> tuple[str, ...]:
        """The texts :meth:`weigh` will embed for ``finding`` (none when it runs no test), so
        a caller can embed those of many findings in one pass."""
        if finding.rule not in self.rules or kept >= self.min_kept:
            return ()
        if finding.type.value == "omission" and finding.source_span is not None:
            return _texts(finding.source_span, source, copy)
        if finding.type.value == "addition" and finding.copy_span is not None:
            return _texts(finding.copy_span, copy, source)
        return ()

    def weigh(
        self,
        finding: Finding,
        embed: object,
        source: Sequence[Sentence],
        copy: Sequence[Sentence],
        severity_of: object,
        *,
        kept: float = 0.0,
    ) -> Finding | None:
        """The finding as it stands, or downgraded to its minor rule (None if switched off).

        ``kept`` is the share of words the pair keeps verbatim (see ``min_kept``).
        """
        weaker = self.rules.get(finding.rule)
        if weaker is None or kept >= self.min_kept:
            return finding
        if finding.type.value == "omission" and finding.source_span is not None:
            gain = self.gain(embed, finding.source_span, source, copy)
        elif finding.type.value == "addition" and finding.copy_span is not None:
            gain = self.gain(embed, finding.copy_span, copy, source)
        else:
            return finding
        if gain >= self.min_gain:
            return finding
        severity = severity_of(weaker)  # type: ignore[operator]
        if severity is None:
            return None
        side = "source" if finding.type.value == "omission" else "copy"
        return replace(
            finding,
            severity=severity,
            rule=weaker,
            explanation=f"{finding.explanation}; the other side seems to say it in other words "
            f"(removing it moves the {side} by {gain:+.3f})",
        )


def _texts(span: Span, own: Sequence[Sentence], other: Sequence[Sentence]) -> tuple[str, str, str]:
    """``own`` in full, ``other``, and ``own`` without ``span``."""
    full = " ".join(s.text for s in own)
    return full, " ".join(s.text for s in other), " ".join(_without(s, span) for s in own)


def _without(sentence: Sentence, span: Span) -> str:
    a = max(span.start, sentence.start) - sentence.start
    b = min(span.end, sentence.end) - sentence.start
    if b <= a:
        return sentence.text
    return sentence.text[:a] + sentence.text[b:]
