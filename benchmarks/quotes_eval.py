"""Quotes and speakers on three sets, each split by a hash of the article id into the part
rules were tuned on (~70%) and the part held back (~30%), scored by gold/score.py (quote F1
at 0.5 overlap; speaker accuracy over matched quotes whose gold speaker is a name):

- ``wire``: ../shared/gold/events_wire_dev.jsonl + seed_example.jsonl (dev);
- ``polnear``: ../shared/gold/quotes_polnear_dev.jsonl (US political news, dev);
- ``untouched``: training/quotes/wire_test.jsonl, 20 corpus wire articles annotated by hand
  before the system was run on them (stand-off; texts joined from ../shared/corpus).

    PYTHONPATH=src python benchmarks/quotes_eval.py [--only wire|polnear|untouched]
        [--limit N] [--errors] [--textacy]

``--errors`` lists every speaker error on matched quotes of the tuned part (never the
held-back part) with its kind and the rule that made the quote; counts by kind cover all. ``--limit`` takes the first N articles in hash order (a sample of both parts).
PolNeAR's speakers are raw mentions ("he"); score.py skips pronoun speakers.
``--textacy`` adds textacy's ``direct_quotations`` as a baseline on direct quotes.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import time
from collections import Counter
from pathlib import Path

from eventwire.annotate.quotes import Quotations
from eventwire.budget import TimeBudget
from eventwire.pipeline import Pipeline, default_annotators
from eventwire.resources import Resources
from eventwire.read.jsonl import read_jsonl

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD_DIR = SHARED / "gold"
UNTOUCHED = ROOT / "training" / "quotes" / "wire_test.jsonl"
SETS = {"wire": ["events_wire_dev.jsonl", "seed_example.jsonl"],
        "polnear": ["quotes_polnear_dev.jsonl"], "untouched": []}
HELD_PERCENT = 30


def scorer():
    spec = importlib.util.spec_from_file_location("gold_score", GOLD_DIR / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def id_hash(aid: str) -> int:
    return int(hashlib.sha1(aid.encode()).hexdigest()[:8], 16)


def held(aid: str) -> bool:
    return id_hash(aid) % 100 < HELD_PERCENT


def load(name: str) -> list[dict]:
    if name != "untouched":
        out = []
        for fn in SETS[name]:
            out += [json.loads(x) for x in (GOLD_DIR / fn).read_text("utf-8").split("\n") if x.strip()]
        return out
    marks = [json.loads(x) for x in UNTOUCHED.read_text("utf-8").split("\n") if x.strip()]
    want = {m["id"]: m for m in marks}
    out = []
    for path in sorted((SHARED / "corpus").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                m = want.get(a["id"])
                if m is None:
                    continue
                if hashlib.sha1(a["text"].encode()).hexdigest() != m["text_sha1"]:
                    raise SystemExit(f"{UNTOUCHED}: text of {a['id']} differs from the annotated one")
                quotes = [dict(q, text=a["text"][q["start"]:q["end"]]) for q in m["quotes"]]
                out.append(dict(a, quotes=quotes))
    return out


def textacy_quotes(doc) -> list[dict]:
    import textacy.extract

    out = []
    try:
        triples = list(textacy.extract.triples.direct_quotations(doc))
    except Exception:  # textacy raises on some unbalanced quotation marks
        return out
    for t in triples:
        c = t.content
        out.append({"kind": "direct", "text": c.text.strip("\"“”' ,"),
                    "speaker": " ".join(s.text for s in t.speaker) or None,
                    "start": c.start_char + 1, "end": c.end_char - 1})
    return out


def error_kind(sc, gold_speaker: str, pred: dict) -> str:
    p = pred.get("speaker")
    if not p:
        return "no speaker (null)"
    words = sc.norm_name(p).split()
    if words and words[0] in sc.PRONOUNS | {"the", "a", "an"} and not any(
            w[:1].isupper() for w in p.split()[1:]):
        return "description left unresolved"
    return "another speaker named"


def score_split(sc, gold: list[dict], pred: dict[str, dict], errors: Counter | None,
                listing: list[str] | None) -> dict:
    g = {r["id"]: r for r in gold}
    res = sc.score_quotes(g, pred)
    if errors is not None:
        for r in gold:
            gq, pq = r.get("quotes") or [], pred[r["id"]]["quotes"]
            m = sc.greedy_match(gq, pq, lambda a, b: (lambda o: o if o >= 0.5 else 0)(sc.overlap(a, b)))
            for i, j in m:
                gs = sc.norm_name(gq[i].get("speaker") or "")
                if not gs or gs in sc.PRONOUNS or sc.name_match(gs, sc.norm_name(pq[j].get("speaker") or "")):
                    continue
                kind = error_kind(sc, gq[i]["speaker"], pq[j])
                errors[(kind, pq[j]["rule"])] += 1
                if listing is not None:
                    listing.append(f"    [{kind}; {pq[j]['rule']}] gold {gq[i]['speaker']!r} got "
                                   f"{pq[j].get('speaker')!r}: {gq[i]['text'][:70]!r} ({r['id']})")
    return res


def run(name: str, limit: int, show_errors: bool, with_textacy: bool, dump: str | None) -> None:
    sc = scorer()
    gold = sorted(load(name), key=lambda r: id_hash(r["id"]))
    if limit:
        gold = gold[:limit]
    articles = list(read_jsonl("\n".join(json.dumps({k: r.get(k) for k in (
        "id", "source", "date", "title", "text")}) for r in gold), name))
    # everything the quote annotator runs after (actors, times, places), then quotes alone
    res = Resources()
    annotators = default_annotators(res)
    before = annotators[: next(i for i, a in enumerate(annotators) if a.name == "quotes")]
    # no time budget: a benchmark measures the annotators, it does not guard a service
    pipe = Pipeline(resources=res, annotators=before, budget=TimeBudget(0, 0))
    quotes = Quotations(res)
    ours: dict[str, dict] = {}
    base: dict[str, dict] = {}
    t0 = time.perf_counter()
    for art in articles:
        doc = pipe.nlp(art.text)
        rec = pipe.annotate(doc, art)
        quotes(doc, rec)
        ours[art.id] = {"id": art.id, "quotes": [
            {"kind": q.kind, "text": q.text, "speaker": q.speaker, "speaker_code": q.speaker_code,
             "cue": q.cue, "start": q.start, "end": q.end, "rule": q.rule} for q in rec.quotes]}
        if with_textacy:
            base[art.id] = {"id": art.id, "quotes": textacy_quotes(doc)}
    print(f"== {name}: {len(articles)} articles ({time.perf_counter() - t0:.0f}s)", flush=True)
    if dump:
        with open(dump, "w", encoding="utf-8") as f:
            for r in gold:
                f.write(json.dumps({"id": r["id"], "gold": r.get("quotes") or [],
                                    "pred": ours[r["id"]]["quotes"]}, ensure_ascii=False) + "\n")
    for part, sel in (("tuned (~70%)", False), ("held back (~30%)", True), ("all", None)):
        g = [r for r in gold if sel is None or held(r["id"]) == sel]
        if not g:
            continue
        errors: Counter = Counter()
        listing: list[str] = []
        # errors are listed for the tuned part only: reading held-back errors would be tuning on them
        r = score_split(sc, g, ours, errors, listing if show_errors and sel is False else None)
        print(f"  {part:17} {len(g):4} articles  P {r['precision']:.3f} R {r['recall']:.3f} "
              f"F1 {r['f1']:.3f} (gold {r['gold']}, pred {r['pred']})  speaker accuracy "
              f"{r['speaker_accuracy']}", flush=True)
        for kind in ("direct", "indirect"):
            gk = [dict(x, quotes=[q for q in x.get("quotes") or [] if q.get("kind") == kind]) for x in g]
            pk = {k: dict(v, quotes=[q for q in v["quotes"] if q["kind"] == kind]) for k, v in ours.items()}
            rk = sc.score_quotes({x["id"]: x for x in gk}, pk)
            print(f"      {kind:8} F1 {rk['f1']:.3f} (gold {rk['gold']}, pred {rk['pred']}) "
                  f"speaker accuracy {rk['speaker_accuracy']}")
        if sel is not None:
            for line in listing:
                print(line)
        if sel is None:
            by_kind = Counter()
            for (kind, rule), n in errors.items():
                by_kind[kind] += n
            print("  speaker errors by kind: " + ", ".join(f"{k} {n}" for k, n in by_kind.most_common()))
            print("  speaker errors by rule: " + ", ".join(
                f"{k[1]}/{k[0].split()[0]} {n}" for k, n in errors.most_common(12)))
        if with_textacy and sel is None:
            gd = {x["id"]: dict(x, quotes=[q for q in x.get("quotes") or [] if q.get("kind") == "direct"])
                  for x in g}
            rb = sc.score_quotes(gd, base)
            print(f"  textacy direct_quotations vs gold direct: F1 {rb['f1']:.3f} speaker accuracy "
                  f"{rb['speaker_accuracy']}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="first N articles in hash order")
    ap.add_argument("--only", choices=sorted(SETS), default=None)
    ap.add_argument("--errors", action="store_true", help="list each speaker error")
    ap.add_argument("--textacy", action="store_true", help="add textacy's baseline")
    ap.add_argument("--dump", help="write gold and predicted quotes per article to this file")
    a = ap.parse_args()
    for name in SETS:
        if a.only in (None, name):
            run(name, a.limit, a.errors, a.textacy, a.dump)


if __name__ == "__main__":
    main()
