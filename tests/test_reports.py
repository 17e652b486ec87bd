"""Tests for the report renderers in ``drift.report``."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from drift.pipeline import CheckResult
from drift.pipeline.baseline import fingerprint
from drift.report import RENDERERS, format_from_path, render
from drift.report.escape import csp_hash
from drift.report.html_report import render_html, word_diff
from drift.report.json_report import render_json, report_object
from drift.report.junit_report import render_junit
from drift.report.markdown_report import MAX_CHARS, render_markdown
from drift.report.sarif_report import artifact_uri, render_sarif
from drift.report.text_report import WIDTH, render_text
from drift.values import (
    AlignedPair,
    Comparison,
    Document,
    Finding,
    FindingType,
    PairStatus,
    Sentence,
    Severity,
    Span,
)

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def make_doc(doc_id: str, sentences: list[str], head: str = "Headline\n\n") -> Document:
    sents = []
    pos = len(head)
    for i, text in enumerate(sentences):
        sents.append(Sentence(i, pos, pos + len(text), text))
        pos += len(text) + 1
    return Document(doc_id, f"in/{doc_id}.txt", "ab" * 32, head + " ".join(sentences), tuple(sents))


def span(doc: Document, text: str, after: int = 0) -> Span:
    start = doc.text.index(text, after)
    return doc.span(start, start + len(text))


@pytest.fixture
def source() -> Document:
    return make_doc(
        "source",
        [
            "Aron Lund will lead the inquiry, officials said.",
            "The budget is $5 million and the council approved it.",
            f"The mayor may resign {SCRIPT} | soon.",
            "This source sentence was cut.",
        ],
    )


@pytest.fixture
def copy() -> Document:
    return make_doc(
        "copy",
        [
            "Breaking news from the copy desk.",
            "Aaron Rand will lead the inquiry, officials said.",
            "The budget is $50 million.",
            "The council approved it.",
            f"The mayor will resign {IMG} | soon.",
        ],
    )


@pytest.fixture
def result(source: Document, copy: Document) -> CheckResult:
    pairs = (
        AlignedPair(
            (0,),
            (1,),
            0.83,
            PairStatus.DRIFT,
            (
                Finding(
                    FindingType.ENTITY,
                    Severity.CRITICAL,
                    span(source, "Aron Lund"),
                    span(copy, "Aaron Rand"),
                    "Name changed from Aron Lund to Aaron Rand",
                ),
            ),
        ),
        AlignedPair(
            (1,),
            (2, 3),
            0.9,
            PairStatus.EDITED,
            (
                Finding(
                    FindingType.NUMBER,
                    Severity.MAJOR,
                    span(source, "$5 million"),
                    span(copy, "$50 million"),
                    "The amount grew tenfold",
                ),
            ),
        ),
        AlignedPair(
            (2,),
            (4,),
            0.7,
            PairStatus.DRIFT,
            (
                Finding(
                    FindingType.MODALITY,
                    Severity.MAJOR,
                    span(source, "may resign"),
                    span(copy, "will resign"),
                    "A possibility became a certainty",
                ),
                Finding(
                    FindingType.QUOTE,
                    Severity.MINOR,
                    span(source, f"{SCRIPT} | soon"),
                    span(copy, f"{IMG} | soon"),
                    "Quoted words changed",
                ),
            ),
        ),
    )
    comp = Comparison("source", "copy", pairs, (3,), (0,))
    return CheckResult((source, copy), (comp,), "drift 0.1.0 model=test", Severity.MAJOR)


# --- CheckResult and the registry -------------------------------------------------


def test_check_result_helpers(result: CheckResult, copy: Document) -> None:
    counts = result.counts()
    assert counts["total"] == 4
    assert counts["by_severity"] == {"critical": 1, "major": 2, "minor": 1}
    assert counts["by_type"]["entity"] == 1
    assert counts["by_type"]["negation"] == 0
    comp = counts["comparisons"][0]
    assert (comp["source"], comp["copy"], comp["pairs"]) == ("source", "copy", 3)
    assert comp["by_status"] == {"identical": 0, "edited": 1, "drift": 2}
    assert (comp["unmatched_source"], comp["unmatched_copy"]) == (1, 1)
    assert result.worst() is Severity.CRITICAL
    assert result.failed()
    assert result.document("copy") is copy
    with pytest.raises(KeyError):
        result.document("nope")


def test_check_result_rejects_unknown_document(source: Document) -> None:
    comp = Comparison("source", "ghost", (), (), ())
    with pytest.raises(ValueError, match="ghost"):
        CheckResult((source,), (comp,), "sig", None)


def test_empty_result_has_no_worst(source: Document) -> None:
    empty = CheckResult((source,), (), "sig", Severity.MINOR)
    assert empty.worst() is None
    assert not empty.failed()
    for fmt in RENDERERS:
        assert render(fmt, empty)


def test_registry_and_render(result: CheckResult) -> None:
    assert set(RENDERERS) == {"json", "markdown", "html", "text", "junit", "sarif"}
    assert render("json", result) == render_json(result)
    assert render("text", result) == render_text(result)
    with pytest.raises(ValueError, match="unknown report format"):
        render("pdf", result)


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("out/report.json", "json"),
        ("r.md", "markdown"),
        ("r.MARKDOWN", "markdown"),
        ("r.html", "html"),
        ("r.htm", "html"),
        ("r.txt", "text"),
        ("r.pdf", None),
        ("report", None),
        ("out/r.junit.xml", "junit"),
        ("R.JUNIT.XML", "junit"),
        ("r.xml", None),
        ("r.sarif", "sarif"),
        ("r.sarif.json", "sarif"),
        ("out.sarif/r.json", "json"),
    ],
)
def test_format_from_path(path: str, fmt: str | None) -> None:
    assert format_from_path(path) == fmt


# --- JSON --------------------------------------------------------------------------


def test_json_schema(result: CheckResult) -> None:
    out = render_json(result)
    assert out.endswith("}\n")
    data = json.loads(out)
    assert data == report_object(result)
    assert list(data) == ["schema", "signature", "documents", "comparisons"]
    assert data["schema"] == "drift-report/1"
    assert data["signature"] == "drift 0.1.0 model=test"
    for doc_json, doc in zip(data["documents"], result.documents, strict=True):
        assert list(doc_json) == ["id", "path", "sha256", "sentences", "furniture"]
        for sent in doc_json["sentences"]:
            assert list(sent) == ["index", "start", "end", "text"]
            assert sent["text"] == doc.text[sent["start"] : sent["end"]]
    comp = data["comparisons"][0]
    assert list(comp) == [
        "source",
        "copy",
        "relation",
        "relation_evidence",
        "pairs",
        "unmatched_source",
        "unmatched_copy",
    ]
    assert comp["unmatched_source"] == [3]
    assert comp["unmatched_copy"] == [0]
    pair = comp["pairs"][1]
    assert list(pair) == ["source", "copy", "similarity", "status", "meaning_changed", "findings"]
    assert (pair["source"], pair["copy"], pair["similarity"], pair["status"]) == ([1], [2, 3], 0.9, "edited")
    finding = comp["pairs"][0]["findings"][0]
    keys = ["type", "severity", "source_span", "copy_span", "explanation", "rule", "confidence"]
    assert list(finding) == keys
    assert finding["severity"] == "critical"
    assert finding["source_span"] == {"start": 10, "end": 19, "text": "Aron Lund"}
    copy_doc = result.document("copy")
    cs = finding["copy_span"]
    assert copy_doc.text[cs["start"] : cs["end"]] == cs["text"] == "Aaron Rand"


def test_json_deterministic_and_unescaped(result: CheckResult) -> None:
    assert render_json(result) == render_json(result)
    assert SCRIPT in render_json(result)
    doc = make_doc("ü", ["Zoë said “no”."])
    out = render_json(CheckResult((doc,), (), "sig", None))
    assert "Zoë said “no”." in out


# --- Markdown ----------------------------------------------------------------------


def test_markdown_summary_and_sections(result: CheckResult) -> None:
    md = render_markdown(result)
    assert (
        "| Copy | Source | Relation | Pairs | Identical | Edited | Drift | Unmatched src/copy "
        "| Critical | Major | Minor |" in md
    )
    assert "| copy | source | – | 3 | 0 | 1 | 2 | 1/1 | 1 | 2 | 1 |" in md
    for label, n in [("Critical", 1), ("Major", 2), ("Minor", 1)]:
        assert f"<summary><strong>{label}</strong> ({n})</summary>" in md
    assert md.count("<details") == md.count("</details>") == 3
    assert md.index("Critical") < md.index("Major") < md.index("Minor")
    assert "| entity | Aron Lund | Aaron Rand | Name changed from Aron Lund to Aaron Rand |" in md
    assert md.rstrip().endswith("`drift 0.1.0 model=test`")


def test_markdown_escapes_article_text(result: CheckResult) -> None:
    md = render_markdown(result)
    assert SCRIPT not in md
    assert IMG not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#124; soon" in md
    rows = [line for line in md.splitlines() if line.startswith("| quote")]
    assert len(rows) == 1
    assert rows[0].count("|") == 6


def test_markdown_escapes_newlines_and_backticks(source: Document) -> None:
    doc = make_doc("odd", ["Line one\nline `two` *bold*."])
    finding = Finding(
        FindingType.ADDITION, Severity.MINOR, None, span(doc, "Line one\nline `two` *bold*"), "Added"
    )
    comp = Comparison(
        "source", "odd", (AlignedPair((), (0,), 0.0, PairStatus.DRIFT, (finding,)),), (0, 1, 2, 3), ()
    )
    md = render_markdown(CheckResult((source, doc), (comp,), "sig", None))
    assert "Line one line &#96;two&#96; \\*bold\\*" in md
    assert "`two`" not in md


def test_markdown_truncates_huge_input(source: Document, copy: Document) -> None:
    finding = Finding(
        FindingType.LEXICAL_MEANING,
        Severity.MINOR,
        span(source, "Aron Lund will lead the inquiry"),
        span(copy, "Aaron Rand will lead the inquiry"),
        "A long explanation that repeats itself " * 3,
    )
    pairs = tuple(AlignedPair((0,), (1,), 0.5, PairStatus.DRIFT, (finding,) * 10) for _ in range(300))
    comp = Comparison("source", "copy", pairs, (), ())
    big = CheckResult((source, copy), (comp,), "sig", None)
    md = render_markdown(big)
    assert len(md) < MAX_CHARS
    note = re.search(r"(\d+) finding\(s\) left out", md)
    assert note is not None
    shown = sum(1 for line in md.splitlines() if line.startswith("| lexical_meaning"))
    assert shown > 0
    assert shown + int(note.group(1)) == 3000
    assert f"({shown} of 3000)" in md
    assert md.rstrip().endswith("`sig`")


# --- HTML --------------------------------------------------------------------------


def test_html_is_self_contained(result: CheckResult) -> None:
    html = render_html(result)
    assert html.startswith("<!DOCTYPE html>")
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert csp is not None and "unsafe" not in csp.group(1)
    script = re.search(r"<script>(.*?)</script>", html, re.DOTALL)
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    assert script is not None and style is not None
    assert csp.group(1) == (
        f"default-src 'none'; style-src {csp_hash(style.group(1))}; "
        f"script-src {csp_hash(script.group(1))}; img-src data:"
    )
    assert "http://" not in html
    assert "https://" not in html
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)
    links = [m for tag in tags for m in re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]*)""", tag)]
    assert links
    assert all(link.startswith("#") for link in links)
    assert "<link" not in html
    assert "@import" not in html


