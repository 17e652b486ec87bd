"""Word-level differences with diff-match-patch.

Each distinct word is mapped to one private-use character, diff-match-patch diffs
the two strings, and the result is mapped back, so a change never splits a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

Op = Literal["equal", "delete", "insert", "replace"]
_BASE = 0xE000


@dataclass(frozen=True)
class Hunk:
    """A run of words: ``source[src_start:src_end]`` became ``copy[cpy_start:cpy_end]``."""

    op: Op
    src_start: int
    src_end: int
    cpy_start: int
    cpy_end: int

    def __post_init__(self) -> None:
        if self.src_start > self.src_end or self.cpy_start > self.cpy_end:
            raise ValueError(f"bad hunk ranges {self}")


def _encode(words: Sequence[str], table: dict[str, str]) -> str:
    out = []
    for w in words:
        ch = table.get(w)
        if ch is None:
            ch = table[w] = chr(_BASE + len(table)) if len(table) < 6400 else chr(0xF0000 + len(table))
        out.append(ch)
    return "".join(out)


def word_diff(source: Sequence[str], copy: Sequence[str], *, semantic_cleanup: bool = True) -> list[Hunk]:
    """Diff two word sequences.

    Args:
        source: Normalised source words.
        copy: Normalised copy words.
        semantic_cleanup: Merge tiny equalities between changes into the change
            (diff-match-patch's semantic cleanup), which reads better for rewrites.

    Returns:
        Hunks covering both sequences in order; adjacent delete+insert become ``replace``,
        and a replacement that only moves word breaks ("non violently" /
        "nonviolently") counts as ``equal``, so an equal hunk may differ in length.
    """
    table: dict[str, str] = {}
    a, b = _encode(source, table), _encode(copy, table)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(a, b, False)
    if semantic_cleanup:
        dmp.diff_cleanupSemantic(diffs)
    hunks: list[Hunk] = []
    i = j = 0
    pend_del: tuple[int, int] | None = None
    pend_ins: tuple[int, int] | None = None

    def flush() -> None:
        nonlocal pend_del, pend_ins
        if pend_del or pend_ins:
            ds, de = pend_del or (i, i)
            is_, ie = pend_ins or (j, j)
            op: Op = "replace" if pend_del and pend_ins else ("delete" if pend_del else "insert")
            if op == "replace" and "".join(source[ds:de]) == "".join(copy[is_:ie]):
                op = "equal"
            hunks.append(Hunk(op, ds, de, is_, ie))
        pend_del = pend_ins = None

    for kind, text in diffs:
        n = len(text)
        if kind == 0:
            flush()
            hunks.append(Hunk("equal", i, i + n, j, j + n))
            i += n
            j += n
        elif kind == -1:
            pend_del = (pend_del[0] if pend_del else i, i + n)
            i += n
        else:
            pend_ins = (pend_ins[0] if pend_ins else j, j + n)
            j += n
    flush()
    return hunks
