"""Soak: every article of a corpus through the full pipeline, with per-article timing and
the time budget on. Reports articles/s, articles stopped by the budget ("hangs"),
exceptions grouped by file:line, read errors, and the slowest 10 articles.

    .venv/bin/python benchmarks/soak.py [INPUT ...] [--limit N] [--json OUT.json]

INPUT defaults to every file of ../shared/corpus. ``--shard 0/2`` and ``--shard 1/2`` split
the run over two cores. Anything the readers take is accepted
(JSONL, .gz, directories, ...).
"""
from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from itertools import islice
from pathlib import Path

from eventwire.model import InputError
from eventwire.pipeline import BATCH_SIZE, OVER_BUDGET, Pipeline
from eventwire.read import read_inputs

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
WHERE = re.compile(r"\(([\w./-]+:\d+)\)$")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--coder", default="hybrid")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--shard", default="0/1", help="K/N: every N-th article from the K-th, "
                    "to run N soaks side by side on N cores")
    a = ap.parse_args()
    k, n_shards = (int(x) for x in a.shard.split("/"))
    inputs = a.inputs or [str(p) for p in sorted(CORPUS.glob("*.jsonl.gz"))]
    pipe = Pipeline(coder=a.coder)
    items = (x for i, x in enumerate(read_inputs(inputs)) if i % n_shards == k)
    if a.limit:
        items = islice(items, a.limit)
    n_ok = n_events = 0
    read_errors: Counter = Counter()
    hangs: list[str] = []
    exceptions: Counter = Counter()
    examples: dict[str, str] = {}
    times: list[tuple[float, str, int]] = []
    parse_s = annotate_s = 0.0
    t_start = time.perf_counter()
    it = iter(items)
    while chunk := list(islice(it, BATCH_SIZE)):
        arts = []
        for x in chunk:
            if isinstance(x, InputError):
                read_errors[x.message.split(":")[0]] += 1
            else:
                arts.append(x)
        t0 = time.perf_counter()
        docs = list(pipe.nlp.pipe((x.text for x in arts), batch_size=BATCH_SIZE))
        parse_s += time.perf_counter() - t0
        for art, doc in zip(arts, docs):
            t0 = time.perf_counter()
            res = pipe._safe(doc, art)
            dt = time.perf_counter() - t0
            annotate_s += dt
            times.append((dt, art.id, len(art.text)))
            if isinstance(res, InputError):
                if res.message.startswith(OVER_BUDGET):
                    hangs.append(f"{art.id}: {res.message}")
                else:
                    m = WHERE.search(res.message)
                    key = m.group(1) if m else res.message[:80]
                    exceptions[key] += 1
                    examples.setdefault(key, f"{art.id}: {res.message}")
            else:
                n_ok += 1
                n_events += len(res.events)
    wall = time.perf_counter() - t_start
    n = len(times)
    times.sort(reverse=True)
    report = {
        "articles": n, "processed": n_ok, "events": n_events, "wall_s": round(wall, 1),
        "articles_per_s": round(n / wall, 2) if wall else None,
        "parse_s": round(parse_s, 1), "annotate_s": round(annotate_s, 1),
        "hangs": len(hangs), "hang_articles": hangs,
        "exceptions": sum(exceptions.values()),
        "exceptions_by_place": dict(exceptions.most_common()),
        "exception_examples": examples,
        "read_errors": dict(read_errors),
        "slowest": [{"id": i, "seconds": round(t, 3), "chars": c} for t, i, c in times[:10]],
    }
    print(f"{n} articles in {wall:.0f} s ({report['articles_per_s']} articles/s; parse "
          f"{parse_s:.0f} s, annotators {annotate_s:.0f} s), {n_events} events")
    print(f"hangs (over time budget): {len(hangs)}; exceptions: {report['exceptions']}; "
          f"read errors: {sum(read_errors.values())} {dict(read_errors)}")
    for k, v in exceptions.most_common():
        print(f"  {v:5d}  {k}  e.g. {examples[k][:160]}")
    for h in hangs:
        print(f"  hang: {h}")
    print("slowest: " + ", ".join(f"{x['id']} {x['seconds']}s/{x['chars']}ch"
                                  for x in report["slowest"]))
    if a.json:
        a.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
