"""Concurrent requests against a live server over the test store, while an ingest writes to
it: errors and latency. Part of the reliability table (docs/reliability.md).

    .venv/bin/python benchmarks/concurrent_load.py [--requests 2000] [--clients 8]
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from webstore import LiveServer, built_store  # noqa: E402

PATHS = ["/api/events", "/api/events?type=CONSULT", "/api/quotes?q=Libya", "/api/articles?q=troops",
         "/api/actors", "/api/stats", "/events", "/articles", "/quotes", "/api/events?date_from=2019-12",
         "/api/export?format=csv", "/api/events?q=%00", "/api/events?date_from=2019-02-30"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    a = ap.parse_args()
    db = built_store()[0]
    rng = random.Random(11)
    paths = [rng.choice(PATHS) for _ in range(a.requests)]
    with LiveServer(db) as server:
        ingest = subprocess.Popen([sys.executable, "-m", "eventwire", "ingest",
                                   str(ROOT / "samples" / "wire.jsonl"), "--db", str(db),
                                   "--coder", "rules"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        with httpx.Client(base_url=server.url, timeout=60) as client:
            def get(path: str) -> tuple[int, float]:
                t0 = time.perf_counter()
                try:
                    r = client.get(path)
                except httpx.TransportError as e:  # counted, with the path, as code 0
                    print(f"transport error on {path}: {e!r}", file=sys.stderr)
                    return 0, time.perf_counter() - t0
                return r.status_code, time.perf_counter() - t0

            t0 = time.perf_counter()
            with ThreadPoolExecutor(a.clients) as pool:
                results = list(pool.map(get, paths))
            wall = time.perf_counter() - t0
        ingest_err = ingest.communicate(timeout=600)[1]
    codes: dict[int, int] = {}
    for c, _ in results:
        codes[c] = codes.get(c, 0) + 1
    lat = sorted(t for _, t in results)
    print(f"{a.requests} requests from {a.clients} clients in {wall:.1f} s during an ingest "
          f"(exit {ingest.returncode}, 'locked' in its stderr: {'locked' in ingest_err}); "
          f"status codes {dict(sorted(codes.items()))}; 5xx: {sum(v for k, v in codes.items() if k >= 500)}; "
          f"median {statistics.median(lat) * 1000:.0f} ms, p95 {lat[int(0.95 * len(lat))] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
