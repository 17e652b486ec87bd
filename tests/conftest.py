"""Shared fixtures: a fast checker (fake encoder, no LM) and a full-model checker."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest
from fakes import HashingEncoder

from drift.ingest import document_from_text
from drift.models.resources import Resources
from drift.pipeline import Checker, Settings
from drift.values import AlignedPair, Finding, FindingType, Severity


@pytest.fixture(scope="session")
def fast_checker() -> Checker:
    """Real spaCy and GloVe, hashing encoder, no language model."""
    return Checker(
        settings=Settings(use_lm=False), resources=Resources(encoder=HashingEncoder(), use_lm=False)
    )


@pytest.fixture(scope="session")
def model_checker() -> Checker:
    """The default checker: MiniLM encoder and SmolLM2 language model (slow to load)."""
    return Checker()


def analyse(checker: Checker, source: str, copy: str) -> AlignedPair:
    """Analyse two texts as one aligned group of all their sentences (similarity 0.9).

    Every span of every finding is checked against the document text it points into;
    the documents' text is the given string, so offsets index ``source`` / ``copy``.
    """
    src = document_from_text("source", source)
    cpy = document_from_text("copy", copy)
    assert src.text == source and cpy.text == copy
    pair = checker.analyse_pair(src, cpy, range(len(src.sentences)), range(len(cpy.sentences)), 0.9)
    for f in pair.findings:
        if f.source_span is not None:
            assert src.text[f.source_span.start : f.source_span.end] == f.source_span.text
        if f.copy_span is not None:
            assert cpy.text[f.copy_span.start : f.copy_span.end] == f.copy_span.text
    return pair


def of_type(
    pair: AlignedPair, type_: FindingType | str, min_severity: Severity = Severity.MINOR
) -> list[Finding]:
    """Findings of one type at or above a severity."""
    wanted = FindingType(type_)
    return [f for f in pair.findings if f.type is wanted and f.severity >= min_severity]


def span_text(finding: Finding, side: str) -> str | None:
    span = finding.source_span if side == "source" else finding.copy_span
    return None if span is None else span.text
