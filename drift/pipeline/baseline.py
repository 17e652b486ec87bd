"""Baselines: accept today's findings so CI fails only on new ones.

A baseline file lists a fingerprint per finding. The fingerprint hashes the copy's
id, the finding type and the text of both spans, never offsets, so an edit
elsewhere in the copy does not turn old findings into new ones.

Example:
    >>> from drift.pipeline.baseline import fingerprint
    >>> fingerprint("copy", finding)  # doctest: +SKIP
    'c0ffee...'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from drift.errors import Errors, UsageError
from drift.ingest.decode import display_path, refuse_special
from drift.values import Finding

SCHEMA = "drift-baseline/1"


def fingerprint(copy_id: str, finding: Finding) -> str:
    """A stable identifier of ``finding`` in the copy named ``copy_id``.

    Args:
        copy_id: The copy document's id (its file name without extension).
        finding: The finding to identify.

    Returns:
        32 hexadecimal digits.
    """
    parts = [
        copy_id,
        finding.type.value,
        " ".join(finding.source_span.text.split()) if finding.source_span else None,
        " ".join(finding.copy_span.text.split()) if finding.copy_span else None,
    ]
    blob = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def baseline_object(entries: Iterable[tuple[str, Finding]]) -> dict[str, Any]:
    """The baseline file's content for ``(copy id, finding)`` pairs, sorted and deduplicated."""
    rows: dict[str, dict[str, Any]] = {}
    for copy_id, finding in entries:
        fp = fingerprint(copy_id, finding)
        rows[fp] = {
            "fingerprint": fp,
            "copy": copy_id,
            "type": finding.type.value,
            "source_text": finding.source_span.text if finding.source_span else None,
            "copy_text": finding.copy_span.text if finding.copy_span else None,
        }
    return {"schema": SCHEMA, "findings": [rows[k] for k in sorted(rows)]}


def render_baseline(entries: Iterable[tuple[str, Finding]]) -> str:
    """The baseline as JSON text (deterministic, one trailing newline)."""
    return json.dumps(baseline_object(entries), ensure_ascii=False, indent=2) + "\n"


def load_baseline(path: str | Path) -> frozenset[str]:
    """Read the fingerprints of a baseline file.

    Raises:
        UsageError: The file cannot be read or is not a drift baseline.
        InputError: E060/E061 for a FIFO, socket, device or symbolic link loop.
    """
    shown = display_path(str(path))
    refuse_special(str(path))
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
        raise UsageError(Errors.E073.format(path=shown, reason=reason)) from None
    except RecursionError:
        raise UsageError(Errors.E073.format(path=shown, reason="JSON nested too deeply")) from None
    valid = isinstance(data, dict) and data.get("schema") == SCHEMA
    if not valid or not isinstance(data.get("findings"), list):
        raise UsageError(Errors.E074.format(path=shown, schema=SCHEMA))
    fps = set()
    for row in data["findings"]:
        if not isinstance(row, dict) or not isinstance(row.get("fingerprint"), str):
            raise UsageError(Errors.E074.format(path=shown, schema=SCHEMA))
        fps.add(row["fingerprint"])
    return frozenset(fps)
