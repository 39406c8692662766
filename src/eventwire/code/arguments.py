"""Actors and recipients of a trigger, from the dependency parse, as record entities.

Actor: the subject (with its conjuncts: "Putin and Conte"), the passive agent
("by X"), the possessor of a noun trigger ("Fico's visit"), the subject
inherited through "to"-clauses and coordination, else the speaker of the
statement that reports the event. Recipient: the object (or passive subject),
the objects of with/against/to/on/at..., and for nouns those of the verb they
hang from. A phrase becomes a participant through the entity covering it, a
modifier naming one ("the Turkish parliament"), or the coreference resolver
(pronouns, role nouns) when the times/quotes issue's ``annotate.coref`` is
present.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import ArticleRecord, Entity, Participant, Quote
from .status import SPEECH

try:  # the shared resolver from the quotes/times issue; the coder works without it
    from ..annotate.coref import Coref
except ImportError:  # pragma: no cover
    Coref = None  # type: ignore[assignment,misc]

SUBJ_DEPS = frozenset({"nsubj", "csubj"})
RECIP_PREPS = frozenset({"with", "against", "to", "on", "at", "toward", "towards", "upon",
                         "into", "over"})
MOD_DEPS = frozenset({"compound", "amod", "nmod", "appos"})
FIRST_PERSON = frozenset({"we", "us", "our", "i", "me", "my"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
SUBTREE_LIMIT = 40
MAX_SUBTREE_ENTITIES = 2


class ArgumentFinder:
    """Per-article: token → entity map, coreference and quotes, built once."""

    def __init__(self, doc: Doc, record: ArticleRecord) -> None:
        self.doc = doc
        self.record = record
        self.by_token: dict[int, Entity] = {}
        self.by_id = {e.id: e for e in record.entities}
        for e in record.entities:
            span = doc.char_span(e.start, e.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token.setdefault(t.i, e)
        self.coref = None
        if Coref is not None and record.entities:
            try:
                self.coref = Coref(doc, record)
            except Exception:  # a resolver failure must not cost the article its events
                self.coref = None
        self.quotes = sorted(record.quotes, key=lambda q: q.start)
        # the parties of the last multi-party interaction: (sentence start token, participants)
        self.parties: tuple[int, list[tuple[Entity, Token]]] | None = None

    # ---------------------------------------------------------------- entities
    def entity_for(self, tok: Token) -> tuple[Entity, Token] | None:
        """The entity a noun-phrase head names, and the token that names it."""
        e = self.by_token.get(tok.i)
        if e is not None:
            return self._canonical(e, tok), tok
        for c in tok.children:
            if c.dep_ in MOD_DEPS and c.i in self.by_token:
                return self._canonical(self.by_token[c.i], c), c
        if self.coref is not None and tok.pos_ in ("PRON", "NOUN", "PROPN"):
            try:
                r = self.coref.resolve_token(tok)
            except Exception:
                r = None
            if r is not None:
                return r, tok
        for c in tok.children:  # "the government of Libya"
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj" and g.i in self.by_token:
                        return self._canonical(self.by_token[g.i], g), g
        return None

    def _canonical(self, e: Entity, tok: Token) -> Entity:
        if self.coref is not None and (e.code == "UNK" or not e.name):
            try:
                return self.coref.canonical(e)
            except Exception:
                return e
        return e

    def in_subtree(self, tok: Token, exclude: set[str]) -> list[tuple[Entity, Token]]:
        """Entities named inside a phrase ("sanctions on 20 institutions in North Korea")."""
        found = self.entity_for(tok)
        if found is not None:
            return [found]
        out: list[tuple[Entity, Token]] = []
        seen = set(exclude)
        for n, t in enumerate(tok.subtree):
            if n > SUBTREE_LIMIT or len(out) >= MAX_SUBTREE_ENTITIES:
                break
            e = self.by_token.get(t.i)
            if e is not None and t.dep_ in MOD_DEPS and t.head.i not in self.by_token:
                continue  # "the Libyan crisis" is a topic, not a party
            if e is not None and e.id not in seen and t.dep_ not in ("relcl",):
                seen.add(e.id)
                out.append((self._canonical(e, t), t))
        return out

    def group(self, toks: list[Token]) -> list[tuple[Entity, Token]]:
        """Each token and its conjuncts ("Putin and Conte") as entities."""
        out: list[tuple[Entity, Token]] = []
        seen: set[str] = set()
        for t in toks:
            for x in [t, *t.conjuncts]:
                found = self.entity_for(x)
                if found is not None and found[0].id not in seen:
                    seen.add(found[0].id)
                    out.append(found)
        return out

    def quote_at(self, offset: int) -> Quote | None:
        for q in self.quotes:
            if q.start <= offset < q.end:
                return q
            if q.start > offset:
                break
        return None

    def speaker(self, q: Quote | None) -> Entity | None:
        if q is None or not q.speaker_entity:
            return None
        return self.by_id.get(q.speaker_entity)


# ---------------------------------------------------------------- syntax

def subject_tokens(v: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """(actor tokens, passive?) for a verb: subject, passive agent, or inherited subject."""
    passive = any(c.dep_ == "nsubjpass" for c in v.children)
    for c in v.children:
        if c.dep_ in SUBJ_DEPS:
            if c.lower_ in RELATIVE and v.dep_ == "relcl":
                return [v.head], False
            return [c], False
    poss = [c for c in v.children if c.dep_ == "poss"]
    if poss and not passive:  # a noun tagged as a verb: "Erdogan's plans to send troops"
        return poss, False
    if passive:
        agents = [g for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return agents, True
    if v.dep_ in ("acl", "xcomp") and v.head.pos_ in ("NOUN", "PROPN"):
        poss = [c for c in v.head.children if c.dep_ == "poss"]  # "Erdogan's plans to send troops"
        if poss:
            return poss, False
    if depth < 3 and v.dep_ in ("xcomp", "conj", "advcl", "ccomp") and v.head is not v:
        head = v.head
        if v.dep_ == "xcomp" and any(c.dep_ in ("dobj",) for c in head.children) and \
                head.lemma_.lower() in ("urge", "ask", "call", "encourage", "press", "allow",
                                         "help", "order", "force", "invite", "persuade"):
            return [c for c in head.children if c.dep_ == "dobj"], False
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            return subject_tokens(head, depth + 1)[0], False
    if v.dep_ == "relcl":
        return [v.head], False
    return [], passive


def recipient_tokens(v: Token, skip: set[int], objects: bool = True) -> list[Token]:
    """Objects (unless the object is the topic: "discussed the crisis") and with/to/against... phrases."""
    out: list[Token] = []
    passive = any(c.dep_ == "nsubjpass" for c in v.children)
    for c in v.children:
        if c.i in skip:
            continue
        if c.dep_ in ("dobj", "obj") and not objects:
            continue
        if c.dep_ in ("dobj", "obj", "dative") or (passive and c.dep_ == "nsubjpass"):
            if c.dep_ == "dative" and c.pos_ == "ADP":
                out.extend(g for g in c.children if g.dep_ == "pobj")
            else:
                out.append(c)
        elif c.dep_ == "prep" and c.lower_ in RECIP_PREPS:
            out.extend(g for g in c.children if g.dep_ == "pobj")
    return out


def speech_subject(trigger: Token) -> list[Token]:
    """The subject of the verb of saying that reports the trigger's clause."""
    cur = trigger
    for _ in range(6):
        if cur.head is cur:
            return []
        cur = cur.head
        if cur.pos_ == "VERB" and cur.lemma_.lower() in SPEECH:
            return [c for c in cur.children if c.dep_ in SUBJ_DEPS]
    return []


def participant(entity: Entity, tok: Token) -> Participant:
    """The entity as the event sees it; offsets are those of the mention in this sentence."""
    if entity.start <= tok.idx < entity.end:
        start, end, text = entity.start, entity.end, entity.text
    else:
        start, end, text = tok.idx, tok.idx + len(tok.text), tok.text
    return Participant(code=entity.code or "UNK", sector=entity.sector,
                       name=entity.name or entity.text, entity=entity.id or None,
                       start=start, end=end, text=text)
