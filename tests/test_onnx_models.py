"""The models run through onnxruntime: same numbers as torch, converted once, no torch at run time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from drift.errors import ModelError
from drift.ingest import document_from_text
from drift.models import convert
from drift.models.encoder import CachedEncoder, TokenVectors

SEEDS = sorted(Path(__file__).resolve().parents[1].joinpath("seeds").glob("*.txt"))


def _seed_sentences(limit: int | None = None) -> list[str]:
    texts: list[str] = []
    for path in SEEDS:
        doc = document_from_text(path.name, path.read_text(encoding="utf-8"))
        texts.extend(s.plain for s in doc.sentences)
    return texts[:limit] if limit else texts


# --- the conversion cache, with a fake export -------------------------------------------


def _fake_export(calls: list[Path]):
    def export(target: Path) -> dict[str, object]:
        calls.append(target)
        (target / "model.onnx").write_bytes(b"graph-bytes")
        (target / "tokenizer.json").write_text("{}", encoding="utf-8")
        return {"dim": 4}

    return export


def test_converts_once_and_reuses_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DRIFT_CACHE", str(tmp_path))
    calls: list[Path] = []
    first = convert.load("fake", "src-1", _fake_export(calls), lambda c: c)
    second = convert.load("fake", "src-1", _fake_export(calls), lambda c: c)
    assert len(calls) == 1
    assert first.path == second.path and first.manifest["dim"] == 4
    assert first.manifest["sha256"] == convert.folder_sha256(first.path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temp folder left behind"


def test_the_weights_file_beside_the_graph_is_hash_checked_too(tmp_path, monkeypatch):
    monkeypatch.setenv("DRIFT_CACHE", str(tmp_path))
    calls: list[Path] = []

    def export(target: Path) -> dict[str, object]:
        calls.append(target)
        (target / "model.onnx").write_bytes(b"graph-bytes")
        (target / "model.data").write_bytes(b"weights")
        (target / "tokenizer.json").write_text("{}", encoding="utf-8")
        return {}

    first = convert.load("fake", "src-1", export, lambda c: c)
    (first.path / "model.data").write_bytes(b"weight5")
    convert.load("fake", "src-1", export, lambda c: c)
    assert len(calls) == 2
    assert (first.path / "model.data").read_bytes() == b"weights"


def test_a_new_conversion_removes_the_older_formats_only(tmp_path, monkeypatch):
    monkeypatch.setenv("DRIFT_CACHE", str(tmp_path))
    old = tmp_path / "onnx-fake-0123456789abcdef"
    old.mkdir()
    (old / "manifest.json").write_text(json.dumps({"format": convert.FORMAT - 1}), encoding="utf-8")
    other = tmp_path / "onnx-other-0123456789abcdef"
    other.mkdir()
    (other / "manifest.json").write_text(json.dumps({"format": convert.FORMAT - 1}), encoding="utf-8")
    kept = convert.load("fake", "src-1", _fake_export([]), lambda c: c)
    convert.load("fake", "src-2", _fake_export([]), lambda c: c)
    assert not old.exists(), "an older format of the same model is removed"
    assert other.exists(), "another model's folders are not touched"
    assert kept.path.exists(), "a conversion of another source in this format is kept"


def _tied_model():
    """A tiny graph with a tied output layer as torch traces it: Gather on E, MatMul on E.T."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(7)
    embed = rng.standard_normal((11, 4)).astype(np.float32)
    nodes = [
        helper.make_node("Gather", ["E", "ids"], ["h"], name="embed"),
        helper.make_node("MatMul", ["h", "Et"], ["logits"], name="head"),
    ]
    graph = helper.make_graph(
        nodes,
        "tied",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["b", "t"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["b", "t", 11])],
        [numpy_helper.from_array(embed, "E"), numpy_helper.from_array(embed.T.copy(), "Et")],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def test_a_tied_weight_is_stored_once_with_the_same_outputs():
    pytest.importorskip("onnx")
    import onnxruntime as ort

    model = _tied_model()
    ids = np.array([[0, 3, 10], [5, 5, 1]], dtype=np.int64)
    before = ort.InferenceSession(model.SerializeToString()).run(None, {"ids": ids})[0]
    assert convert.share_tied_weights(model) == 1
    assert [w.name for w in model.graph.initializer] == ["Et"]
    after = ort.InferenceSession(model.SerializeToString()).run(None, {"ids": ids})[0]
    assert np.array_equal(before, after)


def test_weights_that_are_not_transposes_are_left_alone():
    pytest.importorskip("onnx")
    from onnx import numpy_helper

    model = _tied_model()
    other = numpy_helper.to_array(model.graph.initializer[1]).copy()
    other[0, 0] += 1.0
    model.graph.initializer[1].CopyFrom(numpy_helper.from_array(other, "Et"))
    assert convert.share_tied_weights(model) == 0
    assert len(model.graph.initializer) == 2


