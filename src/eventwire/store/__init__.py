"""Storage: the SQLite store (the default) of article records."""
from .sqlite import Store

__all__ = ["Store"]
