"""Stories: articles linked pairwise by :func:`same_story`; a story is a connected component.

The shared definition (the local linker and the Spark linker both use it):

- an article is a vector of words, names and years (:func:`eventwire.link.features.vectorize`);
- two articles belong to one story when :func:`same_story` says so: dated within
  ``WINDOW_DAYS`` (an undated article matches any date), cosine similarity at
  least ``THRESHOLD`` (``CLOSE_THRESHOLD`` when both are dated at most
  ``CLOSE_DAYS`` apart: dates weigh more than vocabulary), some shared names
  (name-block cosine at least ``MIN_NAME_SIMILARITY``: a guard against linking
  on vocabulary alone), and, when either is undated, no conflicting years (both
  mention years, none in common: the same kind of event in another year);
- a near-duplicate (:mod:`eventwire.link.dedup`) is linked to its canonical article;
- a story is a connected component of these links.

Because a story is defined by pairwise decisions only, it does not depend on the
order in which articles arrive: linking an article joins it to every story it
has a link into, merging them when there are several. Incrementally, the
candidates of an article are the earlier articles sharing one of its heaviest
features (``link_terms``, ``POSTINGS_PER_TERM`` most recent per feature), so the
work per article stays bounded; in Spark, the same blocking gives candidate pairs.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
from scipy import sparse

from .dedup import parse_date, within_days
from .features import block, from_blob

KEY_TERMS = 12  # features an article is indexed and looked up by
POSTINGS_PER_TERM = 150  # most recent articles read per feature
THRESHOLD = 0.35  # cosine of two article vectors (tuned on the ECB+ tune topics, undated)
# Two dated articles at most CLOSE_DAYS apart need less shared wording: the date
# already says much (tuned on the tune groups of the story mix).
CLOSE_DAYS = 2
CLOSE_THRESHOLD = 0.25
MIN_NAME_SIMILARITY = 0.1  # cosine of the name blocks
WINDOW_DAYS = 7
NAMES, YEARS = 1, 2  # vector blocks (features.vectorize)
MAX_RESPLIT = 300  # a story re-split after a removal (pairwise, quadratic); a bigger one is kept


def new_story_id(article_id: str) -> str:
    return "story-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


def similarity(u: sparse.csr_matrix, v: sparse.csr_matrix) -> float:
    """Cosine of two L2-normalised article vectors (rows with sorted, unique indices)."""
    if not (u.nnz and v.nnz):
        return 0.0
    # A sparse product would transpose a 3M-wide row; intersecting indices is O(nnz).
    _, i, j = np.intersect1d(u.indices, v.indices, assume_unique=True, return_indices=True)
    return float(np.dot(u.data[i].astype(np.float64), v.data[j]))


def years_conflict(u: sparse.csr_matrix, v: sparse.csr_matrix) -> bool:
    """Both mention years and share none."""
    yu, yv = block(u, YEARS), block(v, YEARS)
    return bool(yu.nnz and yv.nnz and not set(yu.indices.tolist()) & set(yv.indices.tolist()))


def threshold(date_u: str | None, date_v: str | None) -> float:
    """The cosine two articles need: lower when both are dated and close in time."""
    du, dv = parse_date(date_u), parse_date(date_v)
    if du and dv and abs((du - dv).days) <= CLOSE_DAYS:
        return CLOSE_THRESHOLD
    return THRESHOLD


def same_story(u: sparse.csr_matrix, date_u: str | None,
               v: sparse.csr_matrix, date_v: str | None) -> tuple[bool, float]:
    """The pairwise story decision, and the cosine it was based on."""
    if not within_days(date_u, date_v, WINDOW_DAYS):
        return False, 0.0
    sim = similarity(u, v)
    if sim < threshold(date_u, date_v):
        return False, sim
    # Years mentioned tell undated reports of two like events apart; a dated
    # article's years are mostly background ("since 2014"), and its date decides.
    if not (parse_date(date_u) and parse_date(date_v)) and years_conflict(u, v):
        return False, sim
    return similarity(block(u, NAMES), block(v, NAMES)) >= MIN_NAME_SIMILARITY, sim


def links_of(vector: sparse.csr_matrix, date: str | None,
             candidates: Iterable) -> list[tuple[str, float]]:
    """The candidates (``link_articles`` rows) one article is linked to: (article id, cosine)."""
    rows = [r for r in candidates if within_days(date, r["date"], WINDOW_DAYS)]
    if not rows or not vector.nnz:
        return []
    out = []
    for r in rows:
        v = from_blob(r["vector"])
        ok, sim = same_story(vector, date, v, r["date"])
        if ok:
            out.append((r["article_id"], sim))
    return out


def components(ids: list[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (union-find), each sorted, largest first."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


def story_edges(rows: list) -> list[tuple[str, str]]:
    """All same-story pairs among ``link_articles`` rows (quadratic: for re-splitting one story)."""
    vecs = [from_blob(r["vector"]) for r in rows]
    out = []
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            if same_story(vecs[i], rows[i]["date"], vecs[j], rows[j]["date"])[0]:
                out.append((rows[i]["article_id"], rows[j]["article_id"]))
    return out


def keeper(sizes: dict[str, int]) -> str:
    """Which story id survives a merge: the biggest story's, ties by id."""
    return min(sizes, key=lambda s: (-sizes[s], s))


__all__ = ["KEY_TERMS", "POSTINGS_PER_TERM", "THRESHOLD", "MIN_NAME_SIMILARITY", "WINDOW_DAYS",
           "new_story_id", "similarity", "years_conflict", "same_story", "links_of",
           "components", "story_edges", "keeper"]
