"""The event coder: PLOVER events with CAMEO codes, participants, status, date and evidence.

For each body sentence: find triggers (lexicon.py) in the dependency parse,
drop those inside the complement of a trigger that already codes it
("threatened to sink" is one THREATEN), take actor and recipient
(arguments.py), status (status.py) and date (dating.py), then keep one event
per interaction in the article. Precision first: an event needs an actor
that is an entity of the record.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import ArticleRecord, Event, Participant
from .arguments import (FIRST_PERSON, ArgumentFinder, participant, recipient_tokens,
                        speech_subject, subject_tokens)
from .dating import TimeAttachments, event_date
from .lexicon import CLAUSE_DEPS, Entry, Lexicon, governor, lexicon, object_governor
from .ontology import Ontology, ontology
from .status import event_status

SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
BASE_CONFIDENCE = {"hand": 0.75, "petrarch2": 0.55}


class EventCoder:
    """Annotator: appends ``record.events``. Reads entities, times and quotes of the record."""

    name = "events"

    def __init__(self, lex: Lexicon | None = None, onto: Ontology | None = None,
                 require_known_actor: bool = False) -> None:
        self.lex = lex or lexicon()
        self.onto = onto or ontology()
        self.require_known_actor = require_known_actor

    def __call__(self, doc: Doc, record: ArticleRecord) -> None:
        if not len(doc) or not record.entities:
            return
        body = record.article.dateline.end if record.article.dateline else 0
        cands: list[tuple[Token, Entry]] = []
        for tok in doc:
            if tok.idx < body or not self.lex.candidates(tok):
                continue
            entry = self.lex.match(tok)
            if entry is not None:
                cands.append((tok, entry))
        if not cands:
            return
        cands = _prefer_nouns(cands)
        absorbed = self._absorbed(cands)
        args = ArgumentFinder(doc, record)
        times = TimeAttachments(doc, record)
        events = []
        for tok, entry in cands:
            if tok.i in absorbed:
                continue
            ev = self._event(doc, record, tok, entry, args, times)
            if ev is not None:
                events.append(ev)
        for n, ev in enumerate(_one_per_interaction(events)):
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
                out.update(t.i for t in tok.subtree if t is not tok)
        return out

    def _event(self, doc: Doc, record: ArticleRecord, tok: Token, entry: Entry,
               args: ArgumentFinder, times: TimeAttachments) -> Event | None:
        skip: set[int] = set()
        clause = tok
        if entry.kind == "noun":
            gov = governor(tok)
            clause = gov or tok
            poss = [c for c in tok.children if c.dep_ == "poss"]
            actor_toks = poss or (subject_tokens(gov)[0] if gov is not None else [])
            recip_toks = recipient_tokens(tok, skip)
            recip_toks += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                           for g in c.children if g.dep_ == "pobj"]  # "support of the UN's efforts"
            if gov is not None:
                path = {t.i for t in tok.ancestors}
                skip = {c.i for c in gov.children if c.i in path or c.i == tok.i}
                skip |= {c.i for c in gov.children if c.dep_ in ("dobj", "nsubjpass")}
                recip_toks += recipient_tokens(gov, skip)
        elif entry.kind == "adj":
            clause = tok.head if tok.dep_ in ("acomp", "amod", "attr") else tok
            actor_toks = subject_tokens(clause)[0] if clause is not tok else []
            recip_toks = [t for c in tok.children if c.dep_ in CLAUSE_DEPS
                          for t in recipient_tokens(c, skip)]
        else:
            actor_toks, passive = subject_tokens(tok)
            recip_toks = recipient_tokens(tok, skip, objects="topic" not in entry.flags)
            if "topic" in entry.flags:  # "discussed the crisis with Conte": "with" may hang low
                recip_toks += [g for c in tok.children if c.dep_ == "dobj" for t in c.subtree
                               if t.dep_ == "prep" and t.lower_ == "with"
                               for g in t.children if g.dep_ == "pobj"]
            if "absorb" in entry.flags:
                for c in tok.children:
                    if c.dep_ in CLAUSE_DEPS:
                        for v in (c, *c.conjuncts):
                            recip_toks += recipient_tokens(v, set())
                    elif c.dep_ == "prep":
                        recip_toks += [g for g in c.children if g.dep_ == "pcomp"]
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
        if not actors:
            spk = speech_subject(tok)
            actors = args.group(spk)
            confidence -= 0.15
            if not actors and quote is not None and args.speaker(quote) is not None \
                    and any(t.lower_ in FIRST_PERSON for t in actor_toks):
                actors = [(args.speaker(quote), tok)]  # type: ignore[list-item]
        if not actors:
            return None
        actor_ids = {e.id for e, _ in actors}
        recipients: list[tuple] = []
        seen = set(actor_ids)
        for r in recip_toks:
            direct = args.group([r]) if args.entity_for(r) is not None else []
            for e, t in direct or args.in_subtree(r, seen):
                if e.id in seen or (e.name and e.name in {a.name for a, _ in actors}):
                    continue
                seen.add(e.id)
                recipients.append((e, t))
        if self.require_known_actor and all(e.code == "UNK" for e, _ in actors):
            return None
        if len(actors) + len(recipients) >= 2 and entry.plover in SYMMETRIC:
            args.parties = (tok.sent.start, actors + recipients)
        info = self.onto.get(entry.cameo)
        status = event_status(tok, entry.plover)
        date, date_source = event_date(tok, clause if clause is not tok else None, status,
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


def _one_per_interaction(events: list[Event]) -> list[Event]:
    """The same interaction told twice is one event; a different explicit date is another."""
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
                match = (a | r) <= (ka | kr) or (ka | kr) <= (a | r)
            else:
                match = a == ka and (r == kr or not r or not kr)
            if same_sentence:
                match = match or bool(a & ka)
            if not match:
                continue
            explicit = (k.date_source or "").startswith("time:") and \
                (ev.date_source or "").startswith("time:")
            if explicit and k.date != ev.date and not same_sentence:
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
