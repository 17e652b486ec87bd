"""Tests for :mod:`drift.provenance.tracer` and ``drift trace``: synthetic fast cases and the seeds."""

from __future__ import annotations

import glob
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import fake_resources

from drift.cli import cli
from drift.ingest import document_from_text
from drift.pipeline import Checker
from drift.provenance import Tracer
from drift.provenance.evidence import (
    REUSED_RUN,
    date_stamp,
    fragments,
    later_weekday,
    reused_wording,
    shared_runs,
    unquoted_words,
    word_similarity,
)
from drift.report import render_trace
from drift.report.trace_report import render_svg
from drift.values import Document

SENTENCES = [
    "The city council voted on Tuesday to close the old harbour bridge for repairs.",
    "Engineers found deep cracks in two of the steel supports last month.",
    "The work will cost about 12 million euros and last until the spring.",
    "Mayor Anna Berg said the decision was painful but necessary for safety.",
    "Ferries will run every twenty minutes while the bridge is closed.",
    "Shop owners near the harbour fear a drop in trade during the winter.",
    "The bridge was opened in 1962 and carries about 30,000 vehicles a day.",
    "A second crossing further north has been planned for a decade.",
]
OTHER = [
    "Heavy rain flooded farmland across the southern valley overnight.",
    "Rescue teams moved dozens of families to a school on higher ground.",
    "Forecasters expect the river to peak on Sunday before the water recedes.",
]


# An update vs an independent story on the same event: the update keeps three of the wire
# story's sentences, edited (long runs of its wording survive), and leads on later news; the
# independent story shares the mayor's quote and the facts, every sentence written anew.
WIRE = [
    "The city council voted on Tuesday to close the old harbour bridge for repairs.",
    "Engineers found deep cracks in two of the steel supports last month.",
    'Mayor Anna Berg said: "This is painful, but safety comes first for every family in this city."',
    "The work will cost about 12 million euros and last until the spring.",
    "Ferries will run every twenty minutes while the bridge is closed.",
    "Shop owners near the harbour fear a drop in trade during the winter.",
    "The bridge was opened in 1962 and carries about 30,000 vehicles a day.",
]
UPDATE = [
    "The old harbour bridge closed to traffic on Thursday as repair crews moved in.",
    "Long queues formed at the ferry terminal before dawn, commuters said.",
    "The council voted on Tuesday to shut the bridge after engineers found deep cracks in two of "
    "the steel supports.",
    "The repairs will cost about 12 million euros and last until the spring, officials said.",
    "Ferries now run every twenty minutes while the bridge is closed to cars.",
    "A union representing the ferry crews said it would ask for extra staff.",
    "Police closed two side streets to keep lorries away from the works.",
]
INDEPENDENT = [
    "Drivers face months of detours after councillors shut the ageing harbour crossing this week.",
    'Anna Berg, the mayor, told reporters: "This is painful, but safety comes first for every family '
    'in this city."',
    "Inspectors discovered fractures in a pair of steel pillars in November.",
    "Fixing them should take until spring and cost some 12 million euros.",
    "Opened in 1962, the span is used by roughly 30,000 cars daily.",
    "Traders in the harbour district expect a lean winter.",
]


def doc(doc_id: str, sentences: list[str], prefix: str = "") -> Document:
    d = document_from_text(doc_id, prefix + "\n\n".join(sentences) + "\n")
    return Document(doc_id, f"{doc_id}.txt", d.sha256, d.text, d.sentences)


@pytest.fixture
def tracer(fast_checker: Checker) -> Tracer:
    return Tracer(fast_checker, lexical=False)


def test_helpers() -> None:
    assert date_stamp(" date 2024-12-07 Syrian rebels said") == "2024-12-07"
    assert date_stamp("no stamp here 2024-12-07") is None
    assert later_weekday({5}, {4}) == 1 and later_weekday({4}, {5}) == -1 and later_weekday(set(), {4}) == 0
    assert word_similarity("The U.S. said three", "the US said 3") == 1.0
    d = doc("x", ["Reported.", "A full sentence with several words in it."])
    assert fragments(d, [0, 1]) == ["Reported."]


