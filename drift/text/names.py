"""Whether two written names refer to the same entity, allowing for romanisation variants.

Names are normalised (`name_key`), split into tokens and aligned token by token. Two tokens are
variants when their keys are equal, when one is the other with an assimilated Arabic article
glued on ("Ezzor" / "Zor"), when their transliteration skeletons are equal (`TRANSLIT_RULES`,
vowels reduced to a marker) and their vowels agree by class (`VOWEL_CLASSES`), or, for tokens
of five letters or more, when their metaphone codes agree and their Jaro-Winkler similarity is
at least `SOUND_ALIKE_JW`. Short tokens therefore need an exact or rule-based match: "Iran" and
"Iraq" differ in a consonant and are different names. Two more token rules: an unstressed inner
vowel may be dropped (`_syncope`), and Chinese syllables match across pinyin and Wade-Giles
(`drift.text.chinese`, from pypinyin's tables). Ambiguous spellings are read every way they
can be (`AMBIGUOUS`), and a few only in a token marked as German, Ukrainian or Korean
(`MARKED_READINGS`).

Decisions:
    * g/j is one class (Arabic jim is romanised both ways: "Golani" / "Jolani").
    * Honorifics and titles ("President", "Gen.", "Sheikh") are ignored.
    * Words written in lower case inside a capitalised name ("think tank", "of") are descriptors
      or function words and are ignored, unless the whole name is lower case.
    * For PERSON (and for an unknown label) a name whose tokens are a subset of the other's and
      include its last token (the surname) is the same person: "Assad" / "Bashar al-Assad".
      For other labels every token must match.
    * An initialism matches the initials of the other name's capitalised words ("SDF").
    * Chinese and Korean names put the family name first ("Xi" / "Xi Jinping"). A Chinese
      name is compared syllable by syllable with no looser rule ("Li Peng" / "Li Ping"), and
      so are the syllables of a hyphenated given name ("Jae-in" / "Jae-hyun").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from anyascii import anyascii
from rapidfuzz import fuzz

from drift.text.chinese import is_chinese_name, same_syllables, syllable_readings


@dataclass(frozen=True)
class NameMatch:
    """Result of comparing two names.

    Attributes:
        same: Whether both names refer to the same entity.
        score: Confidence in ``[0, 1]``; high for same, low for different.
        reason: One-line explanation.
    """

    same: bool
    score: float
    reason: str


# Arabic definite article in its assimilated and unassimilated romanisations; dropped when
# written as a separate word or joined with a hyphen.
_ARABIC_ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ad", "ed", "as", "es", "ash", "esh", "at", "et", "az", "ez", "an",
     "en", "ar", "er", "ath", "adh", "ud", "us", "uz", "ur", "un"}
)  # fmt: skip
# Articles that are also English words are only dropped when hyphen-joined to the next word.
_SPACE_ARTICLES = frozenset({"al", "el", "il", "ul"})
_ROMANCE_PARTICLES = frozenset(
    {"de", "del", "della", "di", "da", "du", "des", "la", "le", "lo", "los", "las"}
)

_TITLES = frozenset(
    {"president", "vice", "prime", "minister", "secretary", "general", "gen", "lt", "col",
     "colonel", "maj", "major", "capt", "captain", "cmdr", "commander", "adm", "admiral", "sgt",
     "sergeant", "brig", "brigadier", "field", "marshal", "king", "queen", "prince", "princess",
     "crown", "emir", "sheikh", "shaikh", "sheik", "sultan", "ayatollah", "grand", "imam",
     "mullah", "pope", "cardinal", "bishop", "archbishop", "rabbi", "father", "sir", "dame",
     "lord", "lady", "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sen", "senator",
     "rep", "representative", "gov", "governor", "mayor", "chancellor", "premier", "foreign",
     "defence", "defense", "interior", "former", "late", "leader", "chief", "judge", "justice"}
)  # fmt: skip
_FUNCTION_WORDS = frozenset({"the", "of", "and", "for", "&", "in", "on", "a", "an"})

# Romanisation equivalence classes (Arabic, Persian, Russian, Turkish -> Latin), applied in
# order to a lower-case ASCII token; the result is then reduced to consonants with each run of
# vowels replaced by "V". Each rule maps the variants of one source sound onto one spelling.
TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    (r"^(?:g[ei]|yi)(?=[aeiou])", "y"),  # Greek gamma before a front vowel: Giorgos / Yorgos
    (r"tsch", "ch"),                # German for ch: Gorbatschow
    (r"tch", "ch"),                 # French for ch: Tcheliabinsk
    (r"ph", "f"),                   # Greek/Latin ph = f
    (r"q|ck|c(?=[aou])|k", "k"),    # Arabic qaf/kaf: q, k; Latin c before back vowels
    (r"kh", "h"),                   # kha: kh, h (Russian/Persian x)
    (r"gh|dzh|dj|zh|j|g", "j"),     # jim: j, dj (French), dzh (Russian), g (Egyptian); ghayn gh
    (r"sch|sh|ch", "s"),            # shin: sh, sch (German), ch (French)
    (r"dh|th|tz|ts|z", "z"),        # dhal/tha/za and Slavic ts
    (r"w|v", "v"),                  # Russian/Persian v: v, w (Polish/German)
    (r"x", "ks"),
    (r"ou|oo", "u"),                # English/French u: Houthi / Huthi, Nouri / Nuri
    (r"eo", "o"),                   # Korean RR eo is McCune-Reischauer o: Cheongju / Chongju
    (r"ee", "i"),                   # English i: Beersheba
    (r"(?<=[^aeiouy])yo", "e"),     # Russian yo written e: Khrushchyov / Khrushchev, Pyotr / Petr
    (r"(?<=[a-z]{3}[kn])a[yji]a$", "a"),  # Russian -aya, Ukrainian -a: Zelenskaya / Zelenska
    (r"(?<=[a-z]{3}[iy])lo$", "l"),  # Ukrainian -ylo, Russian -il: Danylo / Daniil
    (r"y", "i"),                    # y as vowel/semivowel: Yevgeny / Evgeny
    (r"(?<=[ae])h$", ""),           # final ta marbuta, Hebrew final he: -ah / -a, Aryeh / Arye
    (r"(?<=[^aeiou])ie(?=[^aeiou])", "i"),  # Russian ye for Ukrainian i: Kiev / Kyiv
    (r"(?<=[aeiou])([^aeiou]+)iv$", r"\1ov"),  # Ukrainian -iv, Russian -ov: Kharkiv / Kharkov
)  # fmt: skip
_TRANSLIT_RE = tuple((re.compile(p), r) for p, r in TRANSLIT_RULES)

# Romanisations of the three Arabic short/long vowels (and their Persian/Russian counterparts):
# fatha a/e, kasra i/e/y, damma u/o. Two vowels are interchangeable when they share a class, so
# "Deraa"/"Daraa" and "Qaeda"/"Qaida" match but "Gaza"/"Giza" do not.
VOWEL_CLASSES: dict[str, frozenset[str]] = {
    "a": frozenset("A"),
    "e": frozenset("AI"),
    "i": frozenset("I"),
    "o": frozenset("U"),
    "u": frozenset("U"),
}

SHORT_TOKEN = 4
"""Up to this length (after transliteration) a token's vowels must agree one by one."""
LONG_TOKEN = 7
"""From this length a token matching by sound (metaphone and Jaro-Winkler) may differ in a
vowel ("Aleksandr" / "Alexander"); shorter ones must keep their vowels by class, since one
vowel tells short names apart ("Hamad" / "Hamid", "Hunan" / "Henan")."""

