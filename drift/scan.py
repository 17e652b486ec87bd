"""``drift scan``: find the source of every file in a directory and compare the two.

Each input file gets exactly one row: its best source in the archive, the relation
(copy, rewrite, translation, related, or none when nothing was found), the finding
counts by severity and type from :meth:`drift.compare.Checker.compare`, and an
error message when the file could not be processed (the run goes on).

Rows are appended to a sidecar JSON-lines file as they complete, so an interrupted
run resumes where it stopped; the Parquet file is written atomically at the end.
Comparisons run in-process, or on a dask.distributed cluster (a local one with
``workers`` processes on loopback, or an existing one at ``scheduler``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from drift.archive import Archive, list_files
from drift.errors import DriftError, Errors, UsageError
from drift.model import FindingType, PairStatus

SEVERITIES = ("critical", "major", "minor")
COLUMNS = [
    "copy",
    "copy_sha256",
    "source",
    "relation",
    "score",
    "findings",
    *SEVERITIES,
    *(f"type_{t.value}" for t in FindingType),
    "error",
]

_CHECKERS: dict[bool, Any] = {}


def _checker(use_lm: bool) -> Any:
    """One Checker per process and LM setting (workers reuse their models)."""
    if use_lm not in _CHECKERS:
        from drift.compare import Checker, Settings

        _CHECKERS[use_lm] = Checker(settings=Settings(use_lm=use_lm, fail_on=None))
    return _CHECKERS[use_lm]


def empty_row(copy: str, sha: str | None, error: str | None) -> dict[str, Any]:
    """A row with no comparison: zero counts, no source."""
    row: dict[str, Any] = {c: 0 for c in COLUMNS}
    row.update(copy=copy, copy_sha256=sha, source=None, relation="none", score=0.0, error=error)
    return row


def relation_of(comparison: Any, copy_doc: Any) -> str:
    """Classify a comparison: copy, rewrite, translation or related."""
    from drift.provenance import fragments

    n = max(1, len(copy_doc.sentences))
    src_doc_pairs = [p for p in comparison.pairs if p.source and p.copy]
    aligned = sum(len(p.copy) for p in src_doc_pairs) / n
    shared = 0
    for p in src_doc_pairs:
        if p.status is PairStatus.IDENTICAL:
            shared += len(p.copy)
    if shared / n >= 0.5:
        return "copy"
    frag = fragments(copy_doc, comparison.unmatched_copy)
    lexical = sum(1 for f in comparison.findings if f.type is FindingType.LEXICAL_MEANING)
    if aligned >= 0.3 and shared / n <= 0.15 and (frag or lexical >= max(3, 0.25 * len(src_doc_pairs))):
        return "translation"
    if aligned >= 0.5:
        return "rewrite"
    return "related"


def compare_task(
    copy: str, sha: str | None, source: str | None, score: float, use_lm: bool
) -> dict[str, Any]:
    """Compare one copy with its source; never raises (an error becomes the row's ``error``)."""
    if source is None:
        return empty_row(copy, sha, None)
    try:
        from drift.documents import load_documents

        checker = _checker(use_lm)
        src_doc, cpy_doc = load_documents([source, copy])
        checker._embed_all([src_doc, cpy_doc])
        comparison = checker.compare(src_doc, cpy_doc)
    except DriftError as exc:
        return empty_row(copy, sha, str(exc))
    except Exception as exc:
        return empty_row(copy, sha, f"internal error: {type(exc).__name__}: {exc}")
    row = empty_row(copy, sha, None)
    findings = comparison.findings
    row.update(source=source, relation=relation_of(comparison, cpy_doc), score=round(score, 4))
    row["findings"] = len(findings)
    for f in findings:
        row[f.severity.label] += 1
        row[f"type_{f.type.value}"] += 1
    return row


def sidecar_path(output: str) -> str:
    """Where partial results of a scan writing ``output`` are kept."""
    p = Path(output)
    return str(p.with_name(f".{p.name}.partial.jsonl"))


def load_done(output: str) -> dict[tuple[str, str | None], dict[str, Any]]:
    """Rows already done, from a previous Parquet file and the sidecar, keyed by (copy, sha256)."""
    done: dict[tuple[str, str | None], dict[str, Any]] = {}
    if Path(output).exists():
        import pandas as pd

        try:
            for row in pd.read_parquet(output).to_dict("records"):
                done[(row["copy"], row["copy_sha256"])] = row
        except Exception:
            done = {}
    side = sidecar_path(output)
    if Path(side).exists():
        with open(side, encoding="utf-8") as fh:
            for line in fh:
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by an interruption
                done[(row["copy"], row["copy_sha256"])] = row
    return done


def write_parquet(rows: Sequence[dict[str, Any]], output: str) -> None:
    """Write ``rows`` to ``output`` atomically (temporary file, then rename)."""
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=COLUMNS)
    target = Path(output)
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
        os.close(fd)
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise UsageError(Errors.E097.format(path=output, reason=exc.strerror or exc)) from None


