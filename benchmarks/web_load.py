"""Page and API load times of the web app over a store of ~10k events.

Builds the test store (real ``eventwire ingest`` of samples/ plus the gold dev
annotations, see tests/webstore.py), copies its annotated articles with shifted dates
until it holds ``--events`` events (every second copy's events merged with the previous
copy's, as the linker would), then times each page/endpoint on a real uvicorn
(median of ``--repeat`` requests) and, with ``--browser``, the time until the
JavaScript pages have drawn in headless Chromium.

    PYTHONPATH=src python benchmarks/web_load.py [--events 10000] [--repeat 5] [--browser]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402

from webstore import LiveServer, built_store  # noqa: E402

from eventwire.model import Article  # noqa: E402
from eventwire.store import Store  # noqa: E402


def shift(date: str | None, days: int) -> str | None:
    if not date or len(date) != 10:
        return date
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def grow(db: Path, target: int) -> int:
    with Store(db) as store:
        base = [r for r in (store.get_record(a) for a in store.article_ids()) if r.events]
        have = store.counts()["events"]
        k = 0
        while have < target:
            k += 1
            for rec in base:
                a = rec.article
                art = Article(id=f"{a.id}~{k}", text=a.text, source=a.source, date=shift(a.date, k),
                              title=a.title, url=a.url, dateline=a.dateline)
                events = [replace(e, id="", date=shift(e.date, k)) for e in rec.events]
                store.add(replace(rec, article=art, events=events))
                have += len(events)
                if k % 2 == 0:  # this copy's events are further reports of the previous copy's
                    prev = f"{a.id}~{k - 1}"
                    for i, e in enumerate(events):
                        mid = f"m-{prev}-{i}"
                        first = f"{prev}#ev{i}"
                        store.db.execute(
                            "INSERT INTO merged_events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            (mid, e.event, e.mode, e.cameo, e.quad_class, e.goldstein, e.date, e.status,
                             json.dumps([]), json.dumps([]), first, shift(a.date, k - 1), 2, 2, 1))
                        store.db.executemany("INSERT INTO event_mentions VALUES (?,?,?,?)",
                                             [(first, mid, prev, "{}"), (f"{art.id}#ev{i}", mid, art.id, "{}")])
        return have


def timed(client: httpx.Client, url: str, repeat: int) -> tuple[float, int, int]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        r = client.get(url)
        times.append(time.perf_counter() - t)
        assert r.status_code == 200, (url, r.status_code, r.text[:200])
    return statistics.median(times) * 1000, len(r.content), r.status_code


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--browser", action="store_true", help="also time the JS pages in Chromium")
    args = ap.parse_args()

    src_db, _ = built_store()
    tmp = Path(tempfile.mkdtemp(prefix="ew-bench-"))
    db = tmp / "bench.db"
    shutil.copy(src_db, db)
    t = time.perf_counter()
    n = grow(db, args.events)
    con = sqlite3.connect(db)
    arts, merged = (con.execute(q).fetchone()[0] for q in
                    ("SELECT count(*) FROM articles", "SELECT count(*) FROM merged_events"))
    con.close()
    print(f"store: {n:,} events, {arts:,} articles, {merged:,} merged events "
          f"(built in {time.perf_counter() - t:.1f}s), {db.stat().st_size / 1e6:.1f} MB")

    with LiveServer(db) as server, httpx.Client(base_url=server.url, timeout=120) as client:
        ev = client.get("/api/events", params={"limit": 1, "actor": "RUS"}).json()["items"][0]
        eid = quote(ev["id"], safe="")
        urls = [
            "/events", "/events?actor=RUS", "/events?actor=RUS&recipient=UKR&type=THREATEN",
            "/events?q=Oreshnik", "/events?sort=goldstein&offset=5000", "/events?group=mention&quad_class=4",
            f"/events/{eid}", f"/articles/{quote(ev['article']['id'], safe='')}",
            "/timeline", "/network", "/map", "/quotes", "/quotes?speaker=Peskov", "/actors", "/articles",
            "/api/events?limit=100", "/api/events?actor=RUS&limit=100", f"/api/events/{eid}",
            "/api/aggregates/daily", "/api/aggregates/daily?by=type",
            "/api/aggregates/goldstein?actor=RUS&recipient=UKR", "/api/network", "/api/map",
            "/api/actors", "/api/quotes", "/api/export?format=csv", "/api/export?format=jsonl",
            "/api/export?format=parquet", "/api/export?format=gdelt",
        ]
        print(f"\n{'page or endpoint':58} {'median ms':>10} {'KB':>8}")
        for url in urls:
            ms, size, _ = timed(client, url, args.repeat)
            print(f"{url[:58]:58} {ms:10.1f} {size / 1024:8.1f}")

        if args.browser:
            from playwright.sync_api import sync_playwright

            argv = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"]
            print(f"\n{'in Chromium, until drawn':58} {'median ms':>10}")
            with sync_playwright() as p:
                b = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=argv)
                page = b.new_page(base_url=server.url)
                for url, ready in [("/events", "#events"), (f"/events/{eid}", "#mentions"),
                                   ("/timeline?dyad_actor=RUS&dyad_recipient=UKR", "#goldstein-svg"),
                                   ("/network", "#network-svg"), ("/map", "#map-svg circle.point")]:
                    times = []
                    for _ in range(args.repeat):
                        t = time.perf_counter()
                        page.goto(url)
                        page.wait_for_selector(ready)
                        times.append(time.perf_counter() - t)
                    print(f"{url[:58]:58} {statistics.median(times) * 1000:10.1f}")
                b.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
