"""One measure in another unit: "11,000ft" and "around 3,000 metres" are one height.

House style converts units (a US copy of a British story writes miles for kilometres,
Fahrenheit for Celsius) and rounds the result to the precision it cares about. The
conversion factors come from pint's unit registry, loaded the first time two figures in
different units of one dimension are compared. Currencies are never converted: a rate
is a fact of its day, not of the text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# drift's canonical units (see ``drift.text.numbers``) as pint names.
PINT_NAMES: dict[str, str] = {
    "km": "kilometer",
    "cm": "centimeter",
    "mm": "millimeter",
    "m": "meter",
    "mile": "mile",
    "ft": "foot",
    "inch": "inch",
    "kg": "kilogram",
    "tonne": "metric_ton",
    "lb": "pound",
    "hectare": "hectare",
    "acre": "acre",
    "litre": "liter",
    "km/h": "kilometer / hour",
    "mph": "mile / hour",
    "km2": "kilometer ** 2",
    "mile2": "mile ** 2",
    "celsius": "degC",
    "fahrenheit": "degF",
}

MAX_ROUNDING = 0.2
"""The largest relative difference a rounding may explain. A figure's written precision
alone would let "100 miles" (one significant figure, so ±50) stand for 100 km (62
miles); no house style rounds a conversion by more than a fifth."""

_DECIMALS = re.compile(r"\d[\d,\u00a0\u202f\u2009 ]*(?:\.(\d+))?")


@cache
def _registry() -> Any:
    import pint

    return pint.UnitRegistry()


def convert(value: float, unit: str, to: str) -> float | None:
    """``value`` in ``unit`` expressed in ``to``; None when either is not a measure drift
    converts or the two are of different dimensions."""
    if unit not in PINT_NAMES or to not in PINT_NAMES:
        return None
    import pint

    registry = _registry()
    try:
        return float(registry.Quantity(value, PINT_NAMES[unit]).to(PINT_NAMES[to]).magnitude)
    except pint.DimensionalityError:
        return None


def half_unit(value: float, text: str) -> float:
    """Half a unit in the last significant digit of a figure as written: 500 for
    "3,000", 5 for "110", 0.05 for "3.5"."""
    m = _DECIMALS.search(text)
    if m and m.group(1):
        return 0.5 * 10.0 ** -len(m.group(1))
    whole = abs(round(value))
    if whole == 0:
        return 0.5
    zeros = len(str(whole)) - len(str(whole).rstrip("0"))
    return 0.5 * 10.0**zeros


def same_measure(a_value: float, a_unit: str, a_text: str, b_value: float, b_unit: str, b_text: str) -> bool:
    """Whether two figures in different units state one measure, each rounded as written:
    one of them, converted into the other's unit, falls within half a unit of that
    figure's last significant digit, and within :data:`MAX_ROUNDING` of it."""
    for value, unit, (target, target_unit, target_text) in (
        (a_value, a_unit, (b_value, b_unit, b_text)),
        (b_value, b_unit, (a_value, a_unit, a_text)),
    ):
        converted = convert(value, unit, target_unit)
        if converted is None:
            return False
        gap = abs(converted - target)
        if gap <= half_unit(target, target_text) and gap <= MAX_ROUNDING * max(abs(target), 1e-9):
            return True
    return False