def test_html_escapes_article_text(result: CheckResult) -> None:
    html = render_html(result)
    assert SCRIPT not in html
    assert IMG not in html
    assert "alert(1)" in html
    assert "&lt;img src=x onerror=" in html
    assert html.count("<script>") == 1


def test_html_escapes_hostile_ids_and_explanations(source: Document) -> None:
    doc = Document('"><script>x()</script>', "<b>.txt", "0" * 64, "A b.", (Sentence(0, 0, 4, "A b."),))
    finding = Finding(FindingType.ADDITION, Severity.MINOR, None, doc.span(0, 1), '"><img src=y onerror=x()>')
    comp = Comparison("source", doc.id, (AlignedPair((), (0,), 0.0, PairStatus.DRIFT, (finding,)),), (), ())
    html = render_html(CheckResult((source, doc), (comp,), "<sig>", None))
    assert "<script>x()" not in html
    assert "<img src=y" not in html
    assert "<b>.txt" not in html
    assert "<sig>" not in html


def test_html_marks_every_finding(result: CheckResult) -> None:
    html = render_html(result)
    findings = [f for comp in result.comparisons for f in comp.findings]
    for number, finding in enumerate(findings, start=1):
        mark = re.search(
            rf'<mark class="sev-(\w+)" data-severity="\w+" data-type="(\w+)"[^>]* id="f-{number}"', html
        )
        assert mark is not None, number
        assert mark.groups() == (finding.severity.label, finding.type.value)
        assert f'href="#f-{number}"' in html
        assert html.count(f'id="f-{number}"') == 1
    assert html.count("<mark ") == 2 * len(findings)
    assert 'title="Name changed from Aron Lund to Aaron Rand">' in html
    assert "<ins>Aaron Rand</ins></mark>" in html


