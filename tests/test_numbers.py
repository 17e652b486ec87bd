from __future__ import annotations

import pytest

from drift.text.numbers import (
    NumberDiff,
    NumberMention,
    changed_codes,
    compare_numbers,
    find_codes,
    find_numbers,
    match_counted,
    same_number,
)


def one(text: str) -> NumberMention:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


def diff(a: str, b: str) -> NumberDiff:
    return compare_numbers(find_numbers(a), find_numbers(b))


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind"),
    [
        ("The flood displaced 84,000 families.", 84_000, None, "cardinal"),
        ("The flood displaced 84 000 families.", 84_000, None, "cardinal"),
        ("The flood displaced 84k families.", 84_000, None, "cardinal"),
        ("The fund holds 1.2 million euros.", 1_200_000, "eur", "money"),
        ("Nineteen miners were rescued.", 19, None, "cardinal"),
        ("Officials counted a million ballots.", 1_000_000, None, "cardinal"),
        ("Officials counted one hundred and five ballots.", 105, None, "cardinal"),
        ("Officials counted 1,000,000 ballots.", 1_000_000, None, "cardinal"),
        ("The bridge is 12km long.", 12, "km", "quantity"),
        ("The bridge is 12 kilometers long.", 12, "km", "quantity"),
        ("The trail runs for 8 miles.", 8, "mile", "quantity"),
        ("The port handles 3 million tonnes a year.", 3_000_000, "tonne", "quantity"),
        ("The deal is worth $4.5bn.", 4_500_000_000, "usd", "money"),
        ("The deal is worth US$4.5 billion.", 4_500_000_000, "usd", "money"),
        ("The deal is worth 4.5 billion dollars.", 4_500_000_000, "usd", "money"),
        ("The airline lost £300m.", 300_000_000, "gbp", "money"),
        ("Turnout reached 62%.", 62, "percent", "percent"),
        ("Turnout reached 62 per cent.", 62, "percent", "percent"),
        ("Rates rose by 2 percentage points.", 2, "pp", "percent"),
        ("It finished in 21st place.", 21, None, "ordinal"),
        ("It was the twenty-third attempt.", 23, None, "ordinal"),
        ("Temperatures fell to -12 overnight.", -12, None, "cardinal"),
        ("A 40m-high crane collapsed.", 40, "m", "quantity"),
        ("The blaze reached 45°C inside the depot.", 45, "celsius", "quantity"),
        ("The talks began in 2019.", 2019, None, "year"),
        ("The factory opened in the 1970s.", 1970, None, "year"),
        ("The ferry leaves at 6.45pm.", 18.75, None, "time"),
        ("The ferry leaves at 18:45.", 18.75, None, "time"),
    ],
)
def test_find_numbers_values(text: str, value: float, unit: str | None, kind: str) -> None:
    m = one(text)
    assert m.value == pytest.approx(value)
    assert m.unit == unit
    assert m.kind == kind
    assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("More than 90 flights were cancelled.", "gt"),
        ("Over 90 flights were cancelled.", "gt"),
        ("In excess of 90 flights were cancelled.", "gt"),
        ("At least 90 flights were cancelled.", "ge"),
        ("No fewer than 90 flights were cancelled.", "ge"),
        ("90 or more flights were cancelled.", "ge"),
        ("Fewer than 90 flights were cancelled.", "lt"),
        ("Under 90 flights were cancelled.", "lt"),
        ("Up to 90 flights were cancelled.", "le"),
        ("No more than 90 flights were cancelled.", "le"),
        ("About 90 flights were cancelled.", "about"),
        ("Roughly 90 flights were cancelled.", "about"),
        ("Some 90 flights were cancelled.", "about"),
        ("Nearly 90 flights were cancelled.", "about_below"),
        ("Almost 90 flights were cancelled.", "about_below"),
        ("Just over 90 flights were cancelled.", "gt"),
        ("The airline cancelled 90 flights.", None),
    ],
)
def test_qualifiers(text: str, approx: str | None) -> None:
    assert one(text).approx == approx


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("The vote is on March 4, 2025.", (2025, 3, 4)),
        ("The vote is on 4 March 2025.", (2025, 3, 4)),
        ("The vote is on 2025-03-04.", (2025, 3, 4)),
        ("The vote is on Mar. 4.", (None, 3, 4)),
        ("The vote is on 4th of March.", (None, 3, 4)),
        ("The vote is in March 2025.", (2025, 3, None)),
    ],
)
def test_dates(text: str, date: tuple[int | None, int | None, int | None]) -> None:
    m = one(text)
    assert m.kind == "date"
    assert m.date == date


