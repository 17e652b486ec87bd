"""Who copied whom: siblings, copies of copies, independent texts on one event, weak direction."""

from __future__ import annotations

import pytest

from drift.ingest import document_from_text
from drift.pipeline import Checker
from drift.provenance import Tracer
from drift.provenance.evidence import copied_wording, tokens, topic_words
from drift.provenance.relation import COPIED_MIN
from drift.values import Document

SOURCE = [
    "The city council voted on Tuesday to close the old harbour bridge for urgent repairs.",
    "Engineers found deep cracks in two of the steel supports during a routine inspection last month.",
    "The work will cost about 12 million euros and should last until the middle of the spring.",
    "Mayor Anna Berg said the decision was painful but necessary for the safety of every driver.",
    "Ferries will run every twenty minutes from both banks while the bridge stays closed.",
    "Shop owners near the harbour fear a sharp drop in trade during the long winter months.",
    "The bridge was opened in 1962 and now carries about 30,000 vehicles on a busy day.",
    "A second crossing further north has been planned for a decade but never funded.",
    "Cyclists will be allowed to push their bikes across a narrow walkway on the east side.",
    "The council will publish a full timetable for the repairs at its next meeting.",
]
# Five reports of the same event, each written without the others: the same names, figures
# and topic words, no sentence taken from another.
REPORTS = [
    [
        "Councillors agreed on Tuesday that the harbour bridge must shut for repairs.",
        "Cracks were spotted in two steel supports, Mayor Anna Berg told reporters.",
        "Fixing the bridge is expected to cost 12 million euros.",
        "Traders near the harbour worry about losing customers.",
    ],
    [
        "The harbour bridge will close after a council vote on Tuesday.",
        "Anna Berg, the mayor, called the repairs painful yet unavoidable.",
        "Inspectors had discovered cracked steel supports under the bridge.",
        "The bill for the repairs could reach 12 million euros.",
    ],
    [
        "Drivers will lose the harbour bridge for months, the council decided on Tuesday.",
        "Its steel supports are cracked, according to engineers hired by the city.",
        "Mayor Anna Berg put the cost of the repairs at 12 million euros.",
        "Ferry crews expect many more passengers while the bridge is shut.",
    ],
    [
        "On Tuesday the council ordered the harbour bridge closed.",
        "Two cracked steel supports were found by engineers, said Mayor Anna Berg.",
        "The city has set aside 12 million euros for the repairs.",
        "The bridge, opened in 1962, is used by thousands of commuters.",
    ],
    [
        "A council vote on Tuesday means the harbour bridge shuts next week.",
        "Anna Berg, the city's mayor, blamed cracks in the steel supports.",
        "Officials estimate the repairs at 12 million euros over the winter.",
        "Harbour businesses say a closure will hurt them badly.",
    ],
]


def doc(doc_id: str, sentences: list[str]) -> Document:
    d = document_from_text(doc_id, "\n\n".join(sentences) + "\n")
    return Document(doc_id, f"{doc_id}.txt", d.sha256, d.text, d.sentences)


@pytest.fixture
def tracer(fast_checker: Checker) -> Tracer:
    return Tracer(fast_checker, lexical=False)


def derived(result) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(e.parent, e.child) for e in result.edges if e.relation != "related"}


def test_two_copies_of_the_same_passage_are_siblings_not_parent_and_child(tracer: Tracer) -> None:
    source = doc("source", SOURCE)
    first = doc("first", [s.replace("urgent", "pressing") for s in SOURCE[:6]])
    second = doc("second", [s.replace("routine", "regular") for s in SOURCE[3:9]])
    result = tracer.trace([first, second, source])
    assert derived(result) == {("source", "first"), ("source", "second")}
    assert result.roots == ("source",)


