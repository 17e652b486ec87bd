"""Tests for drift.ingest.sentences: segmentation and offsets."""

from __future__ import annotations

import pytest

from drift.ingest.sentences import split_ranges, split_sentences


def _texts(text: str) -> list[str]:
    sents = split_sentences(text)
    for pos, s in enumerate(sents):
        assert s.index == pos
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
    return [s.text for s in sents]


def test_two_plain_sentences() -> None:
    assert _texts("The bridge opened today. Traffic was light.") == [
        "The bridge opened today.",
        "Traffic was light.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The U.S.-backed council met on Dec. 4 in the capital.",
        "Gen. Marlow and Mr. Okafor drove 12 km. to the border post.",
        "J. R. R. Tolkien wrote the book in Oxford.",
        "Output grew by 1.2 percent in the third quarter.",
        '"We are ready. We will go now," the captain told reporters.',
        "“The harbour is closed. Nobody leaves,” the mayor said.",
        '"Stop!" she shouted at the driver.',
    ],
)
def test_single_sentence_not_split(sentence: str) -> None:
    assert _texts(sentence) == [sentence]


def test_abbreviation_then_new_sentence() -> None:
    text = "Talks began at 9 a.m. local time. They ended at noon."
    assert _texts(text) == ["Talks began at 9 a.m. local time.", "They ended at noon."]


def test_repeated_sentences_get_distinct_offsets() -> None:
    text = "It rained. It rained. It rained."
    sents = split_sentences(text)
    assert [(s.start, s.end) for s in sents] == [(0, 10), (11, 21), (22, 32)]


def test_each_line_split_independently() -> None:
    text = "Harbour reopens after storm\nShips returned on Monday. Crews cheered.\n\nFerries resume"
    assert _texts(text) == [
        "Harbour reopens after storm",
        "Ships returned on Monday.",
        "Crews cheered.",
        "Ferries resume",
    ]


def test_crlf_lines_and_soft_wrap() -> None:
    text = "Mill closes\r\nThe old mill near the river\r\nclosed on Friday. Workers left.\r\n"
    assert _texts(text) == [
        "Mill closes",
        "The old mill near the river\r\nclosed on Friday.",
        "Workers left.",
    ]


def test_all_caps_heading_is_split_off() -> None:
    text = "PORT TALKS RESUME TODAY Officials from both sides met in the morning."
    assert _texts(text) == ["PORT TALKS RESUME TODAY", "Officials from both sides met in the morning."]


def test_short_acronyms_are_not_a_heading() -> None:
    text = "UN EU US officials met in Geneva."
    assert _texts(text) == [text]


def test_drops_pieces_without_letters_or_digits() -> None:
    assert _texts("***\nThe vote passed.\n---") == ["The vote passed."]


def test_regions_limit_the_split() -> None:
    text = "skip this part. Keep this one. And this one. skip again."
    start = text.index("Keep")
    end = text.index(" skip again")
    sents = split_sentences(text, [(start, end)])
    assert [s.text for s in sents] == ["Keep this one.", "And this one."]
    assert sents[0].start == start


def test_split_ranges_on_part_of_text() -> None:
    text = "xx The ship left. It sank. yy"
    assert [text[a:b] for a, b in split_ranges(text, 3, 26)] == ["The ship left.", "It sank."]


def test_empty_text() -> None:
    assert split_sentences("   \n ") == []
