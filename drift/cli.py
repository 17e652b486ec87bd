"""The command line: a thin layer over :mod:`drift.pipeline`, :mod:`drift.provenance`,
:mod:`drift.archive` and :mod:`drift.report`.

Every command reads its configuration the same way (:mod:`drift.config`): an eager
``--config`` option loads the file and makes it click's ``default_map``. The models
come from a factory in click's ``obj`` (``(use_lm) -> Resources``), so tests and
programs that embed drift inject their own without touching module globals.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 bad
usage or unreadable input; 3 internal error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

import click

from drift import __version__
from drift.errors import DriftError, Errors, UsageError
from drift.io import STDOUT, check_outputs, progress_bar, same_input, write_atomic
from drift.report import FORMATS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
CONFIG_KEY = "drift.config"


def _load_config(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Eager ``--config`` callback: read the configuration and make it the defaults."""
    from drift.config import load_config

    config = load_config(value)
    ctx.meta[CONFIG_KEY] = config
    defaults = config.default_map().get(ctx.info_name or "", {})
    ctx.default_map = {**defaults, **(ctx.default_map or {})}
    return value


def config_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--config`` and ``--policy``, shared by every command that compares texts."""
    fn = click.option(
        "--policy", "policy_path", type=str, help="TOML file with severity overrides and equivalences."
    )(fn)
    return click.option(
        "--config",
        "config_path",
        type=str,
        is_eager=True,
        expose_value=False,
        callback=_load_config,
        help="Read settings from this TOML file (default: drift.toml, else [tool.drift] in pyproject.toml).",
    )(fn)


def _config() -> Any:
    return click.get_current_context().meta[CONFIG_KEY]


def force_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--force``, shared by every command that writes files."""
    return click.option(
        "--force",
        is_flag=True,
        help="Replace an existing output file that drift did not write (never an input).",
    )(fn)


def _read_files(*paths: str | None) -> list[str]:
    """The files a run reads besides its arguments: the options given and the configuration."""
    config_path = _config().path
    return [p for p in (*paths, config_path) if p]


_PAIRS_KEYS = (
    ["id", "status", "similarity", "meaning_changed", "findings"],
    ["id", "status", "similarity", "findings"],
    ["id", "error"],
)


def _pairs_output(path: str) -> bool:
    """Whether ``path`` starts with a ``drift pairs`` record (``id`` and its result keys)."""
    try:
        with open(path, "rb") as fh:
            first = json.loads(fh.readline(1 << 20))
    except (OSError, ValueError):
        return False
    return isinstance(first, dict) and list(first) in _PAIRS_KEYS


def _factory() -> Callable[[bool], Any] | None:
    """The resources factory given in click's ``obj``, if any."""
    obj = click.get_current_context().find_root().obj
    return obj if callable(obj) else None


def _resources(use_lm: bool) -> Any:
    """The run's models: from the injected factory when one is given."""
    factory = _factory()
    if factory is not None:
        return factory(use_lm)
    from drift.models.resources import Resources

    return Resources(use_lm=use_lm)


def _checker(settings: Any) -> Any:
    from drift.pipeline import Checker

    return Checker(settings=settings, resources=_resources(settings.use_lm))


@contextlib.contextmanager
def _input_warnings() -> Iterator[None]:
    """Print each of drift's input warnings as one ``drift: warning:`` line on stderr."""
    from drift.ingest.decode import InputWarning

    with warnings.catch_warnings():
        warnings.simplefilter("always", InputWarning)
        show = warnings.showwarning

        def show_input(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: TextIO | None = None,
            line: str | None = None,
        ) -> None:
            if issubclass(category, InputWarning):
                click.echo(f"drift: warning: {message}", err=True)
            else:
                show(message, category, filename, lineno, file, line)

        warnings.showwarning = show_input
        yield


