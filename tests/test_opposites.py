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

    def sentence_logprobs(
        self, texts: Sequence[str], *, prefix: str = ""
    ) -> list[list[tuple[int, int, float]]]:
        self.calls.append([prefix + t for t in texts])
        out = []
        for text in (prefix + t for t in texts):
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
    assert [opening + rest for opening, rest, _ in rows] == [
        OPPOSITES_PROMPT.format(a="support", b="oppose"),
        SYNONYMS_PROMPT.format(a="support", b="oppose"),
        OPPOSITES_PROMPT.format(a="oppose", b="support"),
        SYNONYMS_PROMPT.format(a="oppose", b="support"),
    ]
    assert [(opening + rest)[start:] for opening, rest, start in rows] == [
        "oppose",
        "oppose",
        "support",
        "support",
    ]
    assert {opening for opening, _, _ in rows} == {
        "Opposites: hot - cold; win - lose; ",
        "Synonyms: big - large; win - triumph; ",
    }


def test_the_score_is_the_opposites_list_preference_averaged_over_both_orders() -> None:
    lm = ListModel({("support", "oppose"): (-2.0, -9.0), ("oppose", "support"): (-3.0, -6.0)})
    assert opposition(lm, [("Support", "oppose")]) == [pytest.approx(5.0)]  # ((-2 - -9) + (-3 - -6)) / 2
    assert [len(c) for c in lm.calls] == [2, 2], "one batch per prompt opening, two prompts each"


def test_synonyms_score_below_zero_and_no_pairs_ask_nothing() -> None:
    lm = ListModel({("secured", "obtained"): (-9.0, -4.0), ("obtained", "secured"): (-8.0, -5.0)})
    assert opposition(lm, [("secured", "obtained")])[0] < 0
    assert opposition(lm, []) == []
    assert len(lm.calls) == 2, "no pairs, no call to the language model"


class EveryPairOpposite:
    """A language model that reads every pair of words as opposites, and every other
    text alike: whatever the detector asks about is reported."""

    name = "every-pair-opposite"

    def sentence_logprobs(
        self, texts: Sequence[str], *, prefix: str = ""
    ) -> list[list[tuple[int, int, float]]]:
        out = []
        for text in (prefix + t for t in texts):
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


class CountingOpposite(EveryPairOpposite):
    """EveryPairOpposite with a memo, counting the calls and texts that reach it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []
        self.memo: dict[str, list[tuple[int, int, float]]] = {}

    def sentence_logprobs(
        self, texts: Sequence[str], *, prefix: str = ""
    ) -> list[list[tuple[int, int, float]]]:
        todo = sorted({t for t in texts if prefix + t not in self.memo})
        if todo:
            self.calls.append((prefix, len(todo)))
            for t, scores in zip(todo, super().sentence_logprobs(todo, prefix=prefix), strict=True):
                self.memo[prefix + t] = scores
        return [self.memo[prefix + t] for t in texts]


def test_drift_pairs_asks_the_model_once_per_prompt_for_a_whole_batch(tmp_path) -> None:
    """The batch's requests are collected first and read together; the findings are
    those of the pairs analysed one at a time."""
    import json

    from fakes import HashingEncoder

    from drift.models.resources import Resources
    from drift.pipeline import Checker, Settings
    from drift.pipeline.decision import Decision
    from drift.pipeline.pairs import analyse, parse_line, run_pairs

    lines = [
        json.dumps(
            {"id": k, "source": f"The senator will {a} the bill.", "copy": f"The senator will {b} the bill."}
        )
        for k, (a, b) in enumerate([("support", "oppose"), ("welcome", "condemn"), ("praise", "attack")])
    ]

    def checker(lm: CountingOpposite) -> Checker:
        resources = Resources(encoder=HashingEncoder(), lm=lm, use_lm=True)
        return Checker(settings=Settings(decision=Decision()), resources=resources)

    batched_lm = CountingOpposite()
    batched = list(run_pairs(checker(batched_lm), lines))
    alone_lm = CountingOpposite()
    alone_checker = checker(alone_lm)
    alone = [analyse(alone_checker, parse_line(line, k + 1)) for k, line in enumerate(lines)]  # type: ignore[arg-type]
    assert batched == alone
    assert [r["findings"][0]["rule"] for r in batched] == ["negation.opposite"] * 3
    assert len(alone_lm.calls) >= 6  # two prompt openings for each of three pairs
    prefixes = [p for p, _ in batched_lm.calls]
    assert len(prefixes) == len(set(prefixes)), "one call per prefix for the whole batch"
    assert ("Opposites: hot - cold; win - lose; ", 6) in batched_lm.calls
    assert ("Synonyms: big - large; win - triumph; ", 6) in batched_lm.calls
