"""Bytes to text: reading a file within a size limit, decoding it, and telling
plain text, HTML, Markdown and the IPTC wire formats apart by their content."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import unicodedata
import warnings
from pathlib import Path
from typing import Final, Literal

from drift.errors import Errors, InputError
from drift.ingest.wire import wire_kind

Kind = Literal["text", "html", "markdown", "newsml", "nitf", "ninjs"]

STDIN: Final = "-"
"""The file name that means standard input."""
STDIN_NAME: Final = "<stdin>"
"""How standard input is named in messages and reports."""

_HTML_EXTENSIONS: Final = frozenset({".html", ".htm", ".xhtml"})
_MARKDOWN_EXTENSIONS: Final = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_BINARY_CONTROL_SHARE: Final = 0.10
_UTF16_NUL_SHARE: Final = 0.3
"""UTF-16 without a byte-order mark is recognised when at least this share of its
2-byte units has a NUL high byte (ASCII-heavy text) and almost none a NUL low byte."""
_UTF16_STRAY_NUL_SHARE: Final = 0.02


class InputWarning(UserWarning):
    """Something drift worked around in an input; the CLI prints it as one
    ``drift: warning: ...`` line."""


def display_path(path: str) -> str:
    """A file name as it can be printed and written into a report.

    File names are bytes: one that is not UTF-8 reaches Python with lone surrogates
    (``surrogateescape``), which no UTF-8 output can hold. Those bytes are shown as
    ``\\xNN``, and control characters (a newline in a name would break the one-line
    error) as escapes.
    """
    if path == STDIN:
        return STDIN_NAME
    shown = os.fsencode(path).decode("utf-8", "backslashreplace")
    if shown.isprintable():
        return shown
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in shown)


def _kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; ``None`` for a regular file or a directory."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    return "special file"


def _stat_error(path: str, exc: OSError) -> InputError:
    shown = display_path(path)
    if exc.errno == errno.ELOOP:
        return InputError(Errors.E061.format(path=shown))
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            target = display_path(os.readlink(path))
            return InputError(Errors.E062.format(path=shown, target=target))
        return InputError(Errors.E001.format(path=shown))
    return InputError(Errors.E003.format(path=shown, reason=exc.strerror or type(exc).__name__))


def refuse_special(path: str) -> None:
    """Refuse, before anything opens it, a path that is not a regular file or a
    directory: reading a FIFO, a socket or a device would block or never end.

    A path that does not exist, or cannot be examined, is left to the caller's own
    error; a symbolic link loop is an error here.

    Raises:
        InputError: E060 for a FIFO, socket or device, E061 for a symbolic link loop.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _stat_error(path, exc) from None
        return
    kind = _kind_of(mode)
    if kind is not None:
        raise InputError(Errors.E060.format(path=display_path(path), kind=kind))


def _read_stdin(max_bytes: int) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(Errors.E003.format(path=STDIN_NAME, reason="standard input is closed"))
    try:
        data: bytes = stream.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(Errors.E003.format(path=STDIN_NAME, reason=reason)) from None
    if len(data) > max_bytes:
        raise InputError(Errors.E008.format(path=STDIN_NAME, size=f"more than {max_bytes}", limit=max_bytes))
    return data


def read_bytes(path: str, max_bytes: int) -> bytes:
    """Read a file's bytes, refusing what is not a regular file.

    Args:
        path: The file, or ``-`` for standard input.
        max_bytes: Refuse files larger than this.

    Raises:
        InputError: E001 no such file, E002 a directory, E003 unreadable, E008 too
            large, E060 a FIFO, socket or device, E061 a symbolic link loop, E062 a
            broken symbolic link.
    """
    if path == STDIN:
        return _read_stdin(max_bytes)
    shown = display_path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise _stat_error(path, exc) from None
    if stat.S_ISDIR(mode):
        raise InputError(Errors.E002.format(path=shown))
    if (kind := _kind_of(mode)) is not None:
        raise InputError(Errors.E060.format(path=shown, kind=kind))
    try:
        # O_NONBLOCK: should the path have become a FIFO since the check above, opening
        # it returns at once and the check below refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _stat_error(path, exc) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(Errors.E060.format(path=shown, kind=_kind_of(info.st_mode) or "directory"))
        if info.st_size > max_bytes:
            raise InputError(Errors.E008.format(path=shown, size=info.st_size, limit=max_bytes))
        try:
            os.set_blocking(fd, True)
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise InputError(Errors.E003.format(path=shown, reason=reason)) from None
    if len(data) > max_bytes:
        raise InputError(Errors.E008.format(path=shown, size=len(data), limit=max_bytes))
    return data


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


