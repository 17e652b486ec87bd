"""The reproducibility string printed on every result (the sacrebleu idea): every
model that was loaded, by the name it reports, and every setting that changes results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from drift import __version__
from drift.detectors import Detector
from drift.pipeline.settings import Settings


def signature(
    settings: Settings,
    resources: Any,
    detectors: Sequence[Detector],
    *,
    command: str = "check",
    extra: Sequence[str] = (),
) -> str:
    """Join the version, the models and the settings of a run into one line.

    Args:
        settings: The run's settings.
        resources: The run's models; their names are read from what was loaded.
        detectors: The detectors that ran, with their thresholds.
        command: ``check`` (the pair-by-pair comparison) or another command, which is
            named in the string with its own ``extra`` settings.
        extra: Further settings of that command.
    """
    names = resources.model_names()
    lexical = "lexical_meaning" in {d.name for d in detectors}
    parts = [f"drift {__version__}"]
    if command != "check":
        parts.append(command)
    parts += [
        f"model {names['encoder']}",
        f"lm {names['lm'] if settings.use_lm and lexical else 'off'}",
        f"wordvec {names['wordvec']}",
        f"lexicon {names['lexicon']}",
        f"spacy {names['spacy']}",
        f"align {settings.aligner.settings}",
        f"evidence {settings.ablation.settings}",
        settings.decision.settings,
        f"detectors {','.join(d.settings for d in detectors)}",
        f"policy {settings.policy.fingerprint}",
        f"fail-on {settings.fail_on.label if settings.fail_on else 'none'}",
        *extra,
    ]
    return "|".join(parts)
