"""Cross-article linking on real articles: near-duplicates, stories, merged events.

Fixtures: ``link_corpus.jsonl`` holds real pairs from ../shared/corpus (an AP
story reprinted by two outlets, two write-throughs of one wire story, the same
Gaza truce told by two outlets, two days of a templated index report);
``link_tass_gold.jsonl`` holds three TASS articles of one day with their gold
events (the event coder lands separately; merge works on any record's events).
"""
from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import FIXTURES, read_jsonl
from eventwire.link import Linker, link_records
from eventwire.model import Article, ArticleRecord, Event, Participant
from eventwire.store import Store
from eventwire.store.links import LinkStore

CORPUS = {r["id"]: r for r in read_jsonl(FIXTURES / "link_corpus.jsonl")}
TASS = {r["id"]: r for r in read_jsonl(FIXTURES / "link_tass_gold.jsonl")}


def article_record(d: dict) -> ArticleRecord:
    return ArticleRecord(Article(id=d["id"], text=d["text"], source=d.get("source"),
                                 date=d.get("date"), title=d.get("title")))


def gold_record(d: dict, id: str | None = None, source: str | None = None) -> ArticleRecord:
    """An article record whose events are the gold annotations (offsets found in the text)."""
    rec = article_record(d)
    rec.article.id = id or d["id"]
    rec.article.source = source or d["source"]
    for g in d["events"]:
        start = d["text"].find(g["evidence"])
        assert start >= 0, g["evidence"]
        rec.events.append(Event(
            event=g["event"], evidence=g["evidence"], evidence_start=start,
            evidence_end=start + len(g["evidence"]), trigger=g["evidence"],
            trigger_start=start, trigger_end=start + len(g["evidence"]), rule="gold",
            actor=[Participant(code=p["code"], sector=p.get("sector"), name=p.get("name"))
                   for p in g["actor"]],
            recipient=[Participant(code=p["code"], sector=p.get("sector"), name=p.get("name"))
                       for p in g["recipient"]],
            date=g.get("date"), status=g.get("status", "actual"), mode=g.get("mode")))
    return rec


def link_all(ids: list[str]) -> dict[str, object]:
    return {r.article_id: r for r in link_records(article_record(CORPUS[i]) for i in ids)}


# ------------------------------------------------------------------ dedup

def test_reprint_of_an_agency_story_by_two_outlets_is_a_duplicate():
    # The Guardian and Fox both ran AP's Judicial Watch / Clinton emails story.
    res = link_all(["allsides-NOBNbN7kmbAqFzrY", "allsides-SYPeGeWE4H1uV8ts"])
    fox = res["allsides-SYPeGeWE4H1uV8ts"]
    assert fox.duplicate_of == "allsides-NOBNbN7kmbAqFzrY"
    assert fox.similarity > 0.8
    assert fox.story_id == res["allsides-NOBNbN7kmbAqFzrY"].story_id


def test_writethru_that_adds_text_is_linked_to_the_urgent_first_version():
    # Xinhua's 2-paragraph URGENT and its 2nd Ld Writethru share little by Jaccard
    # (the writethru is four times longer) but contain the first version.
    res = link_all(["xin_eng_20061119.0021", "xin_eng_20061119.0042"])
    assert res["xin_eng_20061119.0042"].duplicate_of == "xin_eng_20061119.0021"
    res = link_all(["afp_eng_20061230.0002", "afp_eng_20061230.0030"])
    assert res["afp_eng_20061230.0030"].duplicate_of == "afp_eng_20061230.0002"


def test_templated_daily_reports_a_week_apart_are_not_duplicates():
    res = link_all(["xin_eng_20051122.0059", "xin_eng_20051130.0037"])
    assert res["xin_eng_20051130.0037"].duplicate_of is None


def test_same_story_from_two_outlets_is_one_story_not_a_duplicate():
    # Fox News and the Washington Times on the Israel–Hamas 72-hour truce, same day.
    res = link_all(["allsides-Sl9VPMAJkFPlB4cU", "allsides-UoZzLPxIo5PBDcck"])
    wt = res["allsides-UoZzLPxIo5PBDcck"]
    assert wt.duplicate_of is None
    assert wt.story_id == res["allsides-Sl9VPMAJkFPlB4cU"].story_id


