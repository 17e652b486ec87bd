"""The pipeline: compare copies with their source, pair by pair (:class:`Checker`)."""

from drift.pipeline.checker import Checker
from drift.pipeline.result import CheckResult
from drift.pipeline.settings import Settings

__all__ = ["CheckResult", "Checker", "Settings"]
