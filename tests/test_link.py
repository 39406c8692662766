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
    assert why["actor"] == ["RUS"] and why["recipient"] == ["UKR"]
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
