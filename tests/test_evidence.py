"""The ablation test that downgrades an omission the other side says in other words."""

from __future__ import annotations

import numpy as np
import pytest
from fakes import HashingEncoder

from drift.pipeline.ablation import Ablation
from drift.policy import Policy
from drift.values import Finding, FindingType, Sentence, Severity, Span

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


def test_near_verbatim_pair_is_not_ablated() -> None:
    def embed(texts):  # would downgrade, as above
        return np.array([[1.0, 0.0], [1.0, 0.0], [0.99, 0.14]], dtype=np.float32)

    f = omission(0, 12)
    assert Ablation().weigh(f, embed, sentences(SOURCE), sentences(COPY), Policy().severity, kept=0.95) is f
    out = Ablation().weigh(f, embed, sentences(SOURCE), sentences(COPY), Policy().severity, kept=0.5)
    assert out is not None and out.severity is Severity.MINOR


def test_min_gain_is_validated() -> None:
    with pytest.raises(ValueError):
        Ablation(min_gain=2.0)
    with pytest.raises(ValueError):
        Ablation(min_kept=1.5)


class BlindEncoder:
    """Every text gets the same vector: no removal ever brings two sides closer."""

    name = "blind"

    def encode(self, texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0


@pytest.mark.parametrize(
    ("copy", "severity"),
    [
        # a near-verbatim copy: nothing else to say the verb in, the cut stays major
        ("Police two men in the city centre on Saturday night after a fight outside a bar.", Severity.MAJOR),
        # a rewording: an encoder that sees no gain downgrades the cut
        ("On Saturday night officers two men downtown after a brawl near a pub.", Severity.MINOR),
    ],
)
def test_ablation_applies_to_rewordings_only(copy: str, severity: Severity) -> None:
    from conftest import analyse

    from drift.models.resources import Resources
    from drift.pipeline import Checker, Settings

    checker = Checker(
        settings=Settings(use_lm=False), resources=Resources(encoder=BlindEncoder(), use_lm=False)
    )
    source = "Police arrested two men in the city centre on Saturday night after a fight outside a bar."
    pair = analyse(checker, source, copy)
    cut = [f for f in pair.findings if f.source_span is not None and "arrested" in f.source_span.text]
    assert cut, [f.to_json() for f in pair.findings]
    assert max(f.severity for f in cut) is severity, [f.to_json() for f in pair.findings]