def test_html_filters_present(result: CheckResult) -> None:
    html = render_html(result)
    for sev in ("critical", "major", "minor"):
        assert f'data-filter="severity" value="{sev}" checked' in html
    for ftype in ("entity", "number", "modality", "quote"):
        assert f'data-filter="type" value="{ftype}" checked' in html
    assert 'data-filter="type" value="negation"' not in html
    assert 'data-findings="major:modality minor:quote"' in html
    assert html.count("data-finding-item data-severity") == 4
    assert 'id="only-findings"' in html


def test_html_rows_in_copy_order(result: CheckResult) -> None:
    html = render_html(result)
    rows = re.findall(r'<tr id="r1-\d+" class="([\w ]+)"', html)
    assert rows == ["added", "pair drift", "pair edited", "pair drift", "cut"]
    assert '<span class="tag split">split</span>' in html
    assert "<del>5</del>" in html
    assert "<ins>50</ins>" in html


def test_html_moved_and_merged_rows(source: Document, copy: Document) -> None:
    pairs = (
        AlignedPair((2,), (0,), 0.9),
        AlignedPair((0, 1), (1,), 0.8),
        AlignedPair((3,), (2,), 1.0, PairStatus.IDENTICAL),
    )
    comp = Comparison("source", "copy", pairs, (), (3, 4))
    html = render_html(CheckResult((source, copy), (comp,), "sig", None))
    assert html.count('<span class="tag moved">moved</span>') == 1
    moved_row = re.search(r'<tr id="r1-0"[^>]*>.*?</tr>', html, re.S)
    assert moved_row is not None and "moved" in moved_row.group(0)
    assert '<span class="tag merged">merged</span>' in html


