"""Wire metadata as provenance evidence: versions of one item, signals, agency credits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drift.ingest import read_document
from drift.pipeline import Checker
from drift.provenance import metadata
from drift.provenance.tracer import Tracer
from drift.report.trace_report import render_trace_html, render_trace_markdown, render_trace_text

WIRE = Path(__file__).resolve().parents[2] / "shared" / "data" / "wire-formats"

STORY = [
    "Winds of 120 km/h closed the port of Lisbon on Tuesday, the harbour authority said.",
    "Ferries to the south bank stayed in harbour and about 4,000 passengers were stranded.",
    "The authority said it expected to reopen the port on Wednesday morning if the winds eased.",
    "Forecasters warned of waves up to nine metres along the coast north of the capital.",
]
OTHER = [
    "Shares in the carmaker rose 6 per cent after it raised its profit forecast for the year.",
    "The company said demand for its electric models in Europe had been stronger than expected.",
    "Analysts had feared that higher battery costs would squeeze margins in the second half.",
]


def g2(
    path: Path,
    paragraphs: list[str],
    *,
    guid: str = "urn:newsml:wire.example:20240102:storm",
    version: int | None = 1,
    created: str = "2024-01-02T10:00:00Z",
    signal: str | None = None,
    source: str | None = None,
    dateline: str | None = None,
) -> Path:
    sig = f'<signal qcode="{signal}"/>' if signal else ""
    info = f'<infoSource role="cpnat:originator"><name>{source}</name></infoSource>' if source else ""
    line = f"<dateline>{dateline}</dateline>" if dateline else ""
    ver = f' version="{version}"' if version is not None else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}"{ver} standard="NewsML-G2">'
        f"<itemMeta><versionCreated>{created}</versionCreated>{sig}</itemMeta>"
        f"<contentMeta>{info}{line}</contentMeta>"
        '<contentSet><inlineXML contenttype="application/xhtml+xml">'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>'
        "</inlineXML></contentSet></newsItem>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def tracer(fast_checker: Checker) -> Tracer:
    return Tracer(fast_checker, lexical=False)


def test_a_higher_version_of_one_guid_is_an_update(tmp_path: Path) -> None:
    v1 = read_document(str(g2(tmp_path / "v1.xml", STORY[:3])))
    v2 = read_document(str(g2(tmp_path / "v2.xml", STORY, version=2, signal="sig:update")))
    meta = metadata.compare(v1, v2)
    assert meta.same_item and meta.earlier == 0
    assert any("version 2" in line and "update of the same story" in line for line in meta.lines)
    assert any("is marked as an update" in line for line in meta.lines)
    assert meta.disagreement(derived=True, parent=0) is None
    assert "disagree" in (meta.disagreement(derived=True, parent=1) or "")


def test_version_order_falls_back_to_the_creation_time(tmp_path: Path) -> None:
    a = read_document(str(g2(tmp_path / "a.xml", STORY, version=None, created="2024-01-02T12:00:00+01:00")))
    b = read_document(str(g2(tmp_path / "b.xml", STORY, version=None, created="2024-01-02T10:30:00Z")))
    assert metadata.compare(a, b).earlier == 1  # 12:00+01:00 is 11:00 UTC, after b's 10:30 UTC


def test_different_guids_say_nothing_about_one_item(tmp_path: Path) -> None:
    a = read_document(str(g2(tmp_path / "a.xml", STORY, guid="urn:x:1")))
    b = read_document(str(g2(tmp_path / "b.xml", STORY, guid="urn:x:2")))
    meta = metadata.compare(a, b)
    assert not meta.same_item and meta.lines == ()
    assert meta.disagreement(derived=False, parent=None) is None


def test_agency_credits(tmp_path: Path) -> None:
    wire = read_document(str(g2(tmp_path / "w.xml", STORY, guid="urn:a", source="Reuters")))
    copy = read_document(str(g2(tmp_path / "c.xml", STORY, guid="urn:b", dateline="LISBON (Reuters) -")))
    plain = read_document(str(g2(tmp_path / "p.xml", STORY, guid="urn:c")))
    assert metadata.credits(copy) == ("Reuters",)
    assert metadata.compare(wire, copy).lines == ("metadata: both credit Reuters",)
    lines = metadata.compare(plain, copy).lines
    assert lines == (f"metadata: {copy.id} credits Reuters, which supports a copy of Reuters's story",)


def test_trace_adds_metadata_lines_beside_the_text_evidence(tmp_path: Path, tracer: Tracer) -> None:
    """Version 2 cuts the last paragraph: text and metadata both make version 1 the parent."""
    v1 = read_document(str(g2(tmp_path / "v1.xml", STORY)))
    v2 = read_document(str(g2(tmp_path / "v2.xml", STORY[:3], version=2, signal="sig:update")))
    result = tracer.trace([v1, v2])
    (edge,) = [e for e in result.edges if {e.parent, e.child} == {v1.id, v2.id}]
    assert edge.relation == "copy" and edge.parent == v1.id
    text_lines = [line for line in edge.evidence if not line.startswith("metadata")]
    meta_lines = [line for line in edge.evidence if line.startswith("metadata")]
    assert text_lines, "the text evidence is still there"
    assert any("update of the same story" in line for line in meta_lines)
    assert not any("disagree" in line for line in edge.evidence)
    assert any("update of the same story" in line for line in render_trace_text(result).splitlines())
    assert "update of the same story" in render_trace_markdown(result)
    assert "update of the same story" in render_trace_html(result)


def test_an_update_that_adds_text_is_read_by_the_text_and_the_clash_is_said(
    tmp_path: Path, tracer: Tracer
) -> None:
    """Version 2 adds a paragraph: the text reads version 1 as a trimmed copy of version 2,
    the metadata says the opposite, and the edge keeps the text's direction with a line
    that says they disagree."""
    v1 = read_document(str(g2(tmp_path / "v1.xml", STORY[:3])))
    v2 = read_document(str(g2(tmp_path / "v2.xml", STORY, version=2, signal="sig:update")))
    result = tracer.trace([v1, v2])
    (edge,) = [e for e in result.edges if {e.parent, e.child} == {v1.id, v2.id}]
    assert edge.parent == v2.id, "the text decides the direction"
    assert any(line.startswith("metadata and text disagree") for line in edge.evidence)


def test_metadata_never_overrides_the_text(tmp_path: Path, tracer: Tracer) -> None:
    """Same guid, unrelated text: no edge is invented, and a note says the two disagree."""
    a = read_document(str(g2(tmp_path / "a.xml", STORY)))
    b = read_document(str(g2(tmp_path / "b.xml", OTHER, version=2)))
    result = tracer.trace([a, b])
    assert not [e for e in result.edges if e.relation in ("copy", "rewrite", "translation")]
    assert any("disagree" in note and a.id in note and b.id in note for note in result.notes)
    assert result.to_json()["notes"] == list(result.notes)


def test_a_correction_is_shown_in_the_report(tmp_path: Path, tracer: Tracer) -> None:
    v1 = read_document(str(g2(tmp_path / "v1.xml", STORY)))
    fixed = [*STORY[:1], STORY[1].replace("4,000", "3,000"), *STORY[2:]]
    v2 = read_document(str(g2(tmp_path / "v2.xml", fixed, version=2, signal="sig:correction")))
    result = tracer.trace([v1, v2])
    assert any(v2.id in note and "correction" in note for note in result.notes)
    assert "Notes" in render_trace_markdown(result) and "correction" in render_trace_html(result)


def test_no_metadata_leaves_the_trace_json_as_it_was(tmp_path: Path, tracer: Tracer) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(" ".join(STORY), encoding="utf-8")
    b.write_text(" ".join(STORY[:3]), encoding="utf-8")
    result = tracer.trace([read_document(str(a)), read_document(str(b))])
    assert "notes" not in json.loads(json.dumps(result.to_json()))
    assert not any(line.startswith("metadata") for e in result.edges for line in e.evidence)


@pytest.mark.skipif(not WIRE.is_dir(), reason="the shared wire-format samples are not here")
def test_shared_samples_that_share_a_uri_are_one_item(tracer: Tracer) -> None:
    paths = [WIRE / f"ninjs/examples/{v}/005_complex_text_article.json" for v in ("1.6", "2.2", "3.1")]
    docs = [read_document(str(p), doc_id=f"ninjs-{p.parent.name}") for p in paths]
    assert len({metadata.identity(d) for d in docs}) == 1
    result = tracer.trace(docs)
    derived = [e for e in result.edges if e.relation in ("copy", "rewrite", "translation")]
    assert derived, "the three renderings of one item are copies by their text"
    for edge in derived:
        assert any("both carry the identifier" in line for line in edge.evidence), edge.evidence


def test_scan_rows_carry_the_metadata_evidence(tmp_path: Path, fast_checker: Checker) -> None:
    from drift.archive.scan import compare_task, empty_row

    source = g2(tmp_path / "v1.xml", STORY)
    copy = g2(tmp_path / "v2.xml", STORY[:3], version=2, signal="sig:update")
    row = compare_task(str(copy), None, str(source), 0.9, fast_checker)
    assert row["error"] is None and row["relation"] == "copy"
    assert "update of the same story" in row["metadata"] and "marked as an update" in row["metadata"]
    plain = tmp_path / "plain.txt"
    plain.write_text(" ".join(STORY), encoding="utf-8")
    assert compare_task(str(plain), None, str(plain), 1.0, fast_checker)["metadata"] == ""
    assert empty_row("x", None, None)["metadata"] == ""