def test_weekday_is_a_date_with_weekday() -> None:
    m = one("The strike starts on Thursday.")
    assert (m.kind, m.weekday, m.date) == ("date", 3, (None, None, None))


def test_lowercase_may_is_not_a_month() -> None:
    assert [m.kind for m in find_numbers("Ministers may 3 times reject it")] == ["cardinal"]


def test_range_is_two_mentions() -> None:
    values = [m.value for m in find_numbers("Between 10 and 12 people, or 15-20 in all.")]
    assert values == [10, 12, 15, 20]


def test_model_designations_and_non_numbers_are_skipped() -> None:
    assert find_numbers("An F-35 and a 3D printer were seen.") == []
    assert find_numbers("No one answered; they blamed one another.") == []


def test_duration_is_cardinal_and_second_as_unit_is_not_ordinal() -> None:
    assert [(m.value, m.kind) for m in find_numbers("He left 13 years ago.")] == [(13, "cardinal")]
    assert find_numbers("It lasted a second.") == []
    assert one("It was the second blast.").kind == "ordinal"


def test_offsets_cover_text() -> None:
    text = "On Jan. 9 some 1.5 million voters, about 40%, paid €12 each at 9am."
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text


def test_same_number_ignores_qualifier_and_checks_unit() -> None:
    assert same_number(one("more than 70 km"), one("70 kilometres"))
    assert not same_number(one("70 km"), one("70 miles"))
    assert not same_number(one("70 km"), one("71 km"))
    assert same_number(one("70 km"), one("71 km"), rel_tol=0.02)
    assert same_number(one("in 2019"), one("2,019"))
    assert not same_number(one("the 3rd"), one("3"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The quake killed more than 2,300 people.", "The quake killed over 2,300 people."),
        ("The quake killed more than 2,300 people.", "The quake killed in excess of 2,300 people."),
        ("About 2 million people fled.", "About two million people fled."),
        ("About 2 million people fled.", "About 2,000,000 people fled."),
        ("A million people fled.", "One million people fled."),
        ("Fourteen crew survived.", "14 crew survived."),
        ("A 25km exclusion zone (15 miles).", "A 25 km exclusion zone (15 miles)."),
        ("A 25km exclusion zone.", "A 25-kilometre exclusion zone."),
        ("A $3bn loan was agreed.", "A 3 billion dollar loan was agreed."),
        ("A $3bn loan was agreed.", "A US$3 billion loan was agreed."),
        ("Inflation hit 8%.", "Inflation hit 8 per cent."),
        ("Inflation hit 8%.", "Inflation hit 8 percent."),
        ("The summit opens on Nov. 12.", "The summit opens on 12 November."),
        ("The summit opens on Nov 12.", "The summit opens on November 12."),
        ("It was signed on 2023-05-17.", "It was signed on May 17, 2023."),
        ("It was signed on 17 May 2023.", "It was signed on May 17, 2023."),
        ("It was signed on 17 May 2023.", "It was signed on 17 May."),
        ("The crowd was 48,000 strong.", "The crowd was 48k strong."),
        ("The crowd was 48,000 strong.", "The crowd was 48 000 strong."),
    ],
)
def test_equivalent_versions_report_nothing(a: str, b: str) -> None:
    d = diff(a, b)
    assert not d, d


def test_changed_value() -> None:
    d = diff("The storm left more than 41,000 homes without power.", "The storm left more than 14,000 homes.")
    assert [(s.value, c.value) for s, c in d.changed] == [(41_000, 14_000)]
    assert not d.missing and not d.added and not d.qualifier_changed


