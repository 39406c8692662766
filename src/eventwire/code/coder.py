"""The event coder: PLOVER events with CAMEO codes, participants, status, date and evidence.

For each body sentence: find triggers (lexicon.py) in the dependency parse,
drop those inside the complement of a trigger that already codes it
("threatened to sink" is one THREATEN), take actor and recipient
(arguments.py), status (status.py) and date (dating.py), then keep one event
per interaction in the article. Precision first: an event needs an actor
that is an entity of the record.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ..annotate.context import article_context
from ..model import ArticleRecord, Event, Participant
from .arguments import (FIRST_PERSON, ArgumentFinder, location_tokens, participant, recipient_tokens,
                        speech_subject, subject_tokens)
from .dating import TimeAttachments, event_date
from .lexicon import (BLOCK, CLAUSE_DEPS, Entry, Lexicon, governor, object_governor,
                      objects)
from .ontology import Ontology
from .status import (SPEECH, condition_subjects, condition_tokens, event_status, future_marked,
                     opinion_modal)

if TYPE_CHECKING:
    from ..resources import Resources

SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Types a statement can itself be: only these may take the speaker of the report as actor
SPEECH_ACTS = frozenset({"ACCUSE", "REQUEST", "SUPPORT", "REJECT", "THREATEN", "AGREE", "CONCEDE"})
# Verbal types that "can/could/might" turns into an opinion ("Russia can only welcome ...")
VERBAL = frozenset({"ACCUSE", "REQUEST", "SUPPORT", "REJECT", "AGREE", "CONCEDE"})
# Coercive acts that, announced on a condition ("if", "unless"), are threats: CAMEO code
CONDITIONAL_THREATS = {"ASSAULT": "138", "SANCTION": "131", "COERCE": "132"}
# Cooperation announced as not going to happen is a refusal (REJECT)
REFUSABLE = frozenset({"AGREE", "COOPERATE", "CONSULT", "AID"})
# Requests whose complement clause names, as its subject, the party asked to act
ADDRESSEE_FIRST = frozenset({"REQUEST"})
# Material acts done to the place where they happen when no party is named ("lifted a curfew
# in Montenegro", "deployed troops in Poland"); not protests, whose place is only a venue
LOCATED = frozenset({"COERCE", "CONCEDE", "RETREAT", "AID", "MOBILIZE", "ASSAULT", "SANCTION"})
# "foreign interference", "outside meddling": the other side of the interaction just told
UNNAMED_FOREIGN = frozenset({"foreign", "external", "outside", "overseas"})
BASE_CONFIDENCE = {"hand": 0.75, "petrarch2": 0.55}
# material acts whose unnamed perpetrators are coded with the article's country
UNNAMED_ATTACKER_TYPES = frozenset({"ASSAULT"})


class EventCoder:
    """Annotator: appends ``record.events``. Reads entities, times and quotes of the record."""

    name = "events"

    requires = ("entities", "times", "quotes")
    assigns = ("events",)

    def __init__(self, resources: Resources, require_known_actor: bool = True) -> None:
        self.lex: Lexicon = resources.event_lexicon
        self.onto: Ontology = resources.ontology
        self.roles = resources.coref_roles
        self.require_known_actor = require_known_actor

    def argument_finder(self, doc: Doc, record: ArticleRecord) -> ArgumentFinder:
        """The article's argument finder, over its shared context (one coreference)."""
        return ArgumentFinder(article_context(doc, record, self.roles), self.lex)

    def __call__(self, doc: Doc, record: ArticleRecord,
                 args: ArgumentFinder | None = None) -> None:
        """``args``: an argument finder of this article to share (it builds coreference)."""
        if not len(doc) or not record.entities:
            return
        body = record.article.dateline.end if record.article.dateline else 0
        cands: list[tuple[Token, Entry]] = []
        speech: list[tuple[Token, Entry]] = []
        conditions = condition_tokens(doc)
        for tok in doc:
            if tok.idx < body or not self.lex.candidates(tok):
                continue
            entry = self.lex.match(tok)
            if entry is None or entry.plover == BLOCK or tok.i in conditions:
                continue
            if entry.kind in ("modal", "adv"):
                speech.append((tok.head, entry))  # the event is the clause of the modal's verb
            elif "speaker_actor" in entry.flags:
                speech.append((tok, entry))
            else:
                cands.append((tok, entry))
        if not cands and not speech:
            return
        cands = _prefer_nouns(cands)
        args = args if args is not None else self.argument_finder(doc, record)
        times = TimeAttachments(doc, record)
        events = []
        # speech acts on a third party first: "Israel should abandon ..." is the speaker's
        # REQUEST, and the clause it covers is not also Israel's CONCEDE
        taken: set[int] = set()
        for tok, entry in speech:
            ev = self._event(doc, record, tok, entry, args, times, speech_act=True)
            if ev is not None:
                events.append(ev)
                taken.add(tok.i)
                if entry.kind == "adv":
                    taken.add(tok.i)  # "illegally occupied": the occupation is the accusation
                if entry.kind == "modal":
                    taken.update(t.i for v in (tok, *tok.conjuncts) for c in v.children
                                 if c.dep_ in CLAUSE_DEPS or c.dep_ == "dobj" for t in c.subtree)
                    taken.update(v.i for v in tok.conjuncts)
        n_speech = len(events)
        cands = [(t, e) for t, e in cands if t.i not in taken]
        absorbed = self._absorbed(cands)
        for tok, entry in cands:
            if tok.i in absorbed:
                continue
            ev = self._event(doc, record, tok, entry, args, times)
            if ev is not None:
                events.append(ev)
        statements = frozenset(id(e) for e in events[:n_speech])
        events.sort(key=lambda e: e.trigger_start or 0)
        people = frozenset(e.id for e in record.entities if e.label == "PERSON")
        for n, ev in enumerate(_one_per_interaction(events, statements, people)):
            ev.id = f"ev{n}"
            record.events.append(ev)

    @staticmethod
    def _absorbed(cands: list[tuple[Token, Entry]]) -> set[int]:
        out: set[int] = set()
        for tok, entry in cands:
            if "absorb" not in entry.flags:
                continue
            for c in tok.children:
                if c.dep_ in CLAUSE_DEPS:
                    out.update(t.i for t in c.subtree)
                elif c.dep_ == "prep" and entry.kind != "noun":
                    out.update(t.i for g in c.children if g.dep_ == "pcomp" for t in g.subtree)
        for tok, entry in cands:
            if entry.kind in ("noun", "adj"):  # a noun phrase's details belong to its event
                out.update(t.i for t in tok.subtree if t.i != tok.i)
            if entry.kind == "noun" and "absorb" in entry.flags and tok.dep_ in ("dobj", "obj"):
                # "reiterated its demand today that Israel ease restrictions": the parser hangs
                # the noun's clause on the verb
                out.update(t.i for c in tok.head.children if c.dep_ == "ccomp" for t in c.subtree)
        return out

    def _attack_agent(self, tok: Token) -> list[Token]:
        """"children have been killed ... in Ukrainian strikes": with no "by" phrase, the party
        named on the attack noun (itself an ASSAULT trigger of the lexicon) is the actor."""
        for c in tok.subtree:  # on the verb or a verb coordinated with it ("killed and wounded in")
            if c.dep_ != "prep" or c.lower_ not in ("in", "by", "during", "from") \
                    or c.head.pos_ != "VERB":
                continue
            for g in c.children:
                if g.dep_ == "pobj" and any(e.plover == "ASSAULT" for e in
                                            self.lex.index.get(("noun", g.lemma_.lower()), [])):
                    mods = [m for m in g.children if m.dep_ in ("amod", "compound", "poss")]
                    if mods:
                        return mods
        return []

    def _speech_act(self, tok: Token, entry: Entry, args: ArgumentFinder,
                    ) -> tuple[list, list] | None:
        """The speaker acts on the party the clause is about: "Lavrov stressed: Israel should
        abandon ..." (REQUEST Lavrov → Israel), "the US actions violate ..." (ACCUSE), "foreign
        interference will hardly help" (ACCUSE toward the foreign party just mentioned)."""
        if entry.kind == "noun":
            if tok.dep_ == "compound":
                return None  # "a war crimes suspect" names a person, not an accusation
            about = [c for c in tok.children if c.dep_ == "poss"]
            about += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
                      for g in c.children if g.dep_ == "pobj"]
            found = args.group(about) or (
                [args.entity_for(tok)] if args.entity_for(tok) is not None else [])
            speaker = args.speaker_of(tok)
            if not found and any(c.lower_ in UNNAMED_FOREIGN for c in tok.children
                                 if c.dep_ == "amod"):
                found = args.other_party(tok, speaker)
        else:
            subj, _ = subject_tokens(tok)
            found = args.group(subj)
            speaker = args.speaker_of(tok)
        speaker = [(e, t) for e, t in speaker if e.code != "UNK"]
        if not speaker or not found:
            return None
        s_ids = {e.id for e, _ in speaker}
        s_codes = {e.code for e, _ in speaker}
        if entry.kind == "modal" and any(e.code in s_codes for e, _ in found):
            return None  # "China and Singapore should ...", said a Chinese official: no request
        found = [(e, t) for e, t in found if e.id not in s_ids and e.code != "UNK"]
        return (speaker, found) if found else None

    def _event(self, doc: Doc, record: ArticleRecord, tok: Token, entry: Entry,
               args: ArgumentFinder, times: TimeAttachments, speech_act: bool = False,
               ) -> Event | None:
        skip: set[int] = set()
        clause = tok
        if speech_act:
            sides = self._speech_act(tok, entry, args)
            if sides is None:
                return None
            return self._make(doc, record, tok, entry, sides[0], sides[1], args, times,
                              BASE_CONFIDENCE.get(entry.source, 0.5) - 0.1, "actual",
                              speech_act=True)
        if entry.plover in VERBAL and opinion_modal(tok):
            return None
        whole: list[Token] = []
        if entry.kind == "noun":
            gov = governor(tok)
            clause = gov or tok
            poss = [c for c in tok.children if c.dep_ == "poss"]
            # "a U.S. warning", "Ukrainian strikes": a modifier naming a party is the actor
            poss = poss or _pobjs(tok, "by")  # "retaliatory attacks by ethnic-Lebanese men"
            poss = poss or [c for c in tok.children if c.dep_ in ("compound", "amod")
                            and c.i in args.by_token]
            gov_subj = subject_tokens(gov)[0] if gov is not None else []
            if poss and all(t.pos_ == "PRON" for t in poss) and gov_subj:
                poss = []  # "X confirmed their readiness": "their" is the subject X
            actor_toks = poss or gov_subj
            recip_toks = recipient_tokens(tok, skip)
            whole = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                     for g in c.children if g.dep_ == "pobj"]  # "support of the UN's efforts"
            if gov is not None:
                path = {t.i for t in tok.ancestors}
                skip = {c.i for c in gov.children if c.i in path or c.i == tok.i}
                skip |= {c.i for c in gov.children if c.dep_ in ("dobj", "nsubjpass")}
                recip_toks += recipient_tokens(gov, skip)
        elif entry.kind == "adj":
            clause = tok.head if tok.dep_ in ("acomp", "amod", "attr") else tok
            actor_toks = subject_tokens(clause)[0] if clause.i != tok.i else []
            recip_toks = [t for c in tok.children if c.dep_ in CLAUSE_DEPS
                          for t in recipient_tokens(c, skip)]
        else:
            actor_toks, passive = subject_tokens(tok)
            if passive and not actor_toks:
                actor_toks = self._attack_agent(tok)
            recip_toks = recipient_tokens(tok, skip, objects="topic" not in entry.flags)
            if "topic" in entry.flags:  # "discussed the crisis with Conte": "with" may hang low
                recip_toks += [g for c in tok.children if c.dep_ == "dobj" for t in c.subtree
                               if t.dep_ == "prep" and t.lower_ == "with"
                               for g in t.children if g.dep_ == "pobj"]
            if "absorb" in entry.flags:
                for c in tok.children:
                    if c.dep_ == "ccomp" and entry.plover in ADDRESSEE_FIRST:
                        # "demanded that the US cancel plans": who is to act is addressed first
                        recip_toks = [g for g in c.children if g.dep_ == "nsubj"] + recip_toks
                    if c.dep_ in CLAUSE_DEPS:
                        for v in (c, *c.conjuncts):
                            recip_toks += recipient_tokens(v, set())
                            if entry.plover == "THREATEN":  # "... if the United States goes ahead"
                                recip_toks += [g for a in v.children if a.dep_ == "advcl" and any(
                                    m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                    for m in a.children)
                                    for g in a.children if g.dep_ == "nsubj"]
                    elif c.dep_ == "prep":
                        recip_toks += [g for g in c.children if g.dep_ == "pcomp"]
        if "recip_in" in entry.flags:  # "took part in a meeting of the Council"
            whole += _pobjs(tok, "in")
        if "recip_from" in entry.flags:  # "withdraw troops from Lebanon"
            recip_toks += _pobjs(tok, "from")
        if "recip_through" in entry.flags:  # "maintains a transit of gas through Ukraine"
            recip_toks += _pobjs(tok, "through")
        if "absorb" in entry.flags:  # "willing to withdraw its troops from Lebanon"
            for c in tok.children:
                if c.dep_ in CLAUSE_DEPS and c.pos_ in ("VERB", "AUX"):
                    sub = self.lex.match(c) if self.lex.candidates(c) else None
                    if sub is not None and "recip_from" in sub.flags:
                        recip_toks += _pobjs(c, "from")
        if "absorb" in entry.flags and entry.kind in ("noun", "adj"):
            # "confirmed their readiness to become BRICS partners": the complement's parties
            for c in tok.children:
                if c.dep_ in CLAUSE_DEPS or c.dep_ == "acl":
                    for v in (c, *c.conjuncts):
                        recip_toks += recipient_tokens(v, set())
                        recip_toks += [g for g in v.children if g.dep_ in ("attr", "oprd")]
        quote = args.quote_at(tok.idx)
        actors = args.group(actor_toks)
        if _plural_reference(actor_toks) and args.parties is not None \
                and tok.sent.start - args.parties[0] <= 120:
            actors = args.parties[1]  # "They have confirmed ..." after "Putin ... with Conte"
        confidence = BASE_CONFIDENCE.get(entry.source, 0.5) - (0.2 if "low" in entry.flags else 0)
        if actors and quote is not None and all(t.lower_ in FIRST_PERSON for t in actor_toks):
            sp = args.speaker(quote)
            if sp is not None:
                actors = [(sp, actor_toks[0])]
        passive = tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubjpass" for c in tok.children)
        no_subject = not actor_toks or all(t.lower_ in FIRST_PERSON for t in actor_toks)
        if not actors and not passive and no_subject and (entry.plover in SPEECH_ACTS or event_status(
                tok, entry.plover) in ("future", "hypothetical")):
            # a statement's act with no subject of its own is the speaker's, and so is a plan
            # the speaker announces ("a legislation for deploying troops would be presented");
            # a material act that happened is nobody's we can name ("an elderly man attacked
            # with a crowbar", a police spokesman said)
            spk = speech_subject(tok)
            actors = args.group(spk)
            confidence -= 0.15
            if not actors and quote is not None and args.speaker(quote) is not None \
                    and any(t.lower_ in FIRST_PERSON for t in actor_toks):
                actors = [(args.speaker(quote), tok)]  # type: ignore[list-item]
        unnamed_actor = False
        if not actors and entry.plover in UNNAMED_ATTACKER_TYPES and "low" not in entry.flags:
            # "an elderly man attacked with a crowbar", "a roadside bombing near Samarra killed
            # one U.S. soldier": unidentified attackers of the country where it happened, or of
            # the one country the article is about (§2.2)
            unnamed = (no_subject and (passive or (tok.dep_ == "acl" and tok.tag_ == "VBN"))) or (
                bool(actor_toks) and all(
                t.lemma_.lower() in self.lex.attack_instruments for t in actor_toks))
            code = args.place_country(tok) if unnamed else None
            if unnamed and code is None and not args.foreign_in_sentence(tok):
                code = args.context_code
            if code is not None:
                actors = [(args.unnamed_attackers(tok, code), tok)]
                confidence -= 0.2
                unnamed_actor = True
        if not actors:
            return None
        actor_ids = {e.id for e, _ in actors}
        recipients: list[tuple] = []
        seen = set(actor_ids)
        for r in recip_toks + whole:
            direct = args.group([r]) if args.entity_for(r) is not None and r not in whole else []
            for e, t in direct or args.in_subtree(r, seen, whole=r in whole):
                if e.id in seen or (e.name and e.name in {a.name for a, _ in actors}):
                    continue
                seen.add(e.id)
                recipients.append((e, t))
        if not recipients and entry.plover in LOCATED and entry.kind == "verb":
            for r in location_tokens(tok):
                for e, t in args.group([r]):
                    if e.id not in seen and e.code not in {a.code for a, _ in actors}:
                        seen.add(e.id)
                        recipients.append((e, t))
        victims = [o for o in objects(tok) if o.i not in args.by_token and o.pos_ == "NOUN"]
        if not recipients and entry.plover in UNNAMED_ATTACKER_TYPES and victims \
                and not unnamed_actor:
            # "Palestinian suicide bombers killed 23 people ... in Tel Aviv": unnamed victims are
            # of the country where the attack happened, when that is not the attackers' own
            code = args.place_country(tok, literal_only=True)
            if code is not None and code not in {a.code for a, _ in actors}:
                recipients.append((args.unnamed_party(victims[0], code), victims[0]))
        if self.require_known_actor:
            # GUIDELINES §2.2 codes every participant; an entity the KB cannot place is
            # almost always a phrase the resolver missed ("troops", "Butina"), not a party
            actors = [(e, t) for e, t in actors if e.code != "UNK"]
            recipients = [(e, t) for e, t in recipients if e.code != "UNK"]
            if not actors:
                return None
        if unnamed_actor and not recipients:
            return None  # "28 people have been killed in ethnic riots": no party on either side
        cond = condition_subjects(tok) if entry.plover in CONDITIONAL_THREATS else None
        if cond is not None and event_status(tok, entry.plover) in ("future", "hypothetical"):
            # "will withdraw its force unless Goukouni arranges a ceasefire": a conditional
            # coercive act announced is a threat, made now, to whoever the condition names
            entry = replace(entry, id=f"{entry.id}+if", plover="THREATEN",
                            cameo=CONDITIONAL_THREATS[entry.plover], mode=None)
            for e, t in args.group(cond):
                if e.id not in seen and e.code != "UNK":
                    seen.add(e.id)
                    recipients.append((e, t))
            return self._make(doc, record, tok, entry, actors, recipients, args, times,
                              confidence - 0.1, "actual", clause)
        if "self_clause" in entry.flags and not _own_act(tok, actors, args):
            return None
        if "need_recip" in entry.flags and not recipients:
            return None  # "investigators started a probe" of a crash is no accusation
        return self._make(doc, record, tok, entry, actors, recipients, args, times, confidence,
                          None, clause)

    def _make(self, doc: Doc, record: ArticleRecord, tok: Token, entry: Entry, actors: list,
              recipients: list, args: ArgumentFinder, times: TimeAttachments,
              confidence: float, status: str | None, clause: Token | None = None,
              speech_act: bool = False) -> Event:
        clause = clause if clause is not None else tok
        quote = args.quote_at(tok.idx)
        if len(actors) + len(recipients) >= 2 and entry.plover in SYMMETRIC:
            args.parties = (tok.sent.start, actors + recipients)
        info = self.onto.get(entry.cameo)
        status = status or event_status(tok, entry.plover)
        if status == "negated" and entry.plover in REFUSABLE and entry.source == "hand" \
                and future_marked(tok):
            # "Kiev announced that it will not renew the contract": a refusal, made now
            entry = replace(entry, id=f"{entry.id}+not", plover="REJECT", cameo="120", mode=None)
            status = "actual"
        anchor = tok
        if speech_act:  # a statement's act happens when it is said: date the verb of saying
            anchor = next((h for h in tok.ancestors if h.pos_ == "VERB"
                           and h.lemma_.lower() in SPEECH), tok)
        date, date_source = event_date(anchor, clause if clause.i != tok.i else None, status,
                                       record, times, quote, doc)
        sent = tok.sent
        text = record.article.text
        s, e = sent.start_char, sent.end_char
        while e > s and text[e - 1].isspace():
            e -= 1
        trig_end = tok.idx + len(tok.text)
        if recipients:
            confidence += 0.1
        return Event(
            event=entry.plover,
            actor=[participant(x, t) for x, t in actors],
            recipient=[participant(x, t) for x, t in recipients],
            evidence=text[s:e], evidence_start=s, evidence_end=e,
            trigger=tok.text, trigger_start=tok.idx, trigger_end=trig_end,
            rule=f"lex:{entry.id}", mode=entry.mode, cameo=entry.cameo,
            quad_class=info.quad_class if info else None,
            goldstein=info.goldstein if info else None,
            date=date, date_source=date_source, status=status,
            confidence=round(max(0.05, min(0.95, confidence)), 2))


