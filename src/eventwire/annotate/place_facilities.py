"""Facilities, streets, roads and named features, placed at the locality that contains them.

GeoWebNews-style annotation counts "Royal Street", "Colorado State University",
"Manila Cathedral", "Meydan Racecourse", "the A417" as toponyms; a cities
gazetteer has no entry for them. We find them by their shape (a capitalised
name ending in a facility word from ``facilities.tsv``, "University of X",
"Lake X", a road code, or spaCy's FAC entities) and give them the point of the
locality the article says contains them, in this order:

1. a city named inside the facility's name ("Manila Cathedral" -> Manila);
2. a city in the same sentence ("Kamenné Square in Bratislava"), the nearest one,
   inside the region or country the name embeds when it embeds one;
3. the dateline's city, then the article's most-mentioned city (same condition);
4. the region or country the name embeds ("University of Alberta" -> Alberta);
5. the article's most-mentioned first- or second-order region.

``resolved_by`` says which: ``containing-locality:embedded``, ``:sentence``,
``:dateline``, ``:article``, ``:embedded-region``, ``:article-region``. The point is
the locality's, not the facility's own (we have no street-level data), which is
right within the 161 km GeoWebNews scores by, and says so.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from ..geo.gazetteer import GeoEntry

# Entities whose name ending in a facility word makes them a facility ("Royal Street"
# tagged ORG, "Meydan Racecourse" tagged PERSON); FAC entities always are.
NAMED_LABELS = frozenset({"FAC", "ORG", "PERSON", "GPE", "LOC", "EVENT", "WORK_OF_ART",
                          "PRODUCT", "NORP"})
# UK A/M/B roads and US interstates: "the A417", "M25", "I-95" (capital letter, digits).
_ROAD_CODE = re.compile(r"\b(?:[AMB][1-9][0-9]{0,3}|I-[1-9][0-9]{0,2})\b")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
CITY_CODES = frozenset({"PPL", "PPLC"})
REGION_CODES = frozenset({"ADM1", "ADM2"})


@dataclass(slots=True)
class Locality:
    """A resolved place mention the article gives, as a facility's possible container."""

    start: int
    end: int
    sent_start: int  # char offset of its sentence's start
    entry: GeoEntry
    is_dateline: bool = False
    is_demonym: bool = False


class FacilityFinder:
    """Facility names in a doc (spans), and the locality each one is in.

    A PhraseMatcher finds the few facility words of a doc; the name around each is
    then read off its neighbours by hand (a token Matcher with an open-ended run of
    capitalised tokens costs more than the whole places annotator)."""

    MAX_NAME_TOKENS = 6

    def __init__(self, vocab: Vocab, facility_words: dict[str, frozenset[str]]) -> None:
        # data/places/facilities.tsv, by kind
        words = {k: frozenset(w.strip().lower() for w in v) for k, v in facility_words.items()}
        self.heads = words.get("head", frozenset()) | words.get("seat", frozenset())
        self.seats = words.get("seat", frozenset())
        self.of_words = words.get("of", frozenset())
        self.lead_words = words.get("lead", frozenset())
        self.vocab = vocab
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        tokenizer = English(vocab=vocab).tokenizer
        for label, ws in (("HEAD", self.heads), ("OF", self.of_words),
                          ("LEAD", self.lead_words)):
            self.matcher.add(label, list(tokenizer.pipe(sorted(ws))))

    def find(self, doc: Doc) -> list[Span]:
        """Facility spans, longest first where they overlap, without a leading "the"."""
        if self.matcher.vocab is not doc.vocab:
            self.__init__(doc.vocab)
        spans = []
        strings = doc.vocab.strings
        for label, s, e in self.matcher(doc):
            if not doc[s].text[:1].isupper():
                continue  # "the street", "a school"
            kind = strings[label]
            if kind == "HEAD":
                i = s
                while i > 0 and s - i < self.MAX_NAME_TOKENS and _is_name(doc[i - 1]):
                    i -= 1
                if i == s and s > 0 and _ORDINAL.match(doc[s - 1].text):
                    i = s - 1  # "14th St."
                if i < s:
                    spans.append(doc[i:e])
            elif kind == "OF":  # "University of (the) Alberta"
                j = e + 1 if e < len(doc) and doc[e].lower_ == "of" else None
                if j is not None and j < len(doc) and doc[j].lower_ == "the":
                    j += 1
                k = j
                while k is not None and k < len(doc) and k - j < self.MAX_NAME_TOKENS and \
                        _is_name(doc[k]):
                    k += 1
                if k is not None and k > j:
                    spans.append(doc[s:k])
            elif e < len(doc) and doc[e].pos_ == "PROPN" and doc[e].is_title:  # "Lake Manassas"
                spans.append(doc[s:e + 1])
        spans += _road_codes(doc)
        # names ending in a facility word, and spaCy's FAC entities; not a one-word one
        # ("the Centre", India's government), nor a FAC holding a person's name
        # ("Notre Dame's Jessica Shepard", "Park" for Park Geun-hye)
        ents = doc.ents
        person_words = {t.lower for e in ents if e.label_ == "PERSON" for t in e}
        for ent in ents:
            words = [t for t in ent if t.lower_ != "the"]
            if len(words) < 2:
                continue
            if ent.label_ in NAMED_LABELS and ent[-1].lower_ in self.heads and \
                    ent[-1].is_title:
                spans.append(ent)  # "Kingsley Road" even when a Kingsley is quoted
            elif ent.label_ == "FAC" and not any(t.lower in person_words for t in words):
                spans.append(ent)
        out = []
        for s in filter_spans(spans):
            while len(s) and s[0].lower_ == "the":
                s = s[1:]
            while len(s) and s[-1].lower_ in ("'s", "\u2019s", "'"):
                s = s[:-1]
            if len(s):
                out.append(s)
        return sorted(out, key=lambda s: s.start)

    def is_seat(self, span: Span) -> bool:
        """An embassy or consulate: the country in its name is not where it stands."""
        return any(t.lower_ in self.seats for t in span)


