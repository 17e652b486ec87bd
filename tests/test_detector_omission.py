"""The omission detector on short news-like pairs: what it flags, at what severity, on which words.

Every case is analysed as one aligned group (see ``conftest.analyse``), which also checks
that each span's text is the slice of its document it claims to be.
"""

from __future__ import annotations

from conftest import analyse, detector_tests, of_type, span_text

from drift.values import Severity

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

# (id, source, copy, type, severity, source span text, copy span text)
POSITIVE = [
    # a participle whose phrase it governed: the phrase no longer fits the noun
    (
        "omission-governed-phrase-left",
        "Most of the islands are countries related to France, with famous resorts.",
        "Most of the islands are countries to France, with famous resorts.",
        "omission",
        M,
        "related",
        None,
    ),
    # a participle of an event tells more than the phrase it leaves: "seen near" is not "near"
    (
        "omission-perceived-participle",
        "Police arrested the men seen near the bank on Friday.",
        "Police arrested the men near the bank on Friday.",
        "omission",
        M,
        "seen",
        None,
    ),
    (
        "omission-allegedly",
        "The man allegedly stole three paintings from the museum.",
        "The man stole three paintings from the museum.",
        "omission",
        m,
        "allegedly",
        None,
    ),
    (
        "omission-reportedly",
        "Reportedly, the general resigned.",
        "The general resigned.",
        "omission",
        m,
        "Reportedly",
        None,
    ),
    (
        "omission-trimmed-clause",
        "The army withdrew from the village after heavy fighting destroyed the bridge.",
        "The army withdrew from the village.",
        "omission",
        m,
        "after heavy fighting destroyed the bridge",
        None,
    ),
    (
        "omission-name",
        "The plan was approved, said John Carter, a spokesman for the council.",
        "The plan was approved, said a spokesman for the council.",
        "omission",
        M,
        "John Carter",
        None,
    ),
    (
        "omission-date",
        "The hospital treated 20 patients on Monday.",
        "The hospital treated 20 patients.",
        "omission",
        m,
        "Monday",
        None,
    ),
    (
        "omission-condition",
        "The bridge will reopen next week if the repairs are finished in time.",
        "The bridge will reopen next week.",
        "omission",
        M,
        "if the repairs are finished in time",
        None,
    ),
    (
        "omission-restrictive-relative",
        "Police arrested the man who stole the car.",
        "Police arrested the man.",
        "omission",
        M,
        "who stole the car",
        None,
    ),
    (
        "omission-lone-verb",
        "Both acids were found in urine samples of pets who died after eating the food.",
        "Both acids were in urine samples of pets who died after eating the food.",
        "omission",
        M,
        "found",
        None,
    ),
    (
        "omission-dash-parenthesis-trimmed",
        "Many break their fast in the city's new mosque – completed in February amid bitter cold – "
        "for nightly suppers.",
        "Many break their fast in the city's new mosque for nightly suppers.",
        "omission",
        m,
        "completed in February amid bitter cold",
        None,
    ),
    (
        "omission-name-in-trimmed-phrase",
        "Bob Savage, a medieval arms expert from the Royal Armouries who helped identify the wounds, "
        "said it was a knife.",
        "Bob Savage, a medieval weapons expert, said it was a knife.",
        "omission",
        m,
        "from the Royal Armouries who helped identify the wounds",
        None,
    ),
]

# (id, source, copy, type that must not appear at major or above)
NEGATIVE = [
    # a participle of a state that only linked a noun to the phrase the copy keeps
    (
        "omission-stative-participle",
        "The reporter, residing in the US since 2005, announced a new party.",
        "The reporter, in the US since 2005, announced a new party.",
        "omission",
    ),
    (
        "omission-ranging-from",
        "He hopes to address issues ranging from immigration reform to education.",
        "He hopes to address issues from immigration reform to education.",
        "omission",
    ),
    # omission: nothing of substance dropped
    (
        "omission-article",
        "The fire spread to the nearby houses.",
        "The fire spread to nearby houses.",
        "omission",
    ),
    (
        "omission-spelling",
        "The defence ministry organised the parade.",
        "The defense ministry organized the parade.",
        "omission",
    ),
    (
        "omission-paraphrase",
        "The mayor said the water was safe to drink.",
        "The mayor told reporters the water was safe to drink.",
        "omission",
    ),
    # a whole modifier trimmed: the rest of the sentence still says what it said
    (
        "omission-trimmed-participle",
        "Two crews were sent to report on his visit, while a photographer from the agency was embedded.",
        "Two crews were sent to report on his visit.",
        "omission",
    ),
    (
        "omission-trimmed-pp-misattached",
        "In Nepal, kings used to stand on tiger skins in front of stuffed tigers for special occasions.",
        "In Nepal, kings used to stand on tiger skins for special occasions.",
        "omission",
    ),
]


test_positive, test_at_least_two_positive_cases, test_negative = detector_tests(POSITIVE, NEGATIVE)


def test_qualifier_dropped_is_a_minor_omission(fast_checker) -> None:
    pair = analyse(
        fast_checker, "At least 12 miners were trapped underground.", "12 miners were trapped underground."
    )
    found = of_type(pair, "omission")
    assert [f.severity for f in found] == [m]
    assert not of_type(pair, "number")


def test_qualifier_dropped_span_covers_the_qualifier(fast_checker) -> None:
    pair = analyse(
        fast_checker, "At least 12 miners were trapped underground.", "12 miners were trapped underground."
    )
    (f,) = of_type(pair, "omission")
    assert "At least" in f.source_span.text


def test_clause_dropped_in_part_is_the_verb(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "The army withdrew from the village after heavy fighting destroyed the bridge.",
        "The army withdrew from the village after fighting.",
    )
    major = of_type(pair, "omission", M)
    assert [span_text(f, "source") for f in major] == ["destroyed the bridge"]
