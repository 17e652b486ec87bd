"""Names of people, organisations and places that changed, vanished or appeared."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drift.align.sides import Side
from drift.detectors.base import Detector, PairContext, register
from drift.detectors.vocabulary import described_by_role, inside_trimmed, quote
from drift.text.countries import same_country
from drift.text.names import compare_names, name_key
from drift.text.normalize import american
from drift.text.typos import misspelling
from drift.values import Finding, FindingType

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
# Kinds that can stand in for each other when a name is swapped ("Homs" → "Hama": GPE/LOC).
KIND_GROUP = {
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "PERSON": "person",
    "ORG": "org",
    "NORP": "group",
}
# Nationalities, religions and political groups are descriptors: dropping one is a detail.
DESCRIPTOR_LABELS = frozenset({"NORP"})
DESCRIPTOR_SYNONYM_COSINE = 0.6
MAX_SWAP_UNITS = 6
# Least rise in cosine, once the copy's name is written into the source, for a reworded
# sentence's lost and new names to count as one name swapped (set on DEMETR ids 1-250).
SWAP_MIN_GAIN = 0.07


@dataclass(frozen=True)
class Mention:
    text: str
    label: str
    start: int
    end: int
    tokens: frozenset[int]


def mentions(side_doc: Any) -> list[Mention]:
    """Named-entity mentions, plus runs of proper nouns the recogniser missed.

    Worked out once per ``Doc`` (the parser hands every detector the same ``Doc`` for
    a text) and kept in its ``user_data``: reading ``doc.ents`` builds a span per entity,
    and the entity and addition detectors ask for the same sides' names hundreds of
    times in a check.
    """
    user_data = getattr(side_doc, "user_data", None)
    known = user_data.get(_MENTIONS) if isinstance(user_data, dict) else None
    if known is None:
        known = tuple(_mentions(side_doc))
        if isinstance(user_data, dict):
            user_data[_MENTIONS] = known
    return list(known)


_MENTIONS = ("drift", "mentions")


def _mentions(side_doc: Any) -> list[Mention]:
    found: list[Mention] = []
    covered: set[int] = set()
    for ent in side_doc.ents:
        covered.update(t.i for t in ent)
        if ent.label_ not in NAME_LABELS or not any(c.isupper() for c in ent.text):
            continue
        toks = [t for t in ent if not (t.i == ent.start and t.lower_ in {"the", "a", "an"})]
        if not toks:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        found.append(Mention(side_doc.text[start:end], ent.label_, start, end, frozenset(t.i for t in toks)))
    run: list[Any] = []
    for tok in [*side_doc, None]:
        if tok is not None and tok.i not in covered and _wordlike(tok) and _looks_like_name(tok):
            run.append(tok)
            continue
        if run and (len(run) > 1 or len(run[0].text) > 2 or run[0].text.isupper()):
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            found.append(Mention(side_doc.text[start:end], "PROPN", start, end, frozenset(t.i for t in run)))
        run = []
    return found


_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W_]+)?")


def _wordlike(tok: Any) -> bool:
    """Letters, or letters with a suffix after an apostrophe that the tokenizer kept in one
    piece: a party named with its year ("Kukiz'15", "Club'15") is still a word of a name."""
    return bool(tok.is_alpha or _NAME_TOKEN.fullmatch(tok.text))


def _looks_like_name(tok: Any) -> bool:
    """A proper noun, or a capitalised noun inside a sentence that the tagger took for common."""
    if tok.pos_ == "PROPN":
        return str(tok.text)[:1].isupper()
    return tok.pos_ in {"NOUN", "X"} and tok.is_title and not tok.is_sent_start and len(tok.text) > 2


def _plain_name(text: str) -> str:
    """House-style form of a name: possessive dropped, British spellings made American."""
    words = re.sub(r"['’]s\b", "", text).split()
    return " ".join(
        american(w.lower()) if w.isalpha() and american(w.lower()) != w.lower() else w for w in words
    )


def _same(a: Mention, b: Mention, wv: Any = None, common: Any = None) -> bool:
    label = a.label if a.label == b.label else None
    if compare_names(_plain_name(a.text), _plain_name(b.text), label=label).same:
        return True
    if {a.label, b.label} <= COUNTRY_LABELS and same_country(_plain_name(a.text), _plain_name(b.text)):
        return True
    places = {a.label, b.label} <= PLACE_LABELS
    if _demonym_variant(_plain_name(a.text), _plain_name(b.text), places=places):
        return True
    if common is not None and _derived_variant(a.text, b.text, common):
        return True
    if wv is not None and a.label in DESCRIPTOR_LABELS and b.label in DESCRIPTOR_LABELS:
        return _descriptor_synonyms(a.text, b.text, wv)
    return False


DERIVED_STEM = 5
"""Letters two forms of one word share at the start ("elect-oral" / "elect-ion")."""
DERIVED_ENDING = 4
"""Longest ending either form may add to the shared stem."""


def _derived_variant(a: str, b: str, common: Any) -> bool:
    """A name with a common word in another derived form and its other words unchanged
    ("Electoral Commission" / "Election Commission", "Culture Festival" / "Cultural
    Festival"), as translations write it. Both forms must be dictionary words that WordNet
    writes in lower case, so a changed proper name ("World" / "Fincham Health Organization")
    stays a change."""
    ta, tb = a.lower().split(), b.lower().split()
    if len(ta) != len(tb) or len(ta) < 2:
        return False
    diff = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    if not diff or len(diff) == len(ta):
        return False
    for x, y in diff:
        shorter = min(len(x), len(y))
        stem = next((k for k in range(shorter) if x[k] != y[k]), shorter)
        if stem < DERIVED_STEM or max(len(x), len(y)) - stem > DERIVED_ENDING:
            return False
        if not (x.isalpha() and y.isalpha() and common(x) and common(y)):
            return False
    return True


DEMONYM_SUFFIXES = ("n", "an", "ian", "i", "ese", "ish")
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP"})
COUNTRY_LABELS = frozenset({"GPE", "LOC"})
"""Labels under which two names may be one country in two house styles ("Britain" / "UK",
:func:`drift.text.countries.same_country`)."""


def _demonym_variant(a: str, b: str, *, places: bool = False) -> bool:
    """Same words but for a place written as its adjective or its people
    ("Russian centre" / "Russia's centre", "the Kenyans" / "Kenya").

    With ``places`` (both names tagged as places or peoples) the place's final vowel may
    give way to the suffix ("Ukraine" / "Ukrainian", "China" / "Chinese", "Italy" /
    "Italian"); a person's name never reads so ("Maria" / "Marian")."""
    ta, tb = name_key(a).split(), name_key(b).split()
    if len(ta) != len(tb) or ta == tb:
        return False
    for x, y in zip(ta, tb, strict=True):
        if x == y:
            continue
        short, long_ = sorted((x, y), key=len)
        if long_.endswith("s") and not short.endswith("s"):
            long_ = long_[:-1]
        stems = [short, short[:-1]] if places and short[-1:] in "aeoy" else [short]
        if not (
            len(short) >= 4
            and any(long_.startswith(st) and long_[len(st) :] in DEMONYM_SUFFIXES for st in stems)
        ):
            return False
    return True


def _descriptor_synonyms(a: str, b: str, wv: Any) -> bool:
    """Nationality/religion descriptors whose differing words are near-synonyms (Muslim/Islamic)."""
    wa, wb = a.lower().split(), b.lower().split()
    da = [w for w in wa if w not in wb]
    db = [w for w in wb if w not in wa]
    if len(da) != len(db) or not da:
        return False
    return all((wv.similarity(x, y) or 0.0) >= DESCRIPTOR_SYNONYM_COSINE for x, y in zip(da, db, strict=True))


def _compatible(a: Mention, b: Mention) -> bool:
    ka, kb = KIND_GROUP.get(a.label), KIND_GROUP.get(b.label)
    return ka is None or kb is None or ka == kb


def present_in(name: str, key_text: str, text: str | None = None) -> bool:
    """Whether a name occurs in text already passed through ``name_key``: whole, or with
    most of its words (a name written out in full or cut short, "Chengdu US Consulate").

    With the original ``text``, a name whose missing word stands replaced by another
    capitalised word, the rest in place, is not present: "World Health Organization" is
    not in "the Fincham Health Organization" (one part of the name became another name).
    """
    key = name_key(name)
    if not key:
        return False
    if f" {key} " in f" {key_text} ":
        return True
    words = key.split()
    if len(words) < 2:
        return False
    have = set(key_text.split())
    if sum(w in have for w in words) * 2 <= len(words):
        return False
    return text is None or not _part_replaced(name, text)


NAME_WORD = r"((?:[a-z]{1,3}[-'’])?[A-Z][\w'’-]+)"
"""A capitalised word of a name, with the lower-case particle it may carry ("al-Masri")."""


def _part_replaced(name: str, text: str) -> bool:
    """Whether ``text`` has ``name`` with one of its words swapped for another capitalised
    word, which may carry a lower-case particle ("al-Masri", "d'Estaing")."""
    parts = name.split()
    for i, part in enumerate(parts):
        before = r"\s+".join(re.escape(p) for p in parts[:i])
        after = r"\s+".join(re.escape(p) for p in parts[i + 1 :])
        pattern = (before + r"\s+" if before else r"\b") + NAME_WORD + (r"\s+" + after if after else r"\b")
        for m in re.finditer(pattern, text):
            if m.group(1).lower() != part.lower():
                return True
    return False


def _misspelled(old: str, new: str, rank: Callable[[str], int | None]) -> bool:
    """Same words but for typing slips ("Central Amercia" for "Central America")."""
    a, b = old.split(), new.split()
    return (
        len(a) == len(b)
        and any(x != y for x, y in zip(a, b, strict=True))
        and all(x.lower() == y.lower() or misspelling(x, y, rank) for x, y in zip(a, b, strict=True))
    )


@register(
    "entity",
    emits=(FindingType.ENTITY, FindingType.OMISSION, FindingType.ADDITION),
    models=("parser", "word_vectors", "encoder", "wordnet"),
    defaults={"swap_min_gain": SWAP_MIN_GAIN},
)
class EntityDetector(Detector):
    """Compares the names on both sides with transliteration-aware matching.

    A source name that is gone and a new copy name of a compatible kind in the same
    changed hunk is a changed name (critical). A name with no counterpart is an
    omission, a new name an addition; both are minor when the name is a descriptor
    (nationality, religion) or still appears elsewhere in the other document.
    """

    swap_min_gain: float

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._doc_keys: dict[str, str] = {}

    def _doc_key(self, side: Side) -> str:
        doc = side.document
        key = f"{doc.id}:{doc.sha256}"
        if key not in self._doc_keys:
            self._doc_keys[key] = name_key(" ".join(s.plain for s in doc.sentences))
        return self._doc_keys[key]

    def __call__(self, ctx: PairContext) -> list[Finding]:
        src_all = mentions(ctx.source.doc)
        cpy_all = mentions(ctx.copy.doc)
        wv = ctx.resources.word_vectors
        common = ctx.resources.wordnet.common
        src_key, cpy_key = name_key(ctx.source.text), name_key(ctx.copy.text)
        lost = [
            m
            for m in src_all
            if m.tokens & ctx.src_changed_tokens
            and not present_in(m.text, cpy_key, ctx.copy.text)
            and not any(_same(m, c, wv, common) or ctx.policy.equivalent(m.text, c.text) for c in cpy_all)
        ]
        new = [
            c
            for c in cpy_all
            if c.tokens & ctx.cpy_changed_tokens
            and not present_in(c.text, src_key, ctx.source.text)
            and not any(_same(m, c, wv, common) or ctx.policy.equivalent(m.text, c.text) for m in src_all)
        ]
        out: list[Finding | None] = []
        used: set[int] = set()
        pairs = self._pair(ctx, lost, new)
        for j, m in enumerate(lost):
            options = [k for k, c in enumerate(new) if k not in used and self._swapped(ctx, m, c)]
            if not options and j in pairs and pairs[j] not in used:
                options = [pairs[j]]
            if options:
                k = max(options, key=lambda k: (compare_names(m.text, new[k].text).score, -k))
                c = new[k]
                used.add(k)
                if _misspelled(m.text, c.text, wv.rank):
                    out.append(
                        ctx.finding(
                            "entity.misspelled",
                            (m.start, m.end),
                            (c.start, c.end),
                            f"name {quote(m.text)} is misspelled as {quote(c.text)}",
                        )
                    )
                    continue
                reason = compare_names(m.text, c.text, label=m.label if m.label == c.label else None).reason
                out.append(
                    ctx.finding(
                        "entity.changed",
                        (m.start, m.end),
                        (c.start, c.end),
                        f"name {quote(m.text)} became {quote(c.text)} ({reason})",
                    )
                )
                continue
            minor = (
                m.label in DESCRIPTOR_LABELS
                or present_in(m.text, self._doc_key(ctx.copy))
                or inside_trimmed(ctx.source.doc, m.tokens, ctx.src_changed_tokens, ctx.copy.doc)
                or described_by_role(ctx.source.doc, m.tokens, ctx.copy.doc)
            )
            out.append(
                ctx.finding(
                    "omission.entity_minor" if minor else "omission.entity",
                    (m.start, m.end),
                    None,
                    f"the name {quote(m.text)} is missing from the copy",
                )
            )
        for k, c in enumerate(new):
            if k in used:
                continue
            minor = c.label in DESCRIPTOR_LABELS or present_in(c.text, self._doc_key(ctx.source))
            out.append(
                ctx.finding(
                    "addition.entity_minor" if minor else "addition.entity",
                    None,
                    (c.start, c.end),
                    f"the copy adds the name {quote(c.text)}, absent from the source sentence",
                )
            )
        return [f for f in out if f is not None]

    def _pair(self, ctx: PairContext, lost: list[Mention], new: list[Mention]) -> dict[int, int]:
        """Lost and new names of one kind in a reworded sentence: the name moved and changed.

        A rewrite reorders words, so a swapped name need not sit in the same changed hunk.
        When, of one kind of name (then of all names left), exactly one vanished from the
        source sentence and exactly one appeared in the copy, neither a descriptor nor found
        anywhere in the other document, they are a candidate swap. It stands when writing the
        copy's name into the source sentence brings it closer to the copy by at least
        ``SWAP_MIN_GAIN``: a translated or exonym form ("Munich"/"München") already reads
        alike to the encoder, so the swap adds little.
        """

        def fits(m: Mention, group: str | None) -> bool:
            """Not a descriptor, and of ``group`` (any kind when None)."""
            return m.label not in DESCRIPTOR_LABELS and (group is None or KIND_GROUP.get(m.label) == group)

        out: dict[int, int] = {}
        kinds = sorted({KIND_GROUP[m.label] for m in lost if m.label in KIND_GROUP and fits(m, None)})
        for group in [*kinds, None]:
            old_ks = [
                j
                for j, m in enumerate(lost)
                if j not in out and fits(m, group) and not present_in(m.text, self._doc_key(ctx.copy))
            ]
            new_ks = [
                k
                for k, c in enumerate(new)
                if k not in out.values()
                and fits(c, group)
                and not present_in(c.text, self._doc_key(ctx.source))
            ]
            if len(old_ks) != 1 or len({name_key(new[k].text) for k in new_ks}) != 1:
                continue
            old, cand = lost[old_ks[0]], new[new_ks[0]]
            src = ctx.source.text
            swapped = src[: old.start] + cand.text + src[old.end :]
            vecs = ctx.resources.embed([src, swapped, ctx.copy.text])
            gain = float(vecs[1] @ vecs[2]) - float(vecs[0] @ vecs[2])
            if gain >= self.swap_min_gain:
                out[old_ks[0]] = new_ks[0]
        return out

    @staticmethod
    def _swapped(ctx: PairContext, old: Mention, new: Mention) -> bool:
        """Whether ``new`` took ``old``'s place: same changed hunk, compatible kind, a tight swap."""
        if not _compatible(old, new):
            return False
        src_units = {k for k, u in enumerate(ctx.source.units) if u.tok in old.tokens}
        cpy_units = {k for k, u in enumerate(ctx.copy.units) if u.tok in new.tokens}
        for h in ctx.changes:
            if not (
                src_units & set(range(h.src_start, h.src_end))
                and cpy_units & set(range(h.cpy_start, h.cpy_end))
            ):
                continue
            tight = max(h.src_end - h.src_start, h.cpy_end - h.cpy_start) <= MAX_SWAP_UNITS
            if tight or compare_names(old.text, new.text).score >= 0.3:
                return True
        return False
