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
                self.unlink(record.article.id)
            return self._link(record)

    def unlink(self, article_id: str) -> None:
        """Forget an article's links; its story may fall apart into several without it."""
        story = self.links.story_of(article_id)
        self.links.remove_article(article_id)
        if story is not None:
            self._resplit(story)

    def _resplit(self, story_id: str) -> None:
        members = self.links.story_members(story_id)
        if len(members) < 2 or len(members) > stories.MAX_RESPLIT:
            return
        edges = stories.story_edges(self.links.articles(members)) \
            + self.links.duplicate_pairs(members)
        parts = stories.components(members, edges)
        label = self.links.story_label(story_id)
        for part in parts[1:]:  # the biggest part keeps the story id
            self.links.move_to_story(part, stories.new_story_id(part[0]), label)

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
        # The story: every story this article has a link into, merged into one.
        linked = stories.links_of(vector, a.date, rows.values())
        targets = set(links.stories_of([i for i, _ in linked]).values())
        result = LinkResult(a.id, "", story_score=max((s for _, s in linked), default=0.0))
        if dup is not None:
            canonical = links.duplicate_of(dup.duplicate_of) or dup.duplicate_of
            links.set_duplicate(a.id, canonical, dup.similarity)
            result.duplicate_of, result.similarity = canonical, dup.similarity
            targets |= {s for s in (links.story_of(canonical),
                                    links.story_of(dup.duplicate_of)) if s}
        if targets:
            result.story_id = stories.keeper(links.story_sizes(targets))
            links.merge_stories(result.story_id, targets)
        else:
            result.story_id = stories.new_story_id(a.id)
        links.add_to_story(a.id, result.story_id, dedup.parse_date(a.date) and a.date[:10],
                           a.title)
        links.put_article(a.id, a.date, a.source, sig.num_shingles, sig.to_blob(),
                          to_blob(vector), keys, terms)
        result.merged = merge_events(links, record, result.story_id, result.duplicate_of)
        return result


def link_records(records: Iterable[ArticleRecord],
                 links: LinkStore | None = None) -> Iterator[LinkResult]:
    """The batch step: link records in order (in memory unless ``links`` is given).

    Each result's ``story_id`` is the story when that article was linked; a later
    article may join stories, so read final ids with ``links.stories_of``.
    """
    linker = Linker(links or LinkStore.open())
    for rec in records:
        yield linker.link(rec)
