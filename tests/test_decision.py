"""The calibrated decision: confidence per finding, meaning_changed per pair."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from drift.ingest import document_from_text
from drift.models.encoder import TokenVectors
from drift.pipeline.decision import (
    FINDING_FEATURES,
    PAIR_FEATURES,
    Decision,
    LogisticModel,
    TokenAlignment,
    is_hard,
    load_decision,
    undo_gain,
)
from drift.policy import Policy
from drift.values import Finding, FindingType, Severity, Span
from tests.fakes import HashingEncoder

ENC = HashingEncoder()


def embed(texts: list[str]) -> np.ndarray:
    return ENC.encode(texts)


def model(features: tuple[str, ...], weights: dict[str, float], threshold: float = 0.5) -> LogisticModel:
    return LogisticModel(
        features,
        tuple(weights.get(f, 0.0) for f in features),
        0.0,
        tuple(0.0 for _ in features),
        tuple(1.0 for _ in features),
        threshold,
    )


def sides(source: str, copy: str):  # type: ignore[no-untyped-def]
    return document_from_text("s", source).sentences, document_from_text("c", copy).sentences


def finding(
    type_: FindingType, rule: str, src: tuple[int, int, str] | None, cpy: tuple[int, int, str] | None
) -> Finding:
    return Finding(
        type_,
        Policy().severity(rule) or Severity.MAJOR,
        Span(*src) if src else None,
        Span(*cpy) if cpy else None,
        "test finding",
        rule,
    )


SOURCE = "The government could hold Homs for months."
COPY = "The government could detain Homs for months."
SWAP = finding(FindingType.LEXICAL_MEANING, "lexical_meaning.sense", (21, 25, "hold"), (21, 27, "detain"))
QUOTE = finding(FindingType.QUOTE, "quote.changed", (21, 25, "hold"), (21, 27, "detain"))


def decide_pair(
    decision: Decision, findings: list[Finding], *, kept: float = 0.8, faults: int = 0
) -> tuple[list[Finding], float | None, dict[str, float]]:
    source, copy = sides(SOURCE, COPY)
    return decision.decide(
        findings,
        source=source,
        copy=copy,
        similarity=0.9,
        kept=kept,
        embed=embed,
        severity_of=Policy().severity,
        faults=faults,
    )


def decide(decision: Decision, findings: list[Finding]) -> tuple[list[Finding], float | None]:
    out, changed, _ = decide_pair(decision, findings)
    return out, changed


def test_logistic_model_is_a_standardised_dot_product() -> None:
    m = LogisticModel(("a", "b"), (2.0, -1.0), 0.5, (1.0, 0.0), (2.0, 1.0))
    z = 0.5 + 2.0 * (3.0 - 1.0) / 2.0 - 1.0 * 1.0
    assert m.probability({"a": 3.0, "b": 1.0}) == pytest.approx(1 / (1 + np.exp(-z)))
    assert LogisticModel.from_json(json.loads(json.dumps(m.to_json()))) == m
    with pytest.raises(ValueError):
        LogisticModel(("a",), (1.0, 2.0), 0.0, (0.0,), (1.0,))


def test_no_model_keeps_the_policy_severity_and_no_confidence() -> None:
    out, changed = decide(Decision(), [SWAP])
    assert out == [SWAP] and out[0].confidence is None and changed is None


def test_a_confident_finding_keeps_its_severity() -> None:
    sure = model(FINDING_FEATURES, {"type=lexical_meaning": 5.0})
    out, _ = decide(Decision(finding_model=sure), [SWAP])
    assert out[0].severity is Severity.MAJOR and out[0].confidence is not None and out[0].confidence > 0.99


def test_below_the_threshold_a_finding_is_minor_and_says_why() -> None:
    doubt = model(FINDING_FEATURES, {"type=lexical_meaning": -5.0})
    out, _ = decide(Decision(finding_model=doubt), [SWAP])
    assert out[0].severity is Severity.MINOR and out[0].rule == "lexical_meaning.sense"
    assert "below the 0.50 threshold" in out[0].explanation


def test_a_doubtful_quote_change_is_a_reworded_quote() -> None:
    doubt = model(FINDING_FEATURES, {"type=quote": -5.0})
    out, _ = decide(Decision(finding_model=doubt), [QUOTE])
    assert out[0].rule == "quote.reworded" and out[0].severity is Severity.MINOR
    strict = Policy.from_mapping({"quote": {"strict": True}})
    source, copy = sides(SOURCE, COPY)
    out, _, _ = Decision(finding_model=doubt).decide(
        [QUOTE], source=source, copy=copy, similarity=0.9, kept=0.8, embed=embed, severity_of=strict.severity
    )
    assert out[0].rule == "quote.reworded" and out[0].severity is Severity.CRITICAL


def test_min_confidence_drops_candidates() -> None:
    doubt = model(FINDING_FEATURES, {"type=lexical_meaning": -5.0})
    out, _ = decide(Decision(finding_model=doubt, min_confidence=0.2), [SWAP])
    assert out == []


def test_meaning_changed_reads_the_findings() -> None:
    sure = model(FINDING_FEATURES, {"type=lexical_meaning": 5.0})
    pair = model(PAIR_FEATURES, {"max_confidence": 4.0}, 0.5)
    _, with_finding = decide(Decision(finding_model=sure, pair_model=pair), [SWAP])
    _, without = decide(Decision(finding_model=sure, pair_model=pair), [])
    assert with_finding is not None and without is not None and with_finding > without


def test_undo_gain_is_positive_when_undoing_brings_the_sides_together() -> None:
    source, copy = sides(SOURCE, COPY)
    assert undo_gain(SWAP, source, copy, embed) > 0.05
    addition = finding(FindingType.ADDITION, "addition.claim", None, (0, 3, "The"))
    assert isinstance(undo_gain(addition, source, copy, embed), float)


def test_token_alignment_pairs_each_piece_with_its_closest() -> None:
    source, copy = sides("a b", "a c")
    vec = {"a": [1.0, 0.0], "b": [0.0, 1.0], "c": [0.6, 0.8]}

    def tokens(texts: list[str]) -> list[TokenVectors]:
        out = []
        for t in texts:
            words = t.split()
            offsets = tuple((t.index(w), t.index(w) + len(w)) for w in words)
            out.append(TokenVectors(offsets, np.array([vec[w] for w in words], dtype=np.float32)))
        return out

    al = TokenAlignment.build(source, copy, tokens)
    assert al is not None
    assert al.copy_span(Span(2, 3, "c")) == pytest.approx(0.8)  # "c" is closest to "b"
    assert al.source_span(Span(0, 1, "a")) == pytest.approx(1.0)
    assert al.precision == pytest.approx(0.9) and al.recall == pytest.approx(0.9)
    assert TokenAlignment.build(source, copy, None) is None


def test_the_shipped_model_names_its_data() -> None:
    path = Path(__file__).resolve().parent.parent / "drift" / "data" / "decision.json"
    if not path.exists():
        pytest.skip("no shipped decision model")
    shipped = json.loads(path.read_text(encoding="utf-8"))
    assert shipped["trained_on"] and len(shipped["data_sha256"]) == 64
    assert shipped["finding_model"]["features"] == list(FINDING_FEATURES)
    assert shipped["pair_model"]["features"] == list(PAIR_FEATURES)
    assert load_decision().finding_model is not None


def test_copy_faults_reach_the_evidence_capped_and_never_negative() -> None:
    seen = [decide_pair(Decision(), [SWAP], faults=faults)[2]["copy_faults"] for faults in (2, 7, -3)]
    assert seen == [2.0, 3.0, 0.0]


def test_copy_faults_move_a_candidate_the_model_weighs_them_for() -> None:
    weighs = Decision(finding_model=model(FINDING_FEATURES, {"copy_faults": 2.0}, threshold=0.8))
    confidences = [decide_pair(weighs, [SWAP], faults=faults)[0][0].confidence for faults in (0, 2)]
    assert confidences[0] == pytest.approx(0.5) and confidences[1] > 0.98


def test_a_cut_from_a_near_verbatim_copy_keeps_its_severity() -> None:
    doubtful = Decision(finding_model=model(FINDING_FEATURES, {}, threshold=0.99))  # all at 0.5
    cut = finding(FindingType.OMISSION, "omission.verb", (15, 20, "could"), None)
    severities = {kept: decide_pair(doubtful, [cut], kept=kept)[0][0].severity for kept in (0.95, 0.8)}
    assert severities == {0.95: Severity.MAJOR, 0.8: Severity.MINOR}
    assert is_hard("omission", 0.9) and not is_hard("omission", 0.89) and is_hard("entity", 0.0)
    assert not is_hard("omission", 1.0, cuts_kept=1.01)


def test_an_insertion_into_a_near_verbatim_copy_keeps_its_severity() -> None:
    assert is_hard("addition", 0.95) and not is_hard("addition", 0.8)
    assert not is_hard("lexical_meaning", 0.99)


def test_a_quote_keeps_its_severity_when_a_change_of_meaning_inside_it_holds() -> None:
    # the swap is sure, the quote doubtful; given in either order
    swap_sure = model(FINDING_FEATURES, {"type=lexical_meaning": 5.0, "type=quote": -5.0})
    for findings in ([QUOTE, SWAP], [SWAP, QUOTE]):
        out, _ = decide(Decision(finding_model=swap_sure), findings)
        assert [(f.rule, f.severity) for f in out] == [
            (f.rule, f.severity) for f in findings
        ]  # order kept, quote.changed kept critical
    # with the swap doubtful too, the quote is a rewording
    doubt = model(FINDING_FEATURES, {"type=lexical_meaning": -5.0, "type=quote": -5.0})
    out, _ = decide(Decision(finding_model=doubt), [QUOTE, SWAP])
    assert [(f.rule, f.severity) for f in out] == [
        ("quote.reworded", Severity.MINOR),
        ("lexical_meaning.sense", Severity.MINOR),
    ]
