"""The expensive parts of a run, loaded lazily, timed, and injectable for tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from drift.models.encoder import CachedEncoder, Encoder, default_encoder
from drift.models.lm import LanguageModel, RecordingLM, default_lm
from drift.models.parser import Parser
from drift.models.wordnet import WordNet, load_wordnet
from drift.models.wordvec import WordVectors, default_word_vectors

T = TypeVar("T")


class Resources:
    """Models a run may need; each is built on first use and timed.

    Args:
        encoder: Sentence encoder; the packaged MiniLM when omitted.
        word_vectors: Word vectors; the packaged GloVe when omitted.
        lm: Language model; the packaged SmolLM2 when omitted.
        parser: spaCy wrapper; the packaged English model when omitted.
        wordnet: Synonym and antonym relations; WordNet 3.0 when omitted.
        use_lm: When False the language model is never loaded and lexical checks
            use word vectors and sentence embeddings alone.
    """

    def __init__(
        self,
        *,
        encoder: Encoder | None = None,
        word_vectors: WordVectors | None = None,
        lm: LanguageModel | None = None,
        parser: Parser | None = None,
        wordnet: WordNet | None = None,
        use_lm: bool = True,
    ) -> None:
        self._encoder = CachedEncoder(encoder) if encoder is not None else None
        self._word_vectors = word_vectors
        self._lm = lm
        self._parser = parser
        self._wordnet = wordnet
        self.use_lm = use_lm
        self.timings: dict[str, float] = {}
        self._lm_loading: Future[LanguageModel] | None = None

    def _timed(self, key: str, build: Callable[[], T]) -> T:
        start = time.perf_counter()
        value = build()
        self.timings[key] = self.timings.get(key, 0.0) + time.perf_counter() - start
        return value

    @property
    def encoder(self) -> CachedEncoder:
        if self._encoder is None:
            self._encoder = CachedEncoder(self._timed("load_encoder", default_encoder))
        return self._encoder

    @property
    def word_vectors(self) -> WordVectors:
        if self._word_vectors is None:
            self._word_vectors = self._timed("load_word_vectors", default_word_vectors)
        return self._word_vectors

    @property
    def lm(self) -> LanguageModel | None:
        if not self.use_lm:
            return None
        if self._lm is None:
            loading = self._lm_loading
            self._lm = self._timed("load_lm", loading.result if loading is not None else default_lm)
        return self._lm

    def preload_lm(self) -> None:
        """Start loading the language model in a background thread.

        Building its onnxruntime session takes seconds, mostly in native code that runs
        beside the embedding and parsing a run does first; :attr:`lm` then waits for it.
        A load that fails raises where :attr:`lm` is first read, as a direct load would.
        """
        if not self.use_lm or self._lm is not None or self._lm_loading is not None:
            return
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drift-lm")
        self._lm_loading = pool.submit(default_lm)
        pool.shutdown(wait=False)

    def prefetch_lm(self, plan: Callable[[], object]) -> None:
        """Run ``plan`` with a :class:`RecordingLM` in place of the language model, then
        score everything it asked for in one batched call per prefix, so that the real
        requests that follow are answered from the model's memo. The model is loaded
        only when something was asked."""
        if not self.use_lm:
            return
        held = self._lm
        recorder = RecordingLM(getattr(held, "name", "recording"))
        self._lm = recorder
        try:
            plan()
        finally:
            self._lm = held
        lm = self.lm if recorder.requests else None
        if lm is not None:
            for prefix, texts in recorder.requests.items():
                self._timed("lm", partial(lm.sentence_logprobs, sorted(set(texts)), prefix=prefix))

    @property
    def wordnet(self) -> WordNet:
        if self._wordnet is None:
            self._wordnet = self._timed("load_wordnet", load_wordnet)
        return self._wordnet

    @property
    def parser(self) -> Parser:
        if self._parser is None:
            self._parser = Parser()
            self._timed("load_spacy", lambda: self._parser.nlp if self._parser else None)
        return self._parser

    def embed(self, texts: list[str], *, tokens: bool = False) -> Any:
        """Sentence vectors of ``texts``; with ``tokens``, keep their word-piece vectors from
        the same forward pass for a later :meth:`token_vectors`."""
        encoder = self.encoder
        return self._timed("embed", lambda: encoder.encode(texts, tokens=tokens))

    def token_vectors(self, texts: list[str]) -> Any:
        """Contextual word-piece vectors per text, or None when the encoder has none."""
        encoder = self.encoder
        return self._timed("embed_tokens", lambda: encoder.tokens(texts))

    def model_names(self) -> dict[str, str]:
        names = {"encoder": self._encoder.name if self._encoder else "all-MiniLM-L6-v2"}
        names["lm"] = getattr(self._lm, "name", "SmolLM2-135M-Instruct.Q4_1") if self.use_lm else "off"
        names["wordvec"] = getattr(self._word_vectors, "name", "glove-6B-50d")
        names["lexicon"] = getattr(self._wordnet, "name", "wordnet-3.0")
        names["spacy"] = self.parser.name
        return names
