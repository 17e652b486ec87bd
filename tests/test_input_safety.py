"""Hostile input and careless hands, the input half (issue 14): what is not a regular
file, super-linear splitting, damaged UTF-8, BOM-less UTF-16, ``drift pairs`` lines,
file names that are not UTF-8, configuration typos and deep JSON.

Every case gives a clear one-line ``drift: error: [E0xx]`` with exit 2, or a correct
result; none is an internal error (exit 3).
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import SOURCE, assert_one_line_error, invoke, run
from fakes import fake_resources

from drift.cli import cli
from drift.config import check_rules, known_rules
from drift.errors import InputError, UsageError
from drift.ingest import decode_bytes, read_document
from drift.ingest.decode import InputWarning, display_path
from drift.ingest.sentences import MAX_SENTENCE, split_sentences
from drift.pipeline.pairs import parse_line, read_pair_lines

SYRIA = (
    "Syria’s rebels reached the outskirts of Homs on Friday — a city of 700,000 people.\n\n"
    "“We are at its walls,” the group said in a statement on Telegram.\n\n"
    "The government said its forces were holding the line north of the city.\n"
)


def _code(exc: pytest.ExceptionInfo[Any]) -> str:
    return str(exc.value)[1:5]


def _stdin(args: list[str], data: bytes | str) -> Result:
    return CliRunner().invoke(cli, args, input=data, obj=fake_resources)


def _report(result: Result) -> dict[str, Any]:
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# ----------------------------------------------------------------------------- not a regular file


def test_fifo_is_refused_without_opening(here: Path) -> None:
    os.mkfifo(here / "f.txt")
    for args in (("source.txt", "f.txt"), ("f.txt", "source.txt")):
        line = assert_one_line_error(run("--no-lm", *args), 2, "E060", "f.txt", "FIFO")
        assert "regular file" in line


def test_socket_is_refused(here: Path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind("s.txt")
        assert_one_line_error(run("--no-lm", "source.txt", "s.txt"), 2, "E060", "socket")
    finally:
        sock.close()


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_character_device_is_refused(here: Path, device: str) -> None:
    assert_one_line_error(run("--no-lm", "source.txt", device), 2, "E060", "character device")


def test_symlink_to_a_fifo_is_refused(here: Path) -> None:
    os.mkfifo(here / "f")
    (here / "link.txt").symlink_to("f")
    assert_one_line_error(run("--no-lm", "source.txt", "link.txt"), 2, "E060", "link.txt")


def test_symlink_loop_has_its_own_message(here: Path) -> None:
    (here / "a.txt").symlink_to("b.txt")
    (here / "b.txt").symlink_to("a.txt")
    (here / "self.txt").symlink_to("self.txt")
    for name in ("a.txt", "self.txt"):
        line = assert_one_line_error(run("--no-lm", "source.txt", name), 2, "E061", name)
        assert "no such file" not in line and "loop" in line


def test_broken_symlink_names_its_target(here: Path) -> None:
    (here / "dangling.txt").symlink_to("gone.txt")
    assert_one_line_error(run("--no-lm", "source.txt", "dangling.txt"), 2, "E062", "gone.txt")


def test_symlink_to_a_file_is_read(here: Path) -> None:
    (here / "alias.txt").symlink_to("number.txt")
    assert run("--no-lm", "-q", "source.txt", "alias.txt").exit_code == 1


def test_missing_file_in_a_missing_directory(here: Path) -> None:
    assert_one_line_error(run("--no-lm", "source.txt", "no/such/dir.txt"), 2, "E001")
    assert_one_line_error(run("--no-lm", "source.txt", "source.txt/child.txt"), 2, "E003")


def test_nonpositive_max_bytes_is_a_usage_error(here: Path) -> None:
    assert_one_line_error(run("--no-lm", "--max-bytes", "0", "source.txt", "number.txt"), 2, "E065")


# ----------------------------------------------------------------------------- standard input


def test_dash_reads_standard_input(here: Path) -> None:
    result = _stdin(["check", "--no-lm", "--format", "json", "source.txt", "-"], SOURCE.replace("4", "7"))
    report = _report(result)
    assert [d["id"] for d in report["documents"]] == ["source", "stdin"]
    assert report["documents"][1]["path"] == "<stdin>"
    assert result.exit_code == 1


def test_dash_twice_is_refused(here: Path) -> None:
    result = _stdin(["check", "--no-lm", "-", "-"], SOURCE)
    assert_one_line_error(result, 2, "E063", "2 times")


def test_empty_standard_input(here: Path) -> None:
    assert_one_line_error(_stdin(["check", "--no-lm", "source.txt", "-"], ""), 2, "E004", "<stdin>")


# ----------------------------------------------------------------------------- file names


BAD_NAME = os.fsdecode(b"bad\xffname.txt")


def test_display_path_escapes_undecodable_bytes_and_controls() -> None:
    assert display_path(BAD_NAME) == "bad\\xffname.txt"
    assert display_path("line\nbreak.txt") == "line\\nbreak.txt"
    assert display_path("plain – name.txt") == "plain – name.txt"
    assert display_path("-") == "<stdin>"


@pytest.mark.parametrize("fmt", ["json", "html", "markdown", "sarif", "junit", "text"])
def test_a_name_that_is_not_utf8_is_read_and_reported(here: Path, fmt: str) -> None:
    (here / BAD_NAME).write_text(SOURCE.replace("4 million", "7 million"), encoding="utf-8")
    suffixes = {"markdown": "md", "junit": "junit.xml", "sarif": "sarif.json", "text": "txt"}
    out = f"report.{suffixes.get(fmt, fmt)}"
    result = run("--no-lm", "source.txt", BAD_NAME, "-o", out)
    assert result.exit_code == 1, result.stderr
    written = (here / out).read_bytes().decode("utf-8")
    if fmt == "json":
        doc = json.loads(written)["documents"][1]
        assert doc["path"] == "bad\\xffname.txt" and doc["id"] == "bad\\xffname"


def test_a_missing_name_that_is_not_utf8(here: Path) -> None:
    line = assert_one_line_error(run("--no-lm", "source.txt", os.fsdecode(b"nope\xfe.txt")), 2, "E001")
    assert "nope\\xfe.txt" in line


def test_a_name_with_a_newline_gives_one_line(here: Path) -> None:
    assert_one_line_error(run("--no-lm", "source.txt", "two\nlines.txt"), 2, "E001", "two\\nlines.txt")


# ----------------------------------------------------------------------------- decoding


def test_utf8_with_a_few_bad_bytes_is_utf8_with_a_warning(here: Path) -> None:
    data = SYRIA.encode("utf-8").replace(b"Homs on", b"Homs\xff\xfe on").replace(b"north", b"no\x80rth")
    (here / "damaged.txt").write_bytes(data)
    (here / "clean.txt").write_text(SYRIA, encoding="utf-8")
    result = run("--no-lm", "--format", "json", "--fail-on", "none", "clean.txt", "damaged.txt")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("drift: warning: ")]
    assert len(warnings) == 1 and "damaged.txt" in warnings[0] and "3 byte sequences" in warnings[0]
    text = " ".join(s["text"] for s in json.loads(result.stdout)["documents"][1]["sentences"])
    assert "Syria’s" in text and "—" in text and "“We are" in text
    assert "‚Äô" not in text and "\ufffd" in text


def test_damaged_utf8_decodes_with_replacement_and_warns() -> None:
    data = SYRIA.encode("utf-8") + b"\xe2\x80"  # cut inside a dash
    with pytest.warns(InputWarning, match="1 byte sequence"):
        text = decode_bytes(data, path="cut.txt")
    assert text.startswith("Syria’s") and text.endswith("\ufffd")
    with pytest.warns(InputWarning):
        assert decode_bytes(b"\xef\xbb\xbf" + data, path="bom.txt") == text


def test_cp1252_is_still_cp1252(recwarn: pytest.WarningsRecorder) -> None:
    text = decode_bytes(SYRIA.encode("cp1252"), path="win.txt")
    assert text == SYRIA
    assert not [w for w in recwarn if issubclass(w.category, InputWarning)]


def test_latin1_with_one_accent_is_not_utf8() -> None:
    assert decode_bytes("Le café a fermé ses portes lundi.".encode("latin-1"), path="fr.txt").startswith(
        "Le café"
    )


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    assert decode_bytes(SYRIA.encode(codec), path="u16.txt") == SYRIA


def test_utf16_without_bom_through_the_cli(here: Path) -> None:
    (here / "u16.txt").write_bytes(SOURCE.encode("utf-16-le"))
    assert run("--no-lm", "-q", "source.txt", "u16.txt").exit_code == 0


def test_binary_with_nuls_is_still_binary() -> None:
    with pytest.raises(InputError) as exc:
        decode_bytes(bytes(range(256)) * 8, path="blob.bin")
    assert _code(exc) == "E005"
    with pytest.raises(InputError) as exc:
        decode_bytes(b"\x00" * 64, path="zeros.bin")
    assert _code(exc) in ("E004", "E005")


def test_odd_length_utf16_is_a_clear_error() -> None:
    with pytest.raises(InputError) as exc:
        decode_bytes(SYRIA.encode("utf-16-le") + b"x", path="odd.txt")
    assert _code(exc) == "E006"


# ----------------------------------------------------------------------------- long lines and tables


def _exact(doc_text: str, sentences: Any) -> None:
    previous = 0
    for s in sentences:
        assert doc_text[s.start : s.end] == s.text
        assert s.start >= previous and len(s.text) <= MAX_SENTENCE
        previous = s.end


def test_a_two_megabyte_line_without_a_full_stop_is_read_quickly(tmp_path: Path) -> None:
    words = "rebel forces said their advance reached the central city of Homs on Friday "
    line = (words * (2_000_000 // len(words) + 1))[:2_000_000]
    (tmp_path / "long.txt").write_text(line, encoding="utf-8")
    started = time.perf_counter()
    doc = read_document(str(tmp_path / "long.txt"))
    assert time.perf_counter() - started < 60
    _exact(doc.text, doc.sentences)
    assert len(doc.sentences) >= 2_000_000 // MAX_SENTENCE


def test_a_line_without_any_whitespace_is_cut_hard() -> None:
    text = "x" * (5 * MAX_SENTENCE + 7)
    sentences = split_sentences(text)
    _exact(text, sentences)
    assert "".join(s.text for s in sentences) == text


def test_a_long_line_of_prose_keeps_its_sentences() -> None:
    para = "The council met on Monday. Mr. Smith said the U.S. Army would help. Work starts in May. "
    text = para * 2000
    sentences = split_sentences(text)
    _exact(text, sentences)
    assert [s.text for s in sentences[:3]] == [
        "The council met on Monday.",
        "Mr. Smith said the U.S. Army would help.",
        "Work starts in May.",
    ]
    assert len(sentences) == 3 * 2000


@pytest.mark.parametrize(
    "unit",
    ["a. b. ", "“He said. ", "[a ", "<a ", "![x ", "<http:x", "<!-- x ", "&#x; ", '"a. '],
    ids=[
        "letters",
        "open-quotes",
        "brackets",
        "tags",
        "images",
        "autolinks",
        "comments",
        "charrefs",
        "quotes",
    ],
)
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_hostile_repetitions_finish(tmp_path: Path, unit: str, suffix: str) -> None:
    path = tmp_path / f"hostile{suffix}"
    path.write_text(unit * (60_000 // len(unit)), encoding="utf-8")
    started = time.perf_counter()
    try:
        doc = read_document(str(path))
    except InputError:
        pass
    else:
        _exact(doc.text, doc.sentences)
    assert time.perf_counter() - started < 60


MARKDOWN_WITH_TABLE = (
    "# Budget approved\n\n"
    "The council approved the budget on Tuesday. It passed by seven votes to two.\n\n"
    "| ward | schools | roads |\n"
    "| ---- | :-----: | ----: |\n"
    + "".join(f"| ward {n} | new roofs for {n} schools | {n} miles resurfaced |\n" for n in range(3000))
    + "\nThe mayor welcomed the vote.\n"
)


def test_a_markdown_table_is_not_prose(tmp_path: Path) -> None:
    (tmp_path / "t.md").write_text(MARKDOWN_WITH_TABLE, encoding="utf-8")
    doc = read_document(str(tmp_path / "t.md"))
    texts = [s.plain for s in doc.sentences]
    assert texts == [
        "Budget approved",
        "The council approved the budget on Tuesday.",
        "It passed by seven votes to two.",
        "The mayor welcomed the vote.",
    ]


def test_pipe_framed_rows_without_a_delimiter_are_a_table(tmp_path: Path) -> None:
    text = "The vote passed on Tuesday.\n\n| a | b |\n| c | d |\n\nThe mayor welcomed it.\n"
    (tmp_path / "t.md").write_text(text, encoding="utf-8")
    doc = read_document(str(tmp_path / "t.md"))
    assert [s.plain for s in doc.sentences] == ["The vote passed on Tuesday.", "The mayor welcomed it."]


def test_a_single_pipe_in_prose_is_prose(tmp_path: Path) -> None:
    text = "The vote passed | narrowly | on Tuesday.\n\nThe mayor welcomed it.\n"
    (tmp_path / "t.md").write_text(text, encoding="utf-8")
    assert len(read_document(str(tmp_path / "t.md")).sentences) == 2


HTML_WITH_TABLE = (
    "<html><body><article><h1>Budget approved</h1>"
    "<p>The council approved the budget on Tuesday.</p><table>"
    + "".join(f"<tr><td><p>Ward {n} gets new roofs.</p></td><td>{n} miles</td></tr>" for n in range(500))
    + "</table><p>The mayor welcomed the vote.</p></article></body></html>"
)


def test_an_html_table_is_not_prose(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text(HTML_WITH_TABLE, encoding="utf-8")
    texts = [s.plain for s in read_document(str(tmp_path / "t.html")).sentences]
    assert not any("Ward" in t for t in texts) and "The mayor welcomed the vote." in texts


def test_an_html_table_is_not_prose_without_trafilatura(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("drift.ingest.html._extract_paragraphs", lambda source: [])
    (tmp_path / "t.html").write_text(HTML_WITH_TABLE, encoding="utf-8")
    texts = [s.plain for s in read_document(str(tmp_path / "t.html")).sentences]
    assert texts == ["The council approved the budget on Tuesday.", "The mayor welcomed the vote."]


def test_an_html_tag_with_a_bracket_in_an_attribute_still_parses(tmp_path: Path) -> None:
    page = (
        '<html><body><p>The council met <b title="a<b">on Tuesday</b>.</p>'
        "<p>The mayor welcomed the vote.</p><p>It passed easily.</p></body></html>"
    )
    (tmp_path / "t.html").write_text(page, encoding="utf-8")
    texts = [s.plain for s in read_document(str(tmp_path / "t.html")).sentences]
    assert "The council met on Tuesday." in texts


# ----------------------------------------------------------------------------- drift pairs


def _pairs(*args: str, input: str | bytes | None = None) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["pairs", "--no-lm", *args], input=input, obj=fake_resources)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.split("\n")[:-1]]


GOOD = {"id": "g", "source": "The bridge reopens in March.", "copy": "The bridge reopens in March."}


def _line(**fields: Any) -> str:
    return json.dumps({**GOOD, **fields}, ensure_ascii=False)


def test_pairs_lines_split_on_newline_only(write: Any) -> None:
    separators = ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
    lines = [_line(id=n, source=f"The bridge{sep}reopens in March.") for n, sep in enumerate(separators)]
    lines.append(_line(id="last"))
    out = _pairs(write("in.jsonl", "\n".join(lines) + "\n"))
    assert [r["id"] for r in out] == [*range(len(separators)), "last"]
    assert all("status" in r for r in out), out


def test_pairs_blank_lines_get_records_with_their_numbers(write: Any) -> None:
    text = _line(id=1) + "\r\n\r\n   \n" + "{broken\n" + _line(id=5) + "\n\t\n"
    out = _pairs(write("in.jsonl", text))
    assert [r["id"] for r in out] == [1, None, None, None, 5, None]
    for number in (2, 3, 6):
        assert out[number - 1]["error"].startswith(f"[E044] line {number}: blank line")
    assert "line 4" in out[3]["error"]


def test_pairs_a_newline_only_file_is_one_blank_line(write: Any) -> None:
    assert len(_pairs(write("in.jsonl", "\n"))) == 1
    assert _pairs(write("empty.jsonl", "")) == []
    assert [r["id"] for r in _pairs(write("nonl.jsonl", _line(id=7)))] == [7]


def test_pairs_an_oversize_pair_is_its_own_error(write: Any) -> None:
    lines = [_line(id=1), _line(id=2, copy="The bridge reopens in March. " * 1000), _line(id=3)]
    out = _pairs(write("in.jsonl", "\n".join(lines)), "--max-chars", "5000")
    assert [r["id"] for r in out] == [1, 2, 3]
    assert out[1]["error"].startswith(
        "[E064] line 2: the copy has 29,000 characters, over the limit of 5,000"
    )
    assert out[0]["status"] == out[2]["status"] == "identical"


def test_pairs_default_limit_refuses_a_huge_pair(write: Any) -> None:
    lines = [_line(id=1), _line(id=2, source="word " * 1_000_000), _line(id=3)]
    out = _pairs(write("in.jsonl", "\n".join(lines)))
    assert [r["id"] for r in out] == [1, 2, 3] and "E064" in out[1]["error"]


def test_pairs_bad_bytes_spoil_only_their_line(write: Any) -> None:
    data = (
        (_line(id=1) + "\n").encode()
        + b'{"id": 2, "source": "caf\xe9", "copy": "x"}\n'
        + _line(id=3).encode()
    )
    out = _pairs(write("in.jsonl", data))
    assert [r["id"] for r in out] == [1, None, 3]
    assert "line 2: not valid UTF-8" in out[1]["error"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": NaN, "source": "a b.", "copy": "a b."}', "NaN"),
        ('{"id": 1e400, "source": "a b.", "copy": "a b."}', "too large"),
        ('{"id": ' + "9" * 5000 + ', "source": "a b.", "copy": "a b."}', "not JSON"),
        ("[" * 100_000 + "]" * 100_000, "not JSON"),
        ('{"id": 1, "source": "a \\ud800 b.", "copy": "a b."}', "surrogate"),
    ],
    ids=["nan", "infinite", "huge-int", "deep", "surrogate"],
)
def test_pairs_hostile_json_is_an_error_record(line: str, reason: str) -> None:
    record = parse_line(line, 4)
    assert isinstance(record, dict) and record["error"].startswith("[E044] line 4:")
    assert reason in record["error"]
    json.dumps(record, allow_nan=False)


def test_pairs_a_surrogate_id_is_dropped() -> None:
    record = parse_line('{"id": "\\udc80", "source": "a b.", "copy": "a b."}', 1)
    assert not isinstance(record, dict) and record.id is None


def test_pairs_from_standard_input(here: Path) -> None:
    out = _pairs("-", input=_line(id="in") + "\n\n")
    assert [r["id"] for r in out] == ["in", None]


def test_pairs_fifo_and_utf16_are_refused(here: Path) -> None:
    os.mkfifo(here / "in.jsonl")
    assert_one_line_error(invoke("pairs", "--no-lm", "in.jsonl"), 2, "E060")
    (here / "u16.jsonl").write_bytes(_line().encode("utf-16"))
    assert_one_line_error(invoke("pairs", "--no-lm", "u16.jsonl"), 2, "E045", "UTF-16")


def test_pairs_reader_keeps_crlf_lines_apart(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_bytes(b"\xef\xbb\xbfa\r\nb\rc\n\nd")
    assert list(read_pair_lines(str(tmp_path / "in.jsonl"))) == ["a", "b\rc", "", "d"]


def test_pairs_bad_batch_size_is_a_usage_error(write: Any) -> None:
    infile = write("in.jsonl", _line())
    assert_one_line_error(invoke("pairs", infile, "--batch-size", "0"), 2, "E065")


# ----------------------------------------------------------------------------- configuration


@pytest.mark.parametrize("name", ["drift.toml", "pyproject.toml"])
def test_invalid_utf8_in_the_configuration(here: Path, name: str) -> None:
    (here / name).write_bytes(b'[tool.drift]\nfail-on = "caf\xff"\n')
    assert_one_line_error(run("--no-lm", "source.txt", "number.txt"), 2, "E072", name)


def test_invalid_utf8_in_a_policy_file(here: Path) -> None:
    (here / "policy.toml").write_bytes(b'[severity]\n"number.changed" = "m\xffinor"\n')
    assert_one_line_error(run("--no-lm", "--policy", "policy.toml", "source.txt", "number.txt"), 2, "E048")


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("pyproject.toml", "[tool]\ndrift = 5\n", "tool.drift"),
        ("drift.toml", "[tool]\ndrift = 5\n", "tool.drift"),
        ("drift.toml", "tool = 5\n", "'tool'"),
        ("pyproject.toml", 'tool = "drift"\n', "'tool'"),
    ],
)
def test_tool_drift_that_is_not_a_table(here: Path, name: str, content: str, key: str) -> None:
    (here / name).write_text(content, encoding="utf-8")
    assert_one_line_error(run("--no-lm", "source.txt", "number.txt"), 2, "E071", key)


def test_settings_in_two_places(here: Path) -> None:
    (here / "drift.toml").write_text('fail-on = "minor"\n[tool.drift]\nno-lm = true\n', encoding="utf-8")
    assert_one_line_error(run("source.txt", "number.txt"), 2, "E078")


def test_misspelt_table_in_the_configuration(here: Path) -> None:
    (here / "drift.toml").write_text('[severty]\n"number.changed" = "minor"\n', encoding="utf-8")
    assert_one_line_error(run("--no-lm", "source.txt", "number.txt"), 2, "E070", "severty")


@pytest.mark.parametrize(
    ("content", "code", "mention"),
    [
        ('[severty]\n"number.changed" = "minor"\n', "E075", "severty"),
        ('fail-on = "minor"\n', "E075", "fail-on"),
        ('[severity]\n"entity.bogus_rule" = "minor"\n', "E077", "entity.bogus_rule"),
        ('[severity]\n"number.chanegd" = "minor"\n', "E077", "did you mean 'number.changed'"),
        ('[severity]\n"bogus.changed" = "minor"\n', "E077", "finding type"),
        ('[severity]\n"omission.clause" = "minor"\nequivalents = [["a", "b"]]\n', "E077", "above it"),
        ("severity = 5\n", "E076", "severity"),
        ('equivalents = "Kyiv"\n', "E076", "equivalents"),
        ("equivalents = [[1, 2]]\n", "E076", "equivalents"),
        ("[tool]\ndrift = 5\n", "E071", "tool.drift"),
        ('[severity]\n"number.changed" = "huge"\n', "E010", "huge"),
    ],
)
def test_policy_file_typos(here: Path, content: str, code: str, mention: str) -> None:
    (here / "house.toml").write_text(content, encoding="utf-8")
    assert_one_line_error(
        run("--no-lm", "--policy", "house.toml", "source.txt", "number.txt"), 2, code, mention
    )


def test_unknown_rule_in_the_configuration_severity_table(here: Path) -> None:
    (here / "drift.toml").write_text('[severity]\n"entity.bogus_rule" = "off"\n', encoding="utf-8")
    assert_one_line_error(run("--no-lm", "source.txt", "number.txt"), 2, "E077", "drift.toml")


def test_a_policy_in_pyproject_leaves_other_keys_to_the_configuration(here: Path) -> None:
    (here / "house.toml").write_text(
        '[tool.drift]\nfail-on = "none"\n[tool.drift.severity]\n"number.changed" = "minor"\n',
        encoding="utf-8",
    )
    assert (
        run(
            "--no-lm", "-q", "--policy", "house.toml", "--fail-on", "major", "source.txt", "number.txt"
        ).exit_code
        == 0
    )


def test_every_default_rule_is_known() -> None:
    check_rules("policy.toml", known_rules())
    with pytest.raises(UsageError, match="E077"):
        check_rules("policy.toml", ["entity.bogus_rule"])


def test_bad_fail_on_has_a_code(here: Path) -> None:
    assert_one_line_error(
        run("--no-lm", "--fail-on", "bogus", "source.txt", "number.txt"), 2, "E065", "bogus"
    )
    assert_one_line_error(run("--no-lm", "--no-such-option", "source.txt"), 2, "E065")


def test_configuration_that_is_a_fifo(here: Path) -> None:
    os.mkfifo(here / "drift.toml")
    assert_one_line_error(run("--no-lm", "source.txt", "number.txt"), 2, "E060", "drift.toml")


def test_explicit_configuration_and_policy_that_are_fifos(here: Path) -> None:
    os.mkfifo(here / "c.toml")
    assert_one_line_error(run("--no-lm", "--config", "c.toml", "source.txt", "number.txt"), 2, "E060")
    assert_one_line_error(run("--no-lm", "--policy", "c.toml", "source.txt", "number.txt"), 2, "E060")


def test_configuration_symlink_loop(here: Path) -> None:
    (here / "drift.toml").symlink_to("drift.toml")
    assert_one_line_error(run("--no-lm", "source.txt", "number.txt"), 2, "E061")


# ----------------------------------------------------------------------------- baselines


def test_a_deeply_nested_baseline(here: Path) -> None:
    (here / "deep.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    result = run("--no-lm", "--baseline", "deep.json", "source.txt", "number.txt")
    assert_one_line_error(result, 2, "E073", "nested too deeply")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b'{"schema": "drift-baseline/1", "findings": ["\xff"]}', "E073"),
        (b'{"schema": "drift-baseline/1", "findings": [' + b"1" * 5000 + b"]}", "E073"),
        (b'{"schema": "drift-baseline/1", "findings": [{"fingerprint": 5}]}', "E074"),
        (b"[]", "E074"),
    ],
    ids=["bad-utf8", "huge-int", "wrong-field", "not-an-object"],
)
def test_bad_baselines(here: Path, content: bytes, code: str) -> None:
    (here / "b.json").write_bytes(content)
    assert_one_line_error(run("--no-lm", "--baseline", "b.json", "source.txt", "number.txt"), 2, code)


def test_a_baseline_that_is_a_fifo(here: Path) -> None:
    os.mkfifo(here / "b.json")
    assert_one_line_error(run("--no-lm", "--baseline", "b.json", "source.txt", "number.txt"), 2, "E060")


def test_a_setting_below_the_severity_header_in_the_configuration(here: Path) -> None:
    (here / "drift.toml").write_text(
        '[severity]\n"omission.clause" = "minor"\nno-lm = true\n', encoding="utf-8"
    )
    assert_one_line_error(run("source.txt", "number.txt"), 2, "E077", "put no-lm above it")


@pytest.mark.parametrize(
    ("rule", "hint"),
    [
        ("entty.changed", "did you mean 'entity.changed'"),
        ("entity.bogus_rule", "the rules of 'entity' are entity.changed"),
        ("bogus.changed", "a rule starts with a finding type"),
        ("number.chnaged", "did you mean 'number.changed'"),
    ],
)
def test_unknown_rule_hints(rule: str, hint: str) -> None:
    with pytest.raises(UsageError, match="E077") as exc:
        check_rules("p.toml", [rule])
    assert hint in str(exc.value)


def test_pairs_a_side_without_words_names_its_line(write: Any) -> None:
    out = _pairs(write("in.jsonl", _line(id=1) + "\n" + _line(id=2, source="!!! ???")))
    assert out[1] == {"id": 2, "error": "[E044] line 2: no text with letters or digits on one side"}
