"""A manifest of known (source, copy) pairs for a batch check: CSV or JSON lines.

CSV needs a header with ``source`` and ``copy`` columns (any case, any order, other
columns ignored); JSON lines need ``source`` and ``copy`` keys on each line. Blank
lines and lines starting with ``#`` are skipped. Relative paths are read from the
manifest's own folder, so a manifest travels with its files. A line that cannot be
read becomes a pair that carries its error, and the batch goes on.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass

from drift.errors import Errors, InputError
from drift.ingest.decode import decode_bytes, read_bytes


@dataclass(frozen=True)
class ManifestPair:
    """One line of a manifest.

    Attributes:
        line: Its line number in the manifest (1-based).
        source: The source's path, resolved against the manifest's folder.
        copy: The copy's path, likewise.
        error: Why the line could not be read (then the paths may be empty).
    """

    line: int
    source: str
    copy: str
    error: str | None = None


def _resolve(base: str, path: str) -> str:
    path = path.strip()
    return path if not path or os.path.isabs(path) else os.path.normpath(os.path.join(base, path))


def read_manifest(path: str, *, max_bytes: int = 20_000_000) -> list[ManifestPair]:
    """The pairs a manifest lists, in order.

    Raises:
        InputError: The file cannot be read, has neither form, or lists nothing.
    """
    text = decode_bytes(read_bytes(path, max_bytes), path=path)
    base = os.path.dirname(os.path.abspath(path))
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    lines = [(n, line) for n, line in lines if not line.lstrip().startswith("#")]
    if not lines:
        raise InputError(Errors.E101.format(path=path))
    pairs = _jsonl(path, base, lines) if lines[0][1].lstrip().startswith("{") else _csv(path, base, lines)
    if not pairs:
        raise InputError(Errors.E101.format(path=path))
    return pairs


def _jsonl(path: str, base: str, lines: list[tuple[int, str]]) -> list[ManifestPair]:
    out = []
    for n, line in lines:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            reason = f"bad JSON: {exc.msg}"
            out.append(ManifestPair(n, "", "", Errors.E100.format(path=path, line=n, reason=reason)))
            continue
        src = obj.get("source") if isinstance(obj, dict) else None
        cpy = obj.get("copy") if isinstance(obj, dict) else None
        if not isinstance(src, str) or not isinstance(cpy, str) or not src.strip() or not cpy.strip():
            reason = "needs string 'source' and 'copy' values"
            out.append(ManifestPair(n, "", "", Errors.E100.format(path=path, line=n, reason=reason)))
            continue
        out.append(ManifestPair(n, _resolve(base, src), _resolve(base, cpy)))
    return out


def _csv(path: str, base: str, lines: list[tuple[int, str]]) -> list[ManifestPair]:
    numbers = [n for n, _ in lines]
    try:
        rows = list(csv.reader(io.StringIO("\n".join(line for _, line in lines))))
    except csv.Error as exc:
        raise InputError(Errors.E099.format(path=path, reason=f"CSV: {exc}")) from None
    header = [h.strip().lower() for h in rows[0]]
    if "source" not in header or "copy" not in header:
        found = ", ".join(repr(h) for h in header[:6]) or "none"
        raise InputError(Errors.E099.format(path=path, reason=f"the first line's columns are {found}"))
    i, j = header.index("source"), header.index("copy")
    out = []
    for n, row in zip(numbers[1:], rows[1:], strict=False):
        if len(row) <= max(i, j) or not row[i].strip() or not row[j].strip():
            reason = "needs a source and a copy"
            out.append(ManifestPair(n, "", "", Errors.E100.format(path=path, line=n, reason=reason)))
            continue
        out.append(ManifestPair(n, _resolve(base, row[i]), _resolve(base, row[j])))
    return out
