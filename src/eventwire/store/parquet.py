"""The Parquet layout of a store (what ``eventwire serve --data OUT`` reads).

``OUT/tables/<table>/*.parquet`` holds the rows of one store table, with the column
names and types of the SQLite table of that name (:func:`table_schemas`, read from
``schema_sql()`` itself, so the contract cannot drift from the store):
INTEGER → int64, REAL → float64, TEXT → string. ``articles`` has no ``rowid`` (it
exists for SQLite's full-text index only). The ``link_*`` tables are a linker's
working state and are not part of the layout.

:func:`write_tables` writes the layout from a SQLite store; the Spark run writes the
same layout itself. :func:`check_tables` is what a reader verifies before serving.

Row conventions are those of ``Store.add`` (a writer other than the store keeps them):
``idx`` is the item's position in its record list; ``events.id`` is
``"<article_id>#<event id, or ev<idx> when empty>"`` (``sqlite.event_id``); ``actor`` and
``recipient`` are JSON lists of participants; ``articles.dateline`` is JSON or null;
``event_participants`` has one row per participant (``event_id``, ``article_id``,
``role`` actor|recipient, ``code``, ``sector``, ``name``, ``entity``).
"""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from .sqlite import STORE_COLUMNS

# Tables every layout has (one directory each, possibly of zero rows).
REQUIRED = ("articles", "entities", "times", "places", "quotes", "events", "event_participants")
# Tables a layout may leave out: cross-article links (a run that never linked) and the
# ingest's failure log. A missing one reads as empty.
OPTIONAL = ("duplicates", "merged_events", "event_mentions", "mention_reports", "stories",
            "article_stories", "input_errors")
TABLES = REQUIRED + OPTIONAL
_ARROW_TYPES = {"INTEGER": "int64", "REAL": "float64", "TEXT": "string"}
_BATCH = 5000  # rows per Parquet row group


def table_schemas() -> dict[str, tuple[tuple[str, str], ...]]:
    """table → ((column, SQL type), ...) of every layout table, in the store's column order."""
    return {t: STORE_COLUMNS[t] for t in TABLES}


def arrow_schema(table: str):
    import pyarrow as pa

    return pa.schema([(name, getattr(pa, _ARROW_TYPES[sql_type])())
                      for name, sql_type in table_schemas()[table]])


def write_tables(sqlite_path: str | Path, out_dir: str | Path) -> dict[str, int]:
    """Write the Parquet layout of the store at ``sqlite_path`` to ``out_dir/tables``.

    Written beside ``out_dir`` in a temporary directory and renamed into place at the
    end, so ``out_dir/tables`` is either the old layout or the complete new one.
    Returns rows written per table.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    src, out_dir = Path(sqlite_path), Path(out_dir)
    if not src.is_file():
        raise FileNotFoundError(f"no database at {src}")
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tables-", dir=out_dir))
    db = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    counts: dict[str, int] = {}
    try:
        db.execute("BEGIN")  # one snapshot for every table
        present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in TABLES:
            if table not in present and table in OPTIONAL:
                continue  # an older store without the link tables: the reader sees them empty
            if table not in present:
                raise ValueError(f"{src} has no {table} table: not an eventwire store")
            schema = arrow_schema(table)
            (tmp / table).mkdir()
            cols = ", ".join(f'"{c}"' for c in schema.names)
            cur = db.execute(f"SELECT {cols} FROM {table}")
            n = 0
            with pq.ParquetWriter(tmp / table / "part-00000.parquet", schema) as w:
                while rows := cur.fetchmany(_BATCH):  # ends at the last row
                    try:
                        batch = pa.RecordBatch.from_pylist(
                            [dict(zip(schema.names, r)) for r in rows], schema=schema)
                    except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
                        raise ValueError(f"{src}: table {table}: a value does not fit the "
                                         f"column type: {e}") from None
                    w.write_batch(batch)
                    n += len(rows)
            counts[table] = n
        db.rollback()
        final = out_dir / "tables"
        if final.exists():
            old = out_dir / f".tables-old-{tmp.name}"
            final.rename(old)
            tmp.rename(final)
            shutil.rmtree(old)
        else:
            tmp.rename(final)
    finally:
        db.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return counts


class LayoutError(ValueError):
    """A Parquet directory that is not a readable eventwire layout (names the path)."""


def check_tables(out_dir: str | Path) -> dict[str, list[Path]]:
    """The Parquet files of each table under ``out_dir``, after checking that every
    required table is there and every file is a readable Parquet file with the layout's
    columns (raises :class:`LayoutError` naming the file and what is wrong)."""
    import pyarrow.parquet as pq

    root = Path(out_dir)
    if not root.is_dir():
        raise LayoutError(f"{root}: no such directory")
    tables_dir = root / "tables"
    if not tables_dir.is_dir():
        raise LayoutError(f"{root}: no tables/ directory (expected {tables_dir}/<table>/*.parquet, "
                          f"as written by `eventwire export --format tables` or the Spark run)")
    out: dict[str, list[Path]] = {}
    for table in TABLES:
        d = tables_dir / table
        if not d.is_dir():
            if table in REQUIRED:
                raise LayoutError(f"{d}: missing (the {table} table is required)")
            continue
        files = sorted(d.glob("*.parquet"))
        want = {name: sql_type for name, sql_type in table_schemas()[table]}
        for f in files:
            try:
                schema = pq.read_schema(f)
                pq.read_metadata(f)
            except Exception as e:  # pyarrow raises several types for a damaged file
                raise LayoutError(f"{f}: not a readable Parquet file ({type(e).__name__}: {e})") from None
            missing = [c for c in want if c not in schema.names]
            if missing:
                raise LayoutError(f"{f}: table {table} lacks column(s) {', '.join(missing)}")
            for c, sql_type in want.items():
                if not _fits(schema.field(c).type, sql_type):
                    raise LayoutError(f"{f}: column {table}.{c} is {schema.field(c).type}, "
                                      f"expected {_ARROW_TYPES[sql_type]} (SQL {sql_type})")
        out[table] = files
    return out


def _fits(arrow_type, sql_type: str) -> bool:
    import pyarrow.types as t

    if t.is_null(arrow_type):  # a column of nulls only (Spark may write one)
        return True
    if sql_type == "INTEGER":
        return t.is_integer(arrow_type)
    if sql_type == "REAL":
        return t.is_floating(arrow_type) or t.is_integer(arrow_type) or t.is_decimal(arrow_type)
    return t.is_string(arrow_type) or t.is_large_string(arrow_type) or t.is_string_view(arrow_type)