def _pobjs(v: Token, prep: str) -> list[Token]:
    """Objects of the verb's (or its object's) preposition ``prep``."""
    return [g for x in (v, *(c for c in v.children if c.dep_ in ("dobj", "obj")))
            for c in x.children if c.dep_ == "prep" and c.lower_ == prep
            for g in c.children if g.dep_ == "pobj"]


SELF_REFERENCE = frozenset({"it", "he", "she", "they", "we", "i"})


def _own_act(tok: Token, actors: list, args: ArgumentFinder) -> bool:
    """"warned that his country would respond": the act warned of is the actor's own (its
    subject a pronoun, "his country", or an entity of the actor's side), not a forecast."""
    codes = {e.code for e, _ in actors}
    for c in tok.children:
        if c.dep_ != "ccomp":
            continue
        for s in c.children:
            if s.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if s.lower_ in SELF_REFERENCE or any(
                    g.dep_ == "poss" and g.lower_ in ("his", "her", "its", "our", "their")
                    for g in s.children):
                return True
            found = args.entity_for(s)
            return found is not None and found[0].code in codes
    return False


def _prefer_nouns(cands: list[tuple[Token, Entry]]) -> list[tuple[Token, Entry]]:
    """"expressed support", "imposed sanctions": the noun's entry codes the event, not the verb's."""
    noun_govs = {object_governor(t).i for t, e in cands if e.kind == "noun"
                 and object_governor(t) is not None}
    return [(t, e) for t, e in cands if not (e.kind == "verb" and t.i in noun_govs
                                             and e.source != "hand")]


