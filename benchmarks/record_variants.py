"""Planted near-duplicates of article records, for linking tests and benchmarks.

A *reprint* is the same record under a new id and source (a tagline appended,
dated up to a day later); a *rewrite* keeps the lede, drops the last paragraph
and reverses the order of the others, with every annotation's character offsets
moved along with its paragraph (annotations of the dropped paragraph go).
Both work on the dict form ``ArticleRecord.to_dict()`` writes.
"""
from __future__ import annotations

import copy
import datetime as dt

_KINDS = ("entities", "times", "places", "quotes", "events")
TAGLINE = "\n\n(Reporting by our correspondent; editing by the desk)"


def _later(date: str | None, days: int) -> str | None:
    try:
        return (dt.date.fromisoformat(date[:10]) + dt.timedelta(days=days)).isoformat()
    except (TypeError, ValueError):
        return date


def reprint(rec: dict, k: int) -> dict:
    out = copy.deepcopy(rec)
    out["id"] = f"{rec['id']}~r{k}"
    out["source"] = f"{rec.get('source')} (reprint {k})"
    out["text"] = rec["text"] + TAGLINE
    out["date"] = _later(rec.get("date"), k % 2)
    return out


def _shift(item, delta: int) -> None:
    """Move every offset field of an annotation (participants included) by ``delta``."""
    if isinstance(item, dict):
        for key, v in item.items():
            if isinstance(v, int) and not isinstance(v, bool) and (key.endswith("start")
                                                                    or key.endswith("end")):
                item[key] = v + delta
            elif isinstance(v, (list, dict)):
                _shift(v, delta)
    elif isinstance(item, list):
        for x in item:
            _shift(x, delta)


def rewrite(rec: dict, k: int) -> dict | None:
    """A cut and reshuffled version; None when the text has under four paragraphs."""
    text = rec["text"]
    spans, pos = [], 0
    for para in text.split("\n\n"):
        spans.append((pos, pos + len(para)))
        pos += len(para) + 2
    if len(spans) < 4:
        return None
    order = [0, *reversed(range(1, len(spans) - 1))]  # lede first, last paragraph dropped
    new_start, pieces, at = {}, [], 0
    for i in order:
        s, e = spans[i]
        new_start[i] = at
        pieces.append(text[s:e])
        at += e - s + 2
    out = copy.deepcopy(rec)
    out["id"] = f"{rec['id']}~w{k}"
    out["source"] = f"{rec.get('source')} (rewrite {k})"
    out["text"] = "\n\n".join(pieces)
    for kind in _KINDS:
        kept = []
        for item in out.get(kind) or []:
            start = item.get("start", item.get("evidence_start"))
            end = item.get("end", item.get("evidence_end"))
            para = next((i for i, (s, e) in enumerate(spans) if s <= start and end <= e), None)
            if para is None or para not in new_start:
                continue  # crosses paragraphs or was cut: a rewrite drops it
            _shift(item, new_start[para] - spans[para][0])
            kept.append(item)
        out[kind] = kept
    return out
