"""Places: toponyms found in the text and resolved to GeoNames entries.

Mentions come from spaCy's GPE/LOC/FAC entities, NORP entities that are
demonyms ("Russian", "Nigerian forces": the country, role ``demonym``), ORG
entities that are place names ("EU"), gazetteer names spaCy missed (countries,
regions, demonyms and big cities, capitalised, outside any other entity) and
the wire dateline (role ``dateline``). Each is resolved by
:class:`eventwire.geo.resolve.Resolver`. A country or capital that acts as the
subject of a verb or possesses a request ("Ankara would not send troops",
"Tripoli's request") is ``metonymic``: it names a government, never where an
event happened.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import IS_ALPHA, IS_LOWER, LOWER, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span
from spacy.tokenizer import Tokenizer

from ..geo.gazetteer import Gazetteer, GeoEntry, norm
from ..geo.resolve import Mention, Resolver
from ..model import ArticleRecord, Place
from ..parse.phrases import PhraseIndex, tokens_of
from .place_facilities import FacilityFinder, Locality, locate

if TYPE_CHECKING:
    from ..resources import Resources

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entities that are something else: a place name inside them is not a toponym here.
OTHER_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW",
                          "LANGUAGE"})
# Gazetteer-only matches (spaCy saw no entity) are kept for these kinds, and for
# cities at least this big: smaller towns' names are too often ordinary words.
MATCH_FEATURES = frozenset({"PCLI", "ADM1", "ADM2", "CONT", "RGN", "OCN", "H", "STM", "AIRP",
                            "BLDG"})
MATCH_MIN_CITY_POPULATION = 100_000  # "Toronto Star", "Liverpool FC", "Tunis"
# "northern Syria", "eastern Ukraine": the place is what follows.
DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern",
                             "eastern", "western", "central", "northeast", "northwest",
                             "southeast", "southwest", "northeastern", "northwestern",
                             "southeastern", "southwestern", "upstate", "downtown", "greater",
                             "rural", "coastal", "occupied", "mainland"})
METONYMY_FEATURES = frozenset({"PCLI", "ADM1", "PPLC", "BLDG"})  # "the Kremlin said"
REGION_SUFFIXES = frozenset({"state", "province", "region", "county", "district", "governorate",
                             "oblast", "prefecture"})
# Small places found only by the article's countries (find_local).
LOCAL_MIN_COUNTRY_MENTIONS = 2
LOCAL_FEATURES = frozenset({"PPL", "PPLC", "ADM2", "ADM1"})
LOCAL_MAX_TOKENS = 3
# "Harvey, Harper and Kingman counties": each name with the singular suffix is a region.
PLURAL_REGION_NOUNS = {"counties": "County", "parishes": "Parish"}
LIST_MAX_TOKENS = 30
# A local paper's dateline after the headline: "... fraud. CORSICANA — A Henderson County
# woman", "CHARLESTON, W.Va. -- Lewisburg Mayor": a capitalised place at a sentence start,
# an optional state, then a dash. Searched in the article's first characters only.
_BODY_DATELINE = re.compile(
    r"(?:\A|(?<=[.!?]\s))(?P<place>[A-Z][A-Z.'\- ]{1,38}[A-Z.])"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]{0,11}(?: [A-Z][A-Za-z.]{0,11})?))?\s*(?:—|--|–)\s")
BODY_DATELINE_MAX_CHARS = 400
LOCAL_BLOCKING = frozenset({"PERSON", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL",
                            "QUANTITY", "PERCENT", "LAW", "WORK_OF_ART", "PRODUCT", "EVENT"})


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    text: str
    role: str
    mention: Mention
    span: Span | None


def is_metonymic(span: Span, lex: dict[str, frozenset[str]]) -> bool:
    """A place name used as an agent: subject of an action verb, or possessor of a request.
    ``lex``: data/places/metonymy.tsv by kind."""
    root = span.root
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass", "agent") and head.pos_ in ("VERB", "AUX", "ADJ"):
        return head.lemma_ not in lex.get("subject_literal", ())
    if root.dep_ == "pobj" and head.dep_ == "agent":  # "was rejected by Ankara"
        return True
    if root.dep_ == "poss":
        return head.lemma_ in lex.get("possessor_agentive", ())
    return False


class Places:
    """The places annotator: ``record.places`` with offsets, GeoNames entry and role."""

    name = "places"
    requires = ("article", "entities")
    assigns = ("places",)

    def __init__(self, resources: Resources, strategy: str = "context") -> None:
        # build the phrase matchers now, not inside the first article
        self.gazetteer = resources.gazetteer
        self.strategy = strategy
        self.metonymy = resources.place_cues["metonymy"]
        self.place_modifiers = resources.place_modifiers
        vocab = resources.nlp.vocab
        self._matcher = _phrase_matcher(self.gazetteer, resources.nlp.tokenizer,
                                        resources.token_cache)
        self._facilities = FacilityFinder(vocab, resources.place_cues["facilities"])

    def __call__(self, doc: Doc, record: ArticleRecord) -> None:
        found = self.find(doc, record)
        resolver = Resolver(self.gazetteer)
        actors = self.actor_countries(record)
        resolver.resolve([f.mention for f in found], self.strategy, actors)
        local = self.find_local(doc, found)
        if local:
            found = sorted(found + local, key=lambda f: f.start)
            resolver.resolve([f.mention for f in found], self.strategy, actors)
        found = self.add_facilities(doc, found)
        record.places.extend(self.to_places(found))

    def actor_countries(self, record: ArticleRecord) -> Counter:
        """ISO2 -> the distinct people of that country the actors annotator found in the KB
        (run before places): what the KB says about who is in the story."""
        people: dict[str, str] = {}
        for e in record.entities:
            if e.label == "PERSON" and e.kb_id and e.resolved_by == "kb":
                cc = self.gazetteer.iso2_of(e.code)
                if cc:
                    people[e.kb_id] = cc
        return Counter(people.values())

    # ------------------------------------------------------------ detection
    def find(self, doc: Doc, record: ArticleRecord) -> list[_Found]:
        found: list[_Found] = []
        taken: list[tuple[int, int]] = []
        dl = record.article.dateline
        if dl is not None and dl.place and dl.place_start is not None:
            m = self._mention(dl.place, None)
            if m is not None:
                m.is_dateline = True
                found.append(_Found(dl.place_start, dl.place_end, dl.place, "dateline", m, None))
                taken.append((dl.place_start, dl.place_end))
        elif dl is None:
            f = self._body_dateline(doc.text)
            if f is not None:
                found.append(f)
                taken.append((f.start, f.end))
        matches = self._gazetteer_matches(doc)

        def add(f: _Found | None) -> bool:
            if f is None or _overlaps(f.start, f.end, taken):
                return False
            found.append(f)
            taken.append((f.start, f.end))
            return True

        def add_embedded(ent: Span) -> None:
            # a toponym inside an organisation's or a work's name ("The Washington
            # Post", "HSBC Malta", "BBC Russian Service") is a place mention too
            for span in matches:
                if span.start >= ent.start and span.end <= ent.end:
                    f = self._from_span(span, "EMBEDDED")
                    if f is not None:
                        f.role = "embedded"
                        add(f)

        ents = doc.ents  # the getter builds new Span objects on every call: read it once
        surnames = {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1
                    for t in e}
        for ent in ents:
            if _overlaps(ent.start_char, ent.end_char, taken):
                continue
            if ent.label_ in PLACE_LABELS or ent.label_ == "NORP":
                if not add(self._from_span(ent, ent.label_)) and ent.label_ != "NORP":
                    add_embedded(ent)  # "St. Louis Police" taken as a GPE
            elif ent.label_ == "PERSON":
                # spaCy's small model takes some places for people ("Tamil Nadu said",
                # "Abuja", "Slovak architect"); a one-word one only when that word is
                # no part of a person's full name in the article
                if len(ent) > 1 or ent.text not in surnames:
                    add(self._from_span(ent, "PERSON"))
            elif not add(self._from_span(ent, "GAZ")):
                add_embedded(ent)
        # names spaCy missed; a person's name blocks them ("Jordan" in "Michael Jordan")
        people = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
        ent_spans = [(e.start_char, e.end_char) for e in ents]
        for span in matches:
            if not _overlaps(span.start_char, span.end_char, people):
                f = self._from_span(span, "GAZ")
                if f is not None and not _overlaps(f.start, f.end, ent_spans):
                    add(f)
        found.sort(key=lambda f: f.start)
        return found

    def _body_dateline(self, text: str) -> _Found | None:
        """A dateline after the headline (``_BODY_DATELINE``), resolved to a town or region;
        a state after it ("CHARLESTON, W.Va.") keeps the towns in that state."""
        m = _BODY_DATELINE.search(text[:BODY_DATELINE_MAX_CHARS])
        if m is None or not m.group("place").isupper():
            return None
        place = m.group("place").rstrip(". ")
        gaz = self.gazetteer
        if norm(place) in gaz.not_places:
            return None
        cands = [c for c in gaz.lookup(place) if c.primary]
        if m.group("region"):
            regions = {(c.entry.country, c.entry.admin1) for c in gaz.lookup(m.group("region"))
                       if c.entry.feature_code == "ADM1"}
            cands = [c for c in cands if (c.entry.country, c.entry.admin1) in regions] or cands
        if not cands:
            return None
        mention = Mention(norm(place), cands, is_dateline=True)
        start = m.start("place")
        return _Found(start, start + len(place), text[start:start + len(place)], "dateline",
                      mention, None)

    def find_local(self, doc: Doc, found: list[_Found]) -> list[_Found]:
        """Small places spaCy missed, in a country the article is about.

        "Douma" in a Syria story, "Cirencester" in a British one: a capitalised
        proper-noun run that names a town or county of a country the article
        mentions at least LOCAL_MIN_COUNTRY_MENTIONS times, and that the article never
        writes in lower case (so not an ordinary word). A name that modifies a noun of
        ``place_modifiers.tsv`` ("a Woodbridge man", "Torrington firefighter", "Lewisburg
        Mayor John Manchester") is taken even inside an entity or a longer run, in a country
        the article mentions once."""
        countries = Counter(f.mention.chosen.country for f in found
                            if f.mention.chosen is not None and f.mention.chosen.country)
        wanted = {c for c, n in countries.items() if n >= LOCAL_MIN_COUNTRY_MENTIONS}
        if not countries:
            return []
        places = [(f.start, f.end) for f in found]
        ents = doc.ents
        blocking = [(e.start_char, e.end_char) for e in ents if e.label_ in LOCAL_BLOCKING]
        taken = places + blocking
        # words the article writes in lower case (array ops: no Python loop over tokens)
        arr = doc.to_array([LOWER, IS_LOWER])
        lowered = set(arr[arr[:, 1] == 1, 0].tolist()) if len(doc) else set()
        in_entity = [(e.start_char, e.end_char) for e in ents]
        modifies = self.place_modifiers
        gaz = self.gazetteer
        out: list[_Found] = []
        for run in _proper_noun_runs(doc):
            for span in _subspans(run, LOCAL_MAX_TOKENS):
                modifier = span.start == run.start and span.end < len(doc) and \
                    doc[span.end].lower_ in modifies
                if modifier:
                    # a person's name after the title ("Mayor John Manchester") may be one
                    # entity with the town: only places and dates block it
                    if _overlaps(span.start_char, span.end_char, places) or any(
                            s < span.end_char and e > span.start_char and s < span.start_char
                            for s, e in blocking):
                        continue
                elif _overlaps(span.start_char, span.end_char, taken):
                    continue
                # one word only when it stands alone, outside any entity: in "Colorado
                # State University" or "Joe Kaplan" a single word is no town
                elif len(span) == 1 and (len(run) > 1 or _overlaps(
                        span.start_char, span.end_char, in_entity)):
                    continue
                if (len(span) == 1 and span[0].lower in lowered) or \
                        norm(span.text) in gaz.not_places:
                    continue
                allowed = countries if modifier else wanted
                cands = [c for c in gaz.lookup(span.text) if c.primary and
                         c.entry.country in allowed and c.entry.feature_code in LOCAL_FEATURES]
                if cands:
                    m = Mention(norm(span.text), cands)
                    role = "embedded" if any(e.start <= span.start and span.end <= e.end
                                             for e in ents) else "literal"
                    out.append(_Found(span.start_char, span.end_char, span.text, role, m, span))
                    taken.append((span.start_char, span.end_char))
                    places.append((span.start_char, span.end_char))
                    break
        return out + self.find_counties(doc, places, countries)

    def find_counties(self, doc: Doc, taken: list[tuple[int, int]],
                      countries: Counter) -> list[_Found]:
        """Names listed before a plural region noun: "Harvey, Harper and Kingman counties",
        "Douglas and Wyandotte counties" are Harvey County, Harper County... of a country
        the article mentions."""
        out: list[_Found] = []
        gaz = self.gazetteer
        for tok in doc:
            suffix = PLURAL_REGION_NOUNS.get(tok.lower_)
            if suffix is None:
                continue
            names: list[Span] = []
            end = tok.i
            i = tok.i - 1
            # walk left over "A, B and C": capitalised words, commas, and/or; bounded
            while i >= 0 and tok.i - i <= LIST_MAX_TOKENS:
                t = doc[i]
                if t.text[:1].isupper() and t.is_alpha:
                    i -= 1
                    continue
                if i + 1 < end:
                    names.append(doc[i + 1:end])
                if t.lower_ not in (",", "and", "or"):
                    break
                end = i
                i -= 1
            else:
                if i + 1 < end:
                    names.append(doc[i + 1:end])
            for span in names:
                if _overlaps(span.start_char, span.end_char, taken):
                    continue
                cands = [c for c in gaz.lookup(f"{span.text} {suffix}")
                         if c.entry.feature_code == "ADM2" and c.entry.country in countries]
                if cands:
                    m = Mention(norm(f"{span.text} {suffix}"), cands)
                    out.append(_Found(span.start_char, span.end_char, span.text, "literal", m,
                                      span))
                    taken.append((span.start_char, span.end_char))
        return out

    def add_facilities(self, doc: Doc, found: list[_Found]) -> list[_Found]:
        """Streets, buildings, roads and named features (see place_facilities), each
        placed at the locality containing it; a toponym inside one ("Manila" in
        "Manila Cathedral") stays, as ``embedded``."""
        spans = self._facilities.find(doc)
        if not spans:
            return found
        has_sents = doc.has_annotation("SENT_START")
        localities = []
        for f in found:
            if f.mention.chosen is None or f.role == "metonymic":
                continue
            sent = f.span.sent.start_char if (f.span is not None and has_sents) else -1
            localities.append(Locality(f.start, f.end, sent, f.mention.chosen,
                                       is_dateline=f.role == "dateline",
                                       is_demonym=f.role == "demonym"))
        inner: set[int] = set()
        added: list[_Found] = []
        for span in spans:
            s, e = span.start_char, span.end_char
            inside = [i for i, f in enumerate(found) if s <= f.start and f.end <= e]
            if any(f.start < e and f.end > s for i, f in enumerate(found) if i not in inside):
                continue  # a place straddles the name: the gazetteer's reading stands
            if any(found[i].start == s and found[i].end == e for i in inside):
                continue  # the gazetteer knows the whole name ("Heathrow Airport")
            entry, why = locate(span, [x for x in localities if s <= x.start and x.end <= e],
                                localities, self._facilities.is_seat(span))
            if entry is None:
                continue
            inner.update(inside)
            role = "metonymic" if is_metonymic(span, self.metonymy) else "literal"
            m = Mention(norm(span.text), [], fixed=entry, fixed_by=why)
            m.chosen, m.resolved_by = entry, why
            added.append(_Found(s, e, span.text, role, m, span))
        if not added:
            return found
        for i in inner:
            # "Paris" in "Paris Public Library" stays a toponym, inside a name: like "Washington"
            # in "The Washington Post", never where an event happened
            if found[i].role in ("literal", "metonymic"):
                found[i].role = "embedded"
        return sorted(found + added, key=lambda f: f.start)

    def _from_span(self, span: Span, label: str) -> _Found | None:
        span = _trim(span)
        if not len(span):
            return None
        gaz = self.gazetteer
        text = span.text
        demonym = gaz.demonym(text) if label in ("NORP", "GPE", "GAZ", "EMBEDDED",
                                                 "PERSON") else None
        if demonym is not None and not any(
                c.primary and c.entry.feature_code in MATCH_FEATURES for c in gaz.lookup(text)):
            # "Canadian" is a demonym, not Canadian, Texas; "Georgian" can't be a place
            if not _is_modifier(span):
                return None  # "in English", "the Russians": a language or people
            m = Mention(norm(text), [], fixed=demonym)
            return _Found(span.start_char, span.end_char, text, "demonym", m, span)
        if label in ("NORP", "PERSON", "GAZ") and _after_locative(span):
            label = "AFTER_PREP"  # "in Riverdale", "to Tunis": a place whatever spaCy says
        elif label == "NORP":
            label = "GAZ"  # spaCy's NORP "Tunis"
        m = self._mention(text, label)
        if m is None and len(span) > 1 and span[0].lower_ in DIRECTION_WORDS:
            span = span[1:]
            text = span.text
            m = self._mention(text, label)
        if m is None:
            return None
        return _Found(span.start_char, span.end_char, text, "literal", m, span)

    def _mention(self, text: str, label: str | None) -> Mention | None:
        cands = self.gazetteer.lookup(text)
        if not cands:
            # "Enugu State", "Oaxaca State", "Cuyahoga county": the region by its own name
            head, _, suffix = text.rpartition(" ")
            if head and suffix.lower() in REGION_SUFFIXES:
                cands = [c for c in self.gazetteer.lookup(head)
                         if c.entry.feature_code in ("ADM1", "ADM2")]
        if label in ("GAZ", "EMBEDDED", "PERSON", "AFTER_PREP") and \
                norm(text) in self.gazetteer.not_places:
            return None
        if label == "AFTER_PREP":
            cands = [c for c in cands if c.primary]
        if label in ("GAZ", "EMBEDDED", "PERSON"):
            # a name spaCy did not call a place is one only as a country, region or
            # curated name, or a big city's own name
            min_pop = MATCH_MIN_CITY_POPULATION
            if not any(c.primary and (c.entry.feature_code in MATCH_FEATURES or
                                      c.entry.population >= min_pop) for c in cands):
                return None
            # a place then, and any place of that name may be the one ("Nelson", BC)
            cands = [c for c in cands if c.primary]
        if not cands:
            return None
        return Mention(norm(text), cands)

    def _gazetteer_matches(self, doc: Doc) -> list[Span]:
        spans = [doc[s:e] for _, s, e in self._matcher(doc)]
        # capitalised; a short name in capitals only ("US", "BC", not "us")
        spans = [s for s in spans if s[0].text[:1].isupper() and
                 (len(s.text) > 3 or s.text.replace(".", "").isupper())]
        # longest first, no overlaps ("South Korea" over "Korea")
        spans.sort(key=lambda s: (-(s.end - s.start), s.start))
        out: list[Span] = []
        for s in spans:
            if all(s.end <= o.start or s.start >= o.end for o in out):
                out.append(s)
        return out

    # ------------------------------------------------------------ output
    def to_places(self, found: list[_Found]) -> list[Place]:
        out = []
        for f in found:
            e: GeoEntry | None = f.mention.chosen
            if e is None:
                continue
            role = f.role
            if role == "literal" and f.span is not None and \
                    e.feature_code in METONYMY_FEATURES and is_metonymic(f.span, self.metonymy):
                role = "metonymic"
            out.append(Place(
                start=f.start, end=f.end, text=f.text, geonames_id=e.geonames_id, name=e.name,
                country=e.country, admin1=e.admin1, feature_class=e.feature_class,
                lat=round(e.lat, 5), lon=round(e.lon, 5), role=role,
                resolved_by=f.mention.resolved_by))
        return out


def _proper_noun_runs(doc: Doc) -> list[Span]:
    """Maximal runs of capitalised proper nouns ("Beverly Hills", "Douma")."""
    if not len(doc):
        return []
    arr = doc.to_array([POS, IS_ALPHA])
    # candidates by array ops; only those get the (Python) capital-letter check
    idx = numpy.flatnonzero((arr[:, 0] == PROPN) & (arr[:, 1] == 1)).tolist()
    runs, start, prev = [], None, -2
    for i in idx:
        if not doc[i].text[:1].isupper():
            continue
        if i != prev + 1:
            if start is not None:
                runs.append(doc[start:prev + 1])
            start = i
        prev = i
    if start is not None:
        runs.append(doc[start:prev + 1])
    return runs


def _subspans(run: Span, max_len: int) -> list[Span]:
    """Sub-spans of a run, longest first."""
    n = len(run)
    return [run[i:i + k] for k in range(min(n, max_len), 0, -1) for i in range(n - k + 1)]


LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "to", "from", "into", "across"})


def _after_locative(span: Span) -> bool:
    return span.start > 0 and span.doc[span.start - 1].lower_ in LOCATIVE_PREPS


def _is_modifier(span: Span) -> bool:
    """A demonym as GeoWebNews tags it: modifying a noun ("Russian spy", "anti-Russian
    policy", "Russian-backed"), not standing for a language or a people."""
    root = span.root
    if root.dep_ in ("amod", "compound", "nmod", "npadvmod", "poss"):
        return True
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return nxt is not None and (nxt.pos_ in ("NOUN", "PROPN", "ADJ") or nxt.text == "-")


def place_names(gaz: Gazetteer) -> list[str]:
    """Countries, regions, curated names, demonyms and 100k+ cities, as written."""
    return sorted(n for n in gaz.surface_names(min_city_population=MATCH_MIN_CITY_POPULATION)
                  if len(n) > 1 and norm(n) not in gaz.not_places)


def _phrase_matcher(gaz: Gazetteer, tokenizer: Tokenizer,
                    cache: dict[str, tuple[str, ...]]) -> PhraseIndex:
    """The place names, matched on lower case from patterns tokenised as written ("U.S."
    is one token, "u.s." is not)."""
    names = place_names(gaz)
    tokens = tokens_of(names, tokenizer, cache)
    matcher = PhraseIndex()
    matcher.add("PLACE", [tokens[n] for n in names])
    return matcher


def _trim(span: Span) -> Span:
    """Without a leading "the" or a trailing possessive "'s"."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the",):
        start += 1
    while end > start and span.doc[end - 1].lower_ in ("'s", "\u2019s", "'"):
        end -= 1
    return span.doc[start:end]


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and end > s for s, e in taken)
