#!/usr/bin/env python3
"""How the per-article cost of cross-article linking grows with the collection.

    PYTHONPATH=src python benchmarks/ingest_scale.py [--sizes 1000,5000,20000]

Links articles one by one into a SQLite file (what `eventwire ingest` does after
`store.add`) and prints the mean linking time per article over the last
``--window`` articles before each size is reached. Only the linking stage is
timed, on pre-read records (no spaCy: on 2 shared cores a 20k-article parse
would take hours and measures the pipeline, not linking); records carry no
events, so event merge is not part of the figure.

The two corpora in ../shared/corpus hold ~9k articles; beyond that the
benchmark re-reads them as variants with new ids: reprints (a tagline added,
dated a day later) and cut versions (last paragraph dropped), which exercise
the near-duplicate path. All articles are shuffled with a fixed seed.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import tempfile
import time
from pathlib import Path

from eventwire.link import Linker
from eventwire.model import Article, ArticleRecord
from eventwire.store.links import LinkStore

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus() -> list[dict]:
    out = []
    for f in sorted(CORPUS.glob("*.jsonl.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh]
    return out


def variant(d: dict, k: int) -> dict:
    v = dict(d, id=f"{d['id']}~v{k}")
    if k % 2:
        v["text"] = d["text"] + "\n\n(Reporting by our correspondent; editing by the desk)"
        v["source"] = f"{d.get('source')} (reprint)"
    else:
        paras = d["text"].split("\n\n")
        v["text"] = "\n\n".join(paras[:-1]) if len(paras) > 2 else d["text"][: len(d["text"]) * 3 // 4]
    return v


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--window", type=int, default=500)
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    base = corpus()
    items = list(base)
    k = 1
    while len(items) < max(sizes):
        items += [variant(d, k) for d in base]
        k += 1
    random.Random(7).shuffle(items)
    items = items[: max(sizes)]
    n_variants = sum("~v" in d["id"] for d in items)
    print(f"{len(items)} articles: {len(items) - n_variants} from the corpora, "
          f"{n_variants} re-read variants (new ids, reprint/cut texts)")
    with tempfile.TemporaryDirectory() as tmp:
        links = LinkStore.open(Path(tmp) / "links.db")
        linker = Linker(links)
        times: list[float] = []
        dups = 0
        started = time.perf_counter()
        for d in items:
            rec = ArticleRecord(Article(id=str(d["id"]), text=d["text"] or "",
                                        source=d.get("source"), date=d.get("date"),
                                        title=d.get("title")))
            t = time.perf_counter()
            res = linker.link(rec)
            times.append(time.perf_counter() - t)
            dups += res.duplicate_of is not None
            if len(times) in sizes:
                w = times[-a.window:]
                stories = links.db.execute("SELECT count(*) FROM stories").fetchone()[0]
                print(f"{len(times):>6} articles: {1000 * sum(w) / len(w):6.2f} ms/article "
                      f"(last {len(w)}), mean so far {1000 * sum(times) / len(times):6.2f} ms; "
                      f"{stories} stories, {dups} duplicates, "
                      f"{time.perf_counter() - started:.0f}s elapsed", flush=True)
        size = (Path(tmp) / "links.db").stat().st_size
        print(f"link state: {size / 1e6:.1f} MB for {len(times)} articles")


if __name__ == "__main__":
    main()
