"""The web app: JSON under ``/api/``, server-rendered pages elsewhere, one read-only
reader per request over a query source (a SQLite store, which works while
``eventwire ingest`` writes, or DuckDB over a Parquet layout).

The routes are three routers: :mod:`.api` (REST), :mod:`.exports` (downloads) and
:mod:`.pages` (HTML); this module puts them behind the guards and error handlers."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..store.backends import ParquetSource, SqliteSource, open_source
from . import api, exports, pages
from .guard import HeadAsGet, RejectControlChars, loopback_hosts
from .params import DropEmptyParams

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


def create_app(source: str | Path | SqliteSource | ParquetSource, host: str = "127.0.0.1",
               allow_hosts: list[str] | None = None) -> FastAPI:
    """The app over one store: a source, or a path (a directory is a Parquet layout, a
    file a SQLite store). Requests must name a loopback host, ``host`` (the bound
    interface) or one of ``allow_hosts`` in their Host header (no DNS rebinding)."""
    if isinstance(source, (str, Path)):
        source = open_source(source)
    # No Swagger/ReDoc: they load from a CDN. /apidocs lists the API from the schema instead.
    app = FastAPI(title="eventwire", version=__version__, docs_url=None, redoc_url=None,
                  description="Events with evidence from news-wire articles: a read-only API "
                              "over an eventwire store (SQLite, or Parquet tables via DuckDB).")
    app.state.source = source
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

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = [f"{'.'.join(str(x) for x in e['loc'][1:]) or e['loc'][0]}: {e['msg']}"
                    + (f" (got {e['input']!r})" if e.get("input") not in (None, {}) else "")
                    for e in exc.errors()]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": problems}, status_code=422)
        return pages.render(request, "error.html", 422, title="Invalid request", problems=problems)

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
        return pages.render(request, "error.html", exc.status_code,
                            title=f"Error {exc.status_code}", problems=[str(exc.detail)])

    app.include_router(api.router)
    app.include_router(exports.router)
    app.include_router(pages.router)
    return app
