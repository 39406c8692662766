"""Places on GeoWebNews dev: detection F1 and accuracy within 161 km, with a
population-only baseline scored in the same run on the same detections, and
the time the places annotator adds to spaCy's parse.

    PYTHONPATH=src python benchmarks/places_eval.py [GOLD] [--out PRED.jsonl]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spacy.tokens import DocBin

from eventwire.annotate.places import Places
from eventwire.resources import Resources
from eventwire.model import ArticleRecord
from eventwire.read.base import make_article

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "places_gwn_dev.jsonl"
SCORER = Path(__file__).resolve().parents[2] / "shared" / "gold" / "score.py"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", default=str(GOLD))
    ap.add_argument("--out", default=None, help="write the context-ranked predictions here")
    ap.add_argument("--scorer", default=str(SCORER))
    ap.add_argument("--docs", default=None,
                    help="a spaCy DocBin of the parsed articles: read it if it exists, else "
                         "write it (for quick re-runs while tuning; the parse time is then 0)")
    a = ap.parse_args()

    rows = [json.loads(x) for x in Path(a.gold).read_text(encoding="utf-8").splitlines() if x]
    articles = []
    for r in rows:  # only what a system may see
        art = make_article("gold", r["text"], id=r["id"], source=r.get("source"),
                           date=r.get("date"), title=r.get("title"))
        if not isinstance(art, Exception) and hasattr(art, "text"):
            articles.append(art)
    res = Resources()
    nlp = res.nlp
    t = time.perf_counter()
    gaz = res.gazetteer
    Places(res)  # the phrase matcher, built once per process
    t_gaz = time.perf_counter() - t

    t = time.perf_counter()
    if a.docs and Path(a.docs).exists():
        docs = list(DocBin().from_disk(a.docs).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((x.text for x in articles), batch_size=32))
        if a.docs:
            DocBin(docs=docs, store_user_data=True).to_disk(a.docs)
    t_parse = time.perf_counter() - t

    out_dir = Path(tempfile.mkdtemp(prefix="places_eval_"))
    results = {}
    for strategy in ("context", "population"):
        annotator = Places(gaz, strategy=strategy)
        t = time.perf_counter()
        records = []
        for doc, art in zip(docs, articles):
            rec = ArticleRecord(article=art)
            annotator(doc, rec)
            records.append(rec)
        elapsed = time.perf_counter() - t
        path = Path(a.out) if (a.out and strategy == "context") else out_dir / f"{strategy}.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for rec in records:
                f.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
        score = subprocess.run([sys.executable, a.scorer, a.gold, str(path), "--only", "places",
                                "--json"], capture_output=True, text=True, check=True)
        results[strategy] = (json.loads(score.stdout)["places"], elapsed)

    chars = sum(len(x.text) for x in articles)
    print(f"GeoWebNews dev: {len(articles)} articles, {chars} chars")
    for strategy, (r, elapsed) in results.items():
        d = r["detected"]
        print(f"{strategy:10}  detected P {d['precision']:.3f} R {d['recall']:.3f} "
              f"F1 {d['f1']:.3f}  acc@161km {r['acc_at_161km']:.4f}  "
              f"(of detected {r['acc_at_161km_of_detected']:.4f})  "
              f"median error {r['median_error_km']} km")
    ctx_time = results["context"][1]
    print(f"speed: spaCy parse {t_parse:.2f} s; places annotator {ctx_time:.2f} s "
          f"({ctx_time / t_parse:.1%} of the parse); gazetteer and matcher load {t_gaz:.2f} s once per process")


if __name__ == "__main__":
    main()
