"""What wire metadata says about derivation: versions of one item, update and
correction signals, agency credits.

A wire item names itself (NewsML-G2 ``guid``, ninjs ``uri``, NITF ``doc-id``), its
version and when that version was made, may carry signals (``sig:update``,
``sig:correction``) and credits its source (NewsML-G2 ``infoSource``, a dateline's
agency in brackets). This module turns those fields into evidence lines for
``drift trace`` and ``drift scan``. They sit beside the text evidence and never
decide a relation: where metadata and text disagree, the disagreement is itself a
line of the report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from drift.values import Document

IDENTITY_KEYS = ("guid", "uri", "doc-id")
SIGNALS = {"update": "an update", "correction": "a correction", "correct": "a correction"}
_BRACKET_CREDIT = re.compile(r"\(([A-Z][\w .&-]{1,30})\)")


def identity(doc: Document) -> str | None:
    """The item's own identifier, as its format names it."""
    for key in IDENTITY_KEYS:
        value = doc.metadata.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _version(doc: Document) -> tuple[int | None, datetime | None]:
    raw = doc.metadata.get("version")
    number = int(raw) if isinstance(raw, str) and raw.strip().isdigit() else None
    when = None
    created = doc.metadata.get("versionCreated")
    if isinstance(created, str):
        try:
            when = datetime.fromisoformat(created.strip().replace("Z", "+00:00"))
        except ValueError:
            when = None
    return number, when


def signals(doc: Document) -> tuple[str, ...]:
    """The item's signals that bear on provenance: ``update``, ``correction``."""
    raw = doc.metadata.get("signal", ())
    codes = (raw,) if isinstance(raw, str) else raw
    found = []
    for code in codes:
        name = code.rsplit(":", 1)[-1].strip().lower()
        if name in SIGNALS and SIGNALS[name] not in found:
            found.append(SIGNALS[name])
    return tuple(found)


def credits(doc: Document) -> tuple[str, ...]:
    """Sources the item credits: NewsML-G2 ``infoSource`` names and a dateline's bracketed agency."""
    out: list[str] = []
    raw = doc.metadata.get("infoSource", ())
    for name in (raw,) if isinstance(raw, str) else raw:
        if name.strip() and not name.startswith(("http://", "https://")):
            out.append(name.strip())
    for piece in doc.furniture:
        if piece.kind == "dateline":
            out.extend(m.group(1).strip() for m in _BRACKET_CREDIT.finditer(piece.text))
    seen: dict[str, str] = {}
    for name in out:
        seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


@dataclass(frozen=True)
class MetadataEvidence:
    """What the metadata of two items says about them.

    Attributes:
        lines: Evidence lines, each prefixed ``metadata:``.
        same_item: Both carry the same identifier.
        earlier: Which of the two (``0`` or ``1``) is the earlier version of that item,
            by version number, else by ``versionCreated``; None when unknown.
        ids: The two documents' ids, in the order compared.
    """

    lines: tuple[str, ...]
    same_item: bool
    earlier: int | None
    ids: tuple[str, str] = ("", "")

    def disagreement(self, *, derived: bool, parent: int | None) -> str | None:
        """A line for the report where the text's verdict contradicts the metadata.

        Args:
            derived: Whether the text shows one item derived from the other.
            parent: Which item (``0`` or ``1``) the text makes the parent, when derived.
        """
        if not self.same_item:
            return None
        a, b = self.ids
        if not derived:
            return (
                f"metadata and text disagree: {a} and {b} carry one identifier, "
                "but the text shows no derivation between them"
            )
        if self.earlier is not None and parent is not None and parent != self.earlier:
            return (
                f"metadata and text disagree: the metadata makes {self.ids[self.earlier]} the earlier "
                f"version, the text makes {self.ids[parent]} the parent"
            )
        return None


def compare(a: Document, b: Document) -> MetadataEvidence:
    """The metadata evidence between two documents (empty when neither carries any)."""
    lines: list[str] = []
    ida, idb = identity(a), identity(b)
    same = ida is not None and ida == idb
    earlier: int | None = None
    if same:
        (na, ta), (nb, tb) = _version(a), _version(b)
        if na is not None and nb is not None and na != nb:
            earlier = 0 if na < nb else 1
        elif ta is not None and tb is not None and ta != tb:
            earlier = 0 if ta < tb else 1
        if earlier is None:
            lines.append(f"metadata: both carry the identifier {ida!r}, with no version order between them")
        else:
            old, new = (a, b) if earlier == 0 else (b, a)
            lines.append(
                f"metadata: {new.id} is {_version_text(new)} of the item {ida!r} that {old.id} "
                f"is {_version_text(old)} of: an update of the same story"
            )
    for doc, other in ((a, b), (b, a)):
        for signal in signals(doc):
            lines.append(f"metadata: {doc.id} is marked as {signal}")
        theirs = {c.casefold() for c in credits(other)}
        for name in credits(doc):
            if name.casefold() in theirs:
                lines.append(f"metadata: both credit {name}")
            elif not theirs:
                lines.append(f"metadata: {doc.id} credits {name}, which supports a copy of {name}'s story")
    return MetadataEvidence(tuple(dict.fromkeys(lines)), same, earlier, (a.id, b.id))


def _version_text(doc: Document) -> str:
    number, when = _version(doc)
    if number is not None:
        return f"version {number}"
    if when is not None:
        return f"the version of {when.isoformat()}"
    return "a version"


def correction_notes(documents: Sequence[Document]) -> tuple[str, ...]:
    """One line per document that carries a correction signal."""
    return tuple(
        f"{d.id} is marked as a correction: read it against the version it corrects"
        for d in documents
        if "a correction" in signals(d)
    )
