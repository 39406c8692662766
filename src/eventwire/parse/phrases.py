"""Matching tens of thousands of names in a Doc, with a start-up that costs milliseconds.

spaCy's PhraseMatcher wants every pattern as a tokenised Doc: for the ~40k names
of the knowledge base and the gazetteer that is ~4 s of tokenising and lexeme
creation in every process, a third of a short run. :class:`PhraseIndex` matches
the same thing (token sequences compared on ``LOWER``, every match returned, as
``PhraseMatcher(attr="LOWER")``) from token *strings*, which are read from a
prebuilt file (``data/index/tokens.tsv.gz``, ``scripts/build_index.py``). A name
that file does not hold (a user's KB entry, an edited data file) is tokenised
when loaded, so a stale file only costs time, never a match.

Hand-written because no library matches on hashed token sequences without
building a Doc per pattern; the work per article is one dict lookup per token
plus one per candidate length.
"""
from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from ..datafile import DATA_DIR

TOKENS_FILE = DATA_DIR / "index" / "tokens.tsv.gz"
MAX_PHRASE_TOKENS = 16  # longer names are not matched (none in the data comes close)


def load_token_cache(path: Path = TOKENS_FILE) -> dict[str, tuple[str, ...]]:
    """Name as written → its tokens in lower case (empty when the file is missing).
    A line is the name, then each token, tab-separated."""
    if not path.exists():
        return {}
    out: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            text, *toks = line.rstrip("\n").split("\t")
            out[text] = tuple(toks)
    return out


def tokens_of(texts: Iterable[str], tokenizer: Tokenizer,
              cache: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Lower-case tokens of each text: from the cache, else from the tokenizer."""
    texts = list(dict.fromkeys(t for t in texts if t))
    missing = [t for t in texts if t not in cache]
    found = {t: cache[t] for t in texts if t in cache}
    for text, doc in zip(missing, tokenizer.pipe(missing)):
        found[text] = tuple(tok.lower_ for tok in doc)
    return found


class PhraseIndex:
    """Token sequences (lower case) → label; ``index(doc)`` gives (label, start, end)."""

    def __init__(self) -> None:
        self._labels: dict[tuple[int, ...], list[str]] = {}
        self._lengths: dict[int, set[int]] = {}  # first token's hash → phrase lengths

    def add(self, label: str, token_seqs: Iterable[tuple[str, ...]]) -> None:
        """Add phrases under ``label`` (a phrase may carry several labels, each matched)."""
        for toks in token_seqs:
            if not toks or len(toks) > MAX_PHRASE_TOKENS:
                continue
            key = tuple(get_string_id(t) for t in toks)
            labels = self._labels.setdefault(key, [])
            if label not in labels:
                labels.append(label)
            self._lengths.setdefault(key[0], set()).add(len(key))

    def __len__(self) -> int:
        return len(self._labels)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Every match, ordered by start then end, like PhraseMatcher's."""
        if not len(doc):
            return []
        lows = doc.to_array(LOWER).tolist()
        labels, lengths = self._labels, self._lengths
        n = len(lows)
        out: list[tuple[str, int, int]] = []
        for i, h in enumerate(lows):
            sizes = lengths.get(h)
            if sizes is None:
                continue
            for k in sorted(sizes):
                if i + k <= n:
                    for label in labels.get(tuple(lows[i:i + k]), ()):
                        out.append((label, i, i + k))
        return out
