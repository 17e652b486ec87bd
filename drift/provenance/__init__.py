"""Provenance: which version of a story came from which (``drift trace``)."""

from drift.provenance.result import DERIVED, RELATIONS, SCHEMA, Edge, TraceResult
from drift.provenance.tracer import Tracer, trace

__all__ = ["DERIVED", "RELATIONS", "SCHEMA", "Edge", "TraceResult", "Tracer", "trace"]
