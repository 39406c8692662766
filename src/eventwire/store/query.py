"""Read-only queries over a store: filtered events, aggregates, quotes, actors, stories.

One query layer for the web app, the REST API and ``eventwire export``, over either
backend of :mod:`eventwire.store.backends`: a SQLite store or DuckDB over the Parquet
layout (:mod:`eventwire.store.parquet`). Each function takes a reader (``source.connect()``)
whose tables are named like the SQLite store's; the few SQL differences (text search,
case-insensitive LIKE) are the reader's ``dialect``.

Every value from a user goes in as a SQL parameter; only whitelisted column names
(sort keys) are ever spliced into SQL text. Events come out as event items
(:mod:`eventwire.export.rows`). The link tables (merged events, mentions,
stories) may be empty: then each event is its own single mention.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..code.ontology import PLOVER_TYPES
from ..model import ArticleRecord
from .dialect import Reader, Row, like_escape
from .sqlite import read_record

__all__ = ["PLOVER_TYPES", "QUAD_CLASSES", "SORTS", "EventFilter", "list_events", "iter_events",
           "get_event", "mentions", "merged_record", "daily_counts", "goldstein_daily",
           "network", "map_points", "list_quotes", "list_actors", "list_stories", "get_story",
           "list_articles", "get_article", "article_links", "sources", "counts"]

QUAD_CLASSES = {1: "Verbal cooperation", 2: "Material cooperation",
                3: "Verbal conflict", 4: "Material conflict"}

# sort key → SQL expression (the only user-chosen text that reaches SQL, via this map)
SORTS = {  # columns of the filtered rows (see filtered())
    "date": "day", "goldstein": "goldstein", "type": "event", "quad_class": "quad_class",
    "source": "a_source", "mentions": "num_mentions_or_1", "confidence": "confidence",
}


@dataclass
class EventFilter:
    actor: str | None = None        # code or name of an actor
    recipient: str | None = None    # code or name of a recipient
    country: str | None = None      # a participant's code, or the location's country
    types: list[str] = field(default_factory=list)
    quad_classes: list[int] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    source: str | None = None
    story: str | None = None
    article: str | None = None
    q: str | None = None            # words in the evidence or the article text
    group: str = "merged"           # "merged": one row per merged event; "mention": every report

    @property
    def unfiltered(self) -> bool:
        """No condition: every event (``group`` only chooses how they are counted)."""
        return not (self.actor or self.recipient or self.country or self.types
                    or self.quad_classes or self.statuses or self.date_from or self.date_to
                    or self.source or self.story or self.article or self.q)

    def where(self, db: Reader) -> tuple[str, list[Any]]:
        conds: list[str] = []
        params: list[Any] = []
        for role, value in (("actor", self.actor), ("recipient", self.recipient)):
            if value:
                conds.append("e.id IN (SELECT event_id FROM event_participants WHERE role = ?"
                             " AND (code = ? OR name = ? COLLATE NOCASE))")
                params += [role, value.upper(), value]
        if self.country:
            code = self.country.upper()
            conds.append("(e.id IN (SELECT event_id FROM event_participants WHERE code = ?)"
                         " OR p.country = ?)")
            params += [code, _alpha2(code)]
        for col, values in (("e.event", self.types), ("e.quad_class", self.quad_classes),
                            ("e.status", self.statuses)):
            if values:
                conds.append(f"{col} IN ({','.join('?' * len(values))})")
                params += list(values)
        if self.date_from:
            conds.append("coalesce(e.date, a.date) >= ?")
            params.append(self.date_from)
        if self.date_to:
            # a bare "2019-12" includes all of December
            conds.append("coalesce(e.date, a.date) <= ?")
            params.append(self.date_to if len(self.date_to) == 10 else self.date_to + "-99")
        if self.source:
            conds.append("a.source = ? COLLATE NOCASE")
            params.append(self.source)
        if self.story:
            conds.append("e.article_id IN (SELECT article_id FROM article_stories WHERE story_id = ?)")
            params.append(self.story)
        if self.article:
            conds.append("e.article_id = ?")
            params.append(self.article)
        if self.q:
            match, match_params = db.dialect.article_match("a", self.q)
            conds.append(f"(e.evidence {db.dialect.like} ? ESCAPE '\\' OR {match})")
            params += [f"%{like_escape(self.q)}%", *match_params]
        return (" WHERE " + " AND ".join(conds)) if conds else "", params


def _alpha2(code: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return c.alpha_2 if c else (code if len(code) == 2 else None)


_EVENTS_FROM = """
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN places p ON p.article_id = e.article_id AND p.idx = e.location
LEFT JOIN event_mentions m ON m.event_id = e.id
LEFT JOIN merged_events me ON me.id = m.merged_id
"""
_EVENT_COLS = """
e.*, coalesce(e.date, a.date) AS day, coalesce(me.num_mentions, 1) AS num_mentions_or_1,
a.source AS a_source, a.date AS a_date, a.title AS a_title, a.url AS a_url,
p.text AS p_text, p.name AS p_name, p.country AS p_country, p.lat AS p_lat, p.lon AS p_lon,
p.geonames_id AS p_geonames_id,
m.merged_id AS merged_id, me.num_mentions AS me_num_mentions,
me.num_articles AS me_num_articles, me.num_sources AS me_num_sources
"""
_FILTERED = "SELECT " + _EVENT_COLS + _EVENTS_FROM
# What sorting needs, without the long text columns (see list_events).
_NARROW_COLS = """
e.id, coalesce(e.date, a.date) AS day, e.goldstein, e.event, e.quad_class, e.confidence,
a.source AS a_source, coalesce(me.num_mentions, 1) AS num_mentions_or_1
"""
_MAP_COLS = _NARROW_COLS + """, e.evidence, e.actor, e.recipient,
p.text AS p_text, p.name AS p_name, p.lat AS p_lat, p.lon AS p_lon
"""


# A date with a day ("2019-12-26"), not a month, week ("2019-W52") or weekend value.
_FULL_DAY = "{col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]*'"


def filtered(db: Reader, f: EventFilter, cols: str = _EVENT_COLS) -> tuple[str, list[Any]]:
    """The events matching ``f`` as a subquery. With ``group="merged"`` a merged event is
    one row: its earliest report if that report matches, else its earliest matching one,
    so filtering by the source or article of a later report still finds the event."""
    where, params = f.where(db)
    if f.group != "merged":
        return f"SELECT {cols} {_EVENTS_FROM} {where}", params
    return (f"SELECT * FROM (SELECT {cols}, row_number() OVER (PARTITION BY coalesce(m.merged_id, e.id)"
            f" ORDER BY e.id IS DISTINCT FROM me.first_event_id, coalesce(e.date, a.date), e.id) AS rn"
            f" {_EVENTS_FROM} {where}) WHERE rn = 1", params)


_EVENT_FIELDS = ("id", "event", "mode", "cameo", "quad_class", "goldstein", "date", "date_source",
                 "status", "evidence", "evidence_start", "evidence_end", "trigger",
                 "trigger_start", "trigger_end", "location", "rule", "confidence")


def event_item(r: Row) -> dict[str, Any]:
    item: dict[str, Any] = {k: r[k] for k in _EVENT_FIELDS}
    item["actor"] = json.loads(r["actor"] or "[]")
    item["recipient"] = json.loads(r["recipient"] or "[]")
    item["article"] = {"id": r["article_id"], "source": r["a_source"], "date": r["a_date"],
                       "title": r["a_title"], "url": r["a_url"]}
    item["place"] = None if r["p_text"] is None else {
        "text": r["p_text"], "name": r["p_name"], "country": r["p_country"],
        "lat": r["p_lat"], "lon": r["p_lon"], "geonames_id": r["p_geonames_id"]}
    item["merged"] = None if r["merged_id"] is None else {
        "id": r["merged_id"], "num_mentions": r["me_num_mentions"],
        "num_articles": r["me_num_articles"], "num_sources": r["me_num_sources"]}
    return item


def _order(sort: str) -> str:
    desc = sort.startswith("-")
    expr = SORTS[sort.lstrip("-")]
    return f" ORDER BY {expr} {'DESC' if desc else 'ASC'} NULLS LAST, id"


def list_events(db: Reader, f: EventFilter, sort: str = "-date",
                limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    narrow, params = filtered(db, f, _NARROW_COLS)
    # Deferred join: sort narrow (id, key) rows, then read the page's full rows only;
    # sorting the full rows (evidence text and all) made a 10k-event page 3x slower.
    # The total comes with the page (one pass over the filter, not two).
    page = db.execute(f"SELECT id, count(*) OVER () FROM ({narrow})" + _order(sort)
                      + " LIMIT ? OFFSET ?", params + [limit, offset]).fetchall()
    if not page:
        return [], db.execute(f"SELECT count(*) FROM ({narrow})", params).fetchone()[0]
    ids, total = [r[0] for r in page], page[0][1]
    rows = db.execute(_FILTERED + f" WHERE e.id IN ({','.join('?' * len(ids))})", ids).fetchall()
    by_id = {r["id"]: r for r in rows}
    return [event_item(by_id[i]) for i in ids], total


def iter_events(db: Reader, f: EventFilter, sort: str = "date") -> Iterator[dict[str, Any]]:
    sql, params = filtered(db, f)
    for r in db.execute(f"SELECT * FROM ({sql})" + _order(sort), params):
        yield event_item(r)


def get_event(db: Reader, event_id: str) -> dict[str, Any] | None:
    r = db.execute(_FILTERED + " WHERE e.id = ?", (event_id,)).fetchone()
    return event_item(r) if r else None


def mentions(db: Reader, item: dict[str, Any]) -> list[dict[str, Any]]:
    """Every report of the event's merged event; the event alone when it was never merged."""
    if not item["merged"]:
        return [item]
    rows = db.execute(_FILTERED + " WHERE m.merged_id = ? ORDER BY day, a.date, e.id",
                      (item["merged"]["id"],)).fetchall()
    return [event_item(r) for r in rows] or [item]


