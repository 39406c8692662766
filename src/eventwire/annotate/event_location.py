"""Where each event happened: ``Event.location``, an index into ``record.places``.

Runs after the event coder. A place is an event's location when the event's
own clause says so: a literal place after a locative preposition ("clashes in
Tripoli", "talks at the Kremlin in Moscow") attached to the trigger or to a
noun below it with no other verb in between; for events that move something
(MOBILIZE, AID, a visit), the destination ("send troops to Libya"). A place
that belongs to a party ("Turkish President", "Ankara would not send") is never
the location: demonyms, metonymic and embedded places are skipped, and so is
any place inside an actor's or recipient's longer name. With no place in the
clause, a verbal event (a statement, a press conference: SUPPORT, REQUEST,
ACCUSE...) by an actor of the dateline's country is located at the dateline.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ..model import ArticleRecord, Event
from ..parse.tree import MAX_TREE_STEPS, is_root

if TYPE_CHECKING:
    from ..resources import Resources

LOCATING_ROLES = frozenset({"literal"})


class EventLocations:
    name = "event_location"
    requires = ("events", "places")
    assigns = ("events.location",)

    def __init__(self, resources: Resources) -> None:
        self.cues = resources.place_cues["event_location"]
        self.gazetteer = resources.gazetteer

    def __call__(self, doc: Doc, record: ArticleRecord) -> None:
        if not record.events or not record.places:
            return
        dateline = next((i for i, p in enumerate(record.places) if p.role == "dateline"), None)
        for ev in record.events:
            if ev.location is None:
                ev.location = self.locate(doc, record, ev, dateline)

    def locate(self, doc: Doc, record: ArticleRecord, ev: Event,
               dateline: int | None) -> int | None:
        trigger = _token(doc, ev.trigger_start, ev.trigger_end)
        if trigger is None:
            return None
        c = self.cues
        preps = c["locative_prep"] | (c["motion_prep"] if ev.event in c["motion_event"] else
                                      frozenset())
        # a place inside a party's longer name ("officials in Tripoli") is the place of
        # the party; a party that is just the literal place ("send troops to Libya", with
        # Libya taken as recipient) is still where the troops go
        parties = [(p.start, p.end) for p in ev.actor + ev.recipient
                   if p.start is not None and p.end is not None]
        sent = trigger.sent
        for i, place in enumerate(record.places):
            if place.role not in LOCATING_ROLES or not (
                    sent.start_char <= place.start < sent.end_char):
                continue
            if any(place.start < e and place.end > s and (s, e) != (place.start, place.end)
                   for s, e in parties):
                continue
            tok = _token(doc, place.start, place.end)
            if tok is not None and _locates(tok, trigger, preps):
                return i
        if dateline is not None and ev.event in c["statement_event"] and \
                _is_statement(trigger, c["statement_lemma"]) and \
                self._party_of(ev, record.places[dateline].country):
            return dateline
        return None

    def _party_of(self, ev: Event, iso2: str | None) -> bool:
        """A party of the event belongs to the dateline's country: Peskov speaking in
        Moscow, not the LNA's threat reported from Moscow."""
        if not iso2:
            return False
        gaz = self.gazetteer
        return any(gaz.iso2_of(p.code) == iso2 for p in ev.actor)


def _token(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _locates(place: Token, trigger: Token, preps: frozenset[str]) -> bool:
    """The place is the object of a locative preposition in the trigger's clause."""
    # "in Tripoli", also "in the Libyan capital, Tripoli" (an apposition)
    for _ in range(MAX_TREE_STEPS):
        if place.dep_ not in ("appos", "conj", "compound") or is_root(place):
            break
        place = place.head
    # "in a residential sector of eastern Beirut", "on the outskirts of Tripoli"
    for _ in range(MAX_TREE_STEPS):
        if place.dep_ != "pobj" or place.head.lower_ != "of" or is_root(place.head):
            break
        place = place.head.head
    prep = place.head
    if place.dep_ != "pobj" or prep.lower_ not in preps:
        return False
    h = prep.head
    for _ in range(MAX_TREE_STEPS):  # up from the preposition's head to the trigger,
        if h == trigger:              # crossing no other verb
            return True
        if h.pos_ in ("VERB", "AUX") or is_root(h):
            # the trigger is a noun inside this verb's clause ("talks" in "held talks in")
            return trigger.head == h or (h in trigger.ancestors and trigger.pos_ == "NOUN")
        h = h.head
    return False


def _is_statement(trigger: Token, lemmas: frozenset[str]) -> bool:
    """A statement: the trigger, or the verb it is reported by, is a statement word."""
    if trigger.lemma_ in lemmas:
        return True
    return any(t.lemma_ in lemmas and t.pos_ in ("VERB", "NOUN") for t in trigger.ancestors)