def locate(span: Span, inside: list[Locality], localities: list[Locality],
           seat: bool) -> tuple[GeoEntry | None, str]:
    """The entry of the locality containing a facility, and how it was chosen."""
    embedded = [x.entry for x in inside if not x.is_demonym]
    if not seat:
        for e in embedded:
            if e.feature_code in CITY_CODES:
                return e, "containing-locality:embedded"
    # a city the article gives must lie in the region or country the name embeds
    region = None if seat else next(iter(embedded), None)

    def fits(e: GeoEntry) -> bool:
        if region is None:
            return True
        if region.feature_code == "PCLI":
            return e.country == region.country
        if region.feature_code in REGION_CODES:
            return e.country == region.country and e.admin1 == region.admin1
        return False

    cities = [x for x in localities if x.entry.feature_code in CITY_CODES and fits(x.entry)]
    sent_start = span.sent.start_char if span.doc.has_annotation("SENT_START") else None
    same = [x for x in cities if x.sent_start == sent_start and not x.is_dateline]
    if same:
        # the nearest, a following one first ("Kamenné Square in Bratislava")
        best = min(same, key=lambda x: (abs(x.start - span.end_char)
                                        if x.start >= span.end_char
                                        else abs(span.start_char - x.end) + 40))
        return best.entry, "containing-locality:sentence"
    for x in cities:
        if x.is_dateline:
            return x.entry, "containing-locality:dateline"
    if cities:  # the most mentioned; the biggest of those ("Dubreuil" once is no rival)
        counts = Counter(x.entry.key for x in cities)
        top = max(cities, key=lambda x: (counts[x.entry.key], x.entry.population))
        return top.entry, "containing-locality:article"
    if region is not None:
        return region, "containing-locality:embedded-region"
    regions = [x for x in localities if x.entry.feature_code in REGION_CODES]
    if regions:
        counts = Counter(x.entry.key for x in regions)
        top = max(regions, key=lambda x: (counts[x.entry.key], x.entry.population))
        return top.entry, "containing-locality:article-region"
    return None, ""


ROAD_CUES = frozenset({"the", "southbound", "northbound", "eastbound", "westbound", "junction",
                       "carriageway", "road", "motorway", "roundabout", "interchange", "exit"})


def _road_codes(doc: Doc) -> list[Span]:
    """Road codes ("A417", "M25", "I-95") in an article that speaks of roads: one of them
    follows "the" or precedes a road word ("the A417", "A429 junction"), so "B1" and
    "B2" language levels or an "A6" paper size are not roads."""
    spans = [s for m in _ROAD_CODE.finditer(doc.text)
             if (s := doc.char_span(m.start(), m.end())) is not None]
    if any((s.start > 0 and doc[s.start - 1].lower_ in ROAD_CUES) or
           (s.end < len(doc) and doc[s.end].lower_ in ROAD_CUES) for s in spans):
        return spans
    return []


def _is_name(t) -> bool:
    """A word of a facility's name: capitalised, not a function word ("On", "The")."""
    return t.is_title and not t.is_stop and t.is_alpha
