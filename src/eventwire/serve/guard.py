"""ASGI guards in front of the app: what a hostile request cannot do (issue 11).

- ``HeadAsGet``: HEAD is answered like GET, without a body (Starlette routes declare GET).
- ``RejectControlChars``: a NUL or other control character in the query string is a 422
  with the parameter named, before it can reach SQLite (a NUL ended an FTS5 query early
  and matched every row).
- ``loopback_hosts``: the Host names a DNS-rebinding page cannot use: loopback names and
  the interface the server is bound to (Starlette's ``TrustedHostMiddleware`` checks them).
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def loopback_hosts(bound: str, extra: list[str] | None = None) -> list[str]:
    hosts = list(LOOPBACK)
    if bound not in ("", "0.0.0.0", "::"):
        hosts.append(bound)
    return hosts + list(extra or [])


class HeadAsGet:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def no_body(message):
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return  # drop streamed chunks; the last message ends the response
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, no_body)


class RejectControlChars:
    def __init__(self, app, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("query_string"):
            qs = scope["query_string"].decode("latin-1")
            bad = [k for k, v in parse_qsl(qs, keep_blank_values=True)
                   if CONTROL.search(v) or CONTROL.search(k)]
            if bad:
                body = json.dumps({"detail": [f"{k}: control characters are not allowed"
                                              for k in bad]}).encode()
                await send({"type": "http.response.start", "status": 422,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode()),
                                        *self.headers]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