def _progress(total: int, quiet: bool) -> Any:
    from tqdm import tqdm

    disable = quiet or not sys.stderr.isatty() or os.environ.get("CI", "").lower() == "true"
    return tqdm(total=total, unit="file", disable=disable, file=sys.stderr)


def scan(
    directory: str,
    db_path: str,
    output: str,
    *,
    use_lm: bool = True,
    workers: int = 0,
    scheduler: str | None = None,
    quiet: bool = False,
    encoder: Any | None = None,
    task: Callable[..., dict[str, Any]] = compare_task,
    processes: bool = True,
) -> list[dict[str, Any]]:
    """Scan ``directory`` against the archive at ``db_path``; write one row per file to ``output``.

    Args:
        directory: Files to check.
        db_path: The archive built by ``drift index``.
        output: Parquet file to write (atomically).
        use_lm: Load the language model for the lexical check.
        workers: Run comparisons on a local dask cluster with this many worker processes (0: in-process).
        scheduler: Address of an existing dask scheduler instead.
        quiet: No progress bar.
        encoder: Sentence encoder for the archive search (default: MiniLM).
        task: The per-file comparison (tests inject failures).
        processes: Local dask workers are processes (False: threads in this process).

    Returns:
        The rows, in file order.
    """
    if workers and scheduler:
        raise UsageError(Errors.E096)
    files = list_files(directory)
    done = load_done(output)
    todo: list[tuple[str, str | None, str | None, float]] = []
    rows_by_copy: dict[str, dict[str, Any]] = {}
    from drift.archive import _file_sha

    with Archive(db_path, encoder=encoder) as archive:
        for path in files:
            try:
                sha: str | None = _file_sha(path)
            except OSError:
                sha = None
            if (path, sha) in done:
                rows_by_copy[path] = done[(path, sha)]
                continue
            try:
                found = archive.find(path, top=1)
            except DriftError as exc:
                if "E094" in str(exc):
                    raise
                rows_by_copy[path] = empty_row(path, sha, str(exc))
                continue
            if found:
                todo.append((path, sha, found[0].path, found[0].score))
            else:
                todo.append((path, sha, None, 0.0))
    side = sidecar_path(output)
    Path(side).parent.mkdir(parents=True, exist_ok=True)
    with open(side, "a", encoding="utf-8") as sidecar, _progress(len(files), quiet) as bar:
        bar.update(len(files) - len(todo))
        for path, row in rows_by_copy.items():
            if (path, row["copy_sha256"]) not in done:  # a find error: record it now
                sidecar.write(json.dumps(row) + "\n")

        def record(row: dict[str, Any]) -> None:
            rows_by_copy[row["copy"]] = row
            sidecar.write(json.dumps(row) + "\n")
            sidecar.flush()
            bar.update(1)

        if workers or scheduler:
            _run_dask(todo, use_lm, workers, scheduler, task, record, processes=processes)
        else:
            for path, sha, source, score in todo:
                record(task(path, sha, source, score, use_lm))
    rows = [rows_by_copy[p] for p in files]
    write_parquet(rows, output)
    Path(side).unlink(missing_ok=True)
    return rows


def _run_dask(
    todo: Sequence[tuple[str, str | None, str | None, float]],
    use_lm: bool,
    workers: int,
    scheduler: str | None,
    task: Callable[..., dict[str, Any]],
    record: Callable[[dict[str, Any]], None],
    *,
    processes: bool = True,
) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster: Any = None
    client: Any
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        else:
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers,
                threads_per_worker=1,
                processes=processes,
                host="127.0.0.1",
                protocol="tcp://",
                dashboard_address=None,
            )
            client = Client(cluster)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise UsageError(Errors.E095.format(address=scheduler or "local", reason=exc)) from None
    try:
        futures = {
            client.submit(task, path, sha, source, score, use_lm, pure=False): (path, sha)
            for path, sha, source, score in todo
        }
        for fut in as_completed(futures):  # type: ignore[no-untyped-call]
            path, sha = futures[fut]
            try:
                row = fut.result()
            except Exception as exc:
                row = empty_row(path, sha, f"internal error: {type(exc).__name__}: {exc}")
            record(row)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
