"""File plumbing every command shares: atomic writes, file hashes and when to show a
progress bar."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drift.errors import Errors, UsageError

CHUNK = 1 << 20


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def write_atomic(
    path: str,
    content: str | Callable[[str], None],
    *,
    error: str = Errors.E043,
) -> None:
    """Write ``path`` through a temporary file beside it, then rename, so no partial
    file is ever left.

    Args:
        path: The destination.
        content: The text to write, or a function that writes the file at the path it is
            given (for formats written by a library, such as Parquet).
        error: The numbered message (``path`` and ``reason`` fields) raised when the file
            cannot be written.

    Raises:
        UsageError: The destination is a directory or cannot be written.
    """
    message = error
    target = Path(path)
    if target.is_dir():
        raise UsageError(message.format(path=path, reason="is a directory"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    except OSError as exc:
        raise UsageError(message.format(path=path, reason=exc.strerror or exc)) from None
    try:
        if callable(content):
            os.close(fd)
            content(tmp)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(message.format(path=path, reason=exc.strerror or exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def show_progress(*, quiet: bool = False) -> bool:
    """Whether to draw a progress bar: on a terminal, never when quiet or in CI."""
    return not quiet and os.environ.get("CI", "").lower() != "true" and sys.stderr.isatty()


def progress_bar(
    iterable: Any = None,
    *,
    total: int | None = None,
    desc: str = "drift",
    unit: str = "file",
    quiet: bool = False,
) -> Any:
    """A tqdm bar on stderr (over ``iterable`` when given), disabled where
    :func:`show_progress` says no."""
    from tqdm import tqdm

    disable = not show_progress(quiet=quiet)
    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, disable=disable)


def read_toml(path: str | os.PathLike[str], *, error: str, shown: str | None = None) -> dict[str, Any]:
    """Read a TOML file, turning any failure into the numbered message ``error``
    (``path`` and ``reason`` fields)."""
    import tomllib

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
        raise UsageError(error.format(path=shown or path, reason=reason)) from None
