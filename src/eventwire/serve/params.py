"""Validated query parameters shared by the API, the pages and the export endpoint."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import parse_qsl, urlencode

from fastapi import Query
from pydantic import AfterValidator, Field

from ..model import EVENT_STATUSES
from ..store.query import PLOVER_TYPES, SORTS, EventFilter

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def real_date(value: str | None) -> str | None:
    """A calendar date that exists: "2019-02-30" and "2019-13" are refused (422)."""
    if value is None:
        return None
    parts = [int(x) for x in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as e:
        raise ValueError(f"{value} is not a calendar date: {e}") from None
    return value


def _date_param(description: str):
    return Annotated[str | None, Query(pattern=DATE_PATTERN, description=description),
                     AfterValidator(real_date)]


EventDateFrom = _date_param("Earliest event date, YYYY[-MM[-DD]]")
EventDateTo = _date_param("Latest event date, YYYY[-MM[-DD]]")
ArticleDateFrom = _date_param("Earliest article date, YYYY[-MM[-DD]]")
ArticleDateTo = _date_param("Latest article date, YYYY[-MM[-DD]]")
PloverType = Literal[PLOVER_TYPES]  # type: ignore[valid-type]
Status = Literal[EVENT_STATUSES]  # type: ignore[valid-type]
QuadClass = Annotated[int, Field(ge=1, le=4)]
SortKey = Literal[tuple(k for s in SORTS for k in (s, "-" + s))]  # type: ignore[valid-type]

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size (1-1000)")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]
Text = Annotated[str | None, Query(max_length=300)]


def event_filter(
    actor: Annotated[str | None, Query(max_length=200,
                                       description="Actor code (RUS, UN) or name (Vladimir Putin)")] = None,
    recipient: Annotated[str | None, Query(max_length=200, description="Recipient code or name")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,5}$",
                                         description="Participant code, or the location's country")] = None,
    type: Annotated[list[PloverType] | None, Query(description="PLOVER event type(s)")] = None,
    quad_class: Annotated[list[QuadClass] | None, Query(description="QuadClass(es), 1-4")] = None,
    status: Annotated[list[Status] | None, Query(description="Event status(es)")] = None,
    date_from: EventDateFrom = None,
    date_to: EventDateTo = None,
    source: Annotated[str | None, Query(max_length=200, description="Article source (TASS)")] = None,
    story: Annotated[str | None, Query(max_length=200, description="Story id")] = None,
    article: Annotated[str | None, Query(max_length=300, description="Article id")] = None,
    q: Annotated[str | None, Query(max_length=300,
                                   description="Words in the evidence or the article text")] = None,
    group: Annotated[Literal["merged", "mention"], Query(
        description="merged: one row per merged event; mention: every report")] = "merged",
) -> EventFilter:
    return EventFilter(actor=actor, recipient=recipient, country=country, types=list(type or []),
                       quad_classes=list(quad_class or []), statuses=list(status or []),
                       date_from=date_from, date_to=date_to, source=source, story=story,
                       article=article, q=q, group=group)


class DropEmptyParams:
    """ASGI middleware: ``?actor=&type=`` (an HTML form's empty fields) means "no filter"."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v.strip() != ""]
            if len(kept) != len(pairs):
                scope = dict(scope, query_string=urlencode(kept).encode("latin-1"))
        await self.app(scope, receive, send)
