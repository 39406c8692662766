"""Article features for story clustering: hashed TF-IDF of words plus named-entity terms.

A vector has three blocks in disjoint index ranges (words, then names, then
years, each ``N_FEATURES`` wide), so a stored vector can still be split into its
blocks: the story decision compares the name blocks on their own.

Outlet style should not tell two reports apart: agency boilerplate ("Reporting
by ...", "Copyright ... All rights reserved") and headline forms ("UPDATE 2-",
"URGENT:", "(LEAD)") are stripped before counting (patterns in
``data/link/boilerplate.tsv``).

Hashing (scikit-learn's HashingVectorizer) needs no vocabulary and no refit, so
the thousandth article is vectorised exactly like the first. Document
frequencies come from a shipped table (``data/link/idf.npz``, built from the
benchmark wire corpora by ``scripts/build_idf.py``), so IDF weights do not
drift while articles arrive and batch and incremental runs agree.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from ..datafile import DATA_DIR, read_tsv
from ..model import ArticleRecord

N_FEATURES = 2 ** 20  # hash space of one block
BLOCKS = 3  # words, names, years
VECTOR_SIZE = BLOCKS * N_FEATURES
WORD = re.compile(r"(?u)\b[^\W_][\w'’-]*[^\W_]\b|\b[^\W\d_]\b")
# Capitalised word sequences: a cheap stand-in for names that works on raw text
# (the batch `cluster` command runs no NER); NER entities are added when present.
NAME = re.compile(r"\b(?:[A-Z][a-z'’\-]+|[A-Z]{2,}[a-z]?)(?:\s+(?:[A-Z][a-z'’\-]+|[A-Z]{2,}[a-z]?))*")
STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "mr", "mrs", "ms", "new",
                                         "year", "years", "people", "news", "reuters", "ap",
                                         "afp", "xinhua", "tass", "monday", "tuesday",
                                         "wednesday", "thursday", "friday", "saturday", "sunday"}
# Years mentioned ("2008", "2013"): the same kind of event in another year is another story.
YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
# Weights of the entity and year blocks in the cosine (the word block gets the rest).
ENTITY_WEIGHT = 0.35
YEAR_WEIGHT = 0.1
TITLE_REPEAT = 2  # the headline names the story: count its words twice


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[re.Pattern, re.Pattern]:
    """(body line pattern, headline prefix pattern) from the shipped TSV."""
    body, head = [], []
    for kind, pattern in read_tsv(DATA_DIR / "link" / "boilerplate.tsv"):
        (head if kind == "headline" else body).append(pattern)
    return (re.compile("|".join(f"(?:{p})" for p in body), re.I),
            re.compile("^(?:" + "|".join(f"(?:{p})" for p in head) + r")\s*", re.I))


def clean_title(title: str | None) -> str:
    """The headline without wire prefixes such as "UPDATE 2-" or "URGENT:"."""
    t = (title or "").strip()
    _, head = _boilerplate()
    for _ in range(3):  # "UPDATE 1-EXCLUSIVE-..." stacks prefixes; a few at most
        t2 = head.sub("", t, count=1)
        if t2 == t:
            break
        t = t2
    return t


def clean_text(text: str) -> str:
    """The body without agency boilerplate lines and sentences (credits, copyright, promos)."""
    body, _ = _boilerplate()
    out = []
    for line in text.splitlines():
        m = body.search(line)
        out.append(line[:m.start()] if m else line)  # the line's rest is boilerplate
    return "\n".join(out)


def words(text: str) -> list[str]:
    return [w for w in (m.lower() for m in WORD.findall(text)) if w not in STOP]


def names(record: ArticleRecord) -> list[str]:
    text = clean_text(record.article.text)
    out = []
    for m in NAME.finditer(text):
        name = m.group(0)
        key = name.lower()
        if " " not in key and (key in STOP or len(key) < 3):
            continue
        out.append("ent:" + key)
        if " " in key:  # "Lindsay Lohan" also matches a later bare "Lohan"
            out.append("ent:" + key.rsplit(" ", 1)[1])
    for e in record.entities:
        out.append("ent:" + (e.name or e.text).lower())
    return out


def word_terms(record: ArticleRecord) -> list[str]:
    a = record.article
    # a derived title is the text's own first sentence: weighting it again says nothing new
    title = "" if a.title_derived else clean_title(a.title)
    return words(title) * TITLE_REPEAT + words(clean_text(a.text))


_hasher = HashingVectorizer(n_features=N_FEATURES, analyzer=lambda terms: terms,
                            alternate_sign=False, norm=None)


@lru_cache(maxsize=1)
def idf_table() -> np.ndarray:
    """IDF per hashed feature; features never seen in the background corpus get the maximum."""
    with resources.files("eventwire.data.link").joinpath("idf.npz").open("rb") as f:
        z = np.load(f)
        n_docs = int(z["n_docs"])
        df = np.zeros(N_FEATURES, dtype=np.float32)
        df[z["index"]] = z["df"]
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


def _tfidf(terms: list[str]) -> sparse.csr_matrix:
    v = _hasher.transform([terms]).tocsr().astype(np.float32)
    if v.nnz:
        v.data = (1.0 + np.log(v.data)) * idf_table()[v.indices]  # sublinear tf × idf
        v.data /= np.linalg.norm(v.data)
    return v


def years(record: ArticleRecord) -> list[str]:
    a = record.article
    title = "" if a.title_derived else clean_title(a.title)
    return ["year:" + y for y in YEAR.findall(f"{title} {clean_text(a.text)}")]


def vectorize(record: ArticleRecord) -> sparse.csr_matrix:
    """One L2-normalised 1×VECTOR_SIZE row: words, entity names and years, weighted blocks.

    The cosine of two such rows is (nearly) the weighted sum of the blocks' cosines.
    """
    blocks = [(_tfidf(word_terms(record)), 1.0 - ENTITY_WEIGHT - YEAR_WEIGHT),
              (_tfidf(names(record)), ENTITY_WEIGHT), (_tfidf(years(record)), YEAR_WEIGHT)]
    idx, val = [], []
    for k, (b, w) in enumerate(blocks):
        if b.nnz:
            idx.append(b.indices.astype(np.int64) + k * N_FEATURES)
            val.append(b.data * np.float32(np.sqrt(w)))
    if not idx:
        return sparse.csr_matrix((1, VECTOR_SIZE), dtype=np.float32)
    i, d = np.concatenate(idx), np.concatenate(val).astype(np.float32)
    order = np.argsort(i, kind="stable")  # sorted indices: similarity intersects them
    i, d = i[order], d[order]
    d /= np.linalg.norm(d)
    return sparse.csr_matrix((d, i, np.array([0, len(i)])), shape=(1, VECTOR_SIZE))


def block(v: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Block ``k`` of a vector (0 words, 1 names, 2 years), L2-normalised (empty if absent)."""
    keep = (v.indices >= k * N_FEATURES) & (v.indices < (k + 1) * N_FEATURES)
    d, i = v.data[keep].astype(np.float32), v.indices[keep]
    if len(d):
        d = d / np.linalg.norm(d)
    return sparse.csr_matrix((d, i, np.array([0, len(i)])), shape=(1, VECTOR_SIZE))


def to_blob(v: sparse.csr_matrix) -> bytes:
    """Sparse row → bytes: int32 indices then float32 values."""
    idx = v.indices.astype(np.int32)
    return len(idx).to_bytes(4, "little") + idx.tobytes() + v.data.astype(np.float32).tobytes()


def from_blob(b: bytes) -> sparse.csr_matrix:
    n = int.from_bytes(b[:4], "little")
    idx = np.frombuffer(b, dtype=np.int32, count=n, offset=4)
    val = np.frombuffer(b, dtype=np.float32, count=n, offset=4 + 4 * n)
    return sparse.csr_matrix((val.copy(), idx.copy(), np.array([0, n])), shape=(1, VECTOR_SIZE))


def top_terms(v: sparse.csr_matrix, k: int) -> list[int]:
    """The k heaviest feature indices: the keys a story is found by."""
    if v.nnz <= k:
        return [int(i) for i in v.indices]
    part = np.argpartition(-v.data, k)[:k]
    return [int(i) for i in v.indices[part]]
