"""The few SQL differences between the query backends, and what a reader is.

A *reader* is one read-only connection: ``execute(sql, params)`` returns a cursor
whose rows are mappings (``row["col"]``, ``row[0]``, ``row.keys()``, ``dict(row)``),
plus ``close()`` and a ``dialect``. :mod:`eventwire.store.query` writes SQL both
SQLite and DuckDB run, and asks the dialect for the rest:

- ``like``: a case-insensitive LIKE (SQLite's LIKE is one for ASCII; DuckDB's is
  case-sensitive, its ILIKE is not).
- ``article_match(alias, words)``: articles whose title or text holds the words as a
  phrase. SQLite: an FTS5 phrase query on ``articles_fts``. DuckDB (no FTS offline:
  its fts extension downloads at run time): a case- and accent-insensitive regular
  expression for the same words in order, separated by anything that is not a letter
  or digit, at word boundaries. Both ignore query syntax in the words. Differences:
  FTS5 folds case and diacritics with its unicode61 tables, DuckDB with RE2's and
  ``strip_accents``; and the DuckDB match scans the texts (no index).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Callable, Protocol

# Words as FTS5's unicode61 tokenizer sees them: runs of letters and digits.
_WORD = re.compile(r"[^\W_]+")
_SEP = r"[^\pL\pN]"  # RE2: anything that is not a letter or digit


class Row(Protocol):
    def __getitem__(self, key: int | str) -> Any: ...
    def keys(self) -> list[str]: ...


class Reader(Protocol):
    dialect: "Dialect"

    def execute(self, sql: str, params: Any = ...) -> Any: ...
    def close(self) -> None: ...


def like_escape(s: str) -> str:
    """A LIKE pattern's literal text (used with ``ESCAPE '\\'``)."""
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fts_phrase(text: str) -> str:
    """User words as one FTS5 phrase, so FTS syntax in the input is never interpreted."""
    return '"' + text.replace('"', '""') + '"'


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def phrase_regex(text: str) -> str | None:
    """An RE2 pattern for the words of ``text`` as a phrase (None: the text has no words)."""
    words = _WORD.findall(_fold(text))
    if not words:
        return None
    return f"(?i)(?:^|{_SEP})" + f"{_SEP}+".join(words) + f"(?:$|{_SEP})"


def _fts_match(alias: str, words: str) -> tuple[str, list[Any]]:
    return (f"{alias}.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
            [fts_phrase(words)])


def _regex_match(alias: str, words: str) -> tuple[str, list[Any]]:
    pattern = phrase_regex(words)
    if pattern is None:  # FTS5 finds nothing for a phrase without words either
        return "FALSE", []
    return (f"(coalesce(regexp_matches(strip_accents({alias}.title), ?), FALSE)"
            f" OR regexp_matches(strip_accents({alias}.text), ?))", [pattern, pattern])


@dataclass(frozen=True)
class Dialect:
    name: str
    like: str
    article_match: Callable[[str, str], tuple[str, list[Any]]]


SQLITE = Dialect("sqlite", "LIKE", _fts_match)
DUCKDB = Dialect("duckdb", "ILIKE", _regex_match)


class NamedRow:
    """A DuckDB result row that reads like ``sqlite3.Row``."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: dict[str, int], values: tuple) -> None:
        self._names, self._values = names, values

    def __getitem__(self, key: int | str) -> Any:
        return self._values[key if isinstance(key, int) else self._names[key]]

    def keys(self) -> list[str]:
        return list(self._names)

    def __len__(self) -> int:
        return len(self._values)


class RowCursor:
    """A DuckDB cursor's results as :class:`NamedRow`\\ s, fetched in batches."""

    _BATCH = 1000

    def __init__(self, cursor) -> None:
        self._cur = cursor
        self._names = {d[0]: i for i, d in enumerate(cursor.description or ())}

    def fetchone(self) -> NamedRow | None:
        r = self._cur.fetchone()
        return None if r is None else NamedRow(self._names, r)

    def fetchall(self) -> list[NamedRow]:
        return [NamedRow(self._names, r) for r in self._cur.fetchall()]

    def __iter__(self) -> Iterator[NamedRow]:
        while rows := self._cur.fetchmany(self._BATCH):  # ends with the result
            for r in rows:
                yield NamedRow(self._names, r)
