"""A batch check over a manifest of known (source, copy) pairs: the scan's rows and
reports, without the archive search."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from drift.archive.scan import ReportSink, compare_task, empty_row
from drift.ingest.manifest import ManifestPair
from drift.io import file_sha256, progress_bar
from drift.models.resources import Resources
from drift.pipeline import Checker, Settings

NO_SCORE = math.nan
"""A manifest pair has no archive match score."""


def run_batch(
    pairs: Sequence[ManifestPair],
    *,
    settings: Settings | None = None,
    resources: Resources | None = None,
    reports: ReportSink | None = None,
    quiet: bool = False,
    task: Callable[..., dict[str, Any]] = compare_task,
) -> list[dict[str, Any]]:
    """Compare every pair; one row per manifest line, in order (an unreadable line or file
    becomes a row with its error, and the batch goes on)."""
    settings = settings or Settings()
    checker = Checker(settings=settings, resources=resources)
    rows: list[dict[str, Any]] = []
    with progress_bar(total=len(pairs), unit="pair", quiet=quiet) as bar:
        for pair in pairs:
            if pair.error is not None:
                rows.append(empty_row(pair.copy or f"line {pair.line}", None, pair.error))
            else:
                try:
                    sha: str | None = file_sha256(pair.copy)
                except OSError:
                    sha = None
                rows.append(task(pair.copy, sha, pair.source, NO_SCORE, checker, reports))
            bar.update(1)
    return rows


def failing(
    rows: Sequence[dict[str, Any]], fail_on: str | None, *, strict: bool = False
) -> list[dict[str, Any]]:
    """Rows that fail the run: an error, or a finding at or above ``fail_on`` in a derived
    copy (in a ``related`` one too under ``strict``)."""
    order = ("minor", "major", "critical")
    worse = order[order.index(fail_on) :] if fail_on in order else ()
    out = []
    for row in rows:
        if (isinstance(row.get("error"), str) and row["error"]) or (
            (strict or row.get("relation") != "related") and any(int(row.get(s) or 0) for s in worse)
        ):
            out.append(row)
    return out
