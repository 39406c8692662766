"""The record model: one article and everything eventwire extracts from it.

Every span is a pair of character offsets (``start``, ``end``) into
``Article.text``; ``text[start:end]`` is the span's text. The JSON form of an
:class:`ArticleRecord` is the "article record" of the gold GUIDELINES.md: every
export is a view of it.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

EVENT_STATUSES = ("actual", "future", "hypothetical", "negated")


@dataclass(slots=True)
class InputError:
    """An input that could not be read or processed: where it came from and why."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(slots=True)
class Dateline:
    """The wire dateline ("MOSCOW, December 26. /TASS/."), kept out of the body."""

    start: int
    end: int  # where the body begins
    place: str | None = None
    place_start: int | None = None
    place_end: int | None = None
    date_text: str | None = None
    date_start: int | None = None
    date_end: int | None = None
    agency: str | None = None


@dataclass(slots=True)
class Article:
    id: str
    text: str
    source: str | None = None
    date: str | None = None  # publication date, YYYY-MM-DD
    title: str | None = None
    url: str | None = None
    dateline: Dateline | None = None
    origin: str | None = None  # where it was read from ("file.jsonl:12"), for error messages
    # True when eventwire made the title (the text's first sentence or headline line), not
    # the source; old records without the field read as False
    title_derived: bool = False

    @staticmethod
    def content_id(text: str, source: str | None = None, date: str | None = None) -> str:
        """A stable id for an article that came without one: same content, same id."""
        h = hashlib.sha1(f"{source or ''}\x1f{date or ''}\x1f{text}".encode("utf-8"))
        return "ew-" + h.hexdigest()[:16]


@dataclass(slots=True)
class Entity:
    """A mention of a person, organisation, country or group, resolved if possible."""

    start: int
    end: int
    text: str
    label: str  # spaCy-style type: PERSON, ORG, GPE, NORP, LOC, AGENT
    name: str | None = None  # canonical name ("Vladimir Putin")
    code: str = "UNK"  # ISO alpha-3, organisation code, INT or UNK
    sector: str | None = None  # GOV, MIL, REB, IGO, ...
    office: str | None = None  # "President", "Kremlin Spokesman"
    kb_id: str | None = None
    resolved_by: str = "ner"  # kb, descriptor, coreference, metonymy, ner
    id: str = ""  # "e0", "e1", ... unique within the article


@dataclass(slots=True)
class TimeExpr:
    start: int
    end: int
    text: str
    value: str | None  # TIMEX3 value: 2019-12-26, 2020-01, 2019-W52, PRESENT_REF, ...
    type: str = "DATE"
    rule: str = ""


@dataclass(slots=True)
class Place:
    start: int
    end: int
    text: str
    geonames_id: int | None = None
    name: str | None = None
    country: str | None = None  # ISO alpha-2 as in GeoNames
    admin1: str | None = None
    feature_class: str | None = None
    lat: float | None = None
    lon: float | None = None
    role: str = "literal"  # literal, metonymic, demonym, dateline
    resolved_by: str = ""


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    text: str
    kind: str  # direct, indirect
    speaker: str | None = None  # canonical name, or None when no speaker is given
    speaker_code: str | None = None
    speaker_entity: str | None = None  # Entity.id
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    rule: str = ""


@dataclass(slots=True)
class Participant:
    """An actor or recipient of an event: the entity as the event sees it."""

    code: str
    sector: str | None = None
    name: str | None = None
    entity: str | None = None  # Entity.id
    start: int | None = None
    end: int | None = None
    text: str | None = None


@dataclass(slots=True)
class Event:
    event: str  # PLOVER type
    actor: list[Participant]
    recipient: list[Participant]
    evidence: str
    evidence_start: int
    evidence_end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    rule: str
    mode: str | None = None
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    date: str | None = None
    date_source: str | None = None  # "time:3" (a TimeExpr index), "article", None
    status: str = "actual"
    location: int | None = None  # index into ArticleRecord.places
    confidence: float = 0.5
    id: str = ""


@dataclass(slots=True)
class ArticleRecord:
    article: Article
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        out: dict[str, Any] = {
            "id": a.id, "source": a.source, "date": a.date, "title": a.title,
            "title_derived": a.title_derived, "url": a.url, "text": a.text,
            "dateline": asdict(a.dateline) if a.dateline else None,
        }
        for name in ("entities", "events", "quotes", "times", "places"):
            out[name] = [asdict(x) for x in getattr(self, name)]
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ArticleRecord":
        """Rebuild a record written by :meth:`to_dict` (unknown keys are ignored)."""
        dl = d.get("dateline")
        article = Article(
            id=str(d["id"]), text=d["text"], source=d.get("source"), date=d.get("date"),
            title=d.get("title"), url=d.get("url"),
            dateline=_build(Dateline, dl) if dl else None,
            title_derived=bool(d.get("title_derived", False)),
        )
        events = []
        for e in d.get("events") or []:
            e = dict(e)
            e["actor"] = [_build(Participant, p) for p in e.get("actor") or []]
            e["recipient"] = [_build(Participant, p) for p in e.get("recipient") or []]
            events.append(_build(Event, e))
        return cls(
            article=article,
            entities=[_build(Entity, x) for x in d.get("entities") or []],
            times=[_build(TimeExpr, x) for x in d.get("times") or []],
            places=[_build(Place, x) for x in d.get("places") or []],
            quotes=[_build(Quote, x) for x in d.get("quotes") or []],
            events=events,
        )


def _build(cls, d: dict[str, Any]):
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in names})
