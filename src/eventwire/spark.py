"""Run the per-article pipeline on Apache Spark: the same function, in ``mapPartitions``.

    eventwire spark INPUT OUTPUT [--master local[2]] [--partitions N]

INPUT is JSON Lines of articles (gzipped or not; any path or glob Spark reads:
local, HDFS, S3...) or a Parquet dataset with the article columns. Each Spark
Python worker loads the pipeline once and runs :meth:`Pipeline.process_many`
over its partition, exactly as ``eventwire extract`` does on one machine.
OUTPUT receives:

- ``records/``: the article records, JSON Lines (what ``extract`` writes);
- ``events/year=YYYY/month=MM/``: the events as Parquet, the columns of
  ``eventwire export --format parquet``, readable by DuckDB, pandas, polars, Spark;
- ``errors/``: one JSON line per input that could not be read or processed.

With ``--link`` (``link=True``) the records are also linked across articles on
Spark (:mod:`eventwire.spark_link`) and OUTPUT gets ``tables/<table>/``, the
store's tables as Parquet. OUTPUT is written beside itself and renamed into
place when complete: a run that fails leaves the previous OUTPUT as it was.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .model import InputError

_ARTICLE_COLUMNS = ("id", "source", "date", "title", "url", "text")


def process_lines(lines: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The partition function: (origin, JSON line) → ("record" | "error", JSON).

    Pure of Spark: it takes and yields plain tuples, so it is tested and used
    without a cluster, and Spark only distributes it.
    """
    from .read.jsonl import record_to_article

    def articles():
        for origin, line in lines:
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                # Spark does not number lines; the start of the line says which.
                yield InputError(f"{origin} (line starting {line[:40]!r})",
                                 f"malformed JSON: {e.msg} at column {e.colno}")
                continue
            where = f"{origin}#{rec.get('id')}" if isinstance(rec, dict) and rec.get("id") else origin
            yield record_to_article(rec, where)

    from .pipeline import Pipeline

    # One pipeline per partition, built here and dropped with it: a few seconds of loading
    # against a partition's thousands of articles, and a worker keeps no state between tasks.
    for item in Pipeline().process_many(articles()):
        if isinstance(item, InputError):
            yield "error", json.dumps({"origin": item.origin, "message": item.message})
        else:
            yield "record", json.dumps(item.to_dict(), ensure_ascii=False)


def event_rows(record_json: str) -> list[dict[str, Any]]:
    """Flat event rows of one record, with the year/month partition columns."""
    from .export.rows import events_from_record, flat
    from .export.writers import partition_of
    from .model import ArticleRecord

    rows = []
    for item in events_from_record(ArticleRecord.from_dict(json.loads(record_json))):
        row = flat(item)
        row["year"], row["month"] = partition_of(row)
        rows.append(row)
    return rows


@dataclass(slots=True)
class SparkRun:
    records: int
    events: int
    errors: int
    linked: Any = None  # spark_link.LinkRun with link=True


def run(input_path: str, output: str, master: str | None = None,
        partitions: int | None = None, link: bool = False) -> SparkRun:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from .export.rows import FLAT_COLUMNS
    from .export.writers import _FLOAT_COLS, _INT_COLS
    from .spark_link import LinkInputError, Output, link as link_records, session

    spark = session(master)
    out = Output(spark, output)
    try:
        try:
            if input_path.rstrip("/").endswith(".parquet"):
                df = spark.read.parquet(input_path)
                cols = [c for c in _ARTICLE_COLUMNS if c in df.columns]
                lines = df.select(F.input_file_name().alias("origin"),
                                  F.to_json(F.struct(*cols)).alias("value"))
            else:
                lines = spark.read.text(input_path).select(F.input_file_name().alias("origin"),
                                                           F.col("value"))
        except Exception as e:  # a missing path, a corrupt Parquet footer
            from .spark_link import _first_line

            raise LinkInputError(f"{input_path}: cannot read: {_first_line(e)}") from None
        rdd = lines.rdd.map(lambda r: (r["origin"], r["value"]))
        if partitions:
            rdd = rdd.repartition(partitions)
        # Persisted: the records feed three outputs and must be computed once.
        results = rdd.mapPartitions(process_lines).persist(StorageLevel.MEMORY_AND_DISK)
        records = results.filter(lambda kv: kv[0] == "record").map(lambda kv: kv[1])
        errors = results.filter(lambda kv: kv[0] == "error").map(lambda kv: kv[1])

        try:
            records.saveAsTextFile(f"{out.path}/records")
        except Exception as e:
            from .spark_link import _first_line

            raise LinkInputError(f"{input_path}: cannot read: {_first_line(e)}") from None
        errors.saveAsTextFile(f"{out.path}/errors")
        n_records, n_errors = records.count(), errors.count()

        schema = T.StructType(
            [T.StructField(c, T.LongType() if c in _INT_COLS else
                           T.DoubleType() if c in _FLOAT_COLS else T.StringType())
             for c in FLAT_COLUMNS]
            + [T.StructField("year", T.StringType()), T.StructField("month", T.StringType())])
        names = [f.name for f in schema.fields]
        event_rdd = records.flatMap(event_rows).map(lambda row: tuple(row[c] for c in names))
        events = spark.createDataFrame(event_rdd, schema)
        events.write.mode("overwrite").partitionBy("year", "month").parquet(f"{out.path}/events")
        n_events = spark.read.parquet(f"{out.path}/events").count()
        linked = link_records(spark, records, out.path) if link and n_records else None
        results.unpersist()
        out.commit()
        return SparkRun(records=n_records, events=n_events, errors=n_errors, linked=linked)
    except BaseException:
        out.abort()
        raise
    finally:
        spark.stop()
