#!/usr/bin/env python3
"""Time per article of cross-article linking on Spark, against the local linker.

    PYTHONPATH=src python benchmarks/spark_scale.py RECORDS.jsonl [--sizes 1000,5000,20000]
        [--master local[2]] [--work DIR]

Only the linking stage is timed, from article records: RECORDS are records
written once by ``eventwire extract`` (events included) for some corpus
articles; each size is filled up with text-only records of further articles of
``../shared/corpus`` (no NLP: linking needs their text) and, past that, with
planted re-id'd reprints and rewrites (``record_variants.py``), all shuffled
with a fixed seed. For each size, in a fresh process each:

- Spark: ``spark_link.run_link`` on ``--master`` (tables written included);
  peak RSS of the Python driver and peak JVM heap (local mode: the JVM is the
  driver and the executors);
- local: ``link_records`` into an in-memory link store, the records in the
  same arrival order; peak RSS of the process.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus"
sys.path.insert(0, str(HERE))


def build(records_path: str, size: int, out: Path) -> None:
    from record_variants import reprint, rewrite

    from eventwire.model import ArticleRecord

    with open(records_path, encoding="utf-8") as f:
        base = [json.loads(x) for x in f if x.strip()]
    seen = {r["id"] for r in base}
    for p in sorted(CORPUS.glob("*.jsonl.gz")):
        with gzip.open(p, "rt", encoding="utf-8") as f:
            for line in f:
                if len(base) >= size * 2 // 3:
                    break
                a = json.loads(line)
                if a.get("text") and str(a["id"]) not in seen:
                    seen.add(str(a["id"]))
                    base.append(ArticleRecord.from_dict(a).to_dict())
    rng = random.Random(size)
    items = base[:size]
    k = 0
    while len(items) < size:
        k += 1
        r = rng.choice(base)
        v = reprint(r, k) if k % 2 else rewrite(r, k)
        if v is not None:
            items.append(v)
    rng.shuffle(items)
    with open(out, "w", encoding="utf-8") as f:
        for r in items:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def run_spark(path: str, out: str, master: str) -> dict:
    from eventwire import spark_link

    t = time.perf_counter()
    result = spark_link.run_link(path, out, master=master, keep_session=True)
    elapsed = time.perf_counter() - t
    spark = spark_link.session(master)
    jvm = spark._jvm.java.lang.management.ManagementFactory
    heap = sum(p.getPeakUsage().getUsed() for p in jvm.getMemoryPoolMXBeans()
               if str(p.getType()) == "Heap memory")
    spark.stop()
    return {"seconds": elapsed, "driver_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "jvm_heap_peak_mb": heap / 2 ** 20, "duplicates": result.duplicates,
            "stories": result.stories, "merged_events": result.merged_events}


def run_local(path: str) -> dict:
    from eventwire.link import link_records
    from eventwire.model import ArticleRecord
    from eventwire.spark_link import arrival_key
    from eventwire.store.links import LinkStore

    with open(path, encoding="utf-8") as f:
        recs = [ArticleRecord.from_dict(json.loads(x)) for x in f]
    recs.sort(key=lambda r: arrival_key(r.article.date, r.article.id))
    t = time.perf_counter()
    for _ in link_records(recs, LinkStore.open()):
        pass
    return {"seconds": time.perf_counter() - t,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("records", nargs="?")
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "eventwire_spark_scale"))
    ap.add_argument("--child", nargs=3, metavar=("KIND", "INPUT", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, path, out = a.child
        print(json.dumps(run_spark(path, out, a.master) if kind == "spark" else run_local(path)))
        return
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    print("| articles | Spark s | Spark ms/article | driver RSS MB | JVM heap peak MB "
          "| local s | local ms/article | local RSS MB | Spark/local | duplicates | stories | merged |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in a.sizes.split(",")):
        path = work / f"records_{size}.jsonl"
        if not path.exists():
            build(a.records, size, path)
        res = {}
        for kind in ("spark", "local"):
            p = subprocess.run([sys.executable, __file__, "--master", a.master, "--child", kind,
                                str(path), str(work / f"out_{size}")],
                               capture_output=True, text=True, check=True)
            res[kind] = json.loads(p.stdout.strip().splitlines()[-1])
        s, lo = res["spark"], res["local"]
        print(f"| {size:,} | {s['seconds']:.0f} | {1000 * s['seconds'] / size:.1f} "
              f"| {s['driver_rss_mb']:.0f} | {s['jvm_heap_peak_mb']:.0f} | {lo['seconds']:.0f} "
              f"| {1000 * lo['seconds'] / size:.1f} | {lo['rss_mb']:.0f} "
              f"| {s['seconds'] / lo['seconds']:.1f} | {s['duplicates']:,} | {s['stories']:,} "
              f"| {s['merged_events']:,} |", flush=True)


if __name__ == "__main__":
    main()
