"""The entity detector on short news-like pairs: what it flags, at what severity, on which words.

Every case is analysed as one aligned group (see ``conftest.analyse``), which also checks
that each span's text is the slice of its document it claims to be.
"""

from __future__ import annotations

import pytest
from conftest import analyse, detector_tests, expect_none, expect_one

from drift.values import FindingType, Severity

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

# (id, source, copy, type, severity, source span text, copy span text)
POSITIVE = [
    (
        "entity-surname",
        "Police named the victim as Maria Lopez, a teacher from Valencia.",
        "Police named the victim as Maria Gomez, a teacher from Valencia.",
        "entity",
        C,
        "Maria Lopez",
        "Maria Gomez",
    ),
    (
        "entity-swapped-in-reworded-sentence",
        "The talks on Monday were led by Maria Lopez, the envoy.",
        "Peter Novak, the envoy, led the talks on Monday.",
        "entity",
        C,
        "Maria Lopez",
        "Peter Novak",
    ),
    (
        "entity-place-swapped-in-reworded-sentence",
        "Exports from Portugal rose sharply last year, officials said.",
        "Officials said that last year exports from Chile increased sharply.",
        "entity",
        C,
        "Portugal",
        "Chile",
    ),
    (
        "entity-city",
        "The minister flew to Lisbon on Tuesday for talks.",
        "The minister flew to Madrid on Tuesday for talks.",
        "entity",
        C,
        "Lisbon",
        "Madrid",
    ),
    (
        "entity-capital",
        "The senator met the delegation in Ottawa.",
        "The senator met the delegation in Toronto.",
        "entity",
        C,
        "Ottawa",
        "Toronto",
    ),
    (
        "entity-org",
        "The strike was called by Unite, the union said.",
        "The strike was called by Unison, the union said.",
        "entity",
        C,
        "Unite",
        "Unison",
    ),
]

# (id, source, copy, type that must not appear at major or above)
NEGATIVE = [
    # entity: house style and romanisation variants
    (
        "entity-us-initialism",
        "U.S. officials confirmed the sanctions on Friday.",
        "US officials confirmed the sanctions on Friday.",
        "entity",
    ),
    (
        "entity-arabic-article",
        "Shelling hit Ras al-Ain overnight, residents said.",
        "Shelling hit Ras el-Ain overnight, residents said.",
        "entity",
    ),
    (
        "entity-arabic-article-spaced",
        "Shelling hit Ras al-Ain overnight, residents said.",
        "Shelling hit Ras al Ain overnight, residents said.",
        "entity",
    ),
    (
        "entity-kyiv-kiev",
        "The ambassador arrived in Kyiv on Monday.",
        "The ambassador arrived in Kiev on Monday.",
        "entity",
    ),
    (
        "entity-place-as-its-adjective",
        "Ukraine's grain exports recovered this year despite the attacks.",
        "Ukrainian grain exports recovered this year in spite of the attacks.",
        "entity",
    ),
    (
        "entity-country-in-another-house-style",
        "Britain will send another 500 troops to Estonia, the defence ministry said.",
        "The UK will send another 500 troops to Estonia, the defence ministry said.",
        "entity",
    ),
    (
        "entity-hezbollah",
        "Hezbollah fired rockets across the border.",
        "Hizbollah fired rockets across the border.",
        "entity",
    ),
]


test_positive, test_at_least_two_positive_cases, test_negative = detector_tests(POSITIVE, NEGATIVE)


def test_entity_city_tagged_as_noun(fast_checker) -> None:
    pair = analyse(fast_checker, "Troops entered Homs on Sunday.", "Troops entered Hama on Sunday.")
    expect_one(pair, "entity", C, "Homs", "Hama")


@pytest.mark.model
def test_exonym_in_reworded_sentence_is_not_a_changed_name(model_checker) -> None:
    """A lost and a new name that the encoder reads alike are not paired into a swap."""
    pair = analyse(
        model_checker,
        "The festival will open in Munich on Friday, organisers said.",
        "Organisers said the festival opens on Friday in München.",
    )
    expect_none(pair, "entity")
    assert not [
        f
        for f in pair.findings
        if f.rule.startswith(("omission.entity", "addition.entity")) and f.severity >= M
    ]


