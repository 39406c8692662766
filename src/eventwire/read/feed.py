"""RSS and Atom feeds (feedparser): one article per entry, HTML stripped."""
from __future__ import annotations

import time
from collections.abc import Iterator

from ..model import Article
from .base import InputError, make_article


def read_feed(content: str, origin: str) -> Iterator[Article | InputError]:
    import feedparser
    import lxml.etree
    import lxml.html

    feed = feedparser.parse(content)
    if feed.bozo and not feed.entries:
        yield InputError(origin, f"not a readable RSS/Atom feed: {feed.bozo_exception}")
        return
    source = feed.feed.get("title")
    for n, e in enumerate(feed.entries):
        where = f"{origin}#entry{n + 1}"
        body = (e.get("content") or [{}])[0].get("value") or e.get("summary") or ""
        try:
            text = lxml.html.fromstring(body).text_content() if body.strip() else ""
        except (lxml.etree.ParserError, ValueError) as err:  # a body of only a comment
            yield InputError(where, f"entry body is not readable HTML: {err}")
            continue
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        date = time.strftime("%Y-%m-%d", stamp) if stamp else None
        yield make_article(where, text.strip(), id=e.get("id"), source=source, date=date,
                           title=e.get("title"), url=e.get("link"))