def test_a_copy_of_a_copy_hangs_on_the_copy(tracer: Tracer) -> None:
    source = doc("source", SOURCE)
    edited = [
        s.replace("urgent", "pressing").replace("sharp drop", "steep fall").replace("decade", "generation")
        for s in SOURCE[:9]
    ]
    copy = doc("copy", edited)
    copy_of_copy = doc("again", [s.replace("twenty", "thirty") for s in edited])
    result = tracer.trace([copy_of_copy, source, copy])
    assert derived(result) == {("source", "copy"), ("copy", "again")}
    assert result.roots == ("source",)
    edge = next(e for e in result.edges if e.child == "again")
    assert any("a child keeps its parent's changes" in line for line in edge.evidence)


def test_independent_reports_of_one_event_are_not_derived(tracer: Tracer) -> None:
    docs = [doc(f"report{k}", r) for k, r in enumerate(REPORTS)]
    topic = topic_words([tokens(d) for d in docs])
    assert {"bridge", "harbor", "repairs"} <= topic  # from the set itself (house style: harbor)
    for a in docs:
        for b in docs:
            if a is not b:
                assert copied_wording(tokens(a), tokens(b), topic).share < COPIED_MIN
    result = tracer.trace(docs)
    assert derived(result) == set()
    assert set(result.roots) == {d.id for d in docs}
    assert all(any("written independently" in line for line in e.evidence) for e in result.edges)


def test_a_copy_found_by_trimming_the_topic_is_still_a_copy(tracer: Tracer) -> None:
    docs = [doc(f"report{k}", r) for k, r in enumerate(REPORTS)]
    copy = doc("copy", REPORTS[2][:3])
    result = tracer.trace([*docs, copy])
    assert derived(result) == {("report2", "copy")}


def test_weak_direction_is_said_and_lowers_the_confidence(tracer: Tracer) -> None:
    original = doc("original", SOURCE)
    changed = doc("changed", [s.replace("twenty", "thirty") for s in SOURCE])
    trimmed = doc("trimmed", SOURCE[:6])
    weak = tracer.trace([original, changed]).edges[0]
    strong = tracer.trace([original, trimmed]).edges[0]
    assert weak.relation == strong.relation == "copy"
    assert any("direction evidence is weak" in line for line in weak.evidence)
    assert not any("direction evidence is weak" in line for line in strong.evidence)
    assert weak.confidence < strong.confidence


# The first six sentences of SOURCE, each reworded and none near-verbatim: a parallel
# rendering in which neither text holds content the other lacks.
REWORDED = [
    "On Tuesday the city council voted to shut the old harbour bridge for urgent repair work.",
    "During a routine inspection last month, engineers discovered deep cracks in two of the steel supports.",
    "The work is going to cost about 12 million euros and should last until the middle of spring.",
    "Mayor Anna Berg said that the decision was painful but needed for the safety of all drivers.",
    "While the bridge stays shut, ferries will run from both banks every twenty minutes.",
    "Shop owners near the harbour are afraid of a sharp fall in trade in the long winter months.",
]


def test_a_parallel_rendering_is_derived_when_the_source_is_given(tracer: Tracer) -> None:
    source, reworded = doc("source", SOURCE[:6]), doc("reworded", REWORDED)
    (edge,) = tracer.trace([reworded, source]).edges
    assert edge.relation == "related" and any("siblings" in line for line in edge.evidence)
    relation, evidence = tracer.relation(source, reworded)
    assert relation == "rewrite"
    assert any("source was given as the source" in line for line in evidence)


def test_scan_and_trace_share_the_classifier(tracer: Tracer) -> None:
    docs = [doc(f"report{k}", r) for k, r in enumerate(REPORTS)]
    relation, evidence = tracer.relation(docs[0], docs[1])
    assert relation == "related" and evidence
    source, first = doc("source", SOURCE), doc("first", SOURCE[:6])
    assert tracer.relation(source, first)[0] == "copy"
    assert {(e.parent, e.child, e.relation) for e in tracer.trace([source, first]).edges} == {
        ("source", "first", "copy")
    }
