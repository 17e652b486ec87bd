"""Detectors as registered components: the metadata is what the code does."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import analyse
from fakes import HashingEncoder

from drift.detectors import REGISTRY, build, default_detectors, rule_type
from drift.errors import UsageError
from drift.models.resources import Resources
from drift.pipeline import Checker, Settings
from drift.policy import DEFAULT_RULES
from drift.values import FindingType

PAIRS = [
    (
        "Mayor John Smith said the bridge would not reopen until 2025.",
        "Mayor John Jones said the bridge will reopen in 2026.",
    ),
    (
        "The minister allegedly approved 40 new permits, officials claimed on Tuesday.",
        "The minister approved 14 permits and praised the builders, officials said on Tuesday.",
    ),
    ('He said: "We will hold the city at any cost."', 'He said: "We will detain the city whatever happens."'),
]


class Guarded(Resources):
    """Resources that refuse every model a detector did not declare."""

    def __init__(self, allowed: tuple[str, ...]) -> None:
        super().__init__(encoder=HashingEncoder(), use_lm=True)
        self.allowed = allowed

    def _check(self, name: str) -> None:
        if name not in self.allowed:
            raise AssertionError(f"reads the undeclared model {name!r}")

    @property
    def word_vectors(self) -> Any:
        self._check("word_vectors")
        return super().word_vectors

    @property
    def lm(self) -> Any:
        self._check("lm")
        return None  # the lexical check without the language model; reading it is what counts

    @property
    def wordnet(self) -> Any:
        self._check("wordnet")
        return super().wordnet

    def embed(self, texts: list[str]) -> Any:
        self._check("encoder")
        return super().embed(texts)


def test_default_detectors_are_the_registry_in_order() -> None:
    assert default_detectors() == tuple(REGISTRY)
    assert Settings().detectors == tuple(REGISTRY)
    assert len(REGISTRY) == 9


@pytest.mark.parametrize("name", list(REGISTRY))
def test_through_the_pipeline_a_detector_emits_only_its_types(name: str) -> None:
    info = REGISTRY[name]
    checker = Checker(
        settings=Settings(detectors=(name,), use_lm=False),
        resources=Resources(encoder=HashingEncoder(), use_lm=False),
    )
    for source, copy in PAIRS:
        pair = analyse(checker, source, copy)
        assert {f.type for f in pair.findings} <= set(info.emits), (name, pair.findings)


@pytest.mark.parametrize("name", list(REGISTRY))
def test_a_detector_reads_only_the_models_it_declares(name: str) -> None:
    from drift.align.sides import Side
    from drift.detectors import PairContext
    from drift.ingest import document_from_text
    from drift.policy import Policy

    info = REGISTRY[name]
    resources = Guarded(info.models)
    detector = build(name)
    for source, copy in PAIRS:
        src, cpy = document_from_text("s", source), document_from_text("c", copy)
        parse = resources.parser
        ctx = PairContext(
            Side.build(src, range(len(src.sentences)), parse),
            Side.build(cpy, range(len(cpy.sentences)), parse),
            0.8,
            Policy(),
            resources,
        )
        for f in detector(ctx):
            assert f.type in info.emits


def test_every_policy_rule_belongs_to_a_detector_type() -> None:
    emitted = {t for info in REGISTRY.values() for t in info.emits}
    assert {rule_type(rule) for rule in DEFAULT_RULES} <= emitted
    assert emitted == set(FindingType)


def test_thresholds_are_options_and_show_in_the_signature() -> None:
    checker = Checker(
        settings=Settings(detector_options={"entity": {"swap_min_gain": 0.2}}, use_lm=False),
        resources=Resources(encoder=HashingEncoder(), use_lm=False),
    )
    entity = next(d for d in checker.detectors if d.name == "entity")
    assert entity.swap_min_gain == 0.2  # type: ignore[attr-defined]
    assert "entity(swap_min_gain=0.2)" in checker.signature
    assert "spacy en_core_web_sm" in checker.signature  # read from the loaded pipeline


def test_unknown_or_mistyped_options_are_numbered_errors() -> None:
    with pytest.raises(UsageError, match=r"\[E049\]"):
        build("entity", {"swap_gain": 0.2})
    with pytest.raises(UsageError, match=r"\[E050\]"):
        build("omission", {"clause_words": "three"})
    with pytest.raises(UsageError, match=r"\[E046\]"):
        Settings(detector_options={"bogus": {}})