def test_reused_wording_ignores_quotations() -> None:
    words = unquoted_words('He said: "We will stay here," and left; “Never,” she replied.')
    assert words == ["he", "said", None, "and", "left", None, "she", "replied"]
    # an unclosed quotation (running on into the next sentence) hides the rest
    assert unquoted_words('The mayor said "we will rebuild it all') == ["the", "mayor", "said", None]
    quote = '"This is painful, but safety comes first for every family in this city."'
    assert shared_runs(f"Mayor Berg said: {quote}", f"Berg told reporters: {quote}") == []
    runs = shared_runs(WIRE[4], UPDATE[4])
    assert runs == ["run every 20 minutes while the bridge is closed"]  # numbers normalised
    assert all(len(r.split()) >= REUSED_RUN for r in runs)
    # house style does not break a run: "U.S." and "US", "three" and "3"
    assert shared_runs(
        "A U.S.-backed alliance took the town, three sources told Reuters.",
        "In the east a US-backed alliance took the town, 3 sources told Reuters on Friday.",
    ) == ["a us backed alliance took the town 3 sources told reuters"]
    update = reused_wording([(WIRE[1], UPDATE[2]), (WIRE[3], UPDATE[3]), (WIRE[4], UPDATE[4])])
    assert update.groups == 3 and update.update
    independent = reused_wording(
        [(WIRE[i], INDEPENDENT[j]) for i, j in ((1, 2), (2, 1), (3, 3), (5, 5), (6, 4))]
    )
    assert independent.words == 0 and not independent.update
    one_phrase = reused_wording([(WIRE[4], UPDATE[4])])
    assert one_phrase.groups == 1 and not one_phrase.update  # a single coincidental phrase is not enough


def test_update_of_the_same_story_is_a_rewrite_independent_story_is_related(tracer: Tracer) -> None:
    wire, update, other = doc("wire", WIRE), doc("update", UPDATE), doc("other", INDEPENDENT)
    result = tracer.trace([update, other, wire])  # the order given does not decide
    rel = {(e.parent, e.child): e for e in result.edges}
    assert rel[("wire", "update")].relation == "rewrite"
    assert any(
        "reuses wire's wording outside quotations" in line for line in rel[("wire", "update")].evidence
    )
    assert all(e.relation == "related" for e in result.edges if "other" in (e.parent, e.child))
    assert set(result.roots) == {"wire", "other"}
    pair = tracer.trace([wire, other])
    assert [e.relation for e in pair.edges] in ([], ["related"])
    assert set(pair.roots) == {"wire", "other"}
    if pair.edges:
        assert any("written independently" in line for line in pair.edges[0].evidence)


def test_trimmed_copy_is_a_copy_of_the_longer_original(tracer: Tracer) -> None:
    original = doc("original", SENTENCES)
    trimmed = doc("trimmed", SENTENCES[:5])
    result = tracer.trace([trimmed, original])  # order given does not decide
    edges = [(e.parent, e.child, e.relation) for e in result.edges]
    assert edges == [("original", "trimmed", "copy")]
    assert result.roots == ("original",)
    edge = result.edges[0]
    assert edge.shared_sentences == 5 and 0 < edge.confidence <= 1
    assert any("trimmed or partial" in line for line in edge.evidence)


def test_unrelated_story_is_an_independent_root(tracer: Tracer) -> None:
    original = doc("original", SENTENCES)
    copy = doc("copy", SENTENCES[:6])
    other = doc("other", OTHER)
    result = tracer.trace([original, copy, other])
    assert "other" in result.roots and "original" in result.roots
    assert all(e.child != "other" or e.relation == "related" for e in result.edges)
    assert ("original", "copy") in {(e.parent, e.child) for e in result.edges}


