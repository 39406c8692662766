"""`eventwire train`: fit the event models on the annotated training set, reproducibly.

1. Join the stand-off annotations (``training/events/*.jsonl``) with their texts in
   ``../shared/corpus``; a text whose sha1 differs from the annotation's is refused.
2. Split by a hash of the article id: about a fifth is held out, never seen in training
   or in choosing thresholds.
3. Parse and annotate every article once (entities, times, places, quotes).
4. Fit the trigger classifier (PLOVER type or none per candidate) and the argument
   classifier (actor, recipient or neither per trigger–mention pair): multinomial
   logistic regression (scikit-learn), seeded and deterministic.
5. Choose the decision thresholds out of fold on the training split (3 folds by article),
   scoring with the project's scorer, ``../shared/gold/score.py``.
6. Refit on the whole training split, score the held-out split, and write the arrays and
   their card (classes, thresholds, data hash, held-out figures) into the package.
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from spacy.tokens import Doc, Token

from ..model import Article, ArticleRecord
from ..read.base import make_article
from ..resources import Resources
from .arguments import ArgumentFinder
from .event_model import ARGUMENT_CLASSES, MODEL_DIR, EventModel
from .features import (RuleHints, argument_features, argument_matrix, mentions,
                       trigger_candidates, trigger_context, trigger_matrix)
from .coder import EventCoder
from .learned import LearnedEventCoder, ScoredTrigger, candidate_mentions, rule_hints
from .lexicon import Lexicon
from .ontology import PLOVER_TYPES

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
TRAINING_DIR = REPO / "training" / "events"
PLOVER = PLOVER_TYPES
TRIGGER_CLASSES = ["NONE", *PLOVER]
HELDOUT_PERCENT = 22  # of article ids, by hash: at least 80 of ~400 articles
TRIGGER_C = 0.5
ARGUMENT_C = 1.0
FOLDS = 3
DEFAULT_THRESHOLDS = {"trigger": 0.5, "actor": 0.4, "recipient": 0.4, "unplaced": 0.9,
                      "beside_rule": 0.5}
GRID = {"trigger": (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7),
        "actor": (0.05, 0.1, 0.2, 0.3, 0.4, 0.5),
        "recipient": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
        "unplaced": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01),
        "beside_rule": (0.15, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)}


class TrainingDataError(ValueError):
    """The training set cannot be used as it is: names the file, line and reason."""


def is_heldout(article_id: str) -> bool:
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16) % 100 \
        < HELDOUT_PERCENT


@dataclass
class Annotated:
    article: Article
    events: list[dict]  # gold format, evidence and trigger as strings, offsets kept
    doc: Doc | None = None
    record: ArticleRecord | None = None
    gold_triggers: dict[int, dict] = field(default_factory=dict)  # token i → event
    hints: RuleHints | None = None
    args: ArgumentFinder | None = None  # the article's argument finder (entities, coreference)


def training_files(directory: Path = TRAINING_DIR) -> list[Path]:
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise TrainingDataError(f"{directory}: no annotation files (*.jsonl)")
    return files


def data_sha1(files: list[Path]) -> str:
    h = hashlib.sha1()
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def corpus_articles(wanted: set[str], corpus_dir: Path) -> dict[str, dict]:
    """The corpus records (``*.jsonl.gz`` under ``corpus_dir``) whose id is wanted, by id:
    how every stand-off set in this repository gets its texts back."""
    if not corpus_dir.is_dir():
        raise TrainingDataError(f"{corpus_dir}: the corpus the annotations point into is absent")
    out: dict[str, dict] = {}
    for path in sorted(corpus_dir.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                head = line[:120]
                if '"id"' in head and any(w in head for w in wanted):
                    rec = json.loads(line)
                    if rec.get("id") in wanted:
                        out[rec["id"]] = rec
    return out


def load_training(files: list[Path], corpus_dir: Path = SHARED / "corpus") -> list[Annotated]:
    """The annotations joined with their texts; every span checked against the text."""
    rows: list[tuple[Path, int, dict]] = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append((path, n, json.loads(line)))
            except json.JSONDecodeError as e:
                raise TrainingDataError(f"{path}:{n}: malformed JSON: {e}") from None
    texts = corpus_articles({str(r["id"]) for _, _, r in rows}, corpus_dir)
    out: list[Annotated] = []
    seen: set[str] = set()
    for path, n, r in rows:
        aid = str(r.get("id"))
        where = f"{path.name}:{n}: {aid}"
        if aid in seen:
            raise TrainingDataError(f"{where}: annotated twice")
        seen.add(aid)
        src = texts.get(aid)
        if src is None:
            raise TrainingDataError(f"{where}: not in {corpus_dir}")
        text = src["text"]
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != r.get("text_sha1"):
            raise TrainingDataError(f"{where}: the corpus text's sha1 differs from the "
                                    "annotation's text_sha1 (the text changed)")
        art = make_article(where, text, id=aid, source=src.get("source"), date=src.get("date"),
                           title=src.get("title"))
        if not isinstance(art, Article):
            raise TrainingDataError(f"{where}: {art.message}")
        out.append(Annotated(art, [resolve_spans(e, text, f"{where} event {k}")
                                   for k, e in enumerate(r.get("events") or [])]))
    return out


def resolve_spans(e: dict, text: str, where: str) -> dict:
    """The stand-off event with ``evidence`` and ``trigger`` text filled in from offsets."""
    if str(e.get("event")) not in PLOVER:
        raise TrainingDataError(f"{where}: {e.get('event')!r} is not a PLOVER type")
    out = dict(e)
    for key in ("evidence", "trigger"):
        span = e.get(key) or {}
        s, t = span.get("start"), span.get("end")
        if not (isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(text)):
            raise TrainingDataError(f"{where}: {key} offsets {span!r} are not inside the text")
        out[key] = text[s:t]
        out[f"{key}_start"], out[f"{key}_end"] = s, t
    if not (out["evidence_start"] <= out["trigger_start"] < out["trigger_end"]
            <= out["evidence_end"]):
        raise TrainingDataError(f"{where}: trigger is not inside the evidence")
    return out


# ------------------------------------------------------------------ preparing
def annotate(items: list[Annotated], res: Resources, log: Callable[[str], None]) -> None:
    """Parse and annotate each article once, with every annotator before the event coder,
    and the rule coder's reading of it."""
    from ..pipeline import Pipeline, default_annotators
    base = Pipeline(resources=res, annotators=[
        a for a in default_annotators(res, "rules") if a.name not in ("events", "event_location")])
    rules = EventCoder(res)
    t0 = time.perf_counter()
    docs = base.nlp.pipe((x.article.text for x in items), batch_size=32)
    for n, (doc, x) in enumerate(zip(docs, items), 1):
        x.doc = doc
        x.record = base.annotate(doc, x.article)
        x.args = rules.argument_finder(doc, x.record)
        x.hints = rule_hints(rules, doc, x.record, x.args)
        x.gold_triggers = {}
        for e in x.events:
            span = doc.char_span(e["trigger_start"], e["trigger_end"], alignment_mode="expand")
            if span is not None and len(span):
                x.gold_triggers.setdefault(span.root.i, e)
        if n % 100 == 0:
            log(f"  annotated {n}/{len(items)} ({time.perf_counter() - t0:.0f} s)")


