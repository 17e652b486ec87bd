"""Tests for :mod:`drift.text.diff`, :mod:`drift.text.normalize` and the validation in :mod:`drift.values`."""

from __future__ import annotations

import pytest

from drift.text.diff import Hunk, word_diff
from drift.text.normalize import norm, split_units
from drift.values import AlignedPair, Document, Finding, FindingType, PairStatus, Sentence, Severity, Span

# ----------------------------------------------------------------------------- word_diff


def words(text: str) -> list[str]:
    return text.split()


def covers(hunks: list[Hunk], src: list[str], cpy: list[str]) -> None:
    """Hunks tile both sequences in order and 'equal' hunks really are equal."""
    i = j = 0
    for h in hunks:
        assert (h.src_start, h.cpy_start) == (i, j)
        if h.op == "equal":
            assert src[h.src_start : h.src_end] == cpy[h.cpy_start : h.cpy_end]
        elif h.op == "insert":
            assert h.src_start == h.src_end and h.cpy_end > h.cpy_start
        elif h.op == "delete":
            assert h.cpy_start == h.cpy_end and h.src_end > h.src_start
        else:
            assert h.op == "replace" and h.src_end > h.src_start and h.cpy_end > h.cpy_start
        i, j = h.src_end, h.cpy_end
    assert (i, j) == (len(src), len(cpy))


def test_equal() -> None:
    ws = words("the cat sat on the mat")
    assert word_diff(ws, ws) == [Hunk("equal", 0, 6, 0, 6)]


def test_replace() -> None:
    src, cpy = words("the cat sat"), words("the dog sat")
    hunks = word_diff(src, cpy)
    assert hunks == [Hunk("equal", 0, 1, 0, 1), Hunk("replace", 1, 2, 1, 2), Hunk("equal", 2, 3, 2, 3)]


def test_insert() -> None:
    src, cpy = words("the cat sat"), words("the cat sat down")
    assert word_diff(src, cpy) == [Hunk("equal", 0, 3, 0, 3), Hunk("insert", 3, 3, 3, 4)]


def test_delete() -> None:
    src, cpy = words("the big cat sat"), words("the cat sat")
    assert word_diff(src, cpy) == [
        Hunk("equal", 0, 1, 0, 1),
        Hunk("delete", 1, 2, 1, 1),
        Hunk("equal", 2, 4, 1, 3),
    ]


def test_empty_sides() -> None:
    assert word_diff([], []) == []
    assert word_diff([], ["a"]) == [Hunk("insert", 0, 0, 0, 1)]
    assert word_diff(["a", "b"], []) == [Hunk("delete", 0, 2, 0, 0)]


@pytest.mark.parametrize(
    ("src", "cpy"),
    [
        (["international", "report"], ["internationally", "report"]),
        (["reopen", "in", "March"], ["reopened", "in", "Mar"]),
        (["cat"], ["catalogue"]),
        (["a", "b", "c"], ["c", "b", "a"]),
    ],
)
def test_words_are_never_split(src: list[str], cpy: list[str]) -> None:
    for cleanup in (True, False):
        hunks = word_diff(src, cpy, semantic_cleanup=cleanup)
        # hunks are whole-word index ranges that tile both sides: a changed word is
        # reported whole, never as a shared prefix plus an inserted tail
        covers(hunks, src, cpy)
        for h in hunks:
            if h.op != "equal":
                assert src[h.src_start : h.src_end] != cpy[h.cpy_start : h.cpy_end]


def test_changed_suffix_is_one_word_replace() -> None:
    src, cpy = ["international", "report"], ["internationally", "report"]
    assert word_diff(src, cpy) == [Hunk("replace", 0, 1, 0, 1), Hunk("equal", 1, 2, 1, 2)]


def test_large_vocabulary_beyond_private_use_area() -> None:
    src = [f"w{i}" for i in range(7000)]
    cpy = list(src)
    cpy[6900] = "changed"
    hunks = word_diff(src, cpy)
    covers(hunks, src, cpy)
    assert [h for h in hunks if h.op != "equal"] == [Hunk("replace", 6900, 6901, 6900, 6901)]


def test_semantic_cleanup_merges_tiny_equalities() -> None:
    src, cpy = words("a b c d e"), words("x b y d z")
    merged = word_diff(src, cpy)
    raw = word_diff(src, cpy, semantic_cleanup=False)
    covers(merged, src, cpy)
    covers(raw, src, cpy)
    assert merged == [Hunk("replace", 0, 5, 0, 5)]
    assert [h.op for h in raw] == ["replace", "equal", "replace", "equal", "replace"]


