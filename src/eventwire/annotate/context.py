"""What several annotators of one article share: the token → entity map and one
coreference resolver, built once, after the actors annotator has run.

The context travels on the Doc (``doc._.eventwire``, spaCy's place for per-document
state), so an annotator called on its own builds it, and annotators run by a
pipeline share it.
"""
from __future__ import annotations

from functools import cached_property

from spacy.tokens import Doc

from ..model import ArticleRecord, Entity
from .coref import Coref, Role

if not Doc.has_extension("eventwire"):
    Doc.set_extension("eventwire", default=None)


class ArticleContext:
    def __init__(self, doc: Doc, record: ArticleRecord, roles: dict[str, Role]) -> None:
        self.doc = doc
        self.record = record
        self.roles = roles

    @cached_property
    def entity_at(self) -> dict[int, Entity]:
        """Token index → the first entity covering it."""
        out: dict[int, Entity] = {}
        for e in self.record.entities:
            span = self.doc.char_span(e.start, e.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    out.setdefault(i, e)
        return out

    @cached_property
    def coref(self) -> Coref:
        return Coref(self.doc, self.record, self.roles)


def article_context(doc: Doc, record: ArticleRecord, roles: dict[str, Role]) -> ArticleContext:
    """The article's context: the one on the Doc if it is this record's, else a new one."""
    ctx = doc._.eventwire
    if ctx is None or ctx.record is not record or ctx.doc is not doc:
        ctx = ArticleContext(doc, record, roles)
        doc._.eventwire = ctx
    return ctx
