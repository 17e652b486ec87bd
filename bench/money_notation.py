"""Money, units and magnitudes in every common notation: drift's own figure reader
against the maintained parsers on the package index (price-parser, quantulum3).

One command, from the project root (the two parsers are optional and not project
dependencies; a parser that is not installed, or that fails on a string, scores a
miss there)::

    python -m bench.money_notation

Each case is two notations of one value (they must read as the same amount and
currency or unit) or two different values (they must not). The notations are the
ones wire copy and house styles use; none comes from a data set or the seeds.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results" / "money_notation.json"

SAME = [
    ("£2.6m", "2.6 million pounds"),
    ("£5m", "5 million pounds"),
    ("€1.2bn", "1.2 billion euros"),
    ("$5m", "US$5 million"),
    ("$5 million", "5 million dollars"),
    ("USD 2bn", "$2 billion"),
    ("GBP 3 million", "£3m"),
    ("2.6mn pounds", "£2.6m"),
    ("¥3 trillion", "3 trillion yen"),
    ("JPY 5bn", "5 billion yen"),
    ("CHF 40 million", "40 million Swiss francs"),
    ("Rs 50 crore", "500 million rupees"),
    ("₹3 lakh", "300,000 rupees"),
    ("$1.5 billion", "1.5bn dollars"),
    ("5 per cent", "5%"),
    ("3.5 percent", "3.5 per cent"),
    ("40,000", "40 000"),
    ("twelve", "12"),
    ("507k", "507,000"),
    ("30 km", "30 kilometres"),
]
DIFFERENT = [
    ("£2.6m", "2.6 million dollars"),
    ("€1.2bn", "1.2 million euros"),
    ("$5m", "$50m"),
    ("5 per cent", "5 percentage points"),
    ("Rs 50 crore", "50 million rupees"),
    ("30 km", "30 miles"),
    ("12", "20"),
    ("£5m", "€5m"),
]


def _drift(text: str) -> list[tuple[float, str | None]] | None:
    from drift.text.numbers import find_numbers

    found = find_numbers(text)
    return [(n.value, n.unit) for n in found] if found else None


def _drift_same(a: str, b: str) -> bool:
    from drift.text.numbers import find_numbers, same_number

    na, nb = find_numbers(a), find_numbers(b)
    return len(na) == len(nb) == 1 and same_number(na[0], nb[0])


def _price_parser(text: str) -> tuple[float, str | None] | None:
    from price_parser import Price

    price = Price.fromstring(text)
    if price.amount is None:
        return None
    currency = {"£": "gbp", "€": "eur", "$": "usd", "US$": "usd", "¥": "jpy", "₹": "inr"}.get(
        price.currency or "", (price.currency or "").lower() or None
    )
    return float(price.amount), currency


def _quantulum(text: str) -> tuple[float, str] | None:
    from quantulum3 import parser

    found = parser.parse(text)
    return (float(found[0].value), found[0].unit.name) if found else None


def _same(read: Any, a: str, b: str) -> bool:
    try:
        ra, rb = read(a), read(b)
    except Exception:
        return False
    if ra is None or rb is None:
        return False
    return bool(math.isclose(ra[0], rb[0]) and ra[1] == rb[1])


def main() -> None:
    readers: dict[str, Any] = {"drift": None, "price-parser": _price_parser, "quantulum3": _quantulum}
    rows = []
    for name, read in readers.items():
        same = [(_drift_same(a, b) if read is None else _same(read, a, b)) for a, b in SAME]
        diff = [not (_drift_same(a, b) if read is None else _same(read, a, b)) for a, b in DIFFERENT]
        rows.append(
            {
                "reader": name,
                "same_read_as_same": sum(same) / len(same),
                "different_kept_apart": sum(diff) / len(diff),
                "missed": [" / ".join(p) for p, ok in zip(SAME, same, strict=True) if not ok],
            }
        )
    print(f"{'reader':<14}{'same notations agree':>22}{'different values apart':>24}")
    for r in rows:
        print(f"{r['reader']:<14}{r['same_read_as_same']:>22.2f}{r['different_kept_apart']:>24.2f}")
    for r in rows:
        if r["missed"]:
            print(f"{r['reader']} misses: {'; '.join(r['missed'])}")
    RESULTS.write_text(json.dumps({"cases": len(SAME) + len(DIFFERENT), "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