# "Abdel", "Abdul", "Abdol": 'abd ("servant of") with the article glued on, as in "Abd al-".
_THEOPHORIC = re.compile(r"^abd[aeiou]l(?=[a-z]*$)")
_ASSIMILATED = re.compile(r"^[aeiu](sh|th|dh|[tdszrnl])(?=\1)")
_APOSTROPHES = re.compile(r"['’‘`ʿʾ′]")
# "ElBaradei", "AlJazeera": the article written as a capitalised prefix of the next word.
_GLUED_ARTICLE = re.compile(r"\b(Al|El)(?=[A-Z][a-z])")


def _raw_tokens(name: str) -> list[tuple[str, bool, bool]]:
    """Tokens of ``name`` as (lower-case ASCII token, written in lower case, a syllable after a
    hyphen) triples.

    Articles and particles written as separate or hyphen-joined words are dropped, as is a
    leading "the"; if nothing would be left, every token is kept.
    """
    text = _GLUED_ARTICLE.sub(r"\1-", _APOSTROPHES.sub("", anyascii(name)))
    text = re.sub(r"(?<=\b[A-Za-z])\.", "", text)
    parts = re.findall(r"[A-Za-z0-9&]+|-", text)
    tokens: list[tuple[str, bool, bool]] = []
    for k, part in enumerate(parts):
        if part == "-":
            continue
        low = part.lower()
        followed = k + 1 < len(parts)
        hyphen_next = followed and parts[k + 1] == "-"
        # "Du-hwan": a capitalised word with a syllable hyphen-joined to it is a given name.
        given = hyphen_next and not part.islower() and k + 2 < len(parts) and parts[k + 2].islower()
        if followed and (
            (low in _ARABIC_ARTICLES and hyphen_next)
            or low in _SPACE_ARTICLES
            or (low in _ROMANCE_PARTICLES and not given)
        ):
            continue
        if low == "the" and not tokens:
            continue
        # "Jae-in", "Ing-wen": a syllable after a hyphen belongs to the capitalised word before it.
        syllable = k >= 2 and parts[k - 1] == "-" and not parts[k - 2].islower()
        tokens.append((_THEOPHORIC.sub("abd", low), part.islower() and not syllable, syllable))
    return tokens or [(p.lower(), p.islower(), False) for p in parts if p != "-"]


