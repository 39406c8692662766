"""Event merge: reports of the same real-world event become one merged event.

The shared decision (local linker and Spark linker): :func:`same_event` over two
:class:`EventView` s. Two reports are one event only when

- their PLOVER types and statuses are equal and their dates within
  ``DATE_WINDOW_DAYS`` (checked by the blocking as well);
- their actors, and their recipients, are not different (:func:`party_relation`:
  disjoint known codes, or two named people with different names, are different);
- they are not told by different speakers about different actors (a reported
  statement is the speaker's act: Putin's remark and a Duma member's statement are
  two events even when both accuse the same country);
- their evidence is about the same act: the content words of the evidence overlap
  (Jaccard) at least ``SAME_ACTOR_SIM`` when an actor is the same by name,
  ``RELATED_ACTOR_SIM`` when the actors are only related (shared country or
  organisation code), and ``EVIDENCE_SIM`` when an actor is unknown. Being in one
  story is no evidence by itself.

A report in a near-duplicate article (a reprint or write-through) is matched to
the canonical article's events with the type, party and speaker checks only: it
is the same text telling the same thing. Candidates are blocked (never a scan of
all events): by the duplicate's canonical article, else by type and date window,
else (no date) by type within the article's story. Two events of one article are
never merged. Every merge keeps an explanation (which fields agreed) on its mention.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import ArticleRecord, Event, Participant
from ..store.links import LinkStore
from ..store.sqlite import event_id
from .dedup import parse_date
from .features import words

DATE_WINDOW_DAYS = 1
SAME_ACTOR_SIM = 0.1  # an actor named alike on both sides
RELATED_ACTOR_SIM = 0.2  # actors share only a country/organisation code
EVIDENCE_SIM = 0.45  # an actor unknown on one side: the wording must carry it
UNKNOWN_CODES = {"", "UNK", None}
PERSON = "PERSON"
_TOKEN = re.compile(r"[^\W\d_]+")
# Titles and honorifics that do not tell two people apart.
_HONORIFIC = frozenset({"mr", "mrs", "ms", "dr", "president", "prime", "minister", "gen",
                        "general", "sen", "senator", "rep", "king", "queen", "prince", "pope",
                        "sir", "lord", "al", "el", "de", "van", "von", "bin"})


@dataclass(slots=True)
class EventView:
    """What the merge decision reads of one report (or of a merged event)."""
    event: str
    status: str | None
    date: str | None  # ISO day
    actor: list[dict]  # {"code", "sector", "name", "kind"}
    recipient: list[dict]
    evidence: list[str]  # one for a report; several for a merged event
    speakers: set[str] = field(default_factory=set)  # who told it, when it is a quote


@dataclass(slots=True)
class Match:
    merged_id: str
    score: float
    explanation: dict[str, Any] = field(default_factory=dict)


def codes(parts: list[dict]) -> set[str]:
    return {p.get("code") for p in parts if p.get("code") not in UNKNOWN_CODES}


def name_tokens(name: str | None) -> frozenset[str]:
    return frozenset(t for t in (m.lower() for m in _TOKEN.findall(name or ""))
                     if t not in _HONORIFIC and len(t) > 1)


def names_match(a: str | None, b: str | None) -> bool:
    """"Vladimir Putin" ~ "Putin" ~ "President Putin"; "Putin" !~ "Yarovaya"."""
    ta, tb = name_tokens(a), name_tokens(b)
    return bool(ta and tb and (ta <= tb or tb <= ta))


def party_relation(a: list[dict], b: list[dict]) -> str:
    """"same" (a name in common), "related" (a code in common), "different" or "unknown"."""
    if any(names_match(x.get("name"), y.get("name")) for x in a for y in b):
        return "same"
    ca, cb = codes(a), codes(b)
    if ca and cb and not ca & cb:
        return "different"
    pa = [x for x in a if x.get("kind") == PERSON and x.get("name")]
    pb = [y for y in b if y.get("kind") == PERSON and y.get("name")]
    if pa and pb:  # two named people, no name in common
        return "different"
    return "related" if ca & cb else "unknown"


def speakers_differ(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and not any(names_match(x, y) for x in a for y in b)


def evidence_similarity(a: list[str], b: list[str]) -> float:
    """Best content-word Jaccard between any evidence of one side and any of the other."""
    best = 0.0
    for x in a:
        wa = set(words(x))
        for y in b:
            wb = set(words(y))
            if wa and wb:
                best = max(best, len(wa & wb) / len(wa | wb))
    return best


def same_event(a: EventView, b: EventView, via_duplicate: bool = False,
               same_story: bool = False) -> tuple[bool, float, dict[str, Any]]:
    """The pairwise merge decision: (one event?, score to rank candidates, why)."""
    why: dict[str, Any] = {"event": a.event, "status": a.status}
    if a.event != b.event or a.status != b.status:
        return False, 0.0, why
    d1, d2 = parse_date(a.date), parse_date(b.date)
    if d1 and d2:
        gap = abs((d1 - d2).days)
        if gap > DATE_WINDOW_DAYS and not via_duplicate:
            return False, 0.0, why
        why["date"] = f"{gap} day(s) apart"
    actor, recipient = party_relation(a.actor, b.actor), party_relation(a.recipient, b.recipient)
    if "different" in (actor, recipient):
        return False, 0.0, why
    if speakers_differ(a.speakers, b.speakers) and actor != "same":
        return False, 0.0, why  # different speakers, different actors: two statements
    if actor != "unknown":
        why["actor"] = actor
        shared = sorted(codes(a.actor) & codes(b.actor))
        if shared:
            why["actor_codes"] = shared
    if recipient != "unknown":
        why["recipient"] = recipient
    sim = evidence_similarity(a.evidence, b.evidence)
    why["evidence_similarity"] = round(sim, 3)
    if same_story:
        why["story"] = True
    if via_duplicate:
        accept = True
    elif actor == "same":
        accept = sim >= SAME_ACTOR_SIM
    elif actor == "related":
        accept = sim >= RELATED_ACTOR_SIM
    else:
        accept = sim >= EVIDENCE_SIM
    if not accept:
        return False, 0.0, why
    score = {"same": 2.0, "related": 1.0}.get(actor, 0.0) \
        + {"same": 1.0, "related": 0.5}.get(recipient, 0.0) + sim + 0.5 * same_story \
        + (0.5 if d1 and d2 and d1 == d2 else 0.0) + (3.0 if via_duplicate else 0.0)
    return True, score, why


# ---------------------------------------------------------------- from records

def participant_dicts(parts: list[Participant], kinds: dict[str, str] | None = None) -> list[dict]:
    """Participants as the merge stores them; ``kinds``: entity id → label (PERSON, ORG, ...)."""
    kinds = kinds or {}
    out = []
    for p in parts:
        d = {"code": p.code, "sector": p.sector, "name": p.name}
        if p.entity and p.entity in kinds:
            d["kind"] = kinds[p.entity]
        out.append(d)
    return out


def speaker_of(event: Event, record: ArticleRecord) -> str | None:
    """The speaker of the quote the event's trigger is in, if any."""
    t = event.trigger_start if event.trigger_start is not None else event.evidence_start
    if t is None:
        return None
    for q in record.quotes:
        if q.speaker and q.start <= t < q.end:
            return q.speaker
    return None


