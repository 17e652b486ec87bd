"""``drift scan``: find the source of every file in a directory and compare the two.

Each input file gets exactly one row: its best source in the archive, the relation
(copy, rewrite, translation, related, or none when nothing was found), the finding
counts by severity and type from :meth:`drift.pipeline.checker.Checker.compare`, and an
error message when the file could not be processed (the run goes on).

Rows are appended to a sidecar JSON-lines file as they complete, so an interrupted
run resumes where it stopped; the Parquet file is written atomically at the end.
Comparisons run in-process, or on a dask.distributed cluster (a local one with
``workers`` processes on loopback, or an existing one at ``scheduler``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drift.archive.prepare import list_files
from drift.archive.store import Archive
from drift.errors import DriftError, EmptyArchiveError, Errors, UsageError
from drift.ingest import load_documents
from drift.io import check_output, file_sha256, progress_bar, write_atomic
from drift.models.resources import Resources
from drift.pipeline import Checker, CheckResult, Settings
from drift.provenance.comparisons import classify
from drift.provenance.metadata import compare as compare_metadata
from drift.provenance.result import DERIVED
from drift.values import FindingType

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
    "by_type_severity",
    "metadata",
    "error",
]

_CHECKERS: dict[str, Any] = {}


@dataclass(frozen=True)
class CompareJob:
    """What a worker needs to build its checker: the settings and, where the caller
    injects its own models, a picklable factory ``(use_lm) -> Resources``."""

    settings: Settings
    make_resources: Callable[[bool], Any] | None = None

    def checker(self) -> Checker:
        """This process's checker for the job, built once (a worker reuses its models)."""
        key = repr(self)
        if key not in _CHECKERS:
            resources = self.make_resources(self.settings.use_lm) if self.make_resources else None
            _CHECKERS[key] = Checker(settings=self.settings, resources=resources)
        return _CHECKERS[key]  # type: ignore[no-any-return]


def empty_row(copy: str, sha: str | None, error: str | None) -> dict[str, Any]:
    """A row with no comparison: zero counts, no source."""
    row: dict[str, Any] = {c: 0 for c in COLUMNS}
    row.update(copy=copy, copy_sha256=sha, source=None, relation="none", score=0.0, metadata="", error=error)
    row["by_type_severity"] = "{}"
    return row


