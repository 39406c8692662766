"""The SQLite store: WAL, FTS5, one transaction per article, idempotent re-ingest."""
from __future__ import annotations

import sqlite3

import pytest

from eventwire.model import Event, Participant
from eventwire.store import Store


def test_seed_round_trip_and_search(tmp_path, seed_record):
    db = tmp_path / "ew.db"
    with Store(db) as store:
        assert store.add(seed_record) == "added"
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        back = store.get_record("tass-2019-12-26-libya")
        assert back.to_dict() == seed_record.to_dict()
        [hit] = store.search("Haftar offensive")
        assert hit["id"] == "tass-2019-12-26-libya" and "[Haftar]" in hit["snippet"]


def test_reingest_changes_nothing(tmp_path, seed_record):
    db = tmp_path / "ew.db"
    with Store(db) as store:
        store.add(seed_record)
        before = store.counts()
        writes = store.db.total_changes
        assert store.add(seed_record) == "unchanged"
        assert store.db.total_changes == writes  # not a single row written
        assert store.counts() == before
        assert store.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 1


def test_a_failed_write_leaves_nothing_half_written(tmp_path, seed_record, monkeypatch):
    db = tmp_path / "ew.db"
    rec = type(seed_record)(article=seed_record.article, entities=seed_record.entities,
                            events=[Event(event="CONSULT", actor=[Participant(code="RUS")],
                                          recipient=[], evidence="x", evidence_start=0,
                                          evidence_end=1, trigger="x", trigger_start=0,
                                          trigger_end=1, rule="test")])

    with Store(db) as store:
        insert = store._insert_rows

        def boom(table, rows):  # the last table of the article's rows fails
            if table == "event_participants":
                raise sqlite3.OperationalError("disk I/O error")
            insert(table, rows)

        monkeypatch.setattr(store, "_insert_rows", boom)
        with pytest.raises(sqlite3.OperationalError):
            store.add(rec)
        assert store.counts() == {k: 0 for k in store.counts()}
        monkeypatch.undo()
        assert store.add(rec) == "added"
        assert store.counts()["events"] == 1
        assert store.db.execute("SELECT count(*) FROM event_participants").fetchone()[0] == 1


def test_changed_article_replaces_its_annotations(tmp_path, pipeline):
    db = tmp_path / "ew.db"
    first = pipeline.process("Kenyan police arrested ten protesters in Nairobi.", id="k1",
                             date="2020-01-01")
    second = pipeline.process("Kenyan police arrested ten protesters in Nairobi on Monday, "
                              "President Uhuru Kenyatta said.", id="k1", date="2020-01-01")
    with Store(db) as store:
        store.add(first)
        assert store.add(second) == "updated"
        assert store.counts()["articles"] == 1
        assert store.get_record("k1").to_dict() == second.to_dict()


def test_readonly_store_refuses_writes(tmp_path, seed_record):
    db = tmp_path / "ew.db"
    with Store(db) as store:
        store.add(seed_record)
    with Store(db, readonly=True) as ro:
        assert ro.counts()["articles"] == 1
        with pytest.raises(sqlite3.OperationalError):
            ro.db.execute("DELETE FROM articles")
    with pytest.raises(FileNotFoundError):
        Store(tmp_path / "missing.db", readonly=True)


def test_a_version_1_store_gains_title_derived_and_keeps_its_rows(tmp_path, seed_record):
    from dataclasses import replace

    db = tmp_path / "old.db"
    with Store(db) as store:
        store.add(seed_record)
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER IF EXISTS articles_ai")  # as a version-1 file: no such column
    raw.execute("ALTER TABLE articles DROP COLUMN title_derived")
    raw.execute("PRAGMA user_version=1")
    raw.commit()
    raw.close()
    with Store(db) as store:  # opening migrates
        assert store.get_record(seed_record.article.id).article.title_derived is False
        derived = replace(seed_record, article=replace(seed_record.article, id="derived",
                                                       title="A first sentence…",
                                                       title_derived=True))
        store.add(derived)
        assert store.get_record("derived").article.title_derived is True
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 2
