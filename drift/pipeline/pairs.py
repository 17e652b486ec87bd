"""``drift pairs``: the same analysis for many short source/copy pairs, batched.

Each input line is ``{"id": ..., "source": "...", "copy": "..."}``. Each output line is
``{"id": ..., "status": ..., "similarity": ..., "findings": [...]}`` with offsets into
the given strings, or ``{"id": ..., "error": "..."}`` for a line that cannot be used.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from drift.errors import Errors
from drift.ingest import document_from_text
from drift.ingest.sentences import split_sentences
from drift.pipeline import Checker
from drift.values import PairStatus


@dataclass(frozen=True)
class PairInput:
    id: Any
    source: str
    copy: str


def parse_line(line: str, number: int) -> PairInput | dict[str, Any]:
    """A usable pair, or the error record for this line."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": Errors.E044.format(line=number, reason=f"not JSON ({exc.msg})")}
    if not isinstance(obj, dict):
        return {"id": None, "error": Errors.E044.format(line=number, reason="expected a JSON object")}
    pid = obj.get("id")
    if isinstance(pid, (dict, list)):
        pid = None
    for key in ("source", "copy"):
        if not isinstance(obj.get(key), str):
            return {"id": pid, "error": Errors.E044.format(line=number, reason=f"{key!r} must be a string")}
        if not obj[key].strip():
            return {"id": pid, "error": Errors.E044.format(line=number, reason=f"{key!r} is empty")}
    return PairInput(pid, obj["source"], obj["copy"])


def analyse(checker: Checker, pair: PairInput) -> dict[str, Any]:
    """Analyse one pair as a single aligned group of all its sentences."""
    src = document_from_text("source", pair.source, path="<pairs>")
    cpy = document_from_text("copy", pair.copy, path="<pairs>")
    if not src.sentences or not cpy.sentences:
        return {"id": pair.id, "error": "no text with letters or digits on one side"}
    vecs_s = checker.resources.embed([s.plain for s in src.sentences]).sum(axis=0)
    vecs_c = checker.resources.embed([s.plain for s in cpy.sentences]).sum(axis=0)
    denom = float((vecs_s @ vecs_s) ** 0.5 * (vecs_c @ vecs_c) ** 0.5) or 1.0
    similarity = max(-1.0, min(1.0, float(vecs_s @ vecs_c) / denom))
    result = checker.analyse_pair(
        src, cpy, range(len(src.sentences)), range(len(cpy.sentences)), round(similarity, 6)
    )
    return {
        "id": pair.id,
        "status": result.status.value
        if result.findings or result.status is PairStatus.IDENTICAL
        else "edited",
        "similarity": round(result.similarity, 4),
        "findings": [f.to_json() for f in result.findings],
    }


def run_pairs(checker: Checker, lines: Iterable[str], *, batch_size: int = 256) -> Iterator[dict[str, Any]]:
    """Yield one output record per input line, in order, embedding a batch at a time."""
    batch: list[PairInput | dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        texts: list[str] = []
        for item in batch:
            if isinstance(item, PairInput):
                texts.extend(s.plain for s in split_sentences(item.source))
                texts.extend(s.plain for s in split_sentences(item.copy))
        if texts:
            checker.resources.embed(texts)
            checker.resources.parser.parse_many(texts)
        for item in batch:
            yield item if isinstance(item, dict) else analyse(checker, item)
        batch.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        batch.append(parse_line(line, number))
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()
