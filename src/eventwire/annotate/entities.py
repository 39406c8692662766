"""Entity mentions from spaCy's named-entity recogniser, unresolved.

The baseline the actor resolver builds on: every PERSON, ORG, GPE, NORP, LOC
and FAC mention with its offsets, code UNK until something knows better.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..model import ArticleRecord, Entity

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})


class NamedEntities:
    name = "entities"

    def __call__(self, doc: Doc, record: ArticleRecord) -> None:
        dl = record.article.dateline
        body_start = dl.end if dl else 0
        for ent in doc.ents:
            if ent.label_ not in ACTOR_LABELS or ent.start_char < body_start:
                continue
            record.entities.append(Entity(
                start=ent.start_char, end=ent.end_char, text=ent.text, label=ent.label_,
                id=f"e{len(record.entities)}"))
