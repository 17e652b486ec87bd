"""Every renderer, in one registry per command.

The registry names each format's renderer as ``module.function`` and imports it
only when a report is written, so the command line can offer the formats (for
``--format`` and ``-o``) without loading the pipeline or the templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from pathlib import PurePath
from typing import Any

Renderer = Callable[[Any], str]

RENDERERS: Mapping[str, str] = {
    "json": "json_report.render_json",
    "markdown": "markdown_report.render_markdown",
    "html": "html_report.render_html",
    "text": "text_report.render_text",
    "junit": "junit_report.render_junit",
    "sarif": "sarif_report.render_sarif",
}
"""``drift check``'s formats and the renderer of each."""

TRACE_RENDERERS: Mapping[str, str] = {
    "json": "trace_report.render_trace_json",
    "markdown": "trace_report.render_trace_markdown",
    "html": "trace_report.render_trace_html",
    "text": "trace_report.render_trace_text",
}
"""``drift trace``'s formats and the renderer of each."""

FORMATS: dict[str, tuple[str, ...]] = {"check": tuple(RENDERERS), "trace": tuple(TRACE_RENDERERS)}
"""The formats each command can write, straight from the registries."""

_REGISTRIES = {"check": RENDERERS, "trace": TRACE_RENDERERS}

_SUFFIXES: dict[str, str] = {
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".sarif": "sarif",
}

_COMPOUND_SUFFIXES: dict[str, str] = {
    ".junit.xml": "junit",
    ".sarif.json": "sarif",
}


def renderer(command: str, fmt: str) -> Renderer:
    """The function that writes ``command``'s result as ``fmt``.

    Raises:
        ValueError: ``fmt`` is not one of that command's formats.
    """
    registry = _REGISTRIES[command]
    if fmt not in registry:
        known = ", ".join(sorted(registry))
        raise ValueError(f"unknown report format {fmt!r}: use one of {known}")
    module, _, name = registry[fmt].rpartition(".")
    fn: Renderer = getattr(import_module(f"drift.report.{module}"), name)
    return fn


def render(fmt: str, result: Any) -> str:
    """Render a :class:`~drift.pipeline.CheckResult` in format ``fmt``."""
    return renderer("check", fmt)(result)


def render_trace(fmt: str, result: Any) -> str:
    """Render a :class:`~drift.provenance.TraceResult` in format ``fmt``."""
    return renderer("trace", fmt)(result)


def format_from_path(path: str) -> str | None:
    """Guess the report format from a file name's suffix; ``None`` if it has no known one.

    Two-part suffixes come first: ``r.junit.xml`` is JUnit, ``r.sarif.json`` SARIF.
    """
    name = PurePath(path).name.lower()
    for suffix, fmt in _COMPOUND_SUFFIXES.items():
        if name.endswith(suffix) and len(name) > len(suffix):
            return fmt
    return _SUFFIXES.get(PurePath(path).suffix.lower())


__all__ = [
    "FORMATS",
    "RENDERERS",
    "TRACE_RENDERERS",
    "Renderer",
    "format_from_path",
    "render",
    "render_trace",
    "renderer",
]
