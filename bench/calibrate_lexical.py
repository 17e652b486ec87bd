"""Calibrate the lexical_meaning score on DEMETR ids 1-250 (never on 251-500).

Collects the features of every candidate swap that the lexical detector measures
on antonym perturbations (positives: the swapped word is the injected one) and on
faithful (eng, mt) translation pairs (negatives), fits a logistic regression and
prints the weights for :class:`drift.detectors.lexical_meaning.LexicalThresholds`, with the
threshold that keeps candidate-level false alarms at the chosen rate.

    .venv/bin/python -m bench.calibrate_lexical [--fp-rate 0.01]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from bench.detection import RESULTS, TUNE, demetr
from drift.align.sides import Side
from drift.detectors.base import PairContext
from drift.detectors.lexical_meaning import LexicalMeaningDetector
from drift.ingest import document_from_text
from drift.pipeline import Checker


def collect(checker: Checker, pairs: list[tuple[str, str]], det: LexicalMeaningDetector) -> list[list[float]]:
    rows: list[list[float]] = []
    parse = checker.resources.parser
    checker.resources.parser.parse_many([t for p in pairs for t in p])
    for source, copy in pairs:
        s, c = document_from_text("s", source), document_from_text("c", copy)
        if not s.sentences or not c.sentences:
            continue
        ctx = PairContext(
            Side.build(s, range(len(s.sentences)), parse),
            Side.build(c, range(len(c.sentences)), parse),
            0.9,
            checker.settings.policy,
            checker.resources,
        )
        if ctx.identical:
            continue
        cands = det.candidates(ctx)
        for f in det.features(ctx, cands):
            if f.synonym:
                continue
            cos = f.word_cosine if f.word_cosine is not None else det.t.unknown_cosine
            rows.append([1.0 - cos, max(0.0, f.lm_drop or 0.0), f.surprisal_gap or 0.0, f.embed_shift])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fp-rate", type=float, default=0.01)
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sklearn.linear_model import LogisticRegression

    items = demetr(["antonym"])["antonym"]
    tune = [i for i in items if i.id in TUNE and i.checked]
    checker = Checker()
    det = LexicalMeaningDetector()
    pos = collect(checker, [(i.mt, i.pert_sent) for i in tune], det)
    neg = collect(checker, [(i.eng, i.mt) for i in items if i.id in TUNE], det)
    x = np.array(pos + neg)
    y = np.array([1] * len(pos) + [0] * len(neg))
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(x, y)
    z = model.decision_function(np.array(neg))
    cut = float(np.quantile(z, 1.0 - args.fp_rate))
    zp = model.decision_function(np.array(pos))
    coef = model.coef_[0]
    out: dict[str, Any] = {
        "positives": len(pos),
        "negatives": len(neg),
        "w_word": round(float(coef[0]), 4),
        "w_lm": round(float(coef[1]), 4),
        "w_gap": round(float(coef[2]), 4),
        "w_embed": round(float(coef[3]), 4),
        "bias": round(float(model.intercept_[0]) - cut, 4),
        "flag_score": 0.0,
        "candidate_recall_at_cut": round(float((zp >= cut).mean()), 4),
        "candidate_false_alarms_at_cut": round(float((z >= cut).mean()), 4),
    }
    Path(RESULTS).mkdir(parents=True, exist_ok=True)
    (Path(RESULTS) / "lexical_calibration.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
