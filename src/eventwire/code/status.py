"""Event status from the clause around the trigger: actual, future, hypothetical or negated.

Walks from the trigger up its clause chain (the trigger, the verb a noun hangs
from, the verbs of intent above it: "plans to send", "is set to vote") and
stops at the first verb of saying, whose own tense does not change the
reported event. Words are data: see the sets below.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..wordlists import future_auxiliaries, speech_verbs
from ..parse.tree import is_root

FUTURE_AUX = future_auxiliaries("future")  # data/lexicon/future_aux.tsv; "would" is weighed apart below
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "can", "should", "must"})
INTENT = frozenset({"plan", "intend", "aim", "prepare", "expect", "schedule", "set", "seek",
                    "want", "hope", "propose", "consider", "mull", "going", "due", "poised",
                    "ready", "decide", "resolve", "vow", "pledge", "promise", "agree", "offer",
                    "legislation", "proposal", "bill", "draft", "move", "bid", "attempt", "try",
                    "threaten", "warn"})
CONDITION_MARKS = frozenset({"if", "unless", "whether", "provided"})
CONDITION_PREPS = frozenset({"without", "unless"})
NEGATORS = frozenset({"not", "n't", "never", "no"})
FAILURE = frozenset({"fail", "refuse", "decline"})
SPEECH = speech_verbs("status")  # data/quotes/cues.tsv, column status
PAST_TAGS = frozenset({"VBD", "VBN"})


AUX_DEPS = frozenset({"aux", "auxpass"})


def clause_path(trigger: Token, max_len: int = 6) -> list[Token]:
    """The trigger and the heads above it, up to and including the first verb of saying."""
    path = [trigger]
    cur = trigger
    while len(path) < max_len and not is_root(cur):
        if cur.dep_ in ("conj",) and cur.head.pos_ in ("VERB", "AUX") and (
                any(c.dep_ in AUX_DEPS or c.dep_ in ("nsubj", "nsubjpass") for c in cur.children)):
            break  # a coordinated verb with its own auxiliary or subject has its own status
        # ("should understand ... and abandon": the second verb shares the first's modal)
        cur = cur.head
        path.append(cur)
        if cur.lemma_.lower() in SPEECH and cur.pos_ == "VERB":
            break
    return path


OPINION_MODALS = frozenset({"can", "could", "might", "may"})


def opinion_modal(trigger: Token) -> bool:
    """"Russia can only welcome ...": a statement of what one could do, not an act."""
    for i, node in enumerate(clause_path(trigger)):
        if i > 0 and node.lemma_.lower() in SPEECH and node.pos_ == "VERB":
            return False
        if any(c.dep_ == "aux" and c.lower_ in OPINION_MODALS for c in node.children):
            return True
    return False


def _is_reported(path: list[Token]) -> bool:
    last = path[-1]
    return last.lemma_.lower() in SPEECH and last.tag_ in PAST_TAGS


def event_status(trigger: Token, plover: str) -> str:
    path = clause_path(trigger)
    negated = hypothetical = future = False
    conditional = False
    for i, node in enumerate(path):
        if i > 0 and node.lemma_.lower() in SPEECH and node.pos_ == "VERB":
            break
        for c in node.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and low in ("never",)):
                negated = True
            elif c.dep_ in ("aux", "auxpass"):
                if low in FUTURE_AUX:
                    future = True
                elif low == "would":
                    hypothetical = not _is_reported(path)
                    future = True
                elif low in HYPOTHETICAL_AUX:
                    hypothetical = True
            elif c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITION_MARKS
                                             for g in c.children):
                conditional = True
            elif c.dep_ == "prep" and low in CONDITION_PREPS:
                conditional = True
        lem = node.lemma_.lower()
        if i > 0 and (lem in INTENT or (lem == "be" and any(
                c.dep_ == "xcomp" and c.lower_ == "to" for c in node.children))):
            future = True
        if i > 0 and lem in FAILURE:
            negated = True
        if node.lower_ == "going" and any(c.dep_ == "xcomp" for c in node.children):
            future = True
    if plover == "THREATEN":
        return "negated" if negated and not (future or hypothetical) else "actual"
    if conditional and (hypothetical or future or negated):
        return "hypothetical"
    if negated:
        return "negated"
    if hypothetical:
        return "hypothetical"
    if future:
        return "future"
    return "actual"


def condition_subjects(trigger: Token) -> list[Token] | None:
    """Subjects of an "if"/"unless" clause on the trigger's clause ("... unless President
    Goukouni arranged a ceasefire"): None when the act is not conditional."""
    found: list[Token] | None = None
    for i, node in enumerate(clause_path(trigger)):
        if i > 0 and node.lemma_.lower() in SPEECH and node.pos_ == "VERB":
            break
        for c in node.children:
            if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless")
                                         for g in c.children):
                found = (found or []) + [g for g in c.children if g.dep_ == "nsubj"]
    return found


def future_marked(trigger: Token) -> bool:
    """"will not renew", "won't attend": the clause speaks of what is to come."""
    for i, node in enumerate(clause_path(trigger)):
        if i > 0 and node.lemma_.lower() in SPEECH and node.pos_ == "VERB":
            return False
        if node.lower_ == "able":
            return False  # "will not be able to obtain": an inability, not a refusal
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX | {"would"} for c in node.children):
            return True
    return False


CONDITION_MARKS = frozenset({"if", "unless"})


def condition_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens inside "if"/"unless" clauses (one pass over the doc): the
    condition of another act, not an event of its own."""
    out: set[int] = set()
    for t in doc:
        if t.dep_ == "advcl" and t.i not in out and any(
                g.dep_ == "mark" and g.lower_ in CONDITION_MARKS for g in t.children):
            out.update(x.i for x in t.subtree)
    return out
