"""The negation detector on short news-like pairs: what it flags, at what severity, on which words.

Every case is analysed as one aligned group (see ``conftest.analyse``), which also checks
that each span's text is the slice of its document it claims to be.
"""

from __future__ import annotations

from conftest import detector_tests

from drift.ingest import document_from_text
from drift.values import FindingType, Severity

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

# (id, source, copy, type, severity, source span text, copy span text)
POSITIVE = [
    (
        "negation-added-to-a-synonym-of-the-source-verb",
        "Last year, the Supreme Court stopped the attempt to add the question.",
        "Last year, the Supreme Court did not block the attempt to add the question.",
        "negation",
        C,
        None,
        "not block",
    ),
    (
        "negation-added-in-a-reordered-clause",
        "The Colosseum in Rome was reopened on June 1 local time.",
        "On June 1, local time, the Colosseum did not reopen in Rome.",
        "negation",
        C,
        None,
        "not reopen",
    ),
    (
        "negation-able-unable",
        "Rescuers were able to reach the village on Sunday.",
        "Rescuers were unable to reach the village on Sunday.",
        "negation",
        C,
        "able",
        "unable",
    ),
    (
        "negation-agreed-refused",
        "The union agreed to sign the pay deal.",
        "The union refused to sign the pay deal.",
        "negation",
        C,
        None,
        "refused to sign",
    ),
    (
        "negation-added-beside-an-unchanged-antonym",
        "The mayor allowed the parade but forbade the rally.",
        "The mayor did not allow the parade but forbade the rally.",
        "negation",
        C,
        None,
        "not allow",
    ),
    (
        "negation-dropped",
        "The council did not approve the new stadium.",
        "The council approved the new stadium.",
        "negation",
        C,
        "not approve",
        "approved",
    ),
    (
        "negation-never-dropped",
        "The company has never paid a dividend.",
        "The company has paid a dividend.",
        "negation",
        C,
        "never paid",
        "paid",
    ),
    (
        "negation-added",
        "The council approved the plan.",
        "The council did not approve the plan.",
        "negation",
        C,
        None,
        "not approve",
    ),
    (
        "negation-prefix-likely",
        "A ceasefire is likely before the holiday.",
        "A ceasefire is unlikely before the holiday.",
        "negation",
        C,
        "likely",
        "unlikely",
    ),
    (
        "negation-prefix-legal",
        "The plan was legal, the court ruled.",
        "The plan was illegal, the court ruled.",
        "negation",
        C,
        "legal",
        "illegal",
    ),
    (
        "negation-prefix-fair",
        "The ruling was fair, lawyers said.",
        "The ruling was unfair, lawyers said.",
        "negation",
        C,
        "fair",
        "unfair",
    ),
    (
        "negation-antonym-verb",
        "Exports rose sharply in the third quarter.",
        "Exports fell sharply in the third quarter.",
        "negation",
        C,
        "rose",
        "fell",
    ),
    (
        "negation-antonym-adjective-cluster",
        "The storm caused huge losses for farmers.",
        "The storm caused tiny losses for farmers.",
        "negation",
        C,
        "huge",
        "tiny",
    ),
    (
        "negation-antonym-direction-noun",
        "Fighting was heaviest in the north of the province, residents said.",
        "Fighting was heaviest in the south of the province, residents said.",
        "negation",
        C,
        "north",
        "south",
    ),
    (
        "negation-far-from-dropped",
        "Singh and his friends are far from alone.",
        "Singh and his friends are alone.",
        "negation",
        C,
        "far from alone",
        None,
    ),
]

