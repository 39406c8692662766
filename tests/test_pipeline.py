"""The Python API: Pipeline().process / process_many on real articles."""
from __future__ import annotations

import pytest

from eventwire import Article, ArticleRecord, InputError
from eventwire.read import read_inputs

from conftest import SAMPLES


def test_seed_entities_have_true_offsets(seed_record, seed_text):
    text = seed_record.article.text
    assert text == seed_text
    for e in seed_record.entities:
        assert text[e.start:e.end] == e.text
    names = {e.text for e in seed_record.entities}
    assert {"Vladimir Putin", "Giuseppe Conte", "Dmitry Peskov"} <= names
    assert any("Libyan National Army" in e.text for e in seed_record.entities)


def test_dateline_is_its_own_sentence(nlp, seed_text):
    doc = nlp(seed_text)
    first, second = list(doc.sents)[:2]
    assert first.text == "MOSCOW, December 26. /TASS/."
    assert second.text.startswith("Russian President Vladimir Putin")


def test_dateline_is_not_an_entity_mention(seed_record):
    assert all(e.start >= seed_record.article.dateline.end for e in seed_record.entities)


def test_record_json_round_trip(seed_record):
    d = seed_record.to_dict()
    assert set(d) >= {"id", "source", "date", "title", "text", "entities", "events",
                      "quotes", "times", "places"}
    assert ArticleRecord.from_dict(d).to_dict() == d


def test_process_rejects_empty_text(pipeline):
    with pytest.raises(ValueError, match="empty"):
        pipeline.process("   ")


def test_process_many_keeps_order_and_passes_errors(pipeline):
    items = list(read_inputs([str(SAMPLES / "wire.jsonl")]))[:5]
    items.insert(2, InputError("x.jsonl:9", "malformed JSON"))
    out = list(pipeline.process_many(items))
    assert [getattr(o, "article", o).id if isinstance(o, ArticleRecord) else o.origin
            for o in out] == [i.id if isinstance(i, Article) else i.origin for i in items]


def test_worker_pool_gives_the_same_records(pipeline):
    items = list(read_inputs([str(SAMPLES / "wire.jsonl")]))[:6]
    one = [r.to_dict() for r in pipeline.process_many(items)]
    two = [r.to_dict() for r in pipeline.process_many(items, workers=2)]
    assert one == two


def test_an_annotator_crash_is_reported_per_article(pipeline):
    class Fragile:
        name = "fragile"

        def __call__(self, doc, record):
            if "crash" in record.article.text:
                raise KeyError("boom")

    from eventwire import Pipeline

    p = Pipeline(nlp=pipeline.nlp, annotators=[Fragile()])
    arts = [Article(id="a", text="Iran and Iraq held talks.", origin="f:1"),
            Article(id="b", text="This will crash.", origin="f:2"),
            Article(id="c", text="Police detained 19 people.", origin="f:3")]
    out = list(p.process_many(arts))
    assert isinstance(out[0], ArticleRecord) and isinstance(out[2], ArticleRecord)
    assert isinstance(out[1], InputError) and out[1].origin == "f:2"
    assert "KeyError" in out[1].message
