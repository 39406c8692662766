"""Features of the learned event coder: one definition for training and for coding.

Two kinds of instance, both described by named string features (hashed to a fixed width
by scikit-learn's ``FeatureHasher``) plus, for triggers, the spaCy model's own contextual
vector of the token (``doc.tensor``, free with the parse):

- a **trigger candidate**: a verb, noun or adjective of a body sentence. The lexicon's
  proposal (its PLOVER type, kind and source) is one feature among the parse's, not the
  decision.
- an **argument candidate**: a (trigger, mention) pair, where the mention is a phrase head
  of the same sentence that the argument finder resolves to a record entity. The rule
  coder's readings (subject, object or with/against phrase, the speaker of the statement)
  are features, with the dependency path between the two.

Changing any feature changes ``FEATURE_VERSION``: a model trained on other features is then
refused at load.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from spacy.tokens import Doc, Span, Token

from ..model import ArticleRecord, Entity, Event
from ..parse.tree import MAX_TREE_STEPS, is_root, up
from .arguments import ArgumentFinder, recipient_tokens, speech_subject, subject_tokens
from .lexicon import BLOCK, Lexicon, object_governor
from .status import SPEECH, condition_tokens, event_status

FEATURE_VERSION = 3
TRIGGER_WIDTH = 2 ** 16
ARGUMENT_WIDTH = 2 ** 14
TRIGGER_POS = frozenset({"VERB", "NOUN", "ADJ"})
# phrase heads that can name a party
MENTION_POS = frozenset({"NOUN", "PROPN", "PRON"})
MAX_PATH = 6  # a longer dependency path is one feature value, "far"
MAX_SENT_TOKENS = 150  # a longer "sentence" is a parse failure (tables, lists): no candidates

_TRIGGER_HASHER = FeatureHasher(n_features=TRIGGER_WIDTH, input_type="string",
                                alternate_sign=False)
_ARGUMENT_HASHER = FeatureHasher(n_features=ARGUMENT_WIDTH, input_type="string",
                                 alternate_sign=False)


def doc_arrays(doc: Doc) -> tuple[list[int], list[str]]:
    """Per token: the index of its sentence's first token, and its lower-case form; computed
    once per doc (``tok.sent`` rebuilds the sentence span on every access)."""
    key = "eventwire.features.arrays"
    if key not in doc.user_data:
        starts = [0] * len(doc)
        for sent in doc.sents:
            starts[sent.start:sent.end] = [sent.start] * (sent.end - sent.start)
        doc.user_data[key] = (starts, [t.lower_ for t in doc])
    return doc.user_data[key]


def body_sentences(doc: Doc, record: ArticleRecord) -> Iterator[Span]:
    body = record.article.dateline.end if record.article.dateline else 0
    for sent in doc.sents:
        if sent.end_char > body and len(sent) <= MAX_SENT_TOKENS:
            yield sent


def trigger_candidates(doc: Doc, record: ArticleRecord) -> list[Token]:
    """Verbs, nouns and adjectives of the body, except inside an "if"/"unless" clause: a
    condition of an act ("unless Goukouni arranged a ceasefire") is not reported as news."""
    body = record.article.dateline.end if record.article.dateline else 0
    conditions = condition_tokens(doc)
    return [t for sent in body_sentences(doc, record) for t in sent
            if t.pos_ in TRIGGER_POS and t.idx >= body and t.is_alpha
            and t.i not in conditions]


@dataclass(slots=True)
class RuleHints:
    """What the rule coder (coder.py) read in the article: its events, by trigger token and
    by sentence. The learned coder weighs them as evidence; they decide nothing alone."""

    by_token: dict[int, Event]
    by_sentence: dict[int, set[str]]
    events: tuple[Event, ...] = ()

    @classmethod
    def of(cls, doc: Doc, events: list[Event]) -> "RuleHints":
        by_token: dict[int, Event] = {}
        by_sentence: dict[int, set[str]] = {}
        for ev in events:
            span = doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            tok = span.root
            by_token.setdefault(tok.i, ev)
            by_sentence.setdefault(tok.sent.start, set()).add(ev.event)
        return cls(by_token, by_sentence, tuple(events))

    def parties(self, tok: Token) -> tuple[set[str], set[str]]:
        """Entity ids the rule coder made actor and recipient of an event at this token."""
        ev = self.by_token.get(tok.i)
        if ev is None:
            return set(), set()
        return ({p.entity for p in ev.actor if p.entity},
                {p.entity for p in ev.recipient if p.entity})


def trigger_features(tok: Token, lex: Lexicon, args: ArgumentFinder,
                     hints: RuleHints | None = None) -> list[str]:
    lem = tok.lemma_.lower()
    head = tok.head
    hlem = head.lemma_.lower()
    starts, lowers = doc_arrays(tok.doc)
    f = [f"l={lem}", f"p={tok.pos_}", f"t={tok.tag_}", f"d={tok.dep_}", f"ld={lem}|{tok.dep_}",
         f"hl={hlem}", f"hd={head.dep_}", f"hp={head.pos_}", f"lhl={lem}|{hlem}"]
    for c in tok.children:
        f.append(f"c={c.dep_}")
        if c.dep_ in ("dobj", "prt", "prep", "neg", "aux", "acomp", "xcomp", "ccomp", "amod",
                      "compound", "poss"):
            f.append(f"c={c.dep_}:{c.lemma_.lower()}")
            f.append(f"lc={lem}|{c.dep_}:{c.lemma_.lower()}")
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "amod") \
                and c.i in args.by_token:
            f.append(f"ce={c.dep_}:{args.by_token[c.i].label}")
    if tok.pos_ == "NOUN":
        gov = object_governor(tok)
        if gov is not None:
            f.append(f"gov={gov.lemma_.lower()}")
            f.append(f"lgov={lem}|{gov.lemma_.lower()}")
    ent = args.by_token.get(tok.i)
    if ent is not None:
        f.append(f"inent={ent.label}")
    entries = lex.candidates(tok)
    if entries:
        f.append(f"lexc={entries[0].plover}")
        m = lex.match(tok)
        if m is not None:
            f += [f"lex={m.plover}", f"lexk={m.plover}|{m.kind}", f"lexs={m.source}"]
            f += [f"lexf={x}" for x in m.flags]
            if m.plover != BLOCK:
                f.append(f"lexst={event_status(tok, m.plover)}")
    for n, h in enumerate(up(tok, 4)):
        if h.pos_ == "VERB" and h.lemma_.lower() in SPEECH:
            f.append(f"speech@{n}")
            break
    if args.quote_at(tok.idx) is not None:
        f.append("inquote")
    for k in (-2, -1, 1, 2):  # the words around it: "peace talks", "talks with"
        j = tok.i + k
        if 0 <= j < len(lowers):
            f.append(f"w{k}={lowers[j]}")
    if hints is not None:
        ev = hints.by_token.get(tok.i)
        if ev is not None:
            f += [f"rule={ev.event}", f"rulest={ev.status}", f"rulel={ev.event}|{lem}"]
        for t in hints.by_sentence.get(starts[tok.i], ()):
            f.append(f"rules={t}")
    return f


def trigger_matrix(doc: Doc, toks: list[Token], lex: Lexicon, args: ArgumentFinder,
                   hints: RuleHints | None = None) -> sparse.csr_matrix:
    """Hashed string features beside the token's contextual vector (width TRIGGER_WIDTH + d)."""
    hashed = _TRIGGER_HASHER.transform(trigger_features(t, lex, args, hints) for t in toks)
    dense = np.asarray(doc.tensor[[t.i for t in toks]], dtype=np.float32) if toks else \
        np.zeros((0, doc.tensor.shape[1] if doc.tensor.ndim == 2 else 0), np.float32)
    return sparse.hstack([hashed, sparse.csr_matrix(dense)], format="csr")


