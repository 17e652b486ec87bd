"""spaCy, imported without torch, and the English stop words it ships.

thinc, spaCy's layer library, imports torch when it is installed (about 2 s on two
cores) in case a pipeline wraps a PyTorch layer; ``en_core_web_sm`` has none, and a
run of drift needs torch only to convert a model once. When nothing has imported
torch yet, it is hidden for spaCy's import, so thinc records that torch is absent,
and shown again afterwards for code that does need it.
"""

from __future__ import annotations

import sys
from types import ModuleType


def import_spacy() -> ModuleType:
    """The ``spacy`` module, imported with torch hidden unless torch is already loaded."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
    return spacy


import_spacy()

from spacy.lang.en.stop_words import STOP_WORDS  # noqa: E402

__all__ = ["STOP_WORDS", "import_spacy"]
