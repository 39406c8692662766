#!/usr/bin/env python3
"""Event merge on hand-labelled event pairs: precision and recall of "these two are one event".

    PYTHONPATH=src python benchmarks/merge_eval.py [--grid]

Gold: ``training/merge/pairs.jsonl`` (how it was made: ``training/merge/README.md``).
Each pair holds the coder's output for two reports (type, status, date, actors,
recipients, speakers) and stand-off evidence offsets into ``../shared/corpus``
articles; the evidence text is read from the corpus here. Pairs are hash-split
by id (30 % held back); thresholds were tuned on "tune" only.

"before" is the merge rule as it was before issue 15 (kept below verbatim as
:func:`before`); "after" is :func:`eventwire.link.merge.same_event`. Both get the
same context a linker gives them: whether the two articles are near-duplicates
(:mod:`eventwire.link.dedup`) and whether they are in one story
(:func:`eventwire.link.stories.same_story`). ``--grid`` prints the tune-split
search over the evidence thresholds.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
from pathlib import Path

from eventwire.code.train import corpus_articles
from eventwire.link import dedup, merge, stories
from eventwire.link.features import vectorize
from eventwire.model import Article, ArticleRecord

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "training" / "merge" / "pairs.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus"


def held_back(key: str) -> bool:
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 100 < 30


def view(side: dict, text: str) -> merge.EventView:
    ev = text[side["evidence_start"]:side["evidence_end"]]
    return merge.EventView(side["event"], side["status"], side["date"], side["actor"],
                           side["recipient"], [ev], set(side["speakers"]))


def before(a: merge.EventView, b: merge.EventView, via_duplicate: bool, same_story: bool) -> bool:
    """The merge rule before issue 15 (merge.compare at commit 46ba45d)."""
    if a.event != b.event or a.status != b.status:
        return False
    d1, d2 = dedup.parse_date(a.date), dedup.parse_date(b.date)
    if d1 and d2 and abs((d1 - d2).days) > 1 and not via_duplicate:
        return False
    ca, ma, cr, mr = (merge.codes(a.actor), merge.codes(b.actor), merge.codes(a.recipient),
                      merge.codes(b.recipient))
    if (ca and ma and not ca & ma) or (cr and mr and not cr & mr):
        return False
    sim = merge.evidence_similarity(a.evidence, b.evidence)
    if via_duplicate:
        return True
    if ca & ma and (cr & mr or (not cr and not mr)) and (sim >= 0.1 or same_story):
        return True
    if ca & ma and sim >= 0.2:
        return True
    return sim >= 0.4


def context(pairs: list[dict], texts: dict[str, dict]) -> dict[str, tuple[bool, bool]]:
    """(near-duplicate articles?, one story?) per pair, as the linker would see them."""
    arts = {i: ArticleRecord(Article(id=i, text=d["text"], title=d.get("title"),
                                     date=d.get("date"), source=d.get("source")))
            for i, d in texts.items()}
    sig = {i: dedup.signature(r.article) for i, r in arts.items()}
    vec = {i: vectorize(r) for i, r in arts.items()}
    out = {}
    for p in pairs:
        a, b = p["a"]["article"], p["b"]["article"]
        j = dedup.jaccard(sig[a].minhash, sig[b].minhash)
        c = dedup.containment(j, sig[a].num_shingles, sig[b].num_shingles)
        dup = j >= dedup.DUPLICATE_JACCARD or (
            c >= dedup.DUPLICATE_CONTAINMENT
            and min(sig[a].num_shingles, sig[b].num_shingles) >= dedup.MIN_SHINGLES)
        dup = dup and dedup.within_days(arts[a].article.date, arts[b].article.date,
                                        dedup.DATE_WINDOW_DAYS)
        same = stories.same_story(vec[a], arts[a].article.date, vec[b], arts[b].article.date)[0]
        out[p["id"]] = (dup, same or dup)
    return out


def prf(gold: list[bool], pred: list[bool]) -> dict:
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"n": len(gold), "same": sum(gold), "tp": tp, "fp": fp, "fn": fn,
            "precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list the wrong decisions of 'after'")
    a = ap.parse_args()
    pairs = [json.loads(x) for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts = corpus_articles({p[s]["article"] for p in pairs for s in "ab"}, CORPUS)
    missing = {p[s]["article"] for p in pairs for s in "ab"} - set(texts)
    if missing:
        raise SystemExit(f"{CORPUS}: {len(missing)} article(s) of {GOLD.name} not found")
    for p in pairs:
        for s in "ab":
            sha = hashlib.sha1(texts[p[s]["article"]]["text"].encode()).hexdigest()[:16]
            if sha != p[s]["text_sha1"]:
                raise SystemExit(f"{p[s]['article']}: corpus text changed since labelling")
    ctx = context(pairs, texts)
    views = {p["id"]: (view(p["a"], texts[p["a"]["article"]]["text"]),
                       view(p["b"], texts[p["b"]["article"]]["text"])) for p in pairs}
    splits = {"tune": [p for p in pairs if not held_back(p["id"])],
              "held": [p for p in pairs if held_back(p["id"])]}

    def after(p: dict) -> bool:
        va, vb = views[p["id"]]
        dup, same = ctx[p["id"]]
        return merge.same_event(va, vb, dup, same)[0]

    if a.grid:
        names = ("SAME_ACTOR_SIM", "RELATED_ACTOR_SIM", "EVIDENCE_SIM")
        saved = [getattr(merge, n) for n in names]
        rows = []
        for vals in itertools.product((0.05, 0.1, 0.15), (0.1, 0.15, 0.2, 0.25, 0.3),
                                      (0.3, 0.35, 0.45, 0.6)):
            for n, v in zip(names, vals):
                setattr(merge, n, v)
            s = prf([p["same"] for p in splits["tune"]], [after(p) for p in splits["tune"]])
            rows.append((s["f1"], s["precision"], s["recall"], vals))
        for n, v in zip(names, saved):
            setattr(merge, n, v)
        for r in sorted(rows, reverse=True)[:10]:
            print("tune F1 %.3f P %.3f R %.3f  %s" % r)
    for name, part in splits.items():
        gold = [p["same"] for p in part]
        for label, fn in (("before", lambda p: before(*views[p["id"]], *ctx[p["id"]])),
                          ("after", after)):
            s = prf(gold, [fn(p) for p in part])
            print(f"{name:>4} {label:>6}: {s['n']} pairs ({s['same']} same)  P {s['precision']:.3f}"
                  f"  R {s['recall']:.3f}  F1 {s['f1']:.3f}  (tp {s['tp']}, fp {s['fp']},"
                  f" fn {s['fn']})")
        if a.errors:
            for p in part:
                if after(p) != p["same"]:
                    print("   ", "FN" if p["same"] else "FP", p["id"], p["reason"])


if __name__ == "__main__":
    main()