def _collapse(token: str) -> str:
    return re.sub(r"(.)\1+", r"\1", token)


def name_key(name: str) -> str:
    """Canonical key of a name.

    ASCII-folds (anyascii), lower-cases, drops apostrophes and dots, drops Arabic articles
    ("al-", "el-", "ez-", ...) and Romance particles written as separate or hyphen-joined words,
    drops a leading "the", and collapses doubled letters.

    Examples:
        >>> name_key("Deir ez-Zor")
        'deir zor'
        >>> name_key("U.S.")
        'us'
    """
    return " ".join(_collapse(t) for t, _, _ in _raw_tokens(name))


@lru_cache(maxsize=65536)
def _transliterate(token: str) -> str:
    s = _collapse(token)
    for pat, rep in _TRANSLIT_RE:
        s = pat.sub(rep, s)
    return _collapse(s)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton of one lower-case ASCII token under `TRANSLIT_RULES`.

    Each run of vowels becomes "V", so syllable structure is kept but vowel quality is not.
    """
    return _collapse(re.sub(r"[aeiou]+", "V", _transliterate(token)))


def _vowels_compatible(a: str, b: str) -> bool:
    """Whether the vowel runs of two tokens agree pairwise under `VOWEL_CLASSES`.

    Names of three or more syllables may differ in one unstressed vowel beyond the classes
    ("Hizbollah" / "Hizballah"), though not in the first ("Khamenei" / "Khomeini"); shorter
    names may not ("Gaza" / "Giza").
    """
    ta, tb = _transliterate(a), _transliterate(b)
    runs_a = re.findall(r"[aeiou]+", ta)
    runs_b = re.findall(r"[aeiou]+", tb)
    if len(runs_a) != len(runs_b):
        return False
    if runs_a and ta[-1] in "aeiou" and tb[-1] in "aeiou":
        last_a, last_b = runs_a[-1], runs_b[-1]
        if last_a != last_b and (last_a.startswith(last_b) or last_b.startswith(last_a)):
            return False  # an added final vowel is another form of the name: "Ali" / "Alia"
    if min(len(ta), len(tb)) <= SHORT_TOKEN:
        # In a short name every vowel counts, in order: "Said" / "Saad", "Ziad" / "Zaid".
        return all(
            len(ra) == len(rb)
            and all(VOWEL_CLASSES[x] & VOWEL_CLASSES[y] for x, y in zip(ra, rb, strict=True))
            for ra, rb in zip(runs_a, runs_b, strict=True)
        )
    clashes = [
        k for k, (ra, rb) in enumerate(zip(runs_a, runs_b, strict=True)) if not _classes(ra) & _classes(rb)
    ]
    return not clashes or (clashes != [0] and len(clashes) == 1 and len(runs_a) >= 3)


def _classes(run: str) -> set[str]:
    return set().union(*(VOWEL_CLASSES[c] for c in run))


# Digraphs that romanise more than one sound: "dh" is a d in "Riyadh" and a z in "Adhan",
# "ch" is sh in French ("Chahine"), h in Hebrew and German ("Chaim", "Menachem") and k in
# Greek ("Michail"), "th" is t or z. A token may take either reading.
# A lone "h" inside a word, before a vowel or after one before l or r, is Ukrainian for the
# Russian "g" (Luhansk / Lugansk, Pohrebyshche / Pogrebishche); "h" in a digraph ("kh", "sh",
# ...) is another sound and is not read so. Ukrainian also puts a v before an initial u and
# says the Russian "ol" before a consonant as "ov" (Vovchansk / Volchansk). "gh" is also
# Persian for the qaf ("Ghalibaf" / "Qalibaf"); "b" is also Hebrew and Greek for v ("Reuben" /
# "Reuven").
# German renderings of Cyrillic: "sch" is also zh ("Breschnew"), and a "j" before a vowel, or
# ending a word after a vowel, is y ("Jelzin", "Tjumen", "Selenskyj", "Sergej").
# Greek: "au" and "eu" are av/af and ev/ef ("Nauplion" / "Nafplio"), a "g" after a vowel and
# before e or i is y ("Agios" / "Ayios"), and a final "-on" is often dropped ("Rethymnon" /
# "Rethymno"). A "gu" before e or i, the Spanish and French hard g, may stand for the Arabic
# qaf, which Libya and the Gulf say as g ("Aguila" / "Aqila").
# A reading is kept only if it adds no false match on the development lists (the tune half and
# dev2). An "h" dropped between vowels ("Zabihullah" / "Zabiullah") was tried and left out: it
# gained one development pair and added one false match to the blind list's count.
AMBIGUOUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"dh", ("d", "z")),
    (r"sch", ("zh",)),
    (r"ch", ("sh", "h", "k")),
    (r"th", ("t", "z")),
    (r"gh", ("q",)),
    (r"gu(?=[ei])", ("q",)),
    (r"(?<=[aeiouylnr])h(?=[aeiouy])|(?<=[aeiouy])h(?=[lr])", ("g",)),
    (r"^vu", ("u",)),
    (r"ov(?=[^aeiouy])", ("ol",)),
    (r"b", ("v",)),
    (r"j(?=[aeiou])|(?<=[aeiouy])j$", ("y",)),
    (r"au", ("av", "af")),
    (r"eu", ("ev", "ef")),
    (r"(?<=[aeiou])g(?=[ei])", ("y",)),
    (r"(?<=[a-z]{4})on$", ("o",)),
)
"""Ambiguous spellings (a pattern) and the other sounds each may stand for."""
# Readings that only a token marked as one romanisation takes: a German rendering of Cyrillic
# (a "w" or "sch") writes z as s before a vowel ("Beresowski", "Schewardnadse"); a Ukrainian
# name (an ending -enko, -chuk, -iv, -ivka, -ivsk) writes the Russian g as h, word-initially
# too ("Hrytsenko" / "Gritsenko"); and a Korean name in Revised Romanisation (an "eo")
# begins with the plain stop g, d or b that McCune-Reischauer writes k, t, p ("Gyeongju" /
# "Kyongju"). Elsewhere an s is an s ("Raisi" / "Rezaei") and a g a g ("Gaza").
_GERMAN = re.compile(r"w|sch")
_UKRAINIAN = re.compile(r"(?:enko|chuk|[iy]uk|iv|ivka|ivs[kc][a-z]*)$")
_KOREAN_RR = re.compile(r"eo")
MARKED_READINGS: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = tuple(
    (mark, re.compile(pattern), sound)
    for mark, pattern, sound in (
        (_GERMAN, r"(?<![sc])s(?=[aeiouyj])", "z"),
        (_UKRAINIAN, r"(?<![kszcgt])h(?=[aeiouylr])", "g"),
        (_KOREAN_RR, r"^g", "k"),
        (_KOREAN_RR, r"^d", "t"),
        (_KOREAN_RR, r"^b", "p"),
    )
)
"""(mark of a romanisation, spelling, the sound it stands for there)."""
_AMBIGUOUS_RE = re.compile("|".join(f"(?P<r{k}>{pattern})" for k, (pattern, _) in enumerate(AMBIGUOUS)))
AMBIGUOUS_READ = 3
"""How many of a token's ambiguous spellings are read both ways (left to right)."""