def test_unrelated_articles_get_different_stories():
    res = link_all(["allsides-Sl9VPMAJkFPlB4cU", "allsides-NOBNbN7kmbAqFzrY",
                    "xin_eng_20061119.0042"])
    assert len({r.story_id for r in res.values()}) == 3


# ------------------------------------------------- stories (own sentences)

QUAKE = [  # one event told by three outlets in their own styles (texts written for the test)
    ("q-wire", "Agency Wire", "2021-03-04", "UPDATE 2-Earthquake of magnitude 6.1 hits Kermadec "
     "coast, Tonga issues tsunami warning",
     "An earthquake of magnitude 6.1 struck off the Kermadec Islands on Thursday, and Tonga "
     "issued a tsunami warning for its southern coast, the Tonga Meteorological Service said.\n"
     "Residents of Nuku'alofa moved to higher ground. No damage was reported in Tonga.\n"
     "(Reporting by Jane Roe; Editing by John Doe)"),
    ("q-paper", "Daily Paper", "2021-03-05", "Tonga on alert after Kermadec quake",
     "Residents of Nuku'alofa spent the night on higher ground after the Kermadec Islands "
     "earthquake. The Tonga Meteorological Service lifted its tsunami warning on Friday "
     "morning and said the quake caused no damage in Tonga.\n"
     "Copyright 2021 Daily Paper. All rights reserved."),
    ("q-blog", "Web Daily", "2021-03-05", "Ferries resume in Tonga",
     "Ferries to 'Eua resumed on Friday afternoon. The Tonga Meteorological Service lifted its "
     "warning in the morning, and families who had spent the night on higher ground went home, "
     "saying the quake caused no damage."),
]
FLOOD = ("f-wire", "Agency Wire", "2021-03-05", "Floods close schools in Gauteng",
         "Heavy rain flooded townships around Johannesburg, and the Gauteng education "
         "department closed forty schools on Friday, officials said.")


def own_record(row) -> ArticleRecord:
    i, source, date, title, text = row
    return ArticleRecord(Article(id=i, text=text, source=source, date=date, title=title))


def final_stories(rows) -> dict[str, str]:
    links = LinkStore.open()
    ids = [r.article_id for r in link_records((own_record(x) for x in rows), links)]
    return links.stories_of(ids)


