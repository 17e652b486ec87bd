"""The machine-readable report, schema ``drift-report/1``."""

from __future__ import annotations

import json

from drift.pipeline.result import CheckResult
from drift.values import Document

SCHEMA = "drift-report/1"


def _document_object(doc: Document) -> dict[str, object]:
    out: dict[str, object] = {
        "id": doc.id,
        "path": doc.path,
        "sha256": doc.sha256,
        "sentences": [sent.to_json() for sent in doc.sentences],
        "furniture": [item.to_json() for item in doc.furniture],
    }
    if doc.metadata:
        out["metadata"] = {k: list(v) if isinstance(v, tuple) else v for k, v in doc.metadata.items()}
    return out


def report_object(result: CheckResult) -> dict[str, object]:
    """Build the report as plain JSON values, keys in schema order."""
    return {
        "schema": SCHEMA,
        "signature": result.signature,
        "documents": [_document_object(doc) for doc in result.documents],
        "comparisons": [comp.to_json() for comp in result.comparisons],
    }


def render_json(result: CheckResult) -> str:
    """Render ``result`` as deterministic, indented JSON ending in a newline."""
    return json.dumps(report_object(result), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
