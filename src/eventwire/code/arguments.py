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

from collections import Counter
from dataclasses import replace

import pycountry
from spacy.tokens import Token

from ..parse.tree import is_root
from ..model import ArticleRecord, Entity, Participant, Quote
from .lexicon import Lexicon
from .status import SPEECH

from ..annotate.context import ArticleContext

SUBJ_DEPS = frozenset({"nsubj", "csubj"})
RECIP_PREPS = frozenset({"with", "against", "to", "on", "at", "toward", "towards", "upon",
                         "into", "over", "before"})
OBJECT_PREPS = frozenset({"to", "against", "on", "for", "from", "toward", "towards"})
MOD_DEPS = frozenset({"compound", "amod", "nmod", "appos"})
FIRST_PERSON = frozenset({"we", "us", "our", "i", "me", "my"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
BODY_LABELS = frozenset({"GPE", "ORG", "NORP"})
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "csubj"})
SUBTREE_LIMIT = 40
# the article's country must dominate its placed mentions to stand for unplaced domestic agents
CONTEXT_SHARE = 0.6
CONTEXT_MIN_MENTIONS = 2
MAX_SUBTREE_ENTITIES = 2


class ArgumentFinder:
    """Per-article: token → entity map, coreference and quotes, built once."""

    def __init__(self, ctx: ArticleContext, lex: Lexicon) -> None:
        doc, record = ctx.doc, ctx.record
        self.doc = doc
        self.record = record
        self.lex = lex
        self.by_token: dict[int, Entity] = ctx.entity_at
        self.by_id = {e.id: e for e in record.entities}
        self.coref = None
        if record.entities:
            try:
                self.coref = ctx.coref
            except Exception:  # a resolver failure must not cost the article its events
                self.coref = None
        self.quotes = sorted(record.quotes, key=lambda q: q.start)
        # the parties of the last multi-party interaction: (sentence start token, participants)
        self.parties: tuple[int, list[tuple[Entity, Token]]] | None = None
        self.context_code = context_country(record)

    # ---------------------------------------------------------------- entities
    def entity_for(self, tok: Token, nested: bool = False) -> tuple[Entity, Token] | None:
        """The entity a noun-phrase head names, and the token that names it."""
        e = self.by_token.get(tok.i)
        if e is not None and e.code == "UNK":  # "Iraqi Kurds": the placed modifier places it
            for c in tok.children:
                m = self.by_token.get(c.i)
                if c.dep_ in MOD_DEPS and m is not None and m.code != "UNK":
                    return self._canonical(m, c), c
        if e is not None:
            return self._canonical(e, tok), tok
        topic = tok.lemma_.lower() in self.lex.topic_nouns  # "the Libyan crisis" is no party
        # a person in apposition names the phrase first ("REUTERS/Leah Millis WASHINGTON
        # (Reuters) - U.S. Secretary of State Mike Pompeo": Pompeo, not the credit line)
        kids = sorted(tok.children, key=lambda c: not (
            c.dep_ == "appos" and c.i in self.by_token and self.by_token[c.i].label == "PERSON"))
        for c in kids:  # "the Turkish parliament", "South Korea's finance ministry"
            if (c.dep_ in MOD_DEPS or c.dep_ == "poss") and c.i in self.by_token and not topic:
                m = self.by_token[c.i]
                if m.label == "NORP" and _ethnic(c) and self.context_code is not None:
                    # "ethnic-Lebanese men" in a Sydney story: an ethnicity, not a state; the
                    # people are the article country's (§2.2: the state they belong to)
                    first = min((t.i for t in tok.doc[max(0, c.i - 2):c.i] if t.lower_ == "ethnic"),
                                default=c.i)
                    return replace(m, code=self.context_code, name=tok.doc[first:tok.i + 1].text,
                                   resolved_by="context"), c
                return self._canonical(m, c), c
        if self.coref is not None and tok.pos_ in ("PRON", "NOUN", "PROPN"):
            try:
                r = self.coref.resolve_token(tok)
            except Exception:
                r = None
            if r is not None:
                return self._in_context(r), tok
        if tok.lower_ == "it" and tok.dep_ in ("nsubj", "nsubjpass"):
            found = self._last_acting_body(tok)  # "North Korea ... On Nov. 29, it test-fired"
            if found is not None:
                return found
        for c in tok.children:  # "the government of Libya", "a convoy of PPP supporters"
            if c.dep_ == "prep" and c.lower_ == "of" and not nested:
                for g in c.children:
                    if g.dep_ == "pobj":
                        found = self.entity_for(g, nested=True)
                        if found is not None:
                            return found
        return None

    def _canonical(self, e: Entity, tok: Token) -> Entity:
        if self.coref is not None and (e.code == "UNK" or not e.name):
            try:
                e = self.coref.canonical(e)
            except Exception:
                pass
        return self._in_context(e)

    def _in_context(self, e: Entity) -> Entity:
        """An unplaced role noun ("police", "a mob", "pro-PPP villagers") in an article about one
        country is that country's (GUIDELINES §2.2 codes the state an entity belongs to)."""
        if e.code != "UNK" or e.label != "AGENT" or self.context_code is None \
                or e.text.lower() in self.lex.no_context_agents \
                or e.text.lower().split()[-1] in self.lex.no_context_agents:
            return e
        return replace(e, code=self.context_code, resolved_by="context")

    def unnamed_attackers(self, tok: Token, code: str) -> Entity:
        """The unidentified perpetrators of an act with no named agent."""
        return Entity(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, label="AGENT",
                      name="unidentified attackers", code=code, resolved_by="context")

    def unnamed_party(self, tok: Token, code: str) -> Entity:
        """Unnamed people an act is done to ("killed 23 people"), as the given country's."""
        phrase = tok.doc[tok.left_edge.i:tok.i + 1]
        return Entity(start=phrase.start_char, end=phrase.end_char, text=phrase.text,
                      label="AGENT", name=phrase.text, code=code, resolved_by="context")

    def place_country(self, tok: Token, literal_only: bool = False) -> str | None:
        """The one country of the places the sentence names literally ("near the town of
        Samarra", "in eastern Beirut"), as ISO alpha-3."""
        sent = tok.sent
        lo, hi = sent.start_char, sent.end_char
        # a place inside a party's name ("U.S. soldier", "anti-Syria journalist") is no location
        agents = [(e.start, e.end) for e in self.record.entities
                  if e.label == "AGENT" and lo <= e.start < hi]
        places = [p for p in self.record.places if lo <= p.start < hi and p.country
                  and not any(a <= p.start < b for a, b in agents)]
        found = {p.country for p in places if p.role == "literal"} \
            or (set() if literal_only else {p.country for p in places if p.role == "demonym"})
        if len(found) != 1:
            return None
        c = pycountry.countries.get(alpha_2=found.pop())
        return c.alpha_3 if c is not None else None

    def foreign_in_sentence(self, tok: Token) -> bool:
        """The sentence names a state other than the article's: its act may be theirs."""
        return any(e.code not in (self.context_code, "UNK", "INT")
                   for t in tok.sent if (e := self.by_token.get(t.i)) is not None)

    def in_subtree(self, tok: Token, exclude: set[str], whole: bool = False,
                   ) -> list[tuple[Entity, Token]]:
        """Entities named inside a phrase ("sanctions on 20 institutions in North Korea"), not
        inside a clause of their own ("the assessment that Moscow sought to interfere").
        ``whole``: also those beyond the phrase head's own entity ("the efforts of the
        international community ... mediated by the UN")."""
        found = self.entity_for(tok)
        if found is not None and not whole:
            return [found]
        out: list[tuple[Entity, Token]] = [found] if found is not None else []
        seen = set(exclude) | {e.id for e, _ in out}
        for n, t in enumerate(_phrase_tokens(tok)):
            if n > SUBTREE_LIMIT or len(out) >= MAX_SUBTREE_ENTITIES:
                break
            if whole and t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "near"):
                continue  # "a meeting of the Council in Moscow": where, not with whom
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

    def speaker_of(self, trigger: Token) -> list[tuple[Entity, Token]]:
        """Who says the statement the trigger is in: the quote's speaker, else the subject of
        the verb of saying above it ("We" in a quote is its speaker)."""
        quote = self.quote_at(trigger.idx)
        sp = self.speaker(quote)
        subj = speech_subject(trigger, past_first_person=sp is None)
        if subj and not all(t.lower_ in FIRST_PERSON for t in subj):
            found = self.group(subj)
            if found:
                return found
        if sp is not None:
            return [(sp, trigger)]
        return self.group(subj) if subj else []

    def _last_acting_body(self, tok: Token) -> tuple[Entity, Token] | None:
        """The latest state or organisation acting as a subject in this or the previous sentence:
        what a subject "it" the coreference resolver left open refers to."""
        sent = tok.sent
        start = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        best = None
        for i in range(start, tok.i):
            e = self.by_token.get(i)
            t = self.doc[i]
            if e is None or e.code == "UNK" or e.label not in BODY_LABELS:
                continue
            head = t.head if t.dep_ in MOD_DEPS else t
            if head.dep_ in ("nsubj", "nsubjpass"):
                best = (self._canonical(e, t), t)
        return best

    def other_party(self, tok: Token, speaker: list[tuple[Entity, Token]],
                    ) -> list[tuple[Entity, Token]]:
        """"foreign interference": the latest party acting (subject or possessor) in this or the
        previous sentence that is not on the speaker's side."""
        sent = tok.sent
        prev = self.doc[sent.start - 1].sent if sent.start > 0 else sent
        own = {e.code for e, _ in speaker}
        best: tuple[Entity, Token] | None = None
        for i in range(prev.start, tok.i):
            e = self.by_token.get(i)
            if e is None or e.code in own or e.code == "UNK":
                continue
            t = self.doc[i]
            head = t.head if t.dep_ in MOD_DEPS else t
            if head.dep_ in ACTING_DEPS:
                best = (self._canonical(e, t), t)
        return [best] if best is not None else []

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
    misparsed = _subject_left_in_preposition(v)
    if misparsed is not None:
        return [misparsed], False
    if depth < 3 and v.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp") and not is_root(v):
        head = v.head
        if v.dep_ == "xcomp" and any(c.dep_ in ("dobj",) for c in head.children) and \
                head.lemma_.lower() in ("urge", "ask", "call", "encourage", "press", "allow",
                                         "help", "order", "force", "invite", "persuade"):
            return [c for c in head.children if c.dep_ == "dobj"], False
        if v.dep_ == "conj" and not passive:  # "countries have not been fooled and are ready"
            shared = [c for c in head.children if c.dep_ == "nsubjpass"]
            if shared:
                return shared, False
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
            if c.lower_ in RELATIVE and v.dep_ == "relcl":
                out.append(v.head)  # "Torshin, who was sanctioned by ...": the relative's noun
            elif c.dep_ == "dative" and c.pos_ == "ADP":
                out.extend(g for g in c.children if g.dep_ == "pobj")
            else:
                out.append(c)
        elif c.dep_ == "prep" and c.lower_ in RECIP_PREPS:
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if not any(c.dep_ == "prep" and c.lower_ in RECIP_PREPS for c in v.children):
        # the phrase may hang from the object: "granted asylum to five Panamanian officers",
        # "evacuated the wounded from the besieged Bosnian town of Gorazde"
        for o in v.children:
            if o.dep_ in ("dobj", "obj") and o.i not in skip:
                out.extend(g for c in o.children if c.dep_ == "prep"
                           and c.lower_ in OBJECT_PREPS for g in c.children if g.dep_ == "pobj")
    return out


