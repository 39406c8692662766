"""What the routers share: one reader per request, the event filter, 404 helpers."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from ..store import query as Q
from ..store.dialect import Reader
from .params import event_filter

Filter = Annotated[Q.EventFilter, Depends(event_filter)]


def get_db(request: Request) -> Iterator[Reader]:
    """One read-only reader per request (SQLite or DuckDB), closed when the request ends."""
    db = request.app.state.source.connect()
    try:
        yield db
    finally:
        db.close()


DB = Annotated[Reader, Depends(get_db)]


def json_response(content: Any) -> JSONResponse:
    # Our dicts are already JSON-ready: skip FastAPI's generic validation of
    # ``dict[str, Any]`` return values, which doubled the time of a 100-event page.
    return JSONResponse(content)


def event_or_404(db: Reader, event_id: str) -> dict[str, Any]:
    item = Q.get_event(db, event_id)
    if item is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return item


def article_or_404(db: Reader, article_id: str):
    rec = Q.get_article(db, article_id)
    if rec is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return rec
