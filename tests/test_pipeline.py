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
    two = [r.to_dict() if hasattr(r, "to_dict") else r.message for r in pipeline.process_many(items, workers=2)]
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


def test_a_worker_that_dies_is_an_error_not_a_hang(pipeline):
    class Dies:
        name = "dies"

        def __call__(self, doc, record):
            import os
            os._exit(3)  # a worker killed mid-article (OOM killer, segfault in C code)

    from eventwire import Pipeline

    p = Pipeline(nlp=pipeline.nlp, annotators=[Dies()])
    arts = [Article(id=str(i), text="Iran and Iraq held talks.", origin=f"f:{i}") for i in range(3)]
    with pytest.raises(RuntimeError, match="worker process died .exit code 3"):
        list(p.process_many(arts, workers=2))


def test_annotators_out_of_order_are_refused(pipeline):
    from eventwire import Pipeline
    from eventwire.pipeline import AnnotatorOrderError, default_annotators

    anns = default_annotators(pipeline.resources)
    locations = next(a for a in anns if a.name == "event_location")
    reordered = [locations] + [a for a in anns if a.name != "event_location"]
    with pytest.raises(AnnotatorOrderError, match="'event_location' reads events"):
        Pipeline(resources=pipeline.resources, annotators=reordered)


def test_every_annotator_uses_the_given_nlp(pipeline):
    """The nlp given to a pipeline is the one its annotators read: the places and actor
    matchers work on its vocabulary, and the model is not loaded a second time."""
    from eventwire import Pipeline
    from eventwire.resources import Resources

    res = Resources(pipeline.nlp)
    p = Pipeline(resources=res)
    assert p.nlp is pipeline.nlp and res.nlp is pipeline.nlp
    quotes = next(a for a in p.annotators if a.name == "quotes")
    assert quotes.matcher.vocab is pipeline.nlp.vocab
    with pytest.raises(ValueError, match="give the nlp through resources"):
        from eventwire.parse import load_nlp
        Pipeline(nlp=load_nlp(), resources=res)