@dataclass(slots=True)
class Mention:
    """A party the trigger's sentence names: the entity and the token that names it."""

    entity: Entity
    tok: Token


MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})


def mentions(sent: Span, args: ArgumentFinder) -> list[Mention]:
    """Phrase heads of the sentence that resolve to an entity, one per entity (the first).
    A modifier ("Lebanese" in "ethnic-Lebanese men", "Turkish" in "the Turkish parliament")
    is no head: its noun's phrase resolves through it, as the rule coder reads it."""
    out: list[Mention] = []
    seen: set[str] = set()
    for t in sent:
        if t.pos_ not in MENTION_POS and t.i not in args.by_token:
            continue
        if t.dep_ in MODIFIER_DEPS and t.head.pos_ in ("NOUN", "PROPN") and t.head.i != t.i:
            continue
        if t.i in args.by_token and t.head.i in args.by_token and \
                args.by_token[t.head.i].id == args.by_token[t.i].id and t.head.i != t.i:
            continue  # not the head of its entity's span
        found = args.entity_for(t)
        if found is None:
            continue
        e, tok = found
        key = e.id or f"{e.start}:{e.code}"
        if key in seen:
            continue
        seen.add(key)
        out.append(Mention(e, tok))
    return out


def dep_path(a: Token, b: Token) -> str:
    """"nsubj^" / "^dobj" style path from a up to the common head, then down to b."""
    a_up = [a, *up(a, MAX_TREE_STEPS)]
    b_up = [b, *up(b, MAX_TREE_STEPS)]
    b_index = {t.i: n for n, t in enumerate(b_up)}
    for n, t in enumerate(a_up):
        if t.i in b_index:
            m = b_index[t.i]
            if n + m > MAX_PATH:
                return "far"
            ups = "".join(f"{x.dep_}^" for x in a_up[:n])
            downs = "".join(f"v{x.dep_}" for x in reversed(b_up[:m]))
            return ups + downs or "self"
    return "none"