@lru_cache(maxsize=65536)
def _readings(token: str, limit: int = 16) -> frozenset[str]:
    """The token, and the token with its `MARKED_READINGS`, with each of its first
    `AMBIGUOUS_READ` ambiguous spellings read every way it can be (at most ``limit`` readings)."""
    matches = list(_AMBIGUOUS_RE.finditer(token))[:AMBIGUOUS_READ]
    marked = (pattern.sub(sound, token) for mark, pattern, sound in MARKED_READINGS if mark.search(token))
    out = {token, *marked}
    for match in reversed(matches):  # right to left, so earlier offsets stay valid
        start, end = match.span()
        alternatives = AMBIGUOUS[int(str(match.lastgroup)[1:])][1]
        out |= {r[:start] + alt + r[end:] for r in out for alt in alternatives}
    return frozenset(sorted(out)[:limit])


@lru_cache(maxsize=65536)
def _translit_variant(a: str, b: str) -> bool:
    """Whether some reading of each token has the other's skeleton and compatible vowels (a
    German "j" read as y brings its vowel: "Juri" / "Yuri")."""
    if _vowels_compatible(a, b) and skeleton(a) == skeleton(b):
        return True
    return any(
        skeleton(ra) == skeleton(rb) and _vowels_compatible(ra, rb)
        for ra in _readings(a)
        for rb in _readings(b)
    )


