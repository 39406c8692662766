"""CSV with a header row naming at least a ``text`` column (``body``/``content`` also work)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..model import Article
from .base import InputError, make_article

TEXT_COLUMNS = ("text", "body", "content", "article")
MAX_ROWS = 10_000_000


def read_csv(content: str, origin: str) -> Iterator[Article | InputError]:
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(content, newline=""), dialect=dialect)
    header = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    text_col = next((header[c] for c in TEXT_COLUMNS if c in header), None)
    if text_col is None:
        yield InputError(origin, "CSV has no text column: the header needs one of "
                                + ", ".join(TEXT_COLUMNS))
        return
    rows = iter(reader)
    for _ in range(MAX_ROWS):
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as e:
            # one bad row (a field over the csv module's limit, a stray quote): reported by
            # line, and the reader goes on with the rows after it
            # (the reader has not counted the line it failed on)
            yield InputError(f"{origin}:{reader.line_num + 1}", f"malformed CSV row: {e}")
            continue
        where = f"{origin}:{reader.line_num}"
        get = lambda k: row.get(header[k]) if k in header else None  # noqa: E731
        yield make_article(where, row.get(text_col), id=get("id"), source=get("source"),
                           date=get("date"), title=get("title"), url=get("url"))
    yield InputError(origin, f"more than {MAX_ROWS:,} rows: split the file")
