"""The two backends of the query layer: a SQLite store, and DuckDB over the Parquet layout.

A *source* is what ``eventwire serve`` and ``eventwire export`` open once:
``SqliteSource(db_path)`` or ``ParquetSource(out_dir)`` (``open_source`` picks by
path). ``source.connect()`` gives one read-only reader (a request, an export) for
the functions of :mod:`eventwire.store.query`; ``reader.close()`` ends it.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from .dialect import DUCKDB, SQLITE, RowCursor
from .parquet import TABLES, LayoutError, check_tables, table_schemas

_DUCK_TYPES = {"INTEGER": "BIGINT", "REAL": "DOUBLE", "TEXT": "VARCHAR"}


class SqliteReader(sqlite3.Connection):
    """A read-only SQLite connection (``sqlite3.Row`` rows) that names its dialect."""

    dialect = SQLITE


class SqliteSource:
    kind = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"no database at {self.path}")
        if self.path.is_dir():
            raise IsADirectoryError(f"{self.path} is a directory, not a SQLite database "
                                    f"(a Parquet layout is served with --data)")

    def __str__(self) -> str:
        return str(self.path)

    def connect(self) -> SqliteReader:
        """A read-only connection (one per request/thread) reading one WAL snapshot."""
        if not self.path.exists():
            raise FileNotFoundError(f"no database at {self.path}")
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False,
                             isolation_level=None, factory=SqliteReader)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA busy_timeout=10000")
        db.execute("PRAGMA query_only=ON")
        # One snapshot for the connection's life (a request, an export): a page is read in two
        # queries (ids, then rows), and an ingest committing between them lost rows (a 500).
        db.execute("BEGIN")
        return db


class DuckReader:
    """One reader over the DuckDB views: each statement runs on its own cursor, so a
    result being iterated is never cut by the next statement."""

    dialect = DUCKDB

    def __init__(self, con) -> None:
        self._con = con
        self._cursors: list = []

    def execute(self, sql: str, params=()) -> RowCursor:
        cur = self._con.cursor()
        self._cursors.append(cur)
        cur.execute(sql, list(params))
        return RowCursor(cur)

    def close(self) -> None:
        for cur in self._cursors:
            cur.close()
        self._cursors.clear()
        self._con.close()


class ParquetSource:
    """The Parquet layout under ``out_dir`` as DuckDB views named like the SQLite tables.

    Checked once at opening (:func:`~eventwire.store.parquet.check_tables`): a missing
    required table or an unreadable file is a :class:`LayoutError` naming the path.
    A missing optional table (links never computed) is an empty view with its columns.
    """

    kind = "parquet"

    def __init__(self, out_dir: str | Path) -> None:
        import duckdb

        self.path = Path(out_dir)
        files = check_tables(self.path)
        # SQLite's NULL order (first ascending, last descending), so sorts match.
        self._db = duckdb.connect(":memory:", config={
            "default_null_order": "nulls_first_on_asc_last_on_desc",
            "enable_external_access": True, "autoinstall_known_extensions": False,
            "autoload_known_extensions": False})
        self._lock = threading.Lock()
        try:
            for table in TABLES:
                self._db.execute(_view_sql(table, files.get(table, [])))
            for table, paths in files.items():  # a file DuckDB cannot scan fails here, not in a request
                if paths:
                    self._db.execute(f"SELECT count(*) FROM {table}").fetchone()
        except duckdb.Error as e:
            self._db.close()
            raise LayoutError(f"{self.path}: cannot read the Parquet tables: {e}") from None

    def __str__(self) -> str:
        return str(self.path)

    def connect(self) -> DuckReader:
        with self._lock:  # cursor() on one connection from many request threads
            return DuckReader(self._db.cursor())

    def close(self) -> None:
        self._db.close()


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _view_sql(table: str, files: list[Path]) -> str:
    cols = table_schemas()[table]
    typed = ", ".join(f'CAST("{c}" AS {_DUCK_TYPES[t]}) AS "{c}"' for c, t in cols)
    if not files:
        nulls = ", ".join(f'CAST(NULL AS {_DUCK_TYPES[t]}) AS "{c}"' for c, t in cols)
        return f"CREATE VIEW {table} AS SELECT {nulls} WHERE FALSE"
    listed = ", ".join(_sql_str(str(p.resolve())) for p in files)
    return f"CREATE VIEW {table} AS SELECT {typed} FROM read_parquet([{listed}])"


def open_source(path: str | Path) -> SqliteSource | ParquetSource:
    """A directory is a Parquet layout, anything else a SQLite store."""
    path = Path(path)
    return ParquetSource(path) if path.is_dir() else SqliteSource(path)
