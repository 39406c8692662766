"""Per-article annotators: each reads the parsed Doc and fills one part of the record.

An annotator is a callable ``(doc, record) -> None`` with a ``name``. They run
in the order of DESIGN.md (actors, times, places, quotes, then the event coder)
and may read what earlier ones wrote.
"""
from typing import Protocol

from spacy.tokens import Doc

from ..model import ArticleRecord


class Annotator(Protocol):
    name: str

    def __call__(self, doc: Doc, record: ArticleRecord) -> None: ...