def report_name(copy: str, source: str | None = None) -> str:
    """The file name of a comparison's full report in a QA folder: the copy's name, made
    safe for a file name and a link, and a hash of the copy's whole path and the source's,
    so two copies with one name, or one copy checked against two sources, do not collide."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(copy).stem).strip("._")[:60] or "copy"
    key = os.fsencode(copy) + (b"\0" + os.fsencode(source) if isinstance(source, str) and source else b"")
    return f"{stem}-{hashlib.sha256(key).hexdigest()[:10]}.html"


@dataclass(frozen=True)
class ReportSink:
    """Where a scan writes each copy's full report, and how it renders one.

    The renderer is injected (the CLI passes the HTML report's), so this layer needs
    nothing from the report layer above it.

    Attributes:
        directory: The folder for the reports (``report_name`` of each copy).
        render: ``CheckResult -> str``; picklable for dask workers.
        force: Replace report files drift did not write.
    """

    directory: str
    render: Callable[[CheckResult], str]
    force: bool = False

    def path(self, copy: str, source: str | None) -> str:
        return os.path.join(self.directory, report_name(copy, source))


def compare_task(
    copy: str,
    sha: str | None,
    source: str | None,
    score: float,
    target: Checker | CompareJob,
    reports: ReportSink | None = None,
) -> dict[str, Any]:
    """Compare one copy with its source; never raises (an error becomes the row's ``error``).

    Args:
        copy: The copy's path.
        sha: Its SHA-256.
        source: The source the archive found, or None.
        score: The archive's score for that source.
        target: The checker to use, or (on a dask worker) the job to build it from.
        reports: Also write the comparison's full report there.
    """
    if source is None:
        return empty_row(copy, sha, None)
    try:
        checker = target if isinstance(target, Checker) else target.checker()
        src_doc, cpy_doc = load_documents([source, copy])
        checker.prepare([src_doc, cpy_doc])
        comparison = checker.compare(src_doc, cpy_doc)
        single = CheckResult((src_doc, cpy_doc), (comparison,), checker.signature, checker.settings.fail_on)
        result = classify(single, checker)
        comparison = result.comparisons[0]
        relation = comparison.relation or "related"
        meta = compare_metadata(src_doc, cpy_doc)
        if reports is not None:
            write_atomic(
                reports.path(copy, source),
                reports.render(result),
                error=Errors.E097,
                inputs=(source, copy),
                force=reports.force,
            )
    except DriftError as exc:
        return {**empty_row(copy, sha, str(exc)), "source": source}
    except Exception as exc:
        return {**empty_row(copy, sha, f"internal error: {type(exc).__name__}: {exc}"), "source": source}
    row = empty_row(copy, sha, None)
    findings = comparison.findings
    row.update(source=source, relation=relation, score=round(score, 4))
    clash = meta.disagreement(derived=relation in DERIVED, parent=0)
    row["metadata"] = "; ".join([*meta.lines, *([clash] if clash else [])])
    row["findings"] = len(findings)
    cross: dict[str, dict[str, int]] = {}
    for f in findings:
        row[f.severity.label] += 1
        row[f"type_{f.type.value}"] += 1
        by_severity = cross.setdefault(f.type.value, {})
        by_severity[f.severity.label] = by_severity.get(f.severity.label, 0) + 1
    row["by_type_severity"] = json.dumps(cross, sort_keys=True, separators=(",", ":"))
    return row


def _reported(row: dict[str, Any], reports: ReportSink) -> bool:
    """Whether a row needs no report (no source, or an error) or has its report written."""
    source, error = row.get("source"), row.get("error")
    if not isinstance(source, str) or not source or (isinstance(error, str) and error):
        return True  # (rows read back from Parquet carry NaN in empty text cells)
    return os.path.isfile(reports.path(row["copy"], source))


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


def is_scan_output(path: str) -> bool:
    """Whether ``path`` is a Parquet file of scan rows (the columns drift writes first)."""
    try:
        import pyarrow.parquet as pq

        names = pq.read_schema(path).names
    except Exception:
        return False
    return names[:4] == COLUMNS[:4] and "error" in names


def write_parquet(
    rows: Sequence[dict[str, Any]], output: str, *, inputs: Sequence[str] = (), force: bool = False
) -> None:
    """Write ``rows`` to ``output`` safely (see :func:`drift.io.write_atomic`)."""
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=COLUMNS)
    write_atomic(
        output,
        lambda tmp: frame.to_parquet(tmp, index=False),
        error=Errors.E097,
        inputs=inputs,
        force=force,
        recognise=is_scan_output,
    )


def scan(
    directory: str,
    db_path: str,
    output: str,
    *,
    settings: Settings | None = None,
    resources: Resources | None = None,
    make_resources: Callable[[bool], Any] | None = None,
    workers: int = 0,
    scheduler: str | None = None,
    quiet: bool = False,
    task: Callable[..., dict[str, Any]] = compare_task,
    processes: bool = True,
    force: bool = False,
    inputs: Sequence[str] = (),
    reports: ReportSink | None = None,
) -> list[dict[str, Any]]:
    """Scan ``directory`` against the archive at ``db_path``; write one row per file to ``output``.

    Args:
        directory: Files to check.
        db_path: The archive built by ``drift index``.
        output: Parquet file to write (atomically).
        settings: Options that change results (the defaults when omitted).
        resources: The models for the archive search and the in-process comparisons;
            built from ``make_resources`` or the packaged models when omitted.
        make_resources: A picklable factory ``(use_lm) -> Resources`` for dask workers
            (default: the packaged models).
        workers: Run comparisons on a local dask cluster with this many worker processes (0: in-process).
        scheduler: Address of an existing dask scheduler instead.
        quiet: No progress bar.
        task: The per-file comparison (tests inject failures).
        processes: Local dask workers are processes (False: threads in this process).
        force: Replace an existing ``output`` that drift did not write.
        inputs: Further files the run reads (configuration, policy), never overwritten.
        reports: Write each comparison's full report there too; a row done by an
            earlier run whose report is missing is compared again.

    Returns:
        The rows, in file order.

    Raises:
        UsageError: Bad options, or an ``output`` that must not be written
            (:func:`drift.io.check_output`); the archive is opened read-only.
    """
    if workers and scheduler:
        raise UsageError(Errors.E096)
    files = list_files(directory)
    reads = [db_path, *inputs, *files]
    dest = check_output(output, inputs=reads, force=force, recognise=is_scan_output, error=Errors.E097)
    with contextlib.ExitStack() as stack:
        if dest.direct:  # standard output, a device or a FIFO: nothing to resume from
            scratch = stack.enter_context(tempfile.TemporaryDirectory(prefix="drift-scan-"))
            side, done = os.path.join(scratch, "partial.jsonl"), {}
        else:
            side, done = sidecar_path(output), load_done(output)
        if reports is not None:
            done = {k: r for k, r in done.items() if _reported(r, reports)}
        rows = _scan_files(
            files,
            db_path,
            side,
            done,
            settings=settings or Settings(),
            resources=resources,
            make_resources=make_resources,
            workers=workers,
            scheduler=scheduler,
            quiet=quiet,
            task=task,
            processes=processes,
            reports=reports,
        )
        write_parquet(rows, output, inputs=reads, force=force)
        Path(side).unlink(missing_ok=True)
    return rows


def _scan_files(
    files: Sequence[str],
    db_path: str,
    side: str,
    done: dict[tuple[str, str | None], dict[str, Any]],
    *,
    settings: Settings,
    resources: Resources | None,
    make_resources: Callable[[bool], Any] | None,
    workers: int,
    scheduler: str | None,
    quiet: bool,
    task: Callable[..., dict[str, Any]],
    processes: bool,
    reports: ReportSink | None,
) -> list[dict[str, Any]]:
    """Find and compare every file not in ``done``, appending each row to ``side``."""
    todo: list[tuple[str, str | None, str | None, float]] = []
    rows_by_copy: dict[str, dict[str, Any]] = {}
    if resources is None:
        resources = make_resources(settings.use_lm) if make_resources else Resources(use_lm=settings.use_lm)
    with Archive(db_path, resources=resources, readonly=True) as archive:
        for path in files:
            try:
                sha: str | None = file_sha256(path)
            except OSError:
                sha = None
            if (path, sha) in done:
                rows_by_copy[path] = done[(path, sha)]
                continue
            try:
                found = archive.find(path, top=1)
            except EmptyArchiveError:
                raise
            except DriftError as exc:
                rows_by_copy[path] = empty_row(path, sha, str(exc))
                continue
            if found:
                todo.append((path, sha, found[0].path, found[0].score))
            else:
                todo.append((path, sha, None, 0.0))
    Path(side).parent.mkdir(parents=True, exist_ok=True)
    with open(side, "a", encoding="utf-8") as sidecar, progress_bar(total=len(files), quiet=quiet) as bar:
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
            job = CompareJob(settings, make_resources)
            _run_dask(todo, job, workers, scheduler, task, record, processes=processes, reports=reports)
        else:
            checker = Checker(settings=settings, resources=resources)
            for path, sha, source, score in todo:
                record(task(path, sha, source, score, checker, reports))
    return [rows_by_copy[p] for p in files]


def _run_dask(
    todo: Sequence[tuple[str, str | None, str | None, float]],
    job: CompareJob,
    workers: int,
    scheduler: str | None,
    task: Callable[..., dict[str, Any]],
    record: Callable[[dict[str, Any]], None],
    *,
    processes: bool = True,
    reports: ReportSink | None = None,
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
            client.submit(task, path, sha, source, score, job, reports, pure=False): (path, sha)
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
