"""What every reader shares: read errors as values, and finishing an article."""
from __future__ import annotations

import re
from typing import Any

from ..model import Article, InputError
from .dateline import dateline_date, parse_dateline
from .title import derive_title

# spaCy's default Doc limit; a longer "article" is almost always a mis-split file.
MAX_ARTICLE_CHARS = 1_000_000
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def normalise_date(value: Any) -> str | None:
    """YYYY-MM-DD from an ISO date or datetime string; None when absent or unreadable."""
    if value in (None, ""):
        return None
    m = _ISO_DATE.match(str(value).strip())
    return "-".join(m.groups()) if m else None


def make_article(origin: str, text: Any, *, id: Any = None, source: Any = None,
                 date: Any = None, title: Any = None, url: Any = None,
                 title_derived: bool = False) -> Article | InputError:
    """Validate the fields of one article and find its dateline. An article without a
    title gets its first sentence as one, marked ``title_derived`` (as does a reader that
    took a headline from the text's layout, ``title_derived=True``)."""
    if not isinstance(text, str):
        return InputError(origin, f"article text must be a string, got {type(text).__name__}")
    if not text.strip():
        return InputError(origin, "empty article: no text")
    if len(text) > MAX_ARTICLE_CHARS:
        return InputError(origin, f"article too long: {len(text):,} characters "
                                 f"(limit {MAX_ARTICLE_CHARS:,}); split the file into articles")
    if "\x00" in text:
        return InputError(origin, "article text contains NUL bytes: is this a binary file?")
    pub = normalise_date(date)
    if date not in (None, "") and pub is None:
        return InputError(origin, f"unreadable date {date!r}: expected YYYY-MM-DD")
    dl = parse_dateline(text)
    # A dateline has no year: without a publication date the date stays
    # unknown rather than guessed. With one, the dateline's day wins when the
    # two differ by a timezone (feeds stamp UTC).
    if dl and pub:
        dday = dateline_date(dl, int(pub[:4]))
        if dday and abs(int(dday[5:7]) - int(pub[5:7])) <= 1:
            pub = dday
    source = str(source) if source not in (None, "") else (dl.agency if dl else None)
    aid = str(id) if id not in (None, "") else Article.content_id(text, source, pub)
    given = str(title).strip() if title is not None else ""
    if not given:
        given, title_derived = derive_title(text, dl.end if dl else 0) or "", True
    return Article(id=aid, text=text, source=source, date=pub, title=given or None,
                   title_derived=bool(given) and title_derived,
                   url=str(url) if url not in (None, "") else None,
                   dateline=dl, origin=origin)