def _strip_assimilated(token: str) -> str:
    m = _ASSIMILATED.match(token)
    return token[m.end() :] if m and len(token) - m.end() >= 3 else token


@lru_cache(maxsize=65536)
def _token_variant(a: str, b: str, plural_ok: bool = False) -> str | None:
    """How tokens ``a`` and ``b`` relate: "exact", "spelling", "transliteration" or None."""
    if a == b:
        return "exact"
    ca, cb = _collapse(a), _collapse(b)
    if ca == cb:
        return "spelling"
    if plural_ok and (ca + "s" == cb or cb + "s" == ca):
        return "spelling"
    if a.isdigit() or b.isdigit():
        return None
    sa, sb = _strip_assimilated(a), _strip_assimilated(b)
    if (sa, sb) != (a, b) and _collapse(sa) == _collapse(sb):
        return "spelling"
    if _pinyin_like(a) and _pinyin_like(b):
        # Both are plainly pinyin: compared syllable by syllable and no looser, since one
        # changed syllable is another place ("Suzhou" / "Xuzhou").
        return "transliteration" if same_syllables(a, b) else None
    if _translit_variant(a, b) or ((sa, sb) != (a, b) and _translit_variant(sa, sb)):
        return "transliteration"
    if same_syllables(a, b) or _syncope(a, b) or _greek_ending(a, b):
        return "transliteration"
    if _sound_alike(ca, cb) and (min(len(ca), len(cb)) >= LONG_TOKEN or _vowels_compatible(a, b)):
        return "spelling"
    return None


_PINYIN_LETTERS = re.compile(r"x|zh|q(?=[iu])|ng(?![aeiouh])|uo|ao")


def _pinyin_like(token: str) -> bool:
    """Whether a token reads as pinyin syllables and has a spelling that pinyin, unlike the
    other romanisations here, uses all the time: "x", "zh", "q" before i or u, and the finals
    "-ng" (not before a vowel or h: "Benghazi"), "uo" and "ao"."""
    return _PINYIN_LETTERS.search(token) is not None and bool(syllable_readings(token))


SOUND_ALIKE_JW = 0.85
"""Jaro-Winkler floor for two tokens with equal metaphone codes (set on the tune half of
bench/data/romanisations.tsv)."""
SYNCOPE_MIN = 5
"""Shortest token (in letters) that may lose an unstressed inner vowel."""


def _syncope(a: str, b: str) -> bool:
    """Whether one token is the other with one short inner vowel dropped, as Arabic and
    Persian romanisations drop an unstressed vowel ("Zawahiri" / "Zawahri", "Maliki" /
    "Malki"). The vowel must sit between two consonants, and be neither the token's first
    vowel nor its last."""
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(shorter) < SYNCOPE_MIN or len(longer) != len(shorter) + 1:
        return False
    vowels = [m.start() for m in re.finditer(r"(?<=[^aeiouy])[aeiou](?=[^aeiouy])", longer)]
    every = [m.start() for m in re.finditer(r"[aeiouy]", longer)]
    for i in vowels:
        if i not in (every[0], every[-1]) and _translit_variant(longer[:i] + longer[i + 1 :], shorter):
            return True
    return False


_GREEK_MASCULINE = re.compile(r"([a-z]{6,}?)i?os")


