"""The same per-article function on Apache Spark (local mode, a real SparkSession)."""
from __future__ import annotations

import json
import shutil

import pytest

from eventwire.model import ArticleRecord
from eventwire.read import read_inputs

from conftest import SAMPLES

pytest.importorskip("pyspark")
if shutil.which("java") is None:  # .ci/run installs a JRE; a laptop without one skips
    pytest.skip("Spark needs Java", allow_module_level=True)


def test_spark_run_matches_the_local_pipeline(tmp_path, pipeline):
    import pyarrow.parquet as pq

    from eventwire.spark import run

    lines = (SAMPLES / "wire.jsonl").read_text(encoding="utf-8").splitlines()[:4]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + '\n{"id": "broken", "text": \n', encoding="utf-8")
    out = tmp_path / "out"

    result = run(str(src), str(out), master="local[1]")

    assert (result.records, result.errors) == (4, 1)
    [err] = [json.loads(x) for p in sorted((out / "errors").glob("part-*"))
             for x in p.read_text().splitlines()]
    assert "malformed JSON" in err["message"] and "broken" in err["origin"]

    spark_records = {r.article.id: r for r in (
        ArticleRecord.from_dict(json.loads(x)) for p in sorted((out / "records").glob("part-*"))
        for x in p.read_text(encoding="utf-8").splitlines())}
    local = {r.article.id: r for r in pipeline.process_many(
        list(read_inputs([str(src)]))[:4])}
    assert spark_records.keys() == local.keys()
    for aid, rec in local.items():
        assert [(e.event, e.trigger_start, e.date, e.status) for e in spark_records[aid].events] == \
               [(e.event, e.trigger_start, e.date, e.status) for e in rec.events]

    table = pq.read_table(out / "events")
    assert table.num_rows == result.events == sum(len(r.events) for r in local.values())
    assert {"event", "actor_code", "evidence", "evidence_start", "year", "month"} <= set(table.column_names)
    # date-partitioned by the event's own date (else the article's)
    from eventwire.export.writers import date_parts

    want = {f"year={date_parts(e.date or r.article.date)[0] or 'unknown'}"
            for r in local.values() for e in r.events}
    assert {p.name for p in (out / "events").glob("year=*")} == want
