"""The server-rendered pages (everything outside ``/api/``)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from ..export.rows import event_id
from ..model import EVENT_STATUSES
from ..store import query as Q
from .deps import DB, Filter, article_or_404, event_or_404
from .highlight import Mark, segments
from .params import Limit, Offset, SortKey, Text

HERE = Path(__file__).resolve().parent
router = APIRouter()
templates = Jinja2Templates(directory=str(HERE / "templates"))


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/events", status_code=302)


@router.get("/apidocs", response_class=HTMLResponse, include_in_schema=False)
def page_apidocs(request: Request):
    paths = [(path, op.get("summary", ""), [p["name"] for p in op.get("parameters", [])])
             for path, ops in request.app.openapi()["paths"].items() for op in ops.values()]
    return render(request, "apidocs.html", title="REST API", paths=paths)


@router.get("/events", response_class=HTMLResponse, include_in_schema=False)
def page_events(request: Request, db: DB, f: Filter, sort: SortKey = "-date",
                limit: Limit = 50, offset: Offset = 0):
    items, total = Q.list_events(db, f, sort, limit, offset)
    return render(request, "events.html", title="Events", items=items, total=total,
                  f=f, sort=sort, limit=limit, offset=offset, sources=Q.sources(db),
                  export_qs=_qs(request, drop=("sort", "limit", "offset")))


@router.get("/events/{event_id:path}", response_class=HTMLResponse, include_in_schema=False)
def page_event(request: Request, db: DB, event_id: str):
    item = event_or_404(db, event_id)
    rec = article_or_404(db, item["article"]["id"])
    merged = Q.merged_record(db, item["merged"]["id"]) if item["merged"] else None
    return render(request, "event.html", title=f"{item['event']} event", ev=item,
                  article=rec.article, segments=segments(rec.article.text, _event_marks(rec, item)),
                  mentions=Q.mentions(db, item), merged=merged)


@router.get("/articles", response_class=HTMLResponse, include_in_schema=False)
def page_articles(request: Request, db: DB, q: Text = None, source: Text = None,
                  limit: Limit = 50, offset: Offset = 0):
    items, total = Q.list_articles(db, q, source, None, None, limit, offset)
    return render(request, "articles.html", title="Articles", items=items, total=total,
                  q=q, source=source, limit=limit, offset=offset, sources=Q.sources(db))


@router.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
def page_article(request: Request, db: DB, article_id: str):
    rec = article_or_404(db, article_id)
    return render(request, "article.html", title=rec.article.title or rec.article.id,
                  rec=rec, segments=segments(rec.article.text, _article_marks(rec)),
                  links=Q.article_links(db, article_id),
                  event_ids=[event_id(rec.article.id, e.id, i) for i, e in enumerate(rec.events)])


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def page_timeline(request: Request, db: DB, f: Filter,
                  dyad_actor: Annotated[str | None, Query(max_length=200)] = None,
                  dyad_recipient: Annotated[str | None, Query(max_length=200)] = None):
    return render(request, "timeline.html", title="Timeline", f=f, sources=Q.sources(db),
                  dyad_actor=dyad_actor, dyad_recipient=dyad_recipient)


@router.get("/network", response_class=HTMLResponse, include_in_schema=False)
def page_network(request: Request, db: DB, f: Filter,
                 node: Literal["code", "name"] = "code"):
    return render(request, "network.html", title="Actor network", f=f, sources=Q.sources(db),
                  node=node)


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def page_map(request: Request, db: DB, f: Filter):
    return render(request, "map.html", title="Map", f=f, sources=Q.sources(db))


@router.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
def page_quotes(request: Request, db: DB, speaker: Text = None, q: Text = None,
                source: Text = None, limit: Limit = 50, offset: Offset = 0):
    items, total = Q.list_quotes(db, speaker, q, source, None, limit, offset)
    return render(request, "quotes.html", title="Quotes", items=items, total=total,
                  speaker=speaker, q=q, source=source, limit=limit, offset=offset,
                  sources=Q.sources(db))


@router.get("/actors", response_class=HTMLResponse, include_in_schema=False)
def page_actors(request: Request, db: DB, q: Text = None, limit: Limit = 100, offset: Offset = 0):
    items, total = Q.list_actors(db, q, limit, offset)
    return render(request, "actors.html", title="Actors", items=items, total=total, q=q,
                  limit=limit, offset=offset)


@router.get("/stories", response_class=HTMLResponse, include_in_schema=False)
def page_stories(request: Request, db: DB, limit: Limit = 50, offset: Offset = 0):
    items, total = Q.list_stories(db, limit, offset)
    return render(request, "stories.html", title="Stories", items=items, total=total,
                  limit=limit, offset=offset, story=None)


@router.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
def page_story(request: Request, db: DB, story_id: str):
    story = Q.get_story(db, story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return render(request, "stories.html", title=f"Story {story_id}", story=story,
                  items=[], total=0, limit=50, offset=0)


# ---------------------------------------------------------------------- helpers

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


# after the helpers they name
templates.env.globals.update(quad_classes=Q.QUAD_CLASSES, plover_types=Q.PLOVER_TYPES,
                             statuses=EVENT_STATUSES, page_url=page_url, http_url=http_url)
