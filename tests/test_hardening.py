"""What a hostile client cannot do to the server (issue 11), against a real uvicorn on
loopback over a real store: control characters, impossible dates, foreign Host headers,
HEAD, CSV formula injection, and security headers on every answer, 500 included."""
from __future__ import annotations

import csv
import io
import shutil
import sqlite3

import httpx
import pytest

from eventwire.export.writers import iter_csv
from webstore import LiveServer, built_store

SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options")


@pytest.fixture(scope="module")
def db():
    return built_store()[0]


@pytest.fixture(scope="module")
def api(db):
    with LiveServer(db) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.mark.parametrize("path", ["/api/events", "/api/quotes", "/api/articles", "/events"])
@pytest.mark.parametrize("value", ["Putin\x00", "\x01", "a\x7fb"])
def test_control_characters_in_a_query_are_a_422_with_a_reason(api, path, value):
    r = api.get(path, params={"q": value})
    assert r.status_code == 422
    assert r.json()["detail"] == ["q: control characters are not allowed"]
    assert all(h in r.headers for h in SECURITY)


@pytest.mark.parametrize("value", ["2019-02-30", "2019-13", "2019-00-10"])
def test_impossible_dates_are_a_422(api, value):
    for path in ("/api/events", "/api/articles"):
        r = api.get(path, params={"date_from": value})
        assert r.status_code == 422, (path, r.text)
        assert "not a calendar date" in r.text


def test_real_dates_still_filter(api):
    assert api.get("/api/events", params={"date_from": "2019-02-28"}).status_code == 200
    assert api.get("/api/events", params={"date_to": "2020-02-29"}).status_code == 200


def test_a_foreign_host_header_is_refused(api):
    r = api.get("/api/events", headers={"Host": "evil.example"})
    assert r.status_code == 400
    assert api.get("/api/events", headers={"Host": "localhost"}).status_code == 200


def test_head_is_answered_like_get_without_a_body(api):
    get = api.get("/api/stats")
    head = api.head("/api/stats")
    assert head.status_code == 200 == get.status_code
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert api.head("/events").status_code == 200


def test_a_server_error_carries_the_security_headers(db, tmp_path):
    broken = tmp_path / "broken.db"
    shutil.copy(db, broken)
    con = sqlite3.connect(broken)
    con.execute("DROP TABLE quotes")
    con.commit()
    con.close()
    with LiveServer(broken) as server:
        r = httpx.get(server.url + "/api/quotes", timeout=30)
    assert r.status_code == 500
    assert all(h in r.headers for h in SECURITY)
    assert "Traceback" not in r.text


def test_csv_cells_that_would_run_as_formulas_are_quoted():
    rows = [{"id": "ev1", "article": {"id": "a1", "source": "-2+3",
                                       "title": "=HYPERLINK(\"http://evil\")"},
             "event": "ASSAULT", "evidence": "=cmd|' /C calc'!A0", "trigger": "@SUM(1)",
             "actor": [{"code": "UNK", "name": "+1 attacker"}], "recipient": [],
             "goldstein": -10.0}]
    text = "".join(iter_csv(rows))
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not any(c.startswith(("=", "@", "+")) for c in cells)
    assert "'=HYPERLINK(\"http://evil\")" in cells and "'-2+3" in cells
    assert "'+1 attacker" in cells
    assert "-10.0" in cells  # numbers are numbers, not text to defuse



def test_a_request_reads_one_snapshot_while_an_ingest_commits(db, tmp_path):
    """A page is read in two queries (ids, then rows); an ingest committing between them
    lost rows (KeyError, a 500, a CSV export cut short: 3 in 2,000 requests during an
    ingest, benchmarks/concurrent_load.py). A connection now reads one snapshot."""
    from eventwire.store.backends import SqliteSource

    live = tmp_path / "live.db"
    for suffix in ("", "-wal", "-shm"):
        src = db.with_name(db.name + suffix)
        if src.exists():
            shutil.copy(src, live.with_name(live.name + suffix))
    request = SqliteSource(live).connect()
    before = request.execute("SELECT count(*) FROM events").fetchone()[0]
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA foreign_keys=ON")
    writer.execute("DELETE FROM events WHERE id IN (SELECT id FROM events LIMIT 5)")
    writer.commit()
    writer.close()
    assert request.execute("SELECT count(*) FROM events").fetchone()[0] == before
    request.close()
    later = SqliteSource(live).connect()  # the next request sees the commit
    assert later.execute("SELECT count(*) FROM events").fetchone()[0] == before - 5
    later.close()
