"""``/api/export``: a filtered query as a CSV, JSONL, Parquet or GDELT TSV download."""
from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from ..export.writers import MEDIA_TYPES, SUFFIXES, iter_csv, iter_gdelt, iter_jsonl, write_parquet
from ..store import query as Q
from .deps import Filter
from .params import SortKey

router = APIRouter(prefix="/api")


@router.get("/export", tags=["export"], summary="Export a filtered query",
            response_class=Response,
            responses={200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()}}})
def api_export(request: Request, f: Filter,
               format: Literal["csv", "jsonl", "parquet", "gdelt"] = "csv",
               sort: SortKey = "date") -> Response:
    source = request.app.state.source
    name = f"eventwire-events.{SUFFIXES[format]}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if format == "parquet":
        buf = io.BytesIO()
        db = source.connect()
        try:
            write_parquet(Q.iter_events(db, f, sort), buf)
        finally:
            db.close()
        return Response(buf.getvalue(), media_type=MEDIA_TYPES[format], headers=headers)
    writer = {"csv": iter_csv, "jsonl": iter_jsonl, "gdelt": iter_gdelt}[format]

    def stream() -> Iterator[str]:
        # own reader: the response streams after the request's dependencies close
        db = source.connect()
        try:
            yield from writer(Q.iter_events(db, f, sort))
        finally:
            db.close()
    return StreamingResponse(stream(), media_type=MEDIA_TYPES[format], headers=headers)
