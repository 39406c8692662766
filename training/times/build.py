"""Turn the annotation drafts (id, span, occurrence, value) into stand-off JSON Lines:
annotations.tsv (+ empty.txt) → times_dev.jsonl, annotations_test.tsv → times_test.jsonl.

    python3 training/times/build.py

Each span is found in the corpus text (../shared/corpus, by article id) as its n-th
whole-word, case-sensitive occurrence; the line keeps the offsets and the sha1 of the
text, never the text. Standard library only. Fails naming the line when a span is not
found, so a draft cannot be stored half-resolved.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from eventwire.code.train import corpus_articles

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "shared" / "corpus"


def build(tsv: str, empty_list: str | None, out_name: str) -> None:
    rows = []
    for n, line in enumerate((HERE / tsv).read_text("utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) != 4 or not parts[2].isdigit():
                sys.exit(f"{tsv}:{n}: want id, span, occurrence, value: {line!r}")
            rows.append((n, *parts))
    empty = (HERE / empty_list).read_text("utf-8").split() if empty_list else []
    ids = {r[1] for r in rows} | set(empty)
    texts = corpus_articles(ids, CORPUS)
    out: dict[str, dict] = {}
    for n, aid, span, occ, value in rows:
        art = texts.get(aid)
        if art is None:
            sys.exit(f"{tsv}:{n}: {aid} is not in {CORPUS}")
        hits = [m for m in re.finditer(r"(?<!\w)" + re.escape(span) + r"(?!\w)", art["text"])]
        if len(hits) < int(occ):
            sys.exit(f"{tsv}:{n}: {span!r} occurs {len(hits)} times in {aid}, not {occ}")
        m = hits[int(occ) - 1]
        rec = out.setdefault(aid, {"id": aid, "source": art.get("source"), "date": art.get("date"),
                                   "text_sha1": hashlib.sha1(art["text"].encode()).hexdigest(),
                                   "annotator": "times-helper", "times": []})
        rec["times"].append({"start": m.start(), "end": m.end(), "value": value})
    # articles read and found to hold no date expression are listed with an empty list
    for aid in empty:
        art = texts.get(aid) or sys.exit(f"empty.txt: {aid} is not in {CORPUS}")
        out[aid] = {"id": aid, "source": art.get("source"), "date": art.get("date"),
                    "text_sha1": hashlib.sha1(art["text"].encode()).hexdigest(),
                    "annotator": "times-helper", "times": []}
    with open(HERE / out_name, "w", encoding="utf-8") as f:
        for rec in out.values():
            rec["times"].sort(key=lambda t: t["start"])
            f.write(json.dumps(rec) + "\n")
    print(f"{out_name}: {len(out)} articles, {sum(len(r['times']) for r in out.values())} expressions")


def main() -> None:
    build("annotations.tsv", "empty.txt", "times_dev.jsonl")
    build("annotations_test.tsv", None, "times_test.jsonl")


if __name__ == "__main__":
    main()
