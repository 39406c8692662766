"""How far two linkings of one collection agree (Spark vs local, one run vs another).

Clusterings are dicts item → cluster id. B-cubed compares each item's cluster
in one with its cluster in the other; pairwise F1 compares the sets of
co-clustered pairs (singletons form no pair, so it is not flattered by them).
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations


def _groups(assign: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for item, c in assign.items():
        out[c].add(item)
    return out


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of ``pred`` against ``gold`` over their common items."""
    items = pred.keys() & gold.keys()
    if not items:
        return 0.0, 0.0, 0.0
    pg = {c: m & items for c, m in _groups(pred).items()}
    gg = {c: m & items for c, m in _groups(gold).items()}
    p = r = 0.0
    for i in items:
        mp, mg = pg[pred[i]], gg[gold[i]]
        both = len(mp & mg)
        p += both / len(mp)
        r += both / len(mg)
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairs(assign: dict[str, str]) -> set[tuple[str, str]]:
    out = set()
    for members in _groups(assign).values():
        out.update(combinations(sorted(members), 2))
    return out


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise (precision, recall, F1) of co-clustered pairs; 1.0 when neither has a pair."""
    items = pred.keys() & gold.keys()
    pp = pairs({i: pred[i] for i in items})
    gp = pairs({i: gold[i] for i in items})
    if not pp and not gp:
        return 1.0, 1.0, 1.0
    both = len(pp & gp)
    p = both / len(pp) if pp else 1.0
    r = both / len(gp) if gp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
