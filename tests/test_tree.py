"""Walks up the parse tree end, whatever the sentence's root is (issue 11: five corpus
articles looped for ever because tokens were compared by identity)."""
from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from eventwire.parse.tree import MAX_TREE_STEPS, is_root, up

from conftest import process_sentence

# Roots that are not verbs: an adjective (a predicate after a copula the parser skips),
# a noun, a fragment; each with a locative phrase and a date, which the event locator,
# the dater and the quote finder walk up from.
NON_VERB_ROOTS = [
    # hung for ever before: the strike's place hangs from the noun root "protests"
    "More protests in Gaza after Israeli air strikes killed 12 people.",
    "Relations between the two nations have been badly strained since the talks in Geneva "
    "collapsed in March.",
    "Tense relations with Moscow in Kiev on Monday, officials in Tripoli said.",
    "Angry at the army raids in Gaza on Tuesday.",
    "A deadly attack on a police station in Kabul on Friday.",
    "Talks in Vienna on Thursday: no progress, a diplomat in Brussels says.",
    "Fresh clashes in Tripoli.",
]


@contextmanager
def deadline(seconds: int):
    def fail(signum, frame):
        raise TimeoutError(f"did not finish in {seconds} s")
    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("text", NON_VERB_ROOTS)
def test_sentence_with_a_non_verb_root_is_processed(pipeline, text):
    with deadline(30):
        record = process_sentence(pipeline, text)
    assert record.article.text == text


def test_root_is_found_by_index_not_identity(nlp):
    doc = nlp(NON_VERB_ROOTS[4])
    roots = [t for t in doc if is_root(t)]
    assert [t.i for t in roots] == [s.root.i for s in doc.sents]
    # spaCy builds a new Token object per access: identity is not a root test
    assert all(t.head == t for t in roots)


def test_up_reaches_the_root_and_stops(nlp):
    doc = nlp(NON_VERB_ROOTS[1])
    leaf = doc[-2]  # "March"
    chain = list(up(leaf))
    assert chain and is_root(chain[-1]) and chain[-1].i == doc[-2].sent.root.i
    assert [t.i for t in up(chain[-1])] == []  # nothing above the root
    assert len(list(up(leaf, limit=1))) == 1
    assert MAX_TREE_STEPS >= 32
