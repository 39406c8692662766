"""Event error analysis: per article, gold and predicted events side by side.

    PYTHONPATH=src python benchmarks/events_errors.py [GOLD.jsonl] [--pred PRED.jsonl] [--id ID]

Without --pred, runs the pipeline on the gold texts (id, source, date, title, text only).
Pairs events with score.py's own matching, then lists for each article:
  OK    matched gold/pred (date and status differences flagged)
  MISS  a gold event with no match, tagged with the nearest reason: a predicted event of the
        same type whose codes differ ("code"), one in the same sentence of another type
        ("type"), or nothing in that sentence ("trigger")
  FP    a predicted event with no match
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"

_spec = importlib.util.spec_from_file_location("score", GOLD / "score.py")
score = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(score)  # type: ignore[union-attr]


def side(ps: list[dict]) -> str:
    return "+".join(f"{p.get('code')}:{(p.get('name') or '')[:22]}" for p in ps or []) or "-"


def line(e: dict) -> str:
    return (f"{score.event_type(e):9} {side(e.get('actor')):34} -> {side(e.get('recipient')):30} "
            f"{str(e.get('date')):10} {e.get('status') or 'actual':12} "
            f"{(e.get('trigger') or '')[:14]:14} {e.get('rule') or ''}")


def overlaps(g: dict, p: dict, text: str) -> bool:
    ev = g.get("evidence") or ""
    s = text.find(ev) if ev else -1
    if s < 0 or p.get("evidence_start") is None:
        return False
    return p["evidence_start"] < s + len(ev) and s < p["evidence_end"]


def analyse(gold: dict, pred: dict, only: str | None) -> dict[str, int]:
    tally = {"ok": 0, "miss_code": 0, "miss_type": 0, "miss_trigger": 0, "fp": 0}
    for aid, g in gold.items():
        if only and aid != only:
            continue
        p = pred.get(aid) or {}
        ge = [e for e in g.get("events") or [] if (e.get("status") or "actual") != "negated"]
        pe = [e for e in p.get("events") or [] if (e.get("status") or "actual") != "negated"]
        m = score.greedy_match(ge, pe, score.event_score)
        mg, mp = {i: j for i, j in m}, {j for _, j in m}
        text = g.get("text") or ""
        print(f"\n#### {aid}  ({g.get('source')}, {g.get('date')})  gold {len(ge)} pred {len(pe)}")
        for i, e in enumerate(ge):
            if i in mg:
                q = pe[mg[i]]
                flags = []
                if e.get("date") != q.get("date"):
                    flags.append(f"date {q.get('date')}")
                if (e.get("status") or "actual") != (q.get("status") or "actual"):
                    flags.append(f"status {q.get('status')}")
                tally["ok"] += 1
                print(f"  OK    {line(e)}" + (f"   !! {', '.join(flags)}" if flags else ""))
                print(f"        pred  {side(q.get('actor'))} -> {side(q.get('recipient'))}  "
                      f"[{q.get('trigger')}] {q.get('rule')}")
                continue
            same_type = [q for j, q in enumerate(pe) if j not in mp
                         and score.event_type(q) == score.event_type(e) and overlaps(e, q, text)]
            same_sent = [q for j, q in enumerate(pe) if j not in mp and overlaps(e, q, text)]
            why = "code" if same_type else "type" if same_sent else "trigger"
            tally[f"miss_{why}"] += 1
            print(f"  MISS[{why}] {line(e)}")
            print(f"        | {(e.get('evidence') or '')[:220]}")
            for q in same_type or same_sent:
                print(f"        ~ {line(q)}")
        for j, q in enumerate(pe):
            if j in mp:
                continue
            tally["fp"] += 1
            print(f"  FP    {line(q)}")
            print(f"        | {(q.get('evidence') or '')[:220]}")
    return tally


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(GOLD / "events_wire_dev.jsonl"))
    ap.add_argument("--pred", help="predictions (default: run the pipeline)")
    ap.add_argument("--id", help="only this article")
    a = ap.parse_args()
    gold = score.read(a.gold)
    if a.pred:
        pred = score.read(a.pred)
    else:
        from eventwire import Pipeline
        pipe = Pipeline()
        pred = {}
        for aid, d in gold.items():
            if a.id and aid != a.id:
                continue
            rec = pipe.process(d["text"], date=d.get("date"), source=d.get("source"),
                               title=d.get("title"), id=aid)
            pred[aid] = json.loads(json.dumps(rec.to_dict()))
    tally = analyse(gold, pred, a.id)
    print("\n" + "  ".join(f"{k} {v}" for k, v in tally.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
