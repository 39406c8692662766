"""Safe walks over a spaCy dependency tree.

spaCy builds a new ``Token`` object on every access, so an identity test of a token
against its head is not a root test (it looped for ever on sentences whose root is not a
verb). Tokens are compared by index here, and every walk up the tree has a bound, so a parse that
is not a tree (or a bug in a caller) can cost a few steps, never a hang.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

# Deeper than any dependency path in news prose; a walk stops here whatever happens.
MAX_TREE_STEPS = 64


def is_root(tok: Token) -> bool:
    """The token heads its own sentence (spaCy marks the root as its own head)."""
    return tok.head.i == tok.i


def up(tok: Token, limit: int = MAX_TREE_STEPS) -> Iterator[Token]:
    """The token's heads from the nearest up to the root, at most ``limit`` of them."""
    cur = tok
    for _ in range(limit):
        if is_root(cur):
            return
        cur = cur.head
        yield cur
