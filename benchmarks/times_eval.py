"""Date expressions on TimeBank (TempEval-3) news: eventwire's times annotator against
dateparser's ``search_dates`` used naively, in one run, both scored by gold/score.py.

    PYTHONPATH=src python benchmarks/times_eval.py [GOLD.jsonl] [--limit N] [--half tune|held]
    PYTHONPATH=src python benchmarks/times_eval.py --own dev|test   # training/times (ours)

Only id, source, date, title and text of the gold records are fed to the systems.
``--half`` splits the gold by a hash of the article id: ``tune`` (hash % 100 < 50) is the
half rules were tuned on, ``held`` the other half, looked at only for its figures.
``--own`` scores the stand-off annotations of corpus articles in ``training/times/``
(joined with their texts from ``../shared/corpus``): ``dev`` is the set whose errors were
read while writing rules, ``test`` a set annotated afterwards and scored only for figures.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from dateparser.search import search_dates

from eventwire.code.train import corpus_articles
from eventwire.model import InputError
from eventwire.pipeline import Pipeline, default_annotators
from eventwire.resources import Resources
from eventwire.read.jsonl import read_jsonl

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT.parent / "shared" / "gold"
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
OWN_DIR = ROOT / "training" / "times"
SCORE = GOLD_DIR / "score.py"


def half_of(article_id: str) -> str:
    """``tune`` or ``held``: a fixed split by a hash of the id, so it never drifts."""
    return "tune" if int(hashlib.sha1(article_id.encode()).hexdigest()[:8], 16) % 100 < 50 else "held"


def own_gold_lines(which: str = "test") -> list[str]:
    """training/times/times_<which>.jsonl joined with the corpus texts (checked by sha1)."""
    want: dict[str, dict] = {}
    for f in [OWN_DIR / f"times_{which}.jsonl"]:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                want[r["id"]] = r
    texts = corpus_articles(set(want), CORPUS_DIR)
    out = []
    for aid, ann in want.items():
        art = texts.get(aid)
        if art is None:
            sys.exit(f"{aid}: not found in {CORPUS_DIR}")
        if hashlib.sha1(art["text"].encode()).hexdigest() != ann["text_sha1"]:
            sys.exit(f"{aid}: corpus text differs from the annotated one (text_sha1)")
        times = [{"text": art["text"][t["start"]:t["end"]], "value": t["value"],
                  "start": t["start"], "end": t["end"]} for t in ann["times"]]
        out.append(json.dumps({"id": aid, "source": art.get("source"), "date": art.get("date"),
                               "title": art.get("title"), "text": art["text"], "times": times}))
    return out


def naive_dateparser(text: str, date: str | None) -> list[dict]:
    """search_dates with the article date as RELATIVE_BASE: spans and day values."""
    base = datetime.fromisoformat(date) if date else datetime.now()
    try:
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    except Exception:  # dateparser raises on some odd inputs; the baseline just misses them
        found = []
    out, pos = [], 0
    for s, dt in found:
        i = text.find(s, pos)
        if i < 0:
            continue
        pos = i + len(s)
        out.append({"text": s, "value": dt.date().isoformat(), "start": i, "end": i + len(s)})
    return out


def score(gold: Path, pred: list[dict]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in pred:
            f.write(json.dumps(r) + "\n")
    res = subprocess.run([sys.executable, str(SCORE), str(gold), f.name, "--only", "times", "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)["times"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(GOLD_DIR / "times_timebank_dev.jsonl"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", action="store_true", help="print value and span errors")
    ap.add_argument("--half", choices=("tune", "held"), help="only one half of the gold (by id hash)")
    ap.add_argument("--own", choices=("dev", "test"), help="score training/times/times_<own>.jsonl")
    ap.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline")
    a = ap.parse_args()
    gold = Path(a.gold)
    lines = own_gold_lines(a.own) if a.own else gold.read_text(encoding="utf-8").splitlines()
    if a.half:
        lines = [ln for ln in lines if half_of(json.loads(ln)["id"]) == a.half]
    if a.limit:
        lines = lines[: a.limit]
    if a.limit or a.half or a.own:
        gold = Path(tempfile.mktemp(suffix=".jsonl"))
        gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = list(read_jsonl("\n".join(lines), str(gold)))
    # the pipeline up to and including times (actors first, as in DESIGN order)
    res = Resources()
    annotators = default_annotators(res)
    upto = next(i for i, a in enumerate(annotators) if a.name == "times")
    pipe = Pipeline(resources=res, annotators=annotators[: upto + 1])
    t0 = time.perf_counter()
    ours = []
    for rec in pipe.process_many(articles):
        if isinstance(rec, InputError):
            sys.exit(f"the pipeline failed on an article: {rec.message}")
        ours.append({"id": rec.article.id,
                     "times": [{"text": t.text, "value": t.value, "start": t.start, "end": t.end}
                               for t in rec.times]})
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    base = [] if a.no_baseline else [{"id": art.id, "times": naive_dateparser(art.text, art.date)}
                                     for art in articles]
    t_base = time.perf_counter() - t0
    runs = [("eventwire times", ours, t_ours)]
    if not a.no_baseline:
        runs.append(("dateparser search_dates (naive)", base, t_base))
    for name, pred, secs in runs:
        r = score(gold, pred)
        print(f"{name:34} span P {r['span']['precision']:.3f} R {r['span']['recall']:.3f} "
              f"F1 {r['span']['f1']:.3f}   value P {r['value']['precision']:.3f} "
              f"R {r['value']['recall']:.3f} F1 {r['value']['f1']:.3f}   "
              f"(gold {r['span']['gold']}, pred {r['span']['pred']}, {secs:.1f}s)")
    if a.errors:
        by_id = {p["id"]: p["times"] for p in ours}

        def overlaps(p: dict, t: dict) -> bool:
            if "start" not in t:  # gold without offsets (wire dev): by text, as score.py does
                a, b = p["text"].lower(), t["text"].lower()
                return a in b or b in a
            return p["start"] < t["end"] and t["start"] < p["end"]

        for line in lines:
            g = json.loads(line)
            pt = by_id.get(g["id"], [])
            for t in g["times"]:
                t.setdefault("start", g["text"].find(t["text"]))
                t.setdefault("end", t["start"] + len(t["text"]))
                hit = [p for p in pt if overlaps(p, t)]
                if not hit:
                    print("MISS", g["date"], repr(t["text"]), t["value"], "|",
                          g["text"][max(0, t["start"] - 60):t["end"] + 30].replace("\n", " "))
                elif hit[0]["value"] != t["value"]:
                    print("VAL ", g["date"], repr(t["text"]), t["value"], "got", hit[0]["value"],
                          repr(hit[0]["text"]), "|",
                          g["text"][max(0, t["start"] - 60):t["end"] + 30].replace("\n", " "))
            for p in pt:
                if not any(overlaps(p, t) for t in g["times"]):
                    print("FP  ", g["date"], repr(p["text"]), p["value"], "|",
                          g["text"][max(0, p["start"] - 60):p["end"] + 30].replace("\n", " "))


if __name__ == "__main__":
    main()
