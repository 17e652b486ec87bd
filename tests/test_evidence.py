"""The ablation test that downgrades an omission the other side says in other words."""

from __future__ import annotations

import numpy as np
import pytest

from drift.embeddings import HashingEncoder
from drift.evidence import Ablation
from drift.model import Finding, FindingType, Sentence, Severity, Span
from drift.policy import Policy

SOURCE = "The minister resigned on Monday after a row over the budget."
COPY = "The minister resigned on Monday."


def sentences(text: str) -> list[Sentence]:
    return [Sentence(0, 0, len(text), text)]


def omission(start: int, end: int, rule: str = "omission.clause") -> Finding:
    return Finding(
        FindingType.OMISSION,
        Severity.MAJOR,
        Span(start, end, SOURCE[start:end]),
        None,
        "a clause was dropped",
        rule,
    )


def embed_with(encoder: HashingEncoder):
    return lambda texts: encoder.encode(list(texts))


def test_real_cut_stays_major() -> None:
    start = SOURCE.index("after")
    f = omission(start, len(SOURCE) - 1)
    out = Ablation().weigh(
        f, embed_with(HashingEncoder()), sentences(SOURCE), sentences(COPY), Policy().severity
    )
    assert out == f


def test_content_said_in_other_words_is_downgraded() -> None:
    def embed(texts):  # the copy is as close to the source with the span as without it
        return np.array([[1.0, 0.0], [1.0, 0.0], [0.99, 0.14]], dtype=np.float32)

    f = omission(0, 12)
    out = Ablation().weigh(f, embed, sentences(SOURCE), sentences(COPY), Policy().severity)
    assert out is not None
    assert out.rule == "omission.detail" and out.severity is Severity.MINOR
    assert "other words" in out.explanation


def test_rules_outside_the_table_are_untouched() -> None:
    f = omission(0, 12, rule="omission.qualifier")
    assert Ablation().weigh(f, None, sentences(SOURCE), sentences(COPY), Policy().severity) is f


def test_fallback_rule_switched_off_drops_the_finding() -> None:
    def embed(texts):
        return np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)

    policy = Policy.from_mapping({"severity": {"omission.detail": "off"}})
    out = Ablation().weigh(omission(0, 12), embed, sentences(SOURCE), sentences(COPY), policy.severity)
    assert out is None


def test_min_gain_is_validated() -> None:
    with pytest.raises(ValueError):
        Ablation(min_gain=2.0)