def test_html_overlapping_spans_keep_first(source: Document, copy: Document) -> None:
    outer = Finding(FindingType.ENTITY, Severity.MAJOR, span(source, "Aron Lund"), None, "outer")
    inner = Finding(FindingType.ENTITY, Severity.CRITICAL, span(source, "Lund"), None, "inner")
    comp = Comparison("source", "copy", (AlignedPair((0,), (1,), 0.8, findings=(outer, inner)),), (), ())
    html = render_html(CheckResult((source, copy), (comp,), "sig", None))
    assert 'id="f-1"' in html
    assert 'id="f-2"' not in html
    assert 'href="#r1-0"' in html


def test_html_char_map_sentence() -> None:
    raw = "<p>Aron <b>Lund</b> spoke.</p>"
    clean = "Aron Lund spoke."
    char_map = tuple([3, 4, 5, 6, 7, 11, 12, 13, 14, 19, 20, 21, 22, 23, 24, 25])
    assert "".join(raw[i] for i in char_map) == clean
    sent = Sentence(0, 0, len(raw), raw, clean, char_map)
    src = Document("s", "s.html", "0" * 64, raw, (sent,))
    cpy = make_doc("c", ["Aron Lund spoke."], head="")
    finding = Finding(FindingType.ENTITY, Severity.MINOR, src.span(11, 15), cpy.span(5, 9), "checked")
    comp = Comparison("s", "c", (AlignedPair((0,), (0,), 1.0, PairStatus.IDENTICAL, (finding,)),), (), ())
    html = render_html(CheckResult((src, cpy), (comp,), "sig", None))
    assert 'id="f-1" title="checked">Lund</mark> spoke.' in html
    assert "&lt;b&gt;" not in html


def test_html_deterministic(result: CheckResult) -> None:
    assert render_html(result) == render_html(result)


def test_word_diff_keeps_words_whole() -> None:
    diffs = word_diff("the cat sat on the mat", "the cart sat on a mat")
    assert "".join(t for op, t in diffs if op <= 0) == "the cat sat on the mat"
    assert "".join(t for op, t in diffs if op >= 0) == "the cart sat on a mat"
    assert (-1, "cat") in diffs
    assert (1, "cart") in diffs
    assert all(not re.match(r"\w", t) or re.fullmatch(r"[\w ]+", t) for _, t in diffs)


