"""The wire archive: an index of stories (store), searched for the source of a copy,
and scanned copy by copy (``drift index``, ``drift find``, ``drift scan``)."""

from drift.archive.search import Candidate
from drift.archive.store import Archive, IndexStats

__all__ = ["Archive", "Candidate", "IndexStats"]
