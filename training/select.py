#!/usr/bin/env python3
"""Pick the corpus articles to annotate for the event training set (seeded, reproducible).

Both corpora, a spread of sources and years, no article of ../shared/gold (by id or by
text) and no bundled sample. Articles between 500 and 2,600 characters that mention at
least a few political words: a business brief with no interaction teaches the models
little per minute of annotation. Writes training/batches/batch-NN.txt (ids, one per line).

    python3 training/select.py --per-batch 60 --batches 7             # round 1: batches 01-07
    python3 training/select.py --per-batch 60 --batches 6 --first 8 --seed 13   # round 2
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLITICAL = re.compile(
    r"\b(minister|president|prime|government|talks|troops|police|army|military|rebels?|"
    r"attack\w*|kill\w*|sanctions?|protest\w*|visit\w*|agree\w*|accus\w*|urg\w*|"
    r"demand\w*|threat\w*|arrest\w*|meet\w*|summit|envoy|embassy|ceasefire|aid|"
    r"negotiat\w*|vote|parliament|opposition|militants?|bomb\w*)\b", re.I)


def corpus():
    for path in sorted((SHARED / "corpus").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)


def gold_keys():
    ids, heads = set(), set()
    for path in (SHARED / "gold").glob("*.jsonl"):
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                ids.add(str(rec["id"]))
                heads.add((rec.get("text") or "")[:200])
    return ids, heads


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-batch", type=int, default=60)
    ap.add_argument("--batches", type=int, default=7)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--first", type=int, default=1, help="number of the first batch written")
    args = ap.parse_args()
    ids, heads = gold_keys()
    out = ROOT / "training" / "batches"
    taken = {line.strip() for p in out.glob("batch-*.txt") for line in p.read_text().splitlines()}
    by_stratum = defaultdict(list)  # (source group, year) -> articles
    for a in corpus():
        text = a.get("text") or ""
        if a["id"] in ids or a["id"] in taken or text[:200] in heads or not 500 <= len(text) <= 2600:
            continue
        if len(POLITICAL.findall(text)) < 6 or "=(PICTURE)=" in (a.get("title") or ""):
            continue
        src = a.get("source") or "?"
        group = src if src in ("AFP", "Xinhua") else "allsides"
        by_stratum[(group, (a.get("date") or "none")[:4])].append(a["id"])
    rng = random.Random(args.seed)
    strata = sorted(by_stratum)
    for s in strata:
        rng.shuffle(by_stratum[s])
    # round-robin over strata, so every group and year is represented
    want = args.per_batch * args.batches
    picked: list[str] = []
    while len(picked) < want and any(by_stratum.values()):
        for s in strata:
            if by_stratum[s] and len(picked) < want:
                picked.append(by_stratum[s].pop())
    rng.shuffle(picked)
    out.mkdir(parents=True, exist_ok=True)
    for b in range(args.batches):
        chunk = picked[b * args.per_batch:(b + 1) * args.per_batch]
        (out / f"batch-{args.first + b:02d}.txt").write_text("\n".join(chunk) + "\n")
    print(f"{len(picked)} articles in {args.batches} batches; strata: {len(strata)}")


if __name__ == "__main__":
    main()
