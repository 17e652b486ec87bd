"""Provenance benchmark: who copied whom, and who wrote independently (``drift trace``).

One command, from the project root (real encoder, no language model, as
``drift trace --no-lm``; about six minutes on two CPU cores)::

    python -m bench.provenance [--groups 24] [--split all|train|test]

Every group is one trace, made from public data in ``../shared/data``; how each
label is known:

* ``ose``: OneStopEnglish. One article's advanced text (``Adv``, the Guardian
  original: the corpus says so) is the source; one of its intermediate or
  elementary versions (``Int``, ``Ele``, rewritten by the corpus's editors), drawn
  at random, is derived from it (only one: the corpus does not say whether an
  elementary text was written from the advanced or the intermediate one). Two more texts, the ``Int`` or ``Ele`` version of the two *other* articles
  nearest to it in TF-IDF cosine (the same kind of subject, shared topic words),
  are independent: written without this source, their own source left out.
* ``rep``: the republication generator (:mod:`bench.republication`) and its
  relatives, on an advanced article. The source; a faithful republication of it
  (house-style edits only); a drifted copy *of that republication* (one change
  of meaning: a copy of a copy, whose true parent is the republication); two
  cut-and-paste answers that copy overlapping passages of the source, each
  lightly revised (siblings: both descend from the source, not from each other);
  an MT-like copy of the source (clauses moved, function words dropped, some
  words swapped); and one independent text, the ``Ele`` version of the nearest
  other article.
* ``demetr``: DEMETR. Five consecutive items of one FLORES source make two short
  texts, the human translation (``eng_sent``) and the machine translation
  (``mt_sent``) of the same foreign sentences: two independent translations,
  siblings whose parent is not in the set, so neither derives from the other.
  Each group holds two such pairs (items 10k+1..10k+5 and 10k+6..10k+10).

Groups are split by a stable hash of their name: ``train`` (the thresholds in
:mod:`drift.provenance` were set there) and ``test`` (held out; reported).

Reports, per split: derived-vs-independent precision, recall and F1 over every
text (a text is predicted derived when it has an incoming ``copy``, ``rewrite`` or
``translation`` edge); the share of derived texts whose strongest derived edge
comes from the true parent; the share of independent texts called derived; the
sources called derived; and the share of true roots found.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OSE = ROOT.parent / "shared" / "data" / "onestopenglish" / "Texts-SeparatedByReadingLevel"
DEMETR = ROOT.parent / "shared" / "data" / "demetr-dev" / "critical_id10_numbers_replaced.json"
RESULTS = Path(__file__).resolve().parent / "results" / "provenance.json"
SEED = 16
PARAGRAPHS = 10

_SWAPS = {
    "said": "stated",
    "says": "states",
    "because": "since",
    "about": "around",
    "but": "however",
    "big": "large",
    "also": "moreover",
    "many": "numerous",
    "people": "persons",
    "very": "highly",
    "help": "assist",
    "show": "indicate",
    "buy": "purchase",
    "start": "begin",
    "get": "obtain",
    "new": "novel",
    "important": "significant",
    "problem": "issue",
    "children": "kids",
    "think": "believe",
}
_LIGHT = {
    "said": "says",
    "but": "yet",
    "also": "too",
    "about": "roughly",
    "important": "key",
    "because": "as",
    "however": "but",
    "very": "really",
    "big": "huge",
    "many": "lots of",
}


@dataclass
class Group:
    """One trace: texts by name, and each derived text's true parent."""

    name: str
    kind: str
    texts: dict[str, str]
    parent: dict[str, str]
    sources: set[str] = field(default_factory=set)

    @property
    def split(self) -> str:
        return "train" if hashlib.sha256(self.name.encode()).digest()[0] % 2 == 0 else "test"


def _paragraphs(path: Path, limit: int = PARAGRAPHS) -> list[str]:
    return [p.strip() for p in path.read_text("utf-8-sig").splitlines() if p.strip()][:limit]


def _level(stem: str, level: str) -> Path:
    return OSE / f"{level.capitalize()}-Txt" / f"{stem}-{level}.txt"


def _articles() -> list[str]:
    stems = []
    for f in sorted((OSE / "Adv-Txt").glob("*-adv.txt")):
        stem = f.name[: -len("-adv.txt")]
        if _level(stem, "int").exists() and _level(stem, "ele").exists() and len(_paragraphs(f)) >= 8:
            stems.append(stem)
    return stems


