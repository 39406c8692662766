"""WARC archives (warcio): every HTML response record becomes an article."""
from __future__ import annotations

import io
from collections.abc import Iterator

from ..model import Article
from .base import InputError
from .html import html_to_article


def read_warc(data: bytes, origin: str) -> Iterator[Article | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for rec in ArchiveIterator(io.BytesIO(data)):
            if rec.rec_type != "response" or not rec.http_headers:
                continue
            ctype = rec.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype:
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
