"""The Parquet layout of a store (``store/parquet.py``) and the DuckDB backend that reads it
(``serve --data``, ``export --data``), on a small store of articles written here.

The API itself is tested on both backends in test_api.py; this file checks the layout
contract (tables, column names and types), the all-or-nothing write, the startup errors
for a damaged layout, full-text search parity, and ``export --data`` against ``--db``."""
from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from webstore import ROOT, SRC

from eventwire.model import (Article, ArticleRecord, Entity, Event, Participant, Place, Quote,
                             TimeExpr)
from eventwire.store import Store
from eventwire.store import query as Q
from eventwire.store.backends import ParquetSource, SqliteSource
from eventwire.store.parquet import OPTIONAL, TABLES, LayoutError, write_tables

TEXT_1 = ("MOSCOW, December 26. /TASS/. Russian President Vladimir Putin accused Ukraine of "
          "shelling Belgorod on Thursday. \"We will respond,\" Putin said of the Oreshnik missile.")
TEXT_2 = ("ANKARA, March 3 (Reuters) - Turkish President Recep Tayyip Erdoğan met Russian "
          "officials in Ankara to discuss a gas-transit deal, his office said.")
TEXT_3 = "GENEVA, May 5 (AFP) - Delegates of the_conference met for 100% of the agenda."


def _span(text: str, words: str) -> tuple[int, int]:
    i = text.index(words)
    return i, i + len(words)


def _records() -> list[ArticleRecord]:
    s, e = _span(TEXT_1, "Vladimir Putin accused Ukraine of shelling Belgorod")
    t0, t1 = _span(TEXT_1, "Thursday")
    q0, q1 = _span(TEXT_1, "We will respond,")
    p0, p1 = _span(TEXT_1, "Belgorod")
    rec1 = ArticleRecord(
        Article(id="t-1", text=TEXT_1, source="TASS", date="2024-12-26", title="Putin on Oreshnik",
                url="https://example.org/1"),
        entities=[Entity(*_span(TEXT_1, "Vladimir Putin"), "Vladimir Putin", "PERSON",
                         name="Vladimir Putin", code="RUS", sector="GOV", id="e0")],
        times=[TimeExpr(t0, t1, "Thursday", "2024-12-26", rule="test")],
        places=[Place(p0, p1, "Belgorod", geonames_id=579514, name="Belgorod", country="RU",
                      lat=50.61, lon=36.58)],
        quotes=[Quote(q0, q1, "We will respond,", "direct", speaker="Vladimir Putin",
                      speaker_code="RUS", rule="test")],
        events=[Event("ACCUSE", [Participant("RUS", "GOV", "Vladimir Putin", "e0")],
                      [Participant("UKR", None, "Ukraine")], TEXT_1[s:e], s, e, "accused",
                      *_span(TEXT_1, "accused"), rule="test", cameo="112", quad_class=3,
                      goldstein=-2.0, date="2024-12-26", date_source="time:0", location=0,
                      confidence=0.9)])
    s, e = _span(TEXT_2, "Recep Tayyip Erdoğan met Russian officials")
    rec2 = ArticleRecord(
        Article(id="r-2", text=TEXT_2, source="Reuters", date="2025-03-03", title=None),
        events=[Event("CONSULT", [Participant("TUR", "GOV", "Recep Tayyip Erdoğan")],
                      [Participant("RUS", "GOV", None)], TEXT_2[s:e], s, e, "met",
                      *_span(TEXT_2, "met"), rule="test", cameo="040", quad_class=1,
                      goldstein=1.0, date=None, status="actual")])
    rec3 = ArticleRecord(Article(id="a-3", text=TEXT_3, source="AFP", date="2025-05-05",
                                 title="Talks in Geneva"))
    return [rec1, rec2, rec3]


