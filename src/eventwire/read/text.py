"""Plain-text articles: optional header fields, then the text.

    date 2019-12-26
    source: TASS

    MOSCOW, December 26. /TASS/. Russian President Vladimir Putin ...

Header lines are ``key value`` or ``key: value`` for id, date, source, title
and url, at the very top of the file; the first other line starts the text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Article
from .base import InputError, make_article

_HEADER = re.compile(r"^(id|date|source|title|url)\s*[:=]?\s+(\S.*?)\s*$", re.I)


def read_text(content: str, origin: str) -> Iterator[Article | InputError]:
    fields: dict[str, str] = {}
    lines = content.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        m = _HEADER.match(lines[i].rstrip("\r\n"))
        if not m or m.group(1).lower() in fields:
            break
        fields[m.group(1).lower()] = m.group(2)
        i += 1
    if fields and i < len(lines) and not lines[i].strip():
        i += 1  # the blank line after the header
    text = "".join(lines[i:]).strip()
    yield make_article(origin, text, **fields)
