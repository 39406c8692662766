"""Linking on Spark (a real local[2] SparkSession) gives the local linker's answers.

Input: ``fixtures/wire_records.jsonl.gz`` (49 wire articles run through the
pipeline, events included) with planted reprints (re-id'd copies) and rewrites
(lede kept, paragraphs reversed, last one cut; annotations moved with their
paragraph), plus, when ``../shared/corpus`` is there, 200 corpus articles
(text only) with their own planted copies. The local linker links them in
Spark's arrival order (date, then id).
"""
from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import subprocess
import sys

import pytest

from eventwire.link import link_records
from eventwire.link.agreement import bcubed, pairwise
from eventwire.model import ArticleRecord
from eventwire.store.links import LinkStore
from eventwire.store.rows import LINK_TABLES, RECORD_TABLES, table_columns

from conftest import FIXTURES, ROOT

pytest.importorskip("pyspark")
if shutil.which("java") is None:  # .ci/run installs a JRE; a laptop without one skips
    pytest.skip("Spark needs Java", allow_module_level=True)

sys.path.insert(0, str(ROOT / "benchmarks"))
from record_variants import reprint, rewrite  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
PARQUET_TYPES = {"INTEGER": "int64", "REAL": "double", "TEXT": "string"}


def _planted(recs: list[dict], n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = list(recs)
    for k, r in enumerate(rng.sample(recs, min(n, len(recs)))):
        out.append(reprint(r, k % 3 + 1))
    for k, r in enumerate(rng.sample(recs, min(n, len(recs)))):
        w = rewrite(r, k)
        if w is not None:
            out.append(w)
    return out


def _inputs() -> list[dict]:
    with gzip.open(FIXTURES / "wire_records.jsonl.gz", "rt", encoding="utf-8") as f:
        recs = _planted([json.loads(x) for x in f], 12, 1)
    if CORPUS.is_dir():
        arts = []
        for p in sorted(CORPUS.glob("*.jsonl.gz")):
            with gzip.open(p, "rt", encoding="utf-8") as f:
                arts += [json.loads(x) for _, x in zip(range(2000), f)]
        arts = random.Random(3).sample([a for a in arts if a.get("text")], 200)
        recs += _planted([ArticleRecord.from_dict(a).to_dict() for a in arts], 40, 2)
    return recs


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    from eventwire.spark_link import arrival_key, run_link

    tmp = tmp_path_factory.mktemp("spark_link")
    recs = _inputs()
    src = tmp / "records.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    out = tmp / "out"
    result = run_link(str(src), str(out), master="local[2]")

    records = sorted((ArticleRecord.from_dict(r) for r in recs),
                     key=lambda r: arrival_key(r.article.date, r.article.id))
    links = LinkStore.open()
    for _ in link_records(records, links):
        pass
    return recs, out, result, links.db


def _table(out, name) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(out / "tables" / name).to_pylist()


def test_spark_links_as_the_local_linker(linked):
    recs, out, result, db = linked
    local_dups = {tuple(r) for r in db.execute("SELECT article_id, duplicate_of FROM duplicates")}
    spark_dups = {(r["article_id"], r["duplicate_of"]) for r in _table(out, "duplicates")}
    assert len(local_dups) >= 20  # the planted copies are found ...
    assert spark_dups == local_dups  # ... and the same ones, with the same canonical article

    local_story = dict(db.execute("SELECT article_id, story_id FROM article_stories").fetchall())
    spark_story = {r["article_id"]: r["story_id"] for r in _table(out, "article_stories")}
    assert spark_story.keys() == local_story.keys() == {r["id"] for r in recs}
    assert bcubed(spark_story, local_story)[2] >= 0.95

    local_merged = dict(db.execute("SELECT event_id, merged_id FROM event_mentions").fetchall())
    spark_merged = {r["event_id"]: r["merged_id"] for r in _table(out, "event_mentions")}
    assert len(local_merged) > 300 and spark_merged.keys() == local_merged.keys()
    assert pairwise(spark_merged, local_merged)[2] >= 0.95
    assert result.duplicates == len(spark_dups) and result.mentions == len(spark_merged)

    # the merged events' counts follow their mentions, as the store's refresh_merged counts them
    merged = {r["id"]: r for r in _table(out, "merged_events")}
    assert set(merged) == set(spark_merged.values())
    sizes: dict[str, int] = {}
    for m in spark_merged.values():
        sizes[m] = sizes.get(m, 0) + 1
    assert all(merged[m]["num_mentions"] == n for m, n in sizes.items())
    stories = {r["id"]: r for r in _table(out, "stories")}
    assert set(stories) == set(spark_story.values())
    assert sum(s["num_articles"] for s in stories.values()) == len(recs)


def test_tables_have_the_sqlite_columns_and_types(linked):
    import pyarrow.parquet as pq

    recs, out, _, _ = linked
    for table in (*RECORD_TABLES, *LINK_TABLES):
        schema = pq.read_schema(next((out / "tables" / table).glob("part-*.parquet")))
        assert [(f.name, str(f.type)) for f in schema] == \
               [(c, PARQUET_TYPES[t]) for c, t in table_columns(table)], table
    assert len(_table(out, "articles")) == len(recs)
    n_events = sum(len(r["events"]) for r in recs)
    assert len(_table(out, "events")) == n_events


def test_a_bad_records_line_is_an_error_naming_the_file_and_out_is_kept(tmp_path):
    from eventwire.spark_link import LinkInputError, run_link

    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    (out / "tables" / "keep.txt").write_text("previous run")
    bad = tmp_path / "bad.jsonl"
    with gzip.open(FIXTURES / "wire_records.jsonl.gz", "rt", encoding="utf-8") as f:
        good = [next(f) for _ in range(3)]
    bad.write_text("".join(good) + '{"id": "cut-off", "text": "Half a rec\n', encoding="utf-8")
    with pytest.raises(LinkInputError, match=r"bad\.jsonl.*cut-off"):
        run_link(str(bad), str(out), master="local[2]")
    assert (out / "tables" / "keep.txt").read_text() == "previous run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "out"]  # no temp dir left

    partial = tmp_path / "records"
    partial.mkdir()
    (partial / "part-00000").write_text(good[0], encoding="utf-8")  # no _SUCCESS: a job died
    with pytest.raises(LinkInputError, match=r"records: a partial Spark output"):
        run_link(str(partial), str(out), master="local[2]")
    with pytest.raises(LinkInputError, match=r"nowhere\.jsonl: no such file"):
        run_link(str(tmp_path / "nowhere.jsonl"), str(out), master="local[2]")


def test_a_run_that_dies_midway_leaves_the_previous_output(tmp_path):
    src = tmp_path / "records.jsonl"
    with gzip.open(FIXTURES / "wire_records.jsonl.gz", "rt", encoding="utf-8") as f:
        src.write_text("".join(next(f) for _ in range(6)), encoding="utf-8")
    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    (out / "tables" / "keep.txt").write_text("previous run")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), EVENTWIRE_FAULT="spark_merged:1")
    cmd = [sys.executable, "-m", "eventwire", "spark-link", str(src), str(out), "--master", "local[2]"]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode != 0
    assert (out / "tables" / "keep.txt").read_text() == "previous run"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["out", "records.jsonl"]
