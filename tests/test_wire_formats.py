"""IPTC wire formats: NewsML-G2, NITF and ninjs read into text, furniture and
metadata, on the real samples in ../shared/data/wire-formats, and hostile XML refused."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import assert_one_line_error, run
from referencing import Registry, Resource

from drift.errors import InputError
from drift.ingest import read_document
from drift.ingest.decode import detect_kind
from drift.ingest.wire import read_wire
from drift.values import Document

WIRE = Path(__file__).resolve().parents[2] / "shared" / "data" / "wire-formats"

pytestmark = pytest.mark.skipif(not WIRE.is_dir(), reason=f"wire-format samples not found at {WIRE}")

# (file, kind, headline, byline, dateline, first body paragraph starts, guid or uri, version)
SAMPLES = [
    (
        "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml",
        "newsml",
        'Fed to halt QE to avert "bubble"',
        "By Meredith Jameson, Staff Reporter",
        None,
        "(New York, NY - October 21) Et, sent luptat luptat, commy Nim zzriureet",
        "urn:newsml:acmenews.com:20161121:US-FINANCE-FED",
        "11",
    ),
    (
        "newsml-g2/examples/LISTING_22_Sports_story_in_NewsML-G2NITF.xml",
        "newsml",
        "Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05p.m.",
        "Sports Network",
        None,
        "(Sports Network) - A pair of teams coming off big weekend sweeps",
        "tag:xmlteam.com,2016:xt.5932656-preview",
        "11",
    ),
    (
        "newsml-g2/examples/008_roundtrip_test.xml",
        "newsml",
        "Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05p.m.",
        "Sports Network",
        None,
        "(Sports Network) - With the Philadelphia Phillies picking up momentum",
        "urn:newsml:acmenews.com:20161018:US-FINANCE-FED",
        "11",
    ),
    (
        "newsml-g2/examples/CR00201_charcount.xml",
        "newsml",
        None,
        None,
        None,
        "Line one of two.",
        "simplest-test",
        None,
    ),
    (
        "newsml-g2/examples/TT_newsmlg2_sample.xml",
        "newsml",
        'Jan Guillou skriver på ny "Hamilton"-bok',
        None,
        None,
        "Jan Guillou arbetar just nu med det sista kapitlet",
        "http://tt.se/media/text/210919-janguillou-879f202b",
        "1",
    ),
    (
        "nitf/examples/NTB_nitf_sample.xml",
        "nitf",
        "Pandemien herjer på den legeløse indiske landsbygda",
        "NTB-AFP-DPA",
        "Unnao",
        None,
        "NTB5df9281a-a270-4dc5-a618-869bbc3bbca7_00",
        None,
    ),
    (
        "nitf/examples/addb_tour-down-under_nitf-extracted-from-ninjs.xml",
        "nitf",
        "Anti-doping measures at the 'Tour Down Under' will be the toughest ever",
        "By DopingWatch",
        None,
        None,
        "anti-doping-measures-at-the-tour-down-under-will-be-the-toughest-ever",
        None,
    ),
    (
        "nitf/examples/LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml",
        "newsml",
        "Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05p.m.",
        "Sports Network",
        None,
        "(Sports Network) - With the Philadelphia Phillies picking up momentum",
        None,
        None,
    ),
    (
        "ninjs/examples/1.4/ninjsExComplex1.json",
        "ninjs",
        "Captain of wrecked cruise ship on trial in Italy",
        "Paulo Santalucia and Frances d'Emilio",
        "GROSSETO, Italy (AP) --",
        "The trial of the captain of the shipwrecked Costa Concordia",
        "http://ninjs.example.com/newsitems/20130709cplx123",
        None,
    ),
    (
        "ninjs/examples/2.1/ntb_text.json",
        "ninjs",
        "Google har kjøpt giganttomt i Skien",
        "NTB",
        None,
        "IT-giganten Google har kjøpt en tomt på nærmere 2.000 mål i Skien",
        "urn:8d19cf88-b3ab-4972-8fec-1207599f2872",
        "6",
    ),
    (
        "ninjs/examples/3.0/tt_text_image_3.json",
        "ninjs",
        "Militärövning i jätteformat hålls 2023",
        None,
        None,
        "Försvar TT",
        "http://tt.se/media/text/210526-militarovning-a0f2d045",
        "1",
    ),
    (
        "ninjs/examples/3.0/20231008-anti-doping-measures-at-the-tour-down-under-will-be-the-toughest-ever"
        "-addb-ninjs-nitf.json",
        "ninjs",
        "Anti-doping measures at the 'Tour Down Under' will be the toughest ever",
        "Trond Husø, The Anti-Doping Database",
        None,
        None,
        "https://antidopingdatabase.com/news/anti-doping-measures-at-the-tour-down-under-will-be-the-toughest-ever",
        "2",
    ),
    # One article rendered in three ninjs versions: the same fields from each.
    *(
        (
            f"ninjs/examples/{version}/005_complex_text_article.json",
            "ninjs",
            "Captain of wrecked cruise ship on trial in Italy",
            "Paulo Santalucia and Frances d'Emilio",
            "GROSSETO, Italy (AP) --",
            "The trial of the captain of the shipwrecked Costa Concordia",
            "http://ninjs.example.com/newsitems/20130709med123",
            None,
        )
        for version in ("1.6", "2.2", "3.1")
    ),
]


def _clean(doc: Document, kind: str) -> str | None:
    """The readable text of the first furniture item of ``kind``."""
    for item in doc.furniture:
        if item.kind == kind:
            for sent in doc.sentences:
                if sent.start == item.start and sent.end == item.end:
                    return sent.plain
            return _readable(doc, item.start, item.end)
    return None


def _readable(doc: Document, start: int, end: int) -> str:
    """A furniture item's text without markup or escapes, as the reader saw it."""
    kind = detect_kind(doc.path, doc.text)
    article, _ = read_wire(doc.text, doc.path, kind)  # type: ignore[arg-type]
    view = article.view
    chars = [
        c for c, a, b in zip(view.text_parts, view.starts, view.ends, strict=True) if start <= a and b <= end
    ]
    return "".join(chars).strip()