def test_two_threads_never_convert_at_once(tmp_path, monkeypatch):
    """The LM loads in a background thread beside the encoder; on a cold cache both convert,
    and their exports import transformers, whose lazy imports break when run in parallel."""
    import threading
    import time

    monkeypatch.setenv("DRIFT_CACHE", str(tmp_path))
    active: list[int] = []
    overlaps: list[int] = []
    lock = threading.Lock()

    def slow_export(target: Path) -> dict[str, object]:
        with lock:
            active.append(1)
            overlaps.append(len(active))
        time.sleep(0.2)
        (target / "model.onnx").write_bytes(target.name.encode())
        (target / "tokenizer.json").write_text("{}", encoding="utf-8")
        with lock:
            active.pop()
        return {}

    threads = [
        threading.Thread(target=convert.load, args=(f"m{i}", f"src-{i}", slow_export, lambda c: c))
        for i in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(overlaps) == 3 and max(overlaps) == 1
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("onnx-m")]) == 3


def test_a_changed_graph_is_converted_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DRIFT_CACHE", str(tmp_path))
    calls: list[Path] = []
    first = convert.load("fake", "src-1", _fake_export(calls), lambda c: c)
    first.graph.write_bytes(b"tampered")
    opened: list[Path] = []
    again = convert.load("fake", "src-1", _fake_export(calls), lambda c: opened.append(c.graph) or c)
    assert len(calls) == 2
    assert again.graph.read_bytes() == b"graph-bytes"
    assert len(opened) == 2, "the tampered graph was opened, then discarded when its hash failed"


def test_a_graph_that_cannot_be_opened_is_converted_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DRIFT_CACHE", str(tmp_path))
    calls: list[Path] = []

    def opener(c: convert.Converted) -> bytes:
        data = c.graph.read_bytes()
        if data != b"graph-bytes":
            raise RuntimeError("INVALID_PROTOBUF")  # what onnxruntime raises on a cut graph
        return data

    convert.load("fake", "src-1", _fake_export(calls), opener)
    graph = next(tmp_path.glob("onnx-fake-*")) / "model.onnx"
    graph.write_bytes(b"graph")
    assert convert.load("fake", "src-1", _fake_export(calls), opener) == b"graph-bytes"
    assert len(calls) == 2