def _guard(fn: Callable[[], int]) -> int:
    """Run a command body, mapping every failure to one line on stderr and an exit code."""
    try:
        with _input_warnings():
            return fn()
    except DriftError as exc:
        click.echo(f"drift: error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("drift: interrupted", err=True)
        return EXIT_INTERNAL
    except Exception as exc:
        if os.environ.get("DRIFT_DEBUG"):
            traceback.print_exc()
        msg = str(exc).splitlines()[0] if str(exc) else ""
        click.echo(f"drift: error: internal error: {type(exc).__name__}: {msg}", err=True)
        return EXIT_INTERNAL


class _Group(click.Group):
    """A group whose usage errors are one ``drift: error:`` line, like every other error."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except DriftError as exc:  # raised while reading the configuration, before a command body
            click.echo(f"drift: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            msg = Errors.E065.format(reason=" ".join(exc.format_message().split()))
            click.echo(f"drift: error: {msg}", err=True)
            sys.exit(EXIT_USAGE)
        except click.exceptions.Abort:
            click.echo("drift: interrupted", err=True)
            sys.exit(EXIT_INTERNAL)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="drift")
def cli() -> None:
    """drift: find where copies of a news story changed its meaning."""


_max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=20_000_000,
    show_default=True,
    help="Refuse larger input files.",
)

_fail_on_option = click.option(
    "--fail-on",
    default="major",
    show_default=True,
    type=click.Choice(["critical", "major", "minor", "none"], case_sensitive=False),
    help="Exit 1 when a finding is at or above this severity (batch: also when a pair fails).",
)

_strict_option = click.option(
    "--strict",
    is_flag=True,
    help="Let findings in copies that are only related to the source (independent reporting) fail the run.",
)

_min_confidence_option = click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Drop findings whose calibrated confidence is under this (names, figures, negations, modals kept).",
)

_decision_threshold_option = click.option(
    "--decision-threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Confidence a major or critical candidate needs to keep its severity "
    "(default: the trained operating point; lower trades false alarms for recall).",
)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS["check"]),
    help="Report format (default: from --output, else text).",
)
@click.option(
    "--output",
    "-o",
    "outputs",
    type=str,
    multiple=True,
    help="Write the report here (atomically); repeat for several formats, each from its extension.",
)
@_fail_on_option
@_strict_option
@click.option("--no-lm", is_flag=True, help="Do not load the language model (faster, weaker lexical check).")
@click.option("--detectors", type=str, help="Comma-separated detectors to run (default: all).")
@_min_confidence_option
@_decision_threshold_option
@_max_bytes_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--timings", is_flag=True, help="Print where the time went to stderr.")
@click.option(
    "--baseline", "baseline_path", type=str, help="Fail only on findings not in this baseline file."
)
@click.option(
    "--write-baseline",
    "write_baseline_path",
    type=str,
    help="Record the current findings as a baseline here (they then pass).",
)
@force_option
@config_option
def check(
    files: Sequence[str],
    fmt: str | None,
    outputs: Sequence[str],
    fail_on: str,
    strict: bool,
    no_lm: bool,
    detectors: str | None,
    min_confidence: float,
    decision_threshold: float | None,
    policy_path: str | None,
    max_bytes: int,
    quiet: bool,
    timings: bool,
    baseline_path: str | None,
    write_baseline_path: str | None,
    force: bool,
) -> None:
    """Compare each COPY with SOURCE (the first file): drift check SOURCE COPY [COPY ...]."""

    def body() -> int:
        import dataclasses
        import time

        from drift.config import build_settings
        from drift.ingest import load_documents
        from drift.pipeline.baseline import fingerprint, load_baseline, render_baseline
        from drift.provenance.comparisons import classify
        from drift.report import format_from_path, render
        from drift.report.text_report import render_text

        started = time.perf_counter()
        if len(files) < 2:
            raise UsageError(Errors.E040)
        targets: list[tuple[str, str]] = []
        for output in outputs:
            out_fmt = fmt if fmt and len(outputs) == 1 else format_from_path(output)
            if out_fmt is None:
                raise UsageError(Errors.E042.format(path=output))
            targets.append((output, out_fmt))
        settings = build_settings(
            _config(),
            detectors=detectors,
            no_lm=no_lm,
            fail_on=fail_on,
            policy_path=policy_path,
            min_confidence=min_confidence,
            decision_threshold=decision_threshold,
        )
        baseline = load_baseline(baseline_path) if baseline_path else frozenset()
        documents = load_documents(list(files), max_bytes=max_bytes)
        reads = [*files, *_read_files(baseline_path, policy_path)]
        writes = [*outputs, *([write_baseline_path] if write_baseline_path else [])]
        check_outputs(writes, inputs=reads, force=force)
        checker = _checker(settings)
        bar = progress_bar(total=len(documents) - 1, unit="copy", quiet=quiet) if len(documents) > 2 else None
        try:
            result = checker.check(documents, progress=(lambda _: bar.update(1)) if bar is not None else None)
        finally:
            if bar is not None:
                bar.close()
        result = dataclasses.replace(classify(result, checker), strict=strict)
        if write_baseline_path:
            entries = [(comp.copy, finding) for comp, _, finding in result.located()]
            write_atomic(write_baseline_path, render_baseline(entries), inputs=reads, force=force)
            baseline = baseline | {fingerprint(copy_id, finding) for copy_id, finding in entries}
        if baseline:
            result = dataclasses.replace(result, baseline=frozenset(baseline))
        rendered = [(path, render(out_fmt, result)) for path, out_fmt in targets]
        for path, text in rendered:
            write_atomic(path, text, inputs=reads, force=force)
        if not quiet:
            if targets:
                if STDOUT not in outputs:
                    click.echo(render_text(result, color=_color()))
                for path, _ in targets:
                    if path != STDOUT:
                        click.echo(f"wrote {path}", err=True)
            else:
                report = render(fmt, result) if fmt and fmt != "text" else render_text(result, color=_color())
                click.echo(report, nl=not report.endswith("\n"))
            if write_baseline_path and write_baseline_path != STDOUT:
                click.echo(f"wrote {write_baseline_path}", err=True)
        if timings:
            t = dict(checker.resources.timings)
            total = time.perf_counter() - started
            load = sum(v for k, v in t.items() if k.startswith("load_"))
            embed = t.get("embed", 0.0)
            parts = " ".join(f"{k}={v:.2f}s" for k, v in sorted(t.items()))
            click.echo(
                f"timings: total={total:.2f}s loading={load:.2f}s embedding={embed:.2f}s "
                f"rest={total - load - embed:.2f}s "
                f"({parts}; encoder calls={checker.resources.encoder.calls})",
                err=True,
            )
        return EXIT_FINDINGS if result.failed() else EXIT_OK

    sys.exit(_guard(body))


@cli.command()
@click.argument("infile", type=str)
@click.option("--output", "-o", type=str, help="Write JSON lines here (atomically); stdout when omitted.")
@click.option("--no-lm", is_flag=True, help="Do not load the language model.")
@click.option("--detectors", type=str, help="Comma-separated detectors to run (default: all).")
@_min_confidence_option
@_decision_threshold_option
@click.option("--batch-size", type=click.IntRange(min=1), default=256, show_default=True)
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    default=20_000,
    show_default=True,
    help="Give a pair with more characters on one side an error record.",
)
@force_option
@config_option
def pairs(
    infile: str,
    output: str | None,
    no_lm: bool,
    detectors: str | None,
    min_confidence: float,
    decision_threshold: float | None,
    batch_size: int,
    max_chars: int,
    policy_path: str | None,
    force: bool,
) -> None:
    """Analyse many short source/copy pairs from a JSON-lines file (- for standard input)."""

    def body() -> int:
        from drift.config import build_settings
        from drift.pipeline.pairs import read_pair_lines, run_pairs

        settings = build_settings(
            _config(),
            detectors=detectors,
            no_lm=no_lm,
            policy_path=policy_path,
            min_confidence=min_confidence,
            decision_threshold=decision_threshold,
        )
        lines = read_pair_lines(infile)
        reads = [infile, *_read_files(policy_path)]
        if output:
            check_outputs([output], inputs=reads, force=force, recognise=_pairs_output)
        checker = _checker(settings)
        records = (
            json.dumps(r, ensure_ascii=False)
            for r in run_pairs(checker, lines, batch_size=batch_size, max_chars=max_chars)
        )
        if output:
            text = "".join(r + "\n" for r in records)
            write_atomic(output, text, inputs=reads, force=force, recognise=_pairs_output)
        else:
            for r in records:
                click.echo(r)
        return EXIT_OK

    sys.exit(_guard(body))


def _color() -> bool:
    """Colour the terminal report only on a TTY and never when ``NO_COLOR`` is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="drift", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (EXIT_USAGE if exc.code else EXIT_OK)
        sys.exit(code)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS["trace"]),
    help="Output format (default: from --output, else text).",
)
@click.option("--output", "-o", type=str, help="Write the graph here (atomically).")
@click.option("--no-lm", is_flag=True, help="Do not load the language model for the translation signal.")
@_max_bytes_option
@force_option
@config_option
def trace(
    files: Sequence[str],
    fmt: str | None,
    output: str | None,
    no_lm: bool,
    max_bytes: int,
    policy_path: str | None,
    force: bool,
) -> None:
    """Infer which of FILES came from which: drift trace FILE FILE [FILE ...]."""

    def body() -> int:
        from drift.config import build_settings
        from drift.ingest import load_documents
        from drift.provenance import Tracer
        from drift.report import format_from_path, render_trace

        if len(files) < 2:
            raise UsageError(Errors.E090)
        out_fmt = fmt or (format_from_path(output) if output else None) or "text"
        if out_fmt not in FORMATS["trace"]:
            raise UsageError(Errors.E041.format(fmt=out_fmt, choices=", ".join(FORMATS["trace"])))
        settings = build_settings(_config(), no_lm=no_lm, policy_path=policy_path)
        documents = load_documents(list(files), max_bytes=max_bytes)
        reads = [*files, *_read_files(policy_path)]
        if output:
            check_outputs([output], inputs=reads, force=force)
        text = render_trace(out_fmt, Tracer(_checker(settings)).trace(documents))
        if output:
            write_atomic(output, text, inputs=reads, force=force)
            if output != STDOUT:
                click.echo(f"wrote {output}", err=True)
        else:
            click.echo(text, nl=not text.endswith("\n"))
        return EXIT_OK

    sys.exit(_guard(body))


