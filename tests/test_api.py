"""The REST API and exports, against a real uvicorn on loopback over a real store
(``eventwire ingest`` of samples/ plus the gold dev annotations: see webstore.py).

Every API test runs on both query backends: the SQLite store, and the same store
written as the Parquet layout and read with DuckDB (``serve --data``). ``db`` is
always the SQLite file: the reference the answers of both are checked against."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pandas as pd
import pytest

from webstore import ROOT, SRC, LiveServer, built, built_store

from eventwire.model import EVENT_STATUSES


@pytest.fixture(scope="module", params=["sqlite", "parquet"])
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def db() -> Path:
    return built_store()[0]


@pytest.fixture(scope="module")
def served(backend) -> Path:
    """What the server reads: the SQLite file, or the Parquet layout written from it."""
    return built(backend)[0]


@pytest.fixture(scope="module")
def facts(backend) -> dict:
    return built(backend)[1]


@pytest.fixture(scope="module")
def api(served):
    with LiveServer(served) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def store_option(backend: str, served: Path) -> list[str]:
    """The CLI option naming the store a backend reads."""
    return ["--db" if backend == "sqlite" else "--data", str(served)]


def sql(db: Path, query: str, *params):
    con = sqlite3.connect(db)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def all_items(api, path: str, **params) -> list[dict]:
    out, offset = [], 0
    while True:
        page = api.get(path, params={**params, "limit": 1000, "offset": offset}).json()
        out += page["items"]
        offset += 1000
        if offset >= page["total"]:
            return out


def codes(item: dict, role: str) -> set[str]:
    return {p["code"] for p in item[role]}


# ---------------------------------------------------------------------- events

def test_events_are_paginated_in_the_article_record_event_form(api, db):
    n_events = sql(db, "SELECT count(*) FROM events")[0][0]
    n_merged_away = sql(db, "SELECT count(*) FROM event_mentions m JOIN merged_events me"
                            " ON me.id = m.merged_id WHERE m.event_id != me.first_event_id")[0][0]
    first = api.get("/api/events", params={"limit": 10}).json()
    assert first["total"] == n_events - n_merged_away  # one row per merged event
    assert len(first["items"]) == 10
    second = api.get("/api/events", params={"limit": 10, "offset": 10}).json()
    assert second["total"] == first["total"]
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    every = api.get("/api/events", params={"group": "mention", "limit": 1}).json()
    assert every["total"] == n_events

    item = first["items"][0]
    for key in ("event", "actor", "recipient", "evidence", "evidence_start", "evidence_end",
                "trigger", "trigger_start", "date", "status", "quad_class", "goldstein", "rule"):
        assert key in item
    # the offsets point at the words in the stored article
    text = api.get(f"/api/articles/{item['article']['id']}").json()["text"]
    assert text[item["evidence_start"]:item["evidence_end"]] == item["evidence"]
    assert text[item["trigger_start"]:item["trigger_end"]] == item["trigger"]


@pytest.mark.parametrize("params, check", [
    ({"actor": "RUS"}, lambda e: "RUS" in codes(e, "actor")),
    ({"actor": "vladimir putin"}, lambda e: "Vladimir Putin" in {p["name"] for p in e["actor"]}),
    ({"recipient": "UKR"}, lambda e: "UKR" in codes(e, "recipient")),
    ({"actor": "RUS", "recipient": "UKR"}, lambda e: "RUS" in codes(e, "actor") and "UKR" in codes(e, "recipient")),
    ({"type": "CONSULT"}, lambda e: e["event"] == "CONSULT"),
    ({"type": ["ACCUSE", "REJECT"]}, lambda e: e["event"] in ("ACCUSE", "REJECT")),
    ({"quad_class": 4}, lambda e: e["quad_class"] == 4),
    ({"status": "future"}, lambda e: e["status"] == "future"),
    ({"date_from": "2018-01-01", "date_to": "2018-12-31"},
     lambda e: "2018-01-01" <= (e["date"] or e["article"]["date"]) <= "2018-12-31"),
    ({"source": "tass"}, lambda e: e["article"]["source"] == "TASS"),
    ({"q": "Oreshnik"}, lambda e: True),
    ({"country": "LBY"}, lambda e: "LBY" in codes(e, "actor") | codes(e, "recipient")
     or (e["place"] or {}).get("country") == "LY"),
])
def test_event_filters(api, params, check):
    items = all_items(api, "/api/events", group="mention", **params)
    assert items, f"the store has events for {params}"
    assert all(check(e) for e in items), params
    unfiltered = api.get("/api/events", params={"group": "mention"}).json()["total"]
    assert len(items) < unfiltered


def test_text_search_finds_the_article_words(api):
    items = all_items(api, "/api/events", q="Oreshnik", group="mention")
    for e in items:
        text = api.get(f"/api/articles/{e['article']['id']}").json()["text"]
        assert "oreshnik" in text.lower()
    # FTS syntax in user input is taken as words, not as a query language
    assert api.get("/api/events", params={"q": 'Putin" OR NEAR(' }).status_code == 200


def test_story_filter_keeps_the_story_articles(api, facts):
    arts = set(facts["story_articles"].split(","))
    items = all_items(api, "/api/events", story=facts["story"], group="mention")
    assert items and {e["article"]["id"] for e in items} <= arts


@pytest.mark.parametrize("sort", ["goldstein", "-goldstein", "date", "-date", "type"])
def test_events_sort(api, sort):
    items = api.get("/api/events", params={"sort": sort, "limit": 200}).json()["items"]
    key = {"goldstein": lambda e: e["goldstein"], "date": lambda e: e["date"] or e["article"]["date"],
           "type": lambda e: e["event"]}[sort.lstrip("-")]
    values = [key(e) for e in items if key(e) is not None]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_event_detail_lists_every_mention_of_the_merged_event(api, facts):
    ev = api.get(f"/api/events/{quote(facts['first'], safe='')}").json()
    assert ev["merged"]["id"] == facts["merged"]
    assert {m["id"] for m in ev["mentions"]} == {facts["first"], facts["second"]}
    assert len({m["article"]["id"] for m in ev["mentions"]}) == 2
    assert ev["merged_event"]["num_mentions"] == 2
    # the second report is folded into the first in the default listing
    listed = {e["id"] for e in all_items(api, "/api/events")}
    assert facts["first"] in listed and facts["second"] not in listed
    # ...but a filter that only the second report matches still finds the merged event
    second_article = facts["second"].split("#")[0]
    found = all_items(api, "/api/events", article=second_article, type="ACCUSE")
    assert facts["second"] in {e["id"] for e in found}
    assert next(e for e in found if e["id"] == facts["second"])["merged"]["id"] == facts["merged"]


def test_unmerged_event_is_its_own_single_mention(api, facts):
    other = next(e for e in api.get("/api/events", params={"limit": 50}).json()["items"]
                 if e["merged"] is None)
    detail = api.get(f"/api/events/{quote(other['id'], safe='')}").json()
    assert [m["id"] for m in detail["mentions"]] == [other["id"]]
    assert detail["merged_event"] is None


# --------------------------------------------------------------- other resources

def test_article_has_all_annotations_with_offsets(api, facts):
    a = api.get("/api/articles/tass-2024-12-26-00").json()
    text = a["text"]
    for kind in ("entities", "events", "quotes", "times", "places"):
        assert a[kind], kind
    for x in a["entities"] + a["quotes"] + a["times"] + a["places"]:
        assert text[x["start"]:x["end"]] == x["text"]
    assert a["links"]["story"]["id"] == facts["story"]
    assert api.get("/api/articles/no-such-article").status_code == 404
    found = api.get("/api/articles", params={"q": "Oreshnik"}).json()
    assert "tass-2024-12-26-00" in {x["id"] for x in found["items"]}


def test_quotes_by_speaker_and_text(api):
    peskov = all_items(api, "/api/quotes", speaker="Peskov")
    assert peskov and all("Peskov" in q["speaker"] for q in peskov)
    words = all_items(api, "/api/quotes", q="Oreshnik")
    assert words and all("oreshnik" in q["text"].lower() for q in words)
    for q in peskov:
        text = api.get(f"/api/articles/{q['article']['id']}").json()["text"]
        assert text[q["start"]:q["end"]] == q["text"]


def test_actors_with_counts(api):
    actors = api.get("/api/actors", params={"limit": 500}).json()["items"]
    putin = next(a for a in actors if a["name"] == "Vladimir Putin")
    assert putin["code"] == "RUS"
    as_actor = api.get("/api/events", params={"actor": "Vladimir Putin", "group": "mention"}).json()
    assert putin["as_actor"] == as_actor["total"]
    assert actors == sorted(actors, key=lambda a: -a["events"])


def test_stories(api, facts):
    stories = api.get("/api/stories").json()
    assert stories["total"] == 1
    story = api.get(f"/api/stories/{facts['story']}").json()
    assert {a["id"] for a in story["articles"]} == set(facts["story_articles"].split(","))
    assert api.get("/api/stories/nope").status_code == 404


def test_daily_aggregates_add_up(api):
    total = api.get("/api/events").json()["total"]
    daily = api.get("/api/aggregates/daily").json()
    assert sum(i["count"] for i in daily["items"]) + daily["undated"] == total
    # week, weekend and month values ("2019-W26", coded by the pipeline) count as undated
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", i["date"]) for i in daily["items"])
    by_type = api.get("/api/aggregates/daily", params={"by": "type", "quad_class": 1}).json()
    assert {i["key"] for i in by_type["items"]} <= {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST"}


def test_goldstein_mean_per_dyad_and_day(api):
    rows = api.get("/api/aggregates/goldstein", params={"actor": "RUS", "recipient": "UKR"}).json()["items"]
    dyad = [r for r in rows if (r["actor"], r["recipient"]) == ("RUS", "UKR")]
    assert dyad
    for r in dyad:
        evs = all_items(api, "/api/events", actor="RUS", recipient="UKR",
                        date_from=r["date"], date_to=r["date"])
        scores = [e["goldstein"] for e in evs]
        assert r["count"] == len(scores)
        assert r["goldstein_mean"] == pytest.approx(sum(scores) / len(scores), abs=1e-3)


def test_network_and_map(api):
    net = api.get("/api/network").json()
    ids = {n["id"] for n in net["nodes"]}
    assert "RUS" in ids and net["edges"]
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    rus_ukr = next(e for e in net["edges"] if (e["source"], e["target"]) == ("RUS", "UKR"))
    assert rus_ukr["count"] >= 1 and 1 <= rus_ukr["quad_class"] <= 4
    by_name = api.get("/api/network", params={"node": "name"}).json()
    assert "Vladimir Putin" in {n["id"] for n in by_name["nodes"]}
    points = api.get("/api/map").json()
    assert points["points"]
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in points["points"])
    only_libya = api.get("/api/map", params={"country": "LBY"}).json()["points"]
    assert len(only_libya) < len(points["points"])


# ---------------------------------------------------------------------- export

def test_exports_open_in_pandas(api):
    total = api.get("/api/events", params={"type": "ACCUSE"}).json()["total"]
    assert total > 1
    params = {"type": "ACCUSE"}
    csv = api.get("/api/export", params={**params, "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    df = pd.read_csv(io.StringIO(csv.text))
    assert len(df) == total and set(df["event"]) == {"ACCUSE"}
    lines = api.get("/api/export", params={**params, "format": "jsonl"}).text.splitlines()
    assert len(lines) == total
    first = json.loads(lines[0])
    assert first["event"] == "ACCUSE" and isinstance(first["actor"], list) and "evidence_start" in first
    pq = api.get("/api/export", params={**params, "format": "parquet"})
    df = pd.read_parquet(io.BytesIO(pq.content))
    assert len(df) == total and list(df["actors"].iloc[0][0].keys()) == ["code", "sector", "name"]
    tsv = api.get("/api/export", params={**params, "format": "gdelt"}).text
    gd = pd.read_csv(io.StringIO(tsv), sep="\t", dtype=str, keep_default_na=False)
    assert all(re.fullmatch(r"\d{8}", d) for d in gd["SQLDATE"])
    assert gd.shape == (total, 61)
    by_id = {json.loads(line)["id"]: json.loads(line) for line in lines}
    for _, row in gd.iterrows():
        item = by_id[row["GLOBALEVENTID"]]
        assert row["EventCode"] == item["cameo"] and row["EventRootCode"] == item["cameo"][:2]
        assert row["QuadClass"] == str(item["quad_class"])
        if item["actor"]:
            assert row["Actor1CountryCode"] in ("", item["actor"][0]["code"])


def test_export_cli_from_db_and_from_records(db, backend, served, tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app
    from eventwire.store import Store

    runner = CliRunner()
    out = tmp_path / "parts"
    r = runner.invoke(app, ["export", *store_option(backend, served), "--format", "parquet", "--partitioned",
                            "-o", str(out), "--every-report"])
    assert r.exit_code == 0, r.output
    df = pd.read_parquet(out)
    assert len(df) == sql(db, "SELECT count(*) FROM events")[0][0]
    assert any(p.name.startswith("year=") for p in out.iterdir())

    r = runner.invoke(app, ["export", *store_option(backend, served), "--format", "csv", "-o", str(tmp_path / "a.csv"),
                            "--type", "consult", "--from", "2024"])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(tmp_path / "a.csv")
    assert len(df) and set(df["event"]) == {"CONSULT"}
    assert (df["date"].fillna(df["article_date"]) >= "2024").all()  # undated: the article's date

    records = tmp_path / "records.jsonl"
    with Store(db, readonly=True) as store, open(records, "w", encoding="utf-8") as fh:
        for aid in store.article_ids()[:25]:
            fh.write(json.dumps(store.get_record(aid).to_dict(), ensure_ascii=False) + "\n")
        expected = sum(len(store.get_record(a).events) for a in store.article_ids()[:25])
    r = runner.invoke(app, ["export", "--records", str(records), "--format", "gdelt", "-o", str(tmp_path / "g.tsv")])
    assert r.exit_code == 0, r.output
    assert len(pd.read_csv(tmp_path / "g.tsv", sep="\t")) == expected

    bad = runner.invoke(app, ["export", *store_option(backend, served), "--format", "xml", "-o", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "unknown format" in bad.output


# ------------------------------------------------------------ safety and schema

def test_openapi_schema_validates(api):
    from openapi_spec_validator import validate

    schema = api.get("/openapi.json").json()
    validate(schema)
    params = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "recipient", "country", "type", "quad_class", "status", "date_from", "date_to",
            "source", "story", "q", "sort", "limit", "offset"} <= params
    for path in ("/api/events/{event_id}", "/api/articles/{article_id}", "/api/quotes", "/api/actors",
                 "/api/stories", "/api/aggregates/daily", "/api/aggregates/goldstein", "/api/export"):
        assert path in schema["paths"]


@pytest.mark.parametrize("params, field", [
    ({"quad_class": 9}, "quad_class"), ({"quad_class": "x"}, "quad_class"),
    ({"type": "BOMB"}, "type"), ({"status": "maybe"}, "status"),
    ({"date_from": "yesterday"}, "date_from"), ({"limit": 0}, "limit"), ({"limit": 5000}, "limit"),
    ({"sort": "evidence; DROP TABLE events"}, "sort"), ({"country": "R U S"}, "country"),
])
def test_invalid_input_is_a_clear_422(api, params, field):
    r = api.get("/api/events", params=params)
    assert r.status_code == 422
    assert any(p.startswith(field) for p in r.json()["detail"]), r.json()


def test_hostile_input_is_data(api, db):
    r = api.get("/api/events", params={"actor": "' OR 1=1 --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    n = sql(db, "SELECT count(*) FROM events")[0][0]
    assert api.get("/api/events", params={"q": "%' ; DELETE FROM events; --"}).status_code == 200
    assert sql(db, "SELECT count(*) FROM events")[0][0] == n
    a = api.get("/api/articles/hostile-xss-1").json()
    assert "<script>window.__xss_text=1</script>" in a["text"]  # JSON keeps the text as it is
    page = api.get("/articles/hostile-xss-1").text
    assert "<script>window.__xss" not in page and "&lt;script&gt;window.__xss_text=1&lt;/script&gt;" in page
    assert "javascript:" not in page
    headers = api.get("/events").headers
    assert "script-src 'self'" in headers["content-security-policy"]


def test_serving_while_ingest_writes(db, tmp_path):
    """Readers see a consistent store and new articles while `eventwire ingest` writes (WAL)."""
    live = tmp_path / "live.db"
    shutil.copy(db, live)
    before = sql(live, "SELECT count(*) FROM articles")[0][0]
    doc = tmp_path / "new.jsonl"
    doc.write_text(json.dumps({
        "id": "live-ingest-1", "source": "TASS", "date": "2024-12-27", "title": "Lavrov meets Fidan",
        "text": "MOSCOW, December 27. /TASS/. Russian Foreign Minister Sergey Lavrov met with "
                "Turkish Foreign Minister Hakan Fidan in Moscow on Friday."}) + "\n")
    with LiveServer(live) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        # no time budget: on a loaded machine the budget, not the store, failed this ingest
        proc = subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", str(doc), "--db", str(live),
                                 "--time-budget", "0", "--time-budget-floor", "0"],
                                env=dict(os.environ, PYTHONPATH=str(SRC)), cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        statuses = []
        while proc.poll() is None:
            statuses.append(client.get("/api/events", params={"limit": 5}).status_code)
            statuses.append(client.get("/api/articles", params={"limit": 1}).status_code)
            time.sleep(0.1)
        assert proc.returncode == 0, proc.stderr.read()
        assert statuses and set(statuses) == {200}
        after = client.get("/api/articles", params={"limit": 1}).json()["total"]
        assert after == before + 1
        assert client.get("/api/articles/live-ingest-1").json()["entities"]


def test_serve_command_binds_loopback_by_default(backend, served):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", *store_option(backend, served),
                             "--port", str(port)],
                            env=dict(os.environ, PYTHONPATH=str(SRC)), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert time.time() < deadline and proc.poll() is None, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["events"] > 0
        listening = Path("/proc/net/tcp").read_text().splitlines()[1:]
        local = [l.split()[1] for l in listening if l.split()[3] == "0A"]  # LISTEN
        assert f"0100007F:{port:04X}" in local  # 127.0.0.1:port, not 0.0.0.0
    finally:
        proc.terminate()
        proc.wait(10)
    assert "http://127.0.0.1:" in proc.stderr.read()


def test_missing_database_is_a_clear_error(tmp_path):
    r = subprocess.run([sys.executable, "-m", "eventwire", "serve", "--db", str(tmp_path / "none.db")],
                       env=dict(os.environ, PYTHONPATH=str(SRC)), cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 1 and "no database" in r.stderr


def test_empty_link_and_event_tables_degrade(facts):
    """A store without events (nothing coded) and one without links: every endpoint answers."""
    with LiveServer(Path(facts["no_events"])) as server, httpx.Client(base_url=server.url) as c:
        assert c.get("/api/events").json() == {"items": [], "total": 0, "limit": 50, "offset": 0}
        assert c.get("/api/aggregates/daily").json()["items"] == []
        assert c.get("/api/network").json() == {"nodes": [], "edges": []}
        assert c.get("/api/map").json() == {"points": [], "unlocated": 0}
        assert c.get("/api/articles").json()["total"] > 0
        for page in ("/events", "/timeline", "/network", "/map", "/quotes", "/actors", "/stories", "/articles"):
            assert c.get(page).status_code == 200, page
        assert len(c.get("/api/export", params={"format": "csv"}).text.splitlines()) == 1
    # coded events but never linked: no merged events, mentions or stories
    with LiveServer(Path(facts["ingested_only"])) as server, httpx.Client(base_url=server.url) as c:
        assert c.get("/api/stories").json()["total"] == 0
        listed = c.get("/api/events", params={"limit": 20}).json()
        every = c.get("/api/events", params={"group": "mention", "limit": 1}).json()
        assert listed["total"] == every["total"]  # nothing merged: every report is an event
        for item in listed["items"]:
            assert item["merged"] is None
            detail = c.get(f"/api/events/{quote(item['id'], safe='')}").json()
            assert [m["id"] for m in detail["mentions"]] == [item["id"]]
