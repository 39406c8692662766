"""The JSON REST API under ``/api/`` (exports: :mod:`.exports`)."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query

from ..store import query as Q
from .deps import DB, Filter, article_or_404, event_or_404, json_response
from .params import ArticleDateFrom, ArticleDateTo, Limit, Offset, SortKey, Text

router = APIRouter(prefix="/api")


@router.get("/events", tags=["events"], summary="Events matching a filter, paginated")
def api_events(db: DB, f: Filter, sort: SortKey = "-date", limit: Limit = 50,
               offset: Offset = 0) -> dict[str, Any]:
    items, total = Q.list_events(db, f, sort, limit, offset)
    return json_response({"items": items, "total": total, "limit": limit, "offset": offset})


@router.get("/events/{event_id:path}", tags=["events"],
            summary="One event with every mention of its merged event")
def api_event(db: DB, event_id: str) -> dict[str, Any]:
    item = event_or_404(db, event_id)
    merged = Q.merged_record(db, item["merged"]["id"]) if item["merged"] else None
    return json_response({**item, "mentions": Q.mentions(db, item), "merged_event": merged})


@router.get("/articles", tags=["articles"], summary="Articles (full-text search), paginated")
def api_articles(db: DB, q: Text = None, source: Text = None,
                 date_from: ArticleDateFrom = None, date_to: ArticleDateTo = None,
                 limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    items, total = Q.list_articles(db, q, source, date_from, date_to, limit, offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/articles/{article_id:path}", tags=["articles"],
            summary="One article record with all its annotations and links")
def api_article(db: DB, article_id: str) -> dict[str, Any]:
    rec = article_or_404(db, article_id)
    return json_response({**rec.to_dict(), "links": Q.article_links(db, article_id)})


@router.get("/quotes", tags=["quotes"], summary="Quotes by speaker and text")
def api_quotes(db: DB, speaker: Text = None, q: Text = None, source: Text = None,
               article: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    items, total = Q.list_quotes(db, speaker, q, source, article, limit, offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/actors", tags=["actors"], summary="Actors and recipients with event counts")
def api_actors(db: DB, q: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    items, total = Q.list_actors(db, q, limit, offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/stories", tags=["stories"], summary="Story clusters")
def api_stories(db: DB, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    items, total = Q.list_stories(db, limit, offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/stories/{story_id:path}", tags=["stories"], summary="One story and its articles")
def api_story(db: DB, story_id: str) -> dict[str, Any]:
    story = Q.get_story(db, story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return story


@router.get("/aggregates/daily", tags=["aggregates"], summary="Events per day by QuadClass or type")
def api_daily(db: DB, f: Filter,
              by: Literal["quad_class", "type"] = "quad_class") -> dict[str, Any]:
    return json_response(Q.daily_counts(db, f, by))


@router.get("/aggregates/goldstein", tags=["aggregates"],
            summary="Mean Goldstein score per actor-recipient dyad and day")
def api_goldstein(db: DB, f: Filter) -> dict[str, Any]:
    return {"items": Q.goldstein_daily(db, f)}


@router.get("/network", tags=["aggregates"], summary="Actor network for a filter")
def api_network(db: DB, f: Filter, node: Literal["code", "name"] = "code",
                max_nodes: Annotated[int, Query(ge=2, le=300)] = 60) -> dict[str, Any]:
    return json_response(Q.network(db, f, node, max_nodes))


@router.get("/map", tags=["aggregates"], summary="Located events as points")
def api_map(db: DB, f: Filter, limit: Annotated[int, Query(ge=1, le=20000)] = 5000) -> dict[str, Any]:
    return json_response(Q.map_points(db, f, limit))


@router.get("/stats", tags=["stats"], summary="What the store holds")
def api_stats(db: DB) -> dict[str, Any]:
    return Q.counts(db)