# --- text --------------------------------------------------------------------------


def test_text_lists_findings(result: CheckResult) -> None:
    out = render_text(result)
    assert "\x1b" not in out
    assert 'CRITICAL entity          "Aron Lund" → "Aaron Rand"' in out
    assert 'MAJOR    number          "$5 million" → "$50 million"  (The amount grew tenfold)  s1→c2,3' in out
    assert "modality" in out and "quote" in out
    assert out.index("CRITICAL") < out.index("MAJOR") < out.index("MINOR")
    assert "copy vs source" in out
    assert "3 pairs (0 identical, 1 edited, 2 drift), unmatched 1 source / 1 copy" in out
    assert "FAIL (fail on major)" in out
    assert "drift 0.1.0 model=test" in out
    assert all(len(line) <= WIDTH for line in out.splitlines())


def test_text_color_only_when_asked(result: CheckResult) -> None:
    out = render_text(result, color=True)
    assert "\x1b[1;31mCRITICAL" in out
    assert ANSI.sub("", out) == render_text(result)


def test_text_truncates_and_neutralises_spans(source: Document) -> None:
    long = "A very long sentence \x1b[31m about the budget of the city council and more words."
    doc = make_doc("long", [long])
    finding = Finding(FindingType.ADDITION, Severity.MINOR, None, span(doc, long[:-1]), "x" * 300)
    comp = Comparison("source", "long", (AlignedPair((), (0,), 0.0, PairStatus.DRIFT, (finding,)),), (), ())
    out = render_text(CheckResult((source, doc), (comp,), "sig", None))
    assert "\x1b" not in out
    assert "…" in out
    assert "(none)" in out
    assert all(len(line) <= WIDTH for line in out.splitlines())


# --- JUnit -------------------------------------------------------------------------


def test_junit_one_case_per_copy_failure_per_finding(result: CheckResult) -> None:
    xml = render_junit(result)
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == ["copy"]
    assert cases[0].get("classname") == "drift.source"
    failures = cases[0].findall("failure")
    # fail_on is major: the critical entity and the two major findings, not the minor quote
    assert sorted(f.get("type") or "" for f in failures) == ["drift/entity", "drift/modality", "drift/number"]
    assert root.get("failures") == "3" and root.get("tests") == "1"
    assert failures[0].get("message") == "critical: Name changed from Aron Lund to Aaron Rand"
    assert "Quoted words changed" in (cases[0].findtext("system-out") or "")


def test_junit_escapes_hostile_text(source: Document, copy: Document) -> None:
    hostile = Finding(
        FindingType.QUOTE,
        Severity.CRITICAL,
        span(source, SCRIPT),
        span(copy, IMG),
        'bad "quote" & <tag> ]]> \x1b[31m\x00 end',
    )
    comp = Comparison("source", "copy", (AlignedPair((2,), (4,), 0.5, PairStatus.DRIFT, (hostile,)),), (), ())
    xml = render_junit(CheckResult((source, copy), (comp,), "sig <&>", Severity.MINOR))
    assert "<script>" not in xml and "<img" not in xml and "\x00" not in xml and "\x1b" not in xml
    root = ET.fromstring(xml.encode("utf-8"))  # well-formed
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == 'critical: bad "quote" & <tag> ]]> [31m end'
    assert SCRIPT in (failure.text or "")


def test_junit_no_failures_when_fail_on_none(result: CheckResult) -> None:
    relaxed = dataclasses.replace(result, fail_on=None)
    root = ET.fromstring(render_junit(relaxed).encode("utf-8"))
    assert root.findall(".//failure") == []
    assert root.get("failures") == "0"


def test_junit_baselined_findings_do_not_fail(result: CheckResult) -> None:
    accepted = frozenset(fingerprint(c.copy, f) for c, _, f in result.located())
    root = ET.fromstring(render_junit(dataclasses.replace(result, baseline=accepted)).encode("utf-8"))
    assert root.findall(".//failure") == []
    assert "(baselined)" in (root.findtext(".//system-out") or "")


