"""One-time conversion of the packaged models to ONNX, cached and hash-checked.

A run scores with onnxruntime, which loads in a fraction of a second, instead of
importing torch and transformers (about 15 s on two cores). torch is needed only
here, the first time a model is used, to trace the packaged weights into an ONNX
graph. The graph goes to ``$DRIFT_CACHE/onnx-NAME-KEY/`` beside the tokenizer
and a ``manifest.json`` with the SHA-256 of the folder's files and what was converted.
Every load hashes them again, on a second thread while onnxruntime reads them (so
the check costs no wall time), and converts again if the hash does not match.

The exported graphs are plain float32: the language model's graph returns the
log-probability of each next token rather than the full logits, so a batch
returns kilobytes, not the vocabulary for every position; it also takes the keys
and values of tokens read before and returns those of all its tokens, so a prompt
that many texts share is read once (format 3). The cache holds each
graph as onnxruntime's own optimised form (basic and extended fusions, which run
on any CPU) with its weights in ``model.data`` beside it, and a weight that a tied
output layer stored twice (once transposed) is stored once: the language model's
session then opens in 1.4 s instead of 2.3 s, with the same scores to the bit.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from drift.errors import Errors, ModelError
from drift.io import cache_dir, file_sha256

MANIFEST = "manifest.json"
GRAPH = "model.onnx"
WEIGHTS = "model.data"
OPSET = 17
FORMAT = 3

T = TypeVar("T")

__all__ = [
    "Converted",
    "cache_dir",
    "export_causal_lm",
    "export_minilm",
    "file_sha256",
    "folder_sha256",
    "load",
]


def folder_sha256(folder: Path) -> str:
    """One SHA-256 over the names and contents of every file in ``folder`` but the manifest."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name != MANIFEST):
        digest.update(f"{path.name}\0{file_sha256(path)}\0".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Converted:
    """A converted model on disk.

    Attributes:
        path: The folder holding ``model.onnx``, ``tokenizer.json`` and the manifest.
        manifest: What the conversion recorded (source, graph hash, token ids).
    """

    path: Path
    manifest: dict[str, Any]

    @property
    def graph(self) -> Path:
        return self.path / GRAPH

    @property
    def tokenizer(self) -> Path:
        return self.path / "tokenizer.json"


def _cached(folder: Path, source: str) -> Converted | None:
    """The cached conversion when its manifest and files are in place (the hash is checked apart)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("source") != source:
        return None
    if not (folder / GRAPH).is_file() or not (folder / "tokenizer.json").is_file():
        return None
    return Converted(folder, manifest)


_CONVERTING = threading.Lock()
"""Held while a model is converted: the exports import torch and transformers, whose lazy
module imports are not safe to run from two threads at once (the language model loads in a
background thread while the encoder loads in the main one)."""


def load(
    name: str, source: str, export: Callable[[Path], dict[str, Any]], opener: Callable[[Converted], T]
) -> T:
    """Open the converted model for ``source``, converting it first when no valid copy is cached.

    Args:
        name: Short model name used in the folder name.
        source: A string that identifies the packaged weights (their hash); a
            different source means a different conversion.
        export: Writes ``model.onnx`` and ``tokenizer.json`` into the folder it is
            given and returns extra manifest fields. Runs only when converting.
        opener: Builds the runtime object from the converted files; its result is
            kept only when the files' hash matches the manifest. A cached graph that
            it cannot open (cut short, say) is converted again.
    """
    key = hashlib.sha256(f"{source}|opset{OPSET}|f{FORMAT}".encode()).hexdigest()[:16]
    folder = cache_dir() / f"onnx-{name}-{key}"
    found = _cached(folder, source)
    if found is not None:
        with ThreadPoolExecutor(max_workers=1) as pool:
            digest = pool.submit(folder_sha256, found.path)
            try:
                opened: T | None = opener(found)
            except ModelError:
                raise
            except Exception:  # a damaged graph: onnxruntime's own errors have no common base
                opened = None
            if opened is not None and digest.result() == found.manifest.get("sha256"):
                return opened
    with _CONVERTING:
        converted = _convert(name, folder, source, export)
    _drop_older_formats(name)
    return opener(converted)


def _drop_older_formats(name: str) -> None:
    """Remove this model's conversions in an older cache format (hundreds of MB each)."""
    for folder in cache_dir().glob(f"onnx-{name}-*"):
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            older = isinstance(manifest, dict) and int(manifest.get("format", FORMAT)) < FORMAT
        except (OSError, ValueError, TypeError):
            continue
        if older:
            shutil.rmtree(folder, ignore_errors=True)


def _convert(name: str, folder: Path, source: str, export: Callable[[Path], dict[str, Any]]) -> Converted:
    tmp = folder.with_name(f".{folder.name}.tmp-{os.getpid()}")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        extra = export(tmp)
        manifest = {
            "format": FORMAT,
            "source": source,
            "opset": OPSET,
            "sha256": folder_sha256(tmp),
            **extra,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(Errors.E039.format(model=name, path=folder, reason=exc.strerror or exc)) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    converted = _cached(folder, source)
    if converted is None or folder_sha256(converted.path) != converted.manifest.get("sha256"):
        reason = "the written files do not verify"
        raise ModelError(Errors.E039.format(model=name, path=folder, reason=reason))
    return converted


def export_minilm(model_dir: Path, target: Path) -> dict[str, Any]:
    """Trace all-MiniLM-L6-v2 (its transformer; pooling is done by the caller) to ONNX."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])
    mask = (ids != 0).long()
    axes = {0: "batch", 1: "tokens"}
    _export(
        Hidden(model),
        (ids, mask, torch.zeros_like(ids)),
        target / GRAPH,
        inputs=["input_ids", "attention_mask", "token_type_ids"],
        outputs=["last_hidden_state"],
        axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
    )
    shutil.copyfile(model_dir / "tokenizer.json", target / "tokenizer.json")
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    max_len = 256
    st_config = model_dir / "sentence_bert_config.json"
    if st_config.is_file():
        max_len = int(json.loads(st_config.read_text(encoding="utf-8")).get("max_seq_length", max_len))
    return {"dim": int(config["hidden_size"]), "max_tokens": max_len, "pooling": "mean", "normalize": True}


def export_causal_lm(model: Any, tokenizer: Any, target: Path) -> dict[str, Any]:
    """Trace a transformers causal LM to a graph that returns next-token log-probabilities.

    The graph takes the keys and values of tokens already read (``past``, stacked as
    ``(layers, 2, batch, kv_heads, past_tokens, head_dim)``; none for a text read from
    its start) with the positions of the new tokens, and returns the keys and values of
    all of them (``present``): a prompt read by many calls is run once.
    """
    import torch
    from transformers import DynamicCache

    model.config.use_cache = True
    config = model.config
    layers = int(config.num_hidden_layers)
    kv_heads = int(getattr(config, "num_key_value_heads", None) or config.num_attention_heads)
    head_dim = int(getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads)

    class NextTokenLogprobs(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, position_ids: Any, past: Any) -> Any:
            cache = DynamicCache(
                ddp_cache_data=[(past[i, 0], past[i, 1]) for i in range(layers)], config=config
            )
            out = self.inner(
                input_ids=input_ids,
                attention_mask=attention_mask,
                position_ids=position_ids,
                past_key_values=cache,
                use_cache=True,
            )
            logp = torch.log_softmax(out.logits[:, :-1].float(), dim=-1)
            kept = out.past_key_values.layers
            present = torch.stack([torch.stack([kept[i].keys, kept[i].values]) for i in range(layers)])
            return logp.gather(2, input_ids[:, 1:].unsqueeze(2)).squeeze(2), present

    # traced with a past of three tokens, so the graph joins the past to the new keys
    ids = torch.tensor([[504, 3458, 314, 260, 1345], [504, 3458, 0, 0, 0]])
    mask = torch.ones((2, 8), dtype=torch.long)
    mask[1, 5:] = 0
    positions = (3 + torch.arange(5))[None].repeat(2, 1)
    past = torch.zeros((layers, 2, 2, kv_heads, 3, head_dim))
    _export(
        NextTokenLogprobs(model),
        (ids, mask, positions, past),
        target / GRAPH,
        inputs=["input_ids", "attention_mask", "position_ids", "past"],
        outputs=["token_logprobs", "present"],
        axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "total"},
            "position_ids": {0: "batch", 1: "tokens"},
            "past": {2: "batch", 4: "past"},
            "token_logprobs": {0: "batch", 1: "next"},
            "present": {2: "batch", 4: "total"},
        },
    )
    tokenizer.backend_tokenizer.save(str(target / "tokenizer.json"))
    pad = tokenizer.pad_token_id
    if pad is None:
        pad = tokenizer.eos_token_id or 0
    return {
        "bos": tokenizer.bos_token_id,
        "pad": int(pad),
        "layers": layers,
        "kv_heads": kv_heads,
        "head_dim": head_dim,
    }


def _export(
    module: Any,
    args: tuple[Any, ...],
    path: Path,
    *,
    inputs: list[str],
    outputs: list[str],
    axes: dict[str, Any],
) -> None:
    """Trace ``module`` to ``path`` in the cache's form (see the module docstring)."""
    import warnings

    import onnx
    import torch

    raw = path.with_name("traced.onnx")
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            args,
            str(raw),
            input_names=inputs,
            output_names=outputs,
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
    model = onnx.load(str(raw))
    share_tied_weights(model)
    onnx.save_model(model, str(raw))
    del model
    _optimise(raw, path)
    raw.unlink()


def share_tied_weights(model: Any) -> int:
    """Store once a weight that the graph holds twice, as ``E`` and as its transpose.

    A tied output layer is traced as a ``Gather`` on the embedding ``E`` and a
    ``MatMul`` on a copy of ``E`` transposed. The ``Gather`` is rewritten to read the
    transposed copy along its other axis, then transpose back: an exact lookup, so
    the scores do not change, and the language model's graph is 113 MB smaller.

    Returns:
        How many weights were shared.
    """
    import numpy as np
    from onnx import helper, numpy_helper

    graph = model.graph
    weights = {w.name: w for w in graph.initializer}
    by_shape: dict[tuple[int, ...], list[Any]] = {}
    for w in graph.initializer:
        if len(w.dims) == 2:
            by_shape.setdefault(tuple(w.dims), []).append(w)
    # the rewrite's transpose assumes (batch, tokens) indices, which the traced inputs are
    matrices = {i.name for i in graph.input if len(i.type.tensor_type.shape.dim) == 2}
    shared = 0
    for node in list(graph.node):
        embed = weights.get(node.input[0]) if node.op_type == "Gather" else None
        if (
            embed is None
            or len(embed.dims) != 2
            or node.input[1] not in matrices
            or any(a.name == "axis" and a.i != 0 for a in node.attribute)
            or sum(embed.name in n.input for n in graph.node) != 1
        ):
            continue
        rows, cols = embed.dims
        values = numpy_helper.to_array(embed)
        twin = next(
            (
                w
                for w in by_shape.get((cols, rows), [])
                if w.name != embed.name and np.array_equal(numpy_helper.to_array(w), values.T)
            ),
            None,
        )
        if twin is None:
            continue
        looked_up = f"{node.output[0]}_from_{twin.name}"
        gather = helper.make_node("Gather", [twin.name, node.input[1]], [looked_up], name=node.name, axis=1)
        back = helper.make_node(
            "Transpose", [looked_up], list(node.output), name=f"{node.name}_t", perm=[1, 2, 0]
        )
        k = list(graph.node).index(node)
        graph.node.remove(node)
        graph.node.insert(k, back)
        graph.node.insert(k, gather)
        graph.initializer.remove(embed)
        del weights[embed.name]
        shared += 1
    return shared


def _optimise(raw: Path, path: Path) -> None:
    """Save onnxruntime's optimised form of ``raw`` at ``path``, its weights beside it.

    Only the basic and extended fusions are applied (onnxruntime warns that its
    layout fusions are specific to the CPU that made them); the session applies the
    rest at load, as it would have to the traced graph, so the scores are the same.
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(path)
    options.log_severity_level = 3
    options.add_session_config_entry("session.optimized_model_external_initializers_file_name", WEIGHTS)
    options.add_session_config_entry(
        "session.optimized_model_external_initializers_min_size_in_bytes", "1024"
    )
    ort.InferenceSession(str(raw), options, providers=["CPUExecutionProvider"])
