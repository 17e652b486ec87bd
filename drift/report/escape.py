"""Making user-controlled text (file names, document ids, article text) inert in the
human reports: GitHub-flavoured Markdown, mermaid labels and the HTML pages' CSP.

Markdown reports go into pull-request comments, where text is live in more ways than
HTML: emphasis, links, tables, code fences, ``@mentions`` (which notify people) and
``#123`` references. Both Markdown renderers escape every such string here.
"""

from __future__ import annotations

import base64
import hashlib
import re

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "`": "&#96;"}
_BACKSLASHED = frozenset("\\*_[]~#!$")
_ZWJ = "&#8205;"
_PINGS = re.compile(r"([@#])(?=[A-Za-z0-9])")
_HTML_PINGS = re.compile(r"(?<!&)([@#])(?=[A-Za-z0-9])")
_LIST_START = re.compile(r"\A(?:\d{1,9}[.)]|[-+=](?=\s|\Z))")
_MERMAID = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "`": "#96;",
    ";": "#59;",
}


def shorten(text: str, limit: int | None) -> str:
    """Collapse white space (newlines included) to single spaces and cut at ``limit``
    characters with an ellipsis."""
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def markdown(text: str, limit: int | None = None) -> str:
    """Make ``text`` inert anywhere inline in GitHub Markdown, table cells included.

    Newlines become spaces (no row or block can end); ``|``, backticks, ``<``,
    ``>`` and ``&`` become HTML entities (no cell can end, no code span or fence can
    open, no HTML can start); Markdown punctuation is backslash-escaped (no emphasis,
    link, image, heading or math); a leading list marker is escaped; ``@name`` and
    ``#123`` get a zero-width joiner after the sign so GitHub neither notifies anyone
    nor links an issue. Text longer than ``limit`` characters is cut first.
    """
    text = shorten(text, limit)
    lead = _LIST_START.match(text)
    marker = lead.end() - 1 if lead is not None else -1
    out = []
    for pos, ch in enumerate(text):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _BACKSLASHED or pos == marker:
            out.append("\\" + ch)
        else:
            out.append(ch)
        if ch in "@#" and _PINGS.match(text, pos):
            out.append(_ZWJ)
    return "".join(out)


def unping(text: str) -> str:
    """Only the ``@name`` and ``#123`` part of :func:`markdown`: for text already made
    safe as HTML that a Markdown page shows (GitHub strips the tags it does not allow,
    such as an inline SVG's, and keeps their text)."""
    return _HTML_PINGS.sub(lambda m: m.group(1) + _ZWJ, text)


def code(text: str, limit: int | None = None) -> str:
    """``text`` as inline code: a ``<code>`` element around :func:`markdown`'s escaping
    (a backtick code span cannot hold every name, and ``|`` would still end a cell)."""
    return f"<code>{markdown(text, limit)}</code>"


def mermaid(text: str, limit: int | None = None) -> str:
    """``text`` for a quoted mermaid label (``id["..."]``): one line, with mermaid's
    entity codes for the characters that would end the label, the line or the fence."""
    return "".join(_MERMAID.get(ch, ch) for ch in shorten(text, limit))


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script or
    style element's text: ``'sha256-...'``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
