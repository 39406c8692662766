"""JSON Lines article records (and a .json file holding one record or a list).

Only id, source, date, title, url and text are read: annotations already in a
record (a gold file, an earlier run) are answers or stale output, never input.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..model import Article
from .base import InputError, make_article

FIELDS = ("id", "source", "date", "title", "url")


def record_to_article(rec: object, origin: str) -> Article | InputError:
    if not isinstance(rec, dict):
        return InputError(origin, f"expected a JSON object, got {type(rec).__name__}")
    if "text" not in rec:
        return InputError(origin, "record has no 'text' field")
    return make_article(origin, rec["text"], **{k: rec.get(k) for k in FIELDS})


def read_jsonl(content: str, origin: str) -> Iterator[Article | InputError]:
    for n, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(where, f"malformed JSON: {e.msg} at column {e.colno}")
            continue
        except RecursionError:
            yield InputError(where, "JSON nested too deeply to be an article record")
            continue
        yield record_to_article(rec, where)


def read_json(content: str, origin: str) -> Iterator[Article | InputError]:
    try:
        data = json.loads(content)
    except RecursionError:
        yield InputError(origin, "JSON nested too deeply to be an article record")
        return
    except json.JSONDecodeError as e:
        # Perhaps JSON Lines under a .json name.
        if content.lstrip().startswith("{") and "\n{" in content:
            yield from read_jsonl(content, origin)
            return
        yield InputError(origin, f"malformed JSON: {e.msg} at line {e.lineno} column {e.colno}")
        return
    items = data if isinstance(data, list) else [data]
    for n, rec in enumerate(items):
        yield record_to_article(rec, f"{origin}[{n}]" if isinstance(data, list) else origin)
