"""Report renderers: turn a :class:`CheckResult` into JSON, Markdown, HTML, text, JUnit or SARIF.

Example:
    >>> from drift.report import render, format_from_path
    >>> fmt = format_from_path("out/report.html") or "text"
    >>> page = render(fmt, result)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from drift.pipeline import CheckResult
from drift.report.html_report import render_html
from drift.report.json_report import render_json
from drift.report.junit_report import render_junit
from drift.report.markdown_report import render_markdown
from drift.report.sarif_report import render_sarif
from drift.report.text_report import render_text
from drift.report.trace_report import TRACE_RENDERERS, render_trace

Renderer = Callable[[CheckResult], str]

RENDERERS: dict[str, Renderer] = {
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
    "text": render_text,
    "junit": render_junit,
    "sarif": render_sarif,
}

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


FORMATS: dict[str, tuple[str, ...]] = {
    "check": tuple(RENDERERS),
    "trace": tuple(TRACE_RENDERERS),
}
"""The formats each command can write, straight from the renderer registries."""


def render(fmt: str, result: CheckResult) -> str:
    """Render ``result`` in format ``fmt`` (a key of :data:`RENDERERS`).

    Raises:
        ValueError: ``fmt`` is not a known format.
    """
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        known = ", ".join(sorted(RENDERERS))
        raise ValueError(f"unknown report format {fmt!r}: use one of {known}") from None
    return renderer(result)


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
    "CheckResult",
    "Renderer",
    "format_from_path",
    "render",
    "render_trace",
]
