"""A JUnit XML report, the format CI systems show as test results.

One test case per copy; each finding at or above ``--fail-on`` (and not accepted by
a baseline) is a ``<failure>`` of its copy's test case, so a CI dashboard shows
exactly what would make ``drift check`` exit 1.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from drift.pipeline.result import CheckResult
from drift.values import AlignedPair, Finding, Span

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Drop the characters XML 1.0 cannot carry (control characters, lone surrogates).

    ElementTree escapes ``<``, ``>``, ``&`` and quotes itself.
    """
    return _XML_INVALID.sub("", text)


def _span(span: Span | None) -> str:
    return repr(span.text) if span is not None else "(none)"


def _where(pair: AlignedPair) -> str:
    src = ",".join(str(i) for i in pair.source) or "-"
    cpy = ",".join(str(i) for i in pair.copy) or "-"
    return f"s{src}→c{cpy}"


def _detail(finding: Finding, pair: AlignedPair) -> str:
    src, cpy = finding.source_span, finding.copy_span
    lines = [
        f"{finding.severity.label} {finding.type.value}: {finding.explanation}",
        f"source: {_span(src)}" + (f" at {src.start}:{src.end}" if src else ""),
        f"copy:   {_span(cpy)}" + (f" at {cpy.start}:{cpy.end}" if cpy else ""),
        f"sentences: {_where(pair)}",
    ]
    return "\n".join(lines)


def render_junit(result: CheckResult) -> str:
    """Render ``result`` as a JUnit XML document (UTF-8, with an XML declaration)."""
    suites = ET.Element("testsuites", name="drift")
    suite = ET.SubElement(suites, "testsuite", name="drift")
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="signature", value=xml_text(result.signature))
    fail_on = result.fail_on.label if result.fail_on else "none"
    ET.SubElement(props, "property", name="fail-on", value=fail_on)
    total_failures = 0
    for comp in result.comparisons:
        copy_doc = result.document(comp.copy)
        case = ET.SubElement(
            suite,
            "testcase",
            classname=xml_text(f"drift.{comp.source}"),
            name=xml_text(comp.copy),
            file=xml_text(copy_doc.path),
        )
        if comp.relation is not None:
            case_props = ET.SubElement(case, "properties")
            ET.SubElement(case_props, "property", name="relation", value=comp.relation)
        located = sorted(
            ((f, p) for p in comp.pairs for f in p.findings),
            key=lambda fp: (-fp[0].severity, fp[0].sort_key()),
        )
        out_lines = []
        for finding, pair in located:
            detail = _detail(finding, pair)
            if result.fails(comp, finding):
                total_failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=f"drift/{finding.type.value}",
                    message=xml_text(f"{finding.severity.label}: {finding.explanation}"),
                )
                failure.text = xml_text(detail)
            else:
                note = " (baselined)" if result.is_baselined(comp, finding) else ""
                out_lines.append(xml_text(detail.splitlines()[0] + note))
        if out_lines:
            ET.SubElement(case, "system-out").text = "\n".join(out_lines)
    count = str(len(result.comparisons))
    for element in (suites, suite):
        element.set("tests", count)
        element.set("failures", str(total_failures))
        element.set("errors", "0")
    suite.set("skipped", "0")
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