def _utf16_order(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` for UTF-16 text without a byte-order mark.

    Text that is mostly ASCII has a NUL in one byte of every 2-byte unit, always the
    same one; binary data has NULs on both sides. charset-normalizer is not asked: it
    is meant for 8-bit encodings, and the NUL pattern is exact and cheap to count.
    """
    units = len(data) // 2
    if units < 2:
        return None
    low_nul = data[0::2].count(0)
    high_nul = data[1::2].count(0)
    for order, nul, stray in (("utf-16-le", high_nul, low_nul), ("utf-16-be", low_nul, high_nul)):
        if nul >= _UTF16_NUL_SHARE * units and stray <= _UTF16_STRAY_NUL_SHARE * units:
            return order
    return None


def _mostly_utf8(data: bytes, *, path: str) -> str | None:
    """``data`` as UTF-8 with U+FFFD for its bad bytes, when the bytes are
    overwhelmingly UTF-8; ``None`` when they are more likely another encoding.

    An 8-bit encoding such as cp1252 or Mac Roman almost never forms a valid UTF-8
    multi-byte sequence by chance, so a file whose valid multi-byte sequences are at
    least as many as its invalid ones is UTF-8 with a few damaged bytes: decoding it
    whole as something else would turn every curly quote and dash into mojibake.
    Says so once, with an :class:`InputWarning`.
    """
    text = data.decode("utf-8-sig", errors="replace")
    high_bytes = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    ascii_chars = len(data) - high_bytes
    non_ascii = len(text) - ascii_chars
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = non_ascii - bad
    if bad <= 0 or good < bad:
        return None
    noun = "sequence" if bad == 1 else "sequences"
    warnings.warn(
        InputWarning(
            f"{path}: {bad} byte {noun} not valid UTF-8 in otherwise UTF-8 text, "
            "read as U+FFFD replacement characters"
        ),
        stacklevel=3,
    )
    return text


def decode_bytes(data: bytes, *, path: str) -> str:
    """Decode a file's bytes to text.

    UTF-8 (with or without a byte-order mark) and UTF-16 (with a byte-order mark, or
    without one when most of the text is ASCII) are read directly; the mark is not
    part of the result. UTF-8 with a few bad bytes is read with replacement
    characters, with a warning. Anything else goes to charset-normalizer, preferring
    cp1252 among equally good guesses.

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
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    if utf16 is None and b"\x00" in data:
        utf16 = _utf16_order(data)
        if utf16 is None:
            raise InputError(Errors.E005.format(path=path))
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            raise InputError(Errors.E006.format(path=path)) from None
    else:
        controls = sum(1 for b in data if b < 0x20 and b not in b"\t\n\r\f\v\x1b")
        if controls / len(data) > _BINARY_CONTROL_SHARE:
            raise InputError(Errors.E005.format(path=path))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _mostly_utf8(data, path=path) or _fallback_decode(data, path=path)
    if _control_share(text) > _BINARY_CONTROL_SHARE:
        raise InputError(Errors.E005.format(path=path))
    if not text.strip():
        raise InputError(Errors.E004.format(path=path))
    return text


def detect_kind(path: str, text: str) -> Kind:
    """Classify a document as ``"html"``, ``"markdown"``, ``"text"`` or one of the
    IPTC wire formats ``"newsml"``, ``"nitf"`` and ``"ninjs"``.

    Wire formats are recognised by their content alone (the root element, the JSON
    keys), before anything else: NITF has ``<body>`` and ``<p>`` like HTML. HTML is
    recognised by extension or by its content (a doctype, ``<html>``,
    ``<body>`` or several ``<p>`` tags) whatever the extension.
    """
    wire = wire_kind(text)
    if wire is not None:
        return wire
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
