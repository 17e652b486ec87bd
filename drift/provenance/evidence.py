"""Textual evidence of derivation: shared wording, reused runs, dates, MT debris."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz.distance import Indel

from drift.text.normalize import split_units, words
from drift.text.spacy_import import STOP_WORDS
from drift.values import Document

NEAR_VERBATIM = 0.9
"""Word-level similarity (Indel, normalised words) at or above which two aligned groups count as shared."""

REUSED_RUN = 6
"""Shortest run of consecutive words, outside quotations, that counts as reused wording."""
REUSED_GROUPS = 2
"""Aligned sentence groups that must hold reused wording for an update (``rewrite``)."""
REUSED_WORDS = 20
"""Words in reused runs, over all groups, needed for an update (``rewrite``)."""

_QUOTED = re.compile(r'"[^"]*"')
_DQUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_DATE_STAMP = re.compile(r"(?im)^\W*(?:date|dated|updated|published|posted)[:\s]+(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)


def word_similarity(a: str, b: str) -> float:
    """Edit similarity of two texts over normalised words, in [0, 1]."""
    wa, wb = words(a), words(b)
    if not wa and not wb:
        return 1.0
    return float(Indel.normalized_similarity(wa, wb))


def unquoted_words(text: str) -> list[str | None]:
    """Normalised words of ``text`` outside double quotation marks, punctuation dropped.

    Each quotation becomes one ``None`` (a barrier no run crosses); an opening mark
    left unclosed (a quote running on into the next sentence) hides the rest.
    """
    t = _QUOTED.sub(" \x00 ", text.translate(_DQUOTES))
    if '"' in t:
        t = t[: t.index('"')] + " \x00 "
    out: list[str | None] = []
    for tok in t.split():
        if tok == "\x00":
            out.append(None)
            continue
        for unit in split_units(tok):
            w = unit[2].strip(".,;:!?()[]'\u2019")
            if w:
                out.append(w)
    return out


def shared_runs(a: str, b: str, min_run: int = REUSED_RUN) -> list[str]:
    """Runs of at least ``min_run`` consecutive words ``a`` and ``b`` share outside quotations."""
    wa, wb = unquoted_words(a), unquoted_words(b)
    matcher = SequenceMatcher(None, wa, wb, autojunk=False)
    runs = []
    for m in matcher.get_matching_blocks():
        words = wa[m.a : m.a + m.size]
        if m.size >= min_run and None not in words:
            runs.append(" ".join(w for w in words if w is not None))
    return runs


@dataclass(frozen=True)
class ReusedWording:
    """Narrative wording two documents share outside quotations (see :func:`reused_wording`).

    Attributes:
        groups: Aligned groups holding at least one shared run.
        words: Words in all shared runs.
        example: The longest run.
    """

    groups: int
    words: int
    example: str

    @property
    def update(self) -> bool:
        """Enough reused wording for one to be an edited version of the other."""
        return self.groups >= REUSED_GROUPS and self.words >= REUSED_WORDS


def reused_wording(pairs: Sequence[tuple[str, str]]) -> ReusedWording:
    """Shared runs of :data:`REUSED_RUN`+ words outside quotations over aligned text pairs."""
    groups = words = 0
    example = ""
    for a, b in pairs:
        runs = shared_runs(a, b)
        if runs:
            groups += 1
            words += sum(len(r.split()) for r in runs)
            longest = max(runs, key=lambda r: (len(r.split()), r))
            if len(longest.split()) > len(example.split()):
                example = longest
    return ReusedWording(groups, words, example)


def date_stamp(text: str) -> str | None:
    """The first ``date YYYY-MM-DD`` style stamp in the raw text (boilerplate to the reader)."""
    m = _DATE_STAMP.search(text)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def lead_weekdays(doc: Document, sentences: int = 3) -> set[int]:
    """Weekdays (0 = Monday) named in the first ``sentences`` article sentences."""
    text = " ".join(s.plain for s in doc.sentences[:sentences])
    return {_WEEKDAYS.index(m.group(1).lower()) for m in _WEEKDAY.finditer(text)}


def later_weekday(a: set[int], b: set[int]) -> int:
    """+1 when ``a``'s latest lead weekday is 1-3 days after every one of ``b``'s, -1 the reverse, else 0."""
    if not a or not b:
        return 0

    def after(x: set[int], y: set[int]) -> bool:
        return any(all(1 <= (d - e) % 7 <= 3 for e in y) for d in x) and not any(
            all(1 <= (e - d) % 7 <= 3 for d in x) for e in y
        )

    if after(a, b):
        return 1
    if after(b, a):
        return -1
    return 0


def fragments(doc: Document, unmatched: Sequence[int]) -> list[str]:
    """Unmatched sentences of one or two words: debris of a machine-translation round trip."""
    out = []
    for j in unmatched:
        text = doc.sentences[j].plain.strip()
        words = [w for w in text.split() if any(c.isalpha() for c in w)]
        if 1 <= len(words) <= 2 and text[-1:] in ".!?" and not text.isupper():
            out.append(text)
    return out


COPY_RUN = 4
"""Length of the word n-grams compared for copied wording (see :func:`copied_wording`)."""
COPY_DISTINCT = 2
"""Distinctive words (not stop words, names, numbers or the set's topic words) an
n-gram needs to count as copied wording rather than shared topic."""
TOPIC_SHARE = 0.8
"""A word in at least this share of a trace's documents is the topic's vocabulary."""
TOPIC_MIN_DOCS = 5
"""Fewest documents in a trace for its topic vocabulary to be told from what they share."""

_NAME = re.compile(r"^[\W_]*[A-Z]")


@dataclass(frozen=True)
class Tokens:
    """A document's words for the copied-wording test.

    Attributes:
        words: Normalised words outside quotations, ``None`` marking a quotation or sentence break.
        plain: Per word, True for a name (capitalised inside a sentence) or a number.
    """

    words: tuple[str | None, ...]
    plain: tuple[bool, ...]


def tokens(doc: Document) -> Tokens:
    """The words of ``doc``'s sentences, for :func:`copied_wording`."""
    out: list[str | None] = []
    plain: list[bool] = []
    for sent in doc.sentences:
        t = _QUOTED.sub(" \x00 ", sent.plain.translate(_DQUOTES))
        if '"' in t:
            t = t[: t.index('"')] + " \x00 "
        first = True
        for tok in t.split():
            if tok == "\x00":
                out.append(None)
                plain.append(True)
                continue
            for unit in split_units(tok):
                w = unit[2].strip(".,;:!?()[]'\u2019")
                if w:
                    out.append(w)
                    plain.append(any(c.isdigit() for c in w) or (not first and bool(_NAME.match(tok))))
                    first = False
        out.append(None)
        plain.append(True)
    return Tokens(tuple(out), tuple(plain))


def topic_words(docs: Sequence[Tokens]) -> frozenset[str]:
    """Words in at least :data:`TOPIC_SHARE` of ``docs`` (none with fewer than :data:`TOPIC_MIN_DOCS`)."""
    if len(docs) < TOPIC_MIN_DOCS:
        return frozenset()
    df: dict[str, int] = {}
    for d in docs:
        for w in {w for w in d.words if w is not None}:
            df[w] = df.get(w, 0) + 1
    need = TOPIC_SHARE * len(docs)
    return frozenset(w for w, k in df.items() if k >= need)


@dataclass(frozen=True)
class CopiedWording:
    """What of one document's wording another holds (see :func:`copied_wording`).

    Attributes:
        covered: Per word of the document, whether it sits in a copied n-gram.
        share: Share of the document's words so covered.
        example: The longest covered run.
    """

    covered: tuple[bool, ...]
    share: float
    example: str


def _distinctive(tok: Tokens, i: int, topic: frozenset[str]) -> bool:
    w = tok.words[i]
    return w is not None and not tok.plain[i] and w not in STOP_WORDS and w not in topic


def copied_wording(other: Tokens, doc: Tokens, topic: frozenset[str] = frozenset()) -> CopiedWording:
    """The words of ``doc`` that sit in an n-gram of :data:`COPY_RUN` words ``other`` also has,
    counting only n-grams with :data:`COPY_DISTINCT` distinctive words: shared names,
    numbers, function words and the topic's vocabulary are what independent writers share.
    """
    n = COPY_RUN
    grams = {
        other.words[i : i + n] for i in range(len(other.words) - n + 1) if None not in other.words[i : i + n]
    }
    covered = [False] * len(doc.words)
    for i in range(len(doc.words) - n + 1):
        gram = doc.words[i : i + n]
        if None in gram or gram not in grams:
            continue
        if sum(_distinctive(doc, j, topic) for j in range(i, i + n)) >= COPY_DISTINCT:
            for j in range(i, i + n):
                covered[j] = True
    total = sum(1 for w in doc.words if w is not None)
    best: list[str] = []
    run: list[str] = []
    for w, c in zip(doc.words, covered, strict=True):
        if c and w is not None:
            run.append(w)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return CopiedWording(tuple(covered), sum(covered) / max(1, total), " ".join(best))


CHANGE_GRAM = 3
"""Length of the word n-grams whose presence marks an edit one version made to another."""


def sentence_grams(doc: Document, n: int = CHANGE_GRAM) -> list[frozenset[tuple[str, ...]]]:
    """Per sentence of ``doc``, its word n-grams, with its boundaries and the next sentence's
    first word (so a split, a merge or a new order makes n-grams of its own)."""
    ws = [words(s.plain) for s in doc.sentences]
    out = []
    for k, w in enumerate(ws):
        seq = ["\x02", *w, "\x03", *(ws[k + 1][:1] if k + 1 < len(ws) else [])]
        out.append(frozenset(tuple(seq[i : i + n]) for i in range(len(seq) - n + 1)))
    return out
