"""Event merge: reports of the same real-world event become one merged event.

Two reports are the same event when they have the same PLOVER type and status,
dates within ``DATE_WINDOW_DAYS``, compatible actors and recipients (no two
known, disjoint sets of country/organisation codes), and enough agreement:
shared actor and recipient codes plus either some shared evidence wording or
the same story, or a shared actor plus similar evidence, or strongly similar
evidence wording. A report in a near-duplicate article (a
reprint or write-through) is matched to the canonical article's events with
the type and compatibility checks only: it is the same text telling the same
thing. Candidates are blocked (never a scan of all events): by the
duplicate's canonical article, else by type and date window, else (no date)
by type within the article's story. Two events of one article are never merged.

Every merge keeps an explanation (which fields agreed) on its mention.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ..model import ArticleRecord, Event, Participant
from ..store.links import LinkStore
from ..store.sqlite import event_id
from .dedup import parse_date
from .features import words

DATE_WINDOW_DAYS = 1
PARTIES_EVIDENCE_SIM = 0.1  # with shared actor and recipient (or the same story)
ACTOR_EVIDENCE_SIM = 0.2  # with a shared actor
EVIDENCE_SIM = 0.4  # wording alone
UNKNOWN_CODES = {"", "UNK", None}


@dataclass(slots=True)
class Match:
    merged_id: str
    score: float
    explanation: dict[str, Any] = field(default_factory=dict)


def codes(parts: list[dict]) -> set[str]:
    return {p.get("code") for p in parts if p.get("code") not in UNKNOWN_CODES}


def participant_dicts(parts: list[Participant]) -> list[dict]:
    return [{k: v for k, v in asdict(p).items() if k in ("code", "sector", "name")}
            for p in parts]


def evidence_similarity(a: str, others: list[str]) -> float:
    wa = set(words(a))
    best = 0.0
    for o in others:
        wb = set(words(o))
        if wa and wb:
            best = max(best, len(wa & wb) / len(wa | wb))
    return best


def event_date(event: Event, record: ArticleRecord) -> str | None:
    d = parse_date(event.date) or parse_date(record.article.date)
    return d.isoformat() if d else None


def compare(event: Event, date: str | None, row, evidences: list[str],
            via_duplicate: str | None, same_story: bool = False) -> Match | None:
    """Whether one report matches one merged event, and why."""
    why: dict[str, Any] = {"event": event.event, "status": event.status}
    d1, d2 = parse_date(date), parse_date(row["date"])
    if d1 and d2:
        gap = abs((d1 - d2).days)
        if gap > DATE_WINDOW_DAYS and not via_duplicate:
            return None
        why["date"] = f"{gap} day(s) apart"
    actor, recipient = participant_dicts(event.actor), participant_dicts(event.recipient)
    m_actor, m_recipient = json.loads(row["actor"] or "[]"), json.loads(row["recipient"] or "[]")
    a, ma, r, mr = codes(actor), codes(m_actor), codes(recipient), codes(m_recipient)
    if (a and ma and not a & ma) or (r and mr and not r & mr):
        return None  # known and different: another event
    if a & ma:
        why["actor"] = sorted(a & ma)
    if r & mr:
        why["recipient"] = sorted(r & mr)
    sim = evidence_similarity(event.evidence, evidences)
    why["evidence_similarity"] = round(sim, 3)
    if same_story:
        why["story"] = True
    if via_duplicate:
        why["duplicate_of"] = via_duplicate
        accept = True
    elif a & ma and (r & mr or (not r and not mr)) and (sim >= PARTIES_EVIDENCE_SIM or same_story):
        accept = True
    elif a & ma and sim >= ACTOR_EVIDENCE_SIM:
        accept = True
    else:
        accept = sim >= EVIDENCE_SIM
    if not accept:
        return None
    score = (1.0 if a & ma else 0.0) + (1.0 if r & mr else 0.0) + sim + 0.5 * same_story \
        + (0.5 if d1 and d2 and d1 == d2 else 0.0) + (2.0 if via_duplicate else 0.0)
    return Match(row["id"], score, why)


def merged_id_for(report_id: str) -> str:
    return "merged-" + hashlib.sha1(report_id.encode("utf-8")).hexdigest()[:12]


def merge_events(links: LinkStore, record: ArticleRecord, story_id: str | None,
                 duplicate_of: str | None) -> list[tuple[str, str, bool]]:
    """Attach each event of ``record`` to a merged event; (event id, merged id, new?)."""
    a = record.article
    out = []
    # Two events of one article are two events: the coder already told them apart.
    used: set[str] = set()
    canon_group = [duplicate_of, *links.duplicates_of(duplicate_of)] if duplicate_of else []
    for i, ev in enumerate(record.events):
        if not ev.event:
            continue
        eid = event_id(a.id, ev.id or f"ev{i}")  # as the store names it
        date = event_date(ev, record)
        candidates: list = []
        if canon_group:
            candidates = [(row, duplicate_of) for row in
                          links.merged_in_articles(canon_group, ev.event, ev.status)]
        if not candidates:
            if date:
                d = dt.date.fromisoformat(date)
                w = dt.timedelta(days=DATE_WINDOW_DAYS)
                rows = links.merged_by_type_date(ev.event, (d - w).isoformat(),
                                                 (d + w).isoformat(), ev.status)
            elif story_id:
                rows = links.merged_in_story(story_id, ev.event, ev.status)
            else:
                rows = []
            candidates = [(row, None) for row in rows]
        best: Match | None = None
        for row, via in candidates:
            if row["id"] in used:
                continue
            same_story = story_id is not None and story_id in links.merged_stories(row["id"])
            m = compare(ev, date, row, links.mention_evidence(row["id"]), via, same_story)
            if m and (best is None or m.score > best.score):
                best = m
        actor, recipient = participant_dicts(ev.actor), participant_dicts(ev.recipient)
        if best is None:
            mid = merged_id_for(eid)
            links.insert_merged(mid, {
                "event": ev.event, "mode": ev.mode, "cameo": ev.cameo,
                "quad_class": ev.quad_class, "goldstein": ev.goldstein, "date": date,
                "status": ev.status,
                "actor": json.dumps(actor, ensure_ascii=False),
                "recipient": json.dumps(recipient, ensure_ascii=False)})
            why: dict[str, Any] = {"first_report": True}
            new = True
        else:
            mid, why, new = best.merged_id, best.explanation, False
            row = next(r for r, _ in candidates if r["id"] == mid)
            links.update_participants(mid, _union(json.loads(row["actor"] or "[]"), actor),
                                      _union(json.loads(row["recipient"] or "[]"), recipient))
        links.add_mention(eid, mid, a.id, why, a.source, a.date, ev.evidence,
                          ev.evidence_start, ev.evidence_end)
        links.refresh_merged(mid)
        used.add(mid)
        out.append((eid, mid, new))
    return out


def _union(old: list[dict], new: list[dict]) -> list[dict]:
    """Participants of a merged event: every distinct (code, name) any report gave."""
    seen = {(p.get("code"), (p.get("name") or "").lower()) for p in old}
    out = list(old)
    for p in new:
        key = (p.get("code"), (p.get("name") or "").lower())
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
