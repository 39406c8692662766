"""Event items: one event in the article-record event form, with its article and place.

The same dict comes out of the store (``eventwire.store.query``) and out of a JSONL
of article records (:func:`events_from_record`), so every writer and the REST API
share one shape:

    {event fields of model.Event (actor/recipient as lists of participants),
     "article": {id, source, date, title, url},
     "place": {text, name, country, lat, lon, geonames_id} | None,
     "merged": {id, num_mentions, num_articles, num_sources} | None}
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from ..model import ArticleRecord

PLACE_FIELDS = ("text", "name", "country", "lat", "lon", "geonames_id")


def event_id(article_id: str, local_id: str, idx: int) -> str:
    """The store-wide id (``store.sqlite.event_id``): exported ids match what the app shows."""
    from ..store.sqlite import event_id as store_event_id

    return store_event_id(article_id, local_id or f"ev{idx}")


def events_from_record(record: ArticleRecord) -> Iterator[dict[str, Any]]:
    """Event items of one article record (no merge information outside a store)."""
    a = record.article
    article = {"id": a.id, "source": a.source, "date": a.date, "title": a.title, "url": a.url}
    for i, ev in enumerate(record.events):
        item = asdict(ev)
        item["id"] = event_id(a.id, ev.id, i)
        place = None
        if ev.location is not None and 0 <= ev.location < len(record.places):
            p = record.places[ev.location]
            place = {k: getattr(p, k) for k in PLACE_FIELDS}
        item.update(article=article, place=place, merged=None)
        yield item


def flat(item: dict[str, Any]) -> dict[str, Any]:
    """One flat row (CSV, Parquet columns): participants joined with ';'."""
    art = item.get("article") or {}
    place = item.get("place") or {}
    merged = item.get("merged") or {}
    row: dict[str, Any] = {
        "id": item["id"], "article_id": art.get("id"), "source": art.get("source"),
        "article_date": art.get("date"), "url": art.get("url"), "title": art.get("title"),
        "event": item["event"], "mode": item.get("mode"), "cameo": item.get("cameo"),
        "quad_class": item.get("quad_class"), "goldstein": item.get("goldstein"),
        "date": item.get("date"), "status": item.get("status"),
    }
    for role in ("actor", "recipient"):
        parts = item.get(role) or []
        for key in ("code", "name", "sector"):
            row[f"{role}_{key}"] = ";".join(str(p.get(key) or "") for p in parts) or None
    row.update({
        "trigger": item.get("trigger"), "trigger_start": item.get("trigger_start"),
        "trigger_end": item.get("trigger_end"), "evidence": item.get("evidence"),
        "evidence_start": item.get("evidence_start"), "evidence_end": item.get("evidence_end"),
        "place": place.get("name") or place.get("text"), "place_country": place.get("country"),
        "lat": place.get("lat"), "lon": place.get("lon"),
        "rule": item.get("rule"), "confidence": item.get("confidence"),
        "merged_id": merged.get("id"), "num_mentions": merged.get("num_mentions"),
        "num_articles": merged.get("num_articles"), "num_sources": merged.get("num_sources"),
    })
    return row


FLAT_COLUMNS = list(flat({"id": "", "event": ""}).keys())
