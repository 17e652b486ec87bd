"""Tests for drift.ingest.documents: decoding, kinds, boilerplate, HTML/Markdown mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.errors import InputError
from drift.ingest import decode_bytes, detect_kind, load_documents, read_document
from drift.ingest.furniture import BOILERPLATE_CUES, is_boilerplate
from drift.values import Document

ARTICLE = "The council approved the new budget on Monday. Spending on parks will rise.\n"


def _write(tmp_path: Path, name: str, data: str | bytes) -> str:
    target = tmp_path / name
    if isinstance(data, str):
        target.write_text(data, encoding="utf-8", newline="")
    else:
        target.write_bytes(data)
    return str(target)


def _check_offsets(doc: Document) -> None:
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
        if s.char_map is not None and s.clean is not None:
            assert len(s.char_map) == len(s.clean)
            assert list(s.char_map) == sorted(s.char_map)
            for ch, pos in zip(s.clean, s.char_map, strict=True):
                src = doc.text[pos]
                assert src == ch or (ch.isspace() and src.isspace()) or src == "&"


def _texts(doc: Document) -> list[str]:
    _check_offsets(doc)
    return [s.plain for s in doc.sentences]


def _code(exc: pytest.ExceptionInfo[InputError]) -> str:
    return str(exc.value)[1:5]


# --------------------------------------------------------------------------- decoding


def test_utf8(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "story.txt", "Café owners protested on Friday. They won."))
    assert doc.id == "story"
    assert _texts(doc) == ["Café owners protested on Friday.", "They won."]
    assert len(doc.sha256) == 64


def test_utf8_bom_is_not_in_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", b"\xef\xbb\xbf" + ARTICLE.encode())
    doc = read_document(path)
    assert doc.text == ARTICLE
    assert doc.sentences[0].start == 0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    doc = read_document(_write(tmp_path, "a.txt", bom + ARTICLE.encode(codec)))
    assert doc.text == ARTICLE
    assert len(doc.sentences) == 2


def test_cp1252_fallback() -> None:
    raw = "The café in Zürich raised prices by 5 € — “too much”, said a regular customer.".encode("cp1252")
    text = decode_bytes(raw, path="x.txt")
    assert "café" in text
    assert "€" in text


def test_undecodable_is_clear_error() -> None:
    with pytest.raises(InputError) as exc:
        decode_bytes(bytes(range(0x80, 0x100)) * 8 + b"\x01" * 3, path="x.txt")
    assert _code(exc) in {"E005", "E006"}


def test_crlf_kept_in_text(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "a.txt", "Floods close road\r\nThe road shut at dawn.\r\n"))
    assert "\r\n" in doc.text
    assert _texts(doc) == ["Floods close road", "The road shut at dawn."]


# --------------------------------------------------------------------------- errors


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_document(_write(tmp_path, "a.txt", b""))
    assert _code(exc) == "E004"


def test_whitespace_only(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_document(_write(tmp_path, "a.txt", " \n\t\r\n  "))
    assert _code(exc) == "E004"


def test_binary_with_nul(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_document(_write(tmp_path, "a.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20))
    assert _code(exc) == "E005"


def test_binary_control_chars(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_document(_write(tmp_path, "a.bin", b"\x01\x02\x03abc\x04\x05" * 50))
    assert _code(exc) == "E005"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_document(str(tmp_path))
    assert _code(exc) == "E002"


def test_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_document(str(tmp_path / "nope.txt"))
    assert _code(exc) == "E001"
    assert "\n" not in str(exc.value)


def test_too_big(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE * 10)
    with pytest.raises(InputError) as exc:
        read_document(path, max_bytes=100)
    assert _code(exc) == "E008"


def test_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)

    def fail(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("drift.ingest.decode.os.open", fail)
    with pytest.raises(InputError) as exc:
        read_document(path)
    assert _code(exc) == "E003"


def test_only_boilerplate(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_document(_write(tmp_path, "a.txt", "Subscribe to our newsletter\nSource link\n"))
    assert _code(exc) == "E007"


def test_html_without_text(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_document(_write(tmp_path, "a.html", "<html><body><img src='x.png'></body></html>"))
    assert _code(exc) == "E009"


# --------------------------------------------------------------------------- plain text


def test_one_sentence_document(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "one.txt", "The lighthouse was repainted."))
    assert _texts(doc) == ["The lighthouse was repainted."]


def test_date_stamp_prefix_is_cut(tmp_path: Path) -> None:
    text = " date 2023-05-14 Farmers blocked the motorway on Sunday. Police watched.\n"
    doc = read_document(_write(tmp_path, "a.txt", text))
    assert _texts(doc)[0] == "Farmers blocked the motorway on Sunday."


@pytest.mark.parametrize(
    "prefix",
    [
        "2023-05-14 ",
        "Published: 14 May 2023 | ",
        "Updated: May 14, 2023 10:30 am EST — ",
        "Posted on 14/05/2023 - ",
    ],
)
def test_other_date_stamps(tmp_path: Path, prefix: str) -> None:
    doc = read_document(_write(tmp_path, "a.txt", prefix + "Farmers blocked the motorway.\n"))
    assert _texts(doc) == ["Farmers blocked the motorway."]


def test_date_only_line_dropped(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "a.txt", "Published: 3 June 2022\nThe ferry sank near the pier.\n"))
    assert _texts(doc) == ["The ferry sank near the pier."]


def test_boilerplate_lines_dropped_headline_kept(tmp_path: Path) -> None:
    text = (
        "Ferry service returns to the islands\n"
        "\n"
        "Start your free trial today\n"
        "Passengers boarded at the old pier. The trip took an hour.\n"
        "Passengers wait at the harbour. Photo: Harbour Times\n"
        "Lena Ortiz | Coastal Press | Stock Images\n"
        "OSLO, NORWAY – MARCH 3: Passengers queue at the pier on March 3, 2021.\n"
        "Sign up for our morning newsletter\n"
        "Operators expect 400 travellers a day.\n"
        "Share this article\n"
        "Read more: Island schools reopen\n"
        "Source link\n"
    )
    doc = read_document(_write(tmp_path, "a.txt", text))
    assert _texts(doc) == [
        "Ferry service returns to the islands",
        "Passengers boarded at the old pier.",
        "The trip took an hour.",
        "Operators expect 400 travellers a day.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Soldiers at the checkpoint. Image: Getty Images",
        "Crowds gather in the square (AP Photo/Jan Kowalski)",
        "Credit: Reuters/Ana Costa",
        "Unlock the full story for free",
        "Register now to keep reading",
        "Advertisement",
        "Read more",
    ],
)
def test_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ferry service returns to the islands",
        "Voters in the north went to the polls on Sunday and turnout was high.",
        "The agency said its photographers had been detained for two days in the capital.",
        "BERLIN: The coalition agreed a budget late on Thursday.",
    ],
)
def test_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_cues_are_generic_constant() -> None:
    assert BOILERPLATE_CUES.cta_words
    assert "generic" in (type(BOILERPLATE_CUES).__doc__ or "").lower()


# --------------------------------------------------------------------------- kinds


def test_detect_kind() -> None:
    assert detect_kind("a.html", "plain words") == "html"
    assert detect_kind("a.md", "# Title") == "markdown"
    assert detect_kind("a.txt", "plain words") == "text"
    assert detect_kind("a.txt", "<!DOCTYPE html><html><body></body></html>") == "html"
    assert detect_kind("a", "<p>a</p><p>b</p><p>c</p>") == "html"


# --------------------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Harbour news</title>
<script>var s = "<p>Hidden script sentence here.</p>";</script>
<style>p { color: red; }</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Storm closes the harbour</h1>
<p>The harbour closed at 6 a.m. on Tuesday, the port authority said. Boats from Smith &amp; Daughters
stayed in <b>dry</b> dock.</p>
<script>document.write("Injected script sentence.");</script>
<p>“We have never seen waves like this,” said Capt. Rowe. Winds reached 110&nbsp;km/h &#8212; a record.</p>
<p>The authority expects to reopen the port on Thursday once the sea calms down.</p>
</article>
<footer><p>Subscribe to our newsletter</p></footer>
</body></html>
"""