def merged_record(db: Reader, merged_id: str) -> dict[str, Any] | None:
    r = db.execute("SELECT * FROM merged_events WHERE id = ?", (merged_id,)).fetchone()
    if r is None:
        return None
    d = dict(r)
    for k in ("actor", "recipient"):
        d[k] = json.loads(d[k]) if d[k] else []
    return d


# ------------------------------------------------------------------ aggregates

def daily_counts(db: Reader, f: EventFilter, by: str = "quad_class") -> dict[str, Any]:
    """Events per day, split by QuadClass or type; events without a full date are counted apart."""
    col = {"quad_class": "quad_class", "type": "event"}[by]
    sql, params = filtered(db, f, _NARROW_COLS)
    # one pass: events without a full date fall into the d = NULL group
    rows = db.execute(f"SELECT CASE WHEN {_FULL_DAY.format(col='day')} THEN substr(day, 1, 10) END AS d,"
                      f" {col} AS k, count(*) AS n FROM ({sql}) GROUP BY d, k ORDER BY d, k",
                      params).fetchall()
    return {"by": by,
            "items": [{"date": r["d"], "key": r["k"], "count": r["n"]} for r in rows if r["d"]],
            "undated": sum(r["n"] for r in rows if not r["d"])}


def goldstein_daily(db: Reader, f: EventFilter) -> list[dict[str, Any]]:
    """Mean Goldstein score per (actor code, recipient code) dyad and day."""
    sql, params = filtered(db, f, _NARROW_COLS)
    rows = db.execute(f"""
        SELECT substr(fe.day, 1, 10) AS d, pa.code AS actor, pr.code AS recipient,
               avg(fe.goldstein) AS mean, count(*) AS n
        FROM ({sql}) fe
        JOIN event_participants pa ON pa.event_id = fe.id AND pa.role = 'actor'
        JOIN event_participants pr ON pr.event_id = fe.id AND pr.role = 'recipient'
        WHERE {_FULL_DAY.format(col='fe.day')} AND fe.goldstein IS NOT NULL
        GROUP BY d, pa.code, pr.code ORDER BY d, pa.code, pr.code""", params).fetchall()
    return [{"date": r["d"], "actor": r["actor"], "recipient": r["recipient"],
             "goldstein_mean": round(r["mean"], 3), "count": r["n"]} for r in rows]


