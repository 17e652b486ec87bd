"""The language model loads in a background thread while a run embeds and parses."""

from __future__ import annotations

import threading

import pytest
from fakes import HashingEncoder

from drift.models import resources as resources_module
from drift.models.resources import Resources


class _FakeLM:
    name = "fake-lm"

    def __init__(self) -> None:
        self.thread = threading.current_thread().name


def test_preload_builds_the_lm_off_the_main_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def build() -> _FakeLM:
        calls.append(1)
        return _FakeLM()

    monkeypatch.setattr(resources_module, "default_lm", build)
    res = Resources(encoder=HashingEncoder(), use_lm=True)
    res.preload_lm()
    res.preload_lm()
    lm = res.lm
    assert isinstance(lm, _FakeLM)
    assert lm.thread.startswith("drift-lm")
    assert res.lm is lm
    assert calls == [1]
    assert "load_lm" in res.timings


def test_preload_does_nothing_without_the_lm(monkeypatch: pytest.MonkeyPatch) -> None:
    def build() -> _FakeLM:
        raise AssertionError("the language model must not load")

    monkeypatch.setattr(resources_module, "default_lm", build)
    res = Resources(encoder=HashingEncoder(), use_lm=False)
    res.preload_lm()
    assert res.lm is None


def test_a_failed_background_load_raises_where_the_lm_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(RuntimeError):
        pass

    def build() -> _FakeLM:
        raise Broken("no weights")

    monkeypatch.setattr(resources_module, "default_lm", build)
    res = Resources(encoder=HashingEncoder(), use_lm=True)
    res.preload_lm()
    with pytest.raises(Broken):
        _ = res.lm
