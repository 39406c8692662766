"""The analyst's web app and REST API over a read-only store (``eventwire serve``):
a SQLite database, or a Parquet layout read with DuckDB (``--data``)."""
from __future__ import annotations


def create_app(source, host: str = "127.0.0.1", allow_hosts: list[str] | None = None):
    """The FastAPI app over ``source`` (a path or a :mod:`eventwire.store.backends`
    source; imported lazily: FastAPI is heavy)."""
    from .app import create_app as _create

    return _create(source, host=host, allow_hosts=allow_hosts)


__all__ = ["create_app"]
