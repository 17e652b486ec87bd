"""Reading input files into :class:`~drift.values.Document` values.

A file is decoded (UTF-8, UTF-16 with a byte-order mark, else a charset-normalizer
guess), classified as plain text, HTML, Markdown or an IPTC wire format (NewsML-G2,
NITF, ninjs), reduced to its article text and
split into sentences. Every offset points into the decoded text: for HTML,
Markdown and wire formats, sentences carry the readable ``clean`` text and a per-character map back
into the markup.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from drift.errors import Errors, InputError, UsageError
from drift.ingest.decode import STDIN, STDIN_NAME, decode_bytes, detect_kind, display_path, read_bytes
from drift.ingest.furniture import scan_article
from drift.ingest.html import html_sentences
from drift.ingest.markdown import markdown_sentences
from drift.ingest.sentences import split_sentences
from drift.ingest.wire import wire_sentences
from drift.values import Document, Furniture


def doc_id_of(path: str) -> str:
    if path in (STDIN, STDIN_NAME):
        return "stdin"
    return Path(display_path(path)).stem.lstrip(".") or "document"


def read_document(path: str, *, doc_id: str | None = None, max_bytes: int = 20_000_000) -> Document:
    """Read one input file into a :class:`Document`.

    Args:
        path: Path to a text, HTML or Markdown file, or ``-`` for standard input.
        doc_id: The document id; defaults to the file name without extension.
        max_bytes: Refuse files larger than this.

    Returns:
        The decoded document with its article sentences. Its ``path`` is the name as
        :func:`~drift.ingest.decode.display_path` shows it.

    Raises:
        InputError: With codes E001-E009 and E060-E062 when the file cannot be used.
    """
    name = os.fspath(path)
    data = read_bytes(name, max_bytes)
    return document_from_bytes(display_path(name), data, doc_id=doc_id or doc_id_of(name))


def document_from_bytes(path: str, data: bytes, *, doc_id: str | None = None) -> Document:
    """Make a :class:`Document` of a file's bytes, already read (see :func:`read_document`)."""
    text = decode_bytes(data, path=path)
    kind = detect_kind(path, text)
    metadata: dict[str, str | tuple[str, ...]] = {}
    if kind in ("newsml", "nitf", "ninjs"):
        sentences, furniture, metadata = wire_sentences(text, path, kind)
    elif kind == "html":
        sentences, furniture = html_sentences(text, path)
    elif kind == "markdown":
        sentences, furniture = markdown_sentences(text)
    else:
        article = scan_article(text)
        sentences = split_sentences(text, article.regions)
        furniture = [Furniture(k, a, b, text[a:b]) for k, a, b in article.furniture]
    if not sentences:
        raise InputError(Errors.E007.format(path=path))
    return Document(
        id=doc_id or doc_id_of(path),
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        sentences=tuple(sentences),
        furniture=tuple(furniture),
        metadata=metadata,
    )


def document_from_text(doc_id: str, text: str, *, path: str = "<text>") -> Document:
    """Make a :class:`Document` of a string given directly (``drift pairs``, the API).

    The whole string is the text: no furniture is cut, so offsets index ``text``.
    """
    sentences = split_sentences(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(doc_id, path, digest, text, tuple(sentences))


def load_documents(paths: Sequence[str], *, max_bytes: int = 20_000_000) -> list[Document]:
    """Read several files, giving each a unique id.

    Ids are file names without extension; a repeated name gets ``-2``, ``-3``, ...

    Args:
        paths: The files, in order.
        max_bytes: Refuse files larger than this.

    Returns:
        One document per path, in the same order.

    Raises:
        UsageError: E063 when standard input (``-``) is named more than once.
    """
    if (count := list(paths).count(STDIN)) > 1:
        raise UsageError(Errors.E063.format(count=count))
    taken: set[str] = set()
    docs: list[Document] = []
    for path in paths:
        base = doc_id_of(path)
        doc_id = base
        n = 2
        while doc_id in taken:
            doc_id = f"{base}-{n}"
            n += 1
        taken.add(doc_id)
        docs.append(read_document(path, doc_id=doc_id, max_bytes=max_bytes))
    return docs
