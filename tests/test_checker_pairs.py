"""What the checker does with a pair as a whole: harmless edits, status, overlapping findings.

Every case is analysed as one aligned group (see ``conftest.analyse``), which also checks
that each span's text is the slice of its document it claims to be.
"""

from __future__ import annotations

import pytest
from conftest import analyse

from drift.detectors import resolve_overlaps
from drift.values import Finding, FindingType, PairStatus, Severity, Span

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

# Harmless edits that must not produce any finding at all.
CLEAN = [
    (
        "us-initialism",
        "U.S. officials confirmed the sanctions on Friday.",
        "US officials confirmed the sanctions on Friday.",
    ),
    (
        "ras-al-ain",
        "Shelling hit Ras al-Ain overnight, residents said.",
        "Shelling hit Ras el-Ain overnight, residents said.",
    ),
    (
        "more-than-over",
        "More than 500 homes were destroyed in the fire.",
        "Over 500 homes were destroyed in the fire.",
    ),
    ("km", "The convoy travelled 30 km to the border.", "The convoy travelled 30 kilometres to the border."),
    (
        "curly-quotes",
        '"We will not surrender the city," the mayor said.',
        "“We will not surrender the city,” the mayor said.",
    ),
    (
        "backshift",
        "The ministry said it will review the decision.",
        "The ministry said it would review the decision.",
    ),
    (
        "told-reporters",
        "The mayor said the water was safe to drink.",
        "The mayor told reporters the water was safe to drink.",
    ),
    ("article", "The fire spread to nearby houses.", "The fire spread to the nearby houses."),
    ("synonym-no-lm", "Rebels seized the airport on Sunday.", "Rebels captured the airport on Sunday."),
]


@pytest.mark.parametrize(("source", "copy"), [pytest.param(*case[1:], id=case[0]) for case in CLEAN])
def test_harmless_edit_has_no_findings(fast_checker, source, copy) -> None:
    pair = analyse(fast_checker, source, copy)
    assert pair.findings == ()
    assert pair.status in (PairStatus.EDITED, PairStatus.IDENTICAL)


# ---------------------------------------------------------------- status


def test_identical_sentences(fast_checker) -> None:
    text = "Firefighters arrived within minutes. The blaze was out by noon, officials said."
    pair = analyse(fast_checker, text, text)
    assert pair.status is PairStatus.IDENTICAL
    assert pair.findings == ()


@pytest.mark.parametrize(
    ("source", "copy"),
    [
        ("The defence ministry organised the parade.", "The defense ministry organized the parade."),
        ("The centre of the city was colourful.", "The center of the city was colorful."),
        ("The hospital treated 20 patients.", "The hospital treated twenty patients."),
        ("Talks were held in the U.S. capital.", "Talks were held in the US capital."),
    ],
    ids=["defence-organised", "centre-colour", "number-word", "initialism"],
)
def test_house_style_only_is_identical(fast_checker, source, copy) -> None:
    pair = analyse(fast_checker, source, copy)
    assert pair.status is PairStatus.IDENTICAL
    assert pair.findings == ()


# ---------------------------------------------------------------- resolve_overlaps


def test_overlapping_qualifier_findings_resolve_to_one(fast_checker) -> None:
    # "allegedly" is both a dropped qualifier and a dropped detail; one finding remains.
    pair = analyse(
        fast_checker,
        "The man allegedly stole three paintings from the museum.",
        "The man stole three paintings from the museum.",
    )
    assert len(pair.findings) == 1
    assert pair.findings[0].source_span.text == "allegedly"


def _f(type_: FindingType, sev: Severity, start: int, end: int, text: str, why: str = "x") -> Finding:
    return Finding(type_, sev, Span(start, end, text), None, why)


def test_resolve_overlaps_keeps_one_finding_per_span() -> None:
    number = _f(FindingType.NUMBER, C, 10, 12, "45")
    omission = _f(FindingType.OMISSION, m, 10, 12, "45")
    addition = _f(FindingType.ADDITION, M, 11, 14, "5 p")
    duplicate = _f(FindingType.NUMBER, C, 10, 12, "45")
    kept = resolve_overlaps([omission, addition, number, duplicate])
    assert kept == [number]


def test_resolve_overlaps_keeps_the_more_severe_of_one_type() -> None:
    soft = _f(FindingType.OMISSION, m, 4, 13, "allegedly", "the qualifier was dropped")
    hard = _f(FindingType.OMISSION, M, 4, 19, "allegedly stole", "a clause was dropped")
    assert resolve_overlaps([soft, hard]) == [hard]


def test_resolve_overlaps_never_drops_hard_types_or_disjoint_spans() -> None:
    entity = _f(FindingType.ENTITY, C, 0, 5, "Lopez")
    negation = _f(FindingType.NEGATION, C, 2, 6, "pez ")
    modality = _f(FindingType.MODALITY, M, 20, 25, "could")
    attribution = _f(FindingType.ATTRIBUTION, M, 22, 26, "uld ")
    kept = resolve_overlaps([attribution, modality, negation, entity])
    assert set(kept) == {entity, negation, modality}
    assert kept == sorted(kept, key=Finding.sort_key)
