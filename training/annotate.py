#!/usr/bin/env python3
"""Annotation helper for the event training set (standard library only).

    python3 training/annotate.py show ID [ID ...]        # an article's text, numbered by paragraph
    python3 training/annotate.py check DRAFT.jsonl -o training/events/NAME.jsonl

A draft line is what an annotator writes while reading: the gold's event format
(GUIDELINES.md section 2) with ``evidence`` (the sentence, verbatim) and ``trigger``
(the word or words that name the act, verbatim, inside the evidence) as strings:

    {"id": "afp_eng_19970401.0006", "annotator": "A", "events": [
      {"event": "CONSULT", "mode": "visit", "actor": [{"code": "CHN", "sector": "GOV",
       "name": "Li Peng"}], "recipient": [...], "date": "1997-04-01", "status": "future",
       "evidence": "Li Peng will visit ...", "trigger": "visit"}]}

``check`` validates every line against the corpus text and writes the stand-off form
that is kept in the repository: offsets instead of text (the text belongs to its
publisher), the text's sha1, and the article's source and date. Any error names the
article and event and nothing is written.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PLOVER = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
STATUS = ("actual", "future", "hypothetical", "negated")
ORGS = {"UN", "EU", "NATO", "AU", "ARL", "OSCE", "IAEA", "WHO", "IMF", "WBG", "OPEC", "ASEAN",
        "GCC", "OIC", "ICC", "ICRC", "WTO", "CIS", "CSTO", "SCO", "BRICS", "G7", "G20", "IGO",
        "NGO", "INT", "UNK", "XKX", "PSE"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def country_codes() -> set[str]:
    path = ROOT / "src" / "eventwire" / "data" / "kb" / "countries.tsv"
    return {line.split("\t", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")}


def corpus_texts(wanted: set[str]) -> dict[str, dict]:
    out = {}
    for path in sorted((SHARED / "corpus").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if any(w in line[:200] for w in wanted):
                    rec = json.loads(line)
                    if rec["id"] in wanted:
                        out[rec["id"]] = rec
    return out


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def show(ids: list[str]) -> None:
    texts = corpus_texts(set(ids))
    for i in ids:
        a = texts.get(i)
        if a is None:
            print(f"{i}: not in ../shared/corpus", file=sys.stderr)
            continue
        print(f"=== {i} | {a.get('source')} | {a.get('date')} | {a.get('title')}")
        print(a["text"])
        print()


def locate(text: str, needle: str, within: tuple[int, int] | None = None) -> tuple[int, int]:
    lo, hi = within or (0, len(text))
    at = text.find(needle, lo, hi)
    if at < 0:
        raise ValueError(f"not found verbatim: {needle[:80]!r}")
    return at, at + len(needle)


def check_party(p: dict, codes: set[str], where: str) -> dict:
    if not isinstance(p, dict) or not p.get("code"):
        raise ValueError(f"{where}: a party needs a code: {p!r}")
    code = str(p["code"]).upper()
    if code not in codes and code not in ORGS:
        raise ValueError(f"{where}: unknown code {code!r}")
    out = {"code": code}
    if p.get("sector"):
        out["sector"] = str(p["sector"]).upper()
    if p.get("name"):
        out["name"] = str(p["name"])
    return out


def check_event(e: dict, text: str, codes: set[str], where: str) -> dict:
    etype = str(e.get("event", "")).upper()
    if etype not in PLOVER:
        raise ValueError(f"{where}: {etype!r} is not a PLOVER type")
    status = e.get("status") or "actual"
    if status not in STATUS:
        raise ValueError(f"{where}: status {status!r}")
    date = e.get("date")
    if date is not None and not DATE.match(str(date)):
        raise ValueError(f"{where}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    actor = [check_party(p, codes, where) for p in e.get("actor") or []]
    if not actor:
        raise ValueError(f"{where}: no actor")
    recipient = [check_party(p, codes, where) for p in e.get("recipient") or []]
    ev = e.get("evidence")
    trig = e.get("trigger")
    if not ev or not trig:
        raise ValueError(f"{where}: evidence and trigger are required")
    es, ee = locate(text, ev)
    ts, te = locate(text, trig, (es, ee))
    out = {"event": etype}
    if e.get("mode"):
        out["mode"] = str(e["mode"])
    out.update({"actor": actor, "recipient": recipient, "date": date, "status": status,
                "evidence": {"start": es, "end": ee}, "trigger": {"start": ts, "end": te}})
    return out


def check(draft: Path, out: Path | None) -> int:
    lines = [json.loads(x) for x in draft.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts = corpus_texts({str(r["id"]) for r in lines})
    codes = country_codes()
    errors, records, seen = [], [], set()
    for r in lines:
        aid = str(r["id"])
        if aid in seen:
            errors.append(f"{aid}: annotated twice in {draft.name}")
            continue
        seen.add(aid)
        a = texts.get(aid)
        if a is None:
            errors.append(f"{aid}: not in ../shared/corpus")
            continue
        events = []
        for k, e in enumerate(r.get("events") or []):
            try:
                events.append(check_event(e, a["text"], codes, f"{aid} event {k}"))
            except ValueError as err:
                errors.append(str(err))
        records.append({"id": aid, "source": a.get("source"), "date": a.get("date"),
                        "text_sha1": sha1(a["text"]), "annotator": r.get("annotator"),
                        "events": events})
    for e in errors:
        print(e, file=sys.stderr)
    n = sum(len(r["events"]) for r in records)
    print(f"{len(records)} articles, {n} events, {len(errors)} errors")
    if errors:
        return 1
    if out is not None:
        tmp = out.with_suffix(".part")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                       encoding="utf-8")
        tmp.replace(out)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("show")
    s.add_argument("ids", nargs="+")
    c = sub.add_parser("check")
    c.add_argument("draft", type=Path)
    c.add_argument("-o", "--out", type=Path)
    args = ap.parse_args()
    if args.cmd == "show":
        show(args.ids)
        return 0
    return check(args.draft, args.out)


if __name__ == "__main__":
    sys.exit(main())
