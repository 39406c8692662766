"""The learned event coder: candidates → type → arguments → status → date → merge.

1. **Candidates**: verbs, nouns and adjectives of body sentences (features.py).
2. **Type**: a trained classifier gives each candidate a PLOVER type or none.
3. **Arguments**: a second classifier scores every (trigger, mention) pair of the sentence
   as actor, recipient or neither; the rule coder's readings of the parse are its features.
4. **Status** and 5. **date**: the rules of status.py and dating.py, which held up on
   held-out text (issue 12 measures them).
6. **Merge**: one event per interaction in the article, as the rule coder does.

An event whose actor the classifier finds no mention for is kept when the type classifier
is sure of it, with the best code there is: the article's one state, else ``UNK``.
Every event names the model (``rule``), its trigger, its evidence sentence and offsets,
and ``confidence`` is the model's probability of the event and its actor.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc, Token

from ..model import ArticleRecord, Event, Participant
from .arguments import ArgumentFinder, participant
from .coder import EventCoder, _one_per_interaction
from .dating import TimeAttachments, event_date
from .event_model import EventModel, softmax
from .features import (Mention, RuleHints, argument_features, argument_matrix, doc_arrays,
                       mentions, trigger_candidates, trigger_context, trigger_matrix)
from .lexicon import Lexicon
from .ontology import Ontology
from .status import event_status

if TYPE_CHECKING:
    from ..resources import Resources

# candidates below this event probability are not looked at again (any threshold is above)
FLOOR = 0.1
MAX_PARTIES = 3  # per side; "Putin and Conte", rarely more


@dataclass
class ScoredTrigger:
    """A candidate with its type probabilities and its mentions' role probabilities."""

    tok: Token
    etype: str
    p_event: float
    mentions: list[Mention]
    roles: np.ndarray  # (mentions, 3): none, actor, recipient


class LearnedEventCoder:
    """Annotator: appends ``record.events``. Reads entities, times, places and quotes."""

    name = "events"

    requires = ("entities", "times", "places", "quotes")
    assigns = ("events",)

    def __init__(self, resources: Resources, model: EventModel | None = None,
                 keep_rule_events: bool = False) -> None:
        self.model = model or resources.event_model
        self.keep_rule_events = keep_rule_events
        self.lex: Lexicon = resources.event_lexicon
        self.onto: Ontology = resources.ontology
        self.types = self.model.trigger_classes
        self.rules = EventCoder(resources)

    def hints(self, doc: Doc, record: ArticleRecord,
              args: ArgumentFinder | None = None) -> RuleHints:
        return rule_hints(self.rules, doc, record, args)

    def __call__(self, doc: Doc, record: ArticleRecord) -> None:
        args = self.rules.argument_finder(doc, record) if len(doc) and record.entities else None
        hints = self.hints(doc, record, args) if args is not None else None
        scored = self.score(doc, record, hints=hints, args=args)
        events = self.decide(doc, record, scored, self.model.thresholds,
                             hints if self.keep_rule_events else None)
        for n, ev in enumerate(events):
            ev.id = f"ev{n}"
            record.events.append(ev)

    # -------------------------------------------------------------- type, arguments
    def score(self, doc: Doc, record: ArticleRecord, floor: float = FLOOR,
              hints: RuleHints | None = None,
              args: ArgumentFinder | None = None) -> list[ScoredTrigger]:
        if not len(doc) or not record.entities:
            return []
        toks = trigger_candidates(doc, record)
        if not toks:
            return []
        args = args if args is not None else self.rules.argument_finder(doc, record)
        hints = hints if hints is not None else self.hints(doc, record, args)
        m = self.model
        probs = softmax(trigger_matrix(doc, toks, self.lex, args, hints) @ m.trigger_coef.T
                        + m.trigger_intercept)
        p_event = 1.0 - probs[:, 0]
        out: list[ScoredTrigger] = []
        rows: list[list[str]] = []  # every candidate's mention rows, scored in one product
        by_sent: dict[int, list[Mention]] = {}
        starts, _ = doc_arrays(doc)
        for k in np.flatnonzero(p_event >= floor):
            tok = toks[k]
            etype = self.types[1 + int(np.argmax(probs[k, 1:]))]
            start = starts[tok.i]
            if start not in by_sent:
                by_sent[start] = mentions(tok.sent, args)
            speakers = args.speaker_of(tok)
            ms = candidate_mentions(tok, by_sent[start], speakers)
            ctx = trigger_context(tok, args, hints, speakers)
            rows += [argument_features(tok, etype, x, ctx) for x in ms]
            out.append(ScoredTrigger(tok, etype, float(p_event[k]), ms,
                                     np.zeros((len(ms), 3), np.float32)))
        if rows:
            roles = softmax(argument_matrix(rows) @ m.argument_coef.T + m.argument_intercept)
            at = 0
            for s in out:
                s.roles = roles[at:at + len(s.mentions)]
                at += len(s.mentions)
        out.sort(key=lambda s: s.tok.i)
        return out

    # -------------------------------------------------------------- decisions
    def decide(self, doc: Doc, record: ArticleRecord, scored: list[ScoredTrigger],
               th: dict[str, float], rules: RuleHints | None = None) -> list[Event]:
        """The events over the thresholds. With ``rules`` (the hybrid coder), the rule
        coder's events come first, since they are precise where they fire; a model event in
        a sentence the rules already coded needs the higher ``beside_rule`` probability;
        then one event per interaction over both."""
        starts, _ = doc_arrays(doc)
        ruled = {starts[i] for i in rules.by_token} if rules is not None else set()
        args = None
        times = TimeAttachments(doc, record)
        events: list[Event] = []
        people = frozenset(e.id for e in record.entities if e.label == "PERSON")
        for s in scored:
            if s.p_event < th["trigger"] or (starts[s.tok.i] in ruled
                                             and s.p_event < th["beside_rule"]):
                continue
            actors = _pick(s, 1, th["actor"], set())
            taken = {x.entity.id for x in actors}
            recipients = _pick(s, 2, th["recipient"], taken)
            if actors:
                p_actor = float(max(s.roles[i, 1] for i, x in enumerate(s.mentions)
                                    if x in actors))
                actor_parts = [participant(x.entity, x.tok) for x in actors]
            else:
                if s.p_event < th["unplaced"]:
                    continue
                if args is None:
                    args = self.rules.argument_finder(doc, record)
                p_actor = 0.5  # even odds on the fallback actor; the calibration maps it
                actor_parts = [_unplaced(s.tok, args.context_code)]
            a_codes = {p.code for p in actor_parts}
            recip_parts = [participant(x.entity, x.tok) for x in recipients
                           if x.entity.code not in a_codes or x.entity.code == "UNK"]
            events.append(self._event(doc, record, s, actor_parts, recip_parts, times,
                                      s.p_event * p_actor))
        if rules is not None:
            events = list(rules.events) + events
        return [replace(e, confidence=round(self.model.calibrated(
                    e.confidence, "model" if e.rule.startswith("model:") else "rules"), 3))
                for e in _one_per_interaction(events, frozenset(), people)]

    def _event(self, doc: Doc, record: ArticleRecord, s: ScoredTrigger,
               actors: list[Participant], recipients: list[Participant],
               times: TimeAttachments, confidence: float) -> Event:
        tok = s.tok
        entry = self.lex.match(tok) if self.lex.candidates(tok) else None
        if entry is not None and entry.plover == s.etype:
            cameo, mode = entry.cameo, entry.mode
        else:
            codes = sorted(self.onto.codes_for(s.etype), key=lambda c: (len(c), c))
            cameo, mode = (codes[0] if codes else None), None
        info = self.onto.get(cameo)
        status = event_status(tok, s.etype)
        quote = next((q for q in record.quotes if q.start <= tok.idx < q.end), None)
        date, date_source = event_date(tok, None, status, record, times, quote, doc)
        sent = tok.sent
        text = record.article.text
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        return Event(
            event=s.etype, actor=actors, recipient=recipients,
            evidence=text[start:end], evidence_start=start, evidence_end=end,
            trigger=tok.text, trigger_start=tok.idx, trigger_end=tok.idx + len(tok.text),
            rule=self.model.id, mode=mode, cameo=cameo,
            quad_class=info.quad_class if info else None,
            goldstein=info.goldstein if info else None,
            date=date, date_source=date_source, status=status,
            confidence=round(float(confidence), 3))