# --- SARIF -------------------------------------------------------------------------

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def validate_sarif(data: dict[str, Any]) -> None:
    """Validate against the official OASIS SARIF 2.1.0 schema (vendored, see tests/data/README.md)."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_sarif_schema_is_the_official_one() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft4Validator.check_schema(schema)
    # the schema really rejects things: a result without a message, a bad level
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal"}]}]}
    assert list(jsonschema.Draft4Validator(schema).iter_errors(bad))


def test_sarif_valid_and_complete(result: CheckResult, source: Document, copy: Document) -> None:
    data = json.loads(render_sarif(result))
    validate_sarif(data)
    assert data["version"] == "2.1.0"
    run = data["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "drift" and driver["version"]
    assert [r["id"] for r in driver["rules"]] == [f"drift/{t.value}" for t in FindingType]
    results = run["results"]
    assert len(results) == 4
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels == {
        "drift/entity": "error",
        "drift/number": "warning",
        "drift/modality": "warning",
        "drift/quote": "note",
    }
    for res, (_, _, finding) in zip(results, result.located(), strict=True):
        assert res["message"]["text"] == finding.explanation
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "in/copy.txt"
        region = loc["region"]
        start, length = region["charOffset"], region["charLength"]
        assert copy.text[start : start + length] == finding.copy_span.text  # type: ignore[union-attr]
        assert region["snippet"]["text"] == finding.copy_span.text  # type: ignore[union-attr]
        related = res["relatedLocations"][0]["physicalLocation"]
        assert related["artifactLocation"]["uri"] == "in/source.txt"
        rs = related["region"]
        assert source.text[rs["charOffset"] : rs["charOffset"] + rs["charLength"]] == finding.source_span.text  # type: ignore[union-attr]
        assert "baselineState" not in res
    assert render_sarif(result) == render_sarif(result)


def test_sarif_omission_points_at_copy_sentence_or_source(source: Document, copy: Document) -> None:
    dropped = Finding(FindingType.OMISSION, Severity.MAJOR, span(source, "officials said"), None, "dropped")
    pairs = (
        AlignedPair((0,), (1,), 0.8, PairStatus.DRIFT, (dropped,)),
        AlignedPair((3,), (), 0.0, PairStatus.DRIFT, (dropped,)),
    )
    comp = Comparison("source", "copy", pairs, (), ())
    data = json.loads(render_sarif(CheckResult((source, copy), (comp,), "sig", Severity.MAJOR)))
    validate_sarif(data)
    first, second = (r["locations"][0]["physicalLocation"] for r in data["runs"][0]["results"])
    assert first["artifactLocation"]["uri"] == "in/copy.txt"
    assert first["region"]["snippet"]["text"] == copy.sentences[1].text
    assert second["artifactLocation"]["uri"] == "in/source.txt"
    assert second["region"]["snippet"]["text"] == "officials said"
    assert second["region"]["startLine"] == 3  # "Headline\n\n" comes first


def test_sarif_uris_and_baseline_state(result: CheckResult, source: Document, copy: Document) -> None:
    assert artifact_uri("dir with space/a#b.txt") == "dir%20with%20space/a%23b.txt"
    assert artifact_uri("/tmp/x y.txt") == "file:///tmp/x%20y.txt"
    entity = result.comparisons[0].pairs[0].findings[0]
    accepted = dataclasses.replace(result, baseline=frozenset({fingerprint("copy", entity)}))
    data = json.loads(render_sarif(accepted))
    validate_sarif(data)
    states = [r["baselineState"] for r in data["runs"][0]["results"]]
    assert states == ["unchanged", "new", "new", "new"]
    assert accepted.failed() and accepted.baselined_count() == 1


def test_sarif_empty_result_is_valid(source: Document) -> None:
    data = json.loads(render_sarif(CheckResult((source,), (), "sig", None)))
    validate_sarif(data)
    assert data["runs"][0]["results"] == []


def test_html_addition_pair_is_not_repeated_as_unmatched_row(source: Document, copy: Document) -> None:
    added = Finding(FindingType.ADDITION, Severity.MAJOR, None, span(copy, "Breaking news"), "new sentence")
    pairs = (AlignedPair((), (0,), 0.0, PairStatus.DRIFT, (added,)), AlignedPair((0,), (1,), 0.9))
    comp = Comparison("source", "copy", pairs, (), (0,))  # copy sentence 0 is unmatched and an addition
    html = render_html(CheckResult((source, copy), (comp,), "sig", Severity.MAJOR))
    assert html.count("from the copy desk.") == 1
