"""The number detector on short news-like pairs: what it flags, at what severity, on which words.

Every case is analysed as one aligned group (see ``conftest.analyse``), which also checks
that each span's text is the slice of its document it claims to be.
"""

from __future__ import annotations

from conftest import analyse, detector_tests, expect_one, of_type

from drift.values import Severity

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

# (id, source, copy, type, severity, source span text, copy span text)
POSITIVE = [
    (
        "number-order-of-magnitude-changed",
        "Tens of thousands of people marched through the capital on Saturday.",
        "Thousands of people marched through the capital on Saturday.",
        "number",
        C,
        "Tens of thousands",
        "Thousands",
    ),
    (
        "number-relative-day-changed",
        "The minister resigned yesterday, his office said.",
        "The minister resigned today, his office said.",
        "number",
        C,
        "yesterday",
        "today",
    ),
    (
        "number-relative-week-changed",
        "The president will visit Kenya next week.",
        "The president will visit Kenya last week.",
        "number",
        C,
        "next week",
        "last week",
    ),
    (
        "number-relative-scale-changed",
        "Police arrested him earlier this month.",
        "Police arrested him earlier this year.",
        "number",
        C,
        "this month",
        "this year",
    ),
    (
        "number-bare-month-changed",
        "The vote is due in March, officials said.",
        "The vote is due in May, officials said.",
        "number",
        C,
        "March",
        "May",
    ),
    (
        "number-part-of-day-changed",
        "The blast happened on Tuesday morning near the port.",
        "The blast happened on Tuesday evening near the port.",
        "number",
        C,
        "morning",
        "evening",
    ),
    (
        "number-score-changed-in-an-ascii-copy",
        "Dancevic ended up losing 7–6, 6–3, 6–4 to Raonic’s rival.",
        "Dancevic ended up losing 75, 63, 64 to Raonics rival.",
        "number",
        C,
        "7",
        "75",
    ),
    (
        "number-moved-and-changed",
        "The festival will be held for three days from the 25th.",
        "The festival will be held from the 25th for four days.",
        "number",
        C,
        "three",
        "four",
    ),
    (
        "number-code",
        "The airline will fly the A350 on the route from March.",
        "The airline will fly the A380 on the route from March.",
        "number",
        C,
        "A350",
        "A380",
    ),
    (
        "number-death-toll",
        "The floods killed 45 people in the province.",
        "The floods killed 54 people in the province.",
        "number",
        C,
        "45",
        "54",
    ),
    (
        "number-money",
        "The company said revenue rose to $4.5 million last year.",
        "The company said revenue rose to $5.4 million last year.",
        "number",
        C,
        "$4.5 million",
        "$5.4 million",
    ),
    (
        "number-percent",
        "The firm said profits fell by 8 percent.",
        "The firm said profits fell by 18 percent.",
        "number",
        C,
        "8 percent",
        "18 percent",
    ),
    (
        "number-weekday",
        "The board did not approve the merger on Monday.",
        "The board did not approve the merger on Wednesday.",
        "number",
        C,
        "Monday",
        "Wednesday",
    ),
]

# (id, source, copy, type that must not appear at major or above)
NEGATIVE = [
    (
        "number-dozens-as-tens-of",
        "Dozens of people were hurt in the blast, officials said.",
        "Tens of people were hurt in the blast, officials said.",
        "number",
    ),
    (
        "number-several-hundred-as-hundreds",
        "Several hundred workers joined the strike on Monday.",
        "Hundreds of workers joined the strike on Monday.",
        "number",
    ),
    # the same relative date said another way
    (
        "number-last-year-previous-year",
        "Profits fell last year.",
        "Profits fell the previous year.",
        "number",
    ),
    # a month that a date of the copy spells out in full
    ("number-month-and-full-date", "The vote is due in March.", "The vote is due on March 3.", "number"),
    # "May" as a name, "today's" as an adjective
    (
        "number-may-as-a-name",
        "Theresa May said the vote was lost.",
        "Theresa May said the vote had been lost.",
        "number",
    ),
    (
        "number-today-possessive",
        "In today's world, trade is global.",
        "In the world of today, trade is global.",
        "number",
    ),
    # a plain-ASCII feed drops the typographic dash of a score
    (
        "number-score-dash-lost-in-an-ascii-copy",
        "Dancevic ended up losing 7–6, 6–3, 6–4 to Raonic’s rival.",
        "Dancevic ended up losing 76, 63, 64 to Raonics rival.",
        "number",
    ),
    # number: same figure, other wording
    (
        "number-more-than-over",
        "More than 500 homes were destroyed in the fire.",
        "Over 500 homes were destroyed in the fire.",
        "number",
    ),
    (
        "number-km",
        "The convoy travelled 30 km to the border.",
        "The convoy travelled 30 kilometres to the border.",
        "number",
    ),
    (
        "number-percent-sign",
        "The firm said profits fell by 8 percent.",
        "The firm said profits fell by 8%.",
        "number",
    ),
    ("number-word", "The train was delayed by two hours.", "The train was delayed by 2 hours.", "number"),
    # the word "one" alone: a pronoun as often as a count, and a singular says one too
    (
        "number-one-as-pronoun",
        "The bill is a direct challenge to one introduced by Senator Leahy.",
        "The bill is a direct challenge to another bill introduced by Senator Leahy.",
        "number",
    ),
    (
        "number-one-generic-pronoun",
        "But one has to recognise that it is a complex problem.",
        "But we have to recognise that it is a complex problem.",
        "number",
    ),
]


test_positive, test_at_least_two_positive_cases, test_negative = detector_tests(POSITIVE, NEGATIVE)


def test_span_offsets_in_a_later_sentence(fast_checker) -> None:
    source = "Firefighters arrived quickly. The blaze killed 45 people, officials said."
    copy = "Firefighters arrived quickly. The blaze killed 54 people, officials said."
    pair = analyse(fast_checker, source, copy)
    f = expect_one(pair, "number", C, "45", "54")
    assert (f.source_span.start, f.source_span.end) == (source.index("45"), source.index("45") + 2)
    assert (f.copy_span.start, f.copy_span.end) == (copy.index("54"), copy.index("54") + 2)


def test_qualifier_changed_is_a_major_number_finding(fast_checker) -> None:
    pair = analyse(fast_checker, "More than 500 homes were destroyed.", "About 500 homes were destroyed.")
    assert [f.severity for f in of_type(pair, "number")] == [M]


def test_a_figure_with_a_unit_that_moved_and_changed_is_a_changed_figure(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "Officials said on Tuesday that the bridge will reopen after repairs costing 4 million dollars.",
        "The bridge will reopen after repairs costing 7 million dollars, officials said on Tuesday.",
    )
    expect_one(pair, "number", C, "4 million dollars", "7 million dollars")
