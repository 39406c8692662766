#!/usr/bin/env python3
"""Story clustering on ECB+ (dev) and the story mix: B-cubed F1 and ARI, file and shuffled orders.

    PYTHONPATH=src python benchmarks/cluster_eval.py [--shuffles 5] [--split tune|held|mix|all]

The story mix (``benchmarks/story_mix/``, built from ../shared/corpus by its
``build.py``) holds hand-checked multi-outlet groups of one event each, reprints,
headline rewrites, boilerplate, cut and brief versions; it was not used for tuning.

ECB+ topics are hash-split (sha1 of the topic number, 30 % held back): the
clustering constants were tuned on the "tune" topics only; "held" is the check.
Each split is clustered on its own (the batch step, ``link_records``, in memory)
in file order, which lists articles grouped by topic (a hard order for an
online clusterer: two different events of one topic arrive interleaved), and in
``--shuffles`` random arrival orders (seeds 1..N). A story definition that does
not depend on arrival order gives the same figures in every order.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "story_mix"))
import build as story_mix  # noqa: E402

from eventwire.link import link_records
from eventwire.model import Article, ArticleRecord
from eventwire.store.links import LinkStore

SHARED = Path(__file__).resolve().parents[2] / "shared" / "gold"
GOLD = SHARED / "clusters_ecbplus_dev.jsonl"


def scorer():
    spec = importlib.util.spec_from_file_location("score_clusters", SHARED / "score_clusters.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.score


def held_back(key: str) -> bool:
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 100 < 30


def topic(cluster: str) -> str:
    return cluster.split("_", 1)[0]


def cluster_rows(rows: list[dict]) -> dict[str, str]:
    recs = (ArticleRecord(Article(id=r["id"], text=r["text"], title=r.get("title"),
                                  source=r.get("source"), date=r.get("date"))) for r in rows)
    links = LinkStore.open()
    ids = [res.article_id for res in link_records(recs, links)]
    return links.stories_of(ids)  # final ids: a later article may join two stories


def evaluate(rows: list[dict], shuffles: int, score) -> list[dict]:
    gold = {r["id"]: r["cluster"] for r in rows}
    out = []
    for seed in range(shuffles + 1):
        order = list(rows)
        if seed:
            random.Random(seed).shuffle(order)
        s = score(gold, cluster_rows(order))
        s["order"] = "file" if seed == 0 else f"shuffle {seed}"
        out.append(s)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shuffles", type=int, default=5)
    ap.add_argument("--split", choices=["tune", "held", "mix", "all"], default="all")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    score = scorer()
    rows = [json.loads(x) for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]
    splits = {"tune": [r for r in rows if not held_back(topic(r["cluster"]))],
              "held": [r for r in rows if held_back(topic(r["cluster"]))]}
    if a.split in ("mix", "all"):
        splits["mix"] = story_mix.build()
    for name, part in splits.items():
        if a.split not in (name, "all"):
            continue
        res = evaluate(part, a.shuffles, score)
        if a.json:
            print(json.dumps({"split": name, "results": res}))
            continue
        print(f"== {name}: {len(part)} articles, {len({r['cluster'] for r in part})} clusters")
        for s in res:
            print(f"{s['order']:>10}  P {s['bcubed_precision']:.3f}  R {s['bcubed_recall']:.3f}"
                  f"  F1 {s['bcubed_f1']:.3f}  ARI {s['ari']:.3f}  clusters {s['pred_clusters']}")
        f1 = [s["bcubed_f1"] for s in res]
        print(f"{'mean':>10}  F1 {statistics.mean(f1):.3f}  (min {min(f1):.3f}, max {max(f1):.3f})")


if __name__ == "__main__":
    main()
