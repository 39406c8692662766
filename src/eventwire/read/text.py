"""Plain-text articles: optional header fields, then the text. Two layouts are read.

Header lines, a blank line, then the text::

    date 2019-12-26
    source: TASS

    MOSCOW, December 26. /TASS/. Russian President Vladimir Putin ...

Or the one-line layout the seed article came in: the header field and the first
paragraph share one line (often indented), and paragraphs follow::

     date 2019-12-26 MOSCOW, December 26. /TASS/. Russian President Vladimir Putin ...

Header lines are ``key value`` or ``key: value`` for id, date, source, title and url,
at the very top of the file; the first other line starts the text. The values of id,
date and url are one word, so text after that word on the same line is the text's
start. A bare ``date`` (no colon) is a header only before an ISO date, so an article
that begins "Date palms ..." stays text.

Without a title field, a first line that reads as a headline (short, no closing
punctuation, a blank line after it) is the title; it is not part of the text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Article
from .base import InputError, make_article
from .dateline import parse_dateline

_HEADER = re.compile(r"^[ \t]*(id|date|source|title|url)(?:\s*([:=])\s*|[ \t]+)(\S.*?)\s*$", re.I)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?")
ONE_WORD = {"id", "date", "url"}
MAX_HEADER_LINES = 10  # five fields; a file of "key value" lines past that is text

# A headline: one line, a few words, no sentence-final punctuation (wire headlines have none).
MAX_HEADLINE_CHARS = 150
MAX_HEADLINE_WORDS = 25
_NOT_HEADLINE_END = tuple('.!?,;:"\'”’»…')


def read_text(content: str, origin: str) -> Iterator[Article | InputError]:
    fields: dict[str, str] = {}
    lines = content.splitlines(keepends=True)
    i = 0
    first = ""  # the text's start, when it shares a line with a header field
    while i < min(len(lines), MAX_HEADER_LINES):
        m = _HEADER.match(lines[i].rstrip("\r\n"))
        if not m or m.group(1).lower() in fields:
            break
        key, sep, value = m.group(1).lower(), m.group(2), m.group(3)
        after = ""
        if key in ONE_WORD:
            value, _, after = value.partition(" ")
            if key == "date" and not sep and not _ISO_DATE.fullmatch(value):
                break  # "Date palms grow ...": text, not a header
        fields[key] = value
        i += 1
        if after.strip():
            first = after
            break
    if fields and not first.strip() and i < len(lines) and not lines[i].strip():
        i += 1  # the blank line after the header
    text = (first.strip() + "\n" if first.strip() else "") + "".join(lines[i:])
    text = text.strip()
    derived = False
    if "title" not in fields:
        headline, text = split_headline(text)
        if headline:
            fields["title"], derived = headline, True
    yield make_article(origin, text, title_derived=derived, **fields)


def split_headline(text: str) -> tuple[str | None, str]:
    """(headline, rest) when the text opens with a headline line, else (None, text)."""
    parts = text.split("\n", 2)
    if len(parts) < 3 or parts[1].strip():
        return None, text  # a headline stands alone: a blank line follows it
    head, rest = parts[0].strip(), parts[2].strip()
    if (not rest or len(rest) <= len(head) or len(head) > MAX_HEADLINE_CHARS
            or len(head.split()) > MAX_HEADLINE_WORDS or head.endswith(_NOT_HEADLINE_END)
            or parse_dateline(head) is not None):
        return None, text
    return head, rest
