"""Full pipeline vs spaCy's bare parse of the same articles, as a ratio, in one run.

    python benchmarks/throughput.py [--n 300] [--corpus PATH.jsonl.gz]

Absolute times on shared machines are noise; the ratio is the figure to watch.
Also prints, per annotator, its share of the annotation time, and what a process pays
at start-up beyond loading spaCy (KB, gazetteer, lexicons, matchers, model), as CPU
seconds and as a share of the run: a whole run's ratio, start-up included, is
(spaCy load + our load + parse + annotate) / (spaCy load + parse).
"""
from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from eventwire import Pipeline
from eventwire.model import ArticleRecord
from eventwire.read.base import make_article
from eventwire.resources import Resources

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/corpus_wire_te3.jsonl.gz"


def load(path: Path, n: int):
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            a = make_article(r["id"], r.get("text"), id=r["id"], source=r.get("source"),
                             date=r.get("date"), title=r.get("title"))
            if hasattr(a, "text"):
                out.append(a)
            if len(out) >= n:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--coder", default="hybrid", help="hybrid, learned or rules")
    a = ap.parse_args()
    arts = load(a.corpus, a.n)
    c0, t0 = time.process_time(), time.perf_counter()
    res = Resources()
    res.nlp
    spacy_cpu, spacy_wall = time.process_time() - c0, time.perf_counter() - t0
    c0, t0 = time.process_time(), time.perf_counter()
    pipe = Pipeline(resources=res, coder=a.coder)
    ours_cpu, ours_wall = time.process_time() - c0, time.perf_counter() - t0
    texts = [x.text for x in arts]
    list(pipe.nlp.pipe(texts[:20]))  # warm up

    t0 = time.perf_counter()
    docs = list(pipe.nlp.pipe(texts, batch_size=32))
    parse = time.perf_counter() - t0

    spent = {an.name: 0.0 for an in pipe.annotators}
    n_events = 0
    t0 = time.perf_counter()
    for doc, art in zip(docs, arts):
        rec = ArticleRecord(article=art)
        for an in pipe.annotators:
            s = time.perf_counter()
            an(doc, rec)
            spent[an.name] += time.perf_counter() - s
        n_events += len(rec.events)
    annotate = time.perf_counter() - t0

    words = sum(len(d) for d in docs)
    print(f"articles {len(arts)}, tokens {words:,}, events {n_events}")
    print(f"spaCy parse      {parse:7.2f}s  {len(arts) / parse:6.1f} articles/s")
    print(f"full pipeline    {parse + annotate:7.2f}s  {len(arts) / (parse + annotate):6.1f} articles/s")
    print(f"ratio full/parse {(parse + annotate) / parse:7.2f}")
    for name, s in spent.items():
        print(f"  {name:16} {s:6.2f}s  ({100 * s / parse:5.1f}% of parse time)")
    print(f"start-up: spaCy load {spacy_cpu:.2f}s CPU ({spacy_wall:.2f}s wall), "
          f"ours on top {ours_cpu:.2f}s CPU ({ours_wall:.2f}s wall)")
    whole = (spacy_wall + ours_wall + parse + annotate) / (spacy_wall + parse)
    print(f"ratio with start-up, whole run / (spaCy load + parse) {whole:7.2f}")


if __name__ == "__main__":
    main()
