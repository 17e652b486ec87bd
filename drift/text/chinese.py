"""Chinese names across pinyin and Wade-Giles.

A Chinese name is written in pinyin ("Deng Xiaoping") or, in older and Taiwanese copy, in
Wade-Giles ("Teng Hsiao-ping"). Both spell the same syllables, so two names are the same when
their syllables are. The syllable inventory and the pinyin-to-Wade-Giles table come from
pypinyin's data; nothing here is a hand table. Wade-Giles as the press writes it drops the
aspiration apostrophes and the umlaut, so syllables are compared in that apostrophe-free
Wade-Giles form, which is what both spellings map onto.

Decisions:
    * Syllables without a vowel (the interjections "m", "ng", "hm") are not name syllables.
    * A token is read every way it splits into syllables ("xian" is "xian" or "xi an"); two
      tokens match when any reading of one equals any reading of the other.
    * Postal romanisation ("Tsingtao", "Kwangchow") is a third system with no table in
      pypinyin, and is not recognised.
"""

from __future__ import annotations

import re
from functools import cache

_MAX_SYLLABLE = 6
_MAX_READINGS = 16


def _plain(syllable: str) -> str:
    return re.sub(r"[^a-z]", "", syllable.replace("ü", "u").replace("v", "u"))


@cache
def _tables() -> tuple[frozenset[str], dict[str, str], frozenset[str]]:
    """Pinyin syllables, their apostrophe-free Wade-Giles forms, and the set of those forms."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    pinyin: set[str] = set()
    readings = {r for joined in pinyin_dict.values() for r in joined.split(",")}  # distinct: ~1,500
    for reading in sorted(readings):
        plain = convert(reading, Style.NORMAL, strict=False)
        if plain.isalpha() and plain.isascii() and re.search("[aeiouv]", plain):
            pinyin.add(plain.replace("v", "u"))
    wade = {p: _plain(convert(p, Style.WADEGILES, strict=False)) for p in pinyin}
    return frozenset(pinyin), wade, frozenset(wade.values())


@cache
def _splits(token: str, inventory: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    if not token:
        return ((),)
    out: list[tuple[str, ...]] = []
    for n in range(1, min(_MAX_SYLLABLE, len(token)) + 1):
        head = token[:n]
        if head in inventory:
            out.extend((head, *rest) for rest in _splits(token[n:], inventory))
            if len(out) >= _MAX_READINGS:
                break
    return tuple(out[:_MAX_READINGS])


@cache
def syllable_readings(token: str) -> frozenset[tuple[str, ...]]:
    """Every reading of a lower-case ASCII token as Chinese syllables, in Wade-Giles form.

    Empty when the token is not a run of pinyin or of Wade-Giles syllables.

    Examples:
        >>> ("teng",) in syllable_readings("deng")
        True
        >>> ("hsiao", "ping") in syllable_readings("hsiaoping")
        True
        >>> syllable_readings("gorbachev")
        frozenset()
    """
    if not token.isascii() or not token.isalpha():
        return frozenset()
    pinyin, wade, wade_forms = _tables()
    readings = {tuple(wade[s] for s in split) for split in _splits(token, pinyin)}
    readings.update(_splits(token, wade_forms))
    return frozenset(readings)


def same_syllables(a: str, b: str) -> bool:
    """Whether two tokens spell the same Chinese syllables ("Zedong" / "Tsetung")."""
    return bool(syllable_readings(a) & syllable_readings(b))


def is_chinese_name(tokens: list[str]) -> bool:
    """Whether a person's name reads as a Chinese one: two or three tokens, every one of
    them Chinese syllables, the first (the surname) a single syllable, the others at most two.
    """
    if not 2 <= len(tokens) <= 3:
        return False
    readings = [syllable_readings(t) for t in tokens]
    if not all(readings):
        return False
    return any(len(r) == 1 for r in readings[0]) and all(any(len(r) <= 2 for r in rs) for rs in readings[1:])