def rule_hints(rules: EventCoder, doc: Doc, record: ArticleRecord,
               args: ArgumentFinder | None = None) -> RuleHints:
    """The rule coder's reading of the article, as features; the record is left as it was."""
    kept = record.events
    record.events = []
    try:
        rules(doc, record, args)
        return RuleHints.of(doc, record.events)
    finally:
        record.events = kept


def _pick(s: ScoredTrigger, role: int, threshold: float, taken: set[str]) -> list[Mention]:
    """The most probable mention for ``role`` when over the threshold, then any other whose
    most probable role it is ("Putin and Conte"), at most MAX_PARTIES."""
    order = np.argsort(-s.roles[:, role], kind="stable") if len(s.mentions) else []
    out: list[Mention] = []
    for i in order:
        x = s.mentions[int(i)]
        p = s.roles[int(i)]
        if p[role] < threshold or x.entity.id in taken:
            continue
        if out and int(np.argmax(p)) != role:
            continue
        out.append(x)
        taken.add(x.entity.id)
        if len(out) >= MAX_PARTIES:
            break
    return out


def _unplaced(tok: Token, context_code: str | None) -> Participant:
    """The actor of an event no mention is found for: the article's one state, else UNK."""
    return Participant(code=context_code or "UNK", name=None, entity=None,
                       start=tok.idx, end=tok.idx + len(tok.text), text=tok.text)


def candidate_mentions(tok: Token, in_sentence: list[Mention], speakers: list,
                       ) -> list[Mention]:
    """The sentence's mentions other than the trigger itself ("protesters" is no party to
    its own protest), and the statement's speaker (``args.speaker_of``) when it is named
    outside the sentence."""
    out = [x for x in in_sentence if x.tok.i != tok.i]
    for e, _ in speakers:
        if not any(x.entity.id == e.id for x in out):
            out.append(Mention(e, tok))
    return out
