"""The embedded store: one SQLite file (WAL, FTS5) holding article records.

Tables follow the record model: ``articles`` plus one table per annotation
kind, keyed by (article_id, idx), whose columns are the model's fields, so the
schema cannot drift from the records it stores. Each article is written in one
transaction; re-ingesting an unchanged article changes nothing.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..model import ArticleRecord, Entity, Event, Place, Quote, TimeExpr

SCHEMA_VERSION = 2  # 2: articles.title_derived
# table name → (record attribute, model class)
ANNOTATIONS: dict[str, type] = {
    "entities": Entity, "times": TimeExpr, "places": Place, "quotes": Quote, "events": Event,
}
# Fields stored as JSON text (lists of participants).
_JSON_FIELDS = {"actor", "recipient"}


def _sql_type(f) -> str:
    t = str(f.type)
    if t.startswith("int"):
        return "INTEGER"
    if t.startswith("float"):
        return "REAL"
    return "TEXT"


def _quote(name: str) -> str:
    return f'"{name}"'


def schema_sql() -> str:
    parts = ["""
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT, date TEXT, title TEXT, url TEXT, text TEXT NOT NULL,
    title_derived INTEGER NOT NULL DEFAULT 0,  -- the title is the first sentence or a headline line
    dateline TEXT,
    content_hash TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid');
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
"""]
    for table, cls in ANNOTATIONS.items():
        cols = ",\n    ".join(f"{_quote(f.name)} {_sql_type(f)}" for f in fields(cls)
                              if f.name != "id" or table != "events")
        extra = "id TEXT NOT NULL UNIQUE,\n    " if table == "events" else ""
        parts.append(f"""
CREATE TABLE IF NOT EXISTS {table} (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    {extra}{cols},
    PRIMARY KEY (article_id, idx)
);""")
    parts.append("""
