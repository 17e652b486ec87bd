"""Cold ``drift check`` against the model floor, measured side by side in one run.

The floor (issue 13's definition) is a fresh Python process that imports
sentence-transformers, loads the same all-MiniLM-L6-v2 and embeds the sentences of
both files. Each ``drift`` row is a fresh process too. The rows alternate, run after
run, so a machine that gets busier slows all of them alike; the table gives the
median wall time, CPU time and peak memory of each, and the ratio to the floor.

    .venv/bin/python -m bench.cold_check            # 3 rounds
    .venv/bin/python -m bench.cold_check --rounds 5

Writes ``bench/results/cold_check.json``. The models' one-time conversion is done
before the first round, so no row pays for it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

FLOOR = """
import json, sys
from sentence_transformers import SentenceTransformer
from drift.models.encoder import minilm_path
texts = json.load(open(sys.argv[1], encoding="utf-8"))
model = SentenceTransformer(str(minilm_path()), device="cpu")
model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
"""

ONNX_FLOOR = """
import json, sys
from drift.models.encoder import OnnxMiniLMEncoder
texts = json.load(open(sys.argv[1], encoding="utf-8"))
OnnxMiniLMEncoder().encode(texts)
"""


def _sentences(paths: list[Path]) -> list[str]:
    from drift.ingest import load_documents

    return [s.plain for d in load_documents([str(p) for p in paths]) for s in d.sentences]


def _run(argv: list[str]) -> dict[str, float]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed:\n{err[-2000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    python = sys.executable
    drift = [python, "-m", "drift", "check"]
    pair = [SEEDS.glob("000_*.txt").__next__(), SEEDS.glob("003_*.txt").__next__()]
    five = sorted(SEEDS.glob("00[0-4]_*.txt"))
    work = Path(tempfile.mkdtemp(prefix="drift-cold-"))
    texts = work / "texts.json"
    texts.write_text(json.dumps(_sentences(pair)), encoding="utf-8")
    out = work / "out.json"

    def check(files: list[Path], *extra: str) -> list[str]:
        return [*drift, *map(str, files), *extra, "--fail-on", "none", "-o", str(out), "--force"]

    rows: dict[str, list[str]] = {
        "floor: sentence-transformers + MiniLM, embed both files": [python, "-c", FLOOR, str(texts)],
        "drift check 000 003": check(pair),
        "drift check 000 003 --no-lm": check(pair, "--no-lm"),
        "drift check, the five seeds": check(five),
        "onnxruntime + MiniLM, embed both files (the stretch floor)": [python, "-c", ONNX_FLOOR, str(texts)],
    }
    _run(rows["drift check 000 003"])  # converts the models once if the cache is empty
    samples: dict[str, list[dict[str, float]]] = {k: [] for k in rows}
    for r in range(args.rounds):
        for name, argv in rows.items():
            samples[name].append(_run(argv))
            print(f"round {r + 1}: {name}: {samples[name][-1]['wall_s']:.1f} s", file=sys.stderr)
    table: dict[str, dict[str, Any]] = {}
    for name, runs in samples.items():
        table[name] = {k: round(statistics.median(x[k] for x in runs), 2) for k in runs[0]}
        table[name]["walls"] = [round(x["wall_s"], 2) for x in runs]
    floor = table["floor: sentence-transformers + MiniLM, embed both files"]["wall_s"]
    print(f"\n| run ({args.rounds} rounds, median) | wall s | × floor | CPU s | peak MB |")
    print("|---|--:|--:|--:|--:|")
    for name, row in table.items():
        row["ratio"] = round(row["wall_s"] / floor, 2)
        cells = f"{row['wall_s']:.1f} | {row['ratio']:.2f} | {row['cpu_s']:.1f} | {row['peak_mb']:.0f}"
        print(f"| {name} | {cells} |")
    result = {
        "machine": f"{os.cpu_count()} CPU cores ({platform.machine()}), Python {sys.version.split()[0]}",
        "date": time.strftime("%Y-%m-%d"),
        "rounds": args.rounds,
        "sentences_embedded_by_floor": len(json.loads(texts.read_text(encoding="utf-8"))),
        "rows": table,
    }
    dest = ROOT / "bench" / "results" / "cold_check.json"
    dest.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {dest.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
