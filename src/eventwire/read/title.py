"""A title for an article that came without one: its first sentence, cut to a list's width.

Lists (the CLI, the web app) show an article by its title; an id like ``ew-3f9c...`` tells
a reader nothing. The first sentence of a wire story is its lead, which says what the
story is about. A derived title is marked (``Article.title_derived``) so no one takes it
for the publisher's headline.
"""
from __future__ import annotations

import re

from ..datafile import DATA_DIR, word_set

ABBREVIATIONS_TXT = DATA_DIR / "read" / "abbreviations.txt"
MAX_TITLE_CHARS = 120
# The lead is the first sentence; looking further than this for its end is never needed.
MAX_SCAN_CHARS = 600
# A sentence ends at . ! or ? (a closing quote may follow) before a space and a capital,
# a digit or an opening quote.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?(?=\s+[\"'“‘(]?[A-Z0-9])")


def _load_abbreviations() -> frozenset[str]:
    return word_set(ABBREVIATIONS_TXT)


ABBREVIATIONS = _load_abbreviations()  # a short word list: read once, at import


def _is_abbreviation(before: str) -> bool:
    """Whether the word ending just before a period is an abbreviation, not a sentence end."""
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    word = word.lstrip("\"'“‘(")
    return (len(word) == 1 and word.isalpha()  # an initial: "George W. Bush"
            or "." in word  # "U.S.", "a.m."
            or word.lower() in ABBREVIATIONS)


def first_sentence(text: str) -> str:
    """The first sentence of the first paragraph of ``text``."""
    para = text.strip()[:MAX_SCAN_CHARS].split("\n", 1)[0].strip()
    for m in _SENTENCE_END.finditer(para):
        if m.group()[0] != "." or not _is_abbreviation(para[:m.start()]):
            return para[:m.end()]
    return para


def shorten(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """``text`` as is when it fits in ``limit`` characters, else cut at a word with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit - 1]
    return cut.rstrip(" ,;:-–—") + "…"


def derive_title(text: str, body_start: int = 0) -> str | None:
    """A title from the article's first sentence after its dateline; None for no words."""
    sentence = first_sentence(text[body_start:])
    return shorten(sentence) if any(c.isalnum() for c in sentence) else None