def test_html_extraction_and_offsets(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "page.html", HTML_PAGE))
    texts = _texts(doc)
    assert texts[0] == "Storm closes the harbour"
    assert "The harbour closed at 6 a.m. on Tuesday, the port authority said." in texts
    assert "Boats from Smith & Daughters stayed in dry dock." in texts
    assert "Winds reached 110 km/h — a record." in texts
    assert not any("script" in t.lower() or "Subscribe" in t for t in texts)
    for s in doc.sentences:
        assert "<" not in s.plain and "&amp;" not in s.plain


def test_html_inline_tag_and_entity_mapping(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "page.html", HTML_PAGE))
    sent = next(s for s in doc.sentences if s.plain.startswith("Boats"))
    assert "<b>dry</b>" in sent.text
    assert "&amp;" in sent.text
    assert sent.clean is not None
    amp = sent.clean.index("&")
    start, end = sent.doc_offsets(amp, amp + 1)
    assert doc.text[start : start + 5] == "&amp;"
    word = sent.clean.index("dry")
    start, end = sent.doc_offsets(word, word + 3)
    assert doc.text[start:end] == "dry"


def test_html_entity_at_sentence_end(tmp_path: Path) -> None:
    page = "<html><body><article><p>" + "The mayor opened the new library on Saturday morning. " * 3
    page += "Everyone said it was &quot;wonderful&quot;</p></article></body></html>"
    doc = read_document(_write(tmp_path, "p.html", page))
    last = doc.sentences[-1]
    assert last.text.endswith("&quot;")
    assert last.plain.endswith('"')