def test_qualifier_changed() -> None:
    d = diff("At least 75 rebels surrendered.", "75 rebels surrendered.")
    assert [(s.approx, c.approx) for s, c in d.qualifier_changed] == [("ge", None)]
    assert not d.changed
    d = diff("More than 600 were evacuated.", "About 600 were evacuated.")
    assert [(s.approx, c.approx) for s, c in d.qualifier_changed] == [("gt", "about")]


def test_changed_unit_and_currency() -> None:
    d = diff("The wall is 9 km long.", "The wall is 9 miles long.")
    assert len(d.changed) == 1
    d = diff("It costs $2bn.", "It costs €2bn.")
    assert len(d.changed) == 1


def test_changed_date() -> None:
    d = diff("Polls close on 3 June 2024.", "Polls close on June 4, 2024.")
    assert [(s.date, c.date) for s, c in d.changed] == [((2024, 6, 3), (2024, 6, 4))]


def test_missing_and_added() -> None:
    d = diff("Five soldiers and 12 civilians died.", "Five soldiers died.")
    assert [m.value for m in d.missing] == [12] and not d.changed and not d.added
    d = diff("Five soldiers died.", "Five soldiers died on Tuesday.")
    assert [m.weekday for m in d.added] == [1] and not d.missing


def test_alignment_keeps_order() -> None:
    d = diff(
        "Of 300 detainees, 120 were freed and 40 charged.",
        "Of 300 detainees, 150 were freed and 40 charged.",
    )
    assert [(s.value, c.value) for s, c in d.changed] == [(120, 150)]
    assert not d.missing and not d.added


def test_kinds_do_not_pair_across_types() -> None:
    d = diff("Turnout was 55%.", "Turnout was 55 million.")
    assert not d.changed
    assert [m.kind for m in d.missing] == ["percent"]
    assert [m.kind for m in d.added] == ["cardinal"]


def test_decade_of_age_is_a_figure_and_a_century_decade_a_year() -> None:
    (age,) = find_numbers("A woman in her 40s was infected.")
    assert (age.value, age.unit) == (40, "decade")
    (years,) = find_numbers("Prices rose through the 1970s.")
    assert years.kind == "year"
    assert len(diff("A man in his 40s.", "A man in his 30s.").changed) == 1


def test_unknown_glued_unit_is_kept_but_one_letter_is_a_code() -> None:
    (speed,) = find_numbers("a throughput of 600Mbit/s.")
    assert (speed.value, speed.unit, speed.text) == (600, "mbit", "600Mbit/s")
    assert find_numbers("compatible with 802.11b and 802.11n") == []
    assert [m.value for m in find_numbers("It cost $1.5m.")] == [1_500_000]


def test_codes_are_words_mixing_letters_and_digits() -> None:
    text = "The F-35 and the 30km range of strain H5N1 in 2024."
    assert [c.text for c in find_codes(text)] == ["F-35", "H5N1"]


def test_changed_code_needs_the_same_letters() -> None:
    pairs = changed_codes(
        find_codes("a test for Covid-19 and the A380"), find_codes("a test for Covid-22 and the A380")
    )
    assert [(a.text, b.text) for a, b in pairs] == [("Covid-19", "Covid-22")]
    assert changed_codes(find_codes("the F-35 jet"), find_codes("the MiG-35 jet")) == []
    assert changed_codes(find_codes("the F-35 jet"), find_codes("the F35 jet")) == []


def test_moved_figure_counting_the_same_noun_is_changed() -> None:
    src = "She won all four tests three weeks ago at the first tournament."
    cpy = "She won all four tests at the first tournament four weeks ago."
    d = compare_numbers(find_numbers(src), find_numbers(cpy))
    match_counted(d, src, cpy)
    assert [(a.text, b.text) for a, b in d.changed] == [("three", "four")]
    assert not d.missing and not d.added