def network(db: Reader, f: EventFilter, node: str = "code",
            max_nodes: int = 60) -> dict[str, Any]:
    """Actors as nodes, actor→recipient event counts as edges (coloured by main QuadClass)."""
    key = {"code": "{t}.code", "name": "coalesce({t}.name, {t}.code)"}[node]
    src, dst = key.format(t="pa"), key.format(t="pr")
    sql, params = filtered(db, f, _NARROW_COLS)
    rows = db.execute(f"""
        SELECT {src} AS src, {dst} AS dst, fe.quad_class AS qc, count(*) AS n,
               avg(fe.goldstein) AS g
        FROM ({sql}) fe
        JOIN event_participants pa ON pa.event_id = fe.id AND pa.role = 'actor'
        JOIN event_participants pr ON pr.event_id = fe.id AND pr.role = 'recipient'
        WHERE src IS NOT NULL AND dst IS NOT NULL AND src != dst
        GROUP BY src, dst, qc""", params).fetchall()
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    degree: dict[str, int] = {}
    for r in rows:
        e = edges.setdefault((r["src"], r["dst"]), {"source": r["src"], "target": r["dst"],
                                                    "count": 0, "by_quad_class": {}, "_g": 0.0})
        e["count"] += r["n"]
        e["by_quad_class"][str(r["qc"])] = r["n"]
        e["_g"] += (r["g"] or 0.0) * r["n"]
        for n in (r["src"], r["dst"]):
            degree[n] = degree.get(n, 0) + r["n"]
    keep = set(sorted(degree, key=lambda n: (-degree[n], n))[:max_nodes])
    out_edges = []
    for e in edges.values():
        if e["source"] in keep and e["target"] in keep:
            e["goldstein_mean"] = round(e.pop("_g") / e["count"], 3)
            e["quad_class"] = int(max(e["by_quad_class"], key=lambda q: e["by_quad_class"][q])
                                  .replace("None", "0"))
            out_edges.append(e)
    nodes = [{"id": n, "count": degree[n]} for n in sorted(keep, key=lambda n: (-degree[n], n))]
    return {"nodes": nodes, "edges": out_edges}


