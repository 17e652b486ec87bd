"""Where the language model can still move a lexical decision: the gate's cap, set on data.

The lexical score is ``without_lm + w_lm * max(0, lm_drop)``, flagged at ``flag_score``.
The language model only ever adds to it, so a candidate already at the flag, or so far
below it that no plausible drop reaches it, needs no language model. "Plausible" is the
cap on the drop: this script scores every lexical candidate of a DEMETR sample with the
language model, sets the cap on ids 1-250 (the smallest drop quantile that changes at
most ``--budget`` of the tune candidates' flags), and reports on ids 251-500 how many
candidates the gate spares the language model and how many flags it changes.

    .venv/bin/python -m bench.lm_gate            # writes bench/results/lm_gate.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.detection import TARGETS, TEST, TUNE, demetr, run_records
from drift.detectors.lexical_meaning import LexicalMeaningDetector
from drift.pipeline import Checker, Settings

ROOT = Path(__file__).resolve().parents[1]


def _pairs(per_type: int, seed: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    items = demetr(list(TARGETS))
    out: list[tuple[str, str, str]] = []
    faithful: dict[int, Any] = {}
    for name, rows in items.items():
        for split, ids in (("tune", TUNE), ("test", TEST)):
            chosen = [r for r in rows if r.id in ids and r.checked]
            for r in rng.sample(chosen, min(per_type, len(chosen))):
                out.append((f"{split}|{name}|{r.id}", r.eng, r.pert_sent))
        for r in rows:
            faithful.setdefault(r.id, r)
    for split, ids in (("tune", TUNE), ("test", TEST)):
        for i in rng.sample([i for i in faithful if i in ids], per_type * 2):
            out.append((f"{split}|faithful|{i}", faithful[i].eng, faithful[i].mt))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-type", type=int, default=40, help="pairs per perturbation type and split")
    ap.add_argument("--budget", type=float, default=0.005, help="share of tune flags the gate may change")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    seen: list[dict[str, Any]] = []
    current: list[str] = [""]
    original = LexicalMeaningDetector.features

    def recording(self: LexicalMeaningDetector, ctx: Any, cands: list[Any]) -> list[Any]:
        feats = original(self, ctx, cands, gate=False)
        for f in feats:
            if f.synonym or f.lm_drop is None:
                continue
            full = self.score(f)
            without = full - self.t.w_lm * max(0.0, f.lm_drop)
            seen.append({"pair": current[0], "without": without, "drop": f.lm_drop, "full": full})
        return feats

    LexicalMeaningDetector.features = recording  # type: ignore[method-assign]
    checker = Checker(settings=Settings())
    lexical = next(d for d in checker.detectors if isinstance(d, LexicalMeaningDetector))
    flag, w_lm = lexical.t.flag_score, lexical.t.w_lm
    pairs = _pairs(args.per_type, args.seed)
    start = time.perf_counter()
    for pid, src, cpy in pairs:
        current[0] = pid
        run_records(checker, [(pid, src, cpy)])
    elapsed = time.perf_counter() - start
    tune = [r for r in seen if r["pair"].startswith("tune|")]
    test = [r for r in seen if r["pair"].startswith("test|")]

    def changed(rows: list[dict[str, Any]], cap: float) -> tuple[int, int]:
        """(flags changed, candidates spared) when the LM runs only for open candidates."""
        flips = spared = 0
        for r in rows:
            open_ = r["without"] < flag <= r["without"] + w_lm * cap
            if open_:
                continue
            spared += 1
            if (r["full"] >= flag) != (r["without"] >= flag):
                flips += 1
        return flips, spared

    drops = np.array([max(0.0, r["drop"]) for r in tune])
    cap = float(drops.max()) if len(drops) else 0.0
    for q in np.arange(0.50, 1.0001, 0.005):
        value = float(np.quantile(drops, q))
        flips, _ = changed(tune, value)
        if flips <= args.budget * max(1, sum(r["full"] >= flag for r in tune)):
            cap = value
            break
    result: dict[str, Any] = {
        "machine": f"{os.cpu_count()} CPU cores ({platform.machine()}), Python {sys.version.split()[0]}",
        "date": time.strftime("%Y-%m-%d"),
        "data": "DEMETR dev (../shared/data/demetr-dev), eng_sent vs pert_sent for the critical types "
        "and eng_sent vs mt_sent (faithful); tune ids 1-250, test ids 251-500",
        "pairs": len(pairs),
        "seconds": round(elapsed, 1),
        "flag_score": flag,
        "w_lm": w_lm,
        "budget": args.budget,
        "cap": round(cap, 3),
    }
    print("| split | candidates | flagged with the LM | spared the LM | flags changed |")
    print("|---|--:|--:|--:|--:|")
    for name, rows in (("tune (ids 1-250)", tune), ("test (ids 251-500)", test)):
        flips, spared = changed(rows, cap)
        flagged = sum(r["full"] >= flag for r in rows)
        result[name.split()[0]] = {
            "candidates": len(rows),
            "flagged": flagged,
            "spared": spared,
            "flips": flips,
        }
        print(f"| {name} | {len(rows)} | {flagged} | {spared} ({spared / max(1, len(rows)):.0%}) | {flips} |")
    print(f"\ncap on the drop: {cap:.2f} nats (w_lm {w_lm}, flag at {flag})")
    dest = ROOT / "bench" / "results" / "lm_gate.json"
    dest.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
