"""Number, date and quantity mentions in news text, and how two versions differ in them.

`find_numbers` scans a string for numerals ("507,000", "1.2", "30km", "$5bn", "50%"), number
words ("thirteen", "a million", "twenty-first"), dates ("Dec. 6", "6 December 2024",
"2024-12-07", "Friday"), years and clock times. Every mention carries a normalised value and,
where there is one, a canonical unit and an approximation qualifier ("more than", "about"...).
`compare_numbers` aligns the mentions of a source and a copy and reports what changed.

Decisions:
    * Ranges ("10-12", "10 to 12", "between 10 and 12") are two mentions.
    * Weekdays are kind "date" with `weekday` set (0 = Monday) and `date == (None, None, None)`.
    * A month named alone is a date where a preposition or a relative word governs it ("in
      March", "by late May"), not in "Theresa May" or "May's".
    * Dates counted from the day of writing are kind "date" with their scale as unit
      ("rel_day" for "yesterday"/"today"/"tonight"/"tomorrow", "rel_week", "rel_month",
      "rel_year", a season... for "next"/"coming"/"following", "last"/"past"/"previous" and
      "this") and the step as value (-1, 0, 1): "last year" matches "the previous year" and
      is changed into "this year" or "last month"; against an absolute date ("tomorrow" /
      "on Tuesday") it pairs with nothing. A part of the day tied to a day ("Tuesday
      morning", "last night") is a time with unit "part_of_day".
    * "507k" is 507,000; "5bn"/"5b"/"5mn"/"5tn" are scales; a bare attached "m" ("11m") means million
      unless it is followed by a hyphen or a dimension adjective ("a 30m-high wall", "30m tall"),
      where it means metres.
    * A four-digit number from 1800 to 2100 with no separator, unit or qualifier is a year.
    * "nearly"/"almost"/"close to" are "about_below", distinct from "about".
    * "40s" (a decade of age or of a century) has unit "decade"; "1980s" is a year.
    * A figure with letters glued on that are not a known unit ("600Mbit/s") takes them as its
      unit; one glued letter ("802.11n") makes it part of a code, not a figure.
    * Codes (words mixing letters and digits: "F-35", "H5N1", "802.11g") are not figures;
      `changed_codes` pairs a code that vanished with a new one spelled with the same letters.
    * "pounds" is currency only as "pounds sterling"; otherwise it is weight ("lb"), but
      `same_number` lets a written-out "pounds" match sterling ("£5m" / "5 million pounds").
    * Lakh and crore are scales (1e5, 1e7); "Rs" and "₹" are rupees.
    * Durations ("13 years", "5 seconds") are plain cardinals; "second" is an ordinal only when
      not preceded by a number, "a", "per" or "split".
    * Fractions in words are their value: "two-thirds" is 2/3, "three quarters" 0.75, "a
      half" 0.5. "A third" and "one third" are a fraction when hyphenated, followed by "of" or
      after an approximation ("about a third is water"), and otherwise an ordinal ("for a
      third time"); a numerator above one takes a plural denominator ("two thirds").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from drift.text.spacy_import import STOP_WORDS
from drift.text.units import same_measure

KINDS = ("cardinal", "ordinal", "percent", "money", "quantity", "date", "year", "time")

DateTuple = tuple[int | None, int | None, int | None]


@dataclass(frozen=True)
class NumberMention:
    """One number-like mention in a text.

    Attributes:
        start: Offset of the first character in the scanned string.
        end: Offset one past the last character; ``text == s[start:end]``.
        text: The mention as written.
        value: Normalised value. Dates use ``year*10000 + month*100 + day`` (0 for unknown parts),
            weekdays their index, times hours since midnight.
        unit: Canonical unit ("km", "mile", "percent", "usd", ...) or None.
        kind: One of `KINDS`.
        approx: Canonical qualifier: "gt", "ge", "lt", "le", "about", "about_below", "order" (an
            order of magnitude: "hundreds", "several thousand") or None.
        date: ``(year, month, day)`` for dates and years, else None.
        weekday: 0 (Monday) to 6 for weekday mentions, else None.
    """

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    kind: str
    approx: str | None = None
    date: DateTuple | None = None
    weekday: int | None = None


@dataclass
class NumberDiff:
    """How the numbers of a copy differ from those of its source."""

    changed: list[tuple[NumberMention, NumberMention]] = field(default_factory=list)
    qualifier_changed: list[tuple[NumberMention, NumberMention]] = field(default_factory=list)
    missing: list[NumberMention] = field(default_factory=list)
    added: list[NumberMention] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.qualifier_changed or self.missing or self.added)


_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1_000, "millionth": 1_000_000,
}  # fmt: skip
_CARDINAL_WORDS = {**_SMALL, **_TENS, **_SCALES, "dozen": 12}

_NUMERIC_SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_CURRENCY_SYMBOLS = {
    "us$": "usd", "$": "usd", "a$": "aud", "c$": "cad", "hk$": "hkd", "€": "eur", "£": "gbp",
    "¥": "jpy", "₹": "inr", "rs": "inr", "rs.": "inr", "usd": "usd", "eur": "eur", "gbp": "gbp",
    "jpy": "jpy", "cny": "cny", "inr": "inr", "chf": "chf", "aud": "aud", "cad": "cad",
}  # fmt: skip

# Regex alternative -> canonical unit, tried in order after a number.
_UNIT_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"%|per\s?cent\b|percent\b|pct\b", "percent"),
    (r"percentage[\s-]points?\b", "pp"),
    (r"(?:us\s+)?dollars?\b", "usd"),
    (r"euros?\b", "eur"),
    (r"pounds?\s+sterling\b", "gbp"),
    (r"yen\b", "jpy"),
    (r"yuan\b|renminbi\b", "cny"),
    (r"roubles?\b|rubles?\b", "rub"),
    (r"rupees?\b", "inr"),
    (r"(?:swiss\s+)?francs?\b", "chf"),
    (r"(?:km²|km2|sq(?:uare)?\.?\s+(?:km|kilomet(?:re|er)s?)\b)", "km2"),
    (r"sq(?:uare)?\.?\s+miles?\b", "mile2"),
    (r"km/h\b|kph\b|kilomet(?:re|er)s?\s+(?:per|an)\s+hour\b", "km/h"),
    (r"mph\b|miles?\s+(?:per|an)\s+hour\b", "mph"),
    (r"km\b|kms\b|kilomet(?:re|er)s?\b", "km"),
    (r"cm\b|centimet(?:re|er)s?\b", "cm"),
    (r"mm\b|millimet(?:re|er)s?\b", "mm"),
    (r"m\b|met(?:re|er)s?\b", "m"),
    (r"miles?\b|mi\b", "mile"),
    (r"ft\b|feet\b|foot\b", "ft"),
    (r"inch(?:es)?\b", "inch"),
    (r"kg\b|kilo(?:gram(?:me)?)?s?\b", "kg"),
    (r"tonnes?\b|tons?\b", "tonne"),
    (r"lbs?\b|pounds?\b", "lb"),
    (r"hectares?\b|ha\b", "hectare"),
    (r"acres?\b", "acre"),
    (r"lit(?:re|er)s?\b", "litre"),
    (r"barrels?\b|bbl\b", "barrel"),
    (r"°\s?c\b|degrees?\s+(?:celsius|centigrade)\b", "celsius"),
    (r"°\s?f\b|degrees?\s+fahrenheit\b", "fahrenheit"),
    (r"megawatts?\b|mw\b", "mw"),
    (r"gigawatts?\b|gw\b", "gw"),
)
_CURRENCY_UNITS = frozenset({"usd", "eur", "gbp", "jpy", "cny", "rub", "inr", "aud", "cad", "hkd", "chf"})
_UNIT_RE = re.compile(
    r"[\s-]?(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNIT_PATTERNS)) + ")",
    re.IGNORECASE,
)

_QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"more\s+than|greater\s+than|higher\s+than|in\s+excess\s+of|upwards\s+of|over|above|exceeding", "gt"),
    (r"at\s+least|no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than|a\s+minimum\s+of", "ge"),
    (r"(?:less|fewer|lower)\s+than|under|below", "lt"),
    (r"at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|as\s+many\s+as", "le"),
    (r"nearly|almost|close\s+to|just\s+shy\s+of", "about_below"),
    (r"about|around|approximately|roughly|some|circa|an\s+estimated|estimated|an\s+approximate", "about"),
    (r"several|a\s+few|many", "order"),
)  # fmt: skip
_QUAL_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<q{i}>{p})" for i, (p, _) in enumerate(_QUALIFIERS)) + r")\s+$",
    re.IGNORECASE,
)
_POST_QUAL_RE = re.compile(r"^(?:\s+or\s+(?P<ge>more|above)\b|\s+or\s+so\b|\s*-?\s?(?P<plus>\+|plus\b))")

_MONTH_PAT = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_ORD_SUFFIX = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])"),
    re.compile(
        _MONTH_PAT + r"\s+(?:the\s+)?(?P<d>\d{1,2})" + _ORD_SUFFIX + r"\b(?:,?\s+(?P<y>\d{4})\b)?"
    ),
    re.compile(
        r"(?<![\w.,])(?P<d>\d{1,2})" + _ORD_SUFFIX + r"\s+(?:of\s+)?" + _MONTH_PAT
        + r"(?:,?\s+(?P<y>\d{4})\b)?"
    ),
    re.compile(_MONTH_PAT + r",?\s+(?:of\s+)?(?P<y>\d{4})\b"),
)  # fmt: skip
_WEEKDAY_RE = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# A month named alone is a date only where a preposition or a relative word governs it
# ("in March", "by late May"): "May" is also a name and a verb.
_BARE_MONTH_RE = re.compile(
    r"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Ff]rom|[Dd]uring|[Tt]hrough|[Bb]efore|[Aa]fter|[Ll]ast|[Nn]ext"
    r"|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"(?!['’]s|\s+[A-Z])"
)
# Dates told relative to the day of writing: the day ("yesterday"), and a week, month,
# year or season counted from the present one ("next week", "last year").
_RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
_RELATIVE_DAY_RE = re.compile(r"\b(?P<w>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)\b(?!['’]s)")
_RELATIVE_STEPS = {
    "next": 1, "coming": 1, "following": 1, "last": -1, "past": -1, "previous": -1, "this": 0,
}  # fmt: skip
_RELATIVE_UNIT_RE = re.compile(
    r"\b(?P<step>[Nn]ext|[Cc]oming|[Ff]ollowing|[Ll]ast|[Pp]ast|[Pp]revious|[Tt]his)\s+"
    r"(?P<unit>week(?:end)?|month|year|decade|century|spring|summer|autumn|fall|winter)\b"
)
# A part of the day tied to a day ("Tuesday morning", "last night", "this evening").
_PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")
_PART_OF_DAY_RE = re.compile(
    r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|[Yy]esterday|[Tt]omorrow|[Tt]his|[Ll]ast|[Ee]arly|[Ll]ate)"
    r"\s+(?P<part>morning|afternoon|evening|night)\b"
)
_TIME_RE = re.compile(
    r"(?<![\w.,:])(?P<h>\d{1,2})(?:[:.](?P<mi>[0-5]\d))?\s?(?P<ap>[ap]\.m\.|[ap]m\b|[AP]M\b)"
    r"|(?<![\w.,:])(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?![\d:])"
)

_NUMERAL_RE = re.compile(
    r"(?<![\w.,])"
    r"(?P<cur>US\$|HK\$|A\$|C\$|\$|€|£|¥|₹|Rs\.?\s?|(?:USD|EUR|GBP|JPY|CNY|INR|CHF|AUD|CAD)\s?)?"
    r"(?P<neg>[-−](?=\d))?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)"
    r"|\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?![\d,.]?\d)"
    r"|\d+(?:\.\d+)?)"
)
_ATTACHED_RE = re.compile(
    r"(?P<ord>st|nd|rd|th)\b|(?P<dec>s\b|'s\b)|(?P<scale>k|K|bn|mn|mln|tn|m|b)\b"
    r"|\s(?P<wscale>thousand|million|billion|trillion|lakhs?|crores?)\b"
)
_WORD_RE = re.compile(r"[A-Za-z]+")
# A unit the scanner does not know, written onto the figure ("600Mbit/s"); one letter is
# more often part of a code ("802.11n", "5G") than a unit.
_GLUED_UNIT_RE = re.compile(r"([A-Za-z]{2,})(?:/[A-Za-z]+)?(?![\w.-]*\d)(?![\w-])")
_CODE_RE = re.compile(r"(?<![\w.-])[A-Za-z0-9]+(?:[-./][A-Za-z0-9]+)*")
_DIMENSION_ADJ = re.compile(r"(?:-|\s+(?:high|tall|long|wide|deep)\b)")


def find_numbers(text: str) -> list[NumberMention]:
    """Find the number, quantity, money, percent, date and time mentions in ``text``.

    Args:
        text: Any string.

    Returns:
        Mentions sorted by start offset, non-overlapping.
    """
    taken = bytearray(len(text) + 1)
    found: list[NumberMention] = []

    def claim(m: NumberMention) -> None:
        if any(taken[m.start : m.end]):
            return
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        found.append(m)

    for finder in (_find_dates, _find_times, _find_numerals, _find_vague, _find_words):
        for m in finder(text):
            claim(m)
    found.sort(key=lambda m: m.start)
    return found


def _find_dates(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            gd = m.groupdict()
            mon_s = gd.get("mon")
            month = _MONTHS[mon_s[:3].lower()] if mon_s else int(gd["m"])
            day = int(gd["d"]) if gd.get("d") else None
            year = int(gd["y"]) if gd.get("y") else None
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            value = (year or 0) * 10000 + month * 100 + (day or 0)
            out.append(
                NumberMention(m.start(), m.end(), m.group(), value, None, "date", None, (year, month, day))
            )
    for m in _WEEKDAY_RE.finditer(text):
        wd = _WEEKDAYS.index(m.group().lower())
        out.append(
            NumberMention(m.start(), m.end(), m.group(), wd, None, "date", None, (None, None, None), wd)
        )
    for m in _BARE_MONTH_RE.finditer(text):
        month = _MONTHS[m.group("mon")[:3].lower()]
        a, b = m.span("mon")
        out.append(NumberMention(a, b, m.group("mon"), month * 100, None, "date", None, (None, month, None)))
    out.extend(_find_relative(text))
    return out


def _find_relative(text: str) -> list[NumberMention]:
    """Dates counted from the day of writing, each with its scale as its unit
    (``rel_day``, ``rel_week``, ...) and its step as its value; a part of the day is a
    time with unit ``part_of_day``. They match only mentions of the same scale."""
    out: list[NumberMention] = []
    for m in _RELATIVE_UNIT_RE.finditer(text):
        unit = m.group("unit").lower()
        unit = "autumn" if unit == "fall" else unit
        step = _RELATIVE_STEPS[m.group("step").lower()]
        out.append(NumberMention(m.start(), m.end(), m.group(), step, f"rel_{unit}", "date"))
    for m in _RELATIVE_DAY_RE.finditer(text):
        step = _RELATIVE_DAYS[m.group("w").lower()]
        out.append(NumberMention(m.start(), m.end(), m.group(), step, "rel_day", "date"))
    for m in _PART_OF_DAY_RE.finditer(text):
        a, b = m.span("part")
        part = _PARTS_OF_DAY.index(m.group("part"))
        out.append(NumberMention(a, b, m.group("part"), part, "part_of_day", "time"))
    return out


def _find_times(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _TIME_RE.finditer(text):
        if m.group("h") is not None:
            hour, minute = int(m.group("h")), int(m.group("mi") or 0)
            if not 1 <= hour <= 12:
                continue
            pm = m.group("ap").lower().startswith("p")
            hour = hour % 12 + (12 if pm else 0)
        else:
            hour, minute = int(m.group("h24")), int(m.group("mi24"))
        out.append(NumberMention(m.start(), m.end(), m.group(), hour + minute / 60, None, "time"))
    return out


def _qualifier(text: str, start: int, end: int) -> str | None:
    qm = _QUAL_RE.search(text, max(0, start - 40), start)
    if qm:
        for i, (_, canon) in enumerate(_QUALIFIERS):
            if qm.group(f"q{i}") is not None:
                return canon
    pm = _POST_QUAL_RE.match(text[end : end + 20])
    if pm:
        return "ge" if pm.group("ge") or pm.group("plus") else "about"
    return None


def qualified_range(text: str, mention: NumberMention) -> tuple[int, int]:
    """The mention widened to its approximation qualifier ("at least 12", "500 or more")."""
    if mention.approx is None:
        return mention.start, mention.end
    qm = _QUAL_RE.search(text, max(0, mention.start - 40), mention.start)
    if qm:
        return qm.start(), mention.end
    pm = _POST_QUAL_RE.match(text[mention.end : mention.end + 20])
    if pm:
        return mention.start, mention.end + pm.end()
    return mention.start, mention.end


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """Canonical unit written right after offset ``end`` and the offset past it."""
    um = _UNIT_RE.match(text, end)
    if not um:
        return None, end
    for i, (_, canon) in enumerate(_UNIT_PATTERNS):
        if um.group(f"u{i}") is not None:
            return canon, um.end()
    return None, end  # pragma: no cover


def _make(text: str, start: int, end: int, value: float, unit: str | None, kind: str | None) -> NumberMention:
    if kind is None:
        if unit == "percent" or unit == "pp":
            kind = "percent"
        elif unit in _CURRENCY_UNITS:
            kind = "money"
        elif unit is not None:
            kind = "quantity"
        else:
            kind = "cardinal"
    approx = _qualifier(text, start, end) if kind not in ("date", "year", "time", "ordinal") else None
    return NumberMention(start, end, text[start:end], value, unit, kind, approx)


def _find_numerals(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _NUMERAL_RE.finditer(text):
        start = m.start()
        if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
            continue
        raw = re.sub(r"[,\s\u00a0\u202f\u2009]", "", m.group("num"))
        value = float(raw)
        if m.group("neg"):
            value = -value
        cur = m.group("cur")
        unit = _CURRENCY_SYMBOLS[cur.strip().lower()] if cur else None
        end = m.end()
        kind: str | None = None
        am = _ATTACHED_RE.match(text, end)
        if am and am.group("ord"):
            kind, end = "ordinal", am.end()
        elif am and am.group("dec"):
            if cur or not raw.endswith("0") or len(raw) not in (2, 4):
                continue
            if len(raw) == 2:
                unit, end = "decade", am.end()
            else:
                kind, end = "year", am.end()
        elif am and am.group("scale") and len(am.group("scale")) == 1 and re.fullmatch(r"\d{3,}\.\d+", raw):
            continue  # "802.11b" is a standard's name, not 802 billion
        elif am and (am.group("scale") or am.group("wscale")):
            sc = (am.group("scale") or am.group("wscale")).lower()
            if sc == "m" and not cur and _DIMENSION_ADJ.match(text, am.end()):
                unit, end = "m", am.end()
            else:
                value *= _NUMERIC_SCALES[sc]
                end = am.end()
        elif end < len(text) and text[end].isalpha() and not _UNIT_RE.match(text, end):
            glued = _GLUED_UNIT_RE.match(text, end)
            if glued is None or cur:
                continue
            unit, end = glued.group(1).lower(), glued.end()
        if kind is None and unit is None:
            unit, end = _unit_after(text, end)
        elif kind is None and unit in _CURRENCY_UNITS:
            after_unit, after_end = _unit_after(text, end)
            if after_unit == unit:
                end = after_end
        if (
            kind is None
            and unit is None
            and not cur
            and re.fullmatch(r"\d{4}", raw)
            and 1800 <= value <= 2100
            and _qualifier(text, start, end) is None
        ):
            kind = "year"
        mention = _make(text, start, end, value, unit, kind)
        if kind == "year":
            year = (int(value), None, None)
            mention = NumberMention(start, end, text[start:end], value, None, "year", None, year)
        out.append(mention)
    return out


def _word_tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(text)]


def _joined(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
    gap = text[left[1] : right[0]]
    return gap == "-" or (gap.isspace() and "\n\n" not in gap)


def _words_value(words: list[str]) -> float:
    total = 0.0
    current = 0.0
    for w in words:
        if w in ("a", "an", "and"):
            if w != "and":
                current = max(current, 1)
            continue
        if w in _SMALL or w in _TENS:
            current += _CARDINAL_WORDS[w]
        elif w in _ORDINALS:
            v = _ORDINALS[w]
            if v >= 100:
                current = max(current, 1) * v
            else:
                current += v
        elif w == "dozen":
            current = max(current, 1) * 12
        elif w == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * _SCALES[w]
            current = 0
    return total + current


_DENOMINATORS = {
    **{w: v for w, v in _ORDINALS.items() if 3 <= v <= 100},
    "quarter": 4,
    "half": 2,
}
_PLURAL_DENOMINATORS = {
    **{w + "s": v for w, v in _DENOMINATORS.items() if w != "half"},
    "halves": 2,
}
_APPROX_BEFORE_RE = re.compile(
    r"\b(?:about|around|roughly|nearly|almost|some|over|under|than|approximately|just)\s+$", re.I
)


def _fraction(text: str, toks: list[tuple[int, int, str]], i: int) -> tuple[float, int] | None:
    """A fraction in words starting at token ``i``: its value and the index of its last token."""
    if i + 1 >= len(toks) or not _joined(text, toks[i], toks[i + 1]):
        return None
    num_word, den_word = toks[i][2], toks[i + 1][2]
    if i + 2 < len(toks) and text[toks[i + 1][1] : toks[i + 2][0]] == "-":
        return None  # a measure compound: "a half-hour", "a quarter-century"
    numerator = 1 if num_word in ("a", "an") else _SMALL.get(num_word) or _TENS.get(num_word)
    if not numerator:
        return None
    if numerator > 1:
        den = _PLURAL_DENOMINATORS.get(den_word)
        return (numerator / den, i + 1) if den else None
    den = _DENOMINATORS.get(den_word)
    if den is None:
        return None
    if den_word not in ("quarter", "half"):
        hyphenated = text[toks[i][1] : toks[i + 1][0]] == "-"
        followed_by_of = i + 2 < len(toks) and toks[i + 2][2] == "of"
        approximated = bool(_APPROX_BEFORE_RE.search(text[max(0, toks[i][0] - 20) : toks[i][0]]))
        if not (hyphenated or followed_by_of or approximated):
            return None
    return 1 / den, i + 1


def _find_words(text: str) -> list[NumberMention]:
    toks = _word_tokens(text)
    out: list[NumberMention] = []
    i = 0
    while i < len(toks):
        w = toks[i][2]
        fraction = _fraction(text, toks, i)
        if fraction is not None:
            value, j = fraction
            out.append(_make(text, toks[i][0], toks[j][1], value, None, None))
            i = j + 1
            continue
        prev = toks[i - 1][2] if i > 0 and _joined(text, toks[i - 1], toks[i]) else ""
        nxt = toks[i + 1][2] if i + 1 < len(toks) and _joined(text, toks[i], toks[i + 1]) else ""
        starts = (
            _is_cardinal_word(w)
            or w in _ORDINALS
            or (w in ("a", "an") and (nxt in _SCALES or nxt == "dozen"))
        )
        if w == "one" and (prev in ("no", "every", "any") or nxt == "another"):
            starts = False
        if w == "second" and (prev in ("a", "per", "split") or _is_number_word(prev)):
            starts = False
        if not starts:
            i += 1
            continue
        j = i
        seq = [w]
        ordinal = w in _ORDINALS
        while not ordinal and j + 1 < len(toks) and _joined(text, toks[j], toks[j + 1]):
            n1 = toks[j + 1][2]
            if _is_cardinal_word(n1):
                seq.append(n1)
                j += 1
            elif n1 in _ORDINALS and (n1 != "second" or seq[-1] in _TENS):
                seq.append(n1)
                j += 1
                ordinal = True
            elif (
                n1 == "and"
                and any(s in _SCALES for s in seq)
                and j + 2 < len(toks)
                and _joined(text, toks[j + 1], toks[j + 2])
                and (toks[j + 2][2] in _SMALL or toks[j + 2][2] in _TENS)
            ):
                seq += ["and", toks[j + 2][2]]
                j += 2
            else:
                break
        start, end = toks[i][0], toks[j][1]
        value = _words_value(seq)
        unit: str | None = None
        if not ordinal:
            unit, end = _unit_after(text, end)
        out.append(_make(text, start, end, value, unit, "ordinal" if ordinal else None))
        i = j + 1
    return out


_VAGUE_POWER = {
    "dozens": 1,
    "tens": 1,
    "scores": 1,
    "hundreds": 2,
    "thousands": 3,
    "millions": 6,
    "billions": 9,
}
_VAGUE_RE = re.compile(
    r"\b(?:(?P<pre>tens|hundreds)\s+of\s+)?(?P<w>dozens|tens|scores|hundreds|thousands|millions|billions)\b"
    r"(?P<of>\s+of\b)?",
    re.IGNORECASE,
)


def _find_vague(text: str) -> list[NumberMention]:
    """Counts told by their order of magnitude: "dozens", "hundreds", "tens of thousands",
    "hundreds of millions". Each is the power of ten it names, qualified ``"order"`` (as
    "several hundred" and "a few thousand" are), so "tens of thousands" / "thousands" is a
    changed figure and "dozens" / "tens of" / "scores of" one figure. "Tens" and "scores"
    count only before "of" ("test scores" count nothing)."""
    out: list[NumberMention] = []
    for m in _VAGUE_RE.finditer(text):
        word = m.group("w").lower()
        if word in ("tens", "scores") and not m.group("of"):
            continue
        power = _VAGUE_POWER[word] + (_VAGUE_POWER[m.group("pre").lower()] if m.group("pre") else 0)
        mention = _make(text, m.start(), m.end("w"), float(10**power), None, None)
        out.append(replace(mention, approx=mention.approx or "order"))
    return out


def _is_cardinal_word(w: str) -> bool:
    return w in _CARDINAL_WORDS


def _is_number_word(w: str) -> bool:
    return w.isdigit() or w in _CARDINAL_WORDS


_COUNTABLE = frozenset({"cardinal", "year"})


def _kinds_compatible(a: NumberMention, b: NumberMention) -> bool:
    if a.kind == b.kind:
        return True
    pair = {a.kind, b.kind}
    return pair <= _COUNTABLE or pair == {"date", "year"}


def _dates_equal(a: NumberMention, b: NumberMention) -> bool:
    if a.unit is not None or b.unit is not None:
        return a.unit == b.unit and a.value == b.value
    if a.weekday is not None or b.weekday is not None:
        return a.weekday == b.weekday
    da, db = a.date or (None, None, None), b.date or (None, None, None)
    shared = 0
    for x, y in zip(da, db, strict=True):
        if x is not None and y is not None:
            if x != y:
                return False
            shared += 1
    return shared > 0


def same_number(a: NumberMention, b: NumberMention, *, rel_tol: float = 0.0) -> bool:
    """Whether two mentions state the same value (qualifiers are ignored).

    Dates match when every part both specify agrees ("6 December" matches "December 6, 2024").
    A year matches a cardinal of the same value. Units must be equal, or two units of one
    measure with the figures agreeing as each is rounded (:func:`drift.text.units.same_measure`:
    "11,000ft" and "3,000 metres"); currencies are never converted.

    Args:
        a: First mention.
        b: Second mention.
        rel_tol: Relative tolerance for the value comparison.
    """
    if _same_pound(a, b):
        return math.isclose(a.value, b.value, rel_tol=max(rel_tol, 1e-9), abs_tol=1e-9)
    if not _kinds_compatible(a, b):
        return False
    if "date" in (a.kind, b.kind):
        return _dates_equal(a, b)
    if a.unit != b.unit:
        return (
            a.unit is not None
            and b.unit is not None
            and same_measure(a.value, a.unit, a.text, b.value, b.unit, b.text)
        )
    tol = max(rel_tol, 1e-9)
    return any(math.isclose(x, y, rel_tol=tol, abs_tol=1e-9) for x in _readings(a) for y in _readings(b))


_POINT_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,])")


def _readings(m: NumberMention) -> tuple[float, ...]:
    """The value, and for a figure grouped by points ("272.000", European style) the value
    read with the points as thousands separators, scaled as the mention was."""
    grouped = _POINT_THOUSANDS.search(m.text)
    if grouped is None or m.kind == "date":
        return (m.value,)
    literal = float(grouped.group(0))
    if literal == 0:
        return (m.value,)
    return (m.value, m.value * float(grouped.group(0).replace(".", "")) / literal)


_POUND_WORD = re.compile(r"\bpounds?\b", re.IGNORECASE)


def _same_pound(a: NumberMention, b: NumberMention) -> bool:
    """ "Pounds" written out is weight or money: "£5m" and "5 million pounds" agree."""
    units = {a.unit, b.unit}
    if units != {"gbp", "lb"}:
        return False
    weight = a if a.unit == "lb" else b
    return bool(_POUND_WORD.search(weight.text))


def _can_pair(a: NumberMention, b: NumberMention) -> bool:
    """Whether ``b`` can be a changed version of ``a``."""
    if a.kind in ("money", "quantity") and a.kind == b.kind:
        return True
    if not _kinds_compatible(a, b):
        return False
    if "date" in (a.kind, b.kind) and (a.weekday is None) != (b.weekday is None):
        return False
    # "March" and "2011", "29 May" and "2012" say different parts of a date: neither can
    # be the other changed
    if (
        a.date is not None
        and b.date is not None
        and a.weekday is None
        and b.weekday is None
        and not any(x is not None and y is not None for x, y in zip(a.date, b.date, strict=True))
    ):
        return False
    relative = (a.unit or "").startswith("rel_") and (b.unit or "").startswith("rel_")
    return a.unit == b.unit or relative


_DASHED = re.compile(r"(?<![\w.,])(\d+)[\u2010-\u2015\u2212](\d+)(?![\w.,]*\d)")


def dash_lost(
    source: str, copy: str, src: list[NumberMention], cpy: list[NumberMention]
) -> tuple[list[NumberMention], list[NumberMention]]:
    """Drop figure pairs a feed that cannot carry non-ASCII characters merged: the copy is
    plain ASCII and writes "76, 63" where the source has "7–6, 6–3" (a score, a range with
    a typographic dash). Each merged figure matches the source's two digit runs exactly,
    so a real change ("7–6" / "75") still counts."""
    if not copy.isascii() or source.isascii():
        return src, cpy
    merged = {m.group(1) + m.group(2): m for m in _DASHED.finditer(source)}
    if not merged:
        return src, cpy
    gone_src: set[int] = set()
    gone_cpy: set[int] = set()
    for j, b in enumerate(cpy):
        hit = merged.get(b.text)
        if hit is None:
            continue
        inside = [
            i
            for i, a in enumerate(src)
            if hit.start() <= a.start and a.end <= hit.end() and i not in gone_src
        ]
        if inside:
            gone_src.update(inside)
            gone_cpy.add(j)
    return (
        [a for i, a in enumerate(src) if i not in gone_src],
        [b for j, b in enumerate(cpy) if j not in gone_cpy],
    )


def compare_numbers(source: list[NumberMention], copy: list[NumberMention]) -> NumberDiff:
    """Align two lists of mentions and report value, qualifier, missing and added differences.

    Mentions stating the same value are aligned in order (longest common subsequence); between
    two aligned anchors, the leftover mentions are paired in order when their kinds and units fit,
    and reported as changed. The rest are missing (source) or added (copy).

    Args:
        source: Mentions of the source text, in text order.
        copy: Mentions of the copy, in text order.
    """
    n, m = len(source), len(copy)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if same_number(source[i], copy[j]):
                bonus = 2 if source[i].approx == copy[j].approx else 1
                dp[i][j] = max(dp[i + 1][j + 1] + bonus, dp[i + 1][j], dp[i][j + 1])
            else:
                dp[i][j] = max(dp[i + 1][j], dp[i][j + 1])
    diff = NumberDiff()
    gap_src: list[NumberMention] = []
    gap_cpy: list[NumberMention] = []
    i = j = 0
    while i < n and j < m:
        if same_number(source[i], copy[j]):
            bonus = 2 if source[i].approx == copy[j].approx else 1
            if dp[i][j] == dp[i + 1][j + 1] + bonus:
                _flush(gap_src, gap_cpy, diff)
                if source[i].approx != copy[j].approx:
                    diff.qualifier_changed.append((source[i], copy[j]))
                i += 1
                j += 1
                continue
        if dp[i + 1][j] >= dp[i][j + 1]:
            gap_src.append(source[i])
            i += 1
        else:
            gap_cpy.append(copy[j])
            j += 1
    gap_src += source[i:]
    gap_cpy += copy[j:]
    _flush(gap_src, gap_cpy, diff)
    _match_moved(diff)
    return diff


def _match_moved(diff: NumberDiff) -> None:
    """Pair a missing and an added mention that state the same value in another place.

    The in-order alignment misses a figure that moved ("for 5 months ... on June
    20" / "on June 20 ... for five months"), and one whose unit the copy spells
    out where the source left it to a later figure ("60 million and 200 million
    yuan" / "60 million yuan and 200 million yuan").
    """
    for a in list(diff.missing):
        for b in diff.added:
            elided = (
                a.kind not in ("date", "year")
                and b.kind not in ("date", "year")
                and (a.unit is None or b.unit is None)
                and math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-9)
            )
            if same_number(a, b) or elided:
                diff.missing.remove(a)
                diff.added.remove(b)
                if a.approx != b.approx:
                    diff.qualifier_changed.append((a, b))
                break


def _fit(a: NumberMention, b: NumberMention) -> tuple[int, int, int, float]:
    """How well ``b`` fits as the changed version of ``a``: higher is better."""
    magnitude = 0.0
    if a.value and b.value and a.value > 0 and b.value > 0:
        magnitude = -abs(math.log10(a.value) - math.log10(b.value))
    return (int(a.kind == b.kind), int(a.approx == b.approx), int(a.unit == b.unit), magnitude)


def _flush(gap_src: list[NumberMention], gap_cpy: list[NumberMention], diff: NumberDiff) -> None:
    used = [False] * len(gap_cpy)
    for s in gap_src:
        options = [k for k, c in enumerate(gap_cpy) if not used[k] and _can_pair(s, c)]
        if options:
            best = max(options, key=lambda k: (_fit(s, gap_cpy[k]), -k))
            used[best] = True
            diff.changed.append((s, gap_cpy[best]))
        else:
            diff.missing.append(s)
    diff.added.extend(c for k, c in enumerate(gap_cpy) if not used[k])
    gap_src.clear()
    gap_cpy.clear()


@dataclass(frozen=True)
class Code:
    """A word mixing letters and digits that is not a figure: a model, flight or strain name."""

    start: int
    end: int
    text: str

    @property
    def letters(self) -> str:
        return re.sub(r"[^a-z]", "", self.text.lower())

    @property
    def key(self) -> str:
        return re.sub(r"[^a-z0-9]", "", self.text.lower())


def find_codes(text: str, *, numbers: list[NumberMention] | None = None) -> list[Code]:
    """Words with both letters and digits that :func:`find_numbers` did not read as a figure.

    Args:
        text: Any string.
        numbers: ``find_numbers(text)`` when the caller has it already.
    """
    if numbers is None:
        numbers = find_numbers(text)
    out: list[Code] = []
    for m in _CODE_RE.finditer(text):
        word = m.group(0).rstrip(".")
        if not (re.search(r"\d", word) and re.search(r"[A-Za-z]", word)):
            continue
        start, end = m.start(), m.start() + len(word)
        if any(n.start <= start and end <= n.end for n in numbers):
            continue
        out.append(Code(start, end, word))
    return out


def changed_codes(source: list[Code], copy: list[Code]) -> list[tuple[Code, Code]]:
    """Source codes gone from the copy, each paired with the one new copy code of the same letters."""
    src_keys = {c.key for c in source}
    cpy_keys = {c.key for c in copy}
    gone = [c for c in source if c.key not in cpy_keys]
    new = [c for c in copy if c.key not in src_keys]
    out: list[tuple[Code, Code]] = []
    for a in gone:
        same = {b.key: b for b in new if b.letters == a.letters}
        if len(same) == 1:
            out.append((a, next(iter(same.values()))))
    return out


_NEXT_WORD_RE = re.compile(r"[\s-]*([A-Za-z]+)")


def counted_noun(text: str, mention: NumberMention) -> str | None:
    """The content word a figure counts ("three weeks" -> "week"), or None."""
    m = _NEXT_WORD_RE.match(text, mention.end)
    if m is None:
        return None
    word = m.group(1).lower()
    if word in STOP_WORDS:
        return None
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def match_counted(diff: NumberDiff, source_text: str, copy_text: str) -> None:
    """Pair a vanished and a new figure that count the same thing, wherever each stands.

    A reworded sentence moves its figures, so the in-order alignment leaves "three weeks
    ago" and, elsewhere in the copy, "four weeks ago" as one missing and one added
    figure. Counting the same noun, they are one figure changed. A figure with a unit
    ("4 million dollars", "30 km") counts its unit.
    """
    for a in list(diff.missing):
        noun = a.unit or counted_noun(source_text, a)
        if noun is None:
            continue
        options = [
            b for b in diff.added if _can_pair(a, b) and (b.unit or counted_noun(copy_text, b)) == noun
        ]
        if len(options) == 1:
            diff.missing.remove(a)
            diff.added.remove(options[0])
            diff.changed.append((a, options[0]))
