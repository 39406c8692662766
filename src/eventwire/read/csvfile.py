"""CSV with a header row naming at least a ``text`` column (``body``/``content`` also work)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..model import Article
from .base import InputError, make_article

TEXT_COLUMNS = ("text", "body", "content", "article")


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
    try:
        for row in reader:
            where = f"{origin}:{reader.line_num}"
            get = lambda k: row.get(header[k]) if k in header else None  # noqa: E731
            yield make_article(where, row.get(text_col), id=get("id"), source=get("source"),
                               date=get("date"), title=get("title"), url=get("url"))
    except csv.Error as e:
        yield InputError(f"{origin}:{reader.line_num}", f"malformed CSV: {e}")
