"""Whether two names are one country in two house styles ("Britain" / "UK", "U.S." /
"United States", "Burma" / "Myanmar"), read with country_converter's table of name patterns.

country_converter (coco) keeps, for every country, a regular expression that matches its
names in the forms that statistics, agencies and newsrooms write them. Its converter itself
does not run with pandas 3 (version 1.3.2 reads Namibia's ISO code "NA" as a missing value
and then returns every name unchanged), so this module reads the package's own table with
the standard library's CSV reader and matches as coco does: a case-insensitive search with
every country's pattern, a name being that country only when exactly one pattern matches.
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    # found without importing the package, which would import pandas (0.3 s on a cold start)
    spec = find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("country_converter is not installed")
    table = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with table.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return tuple(
        (row["ISO3"], re.compile(row["regex"], re.IGNORECASE), _short_form(row.get("name_official", "")))
        for row in rows
        if row.get("regex") and row.get("ISO3") and not row.get("obsolete")
    )


def _short_form(official: str) -> str:
    """What an official name calls the country after its last "of" ("United States of
    *America*", "Republic of *the Congo*"), lower case, without an article."""
    _, of, tail = official.rpartition(" of ")
    return re.sub(r"^the\s+", "", tail.strip().lower()) if of else ""


@lru_cache(maxsize=4096)
def country(name: str) -> str | None:
    """The ISO 3166 alpha-3 code of the one country ``name`` names, or None (no country, or
    a name that more than one country's pattern matches).

    A name no pattern matches may still be the short form its official name ends with
    ("America"), when that is one country's only."""
    text = name.strip()
    if len(text) < 2:
        return None
    hits = {code for code, pattern, _ in _patterns() if pattern.search(text)}
    if not hits:
        key = re.sub(r"^the\s+", "", text.lower())
        hits = {code for code, _, short in _patterns() if short == key}
    return hits.pop() if len(hits) == 1 else None


def same_country(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` both name one and the same country."""
    code = country(a)
    return code is not None and code == country(b)