@cli.command()
@click.argument("directory", type=str)
@click.option("--db", "db_path", required=True, type=str, help="The archive database (SQLite file).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def index(directory: str, db_path: str, quiet: bool) -> None:
    """Build or update the archive index of DIRECTORY (unchanged files are skipped)."""

    def body() -> int:
        from drift.archive.prepare import list_files
        from drift.archive.store import Archive

        used = same_input(db_path, list_files(directory))
        if used is not None:
            raise UsageError(Errors.E051.format(path=db_path, input=used))
        with Archive(db_path, resources=_resources(False)) as archive:
            stats = archive.index(directory, progress=None if quiet else _bar("indexing"))
            total = len(archive)
        for path, reason in stats.failed:
            click.echo(f"drift: warning: skipped {path}: {reason}", err=True)
        if not quiet:
            click.echo(
                f"indexed {directory}: {stats.added} added, {stats.updated} updated, "
                f"{stats.unchanged} unchanged, {stats.removed} removed, {len(stats.failed)} failed; "
                f"{total} documents in {db_path}"
            )
        return EXIT_OK

    sys.exit(_guard(body))


@cli.command()
@click.argument("copy", type=str)
@click.option("--db", "db_path", required=True, type=str, help="The archive database built by drift index.")
@click.option("--top", type=int, default=5, show_default=True, help="How many candidates to list.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def find(copy: str, db_path: str, top: int, fmt: str) -> None:
    """List the likely sources of COPY in the archive, best first."""

    def body() -> int:
        from drift.archive.store import Archive

        with Archive(db_path, resources=_resources(False), readonly=True) as archive:
            found = archive.find(copy, top=top)
        if fmt == "json":
            click.echo(json.dumps({"copy": copy, "candidates": [c.to_json() for c in found]}, indent=2))
        else:
            for rank, c in enumerate(found, 1):
                extra = f"jaccard {c.jaccard:.3f}, cosine {c.cosine:.3f}"
                click.echo(f"{rank}. {c.score:.3f}  {c.path}  ({extra})")
        return EXIT_OK

    sys.exit(_guard(body))


@cli.command()
@click.argument("directory", type=str)
@click.option("--db", "db_path", required=True, type=str, help="The archive database built by drift index.")
@click.option("--output", "-o", required=True, type=str, help="Parquet file, one row per input file.")
@click.option("--workers", type=int, default=0, help="Run on a local dask cluster with N worker processes.")
@click.option("--scheduler", type=str, help="Run on an existing dask scheduler at this address.")
@click.option("--no-lm", is_flag=True, help="Do not load the language model.")
@click.option(
    "--html-dir",
    type=str,
    help="Also write a browsable QA page here: index.html, index.csv and a full report per copy.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@force_option
@config_option
def scan(
    directory: str,
    db_path: str,
    output: str,
    workers: int,
    scheduler: str | None,
    no_lm: bool,
    html_dir: str | None,
    quiet: bool,
    policy_path: str | None,
    force: bool,
) -> None:
    """Find the source of every file in DIRECTORY and compare them; resumable."""

    def body() -> int:
        from drift.archive.scan import scan as run_scan
        from drift.config import build_settings
        from drift.report.scan_index import write_scan_site

        settings = build_settings(_config(), no_lm=no_lm, policy_path=policy_path)
        reports = None
        if html_dir:
            site, scanned = os.path.realpath(html_dir), os.path.realpath(directory)
            if os.path.commonpath([site, scanned]) == scanned:
                raise UsageError(Errors.E098.format(path=html_dir, directory=directory))
            reports = _report_sink(html_dir, force)
        rows = run_scan(
            directory,
            db_path,
            output,
            settings=settings,
            resources=_resources(settings.use_lm),
            make_resources=_factory(),
            workers=workers,
            scheduler=scheduler,
            quiet=quiet,
            force=force,
            inputs=_read_files(policy_path),
            reports=reports,
        )
        written = [output]
        if html_dir:
            reads = [directory, db_path, *_read_files(policy_path)]
            written += write_scan_site(rows, html_dir, inputs=reads, force=force)[:1]
        if not quiet:
            errors = sum(1 for r in rows if r["error"])
            click.echo(f"scanned {len(rows)} files ({errors} errors); wrote {', '.join(written)}", err=True)
        return EXIT_OK

    sys.exit(_guard(body))


@cli.command()
@click.argument("manifest", type=str)
@click.option(
    "--html-dir",
    required=True,
    type=str,
    help="Write index.html, index.csv and a full report per pair here.",
)
@click.option("--output", "-o", type=str, help="Also write the rows to this Parquet file.")
@_fail_on_option
@_strict_option
@click.option("--no-lm", is_flag=True, help="Do not load the language model.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@force_option
@config_option
def batch(
    manifest: str,
    html_dir: str,
    output: str | None,
    fail_on: str,
    strict: bool,
    no_lm: bool,
    quiet: bool,
    policy_path: str | None,
    force: bool,
) -> None:
    """Check the (source, copy) pairs a MANIFEST lists (CSV or JSON lines) into one QA folder."""

    def body() -> int:
        from drift.archive.batch import failing, run_batch
        from drift.archive.scan import write_parquet
        from drift.config import build_settings
        from drift.ingest.manifest import read_manifest
        from drift.report.scan_index import write_scan_site

        settings = build_settings(_config(), no_lm=no_lm, fail_on=fail_on, policy_path=policy_path)
        pairs = read_manifest(manifest)
        reads = [manifest, *_read_files(policy_path)]
        reads += [p for pair in pairs for p in (pair.source, pair.copy) if p]
        check_outputs([*([output] if output else [])], inputs=reads, force=force)
        reports = _report_sink(html_dir, force)
        rows = run_batch(
            pairs, settings=settings, resources=_resources(settings.use_lm), reports=reports, quiet=quiet
        )
        written = write_scan_site(rows, html_dir, inputs=reads, force=force)[:1]
        if output:
            write_parquet(rows, output, inputs=reads, force=force)
            written.append(output)
        failed = failing(rows, fail_on if fail_on != "none" else None, strict=strict)
        if not quiet:
            errors = sum(1 for r in rows if isinstance(r.get("error"), str) and r["error"])
            summary = f"checked {len(rows)} pairs ({errors} errors, {len(failed)} failing)"
            click.echo(f"{summary}; wrote {', '.join(written)}", err=True)
        return EXIT_FINDINGS if failed else EXIT_OK

    sys.exit(_guard(body))


def _report_sink(html_dir: str, force: bool) -> Any:
    """Where a QA run writes each copy's full HTML report: ``HTML_DIR/reports``, made here."""
    from drift.archive.scan import ReportSink
    from drift.report.html_report import render_html
    from drift.report.scan_index import REPORTS

    folder = os.path.join(html_dir, REPORTS)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise UsageError(Errors.E097.format(path=html_dir, reason=exc.strerror or exc)) from None
    return ReportSink(folder, render_html, force)


def _bar(desc: str) -> Callable[[Any], Any]:
    """A progress wrapper for iterables (see :func:`drift.io.progress_bar`)."""
    return lambda items: progress_bar(items, desc=desc)
