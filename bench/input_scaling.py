"""Reading time against input size: bytes to sentences (decode, furniture, markup,
segmentation) for plain text, Markdown and HTML, from 10,000 to 2,000,000 characters.

One command, from the project root::

    python -m bench.input_scaling [--sizes 10000,100000,1000000,2000000]

Each shape is built from the seed articles (``seeds/``), repeated to the size: prose
as one line (no line breaks at all), prose in paragraphs, one line with no full stop
(the case that took more than 600 seconds before), a Markdown table, an HTML page, and
a line of unclosed tags (``<a <a <a ...``). Reading is linear when the time per
million characters stays flat as the size grows: ``ratio`` is the time per character
at the largest size over that at the smallest. Writes
``bench/results/input_scaling.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "input_scaling.json"
SIZES = (10_000, 100_000, 1_000_000, 2_000_000)


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _shapes() -> dict[str, tuple[str, Callable[[int], str]]]:
    seeds = _seed_texts()
    prose = "\n\n".join(seeds)
    one_line = " ".join(prose.split())
    no_stop = one_line.translate(str.maketrans("", "", ".!?"))
    paragraphs = [p.strip() for p in prose.split("\n") if p.strip()]
    row = "".join(f"| {p[:40]} | {p[40:80]} | {len(p)} |\n" for p in paragraphs)
    table = "| first | second | length |\n| --- | --- | ---: |\n"
    html_body = "".join(f"<p>{p}</p>\n" for p in paragraphs)

    def html(size: int) -> str:
        head, tail = "<!DOCTYPE html><html><body><article>\n", "</article></body></html>\n"
        return head + _repeat(html_body, max(0, size - len(head) - len(tail))) + tail

    def markdown_table(size: int) -> str:
        intro = "# Results\n\nThe council published the figures on Tuesday.\n\n"
        return intro + table + _repeat(row, max(0, size - len(intro) - len(table)))

    return {
        "prose, one line": (".txt", lambda n: _repeat(one_line + " ", n)),
        "prose, paragraphs": (".txt", lambda n: _repeat(prose + "\n\n", n)),
        "no full stop, one line": (".txt", lambda n: _repeat(no_stop + " ", n)),
        "Markdown table": (".md", markdown_table),
        "HTML page": (".html", html),
        "unclosed tags, one line": (".html", lambda n: _repeat("<a ", n)),
    }


def _read(suffix: str, text: str) -> tuple[float, int]:
    from drift.errors import InputError
    from drift.ingest import document_from_bytes

    data = text.encode("utf-8")
    started = time.perf_counter()
    try:
        sentences = len(document_from_bytes(f"input{suffix}", data).sentences)
    except InputError:
        sentences = 0
    return time.perf_counter() - started, sentences


def run(sizes: tuple[int, ...]) -> dict[str, Any]:
    """Time reading every shape at every size."""
    rows = []
    for name, (suffix, build) in _shapes().items():
        _read(suffix, build(2_000))  # loads pysbd, trafilatura, charset-normalizer once
        timings = []
        for size in sizes:
            seconds, sentences = _read(suffix, build(size))
            timings.append(
                {
                    "chars": size,
                    "seconds": round(seconds, 3),
                    "seconds_per_million": round(seconds / size * 1e6, 2),
                    "sentences": sentences,
                }
            )
            print(f"  {name:<24} {size:>10,} chars {seconds:8.2f} s {sentences:>7} sentences", flush=True)
        first, last = timings[0], timings[-1]
        ratio = last["seconds"] / last["chars"] / max(first["seconds"] / first["chars"], 1e-12)
        rows.append({"shape": name, "kind": suffix.lstrip("."), "timings": timings, "ratio": round(ratio, 2)})
    return {"sizes": list(sizes), "python": platform.python_version(), "rows": rows}


def table(result: dict[str, Any]) -> str:
    """The result as a Markdown table: seconds per size, then the linearity ratio."""
    sizes = result["sizes"]
    head = "| shape | " + " | ".join(f"{s:,} chars" for s in sizes) + " | ratio |"
    rule = "|---|" + "---:|" * (len(sizes) + 1)
    lines = [head, rule]
    for row in result["rows"]:
        cells = " | ".join(f"{t['seconds']:.2f} s" for t in row["timings"])
        lines.append(f"| {row['shape']} | {cells} | {row['ratio']:.2f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default=",".join(str(s) for s in SIZES), help="comma-separated sizes")
    ap.add_argument("--output", type=Path, default=RESULTS)
    args = ap.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(",") if s.strip())
    warnings.simplefilter("ignore")
    result = run(sizes)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
