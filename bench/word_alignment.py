"""Word alignment across a paraphrase, measured on a gold made from DEMETR.

DEMETR's word-swap perturbations (``antonym``, ``hypernym``) replace one word of the
machine translation ``mt_sent``. Where the human translation ``eng_sent`` uses the
replaced word too, exactly once, the gold link of the human translation against the
perturbed sentence is known: that word of ``eng_sent`` plays the role of the new word of
``pert_sent``, while the rest of the sentence is reworded freely around it. Only those
items are gold; nothing else is guessed.

Each item is scored three ways, side by side:

* ``alignment``: :func:`drift.align.words.align_words` links the new word to the gold word;
* ``diff position``: the word diff's replace hunk that holds the new word pairs it with
  the source word at the same place in the hunk (how words were paired before);
* ``unlinked``: the aligner leaves the new word without a partner.

Tune is DEMETR ids 1-250, test 251-500; the aligner's settings were chosen on tune.

    .venv/bin/python -m bench.word_alignment        # writes bench/results/word_alignment.json
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from bench.detection import TEST, TUNE, demetr
from drift.align.sides import Side
from drift.align.words import align_words, words_of
from drift.ingest import document_from_text
from drift.pipeline import Checker

ROOT = Path(__file__).resolve().parents[1]
SWAPS = ("antonym", "hypernym")
ADDED = "addition"


def _edits(a: list[Any], b: list[Any]) -> list[tuple[str, int, int, int, int]]:
    """The word diff's non-equal opcodes between two token lists (lower case)."""
    matcher = difflib.SequenceMatcher(a=[t.lower_ for t in a], b=[t.lower_ for t in b], autojunk=False)
    return [op for op in matcher.get_opcodes() if op[0] != "equal"]


def gold_link(mt: Side, pert: Side, eng: Side) -> tuple[int, int] | None:
    """``(eng token, pert token)`` of the one swapped word, or None when the item is not gold."""
    a, b = words_of(mt), words_of(pert)
    ops = _edits(a, b)
    if len(ops) != 1 or ops[0][0] != "replace" or ops[0][2] - ops[0][1] != 1 or ops[0][4] - ops[0][3] != 1:
        return None
    old, new = a[ops[0][1]], b[ops[0][3]]
    if not old.is_alpha or not new.is_alpha:
        return None
    hits = [t for t in words_of(eng) if t.lower_ == old.lower_]
    if len(hits) != 1 or any(t.lower_ == new.lower_ for t in words_of(eng)):
        return None
    return hits[0].i, new.i


def added_words(mt: Side, pert: Side, eng: Side) -> list[int]:
    """Pert tokens of the one inserted stretch that the human translation never uses."""
    a, b = words_of(mt), words_of(pert)
    ops = _edits(a, b)
    if len(ops) != 1 or ops[0][0] != "insert":
        return []
    used = {t.lower_ for t in words_of(eng)} | {t.lemma_.lower() for t in words_of(eng)}
    return [t.i for t in b[ops[0][3] : ops[0][4]] if t.is_alpha and t.lower_ not in used]


def diff_partner(eng: Side, pert: Side, new: int) -> int | None:
    """The source word the word diff puts in the new word's place, if any."""
    a, b = words_of(eng), words_of(pert)
    matcher = difflib.SequenceMatcher(a=[t.lower_ for t in a], b=[t.lower_ for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        for k in range(j1, j2):
            if b[k].i == new:
                at = i1 + (k - j1)
                return a[at].i if at < i2 else None
    return None


def run(limit: int | None, **options: float) -> dict[str, Any]:
    checker = Checker()
    res = checker.resources

    def side(text: str) -> Side:
        doc = document_from_text("x", text, path="<bench>")
        res.embed([s.plain for s in doc.sentences], tokens=True)
        return Side.build(doc, range(len(doc.sentences)), res.parser)

    rows: list[dict[str, Any]] = []
    start = time.perf_counter()
    for it in demetr([ADDED])[ADDED][:limit] if limit else demetr([ADDED])[ADDED]:
        if not it.checked:
            continue
        mt, pert, eng = side(it.mt), side(it.pert_sent), side(it.eng)
        new_words = added_words(mt, pert, eng)
        if not new_words:
            continue
        al = align_words(eng, pert, res.token_vectors, **options)
        for w in new_words:
            rows.append({"set": ADDED, "id": it.id, "unlinked": al is None or al.of_copy(w) is None})
    for name, items in demetr(SWAPS).items():
        for it in items[:limit] if limit else items:
            if not it.checked:
                continue
            mt, pert, eng = side(it.mt), side(it.pert_sent), side(it.eng)
            gold = gold_link(mt, pert, eng)
            if gold is None:
                continue
            al = align_words(eng, pert, res.token_vectors, **options)
            link = al.of_copy(gold[1]) if al else None
            rows.append(
                {
                    "set": name,
                    "id": it.id,
                    "aligned": link is not None and link.src == gold[0],
                    "unlinked": link is None,
                    "diff": diff_partner(eng, pert, gold[1]) == gold[0],
                }
            )
    out: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}",
        "seconds": round(time.perf_counter() - start, 1),
        "splits": {},
    }
    for split, ids in (("tune", TUNE), ("test", TEST)):
        added = [r for r in rows if r["id"] in ids and r["set"] == ADDED]
        out["splits"][f"{split}/added words"] = {
            "words": len(added),
            "left unlinked": round(sum(r["unlinked"] for r in added) / (len(added) or 1), 3),
        }
        for name in (*SWAPS, "all"):
            sel = [r for r in rows if r["id"] in ids and r["set"] != ADDED and name in (r["set"], "all")]
            n = len(sel) or 1
            out["splits"][f"{split}/{name}"] = {
                "gold links": len(sel),
                "alignment": round(sum(r["aligned"] for r in sel) / n, 3),
                "diff position": round(sum(r["diff"] for r in sel) / n, 3),
                "unlinked": round(sum(r["unlinked"] for r in sel) / n, 3),
            }
    return out


def table(res: dict[str, Any]) -> str:
    lines = [
        "| split / set | gold links | alignment | diff position | left unlinked |",
        "|---|--:|--:|--:|--:|",
    ]
    for key, row in res["splits"].items():
        if "words" in row:
            continue
        lines.append(
            f"| {key} | {row['gold links']} | {row['alignment']:.3f} | {row['diff position']:.3f}"
            f" | {row['unlinked']:.3f} |"
        )
    lines += ["", "| split | words added by DEMETR `addition` | left unlinked (right) |", "|---|--:|--:|"]
    for key, row in res["splits"].items():
        if "words" in row:
            lines.append(f"| {key.split('/')[0]} | {row['words']} | {row['left unlinked']:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="items per perturbation (for a quick look)")
    ap.add_argument("--output", default=str(ROOT / "bench" / "results" / "word_alignment.json"))
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    res = run(args.limit)
    print(table(res))
    if not args.limit:
        Path(args.output).write_text(json.dumps(res, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
