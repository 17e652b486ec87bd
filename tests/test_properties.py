"""Properties that hold for any input (Hypothesis), with the fast fakes: sentence
offsets slice the decoded text, alignment covers every sentence once, findings lie
inside their sentences, the JSON report is the same on a rerun, and ``drift pairs``
gives one output line per input line."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fakes import fake_resources
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift.cli import cli
from drift.errors import DriftError
from drift.ingest import document_from_bytes, document_from_text
from drift.ingest.sentences import MAX_SENTENCE, split_sentences
from drift.pipeline import Checker
from drift.pipeline.pairs import read_pair_lines, run_pairs
from drift.report import render
from drift.values import Document

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

WORDS = [
    "the", "council", "said", "on", "Tuesday", "that", "bridge", "will", "reopen", "in", "March",
    "Mayor", "John", "Smith", "praised", "engineers", "not", "never", "may", "4", "million", "dollars",
    "45", "people", "died", "Kyiv", "Homs", "rebels", "U.S.", "Mr.", "Dr.", "a.m.", "e.g.", "café",
    "Syria’s", "—", "“We", "are", "ready,”", "(AP)", "3.5%", "£5m", "1,200", "a)", "b)", "#",
]  # fmt: skip
ENDS = [".", ".", ".", "?", "!", "", "…", ".”", ":", ";"]
BREAKS = [" ", " ", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\t", "\u00a0", "\u2028", "\u2029", "\u0085"]

sentence = st.builds(
    lambda words, end: " ".join(words).capitalize() + end,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=14),
    st.sampled_from(ENDS),
)
article = st.builds(
    lambda parts: "".join(s + b for s, b in parts),
    st.lists(st.tuples(sentence, st.sampled_from(BREAKS)), min_size=1, max_size=12),
)
noise = st.text(
    alphabet=st.sampled_from(
        [*"abcXYZ019 .!?,;:'\"“”‘’«»()[]<>|*_#`&\\-\n\r\t", "\u2028", "\u0085", "\u00a0", "é", "😀"]
    ),
    max_size=400,
)


def _as_markdown(text: str) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    return "\n\n".join(
        f"**{p}**" if n % 3 == 1 else f"[{p}](https://example.com/{n})" for n, p in enumerate(paras)
    )


def _as_html(text: str) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    return "<html><body>" + "".join(f"<p>{p} &amp; <b>x</b></p>" for p in paras) + "</body></html>"


def _offsets_exact(doc: Document) -> None:
    previous = 0
    for pos, s in enumerate(doc.sentences):
        assert s.index == pos
        assert doc.text[s.start : s.end] == s.text
        assert s.start >= previous
        assert 0 < len(s.plain) <= MAX_SENTENCE
        if s.clean is not None:
            assert s.char_map is not None and len(s.char_map) == len(s.clean)
            assert all(s.start <= i < s.end for i in s.char_map)
        previous = s.end
    for item in doc.furniture:
        assert doc.text[item.start : item.end] == item.text


@PROPERTY
@given(text=st.one_of(article, noise), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_sentence_offsets_slice_the_decoded_text(text: str, suffix: str) -> None:
    source = {".txt": text, ".md": _as_markdown(text), ".html": _as_html(text)}[suffix]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = document_from_bytes(f"case{suffix}", source.encode("utf-8"))
        except DriftError:
            return
    _offsets_exact(doc)


@PROPERTY
@given(text=st.one_of(article, noise), repeat=st.integers(1, 40))
def test_split_sentences_offsets_on_long_lines(text: str, repeat: int) -> None:
    long = (text.replace("\n", " ") + " ") * repeat
    sentences = split_sentences(long)
    for s in sentences:
        assert long[s.start : s.end] == s.text and len(s.text) <= MAX_SENTENCE


def _edit(text: str, data: st.DataObject) -> str:
    words = text.split(" ")
    for _ in range(data.draw(st.integers(0, 4))):
        if not words:
            break
        at = data.draw(st.integers(0, len(words) - 1))
        action = data.draw(st.sampled_from(["drop", "swap", "add"]))
        if action == "drop":
            del words[at]
        elif action == "swap":
            words[at] = data.draw(st.sampled_from(WORDS))
        else:
            words.insert(at, data.draw(st.sampled_from(WORDS)))
    return " ".join(words) or "Nothing left."


def _docs(source: str, copy: str) -> tuple[Document, Document] | None:
    src, cpy = document_from_text("source", source), document_from_text("copy", copy)
    return (src, cpy) if src.sentences and cpy.sentences else None


def _compared(checker: Checker, source: str, data: st.DataObject) -> tuple[Document, Document, Any] | None:
    """The source, an edited copy of it and their comparison; None when a side has no sentence."""
    docs = _docs(source, _edit(source, data))
    if docs is None:
        return None
    return (*docs, checker.compare(*docs))


@PROPERTY
@given(source=article, data=st.data())
def test_alignment_covers_every_sentence_once(
    fast_checker: Checker, source: str, data: st.DataObject
) -> None:
    compared = _compared(fast_checker, source, data)
    if compared is None:
        return
    src, cpy, comp = compared
    shared = comp.shared
    src_seen = [i for p in shared for i in p.source] + list(comp.unmatched_source)
    cpy_seen = [j for p in shared for j in p.copy] + list(comp.unmatched_copy)
    assert sorted(src_seen) == list(range(len(src.sentences)))
    assert sorted(cpy_seen) == list(range(len(cpy.sentences)))
    for p in comp.pairs:
        if not p.source:
            assert set(p.copy) <= set(comp.unmatched_copy)


@PROPERTY
@given(source=article, data=st.data())
def test_every_finding_lies_inside_its_sentences(
    fast_checker: Checker, source: str, data: st.DataObject
) -> None:
    compared = _compared(fast_checker, source, data)
    if compared is None:
        return
    src, cpy, comp = compared
    for pair in comp.pairs:
        for finding in pair.findings:
            for span, doc, indices in (
                (finding.source_span, src, pair.source),
                (finding.copy_span, cpy, pair.copy),
            ):
                if span is None:
                    continue
                assert doc.text[span.start : span.end] == span.text
                # A span may run across the join of two of its pair's own sentences (words
                # dropped where a copy merged them), never outside the pair's sentences.
                inside = [doc.sentences[i] for i in indices]
                assert any(x.start <= span.start < x.end for x in inside) and any(
                    x.start < span.end <= x.end for x in inside
                ), (finding.to_json(), [x.text for x in inside])


@PROPERTY
@given(source=article, data=st.data())
def test_json_report_is_byte_identical_on_a_rerun(
    fast_checker: Checker, source: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("rerun")
    (folder / "source.txt").write_text(source, encoding="utf-8")
    (folder / "copy.txt").write_text(_edit(source, data), encoding="utf-8")
    args = [
        "check",
        "--no-lm",
        "--format",
        "json",
        "--fail-on",
        "none",
        str(folder / "source.txt"),
        str(folder / "copy.txt"),
    ]
    first = CliRunner().invoke(cli, args, obj=fake_resources)
    second = CliRunner().invoke(cli, args, obj=fake_resources)
    assert first.exit_code == second.exit_code
    assert first.stdout_bytes == second.stdout_bytes
    docs = _docs(source, _edit(source, data))
    if docs is not None:
        result = fast_checker.check(list(docs))
        assert render("json", result) == render("json", fast_checker.check(list(docs)))


pair_line = st.one_of(
    st.builds(
        lambda pid, s, c: json.dumps({"id": pid, "source": s, "copy": c}, ensure_ascii=False),
        st.one_of(st.integers(), st.text(max_size=5), st.none()),
        article,
        article,
    ),
    st.sampled_from(
        ["", "   ", "\t", "\r", "{", "[]", "null", '{"id": 1}', '{"id": NaN, "source": "a", "copy": "b"}']
    ),
    noise.map(lambda t: t.replace("\n", " ").replace("\r", " ")),
)


@PROPERTY
@given(lines=st.lists(pair_line, max_size=8), crlf=st.booleans(), final_newline=st.booleans())
def test_pairs_gives_one_output_line_per_input_line(
    fast_checker: Checker,
    tmp_path_factory: pytest.TempPathFactory,
    lines: list[str],
    crlf: bool,
    final_newline: bool,
) -> None:
    end = "\r\n" if crlf else "\n"
    text = end.join(lines) + (end if final_newline and lines else "")
    path = tmp_path_factory.mktemp("pairs") / "in.jsonl"
    path.write_bytes(text.encode("utf-8"))
    given = text.split("\n")
    if given[-1] == "":
        given.pop()  # the empty string after the last line break is no line
    given = [line.removesuffix("\r") for line in given]
    records: list[dict[str, Any]] = list(run_pairs(fast_checker, read_pair_lines(str(path)), batch_size=3))
    assert len(records) == len(given)
    for number, (line, record) in enumerate(zip(given, records, strict=True), start=1):
        if "error" in record:
            assert f"line {number}:" in record["error"]
        else:
            assert json.loads(line)["id"] == record["id"]
        assert "\n" not in json.dumps(record, ensure_ascii=False)


def test_hypothesis_is_pinned() -> None:
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    assert '"hypothesis==6.170.17"' in pyproject.read_text(encoding="utf-8")
