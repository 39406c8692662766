"""How well do the actor entities cover the gold events' actors and recipients? And how fast?

For every gold actor/recipient (code, name) we ask: is there an entity in the article whose
code equals the gold code and whose canonical name (or text) matches the gold name the way
gold/score.py matches names (same last word, or one word set inside the other)?

    PYTHONPATH=src python benchmarks/actors_eval.py [-v] [--events] [GOLD.jsonl ... | training]

``training`` scores the project's annotated training set (training/events) instead, split
into its held-out share (``held``, as the event model splits it) and the rest (``tune``).

Each dev set is split by a hash of the article id into ``tune`` (70%, the part rules were
looked at on) and ``held`` (30%, never looked at); both are printed. A participant that is
missed is put in one of four bins:

- ``not found``: no entity in the article carries its name (a mention the NER missed, or a
  common-noun group like "rioters");
- ``wrong person``: an entity with its name has another, known code (a same-surname KB
  person, a wrong country);
- ``descriptor not used``: the entity with its name is ``UNK`` although its sentence names
  the gold country (a demonym, country or capital the KB maps to the gold code);
- ``missing from KB``: the entity with its name is ``UNK`` and its sentence does not say.

``--events`` also runs the whole pipeline and prints gold/score.py's
``entity_name_accuracy`` (names of matched events' participants) per split.
Prints the seed check, KB size and speed (spaCy parse vs the annotator).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
DEFAULT = [GOLD / "seed_example.jsonl", GOLD / "events_wire_dev.jsonl", GOLD / "plover_gsr_dev.jsonl"]
BINS = ("not found", "wrong person", "descriptor not used", "missing from KB")


def held_back(article_id: str) -> bool:
    """30% of each dev set, by a hash of the id: never used to choose a rule."""
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16) % 100 < 30


def norm(s: str) -> str:
    s = re.sub(r"[^\w\s-]", " ", (s or "").lower())
    return " ".join(s.split())


def load_scorer():
    spec = importlib.util.spec_from_file_location("gold_score", GOLD / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


SCORE = load_scorer()
name_match = SCORE.name_match  # the scorer's own rules, not a copy


def code_match(gold: str, pred: str) -> bool:
    return SCORE.meet({gold}, {pred})


def miss_bin(kb, text: str, code: str, name: str, ents) -> str:
    named = [e for e in ents if name_match(name, norm(e.name or e.text)) or name_match(name, norm(e.text))]
    if not named:
        return "not found"
    if any(e.code not in ("UNK", "") for e in named):
        return "wrong person"
    for e in named:
        # the sentence around the mention: does it name the gold code's state?
        lo = max(text.rfind(".", 0, e.start), text.rfind("\n", 0, e.start)) + 1
        hi = min([i for i in (text.find(". ", e.end), text.find("\n", e.end)) if i >= 0] or [len(text)])
        words = re.findall(r"[A-Z][\w.'-]*(?: [A-Z][\w'-]*)?", text[lo:hi])
        for w in words:
            if kb.country_for(w) == code or any(kb.country_for(p) == code for p in w.split()):
                return "descriptor not used"
    return "missing from KB"


def main(paths: list[Path], verbose: bool, events: bool) -> None:
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
    pipe = None
    for path in paths:
        if str(path) == "training":
            gold, arts = _training()
        else:
            gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
            arts = [make_article(str(path), g["text"], id=g["id"], source=g.get("source"),
                                 date=g.get("date"), title=g.get("title")) for g in gold]
        t0 = time.perf_counter()
        docs = list(nlp.pipe([a.text for a in arts], batch_size=32))
        parse_s += time.perf_counter() - t0
        stats = {s: Counter() for s in ("tune", "held")}
        misses = {s: [] for s in ("tune", "held")}
        seed_ok = seed_n = 0
        for g, art, doc in zip(gold, arts, docs):
            split = g["split"] if "split" in g else "held" if held_back(str(g["id"])) else "tune"
            st = stats[split]
            rec = ArticleRecord(article=art)
            t0 = time.perf_counter()
            resolver(doc, rec)
            annot_s += time.perf_counter() - t0
            n_mentions += len(rec.entities)
            for ev in g.get("events") or []:
                for p in (ev.get("actor") or []) + (ev.get("recipient") or []):
                    code, name = (p.get("code") or "").upper(), norm(p.get("name") or "")
                    st["total"] += 1
                    hit = any(code_match(code, e.code) and (name_match(name, norm(e.name or e.text))
                                                            or name_match(name, norm(e.text)))
                              for e in rec.entities)
                    st["hit"] += hit
                    if not hit:
                        b = miss_bin(kb, art.text, code, name, rec.entities)
                        st[b] += 1
                        misses[split].append(f"[{b}] {code}/{p.get('sector')}/{p.get('name')}")
                    if path.name.startswith("seed"):
                        seed_n += 1
                        seed_ok += any(e.code == code and e.sector == p.get("sector")
                                       and name_match(name, norm(e.name or "")) for e in rec.entities)
        print(f"{getattr(path, 'name', path)}:")
        for split, st in stats.items():
            if not st["total"]:
                continue
            print(f"  {split:4}: {st['total']:3d} gold participants, name+code "
                  f"{st['hit'] / st['total']:.1%}; missed: "
                  + ", ".join(f"{b} {st[b]}" for b in BINS))
            if verbose and misses[split]:
                print("    " + "; ".join(sorted(set(misses[split]))))
        if seed_n:
            print(f"  seed: {seed_ok}/{seed_n} actor/recipient slots resolved with right code, "
                  f"sector and canonical name")
        if events and str(path) != "training":
            pipe = pipe or _pipeline()
            _score_events(pipe, path, gold, arts)
        sys.stdout.flush()
    s = kb.stats()
    print("KB: " + ", ".join(f"{k} {v:,}" for k, v in s.items()))
    print(f"KB load {t_kb:.2f}s, matcher build {t_build:.2f}s (once per process)")
    print(f"speed: spaCy parse {parse_s:.2f}s, actor annotator {annot_s:.2f}s "
          f"({annot_s / parse_s:.1%} of parse); {n_mentions} mentions, "
          f"{n_mentions / annot_s:,.0f} mentions/s")


def _training():
    """The project's own annotated training set (training/events), split as the event model
    splits it: ``held`` is its held-out share (never used to fit a model), ``tune`` the
    rest. Gold participants as annotated."""
    from eventwire.code.train import is_heldout, load_training, training_files

    items = load_training(training_files())
    gold = [{"id": x.article.id, "events": x.events,
             "split": "held" if is_heldout(x.article.id) else "tune"} for x in items]
    return gold, [x.article for x in items]


def _pipeline():
    from eventwire.pipeline import Pipeline
    return Pipeline()


def _score_events(pipe, path: Path, gold: list[dict], arts) -> None:
    from eventwire.code.train import event_dict

    preds = {}
    for art in arts:
        rec = pipe.process_article(art)
        preds[art.id] = {"id": art.id, "events": [event_dict(e) for e in rec.events]}
    for split in ("tune", "held"):
        g = {str(x["id"]): x for x in gold if held_back(str(x["id"])) == (split == "held")}
        p = {k: v for k, v in preds.items() if k in g}
        r = SCORE.score_events(g, p)
        print(f"  {split:4}: score.py entity_name_accuracy {r['entity_name_accuracy']} "
              f"(events F1 {r['f1']}, tp {r['tp']})")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:] if not a.startswith("-")]
    main(args or DEFAULT, "-v" in sys.argv, "--events" in sys.argv)
