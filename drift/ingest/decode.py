"""Bytes to text: reading a file within a size limit, decoding it, and telling
plain text, HTML and Markdown apart by their content."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Final, Literal

from drift.errors import Errors, InputError

Kind = Literal["text", "html", "markdown"]

_HTML_EXTENSIONS: Final = frozenset({".html", ".htm", ".xhtml"})
_MARKDOWN_EXTENSIONS: Final = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_BINARY_CONTROL_SHARE: Final = 0.10


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if (unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v") or c == "\ufffd")
    return bad / len(text)


def _fallback_decode(data: bytes, *, path: str) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise InputError(Errors.E006.format(path=path))
    best_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= best_chaos + 0.01]
    preferred = next((m for m in tied if "cp1252" in m.could_be_from_charset), tied[0])
    encoding = "cp1252" if "cp1252" in preferred.could_be_from_charset else preferred.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(Errors.E006.format(path=path)) from None
    if _control_share(text) > 0.01:
        raise InputError(Errors.E006.format(path=path))
    return text


def decode_bytes(data: bytes, *, path: str) -> str:
    """Decode a file's bytes to text.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are
    read directly; the mark is not part of the result. Anything else goes to
    charset-normalizer, preferring cp1252 among equally good guesses.

    Args:
        data: The raw bytes.
        path: The file name used in error messages.

    Returns:
        The decoded text.

    Raises:
        InputError: E004 for empty input, E005 for binary data, E006 when no
            encoding fits.
    """
    if not data:
        raise InputError(Errors.E004.format(path=path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(Errors.E006.format(path=path)) from None
    elif b"\x00" in data:
        raise InputError(Errors.E005.format(path=path))
    else:
        controls = sum(1 for b in data if b < 0x20 and b not in b"\t\n\r\f\v\x1b")
        if controls / len(data) > _BINARY_CONTROL_SHARE:
            raise InputError(Errors.E005.format(path=path))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _fallback_decode(data, path=path)
    if _control_share(text) > _BINARY_CONTROL_SHARE:
        raise InputError(Errors.E005.format(path=path))
    if not text.strip():
        raise InputError(Errors.E004.format(path=path))
    return text


def detect_kind(path: str, text: str) -> Kind:
    """Classify a document as ``"html"``, ``"markdown"`` or ``"text"``.

    HTML is recognised by extension or by its content (a doctype, ``<html>``,
    ``<body>`` or several ``<p>`` tags) whatever the extension.
    """
    head = text.lstrip()[:2000].lower()
    lowered = text.lower()
    if (
        head.startswith("<!doctype html")
        or "<html" in lowered
        or "<body" in lowered
        or len(re.findall(r"<p[\s>]", lowered)) >= 3
    ):
        return "html"
    suffix = Path(path).suffix.lower()
    if suffix in _HTML_EXTENSIONS:
        return "html"
    if suffix in _MARKDOWN_EXTENSIONS:
        return "markdown"
    return "text"


def read_bytes(path: str, max_bytes: int) -> bytes:
    target = Path(path)
    if target.is_dir():
        raise InputError(Errors.E002.format(path=path))
    if not target.exists():
        raise InputError(Errors.E001.format(path=path))
    try:
        size = target.stat().st_size
        if size > max_bytes:
            raise InputError(Errors.E008.format(path=path, size=size, limit=max_bytes))
        with target.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(Errors.E003.format(path=path, reason=reason)) from None
    if len(data) > max_bytes:
        raise InputError(Errors.E008.format(path=path, size=len(data), limit=max_bytes))
    return data
