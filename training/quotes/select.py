#!/usr/bin/env python3
"""Pick the wire articles for the untouched quote test set (seeded, reproducible).

Wire stories only (AFP, Xinhua, Reuters, AP, BBC), 700-2,000 characters, with at least two
quotation-mark pairs and a verb of saying, none from ../shared/gold (by id or text) and none
of the event training batches. Round-robin over the sources. Writes training/quotes/ids.txt.

    python3 training/quotes/select.py --n 20 --seed 15
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
WIRE = {"AFP", "Xinhua", "Reuters", "AP", "Associated Press", "BBC News"}
SPEECH = re.compile(r"\b(said|says|told|added|according to|warned|insisted)\b")
MARKS = re.compile(r"[\"“”]|``|''")


def corpus():
    for path in sorted((SHARED / "corpus").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    ids, heads = set(), set()
    for path in (SHARED / "gold").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            rec = json.loads(line)
            ids.add(str(rec["id"]))
            heads.add((rec.get("text") or "")[:200])
    taken = {x.strip() for p in (ROOT / "training" / "batches").glob("*.txt")
             for x in p.read_text().splitlines()}
    by_source = defaultdict(list)
    for a in corpus():
        text = a.get("text") or ""
        if a.get("source") not in WIRE or a["id"] in ids or a["id"] in taken:
            continue
        if text[:200] in heads or not 700 <= len(text) <= 2000 or "=(PICTURE)=" in (a.get("title") or ""):
            continue
        if len(MARKS.findall(text)) < 4 or not SPEECH.search(text):
            continue
        by_source[a["source"]].append(a["id"])
    rng = random.Random(args.seed)
    sources = sorted(by_source)
    for s in sources:
        by_source[s].sort()
        rng.shuffle(by_source[s])
    picked: list[str] = []
    while len(picked) < args.n and any(by_source.values()):
        for s in sources:
            if by_source[s] and len(picked) < args.n:
                picked.append(by_source[s].pop())
    (ROOT / "training" / "quotes" / "ids.txt").write_text("\n".join(picked) + "\n")
    print(len(picked), {s: len(v) for s, v in by_source.items()})


if __name__ == "__main__":
    main()
