"""The lexical_meaning detector on short news-like pairs: what it flags, at what severity, on which words.

Every case is analysed as one aligned group (see ``conftest.analyse``), which also checks
that each span's text is the slice of its document it claims to be.
"""

from __future__ import annotations

import pytest
from conftest import analyse, expect_one, of_type, span_text

from drift.values import Severity

C, M, m = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR


LEXICAL_POSITIVE = [
    ("hold-detain", "The army could hold the town.", "The army could detain the town.", "hold", "detain"),
    (
        "charge-accuse",
        "The bank will charge customers a fee.",
        "The bank will accuse customers a fee.",
        "charge",
        "accuse",
    ),
    (
        "run-sprint",
        "Investors fear a run on the bank.",
        "Investors fear a sprint on the bank.",
        "run",
        "sprint",
    ),
]

LEXICAL_NEGATIVE = [
    ("seized-captured", "Rebels seized the airport on Sunday.", "Rebels captured the airport on Sunday."),
    (
        "fired-dismissed",
        "The company fired the manager after the audit.",
        "The company dismissed the manager after the audit.",
    ),
    (
        "arrested-detained",
        "The police arrested the protesters outside parliament.",
        "The police detained the protesters outside parliament.",
    ),
]

_GLOVE_SYNONYM = "GloVe rates the two senses as synonyms (cosine >= 0.62), so the LM is never asked"
LEXICAL_MISSED = [
    (
        "fired-shot",
        "The company fired the manager after the audit.",
        "The company shot the manager after the audit.",
        "fired",
        "shot",
        "fire/shoot GloVe 0.60 and the LM drop is too small: the combined score stays under 1.0",
    ),
    (
        "raise-lift",
        "The government will raise taxes next year.",
        "The government will lift taxes next year.",
        "raise",
        "lift",
        _GLOVE_SYNONYM + " (raise/lift 0.67; 'lift taxes' means remove them)",
    ),
    (
        "try-attempt",
        "The court will try the suspect in June.",
        "The court will attempt the suspect in June.",
        "try",
        "attempt",
        _GLOVE_SYNONYM + " (try/attempt 0.82; the legal sense of 'try' is lost)",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(
    ("source", "copy", "src", "cpy"), [pytest.param(*c[1:], id=c[0]) for c in LEXICAL_POSITIVE]
)
def test_lexical_meaning_positive(model_checker, source, copy, src, cpy) -> None:
    pair = analyse(model_checker, source, copy)
    expect_one(pair, "lexical_meaning", M, src, cpy)


@pytest.mark.model
@pytest.mark.parametrize(("source", "copy"), [pytest.param(*c[1:], id=c[0]) for c in LEXICAL_NEGATIVE])
def test_lexical_meaning_synonym_not_flagged(model_checker, source, copy) -> None:
    pair = analyse(model_checker, source, copy)
    assert not of_type(pair, "lexical_meaning")
    assert pair.findings == ()


@pytest.mark.model
@pytest.mark.parametrize(
    ("source", "copy", "src", "cpy"),
    [
        pytest.param(*c[1:5], id=c[0], marks=pytest.mark.xfail(reason=c[5], strict=True))
        for c in LEXICAL_MISSED
    ],
)
def test_lexical_meaning_missed_senses(model_checker, source, copy, src, cpy) -> None:
    pair = analyse(model_checker, source, copy)
    expect_one(pair, "lexical_meaning", M, src, cpy)


def test_a_word_that_moved_is_not_replaced_by_its_new_neighbour(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "The advance could let the rebels take another town strategic to the president's grip on power.",
        "The advance could let the rebels take another strategically significant town, "
        "potentially weakening the president's grip on power.",
    )
    assert not [f for f in of_type(pair, "lexical_meaning") if span_text(f, "source") == "strategic"]


def test_a_unit_in_another_notation_is_not_a_word_swap(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "The club paid €40m for the striker, its largest fee.",
        "The club paid 40 million euros for the striker, its largest fee.",
    )
    assert not of_type(pair, "lexical_meaning")


def test_the_language_model_is_asked_only_where_it_can_change_the_flag():
    from drift.detectors.lexical_meaning import Features, LexicalMeaningDetector

    det = LexicalMeaningDetector()
    reach = det.t.w_lm * det.t.lm_drop_cap
    near_synonym = Features(0.9, None, 0.0)  # score 0.05: no drop up to the cap reaches the flag
    assert det.score(near_synonym) + reach < det.t.flag_score and not det._open(near_synonym)
    open_case = Features(0.2, None, 0.05)  # score about 0.61: a large drop would flag it
    assert det.score(open_case) < det.t.flag_score <= det.score(open_case) + reach and det._open(open_case)
    already = Features(0.0, None, 0.2)  # score 1.33: flagged whatever the language model says
    assert det.score(already) >= det.t.flag_score and not det._open(already)
    assert det.score(Features(0.2, 8.0, 0.05)) > det.score(open_case), "the drop still counts once asked"


OPPOSITE_POSITIVE = [
    (
        "support-oppose",
        "The senator said she would support the bill.",
        "The senator said she would oppose the bill.",
        "support",
        "oppose",
    ),
    (
        "agreed-refused",
        "The union agreed to the new contract.",
        "The union refused the new contract.",
        "agreed",
        "refused",
    ),
    (
        "agreed-rejected",
        "The two sides agreed to a ceasefire on Sunday.",
        "The two sides rejected a ceasefire on Sunday.",
        "agreed",
        "rejected",
    ),
]

OPPOSITE_NEGATIVE = [
    (
        "secured-obtained",
        "The company secured a loan from the banks.",
        "The company obtained a loan from the banks.",
    ),
    (
        "pledged-promised",
        "The government pledged to cut emissions.",
        "The government promised to cut emissions.",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(
    ("source", "copy", "src", "cpy"), [pytest.param(*c[1:], id=c[0]) for c in OPPOSITE_POSITIVE]
)
def test_a_word_the_language_model_reads_as_the_opposite_is_a_reversal(
    model_checker, source, copy, src, cpy
) -> None:
    """WordNet has no antonym pointer between these words; the language model reads them as opposites."""
    pair = analyse(model_checker, source, copy)
    f = expect_one(pair, "negation", M, src, cpy)
    assert f.rule == "negation.opposite"
    assert not of_type(pair, "lexical_meaning"), "the reversal is not also a wrong sense"


@pytest.mark.model
@pytest.mark.parametrize(("source", "copy"), [pytest.param(*c[1:], id=c[0]) for c in OPPOSITE_NEGATIVE])
def test_a_synonym_is_not_read_as_an_opposite(model_checker, source, copy) -> None:
    pair = analyse(model_checker, source, copy)
    assert not [f for f in pair.findings if f.rule == "negation.opposite"]


@pytest.mark.model
def test_a_wordnet_antonym_is_reported_once_by_the_negation_detector(model_checker) -> None:
    pair = analyse(model_checker, "The ruling party won the election.", "The ruling party lost the election.")
    assert [f.rule for f in of_type(pair, "negation")] == ["negation.antonym"]


@pytest.mark.model
def test_an_opposite_under_a_negation_keeps_the_meaning(model_checker) -> None:
    pair = analyse(
        model_checker,
        "The minister said he would support the plan.",
        "The minister said he would not oppose the plan.",
    )
    assert not [f for f in pair.findings if f.rule == "negation.opposite"]


def test_without_a_language_model_no_opposite_is_asked_for(fast_checker) -> None:
    pair = analyse(
        fast_checker,
        "The senator said she would support the bill.",
        "The senator said she would oppose the bill.",
    )
    assert not [f for f in pair.findings if f.rule == "negation.opposite"]


@pytest.mark.model
def test_aligned_swaps_are_candidates_only_when_switched_on() -> None:
    """The clause moved, so the word diff pairs no words of it; the word alignment links
    "praised" with "criticised". Off by default (it costs the language model time)."""
    from drift.align.sides import Side
    from drift.detectors.base import PairContext
    from drift.detectors.lexical_meaning import LexicalMeaningDetector
    from drift.ingest import document_from_text
    from drift.models.resources import Resources
    from drift.policy import Policy

    res = Resources(use_lm=False)
    src = document_from_text("source", "The minister praised the plan after two days of talks.")
    cpy = document_from_text("copy", "After two days of talks, the plan was criticised by the minister.")
    res.embed([s.plain for s in (*src.sentences, *cpy.sentences)], tokens=True)
    ctx = PairContext(Side.build(src, [0], res.parser), Side.build(cpy, [0], res.parser), 0.8, Policy(), res)

    def words(detector: LexicalMeaningDetector) -> set[tuple[str, str]]:
        return {
            (ctx.source.doc[c.src_tok].text, ctx.copy.doc[c.cpy_tok].text) for c in detector.candidates(ctx)
        }

    assert ("praised", "criticised") in words(LexicalMeaningDetector(aligned=True))
    assert ("praised", "criticised") not in words(LexicalMeaningDetector())
