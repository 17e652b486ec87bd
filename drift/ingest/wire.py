"""IPTC wire formats (NewsML-G2, NITF, ninjs) read into article text, furniture and
item metadata, every character mapped back to the file.

XML is parsed by lxml with entity resolution, DTD loading and network access off;
a document that declares entities, refers to external ones or carries an internal
DTD subset is refused. lxml gives no character offsets, so the text of the parsed
tree is aligned with the file in one pass (:class:`_XMLAligner`); JSON likewise
gives none, so ninjs strings are located value by value with the standard
library's own decoder (:func:`_scan_json`).

The IPTC ninjs JSON Schemas are not published in any PyPI package, so ninjs is
checked structurally (:func:`_check_ninjs`) rather than against the schemas.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from lxml import etree

from drift.errors import Errors, InputError
from drift.ingest.furniture import scan_article
from drift.ingest.view import TextView, view_furniture, view_sentences
from drift.values import Furniture, Sentence

WireKind = Literal["newsml", "nitf", "ninjs"]

_G2_ROOTS: Final = frozenset(
    {"newsItem", "newsMessage", "packageItem", "conceptItem", "knowledgeItem", "planningItem",
     "contentSet", "contentMeta", "itemMeta"}
)  # fmt: skip
_PI_OR_COMMENT = r"<\?(?:[^?]|\?(?!>))*+\?>\s*|<!--(?:[^-]|-(?!->))*+-->\s*"
_FIRST_ELEMENT: Final = re.compile(
    rf"\s*(?:{_PI_OR_COMMENT}|<!DOCTYPE[^>\[]*+(?:\[[^\]]*+\])?\s*>\s*)*+<(?:[\w.-]+:)?([\w.-]+)"
)
"""The name of the root element, past the prolog; each part of the prolog matches
one way only, so a hostile prolog cannot make the match backtrack."""
_DOCTYPE_NAME: Final = re.compile(rf"\s*(?:{_PI_OR_COMMENT})*+<!DOCTYPE\s+(?:[\w.-]+:)?([\w.-]+)")
_XML_HEAD: Final = 100_000
"""How far into a file its root element is looked for (past a long prolog)."""
_PREDEFINED: Final = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}
_INTERNAL_SUBSET: Final = re.compile(r"<!DOCTYPE[^>\[]*\[")
_DECODER: Final = json.JSONDecoder()
_STRING_KEY: Final = re.compile(r"(?:headline|byline|by|located|ednote|uri)$|(?:headline|body|description)_")
_NINJS_KEYS: Final = frozenset(
    {"headline", "headlines", "headline_main", "body_text", "body_main", "bodies", "versioncreated",
     "versionCreated", "descriptions", "description_text"}
)  # fmt: skip
_FORMAT_NAMES: Final = {"newsml": "NewsML-G2", "nitf": "NITF", "ninjs": "ninjs"}
_BLOCK_KINDS: Final = ("headline", "standfirst", "byline", "dateline", "editor_note")
_READING_ORDER: Final = {"headline": 0, "standfirst": 1, "byline": 2, "dateline": 3, "body": 4}

Meta = dict[str, "str | tuple[str, ...]"]


def wire_kind(text: str) -> WireKind | None:
    """The IPTC format of ``text`` by its content, or ``None``.

    XML is told by its root element (``nitf``, or a NewsML-G2 item, message or
    fragment); ninjs by being a JSON object with a ``uri`` and a ninjs field.
    """
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        match = _DOCTYPE_NAME.match(head[:_XML_HEAD]) or _FIRST_ELEMENT.match(head[:_XML_HEAD])
        if match is None:
            return None
        if match.group(1) == "nitf":
            return "nitf"
        return "newsml" if match.group(1) in _G2_ROOTS else None
    if head.startswith("{") and '"uri"' in text:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return None
        if isinstance(data, dict) and "uri" in data and _NINJS_KEYS & data.keys():
            return "ninjs"
    return None


@dataclass
class WireArticle:
    """A wire item's text as a view of the file.

    Attributes:
        view: The readable text, each character mapped to its range in the file.
        blocks: ``(kind, start, end)`` ranges of the view: ``body`` for a paragraph,
            else a furniture kind.
        metadata: Identity and provenance fields.
    """

    view: TextView = field(default_factory=TextView)
    blocks: list[tuple[str, int, int]] = field(default_factory=list)
    metadata: Meta = field(default_factory=dict)

    def add(self, kind: str, chars: Sequence[tuple[str, int, int]]) -> None:
        """Add one block, its whitespace collapsed and trimmed; nothing if it is blank."""
        packed: list[tuple[str, int, int]] = []
        for c, a, b in chars:
            if c.isspace():
                if packed and packed[-1][0] != " ":
                    packed.append((" ", a, b))
            else:
                packed.append((c, a, b))
        while packed and packed[-1][0] == " ":
            packed.pop()
        if not packed:
            return
        view = self.view
        if view.text_parts:
            view.add("\n", packed[0][1], packed[0][1])
        start = len(view.text_parts)
        for c, a, b in packed:
            view.add(c, a, b)
        self.blocks.append((kind, start, len(view.text_parts)))

    def kinds(self) -> set[str]:
        return {kind for kind, _, _ in self.blocks}

    def in_reading_order(self) -> WireArticle:
        """The same blocks with the headline, standfirst, byline and dateline first,
        wherever in the file each was found (a NewsML-G2 headline may come from
        ``contentMeta``, after a body that has none)."""
        ordered = WireArticle(metadata=self.metadata)
        view = self.view
        for kind, a, b in sorted(
            self.blocks, key=lambda block: _READING_ORDER.get(block[0], len(_READING_ORDER))
        ):
            ordered.add(kind, list(zip(view.text_parts[a:b], view.starts[a:b], view.ends[a:b], strict=True)))
        return ordered


# --------------------------------------------------------------------------- XML


def _local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _reference(name: str) -> str | None:
    """The character an XML reference (``amp``, ``#233``, ``#xE9``) stands for."""
    try:
        if name.startswith(("#x", "#X")):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
    except (ValueError, OverflowError):
        return None
    return _PREDEFINED.get(name)


class _Misaligned(Exception):
    pass


class _XMLAligner:
    """Maps the text of a parsed tree back to the characters of its file.

    The tree was parsed from ``source`` and held no entities but the predefined ones
    and character references, so its text appears in the file in document order,
    between tags, as itself, as a reference, inside CDATA, or as ``\\r\\n``.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0
        self.chars: dict[tuple[Any, str], list[tuple[str, int, int]]] = {}

    def _skip_past(self, closer: str) -> None:
        end = self.source.find(closer, self.pos)
        if end < 0:
            raise _Misaligned(closer)
        self.pos = end + len(closer)

    def _tag(self) -> bool:
        """Move past the next start tag; ``True`` when it is empty (``<x/>``)."""
        s = self.source
        while True:
            i = s.find("<", self.pos)
            if i < 0:
                raise _Misaligned("<")
            self.pos = i
            for opener, closer in (("<?", "?>"), ("<!--", "-->"), ("<![CDATA[", "]]>"), ("<!", ">")):
                if s.startswith(opener, i):
                    self._skip_past(closer)
                    break
            else:
                break
        quote = ""
        j = i + 1
        while j < len(s):
            c = s[j]
            if quote:
                if c == quote:
                    quote = ""
            elif c in "\"'":
                quote = c
            elif c == ">":
                break
            j += 1
        self.pos = j + 1
        return s[j - 1] == "/"

    def _text(self, value: str) -> list[tuple[str, int, int]]:
        s = self.source
        out: list[tuple[str, int, int]] = []
        cdata = False
        for c in value:
            while True:
                if not cdata and s.startswith("<![CDATA[", self.pos):
                    self.pos += 9
                    cdata = True
                elif cdata and s.startswith("]]>", self.pos):
                    self.pos += 3
                    cdata = False
                else:
                    break
            p = self.pos
            if p >= len(s):
                raise _Misaligned(c)
            if not cdata and s[p] == "&":
                end = s.find(";", p) + 1
                if end <= 0 or _reference(s[p + 1 : end - 1]) != c:
                    raise _Misaligned(s[p:end])
            elif s[p] == "\r" and c == "\n":
                end = p + 2 if s.startswith("\r\n", p) else p + 1
            elif s[p] == c:
                end = p + 1
            else:
                raise _Misaligned(c)
            out.append((c, p, end))
            self.pos = end
        if cdata and s.startswith("]]>", self.pos):
            self.pos += 3
        return out

    def walk(self, el: Any) -> None:
        if el.tag is etree.Comment:
            self._skip_past("<!--")
            self._skip_past("-->")
            return
        if el.tag is etree.PI:
            self._skip_past("<?")
            self._skip_past("?>")
            return
        empty = self._tag()
        if empty:
            return
        self.chars[(el, "text")] = self._text(el.text or "")
        for child in el:
            self.walk(child)
            self.chars[(child, "tail")] = self._text(child.tail or "")
        self._skip_past(">")

    def text_of(self, el: Any) -> list[tuple[str, int, int]]:
        """The characters of ``el``'s text content with their file ranges."""
        out = list(self.chars.get((el, "text"), ()))
        for child in el:
            if isinstance(child.tag, str):
                out.extend(self.text_of(child))
            out.extend(self.chars.get((child, "tail"), ()))
        return out


def _parse_xml(text: str, path: str, fmt: str) -> Any:
    """Parse hostile XML: no entity expansion, no DTD, no network.

    Raises:
        InputError: E033 malformed, E034 entity declarations, E035 external
            entities, E036 an internal DTD subset.
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        encoding="utf-8",
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        if "<!ENTITY" in text:
            name = re.search(r"<!ENTITY\s+%?\s*([\w.-]+)", text)
            raise InputError(Errors.E034.format(path=path, name=name.group(1) if name else "?")) from None
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise InputError(Errors.E033.format(path=path, format=fmt, reason=reason)) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None:
        entities = list(dtd.iterentities())
        for entity in entities:
            if entity.system_url:
                raise InputError(Errors.E035.format(path=path, name=entity.name, target=entity.system_url))
        if entities:
            raise InputError(Errors.E034.format(path=path, name=entities[0].name))
        prolog = _FIRST_ELEMENT.match(text.lstrip("\ufeff"))
        if list(dtd.iterelements()) or _INTERNAL_SUBSET.search(prolog.group(0) if prolog else text[:4000]):
            raise InputError(Errors.E036.format(path=path))
    return root


def _find(el: Any, *names: str) -> Any:
    """The first descendant of ``el`` (or ``el``) whose local name is in ``names``."""
    for node in el.iter():
        if _local(node) in names:
            return node
    return None


def _children(el: Any, name: str) -> list[Any]:
    return [node for node in el if _local(node) == name]


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _put(meta: Meta, key: str, value: str | None) -> None:
    if value:
        meta[key] = value


def _put_list(meta: Meta, key: str, values: Sequence[str]) -> None:
    values = [v for v in values if v]
    if values:
        meta[key] = tuple(values)


def _nitf_body(article: WireArticle, align: _XMLAligner, nitf: Any, meta: Meta) -> None:
    """The headline, standfirst, byline, dateline and paragraphs of an NITF element."""
    docdata = _find(nitf, "docdata")
    if docdata is not None:
        doc_id = _find(docdata, "doc-id")
        if doc_id is not None:
            _put(meta, "doc-id", doc_id.get("id-string"))
            _put(meta, "doc-id.regsrc", doc_id.get("regsrc"))
        du_key = _find(docdata, "du-key")
        if du_key is not None:
            _put(meta, "du-key", du_key.get("key"))
            _put(meta, "du-key.version", du_key.get("version"))
        issue = _find(docdata, "date.issue")
        if issue is not None:
            _put(meta, "date.issue", issue.get("norm"))
        _put(meta, "ednote", _text(_find(docdata, "ed-msg")) or None)
    body = _find(nitf, "body")
    if body is None:
        return
    head = _find(body, "body.head")
    if head is not None:
        hedline = _find(head, "hedline")
        for kind, scope, name in (
            ("headline", hedline, "hl1"),
            ("standfirst", hedline, "hl2"),
            ("byline", head, "byline"),
            ("dateline", head, "dateline"),
            ("standfirst", head, "abstract"),
        ):
            node = next((n for n in scope if _local(n) == name), None) if scope is not None else None
            if node is not None and kind not in article.kinds():
                article.add(kind, align.text_of(node))
    content = _find(body, "body.content")
    if content is not None:
        for para in content.iter():
            if _local(para) == "p":
                article.add("body", align.text_of(para))


def _xhtml_body(article: WireArticle, align: _XMLAligner, root: Any) -> None:
    """The heading and paragraphs of an (X)HTML body carried inside an item."""
    heading = _find(root, "h1")
    if heading is not None and "headline" not in article.kinds():
        article.add("headline", align.text_of(heading))
    paras = [node for node in root.iter() if _local(node) == "p"]
    if not paras:
        body = _find(root, "body")
        article.add("body", align.text_of(root if body is None else body))
    for para in paras:
        article.add("body", align.text_of(para))


def _g2_meta(item: Any, meta: Meta) -> None:
    _put(meta, "guid", item.get("guid"))
    _put(meta, "version", item.get("version"))
    item_meta = _find(item, "itemMeta")
    if item_meta is not None:
        for name in ("versionCreated", "firstCreated", "embargoed"):
            _put(meta, name, _text(_find(item_meta, name)) or None)
        _put_list(meta, "signal", [s.get("qcode", "") for s in item_meta if _local(s) == "signal"])
        _put_list(meta, "edNote", [_text(s) for s in item_meta if _local(s) == "edNote"])
    content_meta = _find(item, "contentMeta")
    if content_meta is not None:
        _put_list(
            meta,
            "infoSource",
            [
                _text(s) or s.get("qcode") or s.get("uri") or ""
                for s in content_meta
                if _local(s) == "infoSource"
            ],
        )
        _put_list(meta, "creator", [_text(s) for s in content_meta if _local(s) == "creator"])
        _put_list(meta, "located", [_text(s) for s in content_meta if _local(s) == "located"])
        _put(meta, "headline", _text(_find(content_meta, "headline")) or None)
    hops = _find(item, "hopHistory")
    if hops is not None:
        described = []
        for hop in _children(hops, "hop"):
            party = _find(hop, "party")
            action = _find(hop, "action")
            who = (_text(party) or party.get("qcode", "")) if party is not None else ""
            what = action.get("qcode", "") if action is not None else ""
            described.append(f"{hop.get('seq', '')}: {who} {what}".strip())
        _put_list(meta, "hopHistory", described)


def _newsml(article: WireArticle, align: _XMLAligner, root: Any) -> str:
    """Read a NewsML-G2 item (or a message or fragment holding one); returns its root name."""
    items = [n for n in root.iter() if _local(n) == "newsItem"]
    text_items = [n for n in items if _find(n, "inlineXML") is not None]
    item = (text_items or items or [root])[0]
    meta = article.metadata
    _g2_meta(item, meta)
    inline = _find(item, "inlineXML")
    content_meta = _find(item, "contentMeta")
    if inline is not None:
        nitf = _find(inline, "nitf")
        if nitf is not None:
            _nitf_body(article, align, nitf, meta)
        else:
            _xhtml_body(article, align, inline)
    if content_meta is not None:
        if "headline" not in article.kinds() and (node := _find(content_meta, "headline")) is not None:
            article.add("headline", align.text_of(node))
        if "standfirst" not in article.kinds():
            node = next((d for d in content_meta if _local(d) == "description"), None)
            if node is not None:
                article.add("standfirst", align.text_of(node))
        for kind, name in (("byline", "by"), ("dateline", "dateline")):
            if kind not in article.kinds() and (node := _find(content_meta, name)) is not None:
                article.add(kind, align.text_of(node))
    return _local(item)


def _read_xml(source: str, path: str, kind: WireKind) -> tuple[WireArticle, str]:
    root = _parse_xml(source, path, _FORMAT_NAMES[kind])
    align = _XMLAligner(source)
    try:
        align.walk(root)
    except _Misaligned as exc:
        reason = f"cannot map its text back to the file near {str(exc)[:20]!r}"
        raise InputError(Errors.E033.format(path=path, format=_FORMAT_NAMES[kind], reason=reason)) from None
    article = WireArticle()
    if kind == "nitf":
        _nitf_body(article, align, root, article.metadata)
        return article, "document"
    return article, _newsml(article, align, root)


# --------------------------------------------------------------------------- ninjs


@dataclass(frozen=True)
class _JStr:
    value: str
    start: int
    """Offset of the opening quote."""


def _ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t\r\n":
        i += 1
    return i


def _scan_json(s: str, i: int) -> tuple[Any, int]:
    """Decode the JSON value at ``s[i:]`` (valid JSON), each string as a :class:`_JStr`."""
    i = _ws(s, i)
    c = s[i]
    if c == '"':
        value, end = _DECODER.raw_decode(s, i)
        return _JStr(value, i), end
    if c in "{[":
        close = "}" if c == "{" else "]"
        obj: dict[str, Any] = {}
        arr: list[Any] = []
        i = _ws(s, i + 1)
        while s[i] != close:
            if c == "{":
                key, i = _DECODER.raw_decode(s, i)
                i = _ws(s, i) + 1
                obj[key], i = _scan_json(s, i)
            else:
                item, i = _scan_json(s, i)
                arr.append(item)
            i = _ws(s, i)
            if s[i] == ",":
                i = _ws(s, i + 1)
        return (obj if c == "{" else arr), i + 1
    return _DECODER.raw_decode(s, i)


def _jchars(s: str, jstr: _JStr) -> list[tuple[str, int, int]]:
    """The characters of a JSON string with their ranges in ``s`` (escapes included)."""
    out = []
    p = jstr.start + 1
    for c in jstr.value:
        if s[p] != "\\":
            end = p + 1
        elif s[p + 1] != "u":
            end = p + 2
        else:
            end = p + 6
            if len(c.encode("utf-16-le", "surrogatepass")) == 4:
                end = p + 12
        out.append((c, p, end))
        p = end
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, _JStr):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _check_ninjs(data: Mapping[str, Any], path: str) -> None:
    """Structural check of the fields drift reads: ``uri`` a string; headlines,
    descriptions and bodies strings or lists of objects with a string ``value``."""

    def bad(reason: str) -> InputError:
        return InputError(Errors.E037.format(path=path, reason=reason))

    if not isinstance(data.get("uri"), _JStr):
        raise bad("'uri' must be a string")
    for key, value in data.items():
        if key in ("headlines", "descriptions", "bodies"):
            if not isinstance(value, list) or not all(
                isinstance(v, dict) and isinstance(v.get("value"), _JStr) for v in value
            ):
                raise bad(f"{key!r} must be a list of objects with a string 'value'")
        elif _STRING_KEY.match(key) and not isinstance(value, _JStr):
            raise bad(f"{key!r} must be a string")


def _role_pick(items: Sequence[Mapping[str, Any]], roles: Sequence[str], *, plain: bool) -> _JStr | None:
    def ctype(item: Mapping[str, Any]) -> str:
        raw = item.get("contentType", item.get("contenttype"))
        return raw.value if isinstance(raw, _JStr) else "text/plain"

    usable = [i for i in items if not plain or ctype(i) == "text/plain"]
    for role in roles:
        for item in usable:
            if isinstance(item.get("role"), _JStr) and item["role"].value == role:
                value: _JStr = item["value"]
                return value
    return usable[0]["value"] if usable else None


def _read_ninjs(source: str, path: str) -> tuple[WireArticle, str]:
    try:
        data, _ = _scan_json(source, 0)
    except (ValueError, IndexError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:80]
        raise InputError(Errors.E037.format(path=path, reason=reason)) from None
    if not isinstance(data, dict):
        raise InputError(Errors.E037.format(path=path, reason="not a JSON object"))
    _check_ninjs(data, path)
    article = WireArticle()
    meta = article.metadata

    def string(*keys: str) -> _JStr | None:
        for key in keys:
            if isinstance(data.get(key), _JStr):
                value: _JStr = data[key]
                return value
        return None

    for name, keys in (
        ("uri", ("uri",)),
        ("version", ("version",)),
        ("versionCreated", ("versionCreated", "versioncreated")),
        ("firstCreated", ("firstCreated", "firstcreated")),
        ("by", ("by", "byline")),
        ("located", ("located",)),
        ("ednote", ("ednote",)),
    ):
        if (jstr := string(*keys)) is not None:
            _put(meta, name, jstr.value)
    headline = string("headline", "headline_main") or _role_pick(
        data.get("headlines", []), ["main"], plain=False
    )
    descriptions = data.get("descriptions", [])
    standfirst = string("description_text", "description_main") or _role_pick(
        descriptions, ["summary", "lead", "abstract", "text"], plain=True
    )
    body = string("body_text", "body_main") or _role_pick(
        data.get("bodies", []), ["main", "text"], plain=True
    )
    if body is None and standfirst is not None:
        body, standfirst = standfirst, None
    for kind, jstr in (
        ("headline", headline),
        ("standfirst", standfirst),
        ("byline", string("byline", "by")),
    ):
        if jstr is not None:
            article.add(kind, _jchars(source, jstr))
    if body is not None:
        chars = _jchars(source, body)
        para: list[tuple[str, int, int]] = []
        repeated = {j.value.strip() for j in (headline, standfirst) if j is not None}
        for item in [*chars, ("\n", 0, 0)]:
            if item[0] == "\n":
                if "".join(c for c, _, _ in para).strip() not in repeated:
                    article.add("body", para)
                para = []
            else:
                para.append(item)
    if ednote := string("ednote"):
        article.add("editor_note", _jchars(source, ednote))
    return article, "item"


# --------------------------------------------------------------------------- documents


def read_wire(source: str, path: str, kind: WireKind) -> tuple[WireArticle, str]:
    """Read a wire-format file into a :class:`WireArticle`; also returns the name of
    the item read (``newsItem``, ``packageItem``, ...) for messages.

    Raises:
        InputError: E033-E037 (see :func:`_parse_xml`, :func:`_check_ninjs`).
    """
    if kind == "ninjs":
        return _read_ninjs(source, path)
    return _read_xml(source, path, kind)


def wire_sentences(
    source: str, path: str, kind: WireKind
) -> tuple[list[Sentence], list[Furniture], dict[str, str | tuple[str, ...]]]:
    """Sentences, furniture and metadata of a wire-format file.

    Headline and standfirst stay article text, as for the other inputs; the body
    paragraphs are scanned for wire datelines and trailers like any article.

    Raises:
        InputError: E033-E037, or E038 for an item with no article text.
    """
    article, root = read_wire(source, path, kind)
    article = article.in_reading_order()
    view = article.view
    text = view.text()
    body = [(a, b) for k, a, b in article.blocks if k == "body"]
    scanned = scan_article(text, body) if body else None
    regions = sorted(
        [(a, b) for k, a, b in article.blocks if k in ("headline", "standfirst")]
        + (list(scanned.regions) if scanned else [])
    )
    if root == "packageItem":
        reason = "a package names its items in itemRef elements but carries no text of its own"
        raise InputError(Errors.E038.format(path=path, format=_FORMAT_NAMES[kind], root=root, reason=reason))
    if not regions:
        reason = "no body paragraphs" if not article.blocks else "only " + ", ".join(sorted(article.kinds()))
        raise InputError(Errors.E038.format(path=path, format=_FORMAT_NAMES[kind], root=root, reason=reason))
    items = [(k, a, b) for k, a, b in article.blocks if k in _BLOCK_KINDS]
    given = article.kinds()
    items += [item for item in (scanned.furniture if scanned else ()) if item[0] not in given]
    return (
        view_sentences(source, view, regions),
        sorted(view_furniture(source, view, items), key=lambda item: (item.start, item.end)),
        article.metadata,
    )