@dataclass(slots=True)
class TriggerContext:
    """What the argument features read of one trigger, computed once for all its mentions."""

    subject: frozenset[int]
    recipient: frozenset[int]
    speaker: frozenset[int]
    speech_subject: frozenset[int]
    possessor: frozenset[int]
    rule_actor: frozenset[str] = frozenset()  # entity ids
    rule_recipient: frozenset[str] = frozenset()


def trigger_context(tok: Token, args: ArgumentFinder, hints: RuleHints | None = None,
                    speakers: list | None = None) -> TriggerContext:
    """``speakers``: ``args.speaker_of(tok)`` when the caller has it already."""
    clause = tok
    if tok.pos_ == "NOUN":
        clause = object_governor(tok) or (tok.head if not is_root(tok) else tok)
    subj, _ = subject_tokens(clause)
    recip = recipient_tokens(tok, set()) + (recipient_tokens(clause, {tok.i})
                                            if clause.i != tok.i else [])
    speaker = {t.i for _, t in (speakers if speakers is not None else args.speaker_of(tok))}
    poss = {c.i for c in tok.children if c.dep_ in ("poss", "compound", "amod")}
    poss |= {g.i for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
             for g in c.children}

    def with_conj(ts) -> frozenset[int]:
        return frozenset(x.i for t in ts for x in (t, *t.conjuncts))

    ra, rr = hints.parties(tok) if hints is not None else (set(), set())
    return TriggerContext(with_conj(subj), with_conj(recip), frozenset(speaker),
                          with_conj(speech_subject(tok)), frozenset(poss), frozenset(ra),
                          frozenset(rr))


def code_kind(code: str) -> str:
    if code in ("UNK", "INT"):
        return code
    return "state" if len(code) == 3 and code.isalpha() and code.isupper() else "org"


def argument_features(tok: Token, etype: str, m: Mention, ctx: TriggerContext) -> list[str]:
    path = dep_path(tok, m.tok)
    side = "before" if m.tok.i < tok.i else "after"
    dist = abs(m.tok.i - tok.i)
    bucket = "1" if dist <= 1 else "3" if dist <= 3 else "8" if dist <= 8 else "far"
    prep = m.tok.head.lower_ if m.tok.dep_ == "pobj" else "-"
    f = [f"path={path}", f"tpath={etype}|{path}", f"side={side}", f"dist={bucket}",
         f"tside={etype}|{side}", f"mdep={m.tok.dep_}", f"tmdep={etype}|{m.tok.dep_}",
         f"prep={prep}", f"tprep={etype}|{prep}", f"lab={m.entity.label}",
         f"ck={code_kind(m.entity.code)}", f"sec={m.entity.sector or '-'}",
         f"res={m.entity.resolved_by}", f"tp={tok.pos_}", f"t={etype}"]
    for name, ids in (("subj", ctx.subject), ("recip", ctx.recipient), ("spk", ctx.speaker),
                      ("ssubj", ctx.speech_subject), ("poss", ctx.possessor)):
        if m.tok.i in ids:
            f += [f"r={name}", f"tr={etype}|{name}", f"pr={tok.pos_}|{name}"]
    if m.entity.id in ctx.rule_actor:
        f += ["rule=actor", f"trule={etype}|actor"]
    if m.entity.id in ctx.rule_recipient:
        f += ["rule=recipient", f"trule={etype}|recipient"]
    return f


def argument_matrix(rows: list[list[str]]) -> sparse.csr_matrix:
    return _ARGUMENT_HASHER.transform(rows)