@pytest.mark.parametrize(
    ("name", "kind", "headline", "byline", "dateline", "body", "guid", "version"),
    SAMPLES,
    ids=[Path(s[0]).parent.name + "/" + Path(s[0]).stem[:30] for s in SAMPLES],
)
def test_sample_reads(
    name: str,
    kind: str,
    headline: str | None,
    byline: str | None,
    dateline: str | None,
    body: str | None,
    guid: str | None,
    version: str | None,
) -> None:
    path = WIRE / name
    doc = read_document(str(path))
    assert detect_kind(str(path), doc.text) == kind
    assert _clean(doc, "headline") == headline
    assert _clean(doc, "byline") == byline
    assert _clean(doc, "dateline") == dateline
    body_sentences = [s for s in doc.sentences if doc.furniture_kind(s.index) is None]
    assert body_sentences, "no body text"
    if body is not None:
        lead = " ".join(s.plain for s in body_sentences)
        assert lead.startswith(body), lead[:200]
    identity = doc.metadata.get("guid", doc.metadata.get("uri", doc.metadata.get("doc-id")))
    assert identity == guid
    assert doc.metadata.get("version") == version
    for sent in doc.sentences:
        assert doc.text[sent.start : sent.end] == sent.text
        if sent.char_map is not None and sent.clean is not None:
            for c, pos in zip(sent.clean, sent.char_map, strict=True):
                raw = doc.text[pos]
                assert c == raw or c == " " or raw in "&\\", (c, raw, pos)
    for item in doc.furniture:
        assert doc.text[item.start : item.end] == item.text


def test_nitf_body_and_docdata() -> None:
    doc = read_document(str(WIRE / "nitf/examples/NTB_nitf_sample.xml"))
    assert doc.metadata["du-key"] == "india-korona-bygd"
    assert doc.metadata["doc-id.regsrc"] == "NTB"
    assert doc.sentences[1].plain.startswith("Koronapandemien herjer også i landsbyer")
    assert "hl2" not in "".join(s.plain for s in doc.sentences)


def test_newsml_provenance() -> None:
    doc = read_document(str(WIRE / "newsml-g2/examples/008_roundtrip_test.xml"))
    assert doc.metadata["signal"] == ("sig:update",)
    assert doc.metadata["versionCreated"] == "2018-10-21T16:25:32-05:00"
    assert doc.metadata["headline"] == 'Fed to halt QE to avert "bubble"'
    listing2 = read_document(str(WIRE / "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml"))
    assert listing2.metadata["infoSource"] == ("Associated Press",)


