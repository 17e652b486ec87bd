"""onnxruntime sessions for the converted models, with a bounded thread count."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from drift.errors import Errors, ModelError

PAD_SLACK = 1.25
"""A forward pass takes a longer row only while it is at most this many times the pass's
shortest (plus two tokens)."""


def passes(order: Sequence[int], lengths: Sequence[int], *, batch_size: int) -> list[list[int]]:
    """Row indices (``order``, sorted by length) cut into forward passes: a pass closes at
    ``batch_size`` rows or where the next row would pad it by more than :data:`PAD_SLACK`
    (a pass costs about its rows times its longest row, so a handful of rows of mixed
    length run cheaper apart than padded together; many rows still fill whole passes)."""
    out: list[list[int]] = []
    for k in order:
        if out and len(out[-1]) < batch_size and lengths[k] <= PAD_SLACK * lengths[out[-1][0]] + 2:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def thread_count() -> int:
    """Threads per session: ``OMP_NUM_THREADS`` when set (a dask worker sets 1), else the cores."""
    value = os.environ.get("OMP_NUM_THREADS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, os.cpu_count() or 1)


def session(graph: Path, *, threads: int | None = None) -> Any:
    """An inference session on the CPU for ``graph``."""
    try:
        import onnxruntime as ort
    except ImportError:
        raise ModelError(Errors.E031.format(package="onnxruntime")) from None
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or thread_count()
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    # Idle pool threads sleep instead of spinning: the same wall time, a quarter less CPU
    # (drift pairs, 300 DEMETR pairs, 2 cores), and cores left to the other jobs of a shared
    # CI machine and to the numpy work between runs.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