def map_points(db: Reader, f: EventFilter, limit: int = 5000) -> dict[str, Any]:
    sql, params = filtered(db, f, _MAP_COLS)
    # one pass: the unlocated count rides along as a window sum
    rows = db.execute(f"SELECT * FROM (SELECT *, sum(CASE WHEN p_lat IS NULL THEN 1 ELSE 0 END) OVER () AS unlocated FROM ({sql}))"
                      f" WHERE p_lat IS NOT NULL ORDER BY day DESC LIMIT ?", params + [limit]).fetchall()
    unlocated = rows[0]["unlocated"] if rows else db.execute(
        f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    points = [{"id": r["id"], "event": r["event"], "quad_class": r["quad_class"],
               "date": r["day"], "lat": r["p_lat"], "lon": r["p_lon"],
               "place": r["p_name"] or r["p_text"], "evidence": r["evidence"],
               "actor": [p.get("name") or p.get("code") for p in json.loads(r["actor"] or "[]")],
               "recipient": [p.get("name") or p.get("code")
                             for p in json.loads(r["recipient"] or "[]")]}
              for r in rows]
    return {"points": points, "unlocated": unlocated}


# ------------------------------------------------------------ quotes, actors, stories

def list_quotes(db: Reader, speaker: str | None = None, q: str | None = None,
                source: str | None = None, article: str | None = None,
                limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    conds, params = [], []
    if speaker:
        conds.append(f"(q.speaker {db.dialect.like} ? ESCAPE '\\' OR q.speaker_code = ?)")
        params += [f"%{like_escape(speaker)}%", speaker.upper()]
    if q:
        conds.append(f"q.text {db.dialect.like} ? ESCAPE '\\'")
        params.append(f"%{like_escape(q)}%")
    if source:
        conds.append("a.source = ? COLLATE NOCASE")
        params.append(source)
    if article:
        conds.append("q.article_id = ?")
        params.append(article)
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    base = " FROM quotes q JOIN articles a ON a.id = q.article_id" + where
    total = db.execute("SELECT count(*)" + base, params).fetchone()[0]
    rows = db.execute("SELECT q.*, a.source AS a_source, a.date AS a_date, a.title AS a_title"
                      + base + " ORDER BY a.date DESC, q.article_id, q.idx LIMIT ? OFFSET ?",
                      params + [limit, offset]).fetchall()
    items = []
    for r in rows:
        d = {k: r[k] for k in r.keys() if not k.startswith("a_")}
        d["article"] = {"id": r["article_id"], "source": r["a_source"], "date": r["a_date"],
                        "title": r["a_title"]}
        items.append(d)
    return items, total


def list_actors(db: Reader, q: str | None = None, limit: int = 50,
                offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    where, params = "", []
    if q:
        where = f" WHERE code = ? OR name {db.dialect.like} ? ESCAPE '\\'"
        params = [q.upper(), f"%{like_escape(q)}%"]
    base = f"FROM event_participants{where} GROUP BY code, name"
    total = db.execute(f"SELECT count(*) FROM (SELECT 1 {base})", params).fetchone()[0]
    rows = db.execute(
        f"SELECT code, name, max(sector) AS sector, count(DISTINCT event_id) AS events,"
        f" sum(CASE WHEN role = 'actor' THEN 1 ELSE 0 END) AS as_actor,"
        f" sum(CASE WHEN role = 'recipient' THEN 1 ELSE 0 END) AS as_recipient {base}"
        f" ORDER BY events DESC, code, name LIMIT ? OFFSET ?", params + [limit, offset]).fetchall()
    return [dict(r) for r in rows], total


def list_stories(db: Reader, limit: int = 50,
                 offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    total = db.execute("SELECT count(*) FROM stories").fetchone()[0]
    rows = db.execute("SELECT * FROM stories ORDER BY last_date DESC, id LIMIT ? OFFSET ?",
                      (limit, offset)).fetchall()
    return [dict(r) for r in rows], total


def get_story(db: Reader, story_id: str) -> dict[str, Any] | None:
    r = db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if r is None:
        return None
    d = dict(r)
    d["articles"] = [dict(x) for x in db.execute(
        "SELECT a.id, a.source, a.date, a.title FROM article_stories s"
        " JOIN articles a ON a.id = s.article_id WHERE s.story_id = ? ORDER BY a.date, a.id",
        (story_id,))]
    return d


def list_articles(db: Reader, q: str | None = None, source: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    conds, params = [], []
    if q:
        match, match_params = db.dialect.article_match("a", q)
        conds.append(match)
        params += match_params
    if source:
        conds.append("a.source = ? COLLATE NOCASE")
        params.append(source)
    if date_from:
        conds.append("a.date >= ?")
        params.append(date_from)
    if date_to:
        conds.append("a.date <= ?")
        params.append(date_to if len(date_to) == 10 else date_to + "-99")
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    total = db.execute("SELECT count(*) FROM articles a" + where, params).fetchone()[0]
    rows = db.execute(
        "SELECT a.id, a.source, a.date, a.title, a.url,"
        " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events,"
        " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes"
        " FROM articles a" + where + " ORDER BY a.date DESC, a.id LIMIT ? OFFSET ?",
        params + [limit, offset]).fetchall()
    return [dict(r) for r in rows], total


def get_article(db: Reader, article_id: str) -> ArticleRecord | None:
    return read_record(db, article_id)


def article_links(db: Reader, article_id: str) -> dict[str, Any]:
    """Story, near-duplicate and event-merge links of one article (empty when never linked)."""
    story = db.execute("SELECT s.* FROM article_stories x JOIN stories s ON s.id = x.story_id"
                       " WHERE x.article_id = ?", (article_id,)).fetchone()
    dup = db.execute("SELECT duplicate_of, similarity FROM duplicates WHERE article_id = ?",
                     (article_id,)).fetchone()
    dups = db.execute("SELECT article_id, similarity FROM duplicates WHERE duplicate_of = ?",
                      (article_id,)).fetchall()
    merged = {r["event_id"]: {"merged_id": r["merged_id"], "num_mentions": r["num_mentions"]}
              for r in db.execute(
                  "SELECT m.event_id, m.merged_id, me.num_mentions FROM event_mentions m"
                  " LEFT JOIN merged_events me ON me.id = m.merged_id WHERE m.article_id = ?",
                  (article_id,))}
    return {"story": dict(story) if story else None,
            "duplicate_of": dict(dup) if dup else None,
            "duplicates": [dict(r) for r in dups], "merged": merged}


def sources(db: Reader) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY source")]


STAT_TABLES = ("articles", "entities", "times", "places", "quotes", "events", "merged_events",
               "stories")


def counts(db: Reader) -> dict[str, Any]:
    """What the store holds: rows per table and its sources (``/api/stats``)."""
    out: dict[str, Any] = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                           for t in STAT_TABLES}
    out["sources"] = sources(db)
    return out
