"""Link articles across the collection: near-duplicates, stories, merged events.

``Linker(links).link(record)`` links one article against everything linked
before it, in a bounded amount of work (LSH band keys, an inverted index of
heavy features, blocking by event type and date), and writes the result to the
link tables. ``eventwire ingest`` calls it after storing each new or changed
article; :func:`link_records` is the same step over a batch of records.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..model import ArticleRecord
from ..store.links import LinkStore
from . import dedup, stories
from .features import to_blob, top_terms, vectorize
from .merge import merge_events

__all__ = ["Linker", "LinkResult", "link_records"]


@dataclass(slots=True)
class LinkResult:
    article_id: str
    story_id: str
    duplicate_of: str | None = None
    similarity: float | None = None  # to the canonical article, when a duplicate
    story_score: float = 0.0
    merged: list[tuple[str, str, bool]] = field(default_factory=list)  # (event, merged, new)

    def to_dict(self) -> dict:
        return {"id": self.article_id, "cluster": self.story_id,
                "duplicate_of": self.duplicate_of}


class Linker:
    def __init__(self, links: LinkStore) -> None:
        self.links = links

    def link(self, record: ArticleRecord, replace: bool = False) -> LinkResult:
        """Link one article; ``replace`` first forgets the links of an earlier version."""
        with self.links.transaction():
            if replace or self.links.is_linked(record.article.id):
                self.links.remove_article(record.article.id)
            return self._link(record)

    def _link(self, record: ArticleRecord) -> LinkResult:
        a = record.article
        links = self.links
        sig = dedup.signature(a)
        keys = dedup.band_keys(sig)
        vector = vectorize(record)
        terms = top_terms(vector, stories.KEY_TERMS)
        neighbours = links.term_candidates(terms, stories.POSTINGS_PER_TERM)
        # Story neighbours are dedup candidates too: a write-through that adds
        # much text has a low Jaccard similarity that LSH alone may miss.
        rows = {r["article_id"]: r for r in
                links.articles(links.band_candidates(keys) | neighbours)}
        dup = dedup.best_duplicate(sig, a.date, list(rows.values()))
        result: LinkResult
        if dup is not None:
            canonical = links.duplicate_of(dup.duplicate_of) or dup.duplicate_of
            links.set_duplicate(a.id, canonical, dup.similarity)
            story = links.story_of(canonical) or links.story_of(dup.duplicate_of) \
                or stories.new_story_id(canonical)
            result = LinkResult(a.id, story, canonical, dup.similarity)
        else:
            nb_rows = [rows[i] for i in neighbours if i in rows]
            choice = stories.assign(a.id, vector, a.date, nb_rows, links.stories_of(neighbours))
            result = LinkResult(a.id, choice.story_id, story_score=choice.score)
        links.add_to_story(a.id, result.story_id, dedup.parse_date(a.date) and a.date[:10],
                           a.title)
        links.put_article(a.id, a.date, a.source, sig.num_shingles, sig.to_blob(),
                          to_blob(vector), keys, terms)
        result.merged = merge_events(links, record, result.story_id, result.duplicate_of)
        return result


def link_records(records: Iterable[ArticleRecord],
                 links: LinkStore | None = None) -> Iterator[LinkResult]:
    """The batch step: link records in order (in memory unless ``links`` is given)."""
    linker = Linker(links or LinkStore.open())
    for rec in records:
        yield linker.link(rec)
