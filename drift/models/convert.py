"""One-time conversion of the packaged models to ONNX, cached and hash-checked.

A run scores with onnxruntime, which loads in a fraction of a second, instead of
importing torch and transformers (about 15 s on two cores). torch is needed only
here, the first time a model is used, to trace the packaged weights into an ONNX
graph. The graph goes to ``$DRIFT_CACHE/onnx-NAME-KEY/`` beside the tokenizer
and a ``manifest.json`` with the graph's SHA-256 and what was converted. Every
load hashes the graph again, on a second thread while onnxruntime reads it (so
the check costs no wall time), and converts again if the hash does not match.

The exported graphs are plain float32: the language model's graph returns the
log-probability of each next token rather than the full logits, so a batch
returns kilobytes, not the vocabulary for every position.
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

MANIFEST = "manifest.json"
GRAPH = "model.onnx"
OPSET = 17
FORMAT = 1

T = TypeVar("T")


def cache_dir() -> Path:
    """Where converted models live: ``$DRIFT_CACHE`` or ``~/.cache/drift``."""
    root = os.environ.get("DRIFT_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "drift")
    return Path(root)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
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
            kept only when the graph's hash matches the manifest. A cached graph that
            it cannot open (cut short, say) is converted again.
    """
    key = hashlib.sha256(f"{source}|opset{OPSET}|f{FORMAT}".encode()).hexdigest()[:16]
    folder = cache_dir() / f"onnx-{name}-{key}"
    found = _cached(folder, source)
    if found is not None:
        with ThreadPoolExecutor(max_workers=1) as pool:
            digest = pool.submit(file_sha256, found.graph)
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
    return opener(converted)


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
            "sha256": file_sha256(tmp / GRAPH),
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
    if converted is None or file_sha256(converted.graph) != converted.manifest.get("sha256"):
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
        output="last_hidden_state",
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
    """Trace a transformers causal LM to a graph that returns next-token log-probabilities."""
    import torch

    model.config.use_cache = False

    class NextTokenLogprobs(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            logits = self.inner(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).logits
            logp = torch.log_softmax(logits[:, :-1].float(), dim=-1)
            return logp.gather(2, input_ids[:, 1:].unsqueeze(2)).squeeze(2)

    ids = torch.tensor([[1, 504, 3458, 314, 260, 1345], [1, 504, 3458, 0, 0, 0]])
    mask = (torch.arange(ids.shape[1])[None] < torch.tensor([[6], [3]])).long()
    _export(
        NextTokenLogprobs(model),
        (ids, mask),
        target / GRAPH,
        inputs=["input_ids", "attention_mask"],
        output="token_logprobs",
        axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "token_logprobs": {0: "batch", 1: "next"},
        },
    )
    tokenizer.backend_tokenizer.save(str(target / "tokenizer.json"))
    pad = tokenizer.pad_token_id
    if pad is None:
        pad = tokenizer.eos_token_id or 0
    return {"bos": tokenizer.bos_token_id, "pad": int(pad)}


def _export(
    module: Any, args: tuple[Any, ...], path: Path, *, inputs: list[str], output: str, axes: dict[str, Any]
) -> None:
    import warnings

    import torch

    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            args,
            str(path),
            input_names=inputs,
            output_names=[output],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
