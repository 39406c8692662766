"""The analyst's web app and REST API over a read-only SQLite store (``eventwire serve``)."""
from __future__ import annotations


def create_app(db_path, host: str = "127.0.0.1", allow_hosts: list[str] | None = None):
    """The FastAPI app over the store at ``db_path`` (imported lazily: FastAPI is heavy)."""
    from .app import create_app as _create

    return _create(db_path, host=host, allow_hosts=allow_hosts)


__all__ = ["create_app"]
