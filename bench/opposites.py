"""Opposites read from the language model: the threshold of ``negation.opposite``, set on data.

The lexical detector asks the language model whether a swapped word is the opposite of
the word it replaced (:func:`drift.models.opposites.opposition`). This script records the
score of every swap the detector asks about, exactly as a run asks, on:

* DEMETR dev ``antonym`` items (a word of the machine translation replaced by its
  antonym), both the human translation ``eng_sent`` and the machine translation
  ``mt_sent`` against ``pert_sent``: a swap whose copy word lies in what the
  perturbation changed is an opposite (1); any other swap there is a paraphrase (0);
* DEMETR faithful pairs (``eng_sent`` against ``mt_sent``): every swap is 0;
* OneStopEnglish advanced against intermediate articles (simplified, not reversed):
  every swap is 0. ``bench.detection`` reads articles 1-40, so this reads 41-140.

Tune: DEMETR ids 1-250 and OneStop articles 41-100; test: ids 251-500 and articles
101-140. The threshold is the lowest score at which at most ``--budget`` of the tune
split's paraphrase swaps are reported; the test split is reported at it.

    .venv/bin/python -m bench.opposites          # writes bench/results/opposites.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.detection import demetr, onestop_articles
from bench.train_decision import changed_region
from drift.detectors.lexical_meaning import OPPOSITE_SCORE, LexicalMeaningDetector
from drift.ingest import document_from_text
from drift.pipeline import Checker

ROOT = Path(__file__).resolve().parents[1]


def _record(seen: list[dict[str, Any]], current: dict[str, Any]) -> None:
    """Wrap the detector so every swap it asks about is kept with its score and label."""
    original = LexicalMeaningDetector.opposed_swaps

    def recording(self: LexicalMeaningDetector, ctx: Any, cands: list[Any]) -> dict[int, float]:
        everything = LexicalMeaningDetector(**{**self.config, "opposite_score": float("-inf")})
        scores = original(everything, ctx, cands)
        region = current.get("region") or []
        for k, value in scores.items():
            a = ctx.source.doc[cands[k].src_tok]
            b = ctx.copy.doc[cands[k].cpy_tok]
            start = ctx.copy.span(b.idx, b.idx + len(b.text)).start
            label = int(any(s <= start < e for s, e in region))
            seen.append({**current["meta"], "a": a.text, "b": b.text, "score": value, "label": label})
        return original(self, ctx, cands)

    LexicalMeaningDetector.opposed_swaps = recording  # type: ignore[method-assign]


def _pair(checker: Checker, source: str, copy: str) -> None:
    src = document_from_text("source", source, path="<demetr>")
    cpy = document_from_text("copy", copy, path="<demetr>")
    if src.sentences and cpy.sentences:
        checker.analyse_pair(src, cpy, range(len(src.sentences)), range(len(cpy.sentences)), 1.0)


def collect(checker: Checker, seen: list[dict[str, Any]], current: dict[str, Any]) -> None:
    items = demetr(["antonym"])["antonym"]
    for it in items:
        split = "tune" if it.id <= 250 else "test"
        if it.checked:
            region = changed_region(it.mt, it.pert_sent)
            for side, source in (("eng", it.eng), ("mt", it.mt)):
                current.update(
                    meta={"split": split, "set": f"demetr-antonym-{side}", "item": it.id}, region=region
                )
                _pair(checker, source, it.pert_sent)
        current.update(meta={"split": split, "set": "demetr-faithful", "item": it.id}, region=[])
        _pair(checker, it.eng, it.mt)
    for k, name, docs in onestop_articles(40, 140):
        split = "tune" if k < 60 else "test"
        current.update(meta={"split": split, "set": "onestop", "item": name}, region=[])
        checker.compare(docs[0], docs[1])


def share(rows: list[dict[str, Any]], threshold: float) -> float | None:
    return round(float(np.mean([r["score"] >= threshold for r in rows])), 4) if rows else None


def rates(rows: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    pos = [r for r in rows if r["label"] == 1]
    neg = [r for r in rows if r["label"] == 0]
    out: dict[str, Any] = {
        "opposites": len(pos),
        "paraphrase_swaps": len(neg),
        "opposites_reported": share(pos, threshold),
        "paraphrase_reported": share(neg, threshold),
        "faithful_pairs_with_one": len(
            {r["item"] for r in neg if r["set"] == "demetr-faithful" and r["score"] >= threshold}
        ),
    }
    if pos and neg:
        from sklearn.metrics import roc_auc_score

        labels = [1] * len(pos) + [0] * len(neg)
        out["auroc"] = round(float(roc_auc_score(labels, [r["score"] for r in pos + neg])), 3)
    for name in sorted({r["set"] for r in rows}):
        out[f"paraphrase_reported|{name}"] = share([r for r in neg if r["set"] == name], threshold)
    return out


def choose(rows: list[dict[str, Any]], budget: float) -> float:
    """The lowest threshold (two decimals) that at most ``budget`` of the paraphrase swaps
    of ``rows`` reach."""
    neg = [r for r in rows if r["label"] == 0]
    for t in np.arange(0.0, 10.0, 0.01):
        if (share(neg, float(t)) or 0.0) <= budget:
            return round(float(t), 2)
    return 10.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--budget", type=float, default=0.005, help="share of tune paraphrase swaps reported")
    ap.add_argument("--records", help="also write every scored swap here (JSONL)")
    ap.add_argument("--from-records", help="choose from the swaps of an earlier --records run")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    seen: list[dict[str, Any]] = []
    start = time.perf_counter()
    if args.from_records:
        lines = Path(args.from_records).read_text(encoding="utf-8").splitlines()
        seen = [json.loads(line) for line in lines if line.strip()]
    else:
        current: dict[str, Any] = {}
        _record(seen, current)
        collect(Checker(), seen, current)
    elapsed = time.perf_counter() - start
    tune = [r for r in seen if r["split"] == "tune"]
    test = [r for r in seen if r["split"] == "test"]
    threshold = choose(tune, args.budget)
    result = {
        "machine": f"{os.cpu_count()} CPU cores ({platform.machine()}), Python {sys.version.split()[0]}",
        "date": time.strftime("%Y-%m-%d"),
        "data": "DEMETR dev antonym items (eng_sent and mt_sent vs pert_sent) and faithful pairs "
        "(eng_sent vs mt_sent); OneStopEnglish Adv vs Int articles 41-140; tune = DEMETR ids 1-250 "
        "and OneStop 41-100, test = ids 251-500 and OneStop 101-140",
        "seconds": round(elapsed, 1),
        "budget": args.budget,
        "threshold": threshold,
        "shipped": OPPOSITE_SCORE,
        "tune": rates(tune, threshold),
        "test": rates(test, threshold),
        "test_at_shipped": rates(test, OPPOSITE_SCORE),
    }
    if args.records:
        Path(args.records).write_text("".join(json.dumps(r) + "\n" for r in seen), encoding="utf-8")
    print(
        f"threshold {threshold} nats (at most {args.budget:.1%} of tune paraphrase swaps); shipped {OPPOSITE_SCORE}"
    )
    print("| split | opposites | reported | paraphrase swaps | reported | faithful pairs with one | AUROC |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name in ("tune", "test"):
        r = result[name]
        print(
            f"| {name} | {r['opposites']} | {r['opposites_reported']} | {r['paraphrase_swaps']} |"
            f" {r['paraphrase_reported']} | {r['faithful_pairs_with_one']} | {r.get('auroc')} |"
        )
    dest = ROOT / "bench" / "results" / "opposites.json"
    dest.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