def _tokens(name: str | None) -> set[str]:
    return {w for w in "".join(c if c.isalnum() else " " for c in (name or "").lower()).split()
            if w not in ("the", "of", "a", "an")}


def argument_labels(ms, gold: dict) -> list[int]:
    """Each mention's role in the gold event: by code, and by name among same-code mentions."""
    labels = [0] * len(ms)
    for role, key in ((1, "actor"), (2, "recipient")):
        for party in gold.get(key) or []:
            same = [i for i, m in enumerate(ms) if m.entity.code == party.get("code")
                    and labels[i] == 0]
            if not same:
                continue
            want = _tokens(party.get("name"))
            named = [i for i in same if want & (_tokens(ms[i].entity.name)
                                                | _tokens(ms[i].entity.text))]
            for i in named or same[:1]:
                labels[i] = role
    return labels


def trigger_data(items: list[Annotated], lex: Lexicon,
                 ) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """One row per candidate. A candidate inside a gold event's evidence that is not its
    trigger is left out: "held talks" may be annotated at "talks" or at "held", and a
    negative that is the other reading of the same event would teach noise."""
    xs, ys, groups = [], [], []
    for g, x in enumerate(items):
        toks = trigger_candidates(x.doc, x.record)
        inside = [(e["evidence_start"], e["evidence_end"]) for e in x.events]
        toks = [t for t in toks if t.i in x.gold_triggers
                or not any(s <= t.idx < e for s, e in inside)]
        if not toks:
            continue
        xs.append(trigger_matrix(x.doc, toks, lex, x.args, x.hints))
        ys += [TRIGGER_CLASSES.index(x.gold_triggers[t.i]["event"]) if t.i in x.gold_triggers
               else 0 for t in toks]
        groups += [g] * len(toks)
    return sparse.vstack(xs, format="csr"), np.array(ys), np.array(groups)


