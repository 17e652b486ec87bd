"""Document furniture: headlines, standfirsts, bylines, datelines with agency credits and
editor's lines are recognised in text, Markdown and HTML; only headlines and standfirsts
are checked, against the whole source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import invoke

from drift.ingest import read_document
from drift.ingest.furniture import boilerplate_kind, scan_article
from drift.text.normalize import recase

BODY = (
    "A storm killed at least 12 people in coastal towns on Monday, officials said.\n\n"
    "Emergency crews from Portsmouth searched collapsed homes through the night.\n\n"
    "The regional governor, Anna Berg, said the damage would cost about 40 million pounds to repair.\n"
)
REPUBLISHED = (
    "Storm Kills At Least 12 In Coastal Towns\n\n"
    "Rescue teams worked through the night after the worst storm in a decade.\n\n"
    "By Jane Doe\n\n"
    "LONDON (Reuters) - A storm killed at least 12 people in coastal towns on Monday, officials said.\n\n"
    "Emergency crews from Portsmouth searched collapsed homes through the night.\n\n"
    "The regional governor, Anna Berg, said the damage would cost about 40 million pounds to repair.\n\n"
    "This story has been edited for length.\n\n"
    "(Reporting by Jane Doe; Editing by John Roe)\n"
)


def kinds(text: str) -> list[tuple[str, str]]:
    art = scan_article(text)
    return [(k, " ".join(text[a:b].split())) for k, a, b in art.furniture]


def test_the_furniture_of_a_republished_wire_story() -> None:
    found = kinds(REPUBLISHED)
    assert found == [
        ("headline", "Storm Kills At Least 12 In Coastal Towns"),
        ("standfirst", "Rescue teams worked through the night after the worst storm in a decade."),
        ("byline", "By Jane Doe"),
        ("dateline", "LONDON (Reuters) -"),
        ("editor_note", "This story has been edited for length."),
        ("editor_note", "(Reporting by Jane Doe; Editing by John Roe)"),
    ]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Republished from the Coastal Wire service.", "editor_note"),
        ("Editor's note: an earlier version misspelled the governor's name.", "editor_note"),
        ("This article originally appeared in The Example Times.", "editor_note"),
        ("This article was originally published by the Coastal Wire and has been edited.", "editor_note"),
        ("The report was published by the ministry on Monday.", None),
        ("The report was first published by the ministry in 2019.", None),
        ("Additional reporting by Ahmed Ali in Cairo", "editor_note"),
        ("By JANE DOE and AHMED ALI, Associated Press", "byline"),
        ("By Maria de la Cruz", "byline"),
        ("By the end of the day the water had gone.", None),
        ("Reporters by the river said the water had gone.", None),
        ("The mayor said the story was edited out of the record.", None),
    ],
)
def test_line_kinds(line: str, kind: str | None) -> None:
    assert boilerplate_kind(line) == kind


def test_a_dateline_with_a_title_case_state_before_the_agency_is_cut() -> None:
    text = "Captain on trial\nGROSSETO, Italy (AP) -- The trial began today in a theatre. It was full.\n"
    assert kinds(text) == [("headline", "Captain on trial"), ("dateline", "GROSSETO, Italy (AP) --")]
    plain = "Head line\nNATO, Russia and others - They met today for talks. More followed.\n"
    assert ("dateline", "NATO, Russia and others -") not in kinds(plain)


def test_a_dateline_with_a_date_and_an_agency_is_cut() -> None:
    text = "KYIV, June 3 (AP) — Drones struck the capital overnight, officials said.\n"
    assert kinds(text) == [("dateline", "KYIV, June 3 (AP) —")]
    assert text[scan_article(text).regions[0][0] :].startswith("Drones struck")


def test_a_first_sentence_is_not_a_headline() -> None:
    text = "Drones struck the capital overnight, officials said.\n\nThe mayor said nine people were hurt.\n"
    assert kinds(text) == []


def test_the_document_keeps_its_furniture_and_the_headline_is_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "copy.txt"
    path.write_text(REPUBLISHED, encoding="utf-8")
    doc = read_document(str(path))
    assert [f.kind for f in doc.furniture][:4] == ["headline", "standfirst", "byline", "dateline"]
    for item in doc.furniture:
        assert doc.text[item.start : item.end] == item.text
    texts = [s.text for s in doc.sentences]
    assert texts[0] == "Storm Kills At Least 12 In Coastal Towns" and doc.furniture_kind(0) == "headline"
    assert not any("Jane Doe" in t or "edited for length" in t or "Reuters" in t for t in texts)
    assert texts[2].startswith("A storm killed")


def test_markdown_and_html_furniture_points_into_the_file(tmp_path: Path) -> None:
    md = tmp_path / "copy.md"
    md.write_text("# Storm Kills 12 In Coastal Towns\n\n*By Jane Doe*\n\n" + BODY, encoding="utf-8")
    doc = read_document(str(md))
    head = doc.furniture[0]
    assert head.kind == "headline" and head.text == "Storm Kills 12 In Coastal Towns"
    assert "byline" in [f.kind for f in doc.furniture]
    page = tmp_path / "copy.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    page.write_text(
        "<html><body><article><h1>Storm Kills 12 In Coastal Towns</h1><p>By Jane Doe</p>"
        f"{paragraphs}<p>This story has been edited for length.</p></article></body></html>",
        encoding="utf-8",
    )
    doc = read_document(str(page))
    assert next(f.kind for f in doc.furniture) == "headline"
    assert "editor_note" in [f.kind for f in doc.furniture]
    for item in doc.furniture:
        assert doc.text[item.start : item.end] == item.text


def test_recase_keeps_names_and_length() -> None:
    body = "A storm killed at least 12 people in coastal towns. Anna Berg said it kills trees."
    title = "Storm Kills At Least 12 As Anna Berg Visits Coastal Towns"
    out = recase(title, body)
    assert out == "Storm kills at least 12 As Anna Berg Visits coastal towns"
    assert len(out) == len(title)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    (tmp_path / "source.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "faithful.txt").write_text(REPUBLISHED, encoding="utf-8")
    (tmp_path / "hyped.txt").write_text(REPUBLISHED.replace("At Least 12", "At Least 20"), encoding="utf-8")
    (tmp_path / "named.txt").write_text(
        REPUBLISHED.replace("In Coastal Towns", "In Brighton"), encoding="utf-8"
    )
    headline = "Storm Kills At Least 12 In Coastal Towns"
    for name, new in [
        ("reworded.txt", "Deadly Storm Batters Coastal Towns, Killing 12"),
        ("denied.txt", "Storm Does Not Kill 12 In Coastal Towns"),
    ]:
        (tmp_path / name).write_text(REPUBLISHED.replace(headline, new), encoding="utf-8")
    return tmp_path


def check(story: Path, copy: str) -> tuple[int, dict]:
    result = invoke("check", str(story / "source.txt"), str(story / copy), "--no-lm", "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_a_faithful_republication_with_its_furniture_passes(story: Path) -> None:
    code, report = check(story, "faithful.txt")
    findings = [f for c in report["comparisons"] for p in c["pairs"] for f in p["findings"]]
    assert code == 0, [f for f in findings if f["severity"] != "minor"]
    assert [f["kind"] for f in report["documents"][1]["furniture"]][:2] == ["headline", "standfirst"]


@pytest.mark.parametrize(
    ("copy", "rule", "text"),
    [("hyped.txt", "headline.number", "20"), ("named.txt", "headline.entity", "Brighton")],
)
def test_a_headline_is_checked_against_the_whole_source(story: Path, copy: str, rule: str, text: str) -> None:
    code, report = check(story, copy)
    findings = [f for c in report["comparisons"] for p in c["pairs"] for f in p["findings"]]
    hits = [f for f in findings if f["rule"] == rule]
    assert code == 1 and hits and text in hits[0]["copy_span"]["text"], findings
    assert hits[0]["type"] == "headline" and hits[0]["severity"] == "major"


def test_a_reworded_title_case_headline_raises_nothing(story: Path) -> None:
    # "Deadly", "Batters" and "Killing" are dictionary words, not names, although the source
    # never writes them: a new headline is house style.
    code, report = check(story, "reworded.txt")
    findings = [f for c in report["comparisons"] for p in c["pairs"] for f in p["findings"]]
    assert code == 0, [f for f in findings if f["severity"] != "minor"]


@pytest.mark.parametrize(("copy", "text"), [("denied.txt", "Not")])
def test_a_headline_claim_is_checked_against_its_closest_source_sentence(
    story: Path, copy: str, text: str
) -> None:
    code, report = check(story, copy)
    findings = [f for c in report["comparisons"] for p in c["pairs"] for f in p["findings"]]
    hits = [f for f in findings if f["rule"] == "headline.claim"]
    assert code == 1 and hits and hits[0]["copy_span"]["text"] == text, findings


def test_a_headline_that_says_the_opposite_is_a_claim(tmp_path: Path) -> None:
    source = (
        "Oil prices rose sharply on Monday after the cartel agreed to cut output.\n\n"
        "Traders were not surprised.\n"
    )
    copy = "Oil Prices {} Sharply After Cartel Agrees To Cut Output\n\nBy Staff Reporter\n\n" + source
    (tmp_path / "source.txt").write_text(source, encoding="utf-8")
    (tmp_path / "rise.txt").write_text(copy.format("Rise"), encoding="utf-8")
    (tmp_path / "fall.txt").write_text(copy.format("Fall"), encoding="utf-8")
    assert check(tmp_path, "rise.txt")[0] == 0
    (tmp_path / "surprised.txt").write_text(
        "Traders Surprised By Cartel Move\n\nBy Staff Reporter\n\n" + source,
        encoding="utf-8",
    )
    (tmp_path / "unsurprised.txt").write_text(
        "Traders Unsurprised By Cartel Move\n\nBy Staff Reporter\n\n" + source,
        encoding="utf-8",
    )
    code, report = check(tmp_path, "surprised.txt")
    assert code == 1, report  # "were not surprised" in the source: the headline drops the negation
    # "Unsurprised" is the antonym of a word the source negates: the same claim.
    assert check(tmp_path, "unsurprised.txt")[0] == 0
    code, report = check(tmp_path, "fall.txt")
    hits = [
        f
        for c in report["comparisons"]
        for p in c["pairs"]
        for f in p["findings"]
        if f["rule"] == "headline.claim"
    ]
    assert code == 1 and hits[0]["copy_span"]["text"] == "Fall" and "rose" in hits[0]["explanation"]


def test_recase_lowers_dictionary_words_but_not_names_beside_names() -> None:
    from drift.models.wordnet import load_wordnet

    common = load_wordnet().common
    body = "The analyst Aron Lund said the government could hold the city."
    title = "Analyst Aaron Rand Says Floods Could Reach City"
    out = recase(title, body, common=common)
    assert out == "Analyst Aaron Rand says floods could reach city"
    assert recase(title, body) == "Analyst Aaron Rand Says Floods could Reach city"


def test_recase_reads_an_irregular_form_of_a_body_word() -> None:
    from drift.models.parser import Parser
    from drift.models.wordnet import load_wordnet

    body = "More than a million people have fled fighting in the capital of Sudan."
    title = "A Million Flee Sudan Capital"
    common = load_wordnet().common
    assert recase(title, body, common=common) == "A million Flee Sudan capital"  # beside a name
    out = recase(title, body, common=common, lemmas=Parser().irregular_lemmas)
    assert out == "A million flee Sudan capital"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_human_reports_show_the_furniture(story: Path, fmt: str) -> None:
    result = invoke(
        "check", str(story / "source.txt"), str(story / "faithful.txt"), "--no-lm", "--format", fmt
    )
    assert "furniture: headline, standfirst, byline, dateline, 2 editor" in result.stdout


def test_a_dateline_after_a_short_heading_is_still_cut() -> None:
    text = (
        "Introduction\n\nLONDON (Reuters) - 1 In ten homes had no power, the company said.\n\n"
        "More text here.\n"
    )
    assert ("dateline", "LONDON (Reuters) -") in kinds(text)
