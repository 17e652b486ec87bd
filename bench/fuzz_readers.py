"""Fuzzing the readers: the seed articles as plain text, HTML and Markdown, mutated at
random (bytes flipped, inserted, cut or repeated; markup tokens scattered or repeated
thousands of times; encodings swapped; seeds spliced), read with
:func:`drift.ingest.document_from_bytes`.

One command, from the project root (fixed seed, so a run is repeatable)::

    python -m bench.fuzz_readers [--seconds 60] [--seed 14] [--case-timeout 10]

A failure is any exception other than drift's own user error
(:class:`drift.errors.DriftError`), a case that runs past ``--case-timeout`` seconds
(each case runs in a worker process that is killed then), or a result that breaks
the reader's promises: a sentence that is not ``text[start:end]``, longer than
:data:`drift.ingest.sentences.MAX_SENTENCE`, out of order, or a clean text that does
not map back into the text. Writes ``bench/results/fuzz_readers.json`` with the
counts and each failure (its kind, mutations and the start of its bytes); the
failing inputs are saved under ``--save`` when given.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import multiprocessing as mp
import random
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "fuzz_readers.json"
KINDS = (".txt", ".html", ".md")
TOKENS = [
    "<", ">", "<a ", "</p>", "<p>", "<p class='x'>", "<!--", "-->", "<![CDATA[", "]]>", "<?", "<!",
    "<script>", "</script>", "<table><tr><td>", "</td></tr></table>", "&#", "&#x", "&amp;", "&", ";",
    "[", "]", "](", "![", "](http://x", "<http://", "|", "| --- |", "---", "```", "~~~", "# ", "> ",
    "- ", "1. ", "*", "**", "_", "`", "\\", "\n", "\r\n", "\r", "\n\n", "\t", " ", ".", ". ", "?", "!",
    "“", "”", '"', "'", "‘", "’", "«", "»", "(", ")", "\u2028", "\u2029", "\u0085", "\u00a0", "\ufeff",
    "\u200b", "\u0301", "😀", "Mr. ", "U.S. ", "a. ", "BEIRUT (Reuters) - ", "By John Smith", "Photo: AP",
    "Published 2024-12-07", "\x00", "\x1b", "\ufffd",
]  # fmt: skip


def _seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def _as_html(text: str) -> str:
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    body = "".join(f"<p>{p}</p>\n" for p in paras[1:])
    return f"<!DOCTYPE html><html><head><title>{paras[0]}</title></head><body><article><h1>{paras[0]}</h1>\n{body}</article></body></html>\n"


def _as_markdown(text: str) -> str:
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    out = [f"# {paras[0]}", ""]
    for n, p in enumerate(paras[1:]):
        words = p.split()
        if n % 3 == 1 and len(words) > 4:
            words[2] = f"**{words[2]}**"
            words[4] = f"[{words[4]}](https://example.com/{n})"
        out += [" ".join(words), ""]
        if n == 2:
            out += ["| a | b |", "| --- | --- |", "| 1 | 2 |", ""]
    return "\n".join(out)


def _mutate(rng: random.Random, data: bytes, others: list[bytes]) -> tuple[bytes, list[str]]:
    """One to four random mutations of ``data``, with their names."""
    done: list[str] = []
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(
            [
                "flip",
                "insert",
                "delete",
                "duplicate",
                "token",
                "tokens",
                "repeat",
                "splice",
                "truncate",
                "encode",
            ]
        )
        n = len(data)
        if op == "flip" and n:
            buf = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                buf[rng.randrange(n)] = rng.randrange(256)
            data = bytes(buf)
        elif op == "insert":
            at = rng.randint(0, n)
            data = data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + data[at:]
        elif op == "delete" and n:
            a = rng.randrange(n)
            data = data[:a] + data[a + rng.randint(1, max(1, n // 4)) :]
        elif op == "duplicate" and n:
            a = rng.randrange(n)
            piece = data[a : a + rng.randint(1, 2000)]
            data = data[:a] + piece * rng.randint(2, 50) + data[a:]
        elif op == "token":
            for _ in range(rng.randint(1, 30)):
                at = rng.randint(0, len(data))
                data = data[:at] + rng.choice(TOKENS).encode("utf-8") + data[at:]
        elif op == "tokens":
            at = rng.randint(0, n)
            run = "".join(rng.choice(TOKENS) for _ in range(rng.randint(10, 400)))
            data = data[:at] + run.encode("utf-8") + data[at:]
        elif op == "repeat":
            at = rng.randint(0, n)
            unit = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 3)))
            data = data[:at] + (unit * rng.randint(1_000, 30_000)).encode("utf-8") + data[at:]
        elif op == "splice":
            other = rng.choice(others)
            data = data[: rng.randint(0, n)] + other[rng.randint(0, len(other)) :]
        elif op == "truncate" and n:
            data = data[: rng.randint(0, n)]
        elif op == "encode":
            text = data.decode("utf-8", "replace")
            codec = rng.choice(
                ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1252", "latin-1", "mac_roman"]
            )
            data = text.encode(codec, "replace")
        else:
            continue
        done.append(op)
    return data, done


def _check(doc: Any) -> str | None:
    """The first broken promise of a document read, or ``None``."""
    from drift.ingest.sentences import MAX_SENTENCE

    previous = 0
    for pos, s in enumerate(doc.sentences):
        if s.index != pos:
            return f"sentence {pos} has index {s.index}"
        if doc.text[s.start : s.end] != s.text:
            return f"sentence {pos} is not text[{s.start}:{s.end}]"
        if s.start < previous:
            return f"sentence {pos} starts before the end of the one before"
        if len(s.plain) > MAX_SENTENCE:
            return f"sentence {pos} has {len(s.plain)} characters"
        mapped = s.clean is None or (
            s.char_map is not None
            and len(s.clean) == len(s.char_map)
            and all(s.start <= i < s.end for i in s.char_map)
        )
        if not mapped:
            return f"sentence {pos}'s clean text does not map into its range"
        previous = s.end
    for item in doc.furniture:
        if doc.text[item.start : item.end] != item.text:
            return f"furniture {item.kind} is not text[{item.start}:{item.end}]"
    return None


def _worker(conn: Connection) -> None:
    import warnings

    from drift.errors import DriftError
    from drift.ingest import document_from_bytes

    warnings.simplefilter("ignore")
    while True:
        job = conn.recv()
        if job is None:
            return
        suffix, data = job
        try:
            doc = document_from_bytes(f"case{suffix}", data)
        except DriftError as exc:
            conn.send(("refused", str(exc)[1:5]))
        except Exception as exc:  # the failures this bench looks for
            tail = traceback.format_exc().strip().splitlines()[-3:]
            conn.send(("crash", f"{type(exc).__name__}: {exc}"[:300] + " | " + " / ".join(tail)[:400]))
        else:
            broken = _check(doc)
            conn.send(("broken", broken) if broken else ("read", str(len(doc.sentences))))


class _Pool:
    """One worker process, restarted after a case that hangs."""

    def __init__(self) -> None:
        self.ctx = mp.get_context("fork")
        self._start()

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()

    def run(self, suffix: str, data: bytes, timeout: float) -> tuple[str, str]:
        self.conn.send((suffix, data))
        if self.conn.poll(timeout):
            try:
                outcome: tuple[str, str] = self.conn.recv()
                return outcome
            except EOFError:
                self._start()
                return "crash", "worker died"
        self.proc.kill()
        self.proc.join()
        self._start()
        return "hang", f"over {timeout:g} s"

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(5)


def fuzz(seconds: float, seed: int, case_timeout: float, save: Path | None) -> dict[str, Any]:
    """Mutate and read cases until ``seconds`` have passed."""
    rng = random.Random(seed)
    texts = _seeds()
    bases = {
        ".txt": [t.encode("utf-8") for t in texts],
        ".html": [_as_html(t).encode("utf-8") for t in texts],
        ".md": [_as_markdown(t).encode("utf-8") for t in texts],
    }
    everything = [b for group in bases.values() for b in group]
    pool = _Pool()
    pool.run(".html", bases[".html"][0], 120)  # imports trafilatura and pysbd in the worker
    outcomes: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    per_kind: Counter[str] = Counter()
    failures: list[dict[str, Any]] = []
    slowest = (0.0, "")
    started = time.perf_counter()
    cases = 0
    while time.perf_counter() - started < seconds:
        suffix = rng.choice(KINDS)
        data, ops = _mutate(rng, rng.choice(bases[suffix]), everything)
        t0 = time.perf_counter()
        outcome, detail = pool.run(suffix, data, case_timeout)
        took = time.perf_counter() - t0
        cases += 1
        outcomes[outcome] += 1
        per_kind[suffix] += 1
        if outcome == "refused":
            codes[detail] += 1
        if took > slowest[0]:
            slowest = (took, f"{suffix} {'+'.join(ops)} {len(data):,} bytes")
        if outcome in ("crash", "hang", "broken"):
            digest = hashlib.sha256(data).hexdigest()[:16]
            failures.append(
                {
                    "case": cases,
                    "kind": suffix,
                    "mutations": ops,
                    "outcome": outcome,
                    "detail": detail,
                    "bytes": len(data),
                    "sha256": digest,
                    "head_base64": base64.b64encode(data[:256]).decode("ascii"),
                }
            )
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"{digest}{suffix}").write_bytes(data)
            print(f"  FAIL case {cases} {suffix} {'+'.join(ops)}: {outcome} {detail[:120]}", flush=True)
    pool.close()
    elapsed = time.perf_counter() - started
    return {
        "seed": seed,
        "seconds": round(elapsed, 1),
        "case_timeout_s": case_timeout,
        "cases": cases,
        "cases_by_kind": {k.lstrip("."): per_kind[k] for k in KINDS},
        "outcomes": {k: outcomes[k] for k in ("read", "refused", "crash", "hang", "broken")},
        "refused_by_code": dict(sorted(codes.items())),
        "failures": len(failures),
        "slowest_case_s": round(slowest[0], 2),
        "slowest_case": slowest[1],
        "failed_cases": failures[:50],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="time budget (default 60)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--case-timeout", type=float, default=10.0, help="a case running longer is a hang")
    ap.add_argument("--save", type=Path, help="save each failing input in this directory")
    ap.add_argument("--output", type=Path, default=RESULTS)
    args = ap.parse_args()
    result = fuzz(args.seconds, args.seed, args.case_timeout, args.save)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    outcomes = result["outcomes"]
    print(
        f"{result['cases']} cases in {result['seconds']} s ({result['cases_by_kind']}): "
        f"{outcomes['read']} read, {outcomes['refused']} refused with a drift error, "
        f"{result['failures']} failures ({outcomes['crash']} crashes, {outcomes['hang']} hangs, "
        f"{outcomes['broken']} broken results); slowest {result['slowest_case_s']} s ({result['slowest_case']})"
    )
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