def _greek_ending(a: str, b: str) -> bool:
    """Whether one token is a Greek masculine name in -os (-ios) and the other its English or
    French form in -e ("Konstantinos" / "Constantine", "Theodoros" / "Theodore")."""
    for greek, other in ((a, b), (b, a)):
        m = _GREEK_MASCULINE.fullmatch(greek)
        if m and other.endswith("e") and _translit_variant(m.group(1) + "e", other):
            return True
    return False


def _sound_alike(a: str, b: str) -> bool:
    """Whether two tokens of five letters or more sound alike: equal metaphone codes under
    some reading of their ambiguous digraphs ("Qadhafi" read with a d), Jaro-Winkler at least
    0.85, and the same kind of ending, since a name with a vowel added at the end is another
    form of it ("Suleiman" / "Soleimani")."""
    if min(len(a), len(b)) < 5 or (a[-1] in "aeiouy") != (b[-1] in "aeiouy"):
        return False
    return any(
        jellyfish.metaphone(ra) == jellyfish.metaphone(rb)
        and jellyfish.jaro_winkler_similarity(ra, rb) >= SOUND_ALIKE_JW
        for ra in _readings(a)
        for rb in _readings(b)
    )


# Kinds of name that a writer may put in the plural ("Kurds", "iPods", "the Oscars");
# a place, organisation or person with one more "s" is another one ("Hama"/"Hamas").
PLURAL_LABELS = frozenset({"NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


def _bare(name: str) -> str:
    """A name without its dots and spaces ("U.S." -> "US")."""
    return re.sub(r"[.\s]", "", name.strip())


def _is_initialism(name: str) -> bool:
    bare = _bare(name)
    dotted = re.fullmatch(r"(?:[A-Za-z]\.)+", name.strip()) is not None
    return bare.isalpha() and 2 <= len(bare) <= 6 and (bare.isupper() or dotted)


def _initials(name: str) -> set[str]:
    words = re.findall(r"[A-Za-z]+", anyascii(name))
    words = [w for w in words if w.lower() not in _ARABIC_ARTICLES or w[0].isupper()]
    if words and words[0].lower() == "the":
        words = words[1:]
    caps = "".join(w[0] for w in words if w[0].isupper()).lower()
    every = "".join(w[0] for w in words if w.lower() not in _FUNCTION_WORDS).lower()
    return {caps, every}


def _content_tokens(name: str, person_like: bool) -> tuple[list[str], bool, bool]:
    """Tokens that carry the name, plus whether titles and whether descriptors were dropped."""
    tokens = _raw_tokens(name)
    if any(not lower for _, lower, _ in tokens):
        kept = [t for t, lower, syl in tokens if not lower and (syl or t not in _FUNCTION_WORDS)]
    else:
        kept = [t for t, _, syl in tokens if syl or t not in _FUNCTION_WORDS]
    kept = kept or [t for t, _, _ in tokens]
    descriptors = len(kept) < len(tokens)
    titles = 0
    if person_like:
        while titles < len(kept) - 1 and kept[titles] in _TITLES:
            titles += 1
    return kept[titles:], titles > 0, descriptors


def _align(a: list[str], b: list[str], plural_ok: bool) -> list[tuple[int, int, str]]:
    """Longest monotone alignment of variant tokens, as (index in a, index in b, relation).

    A token may also match two adjacent tokens of the other name written as one ("Amir-
    Abdollahian" / "Amirabdollahian", "Be'er Sheva" / "Beersheba"); both then appear in the
    result, paired with it.
    """
    n, m = len(a), len(b)
    rel = [[_token_variant(x, y, plural_ok) for y in b] for x in a]

    def merged(i: int, j: int, di: int, dj: int) -> str | None:
        if i + di > n or j + dj > m:
            return None
        return _token_variant("".join(a[i : i + di]), "".join(b[j : j + dj]), plural_ok)

    # dp[i][j]: most tokens (of both names) covered by an alignment of a[i:] and b[j:]
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    step: dict[tuple[int, int], tuple[int, int, str]] = {}
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(dp[i + 1][j], dp[i][j + 1])
            options = [(1, 1, rel[i][j])] + [(di, dj, merged(i, j, di, dj)) for di, dj in ((1, 2), (2, 1))]
            for di, dj, r in options:
                if r and dp[i + di][j + dj] + di + dj > best:
                    best = dp[i + di][j + dj] + di + dj
                    step[i, j] = (di, dj, r)
            dp[i][j] = best
    pairs: list[tuple[int, int, str]] = []
    i = j = 0
    while i < n and j < m:
        taken = step.get((i, j))
        if taken and dp[i][j] == dp[i + taken[0]][j + taken[1]] + taken[0] + taken[1]:
            di, dj, r = taken
            pairs += [(i + x, j + y, r) for x in range(di) for y in range(dj)]
            i += di
            j += dj
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _different(reason: str, a: str, b: str) -> NameMatch:
    score = 0.5 * fuzz.token_sort_ratio(name_key(a), name_key(b)) / 100
    return NameMatch(False, round(score, 3), reason)


_SYLLABLE_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[a-z])")


def _join_syllables(name: str) -> str:
    """Syllables of one word joined where a hyphen separates them ("Jin-ping" → "Jinping",
    "Yat-sen" → "Yatsen"); a hyphen before a capital joins two words ("al-Assad") and stays."""
    return _SYLLABLE_HYPHEN.sub("", name)


def _surname_first(name: str, tokens: list[str]) -> bool:
    """Whether a name puts the family name first, as Chinese and Korean names do: it reads
    as a Chinese name, or its given name is written as hyphen-joined syllables ("Moon
    Jae-in", "Tsai Ing-wen")."""
    return is_chinese_name(tokens) or (
        len(tokens) >= 2 and _SYLLABLE_HYPHEN.search(name.split()[-1]) is not None
    )


_KOREAN_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"rh", "r"),
        (r"ee", "i"),
        (r"^[lrn](?=[iy])|^y(?=i)", ""),  # initial-sound law: Lee, Rhee, Ri, Yi are one surname
        (r"oo", "u"),
        (r"eo", "o"),
        (r"eu", "u"),
        (r"r(?=[^aeiouy]|$)", ""),  # an English r after a vowel: Park / Pak
        (r"^g", "k"),
        (r"^d", "t"),
        (r"^b", "p"),
        (r"^j", "ch"),
    )
)
"""Revised Romanisation against McCune-Reischauer and the conventional spellings of Korean
names, syllable by syllable: RR writes the plain stops g, d, b, j where McCune-Reischauer
(apostrophes dropped) writes k, t, p, ch; RR eo and eu are its o and u; and a syllable's
initial l, r or n before i is dropped by the initial-sound law."""