def argument_data(items: list[Annotated]) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    rows, ys, groups = [], [], []
    for g, x in enumerate(items):
        if not x.gold_triggers or not x.record.entities:
            continue
        args = x.args
        by_sent: dict[int, list] = {}
        for i, e in x.gold_triggers.items():
            tok: Token = x.doc[i]
            sent = tok.sent
            if sent.start not in by_sent:
                by_sent[sent.start] = mentions(sent, args)
            speakers = args.speaker_of(tok)
            ms = candidate_mentions(tok, by_sent[sent.start], speakers)
            if not ms:
                continue
            ctx = trigger_context(tok, args, x.hints, speakers)
            rows += [argument_features(tok, e["event"], m, ctx) for m in ms]
            ys += argument_labels(ms, e)
            groups += [g] * len(ms)
    return argument_matrix(rows), np.array(ys), np.array(groups)


def fit(items: list[Annotated], trig=None, argd=None, lex: Lexicon | None = None) -> EventModel:
    X, y, _ = trig or trigger_data(items, lex)
    A, z, _ = argd or argument_data(items)
    tclf = LogisticRegression(C=TRIGGER_C, max_iter=2000, tol=1e-4)
    tclf.fit(X, y)
    aclf = LogisticRegression(C=ARGUMENT_C, max_iter=2000, tol=1e-4)
    aclf.fit(A, z)
    return EventModel(
        trigger_classes=TRIGGER_CLASSES,
        trigger_coef=_full(tclf, len(TRIGGER_CLASSES), X.shape[1], "coef_"),
        trigger_intercept=_full(tclf, len(TRIGGER_CLASSES), None, "intercept_"),
        argument_coef=_full(aclf, len(ARGUMENT_CLASSES), A.shape[1], "coef_"),
        argument_intercept=_full(aclf, len(ARGUMENT_CLASSES), None, "intercept_"),
        thresholds=dict(DEFAULT_THRESHOLDS))


def _full(clf: LogisticRegression, n: int, width: int | None, attr: str) -> np.ndarray:
    """Coefficients for every class, also those absent from a fold's data (never chosen)."""
    got = getattr(clf, attr)
    shape = (n, width) if width is not None else (n,)
    out = np.zeros(shape, np.float32)
    out[...] = -30.0 if width is None else 0.0
    for k, c in enumerate(clf.classes_):
        out[int(c)] = got[k]
    return out