PLURAL_REFS = frozenset({"they", "their", "both", "sides", "leaders", "presidents"})


def _plural_reference(toks: list[Token]) -> bool:
    """"they", "both sides", "the two leaders": the parties of the interaction just told."""
    return len(toks) == 1 and toks[0].lower_ in PLURAL_REFS and not toks[0].conjuncts


def _side_key(side: list[Participant]) -> frozenset[str]:
    """Who a side is: its state/organisation codes when known, else its names."""
    return frozenset(p.code if p.code and p.code != "UNK" else (p.name or "").lower() for p in side)


def _same_period(a: str | None, b: str | None) -> bool:
    """"2024-09" and "2024-09-13" can be the same event told at two precisions."""
    a, b = a or "", b or ""
    return a.startswith(b) or b.startswith(a)


def _persons(side: list[Participant], people: frozenset[str]) -> set[str]:
    """The people on a side: "Ankara" and "Erdogan" can be one actor, Burr and Schiff cannot."""
    return {(p.name or "").lower() for p in side if p.entity in people}


def _one_per_interaction(events: list[Event], statements: frozenset[int] = frozenset(),
                         people: frozenset[str] = frozenset()) -> list[Event]:
    """The same interaction told twice is one event; a different explicit date is another.
    ``statements``: ids of events coded from what a speaker said about a third party."""
    kept: list[Event] = []
    for ev in events:
        a, r = _side_key(ev.actor), _side_key(ev.recipient)
        dup = None
        for k in kept:
            if k.event != ev.event:
                continue
            ka, kr = _side_key(k.actor), _side_key(k.recipient)
            same_sentence = k.evidence_start == ev.evidence_start
            if ev.event in SYMMETRIC:
                # the same parties, or a report naming a pair of them again ("Putin and Conte
                # also discussed"); one party alone is not enough to call it the same interaction
                small = min((a | r), (ka | kr), key=len)
                match = (a | r) == (ka | kr) or (len(small) >= 2 and (
                    (a | r) <= (ka | kr) or (ka | kr) <= (a | r)))
            else:
                # and the same actor by name: two officials of one state are two actors
                pa, pk = _persons(ev.actor, people), _persons(k.actor, people)
                match = a == ka and (r == kr or not r or not kr) and \
                    (not pa or not pk or bool(pa & pk))
                if id(ev) in statements or id(k) in statements:
                    # a speaker's two statements about one party are two speech acts
                    match = match and (same_sentence or ev.trigger.lower() == k.trigger.lower())
            if same_sentence:
                match = match or bool(a & ka)
            elif k.mode and ev.mode and k.mode != ev.mode:
                match = False  # arrests, then checkpoints: two acts of the same police
            if not match:
                continue
            explicit = (k.date_source or "").startswith("time:") and \
                (ev.date_source or "").startswith("time:")
            if explicit and not same_sentence and not _same_period(k.date, ev.date):
                continue
            dup = k
            break
        if dup is None:
            kept.append(ev)
            continue
        # keep the first report; take what the second adds
        if not dup.mode and ev.mode:
            dup.mode = ev.mode
        if not dup.recipient and ev.recipient:
            dup.recipient = ev.recipient
        if not (dup.date_source or "").startswith("time:") and (ev.date_source or "").startswith("time:"):
            dup.date, dup.date_source = ev.date, ev.date_source
        dup.confidence = round(min(0.95, max(dup.confidence, ev.confidence) + 0.05), 2)
    return kept