def location_tokens(v: Token) -> list[Token]:
    """Where a material act took place ("lifted a night curfew in Montenegro"), on the verb
    or its object: the party it is done to when no other is named."""
    return [g for x in (v, *(c for c in v.children if c.dep_ in ("dobj", "obj")))
            for c in x.children if c.dep_ == "prep" and c.lower_ in ("in", "inside")
            for g in c.children if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC")]


def speech_subject(trigger: Token, past_first_person: bool = False) -> list[Token]:
    """The subject of the verb of saying that reports the trigger's clause; with
    ``past_first_person``, "Peskov said: 'We believe that ...'" gives Peskov, not "We"."""
    cur = trigger
    for _ in range(8):
        if is_root(cur):
            return []
        cur = cur.head
        if cur.pos_ == "VERB" and cur.lemma_.lower() in SPEECH:
            subj = [c for c in cur.children if c.dep_ in SUBJ_DEPS]
            if past_first_person and subj and all(t.lower_ in FIRST_PERSON for t in subj):
                continue
            return subj
    return []


OWN_CLAUSE = frozenset({"relcl", "ccomp", "advcl", "csubj"})


def _phrase_tokens(tok: Token) -> list[Token]:
    """The phrase's tokens in order, without clauses that have their own subject."""
    out: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in reversed(list(t.children)):
            if c.dep_ in OWN_CLAUSE or (c.dep_ == "acl" and any(
                    g.dep_ in ("nsubj", "nsubjpass") for g in c.children)):
                continue
            stack.append(c)
    out.sort(key=lambda t: t.i)
    return out


SUBORDINATING_PREPS = frozenset({"after", "before", "since", "until", "till", "as", "when",
                                 "while"})


def _subject_left_in_preposition(v: Token) -> Token | None:
    """"set up after a mob of whites attacked people": the parser reads "after" as a preposition
    and gives the finite verb no subject; the noun phrase right before it is its subject."""
    if v.tag_ not in ("VBD", "VBZ", "VBP") or v.i == 0:
        return None
    h = v.doc[v.i - 1]
    for _ in range(6):  # up from the phrase's last word to its head
        if (h.dep_ == "pobj" and h.head.lower_ in SUBORDINATING_PREPS) or is_root(h) \
                or h.head.i > v.i:
            break
        h = h.head
    if h.dep_ == "pobj" and h.head.lower_ in SUBORDINATING_PREPS and h.right_edge.i == v.i - 1:
        return h
    return None


def _ethnic(mod: Token) -> bool:
    """A demonym marked as an ethnicity: "ethnic-Lebanese", "ethnic Albanian"."""
    before = mod.doc[max(0, mod.i - 2):mod.i]
    return any(t.lower_ == "ethnic" for t in before) or mod.lower_.startswith("ethnic-")


def participant(entity: Entity, tok: Token) -> Participant:
    """The entity as the event sees it; offsets are those of the mention in this sentence."""
    if entity.start <= tok.idx < entity.end:
        start, end, text = entity.start, entity.end, entity.text
    else:
        start, end, text = tok.idx, tok.idx + len(tok.text), tok.text
    return Participant(code=entity.code or "UNK", sector=entity.sector,
                       name=entity.name or entity.text, entity=entity.id or None,
                       start=start, end=end, text=text)


def context_country(record: ArticleRecord) -> str | None:
    """The one country an article is about: the state code of most of its placed geopolitical
    mentions (countries, cities, demonyms resolved by the actor KB), if it dominates them."""
    counts = Counter(e.code for e in record.entities
                     if e.label in ("GPE", "NORP") and e.code and len(e.code) == 3
                     and e.code.isalpha() and e.code.isupper() and e.code not in ("UNK", "INT"))
    total = sum(counts.values())
    if total < CONTEXT_MIN_MENTIONS:
        return None
    code, n = counts.most_common(1)[0]
    return code if n / total >= CONTEXT_SHARE else None
