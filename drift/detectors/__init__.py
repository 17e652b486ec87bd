# ruff: noqa: I001  (the import order is the registration order, which is the default detector order)
"""Detectors: one component per kind of meaning change, each in its own module and
registered with its metadata (see :mod:`drift.detectors.base`)."""

from drift.detectors import (  # registration order is the default detector order
    entity,
    number,
    quote,
    modality,
    attribution,
    negation,
    lexical_meaning,
    omission,
    addition,
)
from drift.detectors.base import (
    REGISTRY,
    Detector,
    DetectorInfo,
    DocumentContext,
    PairContext,
    build,
    default_detectors,
    register,
    resolve_overlaps,
    rule_type,
)

DEFAULT_DETECTORS: tuple[str, ...] = default_detectors()

__all__ = [
    "DEFAULT_DETECTORS",
    "REGISTRY",
    "Detector",
    "DetectorInfo",
    "DocumentContext",
    "PairContext",
    "addition",
    "attribution",
    "build",
    "default_detectors",
    "entity",
    "lexical_meaning",
    "modality",
    "negation",
    "number",
    "omission",
    "quote",
    "register",
    "resolve_overlaps",
    "rule_type",
]
