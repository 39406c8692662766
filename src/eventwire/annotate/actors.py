"""Actor resolution: every person, organisation, country and group mention → a canonical entity.

Candidates come from two sources: a spaCy ``PhraseMatcher`` built once from the knowledge
base (actor aliases, seats of government, country names and demonyms) and spaCy's own
named-entity recogniser. Each mention is then resolved, in this order:

1. seats of government ("the Kremlin") and capitals acting as agents ("Ankara said",
   "Tripoli's request") → that state's government (``metonymy``);
2. the KB, with the role held at the article's date (``kb``);
3. descriptors around the name ("Italian Prime Minister Giuseppe Conte", "Peskov, the
   Kremlin spokesman") → country, office, sector, even for people absent from the KB
   (``descriptor``);
4. in-document coreference: "Putin" after "Vladimir Putin", acronyms defined in the text
   ("Government of National Accord (GNA)"), "the Russian leader", "the spokesman"
   (``coreference``).

Generic role nouns ("police", "rebels", "the foreign ministry") become ``AGENT`` entities
with the sector of the agents table and the country of their modifier ("Australian
police"), or of the dateline when nothing else places them (``context``). Names that
nothing resolves stay ``UNK``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..kb import KB, ORG_CODES, Resolution, alias_key
from ..model import ArticleRecord, Entity
from ..parse.phrases import PhraseIndex, tokens_of
from .descriptors import nationality_before, role_in, state_for

if TYPE_CHECKING:
    from ..resources import Resources

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
KIND_LABEL = {"person": "PERSON", "org": "ORG", "group": "ORG", "country": "GPE",
              "demonym": "NORP", "capital": "GPE", "seat": "ORG"}
# Words that qualify an office without being one; "former" also ends the role.
OFFICE_MODIFIERS = frozenset({"former", "ex", "ex-", "new", "then", "acting", "interim",
                              "outgoing", "incoming", "deputy", "vice", "self-proclaimed",
                              "late", "first", "chief", "top", "senior", "current", "caretaker",
                              "assistant", "associate", "honorary", "permanent"})
FORMER = frozenset({"former", "ex", "ex-", "late", "outgoing"})
TITLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sheikh", "lt.", "gen.",
                    "col.", "maj.", "sen.", "rep.", "gov.", "adm.", "sgt.", "capt.", "prof.",
                    "ayatollah", "sir", "lord", "prince", "emir", "king", "queen"})
# Role nouns that name one person and can refer back to a named one ("the spokesman").
PERSONAL_ROLES = frozenset({"leader", "president", "premier", "chancellor", "minister",
                            "spokesman", "spokeswoman", "spokesperson", "secretary", "king",
                            "commander", "envoy", "ambassador", "marshal", "general", "emir",
                            "prime minister", "foreign minister", "defence minister",
                            "defense minister", "head", "chief", "official", "diplomat"})
DOMESTIC_SECTORS = frozenset({"COP", "CVL", "LEG", "JUD", "OPP", "REB", "EDU", "LAB", "REL", "REF"})
# State agents ("troops", "the military", "the government") name no country themselves;
# they take one only when the article leaves no doubt whose they are (_state_country).
STATE_SECTORS = frozenset({"MIL", "GOV"})
# "Vietnamese-led forces", "Chinese-owned firms" belong to the named country; "-backed",
# "-funded" do not.
# "the Trump administration", "the Erdogan government": the leader's government, one actor
LEADER_BODIES = frozenset({"administration", "government", "cabinet", "regime"})
LEADING_PARTICIPLES = frozenset({"led", "owned", "run", "controlled", "commanded"})
# "unidentified gunmen" cannot be placed (UNK, GUIDELINES 2.2), whatever the article's
# country; "foreign troops" are unnamed foreign parties (INT).
UNPLACED_MODIFIERS = frozenset({"unidentified", "unknown", "unnamed", "anonymous", "masked"})
FOREIGN_MODIFIERS = frozenset({"foreign", "multinational", "multi-national", "international"})
PLACE_KINDS = frozenset({"country", "demonym", "capital", "seat", "place"})
# A country after these prepositions is where something happens, not who acts.
LOCATIVE_PREPS = frozenset({"in", "at", "into", "inside", "within", "across", "throughout",
                            "near", "to", "around", "over", "outside", "through"})
# "Ambassador to Havana", "envoy in Kabul": a place after these is a posting.
POSTING_PREPS = frozenset({"to", "in", "at"})
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "poss", "dobj", "dative"})
ACRONYM_RE = re.compile(r"^[A-Z][A-Z.\-]{1,7}$")
STOP_INITIALS = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "al", "el"})


@dataclass(slots=True)
class Mention:
    start: int  # token indexes
    end: int
    label: str
    source: str  # kb, ner, agent
    res: Resolution | None = None
    office: str | None = None
    resolved_by: str = "ner"
    consumed: list[tuple[int, int]] = field(default_factory=list)
    desc: "Descriptor | None" = None  # what the words around the name say (kept for later steps)
    weak: bool = False  # a bare surname the KB matched only by its last word


class ActorResolver:
    """The ``actors`` annotator (it replaces the bare ``NamedEntities`` baseline)."""

    name = "actors"
    requires = ("article",)
    assigns = ("entities",)

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self.role_states = resources.role_states
        self._built = self._build()  # the matchers, now: not inside the first article

    # ---------------------------------------------------------------- construction
    @property
    def kb(self) -> KB:
        return self.resources.kb

    def place_country(self, text: str) -> str | None:
        """The country of a town or US state the name may stand for ("Sydney" → AUS)."""
        return self.resources.gazetteer.place_country(text)

    def _matchers(self, doc: Doc) -> tuple[PhraseIndex, PhraseIndex]:
        return self._built

    @staticmethod
    def name_labels(kb: KB) -> dict[str, str]:
        """The names the matcher looks for → ACTOR, SEAT or PLACE."""
        names: dict[str, str] = {}
        # The PETRARCH bulk people (18k) are found by spaCy's NER and looked up by text;
        # the matcher holds what NER misses or mislabels: organisations, groups, seats,
        # countries, demonyms, and every curated or user entry.
        for a in kb.actors.values():
            if a.kind == "person" and a.source == "petrarch":
                continue
            for n in {a.name} | a.aliases:
                names.setdefault(_pattern_text(n), "ACTOR")
        for k in kb.seats:
            names.setdefault(k, "SEAT")
        for c in kb.countries.values():
            for n in {c.name} | c.aliases | c.demonyms | c.capitals:
                names.setdefault(_pattern_text(n), "PLACE")
        return names

    @classmethod
    def pattern_texts(cls, kb: KB) -> list[str]:
        """Every text the two matchers are built from (names and agent phrases)."""
        return [t for t in list(cls.name_labels(kb)) + list(kb.agents) if t]

    def _build(self) -> tuple[PhraseIndex, PhraseIndex]:
        kb = self.kb
        names = self.name_labels(kb)
        tokens = tokens_of(self.pattern_texts(kb), self.resources.nlp.tokenizer,
                           self.resources.token_cache)
        name_matcher = PhraseIndex()
        for label in ("ACTOR", "SEAT", "PLACE"):
            name_matcher.add(label, [tokens[t] for t, lab in names.items() if lab == label and t])
        agent_matcher = PhraseIndex()
        agent_matcher.add("AGENT", [tokens[t] for t in kb.agents if t])
        words = set()
        for phrase in kb.agents:
            words.update(phrase.split())
        # short words count only as whole role nouns ("MP", "CEO"), not as parts of phrases
        self._office_words = ({w for w in words if len(w) > 2}
                              | {p for p in kb.agents if " " not in p and len(p) > 1 and p.isalpha()}) \
            - {"the", "and", "for", "with"}
        return name_matcher, agent_matcher

    # ---------------------------------------------------------------- the annotator
    def __call__(self, doc: Doc, record: ArticleRecord) -> None:
        if not len(doc):
            return
        name_matcher, agent_matcher = self._matchers(doc)
        date = record.article.date
        dl = record.article.dateline
        body = _first_token_at(doc, dl.end) if dl else 0
        context_country = self._dateline_country(dl, doc)

        mentions = self._candidates(doc, name_matcher, body)
        consumed: set[int] = set()
        for m in mentions:
            self._resolve(doc, m, date, consumed)
        mentions = [m for m in mentions if not (set(range(m.start, m.end)) & consumed)]
        self._check_surnames(doc, mentions, context_country)
        self._place_by_role(doc, mentions, context_country)
        mentions = self._surname_mentions(doc, mentions)
        self._corefer_names(doc, mentions, date)
        states = _involved_states(mentions)
        self._place_by_office(doc, mentions, states, context_country)
        agents = self._agents(doc, agent_matcher, body, mentions, consumed, context_country, states)
        all_mentions = sorted(mentions + agents, key=lambda m: m.start)
        for m in all_mentions:
            record.entities.append(self._entity(doc, record.article.text, m, len(record.entities)))

    # ---------------------------------------------------------------- candidates
    def _candidates(self, doc: Doc, matcher: PhraseIndex, body: int) -> list[Mention]:
        kb_spans = []
        for label, s, e in matcher(doc):
            if s < body:
                continue
            span = doc[s:e]
            if s > 0 and doc[s - 1].text in ("-",) and not span.text[0].isupper():
                continue
            text = span.text
            if not (text[0].isupper() or text[0].isdigit()):
                continue  # "us", "chad", "general": names are capitalised
            if len(alias_key(text).replace(".", "")) <= 3 and not text.replace(".", "").isupper():
                continue  # short aliases (US, UN, EU, AU) only in capitals
            kb_spans.append(Span(doc, s, e, label=label))
        kb_spans = filter_spans(kb_spans)
        taken = {i: sp for sp in kb_spans for i in range(sp.start, sp.end)}
        mentions = [Mention(sp.start, sp.end, self._matcher_label(sp), "kb") for sp in kb_spans]
        for ent in doc.ents:
            if ent.label_ not in ACTOR_LABELS or ent.start < body:
                continue
            ent = _strip_det(ent)
            if ent is None:
                continue
            inner = {taken[i].start: taken[i] for i in range(ent.start, ent.end) if i in taken}
            if not inner:
                mentions.append(Mention(ent.start, ent.end, ent.label_, "ner"))
                continue
            inside = all(sp.start >= ent.start and sp.end <= ent.end for sp in inner.values())
            longer = inside and sum(len(sp) for sp in inner.values()) < len(ent)
            if longer and ent.label_ in ("ORG", "FAC", "PERSON") and (
                    self.kb.lookup(ent.text) is not None
                    or all(sp.label_ in ("PLACE", "SEAT") for sp in inner.values())
                    or self._other_first_name(doc, ent, inner)):
                # "Senate Intelligence Committee", "Armed Forces of Ukraine": the full name wins
                mentions = [m for m in mentions
                            if not (m.source == "kb" and m.start >= ent.start and m.end <= ent.end)]
                mentions.append(Mention(ent.start, ent.end, ent.label_, "ner"))
            elif len(inner) == 1 and inside:
                sp = next(iter(inner.values()))
                for m in mentions:
                    if m.start == sp.start and m.end == sp.end and m.source == "kb":
                        m.label = ent.label_  # NER's type for the KB span
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _other_first_name(self, doc: Doc, ent: Span, inner: dict[int, Span]) -> bool:
        """NER's "Luca Conte" around the KB's surname alias "Conte" (Giuseppe Conte) is
        another person: a first name before the alias that does not begin like the KB
        person's own (a spelling variant, "Sergei" for "Sergey", keeps the KB reading)."""
        if ent.label_ != "PERSON" or len(inner) != 1:
            return False
        sp = next(iter(inner.values()))
        start = self._trim_titles(doc, ent.start, ent.end)
        if start >= sp.start or sp.label_ != "ACTOR":
            return False
        people = [a for a in self.kb.candidates(sp.text) if a.kind == "person"]
        first = doc[start].text[:1].lower()
        return bool(people) and all(a.name[:1].lower() != first for a in people)

    def _matcher_label(self, span: Span) -> str:
        """An entity label for a KB match (the matcher's own labels are ACTOR/SEAT/PLACE):
        the kind of the actors it names, so that an alias left unresolved ("Aristide" out of
        office) is still a PERSON for coreference and output."""
        if span.label_ == "SEAT":
            return "ORG"
        if span.label_ == "PLACE":
            return "GPE"
        kinds = {a.kind for a in self.kb.candidates(span.text)}
        return "PERSON" if kinds == {"person"} else "ORG"

    # ---------------------------------------------------------------- resolution
    def _resolve(self, doc: Doc, m: Mention, date: str | None, consumed: set[int]) -> None:
        kb = self.kb
        if m.label == "PERSON":
            m.start = self._trim_titles(doc, m.start, m.end)
            m.end = _hyphenated_end(doc, m.end)
        span = doc[m.start:m.end]
        text = _clean(span.text)
        desc = self._descriptor(doc, m, consumed)
        m.desc = desc
        res = kb.lookup(text, date, country=desc.country)
        if res is not None and res.kind == "person" and " " not in alias_key(text) \
                and not text.isupper() and kb.country_for(text) is None:
            # A curated alias ("Putin") is a deliberate choice, also when the PETRARCH2 record
            # of the same person answers on an early date; a PETRARCH2 one-word alias or a
            # surname found through the surname index is only a guess (_check_surnames).
            # (Country names are never surnames: PETRARCH2 lists "Macedonia" as a person.)
            chosen = {alias_key(a.name) for a in kb.candidates(text) if a.source != "petrarch"}
            m.weak = alias_key(res.name) not in chosen
        if res is None and m.label == "PERSON" and " " in text:
            res = self._holder_out_of_office(text)
        if res is None and m.source == "ner" and m.label in ("ORG", "FAC"):
            res = self._org_from_parts(doc, span)
        if res is None and m.label in ("GPE", "LOC", "FAC"):
            code = self.place_country(text)
            if code:
                res = Resolution(text, code, None, None, None, "place", "kb")
        if res is None:
            self._descriptor_reading(doc, m)
            return
        m.res, m.resolved_by, m.office = res, res.resolved_by, res.office
        if res.kind == "seat":
            m.label = "ORG"
        elif res.kind in ("capital", "country", "place"):
            m.label = "GPE" if m.label not in ("LOC", "FAC") else m.label
            acting = self._acting(span)
            if res.kind == "capital" and acting:
                m.res = Resolution(text, res.code, "GOV", None, None, "capital", "metonymy")
                m.resolved_by = "metonymy"
            elif res.kind == "capital" or res.kind == "place":
                m.res = Resolution(text, res.code, None, None, None, res.kind, "kb")
            else:
                # A state named as such is its government unless it is only where things happen.
                root = span.root
                literal = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS
                state = "IGO" if res.code in ORG_CODES else "GOV"
                m.res = Resolution(res.name, res.code, None if literal else state, None, None,
                                   "country", "kb")
        elif res.kind == "demonym":
            m.label = "NORP"
        elif res.kind == "person":
            m.label = "PERSON"
            if desc.office:
                m.office = desc.office
            if desc.former and res.sector != "ELI":
                m.res = Resolution(res.name, res.code, "ELI", res.office, res.kb_id, res.kind, "kb")
        else:
            m.label = "ORG" if m.label not in ("ORG", "FAC", "NORP") else m.label

    def _holder_out_of_office(self, text: str) -> Resolution | None:
        """A KB person named in full on a date outside every role of theirs ("Ashraf Ghani"
        in 2005, before his presidency) is still of the state all their roles belong to:
        code, no sector or office."""
        people = [a for a in self.kb.candidates(text) if a.kind == "person" and a.roles]
        codes = {r.code for a in people for r in a.roles}
        if len(codes) != 1 or len({alias_key(a.name) for a in people}) != 1:
            return None
        a = max(people, key=lambda a: a.source != "petrarch")
        return Resolution(a.name, codes.pop(), None, None, a.id, "person", "kb")

    @staticmethod
    def _descriptor_reading(doc: Doc, m: Mention) -> None:
        """A name the KB does not hold takes what its descriptor says, or stays unknown."""
        desc = m.desc
        m.res, m.resolved_by, m.office = None, "ner", None
        if desc is not None and m.label in ("PERSON", "ORG") and (desc.country or desc.sector):
            m.res = Resolution(_clean(doc[m.start:m.end].text), desc.country or "UNK",
                               desc.sector, desc.office, None,
                               "person" if m.label == "PERSON" else "org", "descriptor")
            m.resolved_by = "descriptor"
            m.office = desc.office

    def _check_surnames(self, doc: Doc, mentions: list[Mention],
                        context_country: str | None) -> None:
        """A bare surname is a KB person only when the article agrees: the full name came
        earlier, or the person's state is in play and no descriptor or earlier full name
        says it is someone else ("Song" after "Song Young-moo" is not a North Korean
        official; "Conte" in a story on Italy is not Guinea's late president)."""
        in_play = {c for _, c in _involved_states([m for m in mentions if not m.weak])}
        if context_country:
            in_play.add(context_country)
        for m in mentions:
            if not m.weak or m.res is None or m.res.kind != "person":
                continue
            toks = {t.lower_ for t in doc[m.start:m.end] if t.is_alpha}
            earlier = [p for p in mentions if p.start < m.start and p.label == "PERSON"
                       and toks < {t.lower_ for t in doc[p.start:p.end] if t.is_alpha}]
            if any(p.res is not None and p.res.kb_id == m.res.kb_id for p in earlier):
                continue  # "Giuseppe Conte ... Conte"
            desc_country = m.desc.country if m.desc is not None else None
            if not earlier and m.res.code in in_play and desc_country in (None, m.res.code):
                continue
            self._descriptor_reading(doc, m)

    @staticmethod
    def _surname_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A later bare surname of a full name the article placed is a mention even where
        NER missed it ("Bulgarian journalist Nikolay Krastev ... Krastev denied"), so the
        inference made for the full name reaches it through coreference."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        first: dict[str, int] = {}
        for m in mentions:
            if m.label == "PERSON" and m.res is not None and m.end - m.start > 1 \
                    and doc[m.end - 1].is_alpha:
                first.setdefault(doc[m.end - 1].text, m.end)
        if not first:
            return mentions
        extra = [Mention(t.i, t.i + 1, "PERSON", "ner") for t in doc
                 if t.i not in taken and t.text in first and first[t.text] <= t.i
                 and t.pos_ == "PROPN"]
        return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions

    def _place_by_role(self, doc: Doc, mentions: list[Mention],
                       context_country: str | None) -> None:
        """A name the KB does not place takes the state its role, party or legislature
        implies in this article ("Sen. Ben Cardin", "Attorney General William Barr" in a US
        story, "House Democrats"): role_states.tsv, once per entity (later mentions share it
        through coreference)."""
        in_play = {c for _, c in _involved_states(mentions)}
        if context_country:
            in_play.add(context_country)
        for m in list(mentions):
            if m not in mentions or (m.res is not None and m.res.code != "UNK"):
                continue
            if m.label == "PERSON" and m.desc is not None and m.desc.words:
                role = role_in((alias_key(w) for w in m.desc.words), self.role_states)
                code = state_for(role, in_play) if role else None
                if code:
                    r = m.res
                    m.res = Resolution(_clean(doc[m.start:m.end].text), code,
                                       (r.sector if r else None) or role.sector,
                                       r.office if r else None, None, "person", "descriptor")
                    m.resolved_by = "descriptor"
            elif m.label in ("ORG", "NORP"):
                # the longest phrase ending at the name: "House Democrats", "congressional
                # Republicans" (NER often splits "House" off)
                for start in range(max(doc[m.start].sent.start, m.start - 2), m.end):
                    role = role_in([" ".join(t.lower_ for t in doc[start:m.end])], self.role_states)
                    code = state_for(role, in_play) if role else None
                    if code:
                        for other in [o for o in mentions
                                      if o.start >= start and o.end <= m.start]:
                            mentions.remove(other)
                        m.start = start
                        m.label = "ORG"
                        m.res = Resolution(_clean(doc[start:m.end].text), code, role.sector,
                                           None, None, "org", "descriptor")
                        m.resolved_by = "descriptor"
                        break

    def _org_from_parts(self, doc: Doc, span: Span) -> Resolution | None:
        """An unknown organisation named with a country and a role noun ("Turkish parliament",
        "Armed Forces of Ukraine") takes that country and the role noun's sector."""
        kb = self.kb
        code = None
        for tok in span:
            if tok.text[:1].isupper():
                code = code or kb.country_for(tok.text)
        for n in (3, 2):
            for i in range(len(span) - n + 1):
                code = code or kb.country_for(span[i:i + n].text)
        if not code:
            return None
        sector = None
        for tok in span:
            sector = kb.agent_sector(tok.lower_) or sector
        return Resolution(_clean(span.text), code, sector, None, None, "org", "descriptor")

    def _trim_titles(self, doc: Doc, start: int, end: int) -> int:
        """Leave "President"/"Gen."/"Russian" out of a PERSON span: they are its descriptor."""
        while start < end - 1:
            t = doc[start]
            low = t.lower_
            if low in TITLES or low in OFFICE_MODIFIERS or low in self._office_words \
                    or self.kb.country_for(t.text):
                start += 1
            else:
                break
        return start

    def _descriptor(self, doc: Doc, m: Mention, consumed: set[int]) -> "Descriptor":
        """Country, office and sector from the words before a name ("Italian Prime Minister")
        or an apposition after it ("Peskov, the Kremlin spokesman,")."""
        d = Descriptor()
        if m.label not in ("PERSON", "ORG"):
            return d
        sent_start = doc[m.start].sent.start
        i = m.start - 1
        office_toks: list[Token] = []
        used: list[int] = []
        inst_country: str | None = None
        inst_sector: str | None = None
        while i >= sent_start and m.start - i <= 8:
            t = doc[i]
            kind = self._desc_kind(doc, i, org=m.label == "ORG")
            if kind in (None, "office") and t.text[:1].isupper():
                inst = self._institution_before(doc, i, sent_start)
                if inst is not None:
                    # "State Duma Deputy Speaker": the institution places the person, unless
                    # a demonym further left says more ("Philippine Senate President")
                    j, code, inst_sector = inst
                    inst_country = inst_country or code
                    office_toks[:0] = list(doc[j:i + 1])
                    used.extend(range(j, i + 1))
                    i = j - 1
                    continue
            if kind is None and not d.country:
                nat = nationality_before(doc, i + 1, sent_start, self.kb.country_for)
                if nat is not None:
                    # "Bulgarian journalist Nikolay Krastev", "Russian opposition leader"
                    code, j, role_start = nat
                    d.country = code
                    office_toks[:0] = list(doc[role_start:i + 1])
                    used.extend(range(j, i + 1))
                    i = j - 1
                    continue
            if kind is None:
                if t.lower_ in POSTING_PREPS and d.country and not office_toks and i > sent_start \
                        and doc[i - 1].lower_ in self._office_words:
                    # "Russian Ambassador to Havana": Havana is the posting, not the country
                    d.country = None
                    used.append(i)
                    i -= 1
                    continue
                break
            if kind == "country-span":
                # a multi-token country name ending at i: step over it
                j = i
                while j - 1 >= sent_start and self.kb.country_for(doc[j - 1:i + 1].text):
                    j -= 1
                d.country = d.country or self.kb.country_for(doc[j:i + 1].text)
                used.extend(range(j, i + 1))
                i = j - 1
                continue
            if kind == "office":
                office_toks.insert(0, t)
            elif kind == "former":
                d.former = True
            elif kind == "seat":
                seat = self.kb.seats.get(alias_key(t.text))
                d.country = d.country or (seat.code if seat else None)
                office_toks.insert(0, t)
            used.append(i)
            i -= 1
        d.country = d.country or inst_country
        d.words = tuple(doc[k].text for k in sorted(set(used)))  # "Sen.", "Attorney General"
        if not office_toks and not d.country:
            used = []
            self._apposition(doc, m, d, used)
            d.words += tuple(doc[k].text for k in used)
        elif office_toks:
            # the words as written, possessives included ("Children's Rights Commissioner")
            d.office = doc[office_toks[0].i:office_toks[-1].i + 1].text
        if d.office:
            d.sector = self._office_sector(d.office) or inst_sector
        if d.former and d.sector:
            d.sector = "ELI"
        if d.country or d.office:
            consumed.update(used)
        return d

    def _apposition(self, doc: Doc, m: Mention, d: "Descriptor", used: list[int]) -> None:
        if m.end + 2 >= len(doc) or doc[m.end].text != ",":
            return
        i = m.end + 1
        if doc[i].lower_ in ("the", "a"):
            used.append(i)
            i += 1
        office_toks = []
        country_before = d.country
        limit = min(len(doc), i + 7)
        while i < limit and doc[i].text not in (",", ".", ";"):
            kind = self._desc_kind(doc, i, forward=True)
            if kind is None and office_toks and doc[i].lower_ in ("of", "at", "for") \
                    and not d.country:
                # "Wang, assistant chairman of the China Banking Regulatory Commission":
                # the country of the institution named after the office
                d.country = self._institution_country(doc, i + 1)
                if d.country:
                    break
            if kind is None:
                used.clear()
                d.country = country_before  # nothing of a failed apposition is kept
                return  # not a plain descriptor: "Putin, who ..."
            if kind in ("country-span", "seat"):
                seat = self.kb.seats.get(alias_key(doc[i].text))
                d.country = d.country or (seat.code if seat else self.kb.country_for(doc[i].text))
                if kind == "seat":
                    office_toks.append(doc[i])
            elif kind == "office":
                office_toks.append(doc[i])
            elif kind == "former":
                d.former = True
            used.append(i)
            i += 1
        if office_toks:
            d.office = " ".join(t.text for t in office_toks)

    def _institution_before(self, doc: Doc, i: int, lo: int) -> tuple[int, str, str | None] | None:
        """The longest KB organisation of a state ending at token ``i`` ("State Duma")."""
        best = None
        for j in range(i, max(lo, i - 5) - 1, -1):
            if not doc[j].text[:1].isupper():
                break
            res = self.kb.lookup(doc[j:i + 1].text)
            if res is not None and res.kind in ("org", "group") and res.code not in ORG_CODES \
                    and res.code != "UNK":
                best = (j, res.code, res.sector)
        return best

    def _institution_country(self, doc: Doc, i: int) -> str | None:
        """The country of a named entity starting at token ``i`` (after "the")."""
        starts = {i, i + 1} if i < len(doc) and doc[i].lower_ == "the" else {i}
        ent = next((e for e in doc.ents if e.start in starts), None)
        if ent is None:
            return None
        res = self.kb.lookup(_clean(ent.text))
        if res is None and ent.label_ in ("ORG", "FAC"):
            res = self._org_from_parts(doc, ent)
        return res.code if res is not None and res.code != "UNK" else None

    def _desc_kind(self, doc: Doc, i: int, forward: bool = False, org: bool = False) -> str | None:
        t = doc[i]
        low = t.lower_
        if low in ("'s", "’s", "'"):
            return "poss"
        if alias_key(t.text) in self.kb.seats:
            return "seat"
        if t.text[:1].isupper() and self.kb.country_for(t.text):
            return "country-span"
        if not forward and i > 0 and t.text[:1].isupper() and doc[i - 1].text[:1].isupper() \
                and self.kb.country_for(doc[i - 1:i + 1].text):
            return "country-span"  # "South Korean", "Saudi Arabian": only as a whole
        if low in FORMER:
            return "former"
        if low in OFFICE_MODIFIERS or low == "-":
            return "mod"
        # lower-case role nouns describe a person only when they name one ("the spokesman");
        # before an organisation's name any role noun is its description ("the opposition
        # newspaper La Prensa", "the militant group")
        if low in self._office_words and (t.text[:1].isupper() or forward or org
                                          or low in PERSONAL_ROLES):
            return "office"
        if low in TITLES:
            return "mod"
        return None

    def _office_sector(self, office: str) -> str | None:
        words = alias_key(office).split()
        for n in range(len(words)):
            sector = self.kb.agent_sector(" ".join(words[n:]))
            if sector:
                return sector
        return None

    @staticmethod
    def _acting(span: Span) -> bool:
        """Is a place named as the one who acts ("Ankara would not send", "Tripoli's request",
        "the Kremlin press service", "urged Moscow")?"""
        root = span.root
        if span.end < len(span.doc) and span.doc[span.end].lower_ in ("'s", "’s"):
            return True
        dep = root.dep_
        if dep == "conj":
            dep = root.head.dep_
        if dep in ACTING_DEPS:
            return True
        if dep == "compound" and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= span.end:
            return True
        return dep == "pobj" and root.head.lower_ in ("by", "with", "between")

    # ---------------------------------------------------------------- coreference
    def _corefer_names(self, doc: Doc, mentions: list[Mention], date: str | None) -> None:
        """A shorter name after a full one is the same entity; acronyms defined in the text."""
        full: list[Mention] = []
        acronyms: dict[str, Mention] = {}
        for m in mentions:
            span = doc[m.start:m.end]
            text = _clean(span.text)
            toks = [t.lower_ for t in span if t.is_alpha]
            if toks and (m.label == "PERSON" or (len(toks) == 1 and m.res is None
                                                 and m.label in ("ORG", "GPE", "NORP"))):
                earlier = next((f for f in reversed(full)
                                if set(toks) < set(t.lower_ for t in doc[f.start:f.end] if t.is_alpha)),
                               None)
                if earlier is not None and earlier.res is not None:
                    m.label = "PERSON"  # "Tanaev" after "Nikolai Tanaev", whatever NER said
                    # The KB's own reading of the short name stands as "kb" only when it is
                    # the same KB actor as the full name; otherwise the earlier name decides
                    # who this is, by coreference (compare before overwriting m.res).
                    same_actor = m.resolved_by == "kb" and m.res is not None \
                        and m.res.kb_id is not None and m.res.kb_id == earlier.res.kb_id
                    m.resolved_by = "kb" if same_actor else "coreference"
                    m.res = earlier.res
                    m.office = earlier.office
                elif len(toks) > 1:
                    full.append(m)
            if m.label in ("ORG", "NORP", "FAC") or m.source == "kb":
                # "Government of National Accord (GNA)"
                if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")" \
                        and ACRONYM_RE.match(doc[m.end + 1].text):
                    if m.res is None:  # unknown, but the acronym still means this name
                        m.res = Resolution(text, "UNK", None, None, None, "org", "ner")
                    acronyms[doc[m.end + 1].text] = m
                if m.res is not None and len(toks) > 1:
                    initials = "".join(t.text[0] for t in span if t.is_alpha
                                       and t.lower_ not in STOP_INITIALS).upper()
                    if len(initials) > 1:
                        acronyms.setdefault(initials, m)
            if ACRONYM_RE.match(text) and (m.res is None or m.res.code == "UNK"):
                src = acronyms.get(text.replace(".", ""))
                if src is not None and src.res is not None:
                    m.res, m.office, m.resolved_by, m.label = src.res, src.office, "coreference", "ORG"
        # Acronyms defined after a use, or whose expansion is unresolved, still get linked.
        for m in mentions:
            if doc[m.start].i > 0 and (m.res is None or m.res.code == "UNK"):
                src = acronyms.get(_clean(doc[m.start:m.end].text))
                if src is not None and src.res is not None:
                    m.res, m.resolved_by, m.label = src.res, "coreference", "ORG"

    # ---------------------------------------------------------------- agents
    def _agents(self, doc: Doc, matcher: PhraseIndex, body: int, mentions: list[Mention],
                consumed: set[int], context_country: str | None,
                states: list[tuple[int, str]]) -> list[Mention]:
        kb = self.kb
        named = {i: m for m in mentions for i in range(m.start, m.end)}
        spans = filter_spans([doc[s:e] for _, s, e in matcher(doc) if s >= body])
        out: list[Mention] = []
        persons = [m for m in mentions if m.label == "PERSON" and m.res is not None]
        for sp in spans:
            head = sp[-1]
            if head.pos_ not in ("NOUN", "PROPN") or head.i in consumed or \
                    any(i in named for i in range(sp.start, sp.end)):
                continue
            if head.dep_ == "compound" and head.head.i > head.i:
                continue  # "police station", "army base": not the role itself
            if head.i + 1 < len(doc) and doc[head.i + 1].ent_type_ == "PERSON" and \
                    head.text[:1].isupper():
                continue  # a title before a name, handled as that name's descriptor
            sector = kb.agent_sector(sp.text)
            if not sector:
                continue
            start, name_from, kb_ref, how = sp.start, None, None, "kb"
            backed = False
            code = kb.agent_codes.get(alias_key(sp.text))
            # "-" in agents_extra.tsv: a role noun with no state of its own ("representatives"
            # of whom?): placed only by its own modifier, never by the article's context
            stateless = code == "-"
            if stateless:
                code = None
            # Modifiers on the left: "Australian police", "Libya's foreign ministry",
            # "the Kremlin press service", "Hamas militants".
            i = sp.start - 1
            while i >= body and sp.start - i <= 5:
                t = doc[i]
                m = named.get(i)
                if m is not None and m.end == i + 1 and m.res is not None:
                    code = code or m.res.code
                    if m.res.kind == "person" and sector == "GOV" and i + 1 == sp.start \
                            and head.lower_ in LEADER_BODIES and m.res.code not in ("UNK", ""):
                        # "the Trump administration": one actor, the leader's government
                        start = m.start
                        break
                    if m.res.kind not in PLACE_KINDS:
                        break  # "al-Thani's cabinet", "Hamas militants": the named actor stays
                    if m.res.kind in ("seat", "capital"):
                        name_from, how = m.res.name, "metonymy"
                    start = m.start
                    i = m.start - 1
                    continue
                if i - 1 > body and doc[i - 1].text == "-" and t.pos_ in ("VERB", "ADJ"):
                    if t.lower_ in LEADING_PARTICIPLES:
                        # "Vietnamese-led forces", "state-owned banks": the leader's own
                        start = i - 1
                        i -= 2
                        continue
                    # "foreign-funded banks" keeps its modifier words, but "Russian-backed
                    # separatists" are not Russia's: a named backer gives no country
                    if (i - 2) in named:
                        backed = True  # nor does the article's country: the backer is named
                        break
                    start = i - 2
                    i -= 3
                    continue
                if t.lower_ in ("'s", "’s") or t.lower_ in OFFICE_MODIFIERS or \
                        (t.pos_ == "ADJ" and t.head.i >= sp.start) or t.lower_ in kb.agents:
                    start = i
                    i -= 1
                    continue
                break
            while start < sp.start and doc[start].pos_ not in ("PROPN", "NOUN", "ADJ"):
                start += 1
            if code is None:
                code = self._of_country(doc, head, named)
            elif how == "kb" and start < sp.start:
                how = "descriptor"
            for mi in [mm for mm in mentions if mm.start >= start and mm.end <= sp.start]:
                mentions.remove(mi)  # the modifier is part of this agent now
            det = doc[start - 1].lower_ if start > 0 else ""
            low = alias_key(sp.text)
            m = Mention(start, sp.end, "AGENT", "agent", resolved_by=how)
            ref = None
            if det == "the" and low in PERSONAL_ROLES and not head.tag_.endswith("S"):
                ref = next((p for p in reversed(persons) if p.start < sp.start
                            and (code is None or p.res.code == code)
                            and (p.office and low.split()[-1] in p.office.lower()
                                 or (low == "leader" and p.res.sector == "GOV"))), None)
            if ref is None and det == "the" and code is None:
                # "the press service" after "the Kremlin press service"
                ref = next((a for a in reversed(out) if a.res is not None and a.res.code != "UNK"
                            and alias_key(doc[a.start:a.end].text).endswith(low)), None)
            if ref is not None:
                m.res, m.office, m.resolved_by = ref.res, ref.office, "coreference"
            else:
                mods = {t.lower_ for t in doc[start:sp.end]}
                if code is None and mods & FOREIGN_MODIFIERS:
                    code = "INT"
                elif code is None and (mods & UNPLACED_MODIFIERS or backed or stateless):
                    code = "UNK"
                if code is None and sector in DOMESTIC_SECTORS and context_country:
                    code, how = context_country, "context"
                elif code is None and (sector in STATE_SECTORS or sector in DOMESTIC_SECTORS):
                    code = _state_country(head.sent.start, states, context_country, head.sent.end)
                    how = "context" if code else how
                text = _clean(doc[start:sp.end].text)
                m.res = Resolution(name_from or text, code or "UNK", sector, None, kb_ref,
                                   "agent", how)
                m.office = sp.text if low in PERSONAL_ROLES else None
                m.resolved_by = how
            if self._names_person(doc, sp, m, mentions):
                continue  # "A Duma deputy, Pyotr Tolstoy, said": the role is his descriptor
            out.append(m)
        return out

    @staticmethod
    def _names_person(doc: Doc, sp: Span, agent: Mention, mentions: list[Mention]) -> bool:
        """A singular role followed by ", Name," is that person's descriptor: the person the
        KB does not place takes the role's state, sector and office."""
        if agent.res is None or agent.res.code in ("UNK", "INT") or sp[-1].tag_ not in ("NN", "NNP") \
                or sp.end + 1 >= len(doc) or doc[sp.end].text != ",":
            return False
        person = next((p for p in mentions if p.start == sp.end + 1 and p.label == "PERSON"), None)
        if person is None or (person.res is not None and person.res.code != "UNK"):
            return False
        if person.end < len(doc) and doc[person.end].text not in (",", ".", ";", "said", "says"):
            return False
        name = _clean(doc[person.start:person.end].text)
        person.res = Resolution(name, agent.res.code, agent.res.sector, sp.text, None, "person",
                                "descriptor")
        person.office, person.resolved_by = sp.text, "descriptor"
        return True

    def _place_by_office(self, doc: Doc, mentions: list[Mention], states: list[tuple[int, str]],
                         context_country: str | None) -> None:
        """A person known only by an office ("Judge Alejandro Rivera", "President Dos
        Santos"), or an unknown state body named by its role ("the Development Ministry"),
        belongs to the article's state when the article involves only one."""
        # only the article-wide rule: a dateline alone does not place a president
        placed = states + ([(0, context_country)] if context_country else [])
        code = _state_country(0, placed, None, 0)
        if not code:
            return
        for m in mentions:
            r = m.res
            if r is None and m.label == "ORG":
                text = _clean(doc[m.start:m.end].text)
                sector = self._office_sector(text)
                if sector in STATE_SECTORS or sector in DOMESTIC_SECTORS:
                    m.res = Resolution(text, code, sector, None, None, "org", "context")
                    m.resolved_by = "context"
            elif r is not None and r.code == "UNK" and r.kind in ("person", "org") and m.office \
                    and m.resolved_by == "descriptor":
                m.res = Resolution(r.name, code, r.sector, r.office, r.kb_id, r.kind, "context")
                m.resolved_by = "context"

    def _of_country(self, doc: Doc, head: Token, named: dict[int, Mention]) -> str | None:
        """'the foreign ministry of Russia', 'rebels in Darfur' → the country of the object."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "from"):
                for obj in prep.children:
                    m = named.get(obj.i)
                    if m is not None and m.res is not None and m.res.kind in (
                            "country", "capital", "place", "demonym"):
                        return m.res.code
        return None

    def _dateline_country(self, dl, doc: Doc) -> str | None:
        if dl is None or not dl.place:
            return None
        return self.kb.country_for(dl.place) or self.place_country(dl.place.title())

    # ---------------------------------------------------------------- output
    @staticmethod
    def _entity(doc: Doc, full_text: str, m: Mention, n: int) -> Entity:
        # full_text is doc.text, which spaCy rebuilds from every token on each access.
        start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])
        text = full_text[start:end]
        if text.endswith(("'s", "’s")):
            end -= 2
            text = text[:-2]
        r = m.res
        if r is None:
            return Entity(start=start, end=end, text=text, label=m.label, name=_clean(text),
                          code="UNK", resolved_by="ner", id=f"e{n}")
        return Entity(start=start, end=end, text=text, label=m.label, name=r.name, code=r.code,
                      sector=r.sector, office=m.office or r.office, kb_id=r.kb_id,
                      resolved_by=m.resolved_by, id=f"e{n}")


@dataclass(slots=True)
class Descriptor:
    country: str | None = None
    office: str | None = None
    sector: str | None = None
    former: bool = False
    words: tuple[str, ...] = ()  # the descriptor as written, for role_states.tsv


def _involved_states(mentions: list[Mention]) -> list[tuple[int, str]]:
    """(token, code) of every state the article involves: named, or the state of a named
    actor ("Erdogan"); towns ("Samarra"), organisations and unplaced names do not count."""
    return [(m.start, m.res.code) for m in mentions if m.res is not None
            and m.res.kind != "place" and m.res.code not in ORG_CODES
            and m.res.code not in ("UNK", "INT", "IMG")]


def _state_country(sent_start: int, states: list[tuple[int, str]],
                   context_country: str | None, sent_end: int) -> str | None:
    """The state an unmodified agent belongs to, when unambiguous: the only state the
    article involves (dateline included), or the dateline's state when the agent's sentence
    involves no other. Otherwise None: "troops" in an article about two states stay UNK."""
    named = {code for _, code in states} | ({context_country} if context_country else set())
    if len(named) == 1:
        return next(iter(named))
    if context_country:
        if {code for i, code in states if sent_start <= i < sent_end} <= {context_country}:
            return context_country
    return None


def _hyphenated_end(doc: Doc, end: int) -> int:
    """Extend a name over a hyphenated part NER cut off: "Song Young[-moo]", "Moon Jae[-in]"."""
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].is_lower:
        return end + 2
    return end


def _pattern_text(name: str) -> str:
    s = " ".join(name.split())
    return s[4:] if s.lower().startswith("the ") else s


def _clean(text: str) -> str:
    text = " ".join(text.split())
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[:-2]
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip(" ,;:")


def _strip_det(span: Span) -> Span | None:
    start = span.start
    while start < span.end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    end = span.end
    while end > start and span.doc[end - 1].lower_ in ("'s", "’s", "'"):
        end -= 1
    return Span(span.doc, start, end, label=span.label) if end > start else None


def _first_token_at(doc: Doc, char: int) -> int:
    end = doc[-1].idx + len(doc[-1])  # not len(doc.text): spaCy rebuilds the text each time
    if char >= end:
        return len(doc)
    span = doc.char_span(char, end, alignment_mode="expand")
    return span.start if span is not None else 0
