"""A SARIF 2.1.0 report for code-scanning tools (GitHub code scanning and others).

One result per finding. Its location is the copy file and the copy span; a finding
with no copy span (an omission) points at the copy sentences it was found in, or,
when there are none, at the source file and the source span. The source span is
always given as a related location. Offsets (``charOffset``/``charLength``) and
columns count Unicode code points of the decoded text, as drift's JSON does.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from drift import __version__
from drift.pipeline.baseline import fingerprint
from drift.pipeline.result import CheckResult
from drift.values import AlignedPair, Comparison, Document, Finding, FindingType, Severity, Span

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS: dict[Severity, str] = {Severity.CRITICAL: "error", Severity.MAJOR: "warning", Severity.MINOR: "note"}

_DESCRIPTIONS: dict[FindingType, str] = {
    FindingType.ENTITY: "A name (person, place, organisation) changed.",
    FindingType.NUMBER: "A figure, date, unit or qualifier changed.",
    FindingType.QUOTE: "Quoted words changed.",
    FindingType.MODALITY: "Certainty changed (may/will, could/did).",
    FindingType.ATTRIBUTION: "Who said it, or how, changed.",
    FindingType.NEGATION: "A claim was negated or reversed.",
    FindingType.LEXICAL_MEANING: "A word was replaced by one with a different meaning.",
    FindingType.OMISSION: "Something the source says is missing from the copy.",
    FindingType.ADDITION: "The copy states something the source does not.",
    FindingType.HEADLINE: "The headline or standfirst states a name or figure the source does not.",
}


def rule_id(kind: FindingType) -> str:
    """The SARIF rule id of a finding type, e.g. ``drift/entity``."""
    return f"drift/{kind.value}"


def artifact_uri(path: str) -> str:
    """A URI reference for a path as the user gave it: relative stays relative."""
    pure = PurePath(path)
    if pure.is_absolute():
        return Path(path).as_uri()
    return quote(pure.as_posix(), safe="/-._~")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _region(doc: Document, start: int, end: int) -> dict[str, Any]:
    start_line, start_col = _line_col(doc.text, start)
    end_line, end_col = _line_col(doc.text, end)
    return {
        "startLine": start_line,
        "startColumn": start_col,
        "endLine": end_line,
        "endColumn": end_col,
        "charOffset": start,
        "charLength": end - start,
        "snippet": {"text": doc.text[start:end]},
    }


def _location(doc: Document, start: int, end: int, message: str | None = None) -> dict[str, Any]:
    loc: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(doc.path)},
            "region": _region(doc, start, end),
        }
    }
    if message:
        loc["message"] = {"text": message}
    return loc


def _primary(source: Document, copy: Document, pair: AlignedPair, finding: Finding) -> dict[str, Any]:
    if finding.copy_span is not None:
        return _location(copy, finding.copy_span.start, finding.copy_span.end)
    if pair.copy:
        first, last = copy.sentences[pair.copy[0]], copy.sentences[pair.copy[-1]]
        return _location(copy, first.start, last.end)
    span: Span = finding.source_span  # type: ignore[assignment]  # a finding has at least one span
    return _location(source, span.start, span.end)


def _result(result: CheckResult, comp: Comparison, pair: AlignedPair, finding: Finding) -> dict[str, Any]:
    source, copy = result.document(comp.source), result.document(comp.copy)
    kinds = list(FindingType)
    out: dict[str, Any] = {
        "ruleId": rule_id(finding.type),
        "ruleIndex": kinds.index(finding.type),
        "level": LEVELS[finding.severity],
        "message": {"text": finding.explanation},
        "locations": [_primary(source, copy, pair, finding)],
    }
    if finding.source_span is not None:
        span = finding.source_span
        related = _location(source, span.start, span.end, "source")
        related["id"] = 0
        out["relatedLocations"] = [related]
    out["partialFingerprints"] = {"driftFinding/v1": fingerprint(comp.copy, finding)}
    if result.baseline:
        out["baselineState"] = "unchanged" if result.is_baselined(comp, finding) else "new"
    out["properties"] = {"severity": finding.severity.label, "copy": comp.copy, "source": comp.source}
    if comp.relation is not None:
        out["properties"]["relation"] = comp.relation
    return out


def sarif_object(result: CheckResult) -> dict[str, Any]:
    """The SARIF log of ``result`` as a JSON-ready dictionary."""
    rules = [
        {
            "id": rule_id(kind),
            "name": kind.value,
            "shortDescription": {"text": _DESCRIPTIONS[kind]},
        }
        for kind in FindingType
    ]
    results = [_result(result, comp, pair, f) for comp, pair, f in result.located()]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "drift",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "signature": result.signature,
                    "fail-on": result.fail_on.label if result.fail_on else "none",
                },
            }
        ],
    }


def render_sarif(result: CheckResult) -> str:
    """Render ``result`` as SARIF 2.1.0 JSON (deterministic, one trailing newline)."""
    return json.dumps(sarif_object(result), ensure_ascii=False, indent=2) + "\n"
