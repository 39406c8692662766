"""Event coder evaluation: score.py figures on the dev events files, and coder-alone speed.

    PYTHONPATH=src python benchmarks/events_eval.py [--speed-sample 300] [--no-speed]

Feeds the pipeline only id, source, date, title and text of each gold record,
writes predictions to /tmp/eventwire_events_<name>.jsonl and runs
/work/shared/gold/score.py on them (events only, with per-type figures).
Speed: the documents of a corpus sample are parsed and annotated once, then
the event coder alone is timed on them (events/s and articles/s).
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

from eventwire import Pipeline
from eventwire.code.coder import EventCoder
from eventwire.read.base import make_article

GOLD = Path("/work/shared/gold")
DEV_FILES = ["seed_example.jsonl", "events_wire_dev.jsonl", "plover_gsr_dev.jsonl"]
CORPUS = Path("/work/shared/corpus")


def _norm(s: str) -> list[str]:
    return "".join(c if c.isalnum() or c.isspace() else " " for c in s.lower()).split()


def oracle_codes(pred: dict, gold: dict) -> None:
    """DIAGNOSTIC ONLY: give a participant the gold code of a same-named gold participant, to
    measure the coder apart from actor resolution while the actor KB is missing."""
    names = {}
    for e in gold.get("events") or []:
        for p in (e.get("actor") or []) + (e.get("recipient") or []):
            if p.get("name"):
                names[tuple(_norm(p["name"]))] = p.get("code")
    for e in pred["events"]:
        for p in e["actor"] + e["recipient"]:
            if p["code"] not in ("UNK", None):
                continue
            pn = _norm(p.get("name") or "") or _norm(p.get("text") or "")
            for gn, code in names.items():
                if pn and gn and (pn[-1] == gn[-1] or set(pn) <= set(gn) or set(gn) <= set(pn)):
                    p["code"] = code
                    break


def predict(pipe: Pipeline, gold: Path, out: Path, oracle: bool = False) -> None:
    with gold.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        for line in f:
            d = json.loads(line)
            rec = pipe.process(d["text"], date=d.get("date"), source=d.get("source"),
                               title=d.get("title"), id=str(d["id"]))
            out_d = rec.to_dict()
            if oracle:
                oracle_codes(out_d, d)
            w.write(json.dumps(out_d, ensure_ascii=False) + "\n")


def corpus_articles(limit: int):
    n = 0
    for path in sorted(CORPUS.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                d = json.loads(line)
                art = make_article(f"{path.name}:{i}", d.get("text") or "", id=str(d.get("id", i)),
                                   source=d.get("source"), date=d.get("date"), title=d.get("title"))
                if hasattr(art, "text"):
                    yield art
                    n += 1
                    if n >= limit:
                        return


def speed(pipe: Pipeline, sample: int) -> None:
    arts = list(corpus_articles(sample))
    coder = next(a for a in pipe.annotators if isinstance(a, EventCoder))
    others = [a for a in pipe.annotators if a is not coder]
    prepared = []
    t0 = time.perf_counter()
    for art, doc in zip(arts, pipe.nlp.pipe((a.text for a in arts), batch_size=32)):
        rec = Pipeline(pipe.nlp, others).annotate(doc, art)
        prepared.append((doc, rec))
    t_rest = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_events = 0
    for doc, rec in prepared:
        coder(doc, rec)
        n_events += len(rec.events)
    t_coder = time.perf_counter() - t0
    print(f"speed: {len(arts)} corpus articles, {n_events} events; coder alone {t_coder:.2f}s = "
          f"{n_events / t_coder:.0f} events/s, {len(arts) / t_coder:.0f} articles/s; "
          f"parse+other annotators {t_rest:.2f}s (coder = {100 * t_coder / (t_rest + t_coder):.1f}% "
          f"of the per-article time)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--speed-sample", type=int, default=300)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--oracle-codes", action="store_true",
                    help="diagnostic: take actor codes from same-named gold participants")
    a = ap.parse_args()
    pipe = Pipeline()
    for name in DEV_FILES:
        out = Path(f"/tmp/eventwire_events_{name}")
        predict(pipe, GOLD / name, out, a.oracle_codes)
        print(f"== {name}" + ("  [ORACLE actor codes: diagnostic]" if a.oracle_codes else ""))
        sys.stdout.flush()
        subprocess.run([sys.executable, str(GOLD / "score.py"), str(GOLD / name), str(out),
                        "--only", "events"], check=False)
        sys.stdout.flush()
    if not a.no_speed:
        speed(pipe, a.speed_sample)


if __name__ == "__main__":
    main()
