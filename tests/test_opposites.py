"""The opposition score read from a language model: prompts, the arithmetic, and the
detector's use of it (a fake model here; the real one in the lexical detector's tests)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from drift.models.opposites import OPPOSITES_PROMPT, SYNONYMS_PROMPT, opposition, prompts


class ListModel:
    """Scores each word of a prompt: the last word gets ``opposite`` nats after an
    opposites prompt and ``synonym`` after a synonyms prompt; every other word -1."""

    def __init__(self, table: dict[tuple[str, str], tuple[float, float]]) -> None:
        self.table = table
        self.calls: list[list[str]] = []

    def sentence_logprobs(self, texts: Sequence[str]) -> list[list[tuple[int, int, float]]]:
        self.calls.append(list(texts))
        out = []
        for text in texts:
            words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
            first, last = text.rsplit(" - ", 1)[0].rsplit(" ", 1)[-1], text.rsplit(" - ", 1)[1]
            opposite, synonym = self.table[(first, last)]
            value = opposite if text.startswith("Opposites") else synonym
            rows = [(s, e, -1.0) for s, e in words[1:-1]]
            s, e = words[-1]
            rows.append((s - 1, e, value))  # the token carries the word's leading space
            out.append(rows)
        return out


def test_the_four_prompts_put_each_word_last_after_each_list() -> None:
    rows = prompts("support", "oppose")
    assert [text for text, _ in rows] == [
        OPPOSITES_PROMPT.format(a="support", b="oppose"),
        SYNONYMS_PROMPT.format(a="support", b="oppose"),
        OPPOSITES_PROMPT.format(a="oppose", b="support"),
        SYNONYMS_PROMPT.format(a="oppose", b="support"),
    ]
    assert [text[start:] for text, start in rows] == ["oppose", "oppose", "support", "support"]


def test_the_score_is_the_opposites_list_preference_averaged_over_both_orders() -> None:
    lm = ListModel({("support", "oppose"): (-2.0, -9.0), ("oppose", "support"): (-3.0, -6.0)})
    assert opposition(lm, [("Support", "oppose")]) == [pytest.approx(5.0)]  # ((-2 - -9) + (-3 - -6)) / 2
    assert len(lm.calls) == 1 and len(lm.calls[0]) == 4, "one batch of four prompts per pair"


def test_synonyms_score_below_zero_and_no_pairs_ask_nothing() -> None:
    lm = ListModel({("secured", "obtained"): (-9.0, -4.0), ("obtained", "secured"): (-8.0, -5.0)})
    assert opposition(lm, [("secured", "obtained")])[0] < 0
    assert opposition(lm, []) == []
    assert len(lm.calls) == 1, "no pairs, no call to the language model"


class EveryPairOpposite:
    """A language model that reads every pair of words as opposites, and every other
    text alike: whatever the detector asks about is reported."""

    name = "every-pair-opposite"

    def sentence_logprobs(self, texts: Sequence[str]) -> list[list[tuple[int, int, float]]]:
        out = []
        for text in texts:
            words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
            value = 0.0 if text.startswith("Opposites") else -10.0
            out.append([(s, e, -1.0) for s, e in words[1:-1]] + [(words[-1][0] - 1, words[-1][1], value)])
        return out


@pytest.fixture(scope="module")
def opposite_checker():
    from fakes import HashingEncoder

    from drift.models.resources import Resources
    from drift.pipeline import Checker, Settings
    from drift.pipeline.decision import Decision

    resources = Resources(encoder=HashingEncoder(), lm=EveryPairOpposite(), use_lm=True)
    return Checker(settings=Settings(decision=Decision()), resources=resources)


def _opposites(checker, source: str, copy: str) -> list[tuple[str | None, str | None]]:
    from conftest import analyse, span_text

    pair = analyse(checker, source, copy)
    return [
        (span_text(f, "source"), span_text(f, "copy")) for f in pair.findings if f.rule == "negation.opposite"
    ]


def test_a_swap_the_model_reads_as_opposites_is_reported(opposite_checker) -> None:
    assert _opposites(
        opposite_checker, "The senator will support the bill.", "The senator will oppose the bill."
    ) == [("support", "oppose")]


@pytest.mark.parametrize(
    ("source", "copy"),
    [
        ("The company reported a loss in March.", "The company reported it lost in March."),
        ("The mayor praised the plan on Friday.", "The mayor gave praise on Friday."),
    ],
)
def test_a_noun_against_a_word_of_another_class_is_not_asked(opposite_checker, source, copy) -> None:
    assert _opposites(opposite_checker, source, copy) == []


def test_a_compound_and_its_head_are_not_asked(opposite_checker) -> None:
    assert (
        _opposites(
            opposite_checker, "He won the break in the fifth set.", "He won the tiebreak in the fifth set."
        )
        == []
    )


def test_a_phrasal_verb_is_asked_about_with_its_particle() -> None:
    from drift.detectors.lexical_meaning import _phrasal
    from drift.models.parser import load_spacy

    doc = load_spacy()("The board turned down the offer.")
    assert _phrasal(doc[2]) == "turned down"
    assert _phrasal(doc[5]) == "offer"