# ------------------------------------------------------------------ scoring
def scorer():
    path = SHARED / "gold" / "score.py"
    if not path.is_file():
        raise TrainingDataError(f"{path}: the scorer is needed to choose thresholds")
    spec = importlib.util.spec_from_file_location("eventwire_gold_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def gold_records(items: list[Annotated]) -> dict[str, dict]:
    return {x.article.id: {"id": x.article.id, "events": x.events} for x in items}


def predicted(coder: LearnedEventCoder, items: list[Annotated], scored: list[list[ScoredTrigger]],
              th: dict[str, float]) -> dict[str, dict]:
    """What the coder writes for each article with these thresholds (with the rule coder's
    events too when it is the hybrid coder, as the default pipeline runs it)."""
    out = {}
    for x, s in zip(items, scored):
        evs = coder.decide(x.doc, x.record, s, th,
                           x.hints if coder.keep_rule_events else None)
        out[x.article.id] = {"id": x.article.id, "events": [event_dict(e) for e in evs]}
    return out


def event_dict(e) -> dict:
    """An event as score.py reads it (and its confidence, trigger, evidence and rule)."""
    part = lambda ps: [{"code": p.code, "sector": p.sector, "name": p.name} for p in ps]  # noqa
    return {"event": e.event, "actor": part(e.actor), "recipient": part(e.recipient),
            "date": e.date, "status": e.status, "confidence": e.confidence,
            "trigger": e.trigger, "evidence": e.evidence, "rule": e.rule}


def tune(coder_for: Callable[[EventModel], LearnedEventCoder], items: list[Annotated],
         lex: Lexicon, log: Callable[[str], None]) -> tuple[dict[str, float], dict]:
    """Thresholds, then the confidence calibration, chosen on out-of-fold predictions over
    the training split only."""
    sc = scorer()
    trig, argd = trigger_data(items, lex), argument_data(items)
    scored: list[list[ScoredTrigger]] = [[] for _ in items]
    coders = []
    for k, (tr, te) in enumerate(GroupKFold(FOLDS).split(np.arange(len(items)),
                                                         groups=np.arange(len(items)))):
        keep = set(tr.tolist())
        tmask, amask = np.isin(trig[2], tr), np.isin(argd[2], tr)
        model = fit([], (trig[0][tmask], trig[1][tmask], None),
                    (argd[0][amask], argd[1][amask], None))
        coder = coder_for(model)
        coders.append(coder)
        for i in te:
            x = items[i]
            scored[i] = coder.score(x.doc, x.record)
        log(f"  fold {k + 1}/{FOLDS}: {len(keep)} articles fitted, {len(te)} scored")
    gold = gold_records(items)
    coder = coders[0]  # decide() reads only the thresholds and the lexicon, not the arrays
    th = dict(DEFAULT_THRESHOLDS)
    best = -1.0
    for _ in range(2):  # coordinate ascent, twice round
        for key, values in GRID.items():
            for v in values:
                trial = dict(th, **{key: v})
                f1 = sc.score_events(gold, predicted(coder, items, scored, trial))["f1"]
                if f1 > best + 1e-9:
                    best, th = f1, trial
        log(f"  thresholds {th}: out-of-fold F1 {best:.3f}")
    return th, calibrate(sc, gold, predicted(coder, items, scored, th))


def calibrate(sc, gold: dict[str, dict], pred: dict[str, dict]) -> dict:
    """Isotonic regression of "the scorer matched this event" on its raw confidence, per
    source (model events, rule events), as interpolation points."""
    from sklearn.isotonic import IsotonicRegression

    pairs: dict[str, list[tuple[float, float]]] = {"model": [], "rules": []}
    for aid, g in gold.items():
        ge = [e for e in g["events"] if (e.get("status") or "actual") != "negated"]
        pe = [e for e in pred[aid]["events"] if (e.get("status") or "actual") != "negated"]
        matched = {j for _, j in sc.greedy_match(ge, pe, sc.event_score)}
        for j, e in enumerate(pe):
            src = "model" if str(e.get("rule", "")).startswith("model:") else "rules"
            pairs[src].append((e["confidence"], float(j in matched)))
    out = {}
    for src, xy in pairs.items():
        if len(xy) < 20:
            out[src] = {"x": [], "y": []}
            continue
        x, y = np.array(xy).T
        iso = IsotonicRegression(y_min=0.01, y_max=0.99, out_of_bounds="clip").fit(x, y)
        out[src] = {"x": [round(float(v), 4) for v in iso.X_thresholds_],
                    "y": [round(float(v), 4) for v in iso.y_thresholds_]}
    return out


def evaluate(coder: LearnedEventCoder, items: list[Annotated]) -> dict:
    sc = scorer()
    scored = [coder.score(x.doc, x.record) for x in items]
    gold = gold_records(items)
    pred = predicted(coder, items, scored, coder.model.thresholds)
    out = sc.score_events(gold, pred)
    out["brier"] = brier(sc, gold, pred)
    return out


def brier(sc, gold: dict[str, dict], pred: dict[str, dict]) -> dict:
    """Brier score of the events' confidence against whether the scorer matched them."""
    pairs = []
    for aid, g in gold.items():
        ge = [e for e in g["events"] if (e.get("status") or "actual") != "negated"]
        pe = [e for e in pred[aid]["events"] if (e.get("status") or "actual") != "negated"]
        matched = {j for _, j in sc.greedy_match(ge, pe, sc.event_score)}
        pairs += [(e["confidence"], j in matched) for j, e in enumerate(pe)]
    if not pairs:
        return {"brier": None, "n": 0}
    p = np.array([c for c, _ in pairs])
    y = np.array([float(m) for _, m in pairs])
    bins = []
    for lo in np.arange(0, 1, 0.2):
        sel = (p >= lo) & (p < lo + 0.2 + (1e-9 if lo >= 0.8 else 0))
        if sel.any():
            bins.append({"range": f"{lo:.1f}-{lo + 0.2:.1f}", "n": int(sel.sum()),
                         "mean_confidence": round(float(p[sel].mean()), 3),
                         "precision": round(float(y[sel].mean()), 3)})
    return {"brier": round(float(np.mean((p - y) ** 2)), 4), "n": len(pairs),
            "reliability": bins}


SCORE_KEYS = ("precision", "recall", "f1", "tp", "pred", "gold", "date_accuracy",
              "status_accuracy", "brier")


def train(out_dir: Path = MODEL_DIR, directory: Path = TRAINING_DIR,
          log: Callable[[str], None] = print) -> EventModel:
    t0 = time.perf_counter()
    files = training_files(directory)
    items = load_training(files)
    train_items = [x for x in items if not is_heldout(x.article.id)]
    held = [x for x in items if is_heldout(x.article.id)]
    log(f"{len(items)} articles, {sum(len(x.events) for x in items)} events: "
        f"{len(train_items)} train, {len(held)} held out")
    res = Resources()
    annotate(items, res, log)
    lex = res.event_lexicon
    # thresholds for the default (hybrid) coder, which also keeps the rule coder's events
    th, calibration = tune(lambda m: LearnedEventCoder(res, m, keep_rule_events=True),
                           train_items, lex, log)
    model = fit(train_items, lex=lex)
    model.thresholds = th
    model.calibration = calibration
    held_scores = evaluate(LearnedEventCoder(res, model, keep_rule_events=True), held)
    learned_only = evaluate(LearnedEventCoder(res, model), held)
    for name, r in (("hybrid", held_scores), ("learned alone", learned_only)):
        log(f"held out, {name}: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}, "
            f"Brier {r['brier']['brier']}")
    model.card = {
        "name": "eventwire events", "trained_by": "eventwire train",
        "training_data": [p.relative_to(REPO).as_posix() for p in files],
        "training_data_sha1": data_sha1(files),
        "articles": {"train": len(train_items), "heldout": len(held)},
        "events": {"train": sum(len(x.events) for x in train_items),
                   "heldout": sum(len(x.events) for x in held)},
        "heldout_percent": HELDOUT_PERCENT,
        "heldout_scores": {k: held_scores[k] for k in SCORE_KEYS},
        "heldout_scores_learned_alone": {k: learned_only[k] for k in SCORE_KEYS},
        "regularisation": {"trigger_C": TRIGGER_C, "argument_C": ARGUMENT_C},
    }
    model.save(out_dir)
    log(f"wrote {out_dir}/events.npz and events.json ({time.perf_counter() - t0:.0f} s)")
    return model