def test_moved_figures_counting_different_nouns_stay_apart() -> None:
    src = "Three people died after 12 hours of rain."
    cpy = "After 12 hours of rain, five houses collapsed."
    d = compare_numbers(find_numbers(src), find_numbers(cpy))
    assert [m.text for m in d.missing] == ["Three"] and [m.text for m in d.added] == ["five"]
    match_counted(d, src, cpy)
    assert not d.changed


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("£2.6m", "2.6 million pounds", True),
        ("5 million pounds", "£5m", True),
        ("Rs 50 crore", "500 million rupees", True),
        ("₹3 lakh", "300,000 rupees", True),
        ("CHF 40 million", "40 million Swiss francs", True),
        ("JPY 5bn", "5 billion yen", True),
        ("£5m", "€5m", False),
        ("Rs 50 crore", "50 million rupees", False),
        ("5 pounds of flour", "5 kg of flour", False),
    ],
)
def test_money_in_every_notation(a: str, b: str, same: bool) -> None:
    (na,), (nb,) = find_numbers(a), find_numbers(b)
    assert same_number(na, nb) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("more than 272.000 infections", "more than 272,000 infections", True),  # European grouping
        ("2.600 euros", "2,600 euros", True),
        ("2.600 euros", "2.6 euros", True),  # or a decimal written with its zeros
        ("272.000 infections", "272,500 infections", False),
        ("1.5 million", "1,500 million", False),  # one decimal digit is no grouping
    ],
)
def test_points_may_group_thousands(a: str, b: str, same: bool) -> None:
    assert same_number(find_numbers(a)[0], find_numbers(b)[0]) is same


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("of which about one-third is covered", "one-third", 1 / 3),
        ("of which about a third is water", "a third", 1 / 3),
        ("a third of voters stayed home", "a third", 1 / 3),
        ("two-thirds of voters", "two-thirds", 2 / 3),
        ("three quarters of the cost", "three quarters", 0.75),
        ("a quarter of the budget", "a quarter", 0.25),
        ("one fifth of the land", "one fifth", 0.2),
    ],
)
def test_fractions_in_words_are_their_value(text: str, mention: str, value: float) -> None:
    (m,) = find_numbers(text)
    assert m.text == mention
    assert m.value == pytest.approx(value)


@pytest.mark.parametrize("text", ["he won a third term", "for a third time", "the third day"])
def test_an_ordinal_after_a_or_the_stays_an_ordinal(text: str) -> None:
    (m,) = find_numbers(text)
    assert (m.text, m.value, m.kind) == ("third", 3.0, "ordinal")


def test_one_third_and_a_third_are_the_same_figure() -> None:
    (a,) = find_numbers("about one-third is marsh")
    (b,) = find_numbers("about a third is swamp")
    (c,) = find_numbers("about two-thirds is swamp")
    assert same_number(a, b)
    assert not same_number(a, c)


@pytest.mark.parametrize(("source", "copy"), [("in March", "in 2011"), ("on 29 May", "in 2012")])
def test_dates_that_name_different_parts_do_not_pair(source: str, copy: str) -> None:
    diff = compare_numbers(find_numbers(source), find_numbers(copy))
    assert diff.changed == []
    assert [m.text for m in diff.missing] == [source.split(" ", 1)[1]]
    assert [m.text for m in diff.added] == [copy.split(" ", 1)[1]]


def test_relative_dates_of_one_scale_compare_by_step() -> None:
    same = compare_numbers(
        find_numbers("Profits fell last year."), find_numbers("Profits fell the previous year.")
    )
    assert not same
    changed = compare_numbers(find_numbers("It rose this month."), find_numbers("It rose this year."))
    assert [(a.text, b.text) for a, b in changed.changed] == [("this month", "this year")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Tens of thousands of people marched.", 1e4),
        ("Thousands of people marched.", 1e3),
        ("Hundreds were killed.", 1e2),
        ("Dozens of people were hurt.", 10.0),
        ("Tens of people were hurt.", 10.0),
        ("Several hundred people were hurt.", 1e2),
        ("The deal is worth hundreds of millions.", 1e8),
    ],
)
def test_an_order_of_magnitude_is_a_figure(text: str, value: float) -> None:
    m = one(text)
    assert m.value == value and m.approx == "order"


def test_scores_and_tens_count_only_before_of() -> None:
    assert find_numbers("Test scores rose in every school.") == []
    assert find_numbers("Tens of people gathered.") and find_numbers("Scores of people gathered.")
