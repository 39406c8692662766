"""Near-duplicate articles: reprints, rewrites and write-throughs of one story.

MinHash signatures (datasketch) of word 5-gram shingles; candidates come from
LSH band keys kept in SQLite (``link_bands``) so they persist between runs, with
datasketch choosing the bands × rows split for the threshold. A candidate is a
duplicate when its estimated Jaccard similarity is high, or when the shorter
text is mostly contained in the longer one (an "ADDS details" write-through
keeps the first version's paragraphs and adds more), and the two are dated
within a few days of each other (templated daily reports, like a stock index
close, share most words but are different articles).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from ..model import Article

NUM_PERM = 128
SHINGLE_WORDS = 5
LSH_THRESHOLD = 0.3  # candidate recall: low, the checks below decide
DUPLICATE_JACCARD = 0.5
DUPLICATE_CONTAINMENT = 0.7  # share of the shorter text found in the longer
MIN_SHINGLES = 20  # below this a text is too short to call anything a copy of it
DATE_WINDOW_DAYS = 3
SEED = 1

WORD = re.compile(r"\w+")
BANDS, ROWS = _optimal_param(LSH_THRESHOLD, NUM_PERM, 0.5, 0.5)


@dataclass(slots=True)
class Signature:
    minhash: np.ndarray  # uint64[NUM_PERM]
    num_shingles: int

    def to_blob(self) -> bytes:
        return self.minhash.astype(np.uint64).tobytes()


@dataclass(slots=True)
class Duplicate:
    duplicate_of: str
    jaccard: float
    containment: float

    @property
    def similarity(self) -> float:
        return max(self.jaccard, self.containment)


def body(article: Article) -> str:
    """The text without the dateline: a reprint often changes only that."""
    start = article.dateline.end if article.dateline else 0
    return article.text[start:]


def shingles(text: str) -> set[bytes]:
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode()
            for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(article: Article) -> Signature:
    sh = shingles(body(article))
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch(sh)
    return Signature(m.hashvalues.copy(), len(sh))


def band_keys(sig: Signature) -> list[int]:
    """One 64-bit key per LSH band (band number included, so bands never collide)."""
    keys = []
    for b in range(BANDS):
        chunk = sig.minhash[b * ROWS:(b + 1) * ROWS].tobytes()
        h = hashlib.blake2b(bytes([b]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(h, "little", signed=True))
    return keys


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def containment(j: float, n_a: int, n_b: int) -> float:
    """|A∩B| / min(|A|,|B|) from the Jaccard estimate and the set sizes."""
    if min(n_a, n_b) == 0:
        return 0.0
    inter = j * (n_a + n_b) / (1.0 + j)
    return min(1.0, inter / min(n_a, n_b))


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def within_days(a: str | None, b: str | None, days: int) -> bool:
    """True when either date is unknown or they are at most ``days`` apart."""
    da, db = parse_date(a), parse_date(b)
    return da is None or db is None or abs((da - db).days) <= days


def verify(minhash: np.ndarray, num_shingles: int, date: str | None, other_id: str,
           other_minhash: np.ndarray, other_shingles: int,
           other_date: str | None) -> Duplicate | None:
    """The one duplicate decision (local linker and Spark): is this pair a copy?"""
    if not within_days(date, other_date, DATE_WINDOW_DAYS):
        return None
    j = jaccard(minhash, other_minhash)
    c = containment(j, num_shingles, other_shingles)
    short = min(num_shingles, other_shingles)
    if j >= DUPLICATE_JACCARD or (c >= DUPLICATE_CONTAINMENT and short >= MIN_SHINGLES):
        return Duplicate(other_id, j, c)
    return None


def best_duplicate(sig: Signature, date: str | None, candidates: list) -> Duplicate | None:
    """The most similar earlier article that this one copies, if any.

    ``candidates`` are ``link_articles`` rows (article_id, date, num_shingles, minhash).
    """
    best: Duplicate | None = None
    for row in candidates:
        d = verify(sig.minhash, sig.num_shingles, date, row["article_id"],
                   np.frombuffer(row["minhash"], dtype=np.uint64), row["num_shingles"],
                   row["date"])
        if d is not None and (best is None or d.similarity > best.similarity):
            best = d
    return best