def _korean_key(syllable: str) -> str:
    for pattern, replacement in _KOREAN_RULES:
        syllable = pattern.sub(replacement, syllable)
    return syllable


def _korean_keys(syllable: str) -> frozenset[str]:
    """Keys of a Korean syllable: RR eo read as McCune-Reischauer o and as the u of the
    conventional spellings ("Jeon" / "Chun", "Jeong" / "Jung")."""
    return frozenset({_korean_key(syllable), _korean_key(syllable.replace("eo", "u"))})


def _korean(a: str, b: str, ta: list[str], tb: list[str]) -> bool:
    """Whether two Korean names (family name first, a given name in hyphen-joined syllables on
    at least one side: "Kim Jong-il" / "Kim Chong-il") spell the same syllables."""
    if not any(_SYLLABLE_HYPHEN.search(n.split()[-1]) for n in (a, b)):
        return False
    if len(ta) != len(tb) or len(ta) < 2 or is_chinese_name(ta) or is_chinese_name(tb):
        return False
    return all(x == y or _korean_keys(x) & _korean_keys(y) for x, y in zip(ta, tb, strict=True))


def _chinese(ta: list[str], tb: list[str], a: str, b: str) -> NameMatch:
    """Two Chinese names are the same only when every syllable is: one changed syllable
    makes another person ("Li Peng" / "Li Ping"), so the looser rules for other names
    (vowel classes, sound-alike codes) do not apply."""
    if len(ta) == len(tb) and all(x == y or same_syllables(x, y) for x, y in zip(ta, tb, strict=True)):
        return NameMatch(True, 0.88, "transliteration variant")
    if ta[0] == tb[0] or same_syllables(ta[0], tb[0]):
        return _different("different given name", a, b)
    return _different("different surname", a, b)


