"""The event training set and the shipped model: format, joins, and every failure a user
can meet when loading a model (issue 12)."""
from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from eventwire.code import event_model
from eventwire.code.event_model import EventModelError, load
from eventwire.code.train import (PLOVER, TrainingDataError, is_heldout, load_training,
                                  training_files)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
TRAINING = ROOT / "training" / "events"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(),
                                  reason="needs ../shared/corpus (the annotated texts)")


def stand_off_lines() -> list[dict]:
    return [json.loads(line) for p in sorted(TRAINING.glob("*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_training_set_is_stand_off_plover_and_big_enough():
    lines = stand_off_lines()
    assert len(lines) >= 400
    assert len({r["id"] for r in lines}) == len(lines)  # one line per article
    for r in lines:
        assert set(r) >= {"id", "source", "date", "text_sha1", "events"}
        assert len(r["text_sha1"]) == 40
        for e in r["events"]:
            assert e["event"] in PLOVER
            assert e["status"] in ("actual", "future", "hypothetical", "negated")
            assert e["actor"] and all(p["code"] for p in e["actor"] + e["recipient"])
            ev, tr = e["evidence"], e["trigger"]
            # offsets only: the publishers' text is not copied into the repository
            assert set(ev) == {"start", "end"} and set(tr) == {"start", "end"}
            assert ev["start"] <= tr["start"] < tr["end"] <= ev["end"]


def test_heldout_split_is_fixed_by_id_hash_and_large_enough():
    ids = [r["id"] for r in stand_off_lines()]
    held = [i for i in ids if is_heldout(i)]
    assert len(held) >= 80
    assert is_heldout(held[0]) and not all(is_heldout(i) for i in ids)


@needs_corpus
def test_every_span_round_trips_against_the_corpus_text():
    items = load_training(training_files())
    assert len(items) == len(stand_off_lines())
    for x in items:
        text = x.article.text
        for e in x.events:
            assert text[e["evidence_start"]:e["evidence_end"]] == e["evidence"]
            assert text[e["trigger_start"]:e["trigger_end"]] == e["trigger"]
            assert e["trigger"].strip() == e["trigger"] and e["trigger"]


def write_corpus(tmp: Path, text: str) -> Path:
    corpus = tmp / "corpus"
    corpus.mkdir()
    with gzip.open(corpus / "c.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "art-1", "source": "AFP", "date": "2019-12-26",
                            "title": "t", "text": text}) + "\n")
    return corpus


def annotation(text: str, **changes) -> dict:
    ev = {"event": "CONSULT", "actor": [{"code": "RUS"}], "recipient": [{"code": "ITA"}],
          "date": "2019-12-26", "status": "actual", "evidence": {"start": 0, "end": len(text)},
          "trigger": {"start": 6, "end": 9}}
    line = {"id": "art-1", "source": "AFP", "date": "2019-12-26",
            "text_sha1": hashlib.sha1(text.encode()).hexdigest(), "events": [ev]}
    for k, v in changes.items():
        (ev if k in ev else line)[k] = v
    return line


TEXT = "Putin met Conte in Rome on Thursday."


def test_join_gives_the_text_of_each_span(tmp_path):
    corpus = write_corpus(tmp_path, TEXT)
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps(annotation(TEXT)) + "\n")
    [x] = load_training([f], corpus)
    assert x.events[0]["trigger"] == "met" and x.events[0]["evidence"] == TEXT


@pytest.mark.parametrize("changes, reason", [
    ({"text_sha1": "0" * 40}, "sha1 differs"),
    ({"event": "PRAISE"}, "not a PLOVER type"),
    ({"trigger": {"start": 30, "end": 99}}, "not inside the text"),
    ({"evidence": {"start": 10, "end": 20}}, "not inside the evidence"),
])
def test_join_refuses_a_bad_annotation_by_file_and_line(tmp_path, changes, reason):
    corpus = write_corpus(tmp_path, TEXT)
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps(annotation(TEXT, **changes)) + "\n")
    with pytest.raises(TrainingDataError, match=reason) as e:
        load_training([f], corpus)
    assert "a.jsonl:1" in str(e.value)


def test_join_refuses_an_article_missing_from_the_corpus(tmp_path):
    corpus = write_corpus(tmp_path, TEXT)
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps(dict(annotation(TEXT), id="art-404")) + "\n")
    with pytest.raises(TrainingDataError, match="art-404: not in"):
        load_training([f], corpus)


# ---------------------------------------------------------------- the shipped model

def test_shipped_model_loads_and_names_its_data():
    m = load()
    assert m.trigger_classes[0] == "NONE" and set(m.trigger_classes[1:]) == set(PLOVER)
    card = m.card
    assert card["articles"]["heldout"] >= 80 and card["articles"]["train"] >= 320
    assert len(card["training_data_sha1"]) == 40
    assert 0 < card["heldout_scores"]["f1"] <= 1
    assert m.id.startswith("model:events-v")


@pytest.fixture()
def model_copy(tmp_path):
    d = tmp_path / "model"
    shutil.copytree(event_model.MODEL_DIR, d)
    return d


def test_missing_model_is_a_clear_error(model_copy):
    (model_copy / "events.npz").unlink()
    with pytest.raises(EventModelError, match="events.npz: event model missing"):
        load(model_copy)


def test_corrupt_model_is_refused_by_its_hash(model_copy):
    p = model_copy / "events.npz"
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0xFF
    p.write_bytes(bytes(data))
    with pytest.raises(EventModelError, match="sha256 differs"):
        load(model_copy)


def test_model_for_other_features_is_refused(model_copy):
    card = json.loads((model_copy / "events.json").read_text())
    card["feature_version"] = -1
    (model_copy / "events.json").write_text(json.dumps(card))
    with pytest.raises(EventModelError, match="feature version -1"):
        load(model_copy)


def test_unreadable_card_is_refused(model_copy):
    (model_copy / "events.json").write_text("{not json")
    with pytest.raises(EventModelError, match="unreadable model card"):
        load(model_copy)


def test_model_of_wrong_shape_is_refused(model_copy):
    m = load(model_copy)
    m.argument_coef = np.zeros((3, 10), np.float32)
    m.save(model_copy)  # a consistent hash, but arrays that do not fit the features
    with pytest.raises(EventModelError, match="shapes"):
        load(model_copy)


def test_saved_model_is_byte_for_byte_reproducible(model_copy, tmp_path):
    m = load(model_copy)
    other = tmp_path / "again"
    m.save(other)
    assert (other / "events.npz").read_bytes() == (model_copy / "events.npz").read_bytes()
