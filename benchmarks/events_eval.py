"""Event coders side by side, scored by ../shared/gold/score.py, in one run.

    .venv/bin/python benchmarks/events_eval.py [--json OUT.json] [--sets heldout,wire,gsr,seed]

Coders: ``rules`` (coder.py alone, the previous default), ``learned`` (the trained model,
learned.py) and ``hybrid`` (the learned coder that also keeps the rule coder's events, the
default). Sets:

- ``heldout``: the held-out split of the training set (training/, ids by hash; never used
  to fit a model or choose a threshold);
- ``wire``: ../shared/gold/events_wire_dev.jsonl (never used to train; the rules were
  tuned on it, so it flatters ``rules``);
- ``gsr``: ../shared/gold/plover_gsr_dev.jsonl (one event per sentence: recall is what
  counts);
- ``seed``: the TASS seed article.

Each article is parsed and annotated once; every coder then codes the same doc and record.
Prints P/R/F1, date and status accuracy on matched events, and per-type F1.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eventwire.code.coder import EventCoder
from eventwire.code.learned import LearnedEventCoder
from eventwire.code.train import (event_dict, gold_records, is_heldout, load_training, scorer,
                                  training_files)
from eventwire.model import Article
from eventwire.pipeline import Pipeline, default_annotators
from eventwire.resources import Resources
from eventwire.read.base import make_article

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"


def gold_set(name: str) -> tuple[list[Article], dict[str, dict]]:
    if name == "heldout":
        items = [x for x in load_training(training_files()) if is_heldout(x.article.id)]
        return [x.article for x in items], gold_records(items)
    path = GOLD / {"wire": "events_wire_dev.jsonl", "gsr": "plover_gsr_dev.jsonl",
                   "seed": "seed_example.jsonl"}[name]
    arts, gold = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        art = make_article(str(path.name), d["text"], id=str(d["id"]), source=d.get("source"),
                           date=d.get("date"), title=d.get("title"))
        if isinstance(art, Article):
            arts.append(art)
            gold[art.id] = d
    return arts, gold


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="heldout,wire,gsr,seed")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    sc = scorer()
    res = Resources()
    base = Pipeline(resources=res, annotators=[x for x in default_annotators(res, "rules")
                                               if x.name not in ("events", "event_location")])
    coders = {"rules": EventCoder(res), "learned": LearnedEventCoder(res),
              "hybrid": LearnedEventCoder(res, keep_rule_events=True)}
    results: dict = {}
    for name in a.sets.split(","):
        arts, gold = gold_set(name)
        preds: dict[str, dict] = {c: {} for c in coders}
        for art, doc in zip(arts, base.nlp.pipe((x.text for x in arts), batch_size=32)):
            rec = base.annotate(doc, art)
            for cname, coder in coders.items():
                rec.events = []
                coder(doc, rec)
                preds[cname][art.id] = {"id": art.id,
                                        "events": [event_dict(e) for e in rec.events]}
        print(f"\n== {name}: {len(arts)} articles, "
              f"{sum(len(g.get('events') or []) for g in gold.values())} gold events")
        print(f"{'coder':8} {'P':>6} {'R':>6} {'F1':>6} {'date':>6} {'status':>6} "
              f"{'pred':>5} {'tp':>5}")
        results[name] = {}
        for cname in coders:
            r = sc.score_events(gold, preds[cname])
            results[name][cname] = r
            fmt = lambda v: f"{v:6.3f}" if isinstance(v, float) else f"{'-':>6}"  # noqa
            print(f"{cname:8} {fmt(r['precision'])} {fmt(r['recall'])} {fmt(r['f1'])} "
                  f"{fmt(r['date_accuracy'])} {fmt(r['status_accuracy'])} {r['pred']:5d} "
                  f"{r['tp']:5d}")
        types = sorted({t for r in results[name].values() for t in r["per_type"]})
        print("per-type F1 (gold n): " + "  ".join(
            f"{t[:7]}({results[name]['rules']['per_type'].get(t, {}).get('gold', 0)}) "
            + "/".join(f"{results[name][c]['per_type'].get(t, {}).get('f1', 0):.2f}"
                       for c in coders) for t in types) + "   [rules/learned/hybrid]")
        sys.stdout.flush()
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
