"""One article record as rows of the store's tables: the one mapping every writer uses.

:meth:`Store.add <eventwire.store.sqlite.Store.add>` inserts these rows into
SQLite; the Spark linker (:mod:`eventwire.spark_link`) writes them as Parquet
under ``OUT/tables/<table>/``. Column names and types come from the SQLite
schema itself (:func:`table_columns`), so a Parquet table cannot drift from the
SQLite table of the same name.
"""
from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from ..model import ArticleRecord
from .sqlite import ANNOTATIONS, STORE_COLUMNS, _JSON_FIELDS, content_hash, event_id

# The record tables, in the order a writer fills them (articles first: the others refer to it).
RECORD_TABLES = ("articles", *ANNOTATIONS, "event_participants")
# The output link tables (the link_* state tables only serve incremental SQLite linking).
LINK_TABLES = ("duplicates", "merged_events", "event_mentions", "mention_reports",
               "stories", "article_stories")


def table_columns(table: str) -> list[tuple[str, str]]:
    """(column, SQLite type) of a store table, in the table's order."""
    return list(STORE_COLUMNS[table])


def record_rows(record: ArticleRecord,
                digest: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows ``record`` adds to each record table (``ingested_at`` is the writer's)."""
    a = record.article
    out: dict[str, list[dict[str, Any]]] = {"articles": [{
        "id": a.id, "source": a.source, "date": a.date, "title": a.title,
        "title_derived": int(a.title_derived), "url": a.url,
        "text": a.text, "dateline": json.dumps(asdict(a.dateline)) if a.dateline else None,
        "content_hash": digest or content_hash(record)}]}
    for table, cls in ANNOTATIONS.items():
        rows = []
        for i, item in enumerate(getattr(record, table)):
            row: dict[str, Any] = {"article_id": a.id, "idx": i}
            for f in fields(cls):
                v = getattr(item, f.name)
                if f.name in _JSON_FIELDS:
                    v = json.dumps([asdict(p) for p in v], ensure_ascii=False)
                elif f.name == "id" and table == "events":
                    v = event_id(a.id, v or f"ev{i}")
                row[f.name] = v
            rows.append(row)
        out[table] = rows
    parts = []
    for i, e in enumerate(record.events):
        eid = event_id(a.id, e.id or f"ev{i}")
        for role in ("actor", "recipient"):
            for p in getattr(e, role):
                parts.append({"event_id": eid, "article_id": a.id, "role": role, "code": p.code,
                              "sector": p.sector, "name": p.name, "entity": p.entity})
    out["event_participants"] = parts
    return out
