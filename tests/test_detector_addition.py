"""The addition detector on short news-like pairs: what it flags, at what severity, on which words.

Every case is analysed as one aligned group (see ``conftest.analyse``), which also checks
that each span's text is the slice of its document it claims to be.
"""

from __future__ import annotations

from conftest import analyse, detector_tests, expect_one, span_text

from drift.values import Severity

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

# (id, source, copy, type, severity, source span text, copy span text)
POSITIVE = [
    (
        "addition-clause-and",
        "The factory closed in March.",
        "The factory closed in March, and the owner fled the country with the pension fund.",
        "addition",
        M,
        None,
        "and the owner fled the country with the pension fund",
    ),
    (
        "addition-clause-after",
        "The bridge reopened on Friday.",
        "The bridge reopened on Friday after engineers repaired the damaged cables.",
        "addition",
        M,
        None,
        "after engineers repaired the damaged cables",
    ),
    (
        "addition-blame",
        "The talks ended without agreement.",
        "The talks ended without agreement, and both delegations blamed the host government.",
        "addition",
        M,
        None,
        "and both delegations blamed the host government",
    ),
    (
        "addition-name",
        "The deal was signed in Geneva.",
        "The deal was signed in Geneva by Anna Petrova.",
        "addition",
        M,
        None,
        "Anna Petrova",
    ),
    (
        "addition-place",
        "The senator met the delegation in Ottawa.",
        "The senator met the delegation in Ottawa, Canada.",
        "addition",
        M,
        None,
        "Canada",
    ),
]

# (id, source, copy, type that must not appear at major or above)
NEGATIVE = [
    # addition: nothing of substance added
    (
        "addition-article",
        "The fire spread to nearby houses.",
        "The fire spread to the nearby houses.",
        "addition",
    ),
    (
        "addition-told-reporters",
        "The mayor said the water was safe to drink.",
        "The mayor told reporters the water was safe to drink.",
        "addition",
    ),
    (
        "addition-number-word",
        "The hospital treated 20 patients.",
        "The hospital treated twenty patients.",
        "addition",
    ),
]


test_positive, test_at_least_two_positive_cases, test_negative = detector_tests(POSITIVE, NEGATIVE)


def test_addition_new_cause_is_a_claim(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "The factory closed in March.",
        "The factory closed in March after workers went on strike over unpaid wages.",
    )
    expect_one(pair, "addition", M, None, "after workers went on strike over unpaid wages")


def test_addition_new_suspicion_is_a_claim(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "Officials said the blast was an accident.",
        "Officials said the blast was an accident, and they suspect the driver was drunk.",
    )
    expect_one(pair, "addition", M, None, "and they suspect the driver was drunk")


def _rules(pair) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.rule for f in pair.findings if f.type.value == "addition"}


def test_a_describing_word_set_into_a_kept_phrase_is_a_qualifier(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "Police said the two men were being held in custody at a station in the north of the city.",
        "Police said the two men were being held in private custody at a station in the north of the city.",
    )
    expect_one(pair, "addition", M, None, "private")
    assert _rules(pair) == {"addition.qualifier"}


def test_the_same_word_in_a_reworded_copy_is_a_detail(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "Police said the two men were being held in custody at a station in the north of the city.",
        "Officers said both suspects were detained in private custody"
        " at a police station in the city's north.",
    )
    private = [f for f in pair.findings if f.type.value == "addition" and span_text(f, "copy") == "private"]
    assert [(f.rule, f.severity) for f in private] == [("addition.detail", m)]
