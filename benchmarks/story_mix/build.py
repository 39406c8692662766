#!/usr/bin/env python3
"""Build the story mix: hand-checked same-event groups of ../shared/corpus articles plus
rewrites of some of them (reprints, headline rewrites, boilerplate, cuts, briefs).

    python benchmarks/story_mix/build.py -o mix.jsonl

Writes article records with a gold "cluster" (the group). The texts stay in
../shared/corpus (publishers' texts are not copied into the repository): this
script and the two TSV files are the whole recipe, and the build is deterministic.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from eventwire.code.train import corpus_articles

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "shared" / "corpus"
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def rows(name: str) -> list[list[str]]:
    out = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


def paragraphs(text: str) -> list[str]:
    paras = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return paras or [text]


def variant(kind: str, d: dict) -> dict:
    v = dict(d)
    v["id"] = f"{d['id']}~{kind}"
    text, title = d["text"], d.get("title") or ""
    if kind == "reprint":
        v["source"] = "Reprint Wire"
        v["text"] = f"(Via {d.get('source') or 'agency'})\n{text}\n" \
                    "Copyright 2024 Reprint Wire. All rights reserved."
    elif kind == "headline":
        lead = " ".join(SENTENCE.split(" ".join(text.split()))[0].split()[:9])
        v["title"] = f"UPDATE 1-{lead}"
    elif kind == "boilerplate":
        v["text"] = "Sign up for our morning briefing.\n" + text + \
            "\n(Reporting by Jane Roe in Washington; Editing by John Doe)\n" \
            "Follow us on Twitter for the latest news."
    elif kind == "cut":
        ps = paragraphs(text)
        v["text"] = "\n".join(ps[:max(1, len(ps) // 3)])
    elif kind == "brief":
        v["text"] = " ".join(SENTENCE.split(" ".join(text.split()))[:2])
        v["title"] = title.split(":")[-1].strip()
    else:
        raise SystemExit(f"variants.tsv: unknown kind {kind!r}")
    return v


def build() -> list[dict]:
    groups = {r[1]: r[0] for r in rows("groups.tsv")}
    texts = corpus_articles(set(groups), CORPUS)
    missing = set(groups) - set(texts)
    if missing:
        raise SystemExit(f"{CORPUS}: not found: {sorted(missing)}")
    out = [{**texts[i], "cluster": g} for i, g in groups.items()]
    for kind, i in rows("variants.tsv"):
        out.append({**variant(kind, texts[i]), "cluster": groups[i]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    recs = build()
    with open(a.output, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(recs)} articles, {len({r['cluster'] for r in recs})} clusters → {a.output}")


if __name__ == "__main__":
    main()