def test_later_date_stamp_is_the_child(tracer: Tracer) -> None:
    a = doc("a", SENTENCES, prefix="date 2024-12-08\n")
    b = doc("b", SENTENCES, prefix="date 2024-12-07\n")
    result = tracer.trace([a, b])
    assert [(e.parent, e.child) for e in result.edges] == [("b", "a")]
    assert any("date stamps" in line for line in result.edges[0].evidence)


def test_inherited_changes_pick_the_intermediate_parent(tracer: Tracer) -> None:
    a = doc("a", SENTENCES)
    edited = [
        s.replace("painful", "difficult").replace("every twenty", "every thirty") for s in SENTENCES[:7]
    ]
    b = doc("b", edited)
    c = doc("c", edited[:5])
    result = tracer.trace([a, b, c])
    pairs = {(e.parent, e.child) for e in result.edges}
    assert ("a", "b") in pairs and ("b", "c") in pairs and ("a", "c") not in pairs
    assert result.roots == ("a",)


def test_graph_is_acyclic_and_json_schema(tracer: Tracer) -> None:
    docs = [doc("a", SENTENCES), doc("b", SENTENCES[1:]), doc("c", SENTENCES[2:]), doc("d", OTHER)]
    result = tracer.trace(docs)
    data = result.to_json()
    assert list(data) == ["schema", "signature", "documents", "edges", "roots"]
    assert data["schema"] == "drift-trace/1"
    for e in data["edges"]:
        assert list(e) == ["parent", "child", "relation", "confidence", "shared_sentences", "evidence"]
        assert e["relation"] in {"copy", "rewrite", "translation", "related"}
    # no cycles: a topological order exists
    indeg = {d.id: 0 for d in docs}
    for e in result.edges:
        indeg[e.child] += 1
    order, ready = [], [k for k, v in indeg.items() if v == 0]
    while ready:
        x = ready.pop()
        order.append(x)
        for e in result.edges:
            if e.parent == x:
                indeg[e.child] -= 1
                if indeg[e.child] == 0:
                    ready.append(e.child)
    assert len(order) == len(docs)


def test_renderers(tracer: Tracer) -> None:
    result = tracer.trace([doc("orig", SENTENCES), doc("copy", SENTENCES[:4])])
    svg = render_svg(result)
    assert svg.startswith("<svg") and "copy" in svg and "marker-end" in svg
    html = render_trace("html", result)
    assert "<svg" in html and "trimmed or partial" in html
    md = render_trace("markdown", result)
    assert "```mermaid" in md and "<details>" in md and "<svg" in md
    assert "orig -> copy" in render_trace("text", result)
    assert json.loads(render_trace("json", result))["roots"] == ["orig"]


def test_cli_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("\n\n".join(SENTENCES) + "\n", encoding="utf-8")
    b.write_text("\n\n".join(SENTENCES[:5]) + "\n", encoding="utf-8")
    out = tmp_path / "trace.json"
    res = CliRunner().invoke(cli, ["trace", str(a), str(b), "--no-lm", "-o", str(out)], obj=fake_resources)
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert data["edges"][0]["parent"] == "a" and data["roots"] == ["a"]
    res = CliRunner().invoke(cli, ["trace", str(a)], obj=fake_resources)
    assert res.exit_code == 2 and "E090" in res.output


@pytest.mark.model
def test_seeds_derivation_graph() -> None:
    from drift.ingest import load_documents
    from drift.pipeline import Settings

    root = Path(__file__).resolve().parent.parent / "seeds"
    docs = load_documents(sorted(glob.glob(str(root / "*.txt"))))
    result = Tracer(Checker(settings=Settings(use_lm=False))).trace(docs)
    rel = {(e.parent[:3], e.child[:3]): e.relation for e in result.edges}
    assert rel[("000", "001")] == "copy"
    assert rel[("000", "002")] == "rewrite"  # a later update of the same wire story
    assert rel[("000", "003")] == "translation"
    assert rel[("002", "003")] == "translation"
    assert all(r == "related" for (p, c), r in rel.items() if "004" in (p, c))
    assert {r[:3] for r in result.roots} == {"000", "004"}
