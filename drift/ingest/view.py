"""A readable view of marked-up text that maps every character back to the markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from drift.ingest.sentences import split_sentences
from drift.values import Furniture, Sentence


@dataclass
class TextView:
    """Readable text with, per character, the source range it came from."""

    text_parts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def add(self, chars: str, start: int, end: int) -> None:
        for c in chars:
            self.text_parts.append(c)
            self.starts.append(start)
            self.ends.append(end)

    def add_source(self, source: str, start: int, end: int) -> None:
        for pos in range(start, end):
            self.add(source[pos], pos, pos + 1)

    def newline(self, at: int) -> None:
        if self.text_parts and self.text_parts[-1] != "\n":
            self.add("\n", at, at)

    def text(self) -> str:
        return "".join(self.text_parts)


def view_furniture(source: str, view: TextView, items: Sequence[tuple[str, int, int]]) -> list[Furniture]:
    """Furniture found in the view, mapped back to ranges of ``source``."""
    out = []
    for kind, a, b in items:
        if b > a:
            start, end = view.starts[a], view.ends[b - 1]
            out.append(Furniture(kind, start, end, source[start:end]))
    return out


def view_sentences(source: str, view: TextView, regions: Sequence[tuple[int, int]]) -> list[Sentence]:
    view_text = view.text()
    out: list[Sentence] = []
    for sent in split_sentences(view_text, regions):
        start = view.starts[sent.start]
        end = view.ends[sent.end - 1]
        raw = source[start:end]
        clean: str | None = sent.text
        char_map: tuple[int, ...] | None = tuple(view.starts[sent.start : sent.end])
        if clean == raw:
            clean, char_map = None, None
        out.append(Sentence(len(out), start, end, raw, clean, char_map))
    return out