def test_hop_history_and_dateline_fragments() -> None:
    hops = WIRE / "newsml-g2/examples/LISTING_29_Hop_History.xml"
    article, root = read_wire(hops.read_text(encoding="utf-8"), str(hops), "newsml")
    assert root == "newsItem"
    history = article.metadata["hopHistory"]
    assert isinstance(history, tuple) and len(history) == 4
    with pytest.raises(InputError, match=r"^\[E038\] .*no article text"):
        read_document(str(hops))
    fragment = WIRE / "newsml-g2/examples/LISTING_28_Illustrating_Located_Subject_and_Dateline.xml"
    article, _ = read_wire(fragment.read_text(encoding="utf-8"), str(fragment), "newsml")
    text = article.view.text()
    assert [text[a:b] for k, a, b in article.blocks if k == "dateline"] == ["MOSCOW, Monday (Reuters)"]


def test_package_is_refused_clearly() -> None:
    with pytest.raises(InputError, match=r"^\[E038\] .*packageItem.*itemRef"):
        read_document(str(WIRE / "newsml-g2/examples/LISTING_6_Simple_NewsML-G2_Package.xml"))


def _ninjs_validator(version: str) -> Any:
    """IPTC's ninjs JSON Schema for ``version``, from the shared folder (not on PyPI)."""
    schemas = WIRE / "ninjs" / "schema"
    schema = json.loads((schemas / f"ninjs-schema_{version}.json").read_text(encoding="utf-8"))
    geojson = json.loads((schemas / "GeoJSON-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(geojson["$id"], Resource.from_contents(geojson))
    return jsonschema.validators.validator_for(schema)(schema, registry=registry)


@pytest.mark.parametrize(
    "path", sorted((WIRE / "ninjs" / "examples").glob("*/*.json")), ids=lambda p: p.name[:30]
)
def test_ninjs_samples_are_valid_by_iptc_schema(path: Path) -> None:
    """The structural check accepts what IPTC's own schema accepts (tests only: the
    schemas ship in no PyPI package, so drift cannot validate against them at run time)."""
    errors = list(
        _ninjs_validator(path.parent.name).iter_errors(json.loads(path.read_text(encoding="utf-8")))
    )
    assert not errors, [e.message for e in errors[:3]]
    assert read_document(str(path)).metadata["uri"]


def test_ninjs_structure_is_checked(tmp_path: Path) -> None:
    item = {"uri": "urn:x", "headlines": "not a list", "bodies": []}
    assert list(_ninjs_validator("3.1").iter_errors(item)), "IPTC's schema rejects it too"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(item), encoding="utf-8")
    with pytest.raises(InputError, match=r"^\[E037\] .*'headlines' must be a list"):
        read_document(str(bad))


def test_ninjs_escapes_map_to_the_file(tmp_path: Path) -> None:
    data = {
        "uri": "urn:x",
        "headline": "Caf\u00e9 \U0001f600 opens",
        "body_text": 'He said "yes".\nIt rained.',
    }
    path = tmp_path / "item.json"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    doc = read_document(str(path))
    assert [s.plain for s in doc.sentences] == ["Café \U0001f600 opens", 'He said "yes".', "It rained."]
    head = doc.sentences[0]
    assert head.char_map is not None
    assert doc.text[head.char_map[3] : head.char_map[4]] == "\\u00e9"
    assert doc.text[head.char_map[5] : head.char_map[6]] == "\\ud83d\\ude00"


def test_check_sample_against_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = str(WIRE / "ninjs/examples/2.2/005_complex_text_article.json")
    copy = str(WIRE / "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml")
    result = run("--no-lm", "--format", "json", source, source, copy)
    assert result.exit_code in (0, 1), (result.stdout, result.stderr)
    report = json.loads(result.stdout)
    same = report["comparisons"][0]
    assert all(p["status"] == "identical" for p in same["pairs"]), same["pairs"]
    assert report["documents"][0]["metadata"]["uri"] == "http://ninjs.example.com/newsitems/20130709med123"
    assert report["documents"][2]["metadata"]["infoSource"] == ["Associated Press"]


# ----------------------------------------------------------------------------- hostile XML

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE nitf [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 2 else "") + ";") * 10}">\n' for i in range(2, 10)
    )
    + "]>\n<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>\n"
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE nitf [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
    "<nitf><body><body.content><p>Leak: &xxe;</p></body.content></body></nitf>\n"
)
REMOTE_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE nitf [ <!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> '
    "%remote; ]>\n<nitf><body><body.content><p>A paragraph of text here.</p></body.content></body></nitf>\n"
)
INTERNAL_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE nitf [ <!ATTLIST p class CDATA "injected"> ]>\n'
    "<nitf><body><body.content><p>A paragraph of text here.</p></body.content></body></nitf>\n"
)
BROKEN = "<nitf><body><body.content><p>Broken</body></nitf>\n"