@pytest.fixture
def small_db(tmp_path) -> Path:
    db = tmp_path / "small.db"
    with Store(db) as store:
        for rec in _records():
            store.add(rec)
        store.db.execute("INSERT INTO stories VALUES ('s1', 'Putin', '2024-12-26', '2024-12-26', 1)")
        store.db.execute("INSERT INTO article_stories VALUES ('t-1', 's1')")
    return db


def _sqlite_columns(db: Path, table: str) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return [(c[1], c[2]) for c in con.execute(f"PRAGMA table_info({table})") if c[1] != "rowid"]
    finally:
        con.close()


ARROW = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string()}


def test_layout_has_every_store_table_with_its_columns_types_and_rows(small_db, tmp_path):
    out = tmp_path / "OUT"
    counts = write_tables(small_db, out)
    con = sqlite3.connect(small_db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
              if not r[0].startswith(("articles_fts", "sqlite_"))}
    assert {t for t in tables if not t.startswith("link_")} == set(TABLES)
    assert sorted(p.name for p in (out / "tables").iterdir()) == sorted(TABLES)  # no link_* state
    for table in TABLES:
        cols = _sqlite_columns(small_db, table)
        pt = pq.read_table(out / "tables" / table)
        assert [(f.name, f.type) for f in pt.schema] == [(c, ARROW[t]) for c, t in cols], table
        names = ", ".join(f'"{c}"' for c, _ in cols)
        want = sorted(con.execute(f"SELECT {names} FROM {table}").fetchall(), key=repr)
        got = sorted((tuple(r.values()) for r in pt.to_pylist()), key=repr)
        assert got == want, table
        assert counts[table] == len(want)
    con.close()
    assert counts["events"] == 2 and counts["articles"] == 3
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left

    # the same records come back through either backend
    src, dst = SqliteSource(small_db).connect(), ParquetSource(out).connect()
    for aid in ("t-1", "r-2", "a-3"):
        assert Q.get_article(dst, aid).to_dict() == Q.get_article(src, aid).to_dict()
    assert Q.get_article(dst, "nope") is None


def test_rewrite_is_whole_and_a_failed_write_keeps_the_old_layout(small_db, tmp_path):
    out = tmp_path / "OUT"
    write_tables(small_db, out)
    with Store(small_db) as store:
        store.add(ArticleRecord(Article(id="x-4", text="A fourth article.", source="AFP")))
    assert write_tables(small_db, out)["articles"] == 4
    assert Q.counts(ParquetSource(out).connect())["articles"] == 4

    broken = tmp_path / "broken.db"
    shutil.copy(small_db, broken)
    con = sqlite3.connect(broken)
    con.execute("DROP TABLE events")
    con.commit()
    con.close()
    with pytest.raises(ValueError, match=r"broken\.db has no events table"):
        write_tables(broken, out)
    # the previous layout is intact, and nothing half-written is left beside it
    assert Q.counts(ParquetSource(out).connect())["events"] == 2
    assert sorted(p.name for p in out.iterdir()) == ["tables"]


def test_missing_link_tables_read_as_empty(small_db, tmp_path):
    out = tmp_path / "OUT"
    write_tables(small_db, out)
    for table in OPTIONAL:
        shutil.rmtree(out / "tables" / table)
    db = ParquetSource(out).connect()
    assert Q.list_stories(db) == ([], 0)
    items, total = Q.list_events(db, Q.EventFilter())
    assert total == 2 and all(e["merged"] is None for e in items)
    assert Q.article_links(db, "t-1") == {"story": None, "duplicate_of": None, "duplicates": [],
                                          "merged": {}}


