"""How well do the actor entities cover the gold events' actors and recipients? And how fast?

For every gold actor/recipient (code, name) we ask: is there an entity in the article whose
code equals the gold code and whose canonical name (or text) matches the gold name the way
gold/score.py matches names (same last word, or one word set inside the other)?

    PYTHONPATH=src python benchmarks/actors_eval.py [GOLD.jsonl ...]

Prints coverage (name+code, code only, name only) per file, the seed check (code, sector and
name of every seed actor), KB size, and speed: spaCy's parse time vs the annotator's time
for the same articles, and mentions per second.
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
DEFAULT = [GOLD / "seed_example.jsonl", GOLD / "events_wire_dev.jsonl", GOLD / "plover_gsr_dev.jsonl"]


def norm(s: str) -> str:
    s = re.sub(r"[^\w\s-]", " ", (s or "").lower())
    return " ".join(s.split())


# gold/score.py's code rule: a generic IGO/NGO gold code meets any organisation code.
ORGS = {"UN", "EU", "NATO", "AU", "ARL", "OSCE", "IAEA", "WHO", "IMF", "WBG", "OPEC",
        "ASEAN", "GCC", "OIC", "ICC", "ICRC", "WTO", "CIS", "CSTO", "SCO", "BRICS",
        "G7", "G20", "IGO", "NGO"}


def code_match(gold: str, pred: str) -> bool:
    if gold == pred:
        return True
    generic = {"IGO", "NGO"}
    return (gold in generic and pred in ORGS) or (pred in generic and gold in ORGS)


def name_match(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    ta, tb = a.split(), b.split()
    return ta[-1] == tb[-1] or set(ta) <= set(tb) or set(tb) <= set(ta)


def main(paths: list[Path]) -> None:
    from eventwire.annotate.actors import ActorResolver
    from eventwire.model import ArticleRecord
    from eventwire.read.base import make_article
    from eventwire.resources import Resources

    res = Resources()
    nlp = res.nlp
    t0 = time.perf_counter()
    kb = res.kb
    t_kb = time.perf_counter() - t0
    t0 = time.perf_counter()
    resolver = ActorResolver(res)
    t_build = time.perf_counter() - t0

    parse_s = annot_s = 0.0
    n_mentions = 0
    for path in paths:
        gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        arts = [make_article(str(path), g["text"], id=g["id"], source=g.get("source"),
                             date=g.get("date"), title=g.get("title")) for g in gold]
        t0 = time.perf_counter()
        docs = list(nlp.pipe([a.text for a in arts], batch_size=32))
        parse_s += time.perf_counter() - t0
        both = code_only = name_only = total = 0
        seed_ok = seed_n = 0
        misses = []
        for g, art, doc in zip(gold, arts, docs):
            rec = ArticleRecord(article=art)
            t0 = time.perf_counter()
            resolver(doc, rec)
            annot_s += time.perf_counter() - t0
            n_mentions += len(rec.entities)
            ents = [(e.code, norm(e.name or e.text), norm(e.text), e.sector) for e in rec.entities]
            for ev in g.get("events") or []:
                for p in (ev.get("actor") or []) + (ev.get("recipient") or []):
                    code, name = (p.get("code") or "").upper(), norm(p.get("name") or "")
                    total += 1
                    hit_code = any(code_match(code, c) for c, *_ in ents)
                    hit_name = any(name_match(name, n) or name_match(name, t) for _, n, t, _ in ents)
                    hit = any(code_match(code, c) and (name_match(name, n) or name_match(name, t))
                              for c, n, t, _ in ents)
                    both += hit
                    code_only += hit_code
                    name_only += hit_name
                    if not hit:
                        misses.append(f"{code}/{p.get('sector')}/{p.get('name')}")
                    if path.name.startswith("seed"):
                        seed_n += 1
                        seed_ok += any(c == code and s == p.get("sector") and name_match(name, n)
                                       for c, n, _, s in ents)
        print(f"{path.name}: {total} gold actor/recipient slots; covered with right code and "
              f"name {both / total:.1%}, code anywhere {code_only / total:.1%}, "
              f"name anywhere {name_only / total:.1%}")
        if seed_n:
            print(f"  seed: {seed_ok}/{seed_n} actor/recipient slots resolved with right code, "
                  f"sector and canonical name")
        if misses and "-v" in sys.argv:
            print("  misses:", "; ".join(sorted(set(misses))))
    stats = kb.stats()
    print("KB: " + ", ".join(f"{k} {v:,}" for k, v in stats.items()))
    print(f"KB load {t_kb:.2f}s, matcher build {t_build:.2f}s (once per process)")
    print(f"speed: spaCy parse {parse_s:.2f}s, actor annotator {annot_s:.2f}s "
          f"({annot_s / parse_s:.1%} of parse); {n_mentions} mentions, "
          f"{n_mentions / annot_s:,.0f} mentions/s")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:] if not a.startswith("-")]
    main(args or DEFAULT)
