"""Grammar faults that words cut out of a sentence leave behind (the decision's ``copy_faults``)."""

from __future__ import annotations

import pytest

from drift.detectors.vocabulary import syntax_faults
from drift.pipeline import Checker

# (source, the same sentence with words cut out): the cut leaves a fault the source lacks.
CUT = [
    (
        "The Colosseum in Rome, the capital of Italy, was reopened on June 1.",
        "The Colosseum in Rome, the capital of, was reopened on June 1.",
    ),
    (
        "His research shows that the administration of hormones can speed up lung growth.",
        "His research shows that the of hormones can speed up lung growth.",
    ),
    (
        "Last year the Supreme Court blocked the administration from adding the question.",
        "Last year blocked the administration from adding the question.",
    ),
    (
        "Last month a presidential committee recommended the resignation of the chief.",
        "Last month a presidential recommended the resignation of the chief.",
    ),
]
# (source, a fluent rewording or trim): no fault the source lacks.
REWORDED = [
    (
        "The Colosseum in Rome, the capital of Italy, was reopened on June 1.",
        "On June 1 the Colosseum reopened in Rome, Italy's capital.",
    ),
    (
        "They formed a circle in the middle of the street and sang songs from the struggle.",
        "They sang songs from the struggle.",
    ),
    (
        "The shutdown is estimated to have cost the US $24bn, according to Standard & Poor's.",
        "The shutdown cost the US $24bn.",
    ),
]


@pytest.fixture(scope="module")
def faults(fast_checker: Checker):  # type: ignore[no-untyped-def]
    parser = fast_checker.resources.parser
    return lambda text: syntax_faults(parser(text))


@pytest.mark.parametrize(("source", "copy"), CUT)
def test_words_cut_out_leave_a_fault(faults, source: str, copy: str) -> None:  # type: ignore[no-untyped-def]
    assert faults(copy) > faults(source)


@pytest.mark.parametrize(("source", "copy"), REWORDED)
def test_a_fluent_rewording_adds_no_fault(faults, source: str, copy: str) -> None:  # type: ignore[no-untyped-def]
    assert faults(copy) <= faults(source)
