"""HTML pages: the article body, title and date extracted by trafilatura."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Article
from .base import InputError, make_article


def html_to_article(html: str, origin: str, url: str | None = None) -> Article | InputError:
    import trafilatura  # imported here: slow to import and only needed for HTML

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                      include_comments=False, include_tables=False)
    if doc is None:
        return InputError(origin, "no article text found in the HTML page")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    return make_article(origin, get("text") or "", title=get("title"), date=get("date"),
                        url=url or get("url"), source=get("sitename"))


def read_html(content: str, origin: str) -> Iterator[Article | InputError]:
    yield html_to_article(content, origin)