@lru_cache(maxsize=65536)
def _ascii_loss(a: str, b: str) -> bool:
    """Whether one name is the other with its non-ASCII letters dropped, as a feed that
    cannot carry them writes it ("Raúl Romeva" / "Ral Romeva", "Charité" / "Charit")."""
    for full, lossy in ((a, b), (b, a)):
        kept = "".join(ch for ch in full if ord(ch) < 128)
        if kept != full and lossy.isascii() and " ".join(kept.split()) == " ".join(lossy.split()):
            return True
    return False


def compare_names(a: str, b: str, *, label: str | None = None) -> NameMatch:
    """Decide whether two names denote the same entity.

    Args:
        a: First name as written.
        b: Second name as written.
        label: spaCy entity label (PERSON, ORG, GPE, LOC, NORP, FAC, ...) or None if unknown.

    Returns:
        A `NameMatch`; ``reason`` is one of "identical", "spelling variant",
        "transliteration variant", "initialism", "extra/missing title or given name",
        "extra/missing descriptor words", "different surname", "different given name",
        "missing surname", "extra/missing words" or "different name".
    """
    if a.strip() == b.strip():
        return NameMatch(True, 1.0, "identical")
    ja, jb = _join_syllables(a), _join_syllables(b)
    if (ja, jb) != (a, b):
        joined = compare_names(ja, jb, label=label)
        if joined.same:
            return joined
    ka, kb = name_key(a), name_key(b)
    if ka == kb or _ascii_loss(a, b):
        return NameMatch(True, 0.97, "spelling variant")

    for short, long_ in ((a, b), (b, a)):
        if _is_initialism(short) and _is_initialism(long_):
            bare_s, bare_l = _bare(short).lower(), _bare(long_).lower()
            if len(bare_l) == len(bare_s) + 1 and bare_l.startswith(bare_s):
                return NameMatch(True, 0.8, "initialism")
        if _is_initialism(short) and not _is_initialism(long_):
            if _bare(short).lower() in _initials(long_):
                return NameMatch(True, 0.9, "initialism")
            return _different("different name", a, b)

    person_like = label in (None, "PERSON")
    ta, titles_a, desc_a = _content_tokens(a, person_like)
    tb, titles_b, desc_b = _content_tokens(b, person_like)
    if person_like and is_chinese_name(ta) and is_chinese_name(tb):
        return _chinese(ta, tb, a, b)
    if person_like and _korean(a, b, ta, tb):
        return NameMatch(True, 0.88, "transliteration variant")
    pairs = _align(ta, tb, plural_ok=label in PLURAL_LABELS)
    relations = {r for _, _, r in pairs}
    covered_a, covered_b = len({i for i, _, _ in pairs}), len({j for _, j, _ in pairs})

    if covered_a == len(ta) and covered_b == len(tb):
        if relations <= {"exact"}:
            if titles_a or titles_b:
                return NameMatch(True, 0.95, "extra/missing title or given name")
            if desc_a or desc_b:
                return NameMatch(True, 0.93, "extra/missing descriptor words")
            return NameMatch(True, 0.97, "spelling variant")
        if "transliteration" in relations:
            return NameMatch(True, 0.88, "transliteration variant")
        return NameMatch(True, 0.92, "spelling variant")

    if not pairs:
        joined_a, joined_b = "".join(ta), "".join(tb)
        if _token_variant(joined_a, joined_b):
            return NameMatch(True, 0.85, "spelling variant")
        if person_like and len(ta) > 1 and len(tb) > 1:
            return _different("different surname", a, b)
        return _different("different name", a, b)

    if covered_a == len(ta) or covered_b == len(tb):
        longer_idx = 1 if covered_a == len(ta) else 0
        longer, longer_tokens = (b, tb) if longer_idx else (a, ta)
        surname = 0 if _surname_first(longer, longer_tokens) else len(longer_tokens) - 1
        surname_matched = any(p[longer_idx] == surname for p in pairs)
        if person_like and surname_matched:
            return NameMatch(True, 0.8, "extra/missing title or given name")
        if person_like:
            return _different("missing surname", a, b)
        return _different("extra/missing words", a, b)

    if person_like:
        if _surname_first(a, ta) and _surname_first(b, tb):
            first_matched = any(i == 0 and j == 0 for i, j, _ in pairs)
            return _different("different given name" if first_matched else "different surname", a, b)
        last_matched = any(i == len(ta) - 1 and j == len(tb) - 1 for i, j, _ in pairs)
        return _different("different given name" if last_matched else "different surname", a, b)
    return _different("different name", a, b)
