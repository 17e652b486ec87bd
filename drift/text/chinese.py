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
    * Postal romanisation ("Tsingtao", "Kwangchow", "Szechwan"), the third system of place
      names, is derived from the Wade-Giles table by that system's own spelling rules
      (`POSTAL_RULES`): "hs" is written "s", a palatal "ch" is written "k" or "ts", "ou" is
      "ow", "u" before a vowel is "w", "fu" and "su" are "foo" and "soo", "ssu" is "sze" and a
      final "ei" is "e" or "eh". A postal spelling is read back as every Wade-Giles syllable
      it can stand for, so "Suchow" reads as Suzhou and as Xuzhou, while those two pinyin
      names stay different.
"""

from __future__ import annotations

import json
import re
from functools import cache

from drift.io import cache_dir, read_cached, write_cached

_CACHE_FORMAT = 1

_MAX_SYLLABLE = 6
_MAX_READINGS = 16

POSTAL_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"^([fs])u$", (r"\1oo",)),  # Fu-chou / Foochow, Su-chou / Soochow (not Hsu, before hs -> s)
    (r"^hs", ("s",)),  # Hsin-chiang / Sinkiang
    (r"^ch(?=[iu]$|i[aeou]|in|u[ae])", ("k", "ts")),  # palatal ch: Nan-ching / Nanking, Tsingtao
    (r"^ssu$|^szu$", ("sze",)),  # Ssu-ch'uan / Szechwan
    (r"(?<=[^aeiou])u(?=[aei])", ("w",)),  # K'uang / Kwang, Ch'uan / Chwan
    (r"(?<=[^aeiou])ui$", ("wei",)),  # Hui / Hwei (Anhwei), Kuei / Kwei
    (r"ou$", ("ow",)),  # Hang-chou / Hangchow
    (r"ei$", ("e", "eh")),  # Pei-ching / Peking, Hu-pei / Hupeh
)
"""How the postal system respells a Wade-Giles syllable: each rule may apply or not."""


def _plain(syllable: str) -> str:
    return re.sub(r"[^a-z]", "", syllable.replace("ü", "u").replace("v", "u"))


def postal_forms(wade: str) -> frozenset[str]:
    """The postal spellings of one apostrophe-free Wade-Giles syllable (itself included).

    Examples:
        >>> sorted(postal_forms("chiang"))
        ['chiang', 'kiang', 'tsiang']
    """
    forms = {wade}
    for pattern, replacements in POSTAL_RULES:
        forms |= {re.sub(pattern, r, f) for f in forms for r in replacements}
    return frozenset(forms)


@cache
def _postal() -> dict[str, frozenset[str]]:
    """Postal spelling -> the Wade-Giles syllables it can stand for."""
    out: dict[str, set[str]] = {}
    for wade in sorted(_tables()[2]):
        for form in postal_forms(wade):
            out.setdefault(form, set()).add(wade)
    return {form: frozenset(w) for form, w in out.items()}


@cache
def _tables() -> tuple[frozenset[str], dict[str, str], frozenset[str]]:
    """Pinyin syllables, their apostrophe-free Wade-Giles forms, and the set of those forms.

    Derived once from pypinyin's character table (reading it takes 0.3 s, which a check
    would pay on its first name) and kept under the cache directory, keyed by pypinyin's
    version; the few hundred syllables load in a millisecond.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        path = cache_dir() / f"pinyin-wadegiles-{version('pypinyin')}-f{_CACHE_FORMAT}.json"
    except PackageNotFoundError:
        path = None
    body = read_cached(path) if path is not None else None
    if body is not None:
        try:
            wade = json.loads(body)
        except ValueError:
            wade = None
        if isinstance(wade, dict) and all(isinstance(v, str) for v in wade.values()):
            return frozenset(wade), wade, frozenset(wade.values())
    wade = _derive_tables()
    if path is not None:
        write_cached(path, json.dumps(wade, sort_keys=True).encode())
    return frozenset(wade), wade, frozenset(wade.values())


def _derive_tables() -> dict[str, str]:
    """Each pinyin syllable in pypinyin's table and its apostrophe-free Wade-Giles form."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    pinyin: set[str] = set()
    readings = {r for joined in pinyin_dict.values() for r in joined.split(",")}  # distinct: ~1,500
    for reading in sorted(readings):
        plain = convert(reading, Style.NORMAL, strict=False)
        if plain.isalpha() and plain.isascii() and re.search("[aeiouv]", plain):
            pinyin.add(plain.replace("v", "u"))
    # pypinyin 0.55's converter takes a table entry that leaves a syllable unchanged for no
    # entry, so a syllable spelt alike in both systems falls through to its rules ("lai" comes
    # out "lei"). Its tables are read here in its own order (exceptions that change the
    # syllable, then the main table), and the converter only for what neither lists.
    from pypinyin.style import wadegiles

    table = {f: r for f, r in getattr(wadegiles, "_convert_table", [])}
    table.update({f: r for f, r in getattr(wadegiles, "_except_table", []) if f != r})
    return {p: _plain(table.get(p) or convert(p, Style.WADEGILES, strict=False)) for p in sorted(pinyin)}


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


@cache
def _postal_readings(token: str) -> frozenset[tuple[str, ...]]:
    """Every reading of a token as postal syllables, in Wade-Giles form."""
    if not token.isascii() or not token.isalpha():
        return frozenset()
    postal = _postal()
    out: set[tuple[str, ...]] = set()
    for split in _splits(token, frozenset(postal)):
        combos: list[tuple[str, ...]] = [()]
        for syllable in split:
            combos = [(*c, w) for c in combos for w in sorted(postal[syllable])][:_MAX_READINGS]
        out.update(combos)
    return frozenset(out)


def same_syllables(a: str, b: str) -> bool:
    """Whether two tokens spell the same Chinese syllables ("Zedong" / "Tsetung"), one of them
    possibly in postal spelling ("Nanjing" / "Nanking"); two postal spellings are compared as
    written."""
    ra, rb = syllable_readings(a), syllable_readings(b)
    return bool(ra & rb or ra & _postal_readings(b) or rb & _postal_readings(a))


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
