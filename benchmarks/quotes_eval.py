"""Quotes on PolNeAR (US political news) and the dev wire articles: eventwire's quote
annotator against textacy's ``direct_quotations`` in one run, scored by gold/score.py
(quote F1 at 0.5 overlap and speaker accuracy).

    PYTHONPATH=src python benchmarks/quotes_eval.py [--limit N] [--only polnear|wire]

PolNeAR's speakers are raw mentions ("he"); score.py skips pronoun speakers. Its gold
holds direct and indirect attributions, so a direct-only baseline is capped in recall:
the direct-only rows score both systems on gold direct quotes alone.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eventwire.annotate.quotes import Quotations
from eventwire.pipeline import Pipeline, default_annotators
from eventwire.resources import Resources
from eventwire.read.jsonl import read_jsonl

GOLD_DIR = Path(__file__).resolve().parents[2] / "shared" / "gold"
SCORE = GOLD_DIR / "score.py"
SETS = {"polnear": ["quotes_polnear_dev.jsonl"],
        "wire": ["events_wire_dev.jsonl", "seed_example.jsonl"]}


def textacy_quotes(doc) -> list[dict]:
    import textacy.extract

    out = []
    try:
        triples = list(textacy.extract.triples.direct_quotations(doc))
    except Exception:  # textacy raises on some unbalanced quotation marks
        return out
    for t in triples:
        c = t.content
        text = c.text.strip("\"“”' ,")
        spk = " ".join(s.text for s in t.speaker) or None
        out.append({"kind": "direct", "text": text, "speaker": spk,
                    "cue": " ".join(x.text for x in t.cue), "start": c.start_char + 1,
                    "end": c.end_char - 1})
    return out


def score(gold: Path, pred: list[dict]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in pred:
            f.write(json.dumps(r) + "\n")
    res = subprocess.run([sys.executable, str(SCORE), str(gold), f.name, "--only", "quotes",
                          "--json"], capture_output=True, text=True, check=True)
    return json.loads(res.stdout)["quotes"]


def only_direct(path: Path, records: list[dict] | None = None) -> Path:
    """A copy of a gold file (or of predictions) keeping direct quotes only."""
    out = Path(tempfile.mktemp(suffix=".jsonl"))
    rows = records if records is not None else [json.loads(x) for x in path.read_text().splitlines() if x]
    with out.open("w") as f:
        for r in rows:
            r = dict(r)
            r["quotes"] = [q for q in r.get("quotes") or [] if q.get("kind") == "direct"]
            f.write(json.dumps(r) + "\n")
    return out


def run(name: str, files: list[str], limit: int) -> None:
    lines: list[str] = []
    for fn in files:
        lines += [x for x in (GOLD_DIR / fn).read_text(encoding="utf-8").splitlines() if x]
    if limit:
        lines = lines[:limit]
    gold = Path(tempfile.mktemp(suffix=".jsonl"))
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = [a for a in read_jsonl("\n".join(lines), name)]
    # everything the quote annotator runs after (actors, times, places), then quotes alone
    res = Resources()
    annotators = default_annotators(res)
    before = annotators[: next(i for i, a in enumerate(annotators) if a.name == "quotes")]
    pipe = Pipeline(resources=res, annotators=before)
    quotes = Quotations(res)
    ours, base = [], []
    t_parse = t_ours = t_base = 0.0
    for art in articles:
        t0 = time.perf_counter()
        doc = pipe.nlp(art.text)
        t1 = time.perf_counter()
        rec = pipe.annotate(doc, art)
        quotes(doc, rec)
        t2 = time.perf_counter()
        base.append({"id": art.id, "quotes": textacy_quotes(doc)})
        t3 = time.perf_counter()
        t_parse += t1 - t0
        t_ours += t2 - t1
        t_base += t3 - t2
        ours.append({"id": art.id, "quotes": [
            {"kind": q.kind, "text": q.text, "speaker": q.speaker, "speaker_code": q.speaker_code,
             "cue": q.cue, "start": q.start, "end": q.end} for q in rec.quotes]})
    gdirect = only_direct(gold)
    print(f"== {name}: {len(articles)} articles (spaCy parse {t_parse:.1f}s; eventwire quotes "
          f"{t_ours:.1f}s incl. {'+'.join(a.name for a in before)}; textacy {t_base:.1f}s)",
          flush=True)
    rows = [("eventwire (direct+indirect)", gold, ours),
            ("eventwire, direct only", gdirect, [dict(r, quotes=[q for q in r["quotes"]
                                                                 if q["kind"] == "direct"]) for r in ours]),
            ("textacy direct_quotations", gdirect, base),
            ("textacy vs all gold quotes", gold, base)]
    for label, g, pred in rows:
        r = score(g, pred)
        print(f"  {label:30} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
              f"(gold {r['gold']}, pred {r['pred']})  speaker accuracy {r['speaker_accuracy']}",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="first N articles of each set")
    ap.add_argument("--only", choices=sorted(SETS), default=None)
    a = ap.parse_args()
    for name, files in SETS.items():
        if a.only in (None, name):
            run(name, files, a.limit)


if __name__ == "__main__":
    main()
