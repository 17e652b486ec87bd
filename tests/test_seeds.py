"""The acceptance run on the sample story in seeds/, with the real models."""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest

from drift.ingest import load_documents
from drift.models.resources import Resources
from drift.pipeline import Checker
from drift.report.json_report import render_json
from drift.values import FindingType, PairStatus

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SEEDS = sorted(glob.glob(str(Path(__file__).resolve().parent.parent / "seeds" / "*.txt")))

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seeds_result():  # type: ignore[no-untyped-def]
    checker = Checker()
    return checker, checker.check(load_documents(SEEDS))


def _findings(result, copy_prefix):  # type: ignore[no-untyped-def]
    comp = next(c for c in result.comparisons if c.copy.startswith(copy_prefix))
    return comp, [f for p in comp.pairs for f in p.findings]


def test_five_seed_files_are_present() -> None:
    assert len(SEEDS) == 5


@pytest.mark.parametrize(
    ("source_text", "copy_text", "kind"),
    [
        ("defect", "asylum", FindingType.LEXICAL_MEANING),
        ("Aron Lund", "Aaron Rand", FindingType.ENTITY),
        ("hold", "detain", FindingType.LEXICAL_MEANING),
    ],
)
def test_translation_drift_in_003_is_found_with_the_right_type(seeds_result, source_text, copy_text, kind):  # type: ignore[no-untyped-def]
    _, result = seeds_result
    _, findings = _findings(result, "003")
    hits = [
        f
        for f in findings
        if f.source_span is not None
        and f.copy_span is not None
        and f.source_span.text == source_text
        and f.copy_span.text == copy_text
    ]
    assert hits, f"{source_text} → {copy_text} not reported"
    assert hits[0].type is kind


def test_quote_change_in_003_is_a_quote_finding(seeds_result) -> None:  # type: ignore[no-untyped-def]
    _, result = seeds_result
    _, findings = _findings(result, "003")
    quotes = [
        f for f in findings if f.type is FindingType.QUOTE and f.copy_span and "life" in f.copy_span.text
    ]
    assert quotes and quotes[0].source_span is not None and "lives" in quotes[0].source_span.text


def test_verbatim_sentences_of_001_are_identical_without_findings(seeds_result) -> None:  # type: ignore[no-untyped-def]
    _, result = seeds_result
    comp, _ = _findings(result, "001")
    source = result.document(comp.source)
    copy = result.document(comp.copy)
    verbatim = 0
    for pair in comp.pairs:
        one_to_one = len(pair.source) == 1 and len(pair.copy) == 1
        if one_to_one and source.sentences[pair.source[0]].text == copy.sentences[pair.copy[0]].text:
            verbatim += 1
            assert pair.status is PairStatus.IDENTICAL
            assert pair.findings == ()
    assert verbatim >= 10


def test_house_style_us_spelling_is_not_drift_in_001(seeds_result) -> None:  # type: ignore[no-untyped-def]
    _, result = seeds_result
    _, findings = _findings(result, "001")
    assert not [f for f in findings if f.source_span and "U.S." in f.source_span.text]


def test_json_is_byte_identical_across_runs(seeds_result) -> None:  # type: ignore[no-untyped-def]
    _, result = seeds_result
    again = Checker().check(load_documents(SEEDS))
    assert render_json(result) == render_json(again)


def test_each_sentence_is_embedded_once_per_run(seeds_result) -> None:  # type: ignore[no-untyped-def]
    checker, result = seeds_result
    seen: list[str] = []
    inner = checker.resources.encoder.inner

    class Recording:
        name = inner.name

        def encode(self, texts):  # type: ignore[no-untyped-def]
            seen.extend(texts)
            return inner.encode(texts)

    recorder = Checker(
        resources=Resources(
            encoder=Recording(),
            word_vectors=checker.resources.word_vectors,
            lm=checker.resources.lm,
            parser=checker.resources.parser,
        )
    )
    recorder.check(load_documents(SEEDS))
    assert len(seen) == len(set(seen))
    sentences = {s.plain for d in result.documents for s in d.sentences}
    assert sentences <= set(seen)


@pytest.fixture(scope="module")
def classified(seeds_result):  # type: ignore[no-untyped-def]
    from drift.provenance import Tracer
    from drift.provenance.comparisons import classify

    checker, result = seeds_result
    trace = Tracer(checker).trace(result.documents)
    return classify(result, checker), trace


def test_001_has_one_major_finding_the_leads_modality_change(classified) -> None:  # type: ignore[no-untyped-def]
    result, _ = classified
    _, findings = _findings(result, "001")
    major = [f for f in findings if f.severity.label != "minor"]
    assert [(f.type, f.copy_span.text if f.copy_span else None) for f in major] == [
        (FindingType.MODALITY, "would")
    ]


def test_relations_match_the_trace_and_004_is_related(classified) -> None:  # type: ignore[no-untyped-def]
    result, trace = classified
    edges = {(e.parent, e.child): e.relation for e in trace.edges}
    by_copy = {c.copy[:3]: c for c in result.comparisons}
    assert by_copy["001"].relation == "copy"
    assert by_copy["003"].relation == "translation"
    assert by_copy["004"].relation == "related"
    source = result.comparisons[0].source
    assert by_copy["002"].relation == edges[(source, by_copy["002"].copy)] == "rewrite"
    related = by_copy["004"]
    assert not [f for f in related.findings if f.rule == "addition.sentence"]
    assert not any(result.fails(related, f) for f in related.findings)
