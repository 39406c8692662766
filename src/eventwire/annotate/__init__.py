"""Per-article annotators: each reads the parsed Doc and fills one part of the record.

An annotator is a callable ``(doc, record) -> None`` with a ``name``, and says
what it reads (``requires``) and writes (``assigns``) among the record's parts
("article", "entities", "times", "places", "quotes", "events",
"events.location"), like spaCy's pipeline components. They run in the order of
DESIGN.md (actors, times, places, quotes, the event coder, event locations);
:class:`eventwire.pipeline.Pipeline` checks the order when it is built.
"""
from typing import Protocol

from spacy.tokens import Doc

from ..model import ArticleRecord


class Annotator(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Doc, record: ArticleRecord) -> None: ...
