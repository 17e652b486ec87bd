"""WordNet relations: the file parser on a hand-made fixture, then the real database."""

from __future__ import annotations

import pytest

from drift.models.wordnet import WordNet, load_wordnet

# Four adjective synsets in WordNet's data-file format: two heads that are antonyms
# ("wet" / "dry") and one satellite of each ("damp", "arid").
DATA_ADJ = [
    "  1 This is a licence header line",
    "00000001 00 a 01 wet 0 002 ! 00000002 a 0101 & 00000003 a 0000 | covered with liquid",
    "00000002 00 a 01 dry 0 002 ! 00000001 a 0101 & 00000004 a 0000 | free from liquid",
    "00000003 00 s 02 damp 0 moist 0 001 & 00000001 a 0000 | slightly wet",
    "00000004 00 s 01 arid 0 001 & 00000002 a 0000 | lacking moisture",
]
INDEX_ADJ = [
    "  1 licence",
    "wet a 1 2 ! & 1 0 00000001",
    "dry a 1 2 ! & 1 0 00000002",
    "damp a 1 1 & 1 0 00000003",
    "moist a 1 1 & 1 0 00000003",
    "arid a 1 1 & 1 0 00000004",
]


@pytest.fixture(scope="module")
def tiny() -> WordNet:
    return WordNet.parse({"a": DATA_ADJ}, {"a": INDEX_ADJ})


def test_direct_antonyms(tiny: WordNet) -> None:
    assert tiny.opposed("wet", "dry", "a")
    assert tiny.opposed("dry", "wet", "a")


def test_satellites_inherit_their_heads_antonyms(tiny: WordNet) -> None:
    assert tiny.opposed("damp", "dry", "a")
    assert tiny.opposed("damp", "arid", "a")


def test_words_of_one_cluster_are_not_opposed(tiny: WordNet) -> None:
    assert not tiny.opposed("wet", "damp", "a")
    assert not tiny.opposed("wet", "wet", "a")


def test_synonyms_share_a_synset(tiny: WordNet) -> None:
    assert tiny.synonyms("damp", "moist", "a")
    assert not tiny.synonyms("damp", "wet", "a")


def test_unknown_words_and_wrong_part_of_speech(tiny: WordNet) -> None:
    assert not tiny.opposed("wet", "dry", "v")
    assert not tiny.opposed("soggy", "dry", "a")
    assert not tiny.known("soggy", "a")


@pytest.fixture(scope="module")
def wordnet() -> WordNet:
    return load_wordnet()


@pytest.mark.parametrize(
    ("a", "b", "pos"),
    [
        ("rise", "fall", "v"),
        ("include", "exclude", "v"),
        ("huge", "tiny", "a"),
        ("success", "failure", "n"),
        ("north", "south", "n"),
        ("left", "right", "n"),
    ],
)
def test_real_wordnet_antonyms(wordnet: WordNet, a: str, b: str, pos: str) -> None:
    assert wordnet.opposed(a, b, pos)


@pytest.mark.parametrize(
    ("a", "b", "pos"),
    [("seize", "capture", "v"), ("hold", "detain", "v"), ("big", "large", "a"), ("say", "tell", "v")],
)
def test_real_wordnet_non_antonyms(wordnet: WordNet, a: str, b: str, pos: str) -> None:
    assert not wordnet.opposed(a, b, pos)


def test_real_wordnet_synonyms_by_frequent_sense(wordnet: WordNet) -> None:
    assert wordnet.synonyms("big", "large", "a", senses=3)
    assert not wordnet.synonyms("hold", "detain", "v", senses=3)


def test_wordnet_is_parsed_once_then_read_from_a_checked_cache(tmp_path, monkeypatch):
    from drift.models import wordnet

    monkeypatch.setenv("DRIFT_CACHE", str(tmp_path))
    wordnet.load_wordnet.cache_clear()
    try:
        first = wordnet.load_wordnet()
        cache = wordnet._cache_path()
        assert cache.is_file() and cache.parent == tmp_path
        assert wordnet._from_cache(cache) == first
        body = bytearray(cache.read_bytes())
        body[-5] ^= 0xFF
        cache.write_bytes(bytes(body))
        assert wordnet._from_cache(cache) is None, "a changed cache fails its digest"
        wordnet.load_wordnet.cache_clear()
        again = wordnet.load_wordnet()
        assert again == first and wordnet._from_cache(cache) == first, "rebuilt from the database files"
    finally:
        wordnet.load_wordnet.cache_clear()


def test_verbs_of_perceiving_come_from_the_lexicographer_files(wordnet: WordNet) -> None:
    assert wordnet.perception("see")
    assert wordnet.perception("hear")
    assert not wordnet.perception("open")
    assert not wordnet.perception("pay")
    assert not wordnet.perception("zzzz")


def test_similar_adjectives_share_a_cluster(tiny: WordNet) -> None:
    assert tiny.similar("damp", "wet", "a")
    assert tiny.similar("damp", "moist", "a")
    assert not tiny.similar("damp", "dry", "a")
    assert not tiny.similar("damp", "arid", "a")


@pytest.mark.parametrize(("a", "b"), [("group", "organization"), ("expert", "analyst"), ("person", "man")])
def test_a_noun_that_names_a_kind_of_another(wordnet: WordNet, a: str, b: str) -> None:
    assert wordnet.kind_of(a, b) and wordnet.kind_of(b, a)


@pytest.mark.parametrize(("a", "b"), [("agency", "government"), ("police", "army"), ("witness", "resident")])
def test_two_kinds_of_one_thing_are_not_kinds_of_each_other(wordnet: WordNet, a: str, b: str) -> None:
    assert not wordnet.kind_of(a, b)