def test_html_sniffed_from_txt(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "page.txt", HTML_PAGE))
    assert "Storm closes the harbour" in _texts(doc)


def test_html_fallback_to_paragraphs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    page = "<html><body><div>Menu</div><p>Tiny <i>page</i>.</p><p>Second one.</p></body></html>"
    doc = read_document(_write(tmp_path, "p.html", page))
    assert _texts(doc) == ["Tiny page.", "Second one."]


def test_html_crlf_offsets(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "crlf.html", HTML_PAGE.replace("\n", "\r\n")))
    assert "Boats from Smith & Daughters stayed in dry dock." in [" ".join(t.split()) for t in _texts(doc)]


# --------------------------------------------------------------------------- Markdown

MARKDOWN = """# Storm *closes* the harbour

The harbour closed at **6 a.m.** on Tuesday, see the [port site](https://port.example/a_(b)).
![boats in the harbour](boats.jpg)
Crews used `winch_2` to lift the boats.

> "We have never seen waves like this," said Capt. Rowe.

- snake_case names stay intact
- The port reopens on Thursday.

---
Sign up for our newsletter
"""


def test_markdown(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "story.md", MARKDOWN))
    assert _texts(doc) == [
        "Storm closes the harbour",
        "The harbour closed at 6 a.m. on Tuesday, see the port site.",
        "Crews used winch_2 to lift the boats.",
        '"We have never seen waves like this," said Capt. Rowe.',
        "snake_case names stay intact",
        "The port reopens on Thursday.",
    ]
    heading = doc.sentences[0]
    assert heading.text == "Storm *closes* the harbour"
    assert doc.sentences[3].clean is None


# --------------------------------------------------------------------------- ids


def test_id_collision(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    paths = [
        _write(tmp_path / "one", "story.txt", ARTICLE),
        _write(tmp_path / "two", "story.txt", ARTICLE),
        _write(tmp_path, "story.md", ARTICLE),
        _write(tmp_path, "other.txt", ARTICLE),
    ]
    docs = load_documents(paths)
    assert [d.id for d in docs] == ["story", "story-2", "story-3", "other"]
    assert docs[0].sha256 == docs[1].sha256


def test_explicit_doc_id(tmp_path: Path) -> None:
    assert read_document(_write(tmp_path, "a.txt", ARTICLE), doc_id="src").id == "src"
