"""Detectors: one callable component per kind of meaning change, in a registry."""

from drift.detectors import content, entity, grammar, lexical, number, quote
from drift.detectors.base import REGISTRY, Detector, PairContext, register, resolve_overlaps

DEFAULT_DETECTORS: tuple[str, ...] = (
    "entity",
    "number",
    "quote",
    "modality",
    "attribution",
    "negation",
    "lexical_meaning",
    "omission",
    "addition",
)

__all__ = [
    "DEFAULT_DETECTORS",
    "REGISTRY",
    "Detector",
    "PairContext",
    "content",
    "entity",
    "grammar",
    "lexical",
    "number",
    "quote",
    "register",
    "resolve_overlaps",
]