def event_date(event: Event, record: ArticleRecord) -> str | None:
    d = parse_date(event.date) or parse_date(record.article.date)
    return d.isoformat() if d else None


def report_view(event: Event, record: ArticleRecord,
                kinds: dict[str, str] | None = None) -> EventView:
    """The merge's view of one report; ``kinds`` (entity id → label) is read from the
    record when not given."""
    if kinds is None:
        kinds = {e.id: e.label for e in record.entities}
    speaker = speaker_of(event, record)
    return EventView(event.event, event.status, event_date(event, record),
                     participant_dicts(event.actor, kinds),
                     participant_dicts(event.recipient, kinds),
                     [event.evidence] if event.evidence else [],
                     {speaker} if speaker else set())


def merged_view(row, evidences: list[str]) -> EventView:
    actor = json.loads(row["actor"] or "[]")
    return EventView(row["event"], row["status"], row["date"], actor,
                     json.loads(row["recipient"] or "[]"), evidences,
                     {p["speaker"] for p in actor if p.get("speaker")})


def compare(view: EventView, row, evidences: list[str], via_duplicate: str | None,
            same_story: bool = False) -> Match | None:
    """Whether one report matches one merged event, and why."""
    ok, score, why = same_event(view, merged_view(row, evidences), bool(via_duplicate),
                                same_story)
    if not ok:
        return None
    if via_duplicate:
        why["duplicate_of"] = via_duplicate
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
    kinds = {e.id: e.label for e in record.entities}
    for i, ev in enumerate(record.events):
        if not ev.event:
            continue
        eid = event_id(a.id, ev.id or f"ev{i}")  # as the store names it
        view = report_view(ev, record, kinds)
        date = view.date
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
            m = compare(view, row, links.mention_evidence(row["id"]), via, same_story)
            if m and (best is None or m.score > best.score):
                best = m
        actor, recipient = view.actor, view.recipient
        for p in actor:  # who told it travels with the actor into the merged event
            if view.speakers:
                p["speaker"] = next(iter(view.speakers))
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
