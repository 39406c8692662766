#!/usr/bin/env python3
"""Story clustering on ECB+ (dev): run `eventwire cluster`, score B-cubed F1 and ARI.

    PYTHONPATH=src python benchmarks/cluster_eval.py [--shuffle SEED]

The file lists articles grouped by topic, a hard order for an online clusterer
(two different events of one topic arrive interleaved); ``--shuffle`` also
scores a random arrival order.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "clusters_ecbplus_dev.jsonl"
SCORER = Path(__file__).resolve().parents[2] / "shared" / "gold" / "score_clusters.py"


def run(gold: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "eventwire", "cluster", str(gold), "-o", str(out)],
                   check=True)
    subprocess.run(["python3", str(SCORER), str(GOLD), str(out)], check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shuffle", type=int, action="append", default=[],
                    help="also score this random arrival order (repeatable)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("== file order")
        run(GOLD, Path(tmp) / "pred.jsonl")
        for seed in a.shuffle:
            lines = GOLD.read_text(encoding="utf-8").splitlines()
            random.Random(seed).shuffle(lines)
            shuffled = Path(tmp) / f"gold-{seed}.jsonl"
            shuffled.write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"== shuffled (seed {seed})")
            run(shuffled, Path(tmp) / f"pred-{seed}.jsonl")


if __name__ == "__main__":
    main()
