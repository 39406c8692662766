"""Places on the dev sets (GeoWebNews, LGL): detection F1 and accuracy within 161 km, on
the tuning part and the held-back part of each set, with a population-only baseline
scored on the same detections, the kinds of the remaining errors, and the time the
places annotator adds to spaCy's parse.

    PYTHONPATH=src python benchmarks/places_eval.py [GOLD ...] [--split tune|held|both]
        [--docs-dir DIR] [--out PRED.jsonl] [--errors]

Each set is split by a hash of the article id: 30% held back (never used for tuning),
70% to tune on (``split_of``). Figures come from ``gold/score.py --only places``.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from spacy.tokens import DocBin

from eventwire.annotate.places import Places
from eventwire.geo.gazetteer import km
from eventwire.resources import Resources
from eventwire.model import ArticleRecord
from eventwire.read.base import make_article

SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
GOLDS = [SHARED_GOLD / "places_gwn_dev.jsonl", SHARED_GOLD / "places_lgl_dev.jsonl"]
SCORER = SHARED_GOLD / "score.py"
HELD_PERCENT = 30


def split_of(article_id: str) -> str:
    """'held' for ~30% of ids (by a hash of the id), else 'tune'."""
    h = int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "held" if h < HELD_PERCENT else "tune"


def _scorer_module(path: str):
    spec = importlib.util.spec_from_file_location("gold_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def error_kinds(gold_rows: list[dict], records: dict, gaz, scorer) -> Counter:
    """Each gold toponym as right / missed span / no candidate / wrong candidate, and each
    predicted place matching no gold toponym as not a place (the scorer's matching)."""
    out: Counter = Counter()
    for g in gold_rows:
        gp = [x for x in g["places"] if x.get("lat") is not None]
        pp = [x for x in records[g["id"]]["places"] if x.get("lat") is not None]
        m = scorer.greedy_match(gp, pp, lambda a, b: scorer.overlap(a, b) if scorer.overlap(
            a, b) >= 0.5 or scorer.norm_name(a.get("text", "")) == scorer.norm_name(
            b.get("text", "")) else 0)
        matched_pred = {j for _, j in m}
        matched_gold = dict(m)
        out["not a place (predicted, no gold)"] += len(pp) - len(matched_pred)
        for i, x in enumerate(gp):
            j = matched_gold.get(i)
            if j is None:
                out["missed span"] += 1
                continue
            if scorer.km(x, pp[j]) <= 161:
                out["right"] += 1
                continue
            cands = gaz.lookup(pp[j]["text"]) + gaz.lookup(x["text"])
            if any(km((c.entry.lat, c.entry.lon), (x["lat"], x["lon"])) <= 161 for c in cands):
                out["wrong candidate (a right one existed)"] += 1
            else:
                out["no candidate within 161 km"] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", default=[str(g) for g in GOLDS])
    ap.add_argument("--split", choices=("tune", "held", "both"), default="both")
    ap.add_argument("--out", default=None, help="write the context-ranked predictions here")
    ap.add_argument("--scorer", default=str(SCORER))
    ap.add_argument("--docs-dir", default=None,
                    help="a folder of spaCy DocBins of the parsed articles (one per gold file): "
                         "read if there, else written (quick re-runs while tuning)")
    ap.add_argument("--errors", action="store_true", help="count the kinds of errors")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--no-actors", action="store_true",
                    help="skip the actors annotator (whose KB people give countries to places)")
    a = ap.parse_args()
    splits = ("tune", "held") if a.split == "both" else (a.split,)
    res = Resources()
    nlp = res.nlp
    t = time.perf_counter()
    gaz = res.gazetteer
    Places(res)  # the phrase matcher, built once per process
    t_gaz = time.perf_counter() - t
    scorer = _scorer_module(a.scorer)
    out_dir = Path(tempfile.mkdtemp(prefix="places_eval_"))
    strategies = ("context",) if a.no_baseline else ("context", "population")
    actors = None
    if not a.no_actors:
        from eventwire.annotate.actors import ActorResolver
        actors = ActorResolver(res)
    for gold in a.gold:
        rows = [json.loads(x) for x in Path(gold).read_text(encoding="utf-8").split("\n") if x.strip()]
        articles = []
        for r in rows:  # only what a system may see
            art = make_article("gold", r["text"], id=r["id"], source=r.get("source"),
                               date=r.get("date"), title=r.get("title"))
            if isinstance(art, Exception) or not hasattr(art, "text"):
                sys.exit(f"{gold}: article {r['id']} is not readable: {art}")
            articles.append(art)
        t = time.perf_counter()
        parsed = not (cache_dir := a.docs_dir) or not (Path(cache_dir) / f"{Path(gold).stem}.spacy").exists()
        # the cache holds every article of the set; a split is taken after reading it
        cache = Path(a.docs_dir) / f"{Path(gold).stem}.spacy" if a.docs_dir else None
        keep = [split_of(str(r["id"])) in splits for r in rows]
        if cache is not None and cache.exists():
            docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
            if len(docs) != len(articles):
                sys.exit(f"{cache}: {len(docs)} docs for {len(articles)} articles: remove it")
        elif cache is not None:
            docs = list(nlp.pipe((x.text for x in articles), batch_size=32))
            cache.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs, store_user_data=True).to_disk(cache)
        else:
            docs = [None] * len(articles)
            docs_kept = nlp.pipe((x.text for x, k in zip(articles, keep) if k), batch_size=32)
            for i in [i for i, k in enumerate(keep) if k]:
                docs[i] = next(docs_kept)
        t_parse = time.perf_counter() - t
        rows = [r for r, k in zip(rows, keep) if k]
        docs = [d for d, k in zip(docs, keep) if k]
        articles = [x for x, k in zip(articles, keep) if k]
        name = Path(gold).stem
        for strategy in strategies:
            annotator = Places(res, strategy=strategy)
            t = time.perf_counter()
            records = {}
            for doc, art in zip(docs, articles):
                rec = ArticleRecord(article=art)
                if actors is not None:
                    actors(doc, rec)
                annotator(doc, rec)
                rec.entities = []  # scored by the actors' own benchmark, not here
                records[art.id] = rec.to_dict()
            elapsed = time.perf_counter() - t  # with the actors annotator unless --no-actors
            for split in splits:
                part = [r for r in rows if split_of(str(r["id"])) == split]
                gpath = out_dir / f"{name}.{split}.gold.jsonl"
                gpath.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
                path = out_dir / f"{name}.{split}.{strategy}.jsonl"
                with open(path, "w", encoding="utf-8") as f:
                    for r in part:
                        f.write(json.dumps(records[r["id"]], ensure_ascii=False) + "\n")
                score = subprocess.run([sys.executable, a.scorer, str(gpath), str(path), "--only",
                                        "places", "--json"], capture_output=True, text=True,
                                       check=True)
                r = json.loads(score.stdout)["places"]
                d = r["detected"]
                n_tops = sum(len(x["places"]) for x in part)
                print(f"{name} {split:4} ({len(part)} articles, {n_tops} toponyms) {strategy:10}  "
                      f"detected P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}  "
                      f"acc@161km {r['acc_at_161km']:.4f}  (of detected "
                      f"{r['acc_at_161km_of_detected']:.4f})  median error "
                      f"{r['median_error_km']} km", flush=True)
                if a.errors and strategy == "context":
                    kinds = error_kinds(part, records, gaz, scorer)
                    print("    errors: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
            if a.out and strategy == "context":
                with open(a.out, "a", encoding="utf-8") as f:
                    for rec in records.values():
                        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if strategy == "context":
                who = "places annotator" if a.no_actors else "actors and places annotators"
                parse = f"spaCy parse {t_parse:.2f} s" if parsed else "parse read from the cache"
                print(f"    speed: {parse}; {who} {elapsed:.2f} s")
    print(f"gazetteer and matcher load {t_gaz:.2f} s once per process")


if __name__ == "__main__":
    main()
