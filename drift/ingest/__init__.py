"""Reading input: bytes → text → article sentences, with offsets into the decoded text."""

from drift.ingest.decode import decode_bytes, detect_kind, read_bytes
from drift.ingest.documents import (
    document_from_bytes,
    document_from_text,
    load_documents,
    read_document,
)

__all__ = [
    "decode_bytes",
    "detect_kind",
    "document_from_bytes",
    "document_from_text",
    "load_documents",
    "read_bytes",
    "read_document",
]