def test_semantic_cleanup_keeps_long_equalities() -> None:
    src = words("the council said on monday it would approve the budget")
    cpy = words("the council said on tuesday it would approve the budget")
    assert word_diff(src, cpy) == word_diff(src, cpy, semantic_cleanup=False)


def test_bad_hunk_ranges_raise() -> None:
    with pytest.raises(ValueError):
        Hunk("equal", 2, 1, 0, 0)


# ----------------------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("U.S.", "US"),
        ("U.K.", "uk"),
        ("colour", "color"),
        ("organise", "organize"),
        ("Three", "3"),
        ("twenty", "20"),
        ("1,000", "1000"),
        ("“Hello”", "hello"),
        ("Café", "cafe"),
        ("end.", "end"),
    ],
)
def test_norm_equal(a: str, b: str) -> None:
    assert norm(a) == norm(b)


@pytest.mark.parametrize(("a", "b"), [("three", "4"), ("US", "UN"), ("color", "colon"), ("1,000", "1001")])
def test_norm_different(a: str, b: str) -> None:
    assert norm(a) != norm(b)


def test_split_units_hyphen() -> None:
    assert split_units("think-tank") == [(0, 5, "think"), (6, 10, "tank")]
    assert [u[2] for u in split_units("think-tank")] == [
        u[2] for tok in words("think tank") for u in split_units(tok)
    ]
    assert split_units("think\u2013tank") == [(0, 5, "think"), (6, 10, "tank")]


def test_split_units_drops_punctuation_only_parts() -> None:
    assert split_units("—") == []
    assert split_units("U.S.-led") == [(0, 4, "us"), (5, 8, "led")]
    text = "well-known"
    assert all(text[s:e].lower() == n for s, e, n in split_units(text))


# ----------------------------------------------------------------------------- model validation


def test_span_text_must_match_range() -> None:
    assert Span(0, 3, "abc").text == "abc"
    with pytest.raises(ValueError, match="E012"):
        Span(0, 3, "ab")
    with pytest.raises(ValueError, match="E011"):
        Span(3, 1, "")
    with pytest.raises(ValueError, match="E011"):
        Span(-1, 1, "ab")


def test_finding_needs_a_span_and_one_line() -> None:
    span = Span(0, 3, "abc")
    Finding(FindingType.NUMBER, Severity.MAJOR, span, None, "changed")
    with pytest.raises(ValueError, match="E015"):
        Finding(FindingType.NUMBER, Severity.MAJOR, None, None, "changed")
    with pytest.raises(ValueError, match="E016"):
        Finding(FindingType.NUMBER, Severity.MAJOR, span, span, "two\nlines")
    with pytest.raises(ValueError, match="E016"):
        Finding(FindingType.NUMBER, Severity.MAJOR, span, span, "")


def test_aligned_pair_validation() -> None:
    AlignedPair((0, 1), (2,), 0.5, PairStatus.EDITED)
    AlignedPair((), (2,), 0.0, PairStatus.DRIFT)
    with pytest.raises(ValueError, match="E018"):
        AlignedPair((1, 0), (0,), 0.5)
    with pytest.raises(ValueError, match="E018"):
        AlignedPair((0,), (1, 1), 0.5)
    with pytest.raises(ValueError, match="E017"):
        AlignedPair((), (), 0.5)
    with pytest.raises(ValueError, match="E019"):
        AlignedPair((0,), (0,), 1.5)


def test_document_and_sentence_validation() -> None:
    text = "One. Two."
    Document("d", "d.txt", "0" * 64, text, (Sentence(0, 0, 4, "One."), Sentence(1, 5, 9, "Two.")))
    with pytest.raises(ValueError, match="E014"):
        Document("d", "d.txt", "0" * 64, text, (Sentence(1, 0, 4, "One."),))
    with pytest.raises(ValueError, match="E012"):
        Document("d", "d.txt", "0" * 64, text, (Sentence(0, 0, 4, "Two."),))
    with pytest.raises(ValueError, match="E013"):
        Document("", "d.txt", "0" * 64, text)
    with pytest.raises(ValueError, match="E012"):
        Sentence(0, 0, 0, "")
    with pytest.raises(ValueError, match="E020"):
        Sentence(0, 0, 4, "One.", clean="One.")


def test_severity_order_and_parse() -> None:
    assert Severity.MINOR < Severity.MAJOR < Severity.CRITICAL
    assert Severity.parse(" Critical ") is Severity.CRITICAL
    with pytest.raises(ValueError, match="E010"):
        Severity.parse("fatal")