def test_another_source_is_another_conversion(tmp_path, monkeypatch):
    monkeypatch.setenv("DRIFT_CACHE", str(tmp_path))
    calls: list[Path] = []
    a = convert.load("fake", "src-1", _fake_export(calls), lambda c: c)
    b = convert.load("fake", "src-2", _fake_export(calls), lambda c: c)
    assert len(calls) == 2 and a.path != b.path
    manifest = json.loads((b.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"] == "src-2"


def test_an_unwritable_cache_is_a_coded_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("DRIFT_CACHE", str(blocker))
    with pytest.raises(ModelError, match=r"\[E039\].*fake"):
        convert.load("fake", "src-1", _fake_export([]), lambda c: c)


def test_a_failed_export_leaves_no_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DRIFT_CACHE", str(tmp_path))

    def broken(target: Path) -> dict[str, object]:
        (target / "model.onnx").write_bytes(b"half")
        raise RuntimeError("export failed")

    with pytest.raises(RuntimeError):
        convert.load("fake", "src-1", broken, lambda c: c)
    assert list(tmp_path.iterdir()) == []


class _OnePassEncoder:
    name = "one-pass"

    def __init__(self) -> None:
        self.passes = 0

    def encode(self, texts):
        raise AssertionError("encode_with_tokens should have been used")

    def encode_with_tokens(self, texts):
        self.passes += 1
        vecs = np.eye(len(texts), 3, dtype=np.float32)
        return vecs, [TokenVectors(((0, len(t)),), vecs[k : k + 1]) for k, t in enumerate(texts)]

    def tokens(self, texts):
        raise AssertionError("the tokens should come from the cache")


def test_sentence_and_token_vectors_come_from_one_pass():
    inner = _OnePassEncoder()
    cached = CachedEncoder(inner)
    cached.encode(["a b", "c"], tokens=True)
    tokens = cached.tokens(["c", "a b"])
    assert inner.passes == 1
    assert tokens is not None and tokens[0].offsets == ((0, 1),)


def test_a_run_never_imports_torch():
    code = (
        "import sys\n"
        "import drift.cli, drift.pipeline.checker, drift.models.parser as p\n"
        "p.load_spacy()\n"
        "print(*(m in sys.modules for m in ('torch', 'transformers', 'sentence_transformers')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_spacy_still_parses_after_hiding_torch():
    from drift.models.parser import load_spacy

    doc = load_spacy()("Aron Lund said the government could hold Homs.")
    assert [t.text for t in doc][:2] == ["Aron", "Lund"]
    assert any(e.text == "Aron Lund" for e in doc.ents)
    assert sys.modules.get("torch", "absent") is not None, "torch is importable again afterwards"


# --- the real models: ONNX against torch ----------------------------------------------


@pytest.mark.model
def test_onnx_minilm_matches_sentence_transformers():
    from drift.models.encoder import MiniLMEncoder, OnnxMiniLMEncoder

    texts = _seed_sentences()
    onnx = OnnxMiniLMEncoder()
    vecs, pieces = onnx.encode_with_tokens(texts)
    ref = MiniLMEncoder()
    expected = ref.encode(texts)
    cosines = (vecs * expected).sum(axis=1)
    assert cosines.min() >= 0.9999, f"lowest cosine {cosines.min():.6f}"
    ref_pieces = ref.tokens(texts[:20])
    for mine, theirs in zip(pieces[:20], ref_pieces, strict=True):
        assert mine.offsets == theirs.offsets
        assert float((mine.vectors * theirs.vectors).sum(axis=1).min()) >= 0.9999
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


@pytest.mark.model
def test_onnx_minilm_is_independent_of_batching():
    from drift.models.encoder import OnnxMiniLMEncoder

    texts = _seed_sentences(30)
    one = OnnxMiniLMEncoder(batch_size=1).encode(texts)
    many = OnnxMiniLMEncoder(batch_size=64).encode(texts)
    assert float((one * many).sum(axis=1).min()) >= 0.99999


@pytest.mark.model
def test_onnx_smollm_matches_torch():
    from drift.models.lm import OnnxSmolLM, SmolLM

    texts = [*_seed_sentences(12), "Ünïcode “quotes” — and £5m.", "x"]
    mine = OnnxSmolLM().sentence_logprobs(texts)
    theirs = SmolLM().sentence_logprobs(texts)
    for a, b in zip(mine, theirs, strict=True):
        assert [s[:2] for s in a] == [s[:2] for s in b]
        assert max(abs(x[2] - y[2]) for x, y in zip(a, b, strict=True)) < 1e-3


@pytest.mark.model
def test_onnx_smollm_reads_a_shared_prefix_once_with_the_same_scores():
    from drift.models.lm import OnnxSmolLM
    from drift.models.opposites import OPPOSITES_PROMPT

    opening = OPPOSITES_PROMPT[: OPPOSITES_PROMPT.index("{a}")]
    rests = ["support - oppose", "rise - fall", "secured - obtained", "hold - detain", "a"]
    lm = OnnxSmolLM()
    shared = lm.sentence_logprobs(rests, prefix=opening)
    assert list(lm._prefixes) == [opening]
    whole = OnnxSmolLM().sentence_logprobs([opening + r for r in rests])
    for a, b in zip(shared, whole, strict=True):
        assert [s[:2] for s in a] == [s[:2] for s in b]
        assert max(abs(x[2] - y[2]) for x, y in zip(a, b, strict=True)) < 1e-4


@pytest.mark.model
def test_onnx_smollm_reads_an_opening_two_texts_share_once_with_the_same_scores():
    from drift.models.lm import OnnxSmolLM

    base = _seed_sentences(6)
    texts = [*base, *(s.replace(" the ", " a ", 1) for s in base), "x", "The talks"]
    lm = OnnxSmolLM()
    continued: list[int] = []
    inner = lm._continued

    def spy(items, pasts):  # type: ignore[no-untyped-def]
        continued.append(len(items))
        return inner(items, pasts)

    lm._continued = spy  # type: ignore[method-assign]
    together = lm.sentence_logprobs(texts)
    changed = sum(" the " in s for s in base)
    assert 3 <= sum(continued) <= changed, "a swapped sentence is read on from its original"
    one_by_one = OnnxSmolLM()
    alone = [one_by_one.sentence_logprobs([t])[0] for t in texts]
    for a, b in zip(together, alone, strict=True):
        assert [s[:2] for s in a] == [s[:2] for s in b]
        assert max((abs(x[2] - y[2]) for x, y in zip(a, b, strict=True)), default=0.0) < 1e-4


def test_passes_group_texts_of_similar_length():
    """A pass pads every text to its longest: mixed lengths run apart, similar ones together."""
    from drift.models.encoder import OnnxMiniLMEncoder

    enc = object.__new__(OnnxMiniLMEncoder)
    enc.batch_size = 64
    lengths = [40, 10, 100, 12, 41, 11]
    assert enc._batches(lengths) == [[1, 5, 3], [0, 4], [2]]
    enc.batch_size = 2
    assert enc._batches(lengths) == [[1, 5], [3], [0, 4], [2]]
    enc.batch_size = 64
    many = [20 + (k % 5) for k in range(300)]  # dense lengths still fill whole passes
    passes = enc._batches(many)
    assert sorted(k for p in passes for k in p) == list(range(300))
    assert max(len(p) for p in passes) == 64 and len(passes) <= 6
