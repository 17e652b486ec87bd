"""drift: source provenance and translation-drift checker for news copy."""

__version__ = "0.1.0"
