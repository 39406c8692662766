"""Online story clustering: each arriving article joins the story of its nearest
earlier articles, or starts a new one.

An article is a hashed TF-IDF vector of words, names and years
(:mod:`eventwire.link.features`). Its candidates are earlier articles that share
one of its heaviest features (the ``link_terms`` inverted index, most recent
postings first, so the work per article is bounded) and are dated within
``WINDOW_DAYS`` of it. A candidate story's score is the mean cosine of its
``TOP_LINKS`` most similar candidate articles (between single and average
linkage: one stray neighbour does not pull an article in, a long story is not
penalised for its breadth). Nothing already assigned is ever recomputed.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .dedup import within_days
from .features import from_blob

KEY_TERMS = 12  # features an article is indexed and looked up by
POSTINGS_PER_TERM = 150  # most recent articles read per feature
THRESHOLD = 0.25
TOP_LINKS = 3
WINDOW_DAYS = 7


@dataclass(slots=True)
class Assignment:
    story_id: str
    score: float  # 0.0 for a new story
    neighbour: str | None  # the most similar earlier article in that story


def new_story_id(article_id: str) -> str:
    return "story-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


def cosine(a: sparse.csr_matrix, b: sparse.csr_matrix) -> float:
    """Story similarity of two articles: the cosine of their feature vectors."""
    return float((a @ b.T).toarray()[0, 0]) if a.nnz and b.nnz else 0.0


def assign(article_id: str, vector: sparse.csr_matrix, date: str | None,
           candidates: list, stories: dict[str, str]) -> Assignment:
    """Choose the story for one article.

    ``candidates``: ``link_articles`` rows of earlier articles sharing a key
    feature; ``stories``: their story ids.
    """
    rows = [r for r in candidates
            if r["article_id"] in stories and within_days(date, r["date"], WINDOW_DAYS)]
    if rows and vector.nnz:
        matrix = sparse.vstack([from_blob(r["vector"]) for r in rows]).tocsr()
        sims = (matrix @ vector.T).toarray().ravel()
        by_story: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for r, s in zip(rows, sims):
            by_story[stories[r["article_id"]]].append((float(s), r["article_id"]))
        best_story, best_score, best_nb = None, 0.0, None
        for story, links in by_story.items():
            links.sort(reverse=True)
            score = float(np.mean([s for s, _ in links[:TOP_LINKS]]))
            if score > best_score:
                best_story, best_score, best_nb = story, score, links[0][1]
        if best_story is not None and best_score >= THRESHOLD:
            return Assignment(best_story, best_score, best_nb)
    return Assignment(new_story_id(article_id), 0.0, None)
