#!/usr/bin/env python3
"""Turn the hand-written quote draft (draft.tsv) into stand-off annotations (wire_test.jsonl).

    python3 training/quotes/annotate.py            # check draft.tsv, write wire_test.jsonl
    python3 training/quotes/annotate.py --show ID  # print an article's text

Each draft line names the article, the quote's kind, speaker, cue and its words verbatim;
the first occurrence of the words is taken (a draft text ending in ``@N`` takes the N-th).
Refuses a line whose words are not in the article. The output carries offsets and the
text's sha1, never the text (news text stays in ../shared/corpus); the draft quotes the
texts, so it is a working file, not kept in the repository.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared"


def articles(ids: set[str]) -> dict[str, dict]:
    out = {}
    for path in sorted((SHARED / "corpus").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if a["id"] in ids:
                    out[a["id"]] = a
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show")
    args = ap.parse_args()
    if args.show:
        print(articles({args.show})[args.show]["text"])
        return 0
    ids = (HERE / "ids.txt").read_text().split()
    texts = articles(set(ids))
    rows: dict[str, list[dict]] = {i: [] for i in ids}
    bad = 0
    for n, line in enumerate((HERE / "draft.tsv").read_text("utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        aid, kind, speaker, cue, words = line.split("\t")
        words = words.replace("\\n", "\n")
        nth = 1
        if "@" in words[-3:]:
            words, nth = words.rsplit("@", 1)[0], int(words.rsplit("@", 1)[1])
        text = texts[aid]["text"]
        start = -1
        for _ in range(nth):
            start = text.find(words, start + 1)
        if aid not in rows or kind not in ("direct", "indirect") or start < 0:
            print(f"draft.tsv line {n}: not found in {aid}: {words[:60]!r}", file=sys.stderr)
            bad += 1
            continue
        rows[aid].append({"kind": kind, "speaker": None if speaker == "-" else speaker,
                          "cue": None if cue == "-" else cue,
                          "start": start, "end": start + len(words)})
    if bad:
        return 1
    with open(HERE / "wire_test.jsonl", "w", encoding="utf-8") as f:
        for aid in ids:
            a = texts[aid]
            f.write(json.dumps({"id": aid, "source": a.get("source"), "date": a.get("date"),
                                "text_sha1": hashlib.sha1(a["text"].encode("utf-8")).hexdigest(),
                                "annotator": "quotes-helper",
                                "quotes": sorted(rows[aid], key=lambda q: q["start"])},
                               ensure_ascii=False) + "\n")
    print(f"{sum(map(len, rows.values()))} quotes in {len(ids)} articles -> wire_test.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
