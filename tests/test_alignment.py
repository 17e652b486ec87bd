"""Tests for :mod:`drift.align.aligner` with the fast hashing encoder."""

from __future__ import annotations

import pytest
from fakes import HashingEncoder

from drift.align.aligner import Aligner, AlignmentResult, containment, content_words, lexical_similarity

ENC = HashingEncoder()

BUDGET = "The city council approved a new budget for public schools on Monday evening."
FLOOD = "Heavy rain flooded several streets near the harbour and closed the ferry terminal."
THEFT = "Police arrested two men suspected of stealing copper cable from the railway line."
LONG = (
    "The council approved the school budget on Monday and the mayor promised new parks "
    "for the northern districts."
)
HALF_1 = "The council approved the school budget on Monday."
HALF_2 = "The mayor promised new parks for the northern districts."


def align(src: list[str], cpy: list[str], aligner: Aligner | None = None) -> AlignmentResult:
    return (aligner or Aligner())(src, cpy, ENC.encode(src), ENC.encode(cpy))


def pairs(result: AlignmentResult) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(g.source, g.copy) for g in result.groups}


def check_partition(result: AlignmentResult, n: int, m: int) -> None:
    """Every sentence is in exactly one group or in the unmatched list of its side."""
    src = [i for g in result.groups for i in g.source] + list(result.unmatched_source)
    cpy = [j for g in result.groups for j in g.copy] + list(result.unmatched_copy)
    assert sorted(src) == list(range(n))
    assert sorted(cpy) == list(range(m))
    for g in result.groups:
        assert g.source and g.copy
        assert list(g.source) == sorted(g.source)
        assert list(g.copy) == sorted(g.copy)
        assert -1.0 <= g.similarity <= 1.0


def test_identical_one_to_one() -> None:
    docs = [BUDGET, FLOOD, THEFT]
    result = align(docs, docs)
    assert pairs(result) == {((0,), (0,)), ((1,), (1,)), ((2,), (2,))}
    assert all(g.similarity == pytest.approx(1.0) for g in result.groups)
    assert result.unmatched_source == () and result.unmatched_copy == ()
    check_partition(result, 3, 3)


def test_reordered_sentences_pair_by_content() -> None:
    result = align([BUDGET, FLOOD, THEFT], [THEFT, BUDGET, FLOOD])
    assert pairs(result) == {((2,), (0,)), ((0,), (1,)), ((1,), (2,))}
    assert [g.copy for g in result.groups] == [(0,), (1,), (2,)]  # ordered by copy position
    check_partition(result, 3, 3)


def test_reversed_order() -> None:
    docs = [BUDGET, FLOOD, THEFT]
    result = align(docs, docs[::-1])
    assert pairs(result) == {((0,), (2,)), ((1,), (1,)), ((2,), (0,))}


def test_split_groups_two_copy_sentences_with_their_source() -> None:
    result = align([LONG, THEFT], [HALF_1, HALF_2, THEFT])
    assert pairs(result) == {((0,), (0, 1)), ((1,), (2,))}
    assert result.unmatched_copy == ()
    check_partition(result, 2, 3)


def test_merge_groups_two_source_sentences_with_their_copy() -> None:
    result = align([HALF_1, HALF_2, THEFT], [LONG, THEFT])
    assert pairs(result) == {((0, 1), (0,)), ((2,), (1,))}
    assert result.unmatched_source == ()
    check_partition(result, 3, 2)


def test_cut_leaves_source_sentence_unmatched() -> None:
    result = align([BUDGET, FLOOD, THEFT], [BUDGET, THEFT])
    assert pairs(result) == {((0,), (0,)), ((2,), (1,))}
    assert result.unmatched_source == (1,)
    assert result.unmatched_copy == ()
    check_partition(result, 3, 2)


def test_addition_leaves_copy_sentence_unmatched() -> None:
    result = align([BUDGET, THEFT], [BUDGET, FLOOD, THEFT])
    assert pairs(result) == {((0,), (0,)), ((1,), (2,))}
    assert result.unmatched_copy == (1,)
    assert result.unmatched_source == ()
    check_partition(result, 2, 3)


def test_unrelated_texts_do_not_match() -> None:
    result = align([BUDGET], [FLOOD])
    assert result.groups == ()
    assert result.unmatched_source == (0,) and result.unmatched_copy == (0,)


@pytest.mark.parametrize(
    ("src", "cpy", "unmatched_source", "unmatched_copy"),
    [
        ([], [BUDGET], (), (0,)),
        ([BUDGET, FLOOD], [], (0, 1), ()),
        ([], [], (), ()),
    ],
)
def test_empty_sides(
    src: list[str], cpy: list[str], unmatched_source: tuple[int, ...], unmatched_copy: tuple[int, ...]
) -> None:
    result = align(src, cpy)
    assert result.groups == ()
    assert result.unmatched_source == unmatched_source
    assert result.unmatched_copy == unmatched_copy


def test_strict_threshold_rejects_weak_matches() -> None:
    # A copy that only shares half its words: matched by default, not by a strict aligner.
    strict = Aligner(match_threshold=0.99, strong_cosine=1.01)
    src = [BUDGET]
    cpy = ["The city council rejected the plan for new roads on Friday morning."]
    assert align(src, cpy, strict).groups == ()
    assert align(src, src, strict).groups != ()


def test_settings_string_names_every_threshold() -> None:
    assert Aligner().settings == "w0.6-t0.5-c0.75-s0.5"
    assert Aligner(match_threshold=0.4).settings != Aligner().settings


def test_alignment_is_deterministic() -> None:
    src = [BUDGET, FLOOD, THEFT, LONG]
    cpy = [THEFT, HALF_2, BUDGET, HALF_1]
    assert align(src, cpy) == align(src, cpy)


def test_lexical_helpers() -> None:
    assert content_words("The British think-tank said it was three") == ["british", "think", "tank", "3"]
    assert lexical_similarity([], ["a"]) == 0.0
    assert lexical_similarity(["a", "b"], ["a", "b"]) == 1.0
    assert lexical_similarity(["a", "b"], ["a", "c"]) == pytest.approx(0.5)
    assert containment([], ["a"]) == 0.0
    assert containment(["a", "b"], ["a", "b"], explained=["a"]) == pytest.approx(0.5)
