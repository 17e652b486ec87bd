"""``drift pairs``: the same analysis for many short source/copy pairs, batched.

Each input line is ``{"id": ..., "source": "...", "copy": "..."}``. Each output line is
``{"id": ..., "status": ..., "similarity": ..., "meaning_changed": ..., "findings": [...]}`` with offsets into
the given strings, or ``{"id": ..., "error": "..."}`` for a line that cannot be used:
every input line, a blank one too, gives exactly one output line, in order. Lines end
at ``\n`` only (``\r\n`` too): U+2028, U+2029 and U+0085 are characters of a line,
as JSON has them.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Final

from drift.detectors import PairContext
from drift.errors import Errors, UsageError
from drift.ingest import document_from_text
from drift.ingest.decode import STDIN, display_path, refuse_special
from drift.pipeline import Checker
from drift.values import Document, PairStatus

MAX_PAIR_CHARS: Final = 20_000
"""The most characters on one side of a pair (``--max-chars``): a pair is analysed as
one group of all its sentences, so its cost grows with its length."""

_SURROGATE: Final = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class PairInput:
    id: Any
    source: str
    copy: str
    line: int = 0


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text} is too large for a number")
    return value


def _error(pid: Any, number: int, reason: str) -> dict[str, Any]:
    return {"id": pid, "error": Errors.E044.format(line=number, reason=reason)}


def parse_line(line: str, number: int, *, max_chars: int = MAX_PAIR_CHARS) -> PairInput | dict[str, Any]:
    """A usable pair, or the error record for this line.

    Args:
        line: The line without its line break; bytes that were not UTF-8 are lone
            surrogates (``surrogateescape``), as :func:`read_pair_lines` gives them.
        number: The line's number, from 1.
        max_chars: The most characters on either side.
    """
    if not line.strip():
        return _error(None, number, "blank line, no pair")
    if _SURROGATE.search(line):
        return _error(None, number, "not valid UTF-8 text")
    try:
        obj = json.loads(line, parse_constant=_refuse_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        return _error(None, number, f"not JSON ({exc.msg})")
    except ValueError as exc:
        return _error(None, number, f"not JSON ({str(exc).splitlines()[0]})")
    except RecursionError:
        return _error(None, number, "not JSON (nested too deeply)")
    if not isinstance(obj, dict):
        return _error(None, number, "expected a JSON object")
    pid = obj.get("id")
    if isinstance(pid, (dict, list)) or (isinstance(pid, str) and _SURROGATE.search(pid)):
        pid = None
    for key in ("source", "copy"):
        value = obj.get(key)
        if not isinstance(value, str):
            return _error(pid, number, f"{key!r} must be a string")
        if not value.strip():
            return _error(pid, number, f"{key!r} is empty")
        if _SURROGATE.search(value):
            return _error(pid, number, f"{key!r} holds a lone surrogate escape (\\ud800-\\udfff), not text")
    for key in ("source", "copy"):
        if len(obj[key]) > max_chars:
            error = Errors.E064.format(line=number, side=key, size=len(obj[key]), limit=max_chars)
            return {"id": pid, "error": error}
    return PairInput(pid, obj["source"], obj["copy"], number)


def read_pair_lines(path: str) -> Iterator[str]:
    """The lines of a pairs file (``-`` for standard input), opened now and read as
    they are asked for.

    Lines are split at ``\n`` only and lose their ``\n`` or ``\r\n``; a byte-order
    mark is dropped; bytes that are not UTF-8 become lone surrogates, so that
    :func:`parse_line` turns that one line into an error record.

    Raises:
        UsageError: E045 when the file cannot be opened or read, or is UTF-16.
        InputError: E060/E061 for a FIFO, socket, device or symbolic link loop.
    """
    shown = display_path(path)
    stream: IO[bytes]
    close: Callable[[], None]
    if path == STDIN:
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:
            raise UsageError(Errors.E045.format(path=shown, reason="standard input is closed"))
        stream, close = buffer, lambda: None
    else:
        refuse_special(path)
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed when the lines run out
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise UsageError(Errors.E045.format(path=shown, reason=reason)) from None
        close = stream.close
    return _decoded_lines(stream, shown, close)


def _decoded_lines(stream: IO[bytes], shown: str, close: Callable[[], None]) -> Iterator[str]:
    try:
        for number, raw in enumerate(stream):
            if number == 0:
                if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                    reason = "UTF-16 text: JSON lines must be UTF-8"
                    raise UsageError(Errors.E045.format(path=shown, reason=reason))
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            yield raw.removesuffix(b"\n").removesuffix(b"\r").decode("utf-8", "surrogateescape")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(Errors.E045.format(path=shown, reason=reason)) from None
    finally:
        close()


def _documents(pair: PairInput) -> tuple[Document, Document]:
    return (
        document_from_text("source", pair.source, path="<pairs>"),
        document_from_text("copy", pair.copy, path="<pairs>"),
    )


def _prepared(
    checker: Checker, pair: PairInput, documents: tuple[Document, Document] | None = None
) -> PairContext | dict[str, Any]:
    """The pair's :class:`PairContext` (its sides, with their similarity), or its error
    record."""
    src, cpy = documents or _documents(pair)
    if not src.sentences or not cpy.sentences:
        return _error(pair.id, pair.line, "no text with letters or digits on one side")
    vecs_s = checker.resources.embed([s.plain for s in src.sentences]).sum(axis=0)
    vecs_c = checker.resources.embed([s.plain for s in cpy.sentences]).sum(axis=0)
    denom = float((vecs_s @ vecs_s) ** 0.5 * (vecs_c @ vecs_c) ** 0.5) or 1.0
    similarity = round(max(-1.0, min(1.0, float(vecs_s @ vecs_c) / denom)), 6)
    return checker.pair_context(src, cpy, range(len(src.sentences)), range(len(cpy.sentences)), similarity)


def _finished(
    checker: Checker,
    pair: PairInput,
    prepared: PairContext | dict[str, Any],
) -> dict[str, Any]:
    if isinstance(prepared, dict):
        return prepared
    src, cpy = prepared.source.document, prepared.copy.document
    result = checker.analyse_pair(
        src,
        cpy,
        range(len(src.sentences)),
        range(len(cpy.sentences)),
        prepared.similarity,
        context=prepared,
    )
    return {
        "id": pair.id,
        "status": result.status.value
        if result.findings or result.status is PairStatus.IDENTICAL
        else "edited",
        "similarity": round(result.similarity, 4),
        "meaning_changed": result.meaning_changed,
        "findings": [f.to_json() for f in result.findings],
    }


def analyse(
    checker: Checker, pair: PairInput, documents: tuple[Document, Document] | None = None
) -> dict[str, Any]:
    """Analyse one pair as a single aligned group of all its sentences.

    Args:
        checker: The checker whose models and detectors analyse the pair.
        pair: The pair as read from its line.
        documents: The pair's two documents when the caller has built them already.
    """
    return _finished(checker, pair, _prepared(checker, pair, documents))


def run_pairs(
    checker: Checker, lines: Iterable[str], *, batch_size: int = 256, max_chars: int = MAX_PAIR_CHARS
) -> Iterator[dict[str, Any]]:
    """Yield one output record per input line, blank lines included, in order,
    embedding a batch at a time.

    Args:
        checker: The checker whose models and detectors analyse each pair.
        lines: The input lines, without line breaks (see :func:`read_pair_lines`).
        batch_size: How many lines to embed at once.
        max_chars: The most characters on either side of a pair; a longer pair gets
            an error record (E064) and the rest goes on.
    """
    batch: list[PairInput | dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        # Each document is segmented once; every sentence is embedded, and each side is
        # parsed as the one text the pair's analysis reads (its sentences joined).
        inputs = {k: item for k, item in enumerate(batch) if isinstance(item, PairInput)}
        documents = {k: _documents(item) for k, item in inputs.items()}
        texts = [s.plain for pair in documents.values() for d in pair for s in d.sentences]
        if texts:
            checker.resources.embed(texts, tokens=checker.settings.decision.finding_model is not None)
            checker.resources.parser.parse_many(
                " ".join(s.plain for s in d.sentences)
                for pair in documents.values()
                if all(d.sentences for d in pair)
                for d in pair
            )
        prepared = {k: _prepared(checker, item, documents[k]) for k, item in inputs.items()}
        checker.prefetch_lm([p for p in prepared.values() if not isinstance(p, dict)])
        for k, item in enumerate(batch):
            yield item if isinstance(item, dict) else _finished(checker, inputs[k], prepared[k])
        batch.clear()

    for number, line in enumerate(lines, start=1):
        batch.append(parse_line(line, number, max_chars=max_chars))
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()