def _neighbours(stems: list[str]) -> dict[str, list[str]]:
    """Per article, the other articles by TF-IDF cosine of their advanced texts, nearest first."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [" ".join(_paragraphs(_level(s, "adv"), 100)) for s in stems]
    m = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    sims = (m @ m.T).toarray()
    out = {}
    for i, s in enumerate(stems):
        order = sorted((j for j in range(len(stems)) if j != i), key=lambda j: (-sims[i, j], stems[j]))
        out[s] = [stems[j] for j in order]
    return out


def _swap_words(text: str, table: dict[str, str], rng: random.Random, rate: float) -> str:
    def swap(m: re.Match[str]) -> str:
        w = m.group(0)
        new = table.get(w.lower())
        if new is None or rng.random() > rate:
            return w
        return new.capitalize() if w[0].isupper() else new

    return re.sub(r"\b[A-Za-z]+\b", swap, text)


def mt_like(paragraphs: list[str], rng: random.Random) -> str:
    """An MT-like copy: clauses moved around a comma, articles dropped, words swapped."""
    out = []
    for p in paragraphs:
        sents = re.split(r"(?<=[.!?])\s+", p)
        new = []
        for s in sents:
            head, sep, tail = s.rstrip(".").partition(", ")
            if sep and len(tail.split()) >= 4 and rng.random() < 0.5:
                s = f"{tail[:1].upper()}{tail[1:]}, {head[:1].lower()}{head[1:]}."
            s = re.sub(r"\b(the|a|an) (?=[a-z])", lambda m: "" if rng.random() < 0.3 else m.group(0), s)
            new.append(_swap_words(s, _SWAPS, rng, 0.8))
        out.append(" ".join(new))
    return "\n\n".join(out) + "\n"


def passage(paragraphs: list[str], start: int, end: int, rng: random.Random) -> str:
    """A cut-and-paste answer: paragraphs ``start:end``, a sentence dropped, a few words changed."""
    body = [_swap_words(p, _LIGHT, rng, 0.5) for p in paragraphs[start:end]]
    k = rng.randrange(len(body))
    sents = re.split(r"(?<=[.!?])\s+", body[k])
    if len(sents) > 1:
        del sents[rng.randrange(len(sents))]
        body[k] = " ".join(sents)
    return "\n\n".join(body) + "\n"


def ose_groups(stems: list[str], near: dict[str, list[str]], rng: random.Random) -> list[Group]:
    groups = []
    for stem in stems:
        rewrite = rng.choice(["int", "ele"])
        texts = {
            "adv": "\n\n".join(_paragraphs(_level(stem, "adv"))) + "\n",
            rewrite: "\n\n".join(_paragraphs(_level(stem, rewrite))) + "\n",
        }
        for k, other in enumerate(near[stem][:2]):
            level = rng.choice(["int", "ele"])
            texts[f"indep{k}"] = "\n\n".join(_paragraphs(_level(other, level))) + "\n"
        groups.append(Group(f"ose:{stem}", "ose", texts, {rewrite: "adv"}, {"adv"}))
    return groups


def rep_groups(stems: list[str], near: dict[str, list[str]], rng: random.Random) -> list[Group]:
    from bench.republication import _variants, drifted, faithful

    variants = _variants()
    names = ["Harrison", "Morales", "Okafor", "Lindqvist", "Tanaka", "Petrov"]
    kinds = ("number", "name", "negation", "modality", "attribution")
    groups = []
    for n, stem in enumerate(stems):
        paras = _paragraphs(_level(stem, "adv"))
        copy = faithful(paras, rng, variants)
        bad = next(
            (d for d in (drifted(copy, kinds[(n + i) % len(kinds)], rng, names) for i in range(5)) if d),
            None,
        )
        texts = {
            "source": "\n\n".join(paras) + "\n",
            "faithful": copy,
            "answer1": passage(paras, 0, 5, rng),
            "answer2": passage(paras, 3, 8, rng),
            "mt": mt_like(paras[:8], rng),
            "indep": "\n\n".join(_paragraphs(_level(near[stem][0], "ele"), 8)) + "\n",
        }
        parent = {"faithful": "source", "answer1": "source", "answer2": "source", "mt": "source"}
        if bad is not None:
            texts["drifted"] = bad
            parent["drifted"] = "faithful"
        groups.append(Group(f"rep:{stem}", "rep", texts, parent, {"source"}))
    return groups


def demetr_groups(count: int) -> list[Group]:
    items = {x["id"]: x for x in json.loads(DEMETR.read_text("utf-8"))}
    groups = []
    for k in range(count):
        texts = {}
        for half in (0, 1):
            ids = range(10 * k + 5 * half + 1, 10 * k + 5 * half + 6)
            texts[f"human{half}"] = "\n\n".join(items[i]["eng_sent"] for i in ids) + "\n"
            texts[f"machine{half}"] = "\n\n".join(items[i]["mt_sent"] for i in ids) + "\n"
        groups.append(Group(f"demetr:{k:02d}", "demetr", texts, {}))
    return groups


def make_groups(per_kind: int) -> list[Group]:
    rng = random.Random(SEED)
    stems = _articles()
    near = _neighbours(stems)
    order = list(stems)
    rng.shuffle(order)
    return (
        ose_groups(order[:per_kind], near, rng)
        + rep_groups(order[per_kind : 2 * per_kind], near, rng)
        + demetr_groups(min(per_kind, 50))
    )


def score(groups: list[Group], traces: dict[str, Any]) -> dict[str, Any]:
    tp = fp = fn = 0
    derived = parent_ok = indep = indep_derived = sources = sources_derived = roots = roots_found = 0
    misses: list[str] = []
    for g in groups:
        t = traces[g.name]
        into: dict[str, list[tuple[float, str]]] = {}
        for e in t["edges"]:
            if e["relation"] != "related":
                into.setdefault(e["child"], []).append((e["confidence"], e["parent"]))
        for name in g.texts:
            truth, pred = name in g.parent, name in into
            tp += truth and pred
            fp += pred and not truth
            fn += truth and not pred
            if truth:
                derived += 1
                best = max(into.get(name, [(0.0, "")]))[1]
                parent_ok += best == g.parent[name]
                if best != g.parent[name]:
                    misses.append(f"{g.name}/{name}: parent {best or '-'} (true {g.parent[name]})")
            else:
                roots += 1
                roots_found += not pred
                if name in g.sources:
                    sources += 1
                    sources_derived += pred
                else:
                    indep += 1
                    indep_derived += pred
                if pred:
                    misses.append(f"{g.name}/{name}: called derived from {max(into[name])[1]}")
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    return {
        "groups": len(groups),
        "texts": sum(len(g.texts) for g in groups),
        "derived_f1": round(2 * precision * recall / max(1e-9, precision + recall), 3),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "true_parent": round(parent_ok / max(1, derived), 3),
        "independent_called_derived": round(indep_derived / max(1, indep), 3),
        "sources_called_derived": f"{sources_derived}/{sources}",
        "roots_found": round(roots_found / max(1, roots), 3),
        "misses": misses,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", type=int, default=24, help="groups per kind (ose, rep, demetr)")
    ap.add_argument("--split", choices=("all", "train", "test"), default="all")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from drift.ingest import document_from_bytes
    from drift.pipeline import Checker, Settings
    from drift.provenance import Tracer

    groups = [g for g in make_groups(args.groups) if args.split in ("all", g.split)]
    tracer = Tracer(Checker(settings=Settings(use_lm=False)))
    started = time.perf_counter()
    traces: dict[str, Any] = {}
    for g in groups:
        docs = [
            document_from_bytes(f"{g.name}/{name}.txt", text.encode("utf-8"), doc_id=name)
            for name, text in sorted(
                g.texts.items(), key=lambda kv: hashlib.sha256(kv[1].encode()).hexdigest()
            )
        ]
        traces[g.name] = tracer.trace(docs).to_json()
    seconds = time.perf_counter() - started
    summary: dict[str, Any] = {"seconds": round(seconds, 1), "signature": tracer.signature, "splits": {}}
    print(
        f"{'split':<6} {'kind':<7} {'groups':>6} {'texts':>5} {'F1':>6} {'P':>6} {'R':>6} "
        f"{'parent':>6} {'ind->d':>6} {'src->d':>6} {'roots':>6}"
    )
    for split in ("train", "test"):
        part = [g for g in groups if g.split == split]
        if not part:
            continue
        rows = {"all": score(part, traces)}
        for kind in ("ose", "rep", "demetr"):
            sub = [g for g in part if g.kind == kind]
            if sub:
                rows[kind] = score(sub, traces)
        summary["splits"][split] = rows
        for kind, r in rows.items():
            print(
                f"{split:<6} {kind:<7} {r['groups']:>6} {r['texts']:>5} {r['derived_f1']:>6.3f} "
                f"{r['precision']:>6.3f} {r['recall']:>6.3f} {r['true_parent']:>6.3f} "
                f"{r['independent_called_derived']:>6.3f} {r['sources_called_derived']:>6} "
                f"{r['roots_found']:>6.3f}"
            )
    for split, rows in summary["splits"].items():
        for m in rows["all"]["misses"][:40]:
            print(f"  {split}: {m}")
    print(f"{len(groups)} traces in {seconds:.0f} s")
    RESULTS.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