CREATE TABLE IF NOT EXISTS event_participants (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    code TEXT, sector TEXT, name TEXT, entity TEXT
);
CREATE INDEX IF NOT EXISTS participants_event ON event_participants(event_id);
CREATE INDEX IF NOT EXISTS participants_code ON event_participants(code, role);
CREATE INDEX IF NOT EXISTS participants_name ON event_participants(name);
CREATE INDEX IF NOT EXISTS events_type_date ON events(event, date);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name);
""")
    parts.append(LINK_SCHEMA)
    parts.append(FAILURE_SCHEMA)
    return "\n".join(parts)


# Inputs an ingest could not store, by origin: what `stats` reports as failed, and how many
# were stopped by the per-article time budget (kind 'budget').
FAILURE_SCHEMA = """
CREATE TABLE IF NOT EXISTS input_errors (
    origin TEXT NOT NULL, message TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('read', 'budget', 'processing', 'store')),
    at TEXT NOT NULL DEFAULT (datetime('now'))
);
"""


# Cross-article links (filled by eventwire.link): near-duplicate articles,
# merged events with their mentions, and story clusters.
LINK_SCHEMA = """
CREATE TABLE IF NOT EXISTS duplicates (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    duplicate_of TEXT NOT NULL,
    similarity REAL
);
CREATE TABLE IF NOT EXISTS merged_events (
    id TEXT PRIMARY KEY,
    event TEXT NOT NULL, mode TEXT, cameo TEXT, quad_class INTEGER, goldstein REAL,
    date TEXT, status TEXT,
    actor TEXT, recipient TEXT,          -- JSON lists of participants
    first_event_id TEXT,                 -- the earliest report
    first_seen TEXT,
    num_mentions INTEGER NOT NULL DEFAULT 0,
    num_articles INTEGER NOT NULL DEFAULT 0,
    num_sources INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS merged_events_type_date ON merged_events(event, date);
CREATE TABLE IF NOT EXISTS event_mentions (
    event_id TEXT PRIMARY KEY,           -- events.id of one report
    merged_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    explanation TEXT                     -- JSON: which fields agreed
);
CREATE INDEX IF NOT EXISTS event_mentions_merged ON event_mentions(merged_id);
CREATE INDEX IF NOT EXISTS event_mentions_article ON event_mentions(article_id);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    label TEXT,
    first_date TEXT, last_date TEXT,
    num_articles INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS article_stories (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_stories_story ON article_stories(story_id);
-- State that lets linking continue incrementally across runs (eventwire.link):
-- one row per linked article (MinHash signature, feature vector), the LSH band
-- keys, and the inverted index of each article's heaviest features.
CREATE TABLE IF NOT EXISTS link_articles (
    article_id TEXT PRIMARY KEY,
    date TEXT, source TEXT,
    num_shingles INTEGER, minhash BLOB, vector BLOB
);
CREATE INDEX IF NOT EXISTS link_articles_date ON link_articles(date);
CREATE TABLE IF NOT EXISTS link_bands (
    key INTEGER NOT NULL, article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS link_bands_key ON link_bands(key);
CREATE INDEX IF NOT EXISTS link_bands_article ON link_bands(article_id);
CREATE TABLE IF NOT EXISTS mention_reports (  -- a mention's report, usable without events
    event_id TEXT PRIMARY KEY,
    source TEXT, date TEXT,               -- the reporting article's source and date
    evidence TEXT, evidence_start INTEGER, evidence_end INTEGER
);
CREATE TABLE IF NOT EXISTS link_terms (
    term INTEGER NOT NULL, article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS link_terms_term ON link_terms(term);
CREATE INDEX IF NOT EXISTS link_terms_article ON link_terms(article_id);
"""



def _store_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(schema_sql())
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
            "AND name NOT LIKE 'articles_fts%'")]
        return {t: tuple((c[1], (c[2] or "TEXT").upper())
                         for c in db.execute(f"PRAGMA table_info({_quote(t)})") if c[1] != "rowid")
                for t in tables}
    finally:
        db.close()


# table → ((column, SQL type), ...), read from the schema itself (the SQLite row id left out):
# the one source of column names and types for every writer of rows (SQLite, the Spark
# linker's Parquet) and every reader of a Parquet layout.
STORE_COLUMNS = _store_columns()

def content_hash(record: ArticleRecord) -> str:
    """Hash of the article and its annotations: same hash, nothing to write."""
    blob = json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Store:
    """``Store(path)`` opens (and creates) a database; ``readonly=True`` for serving."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no database at {self.path}")
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                      check_same_thread=False)
        else:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=10000")
        if not readonly:
            self._migrate()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} was written by a newer eventwire "
                               f"(schema {version} > {SCHEMA_VERSION})")
        if 0 < version < 2:  # a version-1 store: its articles lack title_derived
            cols = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
            if "title_derived" not in cols:
                self.db.execute("ALTER TABLE articles ADD COLUMN title_derived INTEGER NOT NULL "
                                "DEFAULT 0")
        self.db.executescript(schema_sql())
        self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ write

    def add(self, record: ArticleRecord) -> str:
        """Store one record atomically: 'added', 'updated' or 'unchanged'."""
        a = record.article
        digest = content_hash(record)
        row = self.db.execute("SELECT content_hash FROM articles WHERE id=?", (a.id,)).fetchone()
        if row is not None and row[0] == digest:
            return "unchanged"
        from .rows import record_rows  # rows.py reads this module's schema

        self.db.execute("BEGIN IMMEDIATE")
        try:
            if row is not None:
                self.db.execute("DELETE FROM articles WHERE id=?", (a.id,))
            for table, rows in record_rows(record, digest).items():
                self._insert_rows(table, rows)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return "added" if row is None else "updated"

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        cols = list(rows[0])
        names = ", ".join(_quote(c) for c in cols)
        marks = ", ".join("?" * len(cols))
        self.db.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                            [[r[c] for c in cols] for r in rows])

    # ------------------------------------------------------------------- read

    def counts(self) -> dict[str, int]:
        out = {"articles": self.db.execute("SELECT count(*) FROM articles").fetchone()[0]}
        for table in ANNOTATIONS:
            out[table] = self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if self.db.execute("SELECT 1 FROM sqlite_master WHERE name='input_errors'").fetchone():
            for kind, n in self.db.execute(
                    "SELECT kind, count(*) FROM input_errors GROUP BY kind ORDER BY kind"):
                out[f"failed inputs: {kind}"] = n
        return out

    def add_failure(self, origin: str, message: str, kind: str) -> None:
        """Note an input that was not stored (its own statement: nothing else is written)."""
        self.db.execute("INSERT INTO input_errors(origin, message, kind) VALUES (?, ?, ?)",
                        (origin, message, kind))

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY rowid")]

    def get_record(self, article_id: str) -> ArticleRecord | None:
        return read_record(self.db, article_id)

    def search(self, query: str, limit: int = 20) -> list[sqlite3.Row]:
        """Full-text search over titles and texts (FTS5 query syntax)."""
        return self.db.execute(
            "SELECT a.id, a.title, a.date, snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit)).fetchall()


def read_record(db, article_id: str) -> ArticleRecord | None:
    """One article record from the store's tables over any read connection whose rows
    are mappings (a ``sqlite3.Row`` connection, or a query backend's reader over the
    Parquet layout: :mod:`eventwire.store.backends`)."""
    row = db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
    if row is None:
        return None
    d: dict[str, Any] = {k: row[k] for k in ("id", "source", "date", "title", "url", "text")}
    d["title_derived"] = bool(row["title_derived"])
    d["dateline"] = json.loads(row["dateline"]) if row["dateline"] else None
    for table in ANNOTATIONS:
        items = []
        for r in db.execute(f"SELECT * FROM {table} WHERE article_id=? ORDER BY idx",
                            (article_id,)):
            item = {k: r[k] for k in r.keys() if k not in ("article_id", "idx")}
            for k in _JSON_FIELDS & item.keys():
                item[k] = json.loads(item[k])
            if table == "events":
                item["id"] = item["id"].removeprefix(f"{article_id}#")
            items.append(item)
        d[table] = items
    return ArticleRecord.from_dict(d)


def event_id(article_id: str, local_id: str) -> str:
    """The store-wide id of an event: its article's id and its id within the article."""
    return f"{article_id}#{local_id}"