@pytest.mark.parametrize("words, expected", [
    ("putin", {"t-1"}),
    ("Vladimir Putin", {"t-1"}),
    ("Putin Vladimir", set()),           # a phrase: the words in order
    ("oresh", set()),                    # whole words, not prefixes
    ("Erdogan", {"r-2"}),                # diacritics folded
    ("ERDOĞAN met", {"r-2"}),
    ("gas transit", {"r-2"}),            # punctuation separates words
    ("gas-transit deal", {"r-2"}),
    ("the conference", {"a-3"}),         # '_' separates words
    ("100%", {"a-3"}),
    ('Putin" OR NEAR(', set()),          # query syntax is taken as words
    ("%_", set()),                       # no words: nothing
    ("Talks", {"a-3"}),                  # the title is searched too
])
def test_full_text_search_agrees_on_both_backends(small_db, tmp_path, words, expected):
    out = tmp_path / "OUT"
    write_tables(small_db, out)
    for reader in (SqliteSource(small_db).connect(), ParquetSource(out).connect()):
        items, total = Q.list_articles(reader, q=words)
        assert {a["id"] for a in items} == expected, (reader.dialect.name, words)
        events, _ = Q.list_events(reader, Q.EventFilter(q=words))
        assert {e["article"]["id"] for e in events} <= expected | {"t-1", "r-2"}


def _serve(args: list[str]) -> subprocess.CompletedProcess:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return subprocess.run([sys.executable, "-m", "eventwire", "serve", *args, "--port", str(port)],
                          env=dict(os.environ, PYTHONPATH=str(SRC)), cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def _truncate(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def _drop_column(path: Path, column: str) -> Path:
    pq.write_table(pq.read_table(path).drop_columns([column]), path)
    return path


@pytest.mark.parametrize("damage, named, why", [
    (lambda t: shutil.rmtree(t / "articles") or t / "articles", "articles", "missing"),
    (lambda t: _truncate(t / "events" / "part-00000.parquet"), "part-00000.parquet",
     "not a readable Parquet file"),
    (lambda t: _drop_column(t / "quotes" / "part-00000.parquet", "speaker"), "part-00000.parquet",
     "lacks column(s) speaker"),
    (lambda t: shutil.rmtree(t) or t.parent, "", "no tables/ directory"),
])
def test_serve_data_refuses_a_damaged_layout_at_startup(small_db, tmp_path, damage, named, why):
    out = tmp_path / "OUT"
    write_tables(small_db, out)
    path = damage(out / "tables")
    r = _serve(["--data", str(out)])
    assert r.returncode == 1, r.stderr
    message = " ".join(r.stderr.split())  # rich wraps long lines
    assert str(path) in message and why in message, message
    with pytest.raises(LayoutError):
        ParquetSource(out)


def test_serve_data_names_a_missing_directory(tmp_path):
    r = _serve(["--data", str(tmp_path / "nowhere")])
    assert r.returncode == 1 and "nowhere: no such directory" in " ".join(r.stderr.split())


def test_export_data_writes_what_export_db_writes(small_db, tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["export", "--format", "tables", "--db", str(small_db), "-o", str(tmp_path / "OUT")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "OUT" / "tables" / "events" / "part-00000.parquet").exists()
    for fmt in ("csv", "jsonl", "gdelt"):
        for extra in ([], ["--type", "accuse"], ["--search", "erdogan"], ["--every-report"]):
            outs = []
            for store in (["--db", str(small_db)], ["--data", str(tmp_path / "OUT")]):
                target = tmp_path / f"{fmt}-{len(outs)}"
                r = runner.invoke(app, ["export", *store, "--format", fmt, "-o", str(target), *extra])
                assert r.exit_code == 0, r.output
                outs.append(target.read_text(encoding="utf-8"))
            assert outs[0] == outs[1], (fmt, extra)
            assert outs[0].count("\n") > (1 if fmt != "jsonl" else 0), (fmt, extra)
    both = runner.invoke(app, ["export", "--db", str(small_db), "--data", str(tmp_path / "OUT"),
                               "-o", str(tmp_path / "x.csv"), "--format", "csv"])
    assert both.exit_code == 2 and "one of --db" in both.output
    bad = runner.invoke(app, ["export", "--data", str(tmp_path / "nowhere"), "-o", str(tmp_path / "y.csv")])
    # a missing store is exit 1 in every command, --db or --data (issue 13)
    assert bad.exit_code == 1 and "no such directory" in bad.output
