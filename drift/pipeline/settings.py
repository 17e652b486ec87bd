"""Every option that changes a run's results, in one frozen value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from drift.align.aligner import Aligner
from drift.detectors import REGISTRY, default_detectors
from drift.errors import Errors, UsageError
from drift.pipeline.ablation import Ablation
from drift.pipeline.decision import Decision, load_decision
from drift.policy import Policy
from drift.values import Severity


@dataclass(frozen=True)
class Settings:
    """Every option that changes results; all of it goes into the signature.

    Attributes:
        detectors: Names of the detectors to run, from :data:`drift.detectors.REGISTRY`.
        detector_options: Thresholds per detector name, overriding its registered defaults.
        use_lm: Load the language model for the lexical check.
        fail_on: Severity at or above which a run fails; None never fails.
        policy: Severity policy and house-style equivalences.
        aligner: Sentence aligner with its thresholds.
        ablation: Test that downgrades an omission or addition the other side says
            in other words.
        decision: The calibrated decision that gives each finding its confidence and
            each pair its ``meaning_changed``.
    """

    detectors: tuple[str, ...] = field(default_factory=default_detectors)
    detector_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    use_lm: bool = True
    fail_on: Severity | None = Severity.MAJOR
    policy: Policy = field(default_factory=Policy)
    aligner: Aligner = field(default_factory=Aligner)
    ablation: Ablation = field(default_factory=Ablation)
    decision: Decision = field(default_factory=load_decision)

    def __post_init__(self) -> None:
        for name in (*self.detectors, *self.detector_options):
            if name not in REGISTRY:
                raise UsageError(Errors.E046.format(name=name, known=", ".join(REGISTRY)))
