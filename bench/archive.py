"""Archive benchmark: index build, find latency and recall, scan throughput.

One command (from the repository root)::

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.archive [--docs 20000] [--copies 1000]

Builds a synthetic archive in a temporary directory (never in the repository) from
public text in ``../shared/data``: sentences of the OneStopEnglish articles, the
IteraTeR ``before`` sentences and DEMETR's English sentences, 8-16 per document.
Copies of ``--copies`` archived documents are made four ways:

* verbatim: the same text;
* trimmed: the first 40-70 % of the sentences;
* rewritten: sentences split at a comma and neighbours merged, two moved, a few
  words swapped for synonyms;
* translated-like: every sentence paraphrased: IteraTeR's revised sentence or
  DEMETR's machine translation where the corpus has one, otherwise synonyms and
  the clause order changed, and the sentence order shuffled.

The large-scale timing uses the hashing encoder (MiniLM at ~250 sentences/s on
two CPU cores cannot embed ~10^6 sentences in the time); recall is measured with
it and, on a smaller archive, with the real MiniLM encoder. The scan of copies
runs ``drift scan`` (full comparison, no LM) with 1 and 2 local dask workers.
Prints a table and writes ``bench/results/archive.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SYNONYMS = {
    "said": "stated",
    "says": "states",
    "big": "large",
    "large": "big",
    "small": "little",
    "people": "individuals",
    "help": "assist",
    "show": "demonstrate",
    "shows": "demonstrates",
    "use": "employ",
    "used": "employed",
    "many": "numerous",
    "important": "significant",
    "new": "novel",
    "start": "begin",
    "started": "began",
    "buy": "purchase",
    "get": "obtain",
    "make": "create",
    "made": "created",
    "very": "extremely",
    "about": "around",
    "also": "additionally",
    "however": "nevertheless",
    "because": "since",
    "problem": "issue",
    "problems": "issues",
    "country": "nation",
    "children": "kids",
    "city": "town",
    "found": "discovered",
    "think": "believe",
    "world": "globe",
    "first": "initial",
}


def load_pool() -> tuple[list[str], dict[str, str]]:
    """Sentences for documents and a paraphrase for those the corpora revise or translate."""
    from drift.archive import quick_sentences

    pool: list[str] = []
    para: dict[str, str] = {}
    ose = DATA / "onestopenglish" / "Texts-SeparatedByReadingLevel"
    for path in sorted(ose.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        pool.extend(s for s in quick_sentences(text) if len(s.split()) >= 6)
    for name in ("train.json", "dev.json", "test.json"):
        path = DATA / "iterater" / "human_sent_level" / name
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            obj = json.loads(line)
            before, after = obj["before_sent"].strip(), obj["after_sent"].strip()
            if len(before.split()) >= 6 and before != after:
                pool.append(before)
                para[before] = after
    for path in sorted((DATA / "demetr-dev").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            eng, mt = item["eng_sent"].strip(), item["mt_sent"].strip()
            if eng not in para and len(eng.split()) >= 6:
                pool.append(eng)
                para[eng] = mt
    return sorted(set(pool)), para


def synonyms(sentence: str, rng: random.Random, rate: float) -> str:
    words = sentence.split()
    out = []
    for w in words:
        core = w.strip(".,;:!?\"'").lower()
        if core in SYNONYMS and rng.random() < rate:
            out.append(w.replace(core, SYNONYMS[core]) if core in w else SYNONYMS[core])
        else:
            out.append(w)
    return " ".join(out)


def rewrite(sents: list[str], rng: random.Random) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(sents):
        s = synonyms(sents[i], rng, 0.5)
        if "," in s and rng.random() < 0.3:  # split
            a, b = s.split(",", 1)
            out.extend([a.strip() + ".", b.strip()[:1].upper() + b.strip()[1:]])
        elif i + 1 < len(sents) and rng.random() < 0.2:  # merge
            out.append(s.rstrip(".") + ", and " + sents[i + 1][:1].lower() + sents[i + 1][1:])
            i += 1
        else:
            out.append(s)
        i += 1
    for _ in range(2):  # move two sentences
        if len(out) > 2:
            out.insert(rng.randrange(len(out)), out.pop(rng.randrange(len(out))))
    return out


def translate_like(sents: list[str], para: dict[str, str], rng: random.Random) -> list[str]:
    out = []
    for s in sents:
        if s in para:
            out.append(para[s])
            continue
        t = synonyms(s, rng, 1.0)
        if "," in t:
            a, b = t.rstrip(".").split(",", 1)
            t = b.strip()[:1].upper() + b.strip()[1:] + ", " + a[:1].lower() + a[1:] + "."
        out.append(t)
    rng.shuffle(out)
    return out


def build(
    workdir: Path, n_docs: int, n_copies: int, seed: int = 13
) -> tuple[Path, dict[str, dict[str, Path]]]:
    pool, para = load_pool()
    rng = random.Random(seed)
    arch = workdir / "archive"
    copies = workdir / "copies"
    docs: list[list[str]] = []
    for i in range(n_docs):
        sents = rng.sample(pool, rng.randint(8, 16))
        docs.append(sents)
        sub = arch / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:06d}.txt").write_text("\n\n".join(sents) + "\n", encoding="utf-8")
    chosen = rng.sample(range(n_docs), min(n_copies, n_docs))
    made: dict[str, dict[str, Path]] = {k: {} for k in ("verbatim", "trimmed", "rewritten", "translated")}
    for k in made:
        (copies / k).mkdir(parents=True, exist_ok=True)
    for i in chosen:
        s = docs[i]
        src = str((arch / f"{i // 1000:03d}" / f"doc{i:06d}.txt").resolve())
        variants = {
            "verbatim": s,
            "trimmed": s[: max(3, int(len(s) * rng.uniform(0.4, 0.7)))],
            "rewritten": rewrite(s, rng),
            "translated": translate_like(s, para, rng),
        }
        for kind, sents in variants.items():
            p = copies / kind / f"copy{i:06d}.txt"
            p.write_text("\n\n".join(sents) + "\n", encoding="utf-8")
            made[kind][src] = p
    return arch, made


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(arch: Path, made: dict[str, dict[str, Path]], db: Path, encoder: Any) -> dict[str, Any]:
    from drift.archive import Archive

    t0 = time.perf_counter()
    with Archive(str(db), encoder=encoder) as archive:
        stats = archive.index(str(arch))
        build_s = time.perf_counter() - t0
        n = len(archive)
        t1 = time.perf_counter()
        archive.lsh()
        lsh_s = time.perf_counter() - t1
        size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
        t2 = time.perf_counter()
        stats2 = archive.index(str(arch))
        reindex_s = time.perf_counter() - t2
        kinds: dict[str, Any] = {}
        lat: list[float] = []
        for kind, pairs in made.items():
            r1 = r5 = 0
            for src, copy in pairs.items():
                s = time.perf_counter()
                found = archive.find(str(copy), top=5, exclude_self=False)
                lat.append(time.perf_counter() - s)
                ranked = [c.path for c in found]
                r1 += bool(ranked) and ranked[0] == src
                r5 += src in ranked
            kinds[kind] = {"copies": len(pairs), "recall@1": r1 / len(pairs), "recall@5": r5 / len(pairs)}
    lat.sort()
    return {
        "docs": n,
        "encoder": encoder.name,
        "index_build_s": round(build_s, 2),
        "docs_per_s": round(stats.added / build_s, 1),
        "reindex_unchanged_s": round(reindex_s, 2),
        "unchanged_on_reindex": stats2.unchanged,
        "lsh_build_s": round(lsh_s, 2),
        "index_mb": round(size / 2**20, 1),
        "find_p50_ms": round(1000 * statistics.median(lat), 1),
        "find_p95_ms": round(1000 * lat[int(0.95 * (len(lat) - 1))], 1),
        "recall": kinds,
        "peak_rss_mb": round(peak_mb(), 0),
    }


def scan_runs(arch_db: Path, made: dict[str, dict[str, Path]], workdir: Path, n: int) -> dict[str, Any]:
    """drift scan over ``n`` copies (all four kinds) with 1 and 2 local dask workers."""
    from drift.scan import scan

    scan_dir = workdir / "scan"
    per = max(1, n // 4)
    for kind, pairs in made.items():
        (scan_dir / kind).mkdir(parents=True, exist_ok=True)
        for copy in list(pairs.values())[:per]:
            shutil.copy(copy, scan_dir / kind / copy.name)
    out: dict[str, Any] = {"copies": per * 4}
    for workers in (1, 2):
        target = workdir / f"scan{workers}.parquet"
        t = time.perf_counter()
        rows = scan(str(scan_dir), str(arch_db), str(target), use_lm=False, workers=workers, quiet=True)
        secs = time.perf_counter() - t
        out[f"workers_{workers}"] = {
            "seconds": round(secs, 1),
            "copies_per_s": round(len(rows) / secs, 2),
            "errors": sum(1 for r in rows if r["error"]),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20000, help="archive size for the hashing-encoder run")
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--minilm-docs", type=int, default=1000, help="archive size for the MiniLM run (0: skip)")
    ap.add_argument("--minilm-copies", type=int, default=200)
    ap.add_argument(
        "--scan-copies", type=int, default=100, help="copies scanned with 1 and 2 workers (0: skip)"
    )
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from drift.embeddings import HashingEncoder

    work = Path(tempfile.mkdtemp(prefix="drift-archive-bench-"))
    results: dict[str, Any] = {
        "machine": f"{os.cpu_count()} CPU cores, Python {sys.version.split()[0]}",
        "data": "sentences of OneStopEnglish, IteraTeR (before) and DEMETR (eng) from ../shared/data",
    }
    try:
        arch, made = build(work / "hash", args.docs, args.copies)
        results["hashing"] = measure(arch, made, work / "hash" / "index.db", HashingEncoder())
        if args.minilm_docs:
            from drift.embeddings import default_encoder

            arch2, made2 = build(work / "minilm", args.minilm_docs, args.minilm_copies, seed=29)
            results["minilm"] = measure(arch2, made2, work / "minilm" / "index.db", default_encoder())
        if args.scan_copies:
            import drift.resources

            drift.resources.default_encoder = lambda: HashingEncoder()  # type: ignore[attr-defined]
            results["scan"] = scan_runs(work / "hash" / "index.db", made, work, args.scan_copies)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / "bench" / "results" / "archive.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    head = ("docs", "build s", "docs/s", "MB", "p50 ms", "p95 ms", "RSS MB")
    print(f"{'run':8} " + " ".join(f"{h:>7}" for h in head))
    for key in ("hashing", "minilm"):
        if key in results:
            r = results[key]
            print(
                f"{key:8} {r['docs']:>7} {r['index_build_s']:>8} {r['docs_per_s']:>7} {r['index_mb']:>6} "
                f"{r['find_p50_ms']:>7} {r['find_p95_ms']:>7} {r['peak_rss_mb']:>7}"
            )
    print(f"\n{'run':8} {'kind':11} {'copies':>6} {'R@1':>6} {'R@5':>6}")
    for key in ("hashing", "minilm"):
        for kind, v in results.get(key, {}).get("recall", {}).items():
            print(f"{key:8} {kind:11} {v['copies']:>6} {v['recall@1']:>6.3f} {v['recall@5']:>6.3f}")
    if "scan" in results:
        s = results["scan"]
        for w in (1, 2):
            v = s[f"workers_{w}"]
            print(
                f"\nscan {s['copies']} copies, {w} worker(s): {v['seconds']} s ({v['copies_per_s']}/s)",
                end="",
            )
        print()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