@pytest.mark.parametrize(
    ("source", "copy", "old", "new"),
    [
        (
            "The study came from the World Health Organization in Geneva.",
            "The study came from the Fincham Health Organization in Geneva.",
            "World Health Organization",
            "Fincham Health Organization",
        ),
        (
            "Police raided the Baur Au Lac hotel in Zurich on Wednesday.",
            "Police raided the Fincham Au Lac hotel in Zurich on Wednesday.",
            "Baur Au Lac",
            "Fincham Au Lac",
        ),
        (
            "Officials said Yusuf Abu Bakr al-Tamimi had been killed in the raid.",
            "Officials said Yusuf Abu Bakr al-Masri had been killed in the raid.",
            "Yusuf Abu Bakr al-Tamimi",
            "Yusuf Abu Bakr al-Masri",
        ),
    ],
)
def test_a_name_changed_inside_a_longer_name_is_a_changed_name(fast_checker, source, copy, old, new) -> None:
    expect_one(analyse(fast_checker, source, copy), "entity", C, old, new)


def test_a_particle_name_in_another_romanisation_is_not_a_changed_name(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "Officials said Yusuf Abu Bakr al-Tamimi had been killed in the raid.",
        "Officials said Yousef Abu Bakr el-Tamimi had been killed in the raid.",
    )
    expect_none(pair, "entity")


def test_a_common_word_of_a_name_in_another_derived_form_is_the_same_name() -> None:
    from drift.detectors.entity import _derived_variant
    from drift.models.wordnet import load_wordnet

    common = load_wordnet().common
    assert _derived_variant("Electoral Commission", "Election Commission", common)
    assert _derived_variant("Red Culture Festival", "Red Cultural Festival", common)
    assert not _derived_variant("World Health Organization", "Fincham Health Organization", common)
    assert not _derived_variant("Eastern Province", "Western Province", common)
    assert not _derived_variant("Electoral", "Election", common)  # a one-word name may be another


class _CountingDoc:
    """Stands in for a spaCy Doc with no tokens; counts how often its entities are read."""

    def __init__(self) -> None:
        self.user_data: dict[object, object] = {}
        self.reads = 0
        self.text = ""

    @property
    def ents(self):
        self.reads += 1
        return ()

    def __iter__(self):
        return iter(())


def test_mentions_are_worked_out_once_per_doc():
    from drift.detectors.entity import mentions

    doc = _CountingDoc()
    assert mentions(doc) == [] and mentions(doc) == []
    assert doc.reads == 1
    other = _CountingDoc()
    mentions(other)
    assert other.reads == 1


@pytest.mark.parametrize(
    ("source", "copy", "major"),
    [
        # a definite description in apposition takes the name's place: who it was is still told
        (
            "The bottle was found in the catch of Konrad Fischer, the town's mayor, off Kiel.",
            "The bottle was found in the catch of the town's mayor off Kiel.",
            False,
        ),
        # an indefinite one does not tell who
        (
            "The bottle was found in the catch of Konrad Fischer, a fisherman, off Kiel.",
            "The bottle was found by a fisherman off Kiel.",
            True,
        ),
        (
            "Dame Sally Davies, the Chief Medical Officer, has likened the problem to terrorism.",
            "The Chief Medical Officer has compared the problem to terrorism.",
            False,
        ),
        # no description, or one left dangling where the name was cut: the name is missing
        ("The bottle was found by Konrad Fischer off Kiel.", "The bottle was found off Kiel.", True),
        (
            "The bottle was found by Konrad Fischer, the town's mayor, off Kiel.",
            "The bottle was found by, the town's mayor, off Kiel.",
            True,
        ),
    ],
)
def test_a_name_dropped_for_a_definite_description_is_minor(fast_checker, source, copy, major) -> None:
    pair = analyse(fast_checker, source, copy)
    names = [f for f in pair.findings if f.type is FindingType.OMISSION and f.severity >= M]
    assert bool(names) == major, [f.to_json() for f in pair.findings]


def test_a_name_written_with_its_year_is_still_a_name(fast_checker) -> None:
    """The recogniser tags neither "Kukiz'15" nor "Club'15", and neither is all letters: the
    run of proper nouns still reads them, so the swap is a changed name."""
    pair = analyse(
        fast_checker,
        "The new party will join forces with Kukiz'15 movement.",
        "The new party will join forces with the Akasakatei Comedy Club'15 movement.",
    )
    changed = [f for f in pair.findings if f.rule == "entity.changed"]
    assert changed and changed[0].source_span.text == "Kukiz'15", [f.to_json() for f in pair.findings]