def partition(stories_by_id: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for a, s in stories_by_id.items():
        groups.setdefault(s, set()).add(a)
    return {frozenset(g) for g in groups.values()}


def test_story_does_not_depend_on_arrival_order():
    import itertools
    rows = [*QUAKE, FLOOD]
    seen = {frozenset(partition(final_stories(list(order))))
            for order in itertools.permutations(rows)}
    assert seen == {frozenset({frozenset({"q-wire", "q-paper", "q-blog"}),
                               frozenset({"f-wire"})})}


def test_a_later_article_joins_two_stories_it_links():
    # The wire flash and the blog share little; the paper's piece links both.
    from eventwire.link import features, stories
    v = {r[0]: features.vectorize(own_record(r)) for r in QUAKE}
    assert stories.same_story(v["q-paper"], "2021-03-05", v["q-wire"], "2021-03-04")[0]
    assert stories.same_story(v["q-paper"], "2021-03-05", v["q-blog"], "2021-03-05")[0]
    assert not stories.same_story(v["q-wire"], "2021-03-04", v["q-blog"], "2021-03-05")[0]
    res = final_stories([QUAKE[0], QUAKE[2], QUAKE[1]])
    assert len(set(res.values())) == 1


def test_outlet_boilerplate_and_headline_forms_are_not_story_features():
    from eventwire.link.features import clean_text, clean_title, word_terms
    assert clean_title("UPDATE 2-EXCLUSIVE-Tonga issues tsunami warning") \
        == "Tonga issues tsunami warning"
    assert clean_title("(LEAD) Floods close schools") == "Floods close schools"
    assert clean_text("No damage was reported.\n(Reporting by Jane Roe; Editing by John Doe)") \
        .strip() == "No damage was reported."
    assert clean_text("Quake hits. Copyright 2021 Daily Paper. All rights reserved.") \
        == "Quake hits. "
    plain = own_record(("x", None, None, "Tonga issues tsunami warning", "Tonga issued a warning."))
    dressed = own_record(("y", None, None, "URGENT: Tonga issues tsunami warning",
                          "Tonga issued a warning.\n(Reporting by Ann Lee; Editing by Bo Chan)"))
    assert word_terms(plain) == word_terms(dressed)


def test_same_kind_of_event_in_another_year_is_another_story():
    from eventwire.link import features, stories
    a = own_record(("y1", None, None, "Fire at Waitrose store in Banstead",
                    "A fire destroyed the Waitrose supermarket in Banstead, Surrey, in 2008. "
                    "Surrey Fire and Rescue sent ten engines to the Waitrose store."))
    b = own_record(("y2", None, None, "Fire at Waitrose store in Banstead",
                    "A fire destroyed the Waitrose supermarket in Banstead, Surrey, in 2013. "
                    "Surrey Fire and Rescue sent ten engines to the Waitrose store."))
    va, vb = features.vectorize(a), features.vectorize(b)
    assert stories.similarity(va, vb) > stories.THRESHOLD
    assert stories.years_conflict(va, vb)
    assert not stories.same_story(va, None, vb, None)[0]
    # Dated the same day, the years are background ("since 2008"): the date decides.
    assert stories.same_story(va, "2013-05-01", vb, "2013-05-01")[0]


def test_dated_articles_close_in_time_need_less_shared_wording():
    from eventwire.link import stories
    assert stories.threshold("2021-03-04", "2021-03-05") == stories.CLOSE_THRESHOLD
    assert stories.threshold("2021-03-01", "2021-03-06") == stories.THRESHOLD
    assert stories.threshold(None, "2021-03-05") == stories.THRESHOLD
    assert stories.CLOSE_THRESHOLD < stories.THRESHOLD


def test_articles_a_month_apart_or_without_shared_names_are_not_linked():
    from eventwire.link import features, stories
    v = features.vectorize(own_record(QUAKE[1]))
    w = features.vectorize(own_record(QUAKE[2]))
    assert stories.same_story(v, "2021-03-05", w, "2021-03-05")[0]
    assert not stories.same_story(v, "2021-03-05", w, "2021-04-20")[0]
    # Vocabulary alone (no names in common) does not make a story.
    a = own_record(("n1", None, None, "quake lifts sea level",
                    "the quake lifted the sea level and the warning was lifted on friday"))
    b = own_record(("n2", None, None, "quake lifts sea level",
                    "the quake lifted the sea level and the warning was lifted on friday"))
    va, vb = features.vectorize(a), features.vectorize(b)
    assert stories.similarity(va, vb) > 0.99
    assert not stories.same_story(va, None, vb, None)[0]


def test_relinking_a_changed_article_splits_the_story_it_held_together(tmp_path):
    with Store(tmp_path / "s.db") as store:
        links = LinkStore(store.db)
        linker = Linker(links)
        for row in (QUAKE[0], QUAKE[2], QUAKE[1]):
            linker.link(own_record(row))
        assert len(set(links.stories_of(["q-wire", "q-paper", "q-blog"]).values())) == 1
        # The bridging article is corrected into a flood story: the quake pieces part.
        changed = own_record(("q-paper", "Daily Paper", "2021-03-05", FLOOD[3], FLOOD[4]))
        linker.link(changed, replace=True)
        st = links.stories_of(["q-wire", "q-paper", "q-blog"])
        assert st["q-wire"] != st["q-blog"]
        assert store.db.execute("SELECT sum(num_articles) FROM stories").fetchone()[0] == 3


# ------------------------------------------------------------------ merge

def test_same_event_from_two_articles_is_one_merged_event_with_two_mentions():
    links = LinkStore.open()
    linker = Linker(links)
    for i in ("tass-2024-12-26-00", "tass-2024-12-26-06", "tass-2024-12-26-16"):
        linker.link(gold_record(TASS[i]))
    # "Russia still maintains a transit of at least 14 million cubic meters of gas
    # through Ukraine" (00) and "Russia is still maintaining the transit ..." (06).
    rows = links.db.execute("SELECT * FROM merged_events WHERE event='COOPERATE'").fetchall()
    assert len(rows) == 1
    m = rows[0]
    assert (m["num_mentions"], m["num_articles"], m["num_sources"]) == (2, 2, 1)
    assert m["first_event_id"].startswith("tass-2024-12-26-00")
    mentions = links.mentions(m["id"])
    assert {x["article_id"] for x in mentions} == {"tass-2024-12-26-00", "tass-2024-12-26-06"}
    why = json.loads(mentions[1]["explanation"])
    assert why["actor_codes"] == ["RUS"] and why["recipient"] in ("same", "related")
    assert why["evidence_similarity"] > 0.3
    for x in mentions:  # the evidence span points at the article's words
        text = TASS[x["article_id"]]["text"]
        assert text[x["evidence_start"]:x["evidence_end"]] == x["evidence"]


def test_same_type_and_parties_but_different_happenings_are_not_merged():
    # Both RUS ACCUSE UKR on 2024-12-26: "Ukraine is punishing Europe" (gas transit)
    # and "the enemy continues to hit children" (another article, another matter).
    links = LinkStore.open()
    linker = Linker(links)
    for i in ("tass-2024-12-26-00", "tass-2024-12-26-16"):
        linker.link(gold_record(TASS[i]))
    rows = links.db.execute("SELECT m.article_id FROM event_mentions m JOIN merged_events e"
                            " ON e.id = m.merged_id WHERE e.event='ACCUSE' AND e.date="
                            "'2024-12-26' GROUP BY m.merged_id HAVING count(DISTINCT"
                            " m.article_id) > 1").fetchall()
    assert rows == []


def test_reprint_events_become_mentions_of_the_canonical_events():
    links = LinkStore.open()
    linker = Linker(links)
    first = linker.link(gold_record(TASS["tass-2024-12-26-06"]))
    reprint = linker.link(gold_record(TASS["tass-2024-12-26-06"], id="reprint-of-06",
                                      source="Interfax"))
    assert reprint.duplicate_of == "tass-2024-12-26-06"
    assert [m for _, m, _ in reprint.merged] == [m for _, m, _ in first.merged]
    assert not any(new for _, _, new in reprint.merged)
    row = links.db.execute("SELECT * FROM merged_events").fetchone()
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (2, 2, 2)
    assert json.loads(links.mentions(row["id"])[1]["explanation"])["duplicate_of"] \
        == "tass-2024-12-26-06"


# --------------------------------------------------------- store and ingest

def test_ingest_links_incrementally_and_relinks_only_changed_articles(tmp_path):
    db = tmp_path / "links.db"
    with Store(db) as store:
        linker = Linker(LinkStore(store.db))
        for i in ("tass-2024-12-26-00", "tass-2024-12-26-06"):
            rec = gold_record(TASS[i])
            assert store.add(rec) == "added"
            linker.link(rec)
    # A second run (a new process) continues from the stored state.
    with Store(db) as store:
        linker = Linker(LinkStore(store.db))
        rec = gold_record(TASS["tass-2024-12-26-06"], id="reprint-of-06", source="RIA")
        store.add(rec)
        res = linker.link(rec)
        assert res.duplicate_of == "tass-2024-12-26-06"
        # An updated version of an article replaces its links, it does not add to them.
        upd = gold_record(TASS["tass-2024-12-26-06"])
        upd.article.title += " (updated)"
        assert store.add(upd) == "updated"
        linker.link(upd, replace=True)
        n = store.db.execute("SELECT num_mentions, num_articles FROM merged_events"
                             " WHERE event='COOPERATE'").fetchall()
        assert [tuple(r) for r in n] == [(3, 3)]
        assert store.db.execute("SELECT count(*) FROM article_stories").fetchone()[0] == 3
        assert store.db.execute("SELECT sum(num_articles) FROM stories").fetchone()[0] == 3


def test_cli_cluster_and_ingest_commands(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    out = tmp_path / "clusters.jsonl"
    r = CliRunner().invoke(app, ["cluster", str(FIXTURES / "link_corpus.jsonl"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == len(CORPUS)
    by_id = {x["id"]: x for x in lines}
    assert by_id["allsides-SYPeGeWE4H1uV8ts"]["duplicate_of"] == "allsides-NOBNbN7kmbAqFzrY"
    assert set(by_id["xin_eng_20051122.0059"]) == {"id", "cluster", "duplicate_of"}

    # Records with events (as `extract` writes them): merged, then listed from the db.
    recs = tmp_path / "records.jsonl"
    recs.write_text("".join(json.dumps(gold_record(TASS[i]).to_dict()) + "\n"
                            for i in ("tass-2024-12-26-00", "tass-2024-12-26-06")))
    db = tmp_path / "c.db"
    r = CliRunner().invoke(app, ["cluster", "--records", str(recs), "-o", str(out),
                                 "--db", str(db)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["events", "--db", str(db), "--json", "--min-mentions", "2"])
    assert r.exit_code == 0, r.output
    events = [json.loads(x) for x in r.output.splitlines() if x.strip()]
    assert [e["event"] for e in events] == ["COOPERATE"]
    assert len(events[0]["mentions"]) == 2


def test_ingest_command_links_and_skips_unchanged(tmp_path, pipeline):
    from typer.testing import CliRunner

    from eventwire.cli import app

    src = tmp_path / "pair.jsonl"
    src.write_text("".join(json.dumps(CORPUS[i]) + "\n" for i in
                           ("allsides-NOBNbN7kmbAqFzrY", "allsides-SYPeGeWE4H1uV8ts")))
    db = tmp_path / "i.db"
    for _ in range(2):  # the second run finds both unchanged and links nothing again
        r = CliRunner().invoke(app, ["ingest", str(src), "--db", str(db)])
        assert r.exit_code == 0, r.output
    con = sqlite3.connect(db)
    assert con.execute("SELECT * FROM duplicates").fetchall() == [
        ("allsides-SYPeGeWE4H1uV8ts", "allsides-NOBNbN7kmbAqFzrY", pytest.approx(0.9, abs=0.1))]
    assert con.execute("SELECT count(*), sum(num_articles) FROM stories").fetchone() == (1, 2)
    r = CliRunner().invoke(app, ["stories", "--db", str(db), "--json"])
    assert r.exit_code == 0 and "num_articles" in r.output


def test_pipeline_end_to_end_same_story_from_two_outlets_gives_events_with_two_sources(pipeline):
    # Fox News and the Washington Times on the Gaza truce, through the real event coder.
    links = LinkStore.open()
    linker = Linker(links)
    for i in ("allsides-Sl9VPMAJkFPlB4cU", "allsides-UoZzLPxIo5PBDcck"):
        linker.link(pipeline.process_article(article_record(CORPUS[i]).article))
    rows = links.list_merged(min_mentions=2)
    assert rows, "no event was reported by both outlets"
    assert all(r["num_sources"] == 2 and r["num_articles"] == 2 for r in rows)
    assert any(r["event"] == "RETREAT" for r in rows)  # "Israel withdrew ... from Gaza"


# ------------------------------------------- merge decision (own sentences)

def view(event="ACCUSE", actor=(), recipient=(), evidence="", speakers=(), date="2024-12-26"):
    from eventwire.link.merge import EventView
    return EventView(event, "actual", date, [dict(p) for p in actor], [dict(p) for p in recipient],
                     [evidence], set(speakers))


PUTIN = {"code": "RUS", "sector": "GOV", "name": "Vladimir Putin", "kind": "PERSON"}
DUMA = {"code": "RUS", "sector": "LEG", "name": "Anna Kuznetsova", "kind": "PERSON"}
RUSSIA = {"code": "RUS", "sector": "GOV", "name": "Russia", "kind": "GPE"}
UKRAINE = {"code": "UKR", "sector": "GOV", "name": "Ukraine", "kind": "GPE"}


def test_names_match_by_surname_but_not_across_people():
    from eventwire.link.merge import names_match
    assert names_match("Vladimir Putin", "Putin")
    assert names_match("President Putin", "Vladimir Putin")
    assert not names_match("Vladimir Putin", "Anna Kuznetsova")
    assert not names_match(None, "Putin")


def test_two_people_accusing_one_country_the_same_day_are_two_events():
    from eventwire.link.merge import same_event
    a = view(actor=[PUTIN], recipient=[UKRAINE], speakers=["Vladimir Putin"],
             evidence="Putin accused Ukraine of blocking the gas transit to Europe.")
    b = view(actor=[DUMA], recipient=[UKRAINE], speakers=["Anna Kuznetsova"],
             evidence="Kuznetsova accused Ukraine of crimes against children in Donbas.")
    assert not same_event(a, b, same_story=True)[0]
    # Even when their wording is alike: two speakers, two actors, two statements.
    c = view(actor=[DUMA], recipient=[UKRAINE], speakers=["Anna Kuznetsova"],
             evidence="Kuznetsova accused Ukraine of blocking the gas transit to Europe.")
    assert not same_event(a, c)[0]


def test_one_statement_told_by_two_outlets_is_one_event():
    from eventwire.link.merge import same_event
    a = view(actor=[PUTIN], recipient=[UKRAINE], speakers=["Vladimir Putin"],
             evidence="Putin accused Ukraine of blocking the gas transit to Europe.")
    b = view(actor=[{**PUTIN, "name": "Putin"}], recipient=[UKRAINE],
             evidence="Russian President Putin on Thursday accused Kiev of stopping gas transit.",
             date="2024-12-27")
    ok, _, why = same_event(a, b)
    assert ok and why["actor"] == "same"
    # A country and its leader are related actors: the wording must then agree more.
    c = view(actor=[RUSSIA], recipient=[UKRAINE],
             evidence="Russia accused Ukraine of blocking the gas transit to Europe on Thursday.")
    assert same_event(a, c)[0]
    d = view(actor=[RUSSIA], recipient=[UKRAINE],
             evidence="Moscow also said Kiev's troops shelled a school in Gorlovka.")
    assert not same_event(a, d)[0]


def test_one_story_is_no_evidence_of_one_event():
    from eventwire.link.merge import same_event
    a = view(event="ASSAULT", actor=[RUSSIA], recipient=[UKRAINE],
             evidence="Russian missiles struck a power plant in Kharkiv.")
    b = view(event="ASSAULT", actor=[RUSSIA], recipient=[UKRAINE],
             evidence="Drones hit a railway depot near Lviv overnight.")
    assert not same_event(a, b, same_story=True)[0]


def test_the_speaker_of_a_reported_statement_is_the_quote_speaker():
    from eventwire.link.merge import report_view
    from eventwire.model import Quote
    text = 'Ukraine is blocking the gas transit, Putin said on Thursday.'
    rec = ArticleRecord(Article(id="sp", text=text, date="2024-12-26"))
    rec.quotes.append(Quote(start=0, end=35, text=text[:35], kind="indirect",
                            speaker="Vladimir Putin"))
    t = text.index("blocking")
    rec.events.append(Event(event="ACCUSE", evidence=text, evidence_start=0,
                            evidence_end=len(text), trigger="blocking", trigger_start=t,
                            trigger_end=t + 8, rule="test",
                            actor=[Participant(code="RUS", name="Vladimir Putin")],
                            recipient=[Participant(code="UKR", name="Ukraine")]))
    v = report_view(rec.events[0], rec)
    assert v.speakers == {"Vladimir Putin"} and v.date == "2024-12-26"


def test_different_dates_types_or_countries_are_never_one_event():
    from eventwire.link.merge import same_event
    ev = "Putin accused Ukraine of blocking the gas transit to Europe."
    a = view(actor=[PUTIN], recipient=[UKRAINE], evidence=ev)
    assert not same_event(a, view(actor=[PUTIN], recipient=[UKRAINE], evidence=ev,
                                  date="2024-12-30"))[0]
    assert not same_event(a, view(event="THREATEN", actor=[PUTIN], recipient=[UKRAINE],
                                  evidence=ev))[0]
    assert not same_event(a, view(actor=[PUTIN], recipient=[{"code": "POL", "name": "Poland"}],
                                  evidence=ev))[0]
    # A reprint (near-duplicate article) needs no wording check, but still the parties.
    assert same_event(a, view(actor=[{"code": "RUS", "name": "Russia"}], evidence="x"),
                      via_duplicate=True)[0]
    assert not same_event(a, view(actor=[DUMA], evidence=ev), via_duplicate=True)[0]
