"""Self-contained HTML pages: a Jinja2 template with its inline style and script, and the
Content-Security-Policy that allows exactly those two (by SHA-256) and nothing else."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, Template
from markupsafe import Markup

from drift.report.escape import csp_hash


@cache
def page_template(
    page: str, style: str, script: str, *, extra: str = ""
) -> tuple[Template, Markup, Markup, Markup]:
    """The autoescaping template ``page`` from ``drift/templates``, the text of its style and
    script files, and the CSP for them (``extra`` adds directives, such as ``img-src data:``)."""
    loader = PackageLoader("drift", "templates")
    env = Environment(loader=loader, autoescape=True)
    css = loader.get_source(env, style)[0]
    js = loader.get_source(env, script)[0]
    csp = f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}"
    return env.get_template(page), Markup(css), Markup(js), Markup(csp + (f"; {extra}" if extra else ""))