@pytest.mark.parametrize(
    ("xml", "code", "mention"),
    [
        (LAUGHS, "E034", "billion-laughs"),
        (LAUGHS.replace("]>", "<!-- " + "padding " * 2000 + "-->\n]>"), "E034", "billion-laughs"),
        (XXE, "E035", "file:///etc/passwd"),
        (REMOTE_DTD, "E035", "http://example.invalid/evil.dtd"),
        (INTERNAL_DTD, "E036", "internal DTD subset"),
        (BROKEN, "E033", "cannot parse the NITF XML"),
    ],
    ids=[
        "billion-laughs",
        "billion-laughs-long-dtd",
        "external-entity",
        "remote-dtd",
        "internal-dtd",
        "malformed",
    ],
)
def test_hostile_xml_is_refused(here: Path, xml: str, code: str, mention: str) -> None:
    (here / "wire.xml").write_text(xml, encoding="utf-8")
    started = time.monotonic()
    result = run("--no-lm", "-q", "source.txt", "wire.xml")
    assert time.monotonic() - started < 30
    line = assert_one_line_error(result, 2, f"[{code}]", "wire.xml", mention)
    assert "root:" not in line


def test_external_dtd_reference_is_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "item.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "/etc/passwd">\n<nitf><body><body.content>'
        "<p>Bread &amp; butter <![CDATA[<costs>]]> rose at the caf&#xE9;&#128;.</p><!-- note --><p>Two.</p>"
        "</body.content></body></nitf>\n",
        encoding="utf-8",
    )
    doc = read_document(str(path))
    assert [s.plain for s in doc.sentences] == ["Bread & butter <costs> rose at the café\x80.", "Two."]
    assert doc.sentences[0].text == "Bread &amp; butter <![CDATA[<costs>]]> rose at the caf&#xE9;&#128;."


def test_deep_nesting_is_refused_not_a_crash(tmp_path: Path) -> None:
    deep = tmp_path / "deep.xml"
    deep.write_text(
        "<nitf><body><body.content><p>Text."
        + "<b>" * 5000
        + "x"
        + "</b>" * 5000
        + "</p></body.content></body></nitf>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"^\[E033\] .*Excessive depth"):
        read_document(str(deep))
    nested = tmp_path / "deep.json"
    nested.write_text(
        '{"uri": "u", "headline": "A headline", "x": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8"
    )
    read_document(str(nested))


def test_newsml_xhtml_body_takes_headline_byline_dateline_from_content_meta(tmp_path: Path) -> None:
    item = tmp_path / "item.xml"
    item.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:1" version="3"\n'
        '    standard="NewsML-G2">\n'
        "  <itemMeta><versionCreated>2024-01-02T03:04:05Z</versionCreated>"
        '<signal qcode="sig:correction"/></itemMeta>\n'
        "  <contentMeta><headline>Storm hits the coast</headline><by>By Ana Lima</by>"
        "<dateline>LISBON, Jan 2 (Wire)</dateline></contentMeta>\n"
        '  <contentSet><inlineXML contenttype="application/xhtml+xml">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Winds of 120 km/h closed the port.</p>'
        "<p>Ferries stayed in harbour on Tuesday.</p></body></html></inlineXML></contentSet>\n"
        "</newsItem>\n",
        encoding="utf-8",
    )
    doc = read_document(str(item))
    assert [s.plain for s in doc.sentences] == [
        "Storm hits the coast",
        "Winds of 120 km/h closed the port.",
        "Ferries stayed in harbour on Tuesday.",
    ]
    assert [(f.kind, f.text) for f in doc.furniture] == [
        ("headline", "Storm hits the coast"),
        ("byline", "By Ana Lima"),
        ("dateline", "LISBON, Jan 2 (Wire)"),
    ]
    assert doc.metadata["signal"] == ("sig:correction",)
    assert doc.metadata["version"] == "3"


def test_hostile_prolog_is_classified_in_linear_time() -> None:
    started = time.monotonic()
    assert detect_kind("x.xml", "<?a?>" * 20_000 + "!") != "nitf"
    assert detect_kind("x.xml", "<?a?>" * 5_000 + "<nitf/>") == "nitf"
    assert time.monotonic() - started < 2