# (id, source, copy, type that must not appear at major or above)
NEGATIVE = [
    # a negated clause whose verb is new, not a synonym of a source word, is an addition
    (
        "negation-new-clause-with-a-new-verb",
        "The company reported a loss in March.",
        "The company reported a loss in March and did not explain it.",
        "negation",
    ),
    # the copy still says the source word by a synonym: the antonym belongs elsewhere
    (
        "negation-antonym-source-word-kept-by-a-synonym",
        "The wealthy eat the white variety; less well-off consumers tend to eat the red.",
        "The rich eat the white variety; poorer people usually eat the red.",
        "negation",
    ),
    # a negation cut with its own clause is an omission, not a reversed claim
    (
        "negation-cut-with-its-clause",
        "Prices were high in May, and the strike is not over yet, the union said.",
        "Prices were high in May, the union said.",
        "negation",
    ),
    # a noun's prefixed form elsewhere in the copy is not a one-word negation
    (
        "negation-contraction-spelled-out-beside-a-prefixed-noun",
        "Elective office isn't a predictable course, and events shape our conversation.",
        "Elected office is not a predictable route, and events shape our discourse.",
        "negation",
    ),
    (
        "negation-told-by-a-prefix",
        "The city wasn't prepared for the storm surge.",
        "The city was ill-prepared for the storm surge.",
        "negation",
    ),
    (
        "negation-not-equipped-unequipped",
        "The hospital was not equipped for the surge.",
        "The hospital was unequipped for the surge.",
        "negation",
    ),
    (
        "negation-merism",
        "He thanked all previous and current members of the band.",
        "He thanked all members of the band, past and present.",
        "negation",
    ),
    # negation: the negation is kept
    (
        "negation-contraction",
        "The president will not attend the summit.",
        "The president won't attend the summit.",
        "negation",
    ),
    (
        "negation-kept",
        "The suspect was not armed, police said.",
        "The suspect was not carrying a weapon, police said.",
        "negation",
    ),
    (
        "negation-antonym-under-negation",
        "The harvest was good this year.",
        "The harvest was not bad this year.",
        "negation",
    ),
    (
        "negation-hyphenated-prefix",
        "Protesters marched non-violently through the city.",
        "Protesters marched nonviolently through the city.",
        "negation",
    ),
    (
        "negation-other-change",
        "The board did not approve the merger on Monday.",
        "The board did not approve the merger on Wednesday.",
        "negation",
    ),
    # a negative implicative verb is a negation said another way
    (
        "negation-failed-to",
        "The minister failed to attend the meeting on Monday.",
        "The minister did not attend the meeting on Monday.",
        "negation",
    ),
    (
        "negation-refused-to",
        "The union refused to sign the pay deal.",
        "The union would not sign the pay deal.",
        "negation",
    ),
    (
        "negation-unable-to",
        "Reporters could not independently verify the figures.",
        "Reporters were unable to independently verify the figures.",
        "negation",
    ),
    # a negated word against its WordNet antonym: one claim (not X = the antonym of X)
    (
        "negation-not-allow-as-forbid",
        "The rules forbid the export of raw grain, only allowing processed goods.",
        "The rules do not allow the export of raw grain, only processed goods.",
        "negation",
    ),
    (
        "negation-without-as-lacking",
        "Pupils lacking qualifications can still apply for the course.",
        "Pupils without qualifications can still apply for the course.",
        "negation",
    ),
    # a negation that went with its whole sentence does not unbalance the ones kept
    (
        "negation-cut-with-its-sentence",
        "We pour data into archives without checking them. What we don\u2019t know is how long files last.",
        "What we dont know is how long files last.",
        "negation",
    ),
    # negation told by a phrase, or written with a typographic apostrophe
    (
        "negation-far-from-as-not",
        "The man's story would be remarkable but far from unique.",
        "The man's story would be remarkable but not unique.",
        "negation",
    ),
    (
        "negation-rather-than-as-not",
        "The tests measure emissions in traffic rather than in ideal conditions.",
        "The tests measure emissions in traffic, not in ideal conditions.",
        "negation",
    ),
    (
        "negation-curly-apostrophe",
        "Further back in the queue, Christine Ball, 62, wasn\u2019t impressed.",
        "Further back in the queue, Christine Ball, 62, wasn't impressed.",
        "negation",
    ),
    (
        "negation-apostrophe-lost",
        "Further back in the queue, Christine Ball, 62, wasn\u2019t impressed.",
        "Further back in the queue, Christine Ball, 62, wasnt impressed.",
        "negation",
    ),
]


test_positive, test_at_least_two_positive_cases, test_negative = detector_tests(POSITIVE, NEGATIVE)


def test_antonym_skipped_when_the_source_word_moved_to_another_copy_sentence(fast_checker) -> None:
    """ "southern" left this sentence for another one of the copy: "north" here says something else."""

    src = document_from_text(
        "source",
        "Rebels said they had seized the southern city of Daraa after a deal to give army officers "
        "safe passage to the capital Damascus.",
    )
    moved = (
        "Rebels said they had captured the southern city of Daraa. A deal gives army officers safe "
        "passage to the capital Damascus, about 100 kilometers north."
    )
    cpy = document_from_text("copy", moved)
    assert len(cpy.sentences) == 2
    pair = fast_checker.analyse_pair(src, cpy, [0], [1], 0.8)
    assert not [f for f in pair.findings if f.rule == "negation.antonym"], [
        f.to_json() for f in pair.findings
    ]
    alone = document_from_text("copy", moved.split(". ")[1])
    pair = fast_checker.analyse_pair(src, alone, [0], [0], 0.8)
    assert [f.rule for f in pair.findings if f.type is FindingType.NEGATION] == ["negation.antonym"]


MOVED_PREFIXED = (
    "The minister said the payment was disclosed after two days of talks.",
    "After two days of talks, the payment was undisclosed, the minister said.",
)


def test_prefixed_antonym_found_through_the_word_alignment(model_checker) -> None:
    """The clause moved, so the word diff does not put "undisclosed" in the place of
    "disclosed", and WordNet has no antonym pointer between them; the alignment of the
    real encoder links them, and the reversal is reported."""
    src, cpy = (document_from_text(n, t) for n, t in zip(("source", "copy"), MOVED_PREFIXED, strict=True))
    pair = model_checker.analyse_pair(src, cpy, [0], [0], 0.8)
    got = [(f.source_span.text, f.copy_span.text) for f in pair.findings if f.rule == "negation.antonym"]
    assert got == [("disclosed", "undisclosed")], [f.to_json() for f in pair.findings]


def test_prefixed_antonym_needs_the_alignment_when_the_words_moved(fast_checker) -> None:
    """Without word-piece vectors (the hashing encoder) the moved pair is not guessed."""
    src, cpy = (document_from_text(n, t) for n, t in zip(("source", "copy"), MOVED_PREFIXED, strict=True))
    pair = fast_checker.analyse_pair(src, cpy, [0], [0], 0.8)
    assert not [f for f in pair.findings if f.rule == "negation.antonym"]
