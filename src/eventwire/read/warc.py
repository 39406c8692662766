"""WARC archives (warcio): every HTML response record becomes an article."""
from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Iterator

from ..model import Article
from .base import InputError
from .html import html_to_article


log = logging.getLogger("eventwire.read")


def read_warc(data: bytes, origin: str) -> Iterator[Article | InputError]:
    """Every HTML response record; what is skipped is said in one summary line (a warning
    on the ``eventwire.read`` logger: requests, metadata, images are no articles, and no
    error)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    skipped: Counter = Counter()
    try:
        for rec in ArchiveIterator(io.BytesIO(data)):
            if rec.rec_type != "response" or not rec.http_headers:
                skipped[f"{rec.rec_type} records"] += 1
                continue
            ctype = rec.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype:
                skipped[f"{ctype.split(';')[0].strip() or 'untyped'} responses"] += 1
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{url}"
            raw = rec.content_stream().read()
            charset = "utf-8"
            if "charset=" in ctype:
                charset = ctype.split("charset=")[-1].split(";")[0].strip() or "utf-8"
            try:
                html = raw.decode(charset)
            except (UnicodeDecodeError, LookupError):
                yield InputError(where, f"response body is not valid {charset}")
                continue
            yield html_to_article(html, where, url=url)
    except ArchiveLoadFailed as e:
        yield InputError(origin, f"not a readable WARC file: {e}")
    if skipped:
        log.warning("%s: skipped %d WARC record(s) that are not HTML responses: %s", origin,
                    sum(skipped.values()), ", ".join(f"{n} {k}" for k, v in
                                                     sorted(skipped.items()) for n in [v]))
