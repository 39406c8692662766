"""The web app: JSON under ``/api/``, server-rendered pages elsewhere, one read-only
SQLite connection per request (so it works while ``eventwire ingest`` writes)."""
from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..model import EVENT_STATUSES
from ..export.rows import event_id
from ..export.writers import MEDIA_TYPES, SUFFIXES, iter_csv, iter_gdelt, iter_jsonl, write_parquet
from . import query as Q
from .highlight import Mark, segments
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .guard import HeadAsGet, RejectControlChars, loopback_hosts
from .params import (ArticleDateFrom, ArticleDateTo, DropEmptyParams, Limit, Offset, SortKey, Text,
                     event_filter)

HERE = Path(__file__).resolve().parent
SECURITY_HEADERS = {
    # Everything is served from here: no inline script, no third party, no framing.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
Filter = Annotated[Q.EventFilter, Depends(event_filter)]


def get_db(request: Request) -> Iterator[sqlite3.Connection]:
    """One read-only connection per request, closed when the request ends."""
    db = Q.connect(request.app.state.db_path)
    try:
        yield db
    finally:
        db.close()


DB = Annotated[sqlite3.Connection, Depends(get_db)]


def create_app(db_path: str | Path, host: str = "127.0.0.1",
               allow_hosts: list[str] | None = None) -> FastAPI:
    """The app over one store. Requests must name a loopback host, ``host`` (the bound
    interface) or one of ``allow_hosts`` in their Host header (no DNS rebinding)."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}")
    # No Swagger/ReDoc: they load from a CDN. /apidocs lists the API from the schema instead.
    app = FastAPI(title="eventwire", version=__version__, docs_url=None, redoc_url=None,
                  description="Events with evidence from news-wire articles: a read-only API "
                              "over an eventwire SQLite store.")
    app.state.db_path = db_path
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(quad_classes=Q.QUAD_CLASSES, plover_types=Q.PLOVER_TYPES,
                                 statuses=EVENT_STATUSES, page_url=page_url, http_url=http_url)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(DropEmptyParams)
    app.add_middleware(RejectControlChars, headers=SECURITY_HEADERS)
    app.add_middleware(HeadAsGet)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=loopback_hosts(host, allow_hosts))

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, ctx, status_code=status_code)

    # ------------------------------------------------------------------ errors

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = [f"{'.'.join(str(x) for x in e['loc'][1:]) or e['loc'][0]}: {e['msg']}"
                    + (f" (got {e['input']!r})" if e.get("input") not in (None, {}) else "")
                    for e in exc.errors()]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": problems}, status_code=422)
        return render(request, "error.html", 422, title="Invalid request", problems=problems)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        # answered by Starlette's outermost middleware, past the header middleware: set
        # the security headers here too
        return JSONResponse({"detail": "internal error"}, status_code=500,
                            headers=SECURITY_HEADERS)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return render(request, "error.html", exc.status_code, title=f"Error {exc.status_code}",
                      problems=[str(exc.detail)])

    # ------------------------------------------------------------------ API

    @app.get("/api/events", tags=["events"], summary="Events matching a filter, paginated")
    def api_events(db: DB, f: Filter, sort: SortKey = "-date", limit: Limit = 50,
                   offset: Offset = 0) -> dict[str, Any]:
        items, total = Q.list_events(db, f, sort, limit, offset)
        return _json({"items": items, "total": total, "limit": limit, "offset": offset})

    @app.get("/api/events/{event_id:path}", tags=["events"],
             summary="One event with every mention of its merged event")
    def api_event(db: DB, event_id: str) -> dict[str, Any]:
        item = _event_or_404(db, event_id)
        merged = Q.merged_record(db, item["merged"]["id"]) if item["merged"] else None
        return _json({**item, "mentions": Q.mentions(db, item), "merged_event": merged})

    @app.get("/api/articles", tags=["articles"], summary="Articles (full-text search), paginated")
    def api_articles(db: DB, q: Text = None, source: Text = None,
                     date_from: ArticleDateFrom = None, date_to: ArticleDateTo = None,
                     limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        items, total = Q.list_articles(db, q, source, date_from, date_to, limit, offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/articles/{article_id:path}", tags=["articles"],
             summary="One article record with all its annotations and links")
    def api_article(db: DB, article_id: str) -> dict[str, Any]:
        rec = _article_or_404(db, article_id)
        return _json({**rec.to_dict(), "links": Q.article_links(db, article_id)})

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes by speaker and text")
    def api_quotes(db: DB, speaker: Text = None, q: Text = None, source: Text = None,
                   article: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        items, total = Q.list_quotes(db, speaker, q, source, article, limit, offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/actors", tags=["actors"], summary="Actors and recipients with event counts")
    def api_actors(db: DB, q: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        items, total = Q.list_actors(db, q, limit, offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/stories", tags=["stories"], summary="Story clusters")
    def api_stories(db: DB, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        items, total = Q.list_stories(db, limit, offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @app.get("/api/stories/{story_id:path}", tags=["stories"], summary="One story and its articles")
    def api_story(db: DB, story_id: str) -> dict[str, Any]:
        story = Q.get_story(db, story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return story

    @app.get("/api/aggregates/daily", tags=["aggregates"],
             summary="Events per day by QuadClass or type")
    def api_daily(db: DB, f: Filter,
                  by: Literal["quad_class", "type"] = "quad_class") -> dict[str, Any]:
        return _json(Q.daily_counts(db, f, by))

    @app.get("/api/aggregates/goldstein", tags=["aggregates"],
             summary="Mean Goldstein score per actor-recipient dyad and day")
    def api_goldstein(db: DB, f: Filter) -> dict[str, Any]:
        return {"items": Q.goldstein_daily(db, f)}

    @app.get("/api/network", tags=["aggregates"], summary="Actor network for a filter")
    def api_network(db: DB, f: Filter, node: Literal["code", "name"] = "code",
                    max_nodes: Annotated[int, Query(ge=2, le=300)] = 60) -> dict[str, Any]:
        return _json(Q.network(db, f, node, max_nodes))

    @app.get("/api/map", tags=["aggregates"], summary="Located events as points")
    def api_map(db: DB, f: Filter, limit: Annotated[int, Query(ge=1, le=20000)] = 5000) -> dict[str, Any]:
        return _json(Q.map_points(db, f, limit))

    @app.get("/api/export", tags=["export"], summary="Export a filtered query",
             response_class=Response,
             responses={200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()}}})
    def api_export(f: Filter, format: Literal["csv", "jsonl", "parquet", "gdelt"] = "csv",
                   sort: SortKey = "date") -> Response:
        name = f"eventwire-events.{SUFFIXES[format]}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        if format == "parquet":
            buf = io.BytesIO()
            db = Q.connect(db_path)
            try:
                write_parquet(Q.iter_events(db, f, sort), buf)
            finally:
                db.close()
            return Response(buf.getvalue(), media_type=MEDIA_TYPES[format], headers=headers)
        writer = {"csv": iter_csv, "jsonl": iter_jsonl, "gdelt": iter_gdelt}[format]

        def stream() -> Iterator[str]:
            # own connection: the response streams after the request's dependencies close
            db = Q.connect(db_path)
            try:
                yield from writer(Q.iter_events(db, f, sort))
            finally:
                db.close()
        return StreamingResponse(stream(), media_type=MEDIA_TYPES[format], headers=headers)

    @app.get("/api/stats", tags=["stats"], summary="What the store holds")
    def api_stats(db: DB) -> dict[str, Any]:
        out = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
               for t in ("articles", "entities", "times", "places", "quotes", "events",
                         "merged_events", "stories")}
        out["sources"] = Q.sources(db)
        return out

    # ------------------------------------------------------------------ pages

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/events", status_code=302)

    @app.get("/apidocs", response_class=HTMLResponse, include_in_schema=False)
    def page_apidocs(request: Request):
        paths = [(path, op.get("summary", ""), [p["name"] for p in op.get("parameters", [])])
                 for path, ops in app.openapi()["paths"].items() for op in ops.values()]
        return render(request, "apidocs.html", title="REST API", paths=paths)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def page_events(request: Request, db: DB, f: Filter, sort: SortKey = "-date",
                    limit: Limit = 50, offset: Offset = 0):
        items, total = Q.list_events(db, f, sort, limit, offset)
        return render(request, "events.html", title="Events", items=items, total=total,
                      f=f, sort=sort, limit=limit, offset=offset, sources=Q.sources(db),
                      export_qs=_qs(request, drop=("sort", "limit", "offset")))

    @app.get("/events/{event_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def page_event(request: Request, db: DB, event_id: str):
        item = _event_or_404(db, event_id)
        rec = _article_or_404(db, item["article"]["id"])
        merged = Q.merged_record(db, item["merged"]["id"]) if item["merged"] else None
        return render(request, "event.html", title=f"{item['event']} event", ev=item,
                      article=rec.article, segments=segments(rec.article.text, _event_marks(rec, item)),
                      mentions=Q.mentions(db, item), merged=merged)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def page_articles(request: Request, db: DB, q: Text = None, source: Text = None,
                      limit: Limit = 50, offset: Offset = 0):
        items, total = Q.list_articles(db, q, source, None, None, limit, offset)
        return render(request, "articles.html", title="Articles", items=items, total=total,
                      q=q, source=source, limit=limit, offset=offset, sources=Q.sources(db))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(request: Request, db: DB, article_id: str):
        rec = _article_or_404(db, article_id)
        return render(request, "article.html", title=rec.article.title or rec.article.id,
                      rec=rec, segments=segments(rec.article.text, _article_marks(rec)),
                      links=Q.article_links(db, article_id),
                      event_ids=[event_id(rec.article.id, e.id, i) for i, e in enumerate(rec.events)])

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def page_timeline(request: Request, db: DB, f: Filter,
                      dyad_actor: Annotated[str | None, Query(max_length=200)] = None,
                      dyad_recipient: Annotated[str | None, Query(max_length=200)] = None):
        return render(request, "timeline.html", title="Timeline", f=f, sources=Q.sources(db),
                      dyad_actor=dyad_actor, dyad_recipient=dyad_recipient)

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def page_network(request: Request, db: DB, f: Filter,
                     node: Literal["code", "name"] = "code"):
        return render(request, "network.html", title="Actor network", f=f, sources=Q.sources(db),
                      node=node)

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def page_map(request: Request, db: DB, f: Filter):
        return render(request, "map.html", title="Map", f=f, sources=Q.sources(db))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def page_quotes(request: Request, db: DB, speaker: Text = None, q: Text = None,
                    source: Text = None, limit: Limit = 50, offset: Offset = 0):
        items, total = Q.list_quotes(db, speaker, q, source, None, limit, offset)
        return render(request, "quotes.html", title="Quotes", items=items, total=total,
                      speaker=speaker, q=q, source=source, limit=limit, offset=offset,
                      sources=Q.sources(db))

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def page_actors(request: Request, db: DB, q: Text = None, limit: Limit = 100, offset: Offset = 0):
        items, total = Q.list_actors(db, q, limit, offset)
        return render(request, "actors.html", title="Actors", items=items, total=total, q=q,
                      limit=limit, offset=offset)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def page_stories(request: Request, db: DB, limit: Limit = 50, offset: Offset = 0):
        items, total = Q.list_stories(db, limit, offset)
        return render(request, "stories.html", title="Stories", items=items, total=total,
                      limit=limit, offset=offset, story=None)

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(request: Request, db: DB, story_id: str):
        story = Q.get_story(db, story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return render(request, "stories.html", title=f"Story {story_id}", story=story,
                      items=[], total=0, limit=50, offset=0)

    return app


# ---------------------------------------------------------------------- helpers

def _json(content: Any) -> JSONResponse:
    # Our dicts are already JSON-ready: skip FastAPI's generic validation of
    # ``dict[str, Any]`` return values, which doubled the time of a 100-event page.
    return JSONResponse(content)


def _event_or_404(db: sqlite3.Connection, event_id: str) -> dict[str, Any]:
    item = Q.get_event(db, event_id)
    if item is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return item


def _article_or_404(db: sqlite3.Connection, article_id: str):
    rec = Q.get_article(db, article_id)
    if rec is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return rec


def _qs(request: Request, drop: tuple[str, ...] = ()) -> str:
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k not in drop])


def page_url(request: Request, **changes: Any) -> str:
    """The current page's URL with some query parameters replaced (None removes one)."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    items += [(k, v) for k, v in changes.items() if v is not None]
    return request.url.path + ("?" + urlencode(items) if items else "")


def http_url(url: str | None) -> str | None:
    """Only http(s) links leave the app: a ``javascript:`` URL in an article is not a link."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _participant_span(rec, p: dict[str, Any], ev: dict[str, Any]) -> tuple[int | None, int | None]:
    if p.get("start") is not None:
        return p["start"], p["end"]
    for ent in rec.entities:  # the participant names an entity: mark that mention
        if p.get("entity") and ent.id == p["entity"]:
            return ent.start, ent.end
    # else a mention of the same actor inside the evidence ("Russia" for Russia's president)
    lo, hi = ev["evidence_start"], ev["evidence_end"]
    for ent in rec.entities:
        if lo <= ent.start < hi and ((p.get("name") and ent.name == p["name"])
                                     or (p.get("name") and ent.text == p["name"])):
            return ent.start, ent.end
    for ent in rec.entities:
        if lo <= ent.start < hi and ent.code == p.get("code") and ent.code not in (None, "UNK"):
            return ent.start, ent.end
    return None, None


def _time_span(rec, date_source: str | None) -> tuple[int | None, int | None]:
    dl = rec.article.dateline
    if date_source == "article" and dl is not None and dl.date_start is not None:
        return dl.date_start, dl.date_end  # dated by the article: mark the dateline's date
    if date_source and date_source.startswith("time:"):
        try:
            t = rec.times[int(date_source.split(":", 1)[1])]
            return t.start, t.end
        except (ValueError, IndexError):
            pass
    return None, None


def _event_marks(rec, ev: dict[str, Any]) -> list[Mark]:
    marks = [Mark(ev["evidence_start"], ev["evidence_end"], "evidence", f"evidence of {ev['event']}"),
             Mark(ev["trigger_start"], ev["trigger_end"], "trigger", f"trigger: {ev['trigger']}")]
    for role in ("actor", "recipient"):
        for p in ev[role]:
            s, e = _participant_span(rec, p, ev)
            marks.append(Mark(s, e, role, f"{role}: {p.get('name') or p.get('text')} [{p.get('code')}]"))
    s, e = _time_span(rec, ev.get("date_source"))
    marks.append(Mark(s, e, "date", f"date: {ev.get('date')}"))
    return marks


def _article_marks(rec) -> list[Mark]:
    marks = [Mark(x.start, x.end, "ent", f"{x.label}: {x.name or x.text} [{x.code}"
                  + (f" {x.sector}" if x.sector else "") + "]") for x in rec.entities]
    marks += [Mark(e.evidence_start, e.evidence_end, "event",
                   f"event {e.event} ({e.status}) {e.date or ''}") for e in rec.events]
    marks += [Mark(q.start, q.end, "quote", f"quote ({q.kind}) by {q.speaker or 'unknown speaker'}")
              for q in rec.quotes]
    marks += [Mark(t.start, t.end, "time", f"time: {t.value}") for t in rec.times]
    marks += [Mark(p.start, p.end, "place", f"place: {p.name or p.text}"
                   + (f" ({p.country}) {p.lat:.2f},{p.lon:.2f}" if p.lat is not None else ""))
              for p in rec.places]
    return marks
