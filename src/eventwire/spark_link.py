"""Cross-article linking on Apache Spark: near-duplicates, stories, merged events.

    eventwire spark-link RECORDS OUT [--master local[2]]
    eventwire spark INPUT OUT --link

RECORDS are article records (JSON Lines as ``eventwire extract`` or the
``records/`` of ``eventwire spark`` write them). OUT receives
``tables/<table>/`` Parquet: every record table of the SQLite store (articles,
entities, times, places, quotes, events, event_participants) and the link
tables (duplicates, merged_events, event_mentions, mention_reports, stories,
article_stories), with the columns and types of the SQLite tables
(:mod:`eventwire.store.rows`).

The decisions are the local linker's (:mod:`eventwire.link`), called from here,
not copied: ``dedup.signature/band_keys/verify``, ``features.vectorize/top_terms``,
``stories.same_story`` (with its thresholds and date window) and
``merge.same_event`` over ``merge.report_view``. What
differs is the order of work. The local linker is online: each article is linked
against the articles before it. Here every article looks at all earlier ones at
once, "earlier" meaning the arrival order :func:`arrival_key` (date, then id: the
order in which ``eventwire cluster`` on date-sorted input sees them):

- candidate pairs come from a self-join on LSH band keys and on each article's
  heaviest features (at most ``stories.POSTINGS_PER_TERM`` earlier postings per
  feature, as the local inverted index reads);
- each article keeps its best earlier partner: its most similar duplicate
  (canonical = the root of that chain), else its most similar earlier article
  that ``same_story`` links it to; each event keeps its best-scoring earlier
  report (blocked by type, status and a ±1-day window, by the duplicate group,
  or by story when undated);
- every node has at most one parent, earlier than itself, so the clusters are
  trees; :func:`roots` finds each tree's root by pointer jumping (log2 of the
  depth rounds, each checkpointed), and the root names the cluster as the
  local linker names it (``new_story_id(first article)``, ``merged_id_for(first
  report)``).

The local linker joins an article to every story it links into (the connected
components of all ``same_story`` links) and never puts two events of one article
in one merged event; the best-partner trees here keep one link per article and
do not check the second. ``tests/test_spark_link.py`` measures the agreement.

Nothing goes to the driver but counts: every step is a join, a window per key
or a map over partitions. The output is written to a temporary directory beside
OUT and renamed over it when complete, so a failed run leaves the old OUT.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import uuid
from dataclasses import asdict, dataclass

from .model import ArticleRecord, Event, Participant

MAX_ROUNDS = 40  # pointer-jumping rounds: trees up to 2**40 deep
_NO_DATE = "9999-99-99"  # undated articles come after dated ones


class LinkInputError(ValueError):
    """The records given to the linker cannot be read; the message names the path."""


def arrival_key(date: str | None, article_id: str) -> str:
    """The order articles are linked in: by date (undated last), then by id."""
    return f"{(date or '')[:10] or _NO_DATE}|{article_id}"


@dataclass(slots=True)
class LinkRun:
    articles: int
    duplicates: int
    stories: int
    merged_events: int
    mentions: int


# ------------------------------------------------------------------ per-record functions
# Pure of Spark: plain values in, plain values out, run in the executors.

def parse_line(origin: str, line: str) -> tuple[str, str]:
    """(origin, JSON line) → ("ok", record JSON) or ("error", "origin: why")."""
    try:
        rec = ArticleRecord.from_dict(json.loads(line))
        if not isinstance(rec.article.text, str):
            raise TypeError("no text")
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        return "error", f"{origin} (line starting {line[:40]!r}): not an article record: {e}"
    return "ok", json.dumps(rec.to_dict(), ensure_ascii=False)


def article_features(record_json: str) -> tuple:
    from .link import dedup, stories
    from .link.features import to_blob, top_terms, vectorize

    rec = ArticleRecord.from_dict(json.loads(record_json))
    a = rec.article
    sig = dedup.signature(a)
    vector = vectorize(rec)
    day = dedup.parse_date(a.date)
    return (a.id, arrival_key(a.date, a.id), a.date, day.toordinal() if day else None,
            a.source, a.title, sig.num_shingles,
            sig.to_blob(), to_blob(vector), dedup.band_keys(sig),
            top_terms(vector, stories.KEY_TERMS))


def score_pair(row) -> tuple:
    """Both decisions on one candidate pair: duplicate similarity, story cosine."""
    import numpy as np

    from .link import dedup, stories
    from .link.features import from_blob

    late_sig = np.frombuffer(row["l_minhash"], dtype=np.uint64)
    early_sig = np.frombuffer(row["e_minhash"], dtype=np.uint64)
    dup = dedup.verify(late_sig, row["l_shingles"], row["l_date"], row["early"],
                       early_sig, row["e_shingles"], row["e_date"])
    cos = None
    if row["by_term"]:
        linked, sim = stories.same_story(from_blob(row["l_vector"]), row["l_date"],
                                         from_blob(row["e_vector"]), row["e_date"])
        cos = sim if linked else None
    return (row["early"], row["late"], row["e_key"], dup.similarity if dup else None, cos)


def event_rows(record_json: str, canonical: str, story: str | None) -> list[tuple]:
    """One row per coded event: what the merge blocks on and compares."""
    from .link.merge import event_date, report_view
    from .store.sqlite import event_id

    rec = ArticleRecord.from_dict(json.loads(record_json))
    a = rec.article
    key = arrival_key(a.date, a.id)
    kinds = {e.id: e.label for e in rec.entities}
    out = []
    for i, ev in enumerate(rec.events):
        if not ev.event:
            continue
        # the event, and the merge decision's view of it (speakers and participant kinds
        # come from the record, which the merge step no longer has)
        view = asdict(report_view(ev, rec, kinds))
        view["speakers"] = sorted(view["speakers"])
        out.append((event_id(a.id, ev.id or f"ev{i}"), a.id, f"{key}|{i:06d}", ev.event,
                    ev.status, event_date(ev, rec), canonical, story, a.source, a.date,
                    json.dumps({**asdict(ev), "_view": view}, ensure_ascii=False), ev.evidence,
                    ev.evidence_start, ev.evidence_end))
    return out


def _event(d: dict) -> Event:
    from .model import _build

    d = dict(d)
    d.pop("_view", None)
    d["actor"] = [_build(Participant, p) for p in d.get("actor") or []]
    d["recipient"] = [_build(Participant, p) for p in d.get("recipient") or []]
    return _build(Event, d)


def _view(ev_json: str):
    from .link.merge import EventView

    v = dict(json.loads(ev_json)["_view"])
    v["speakers"] = set(v["speakers"])
    return EventView(**v)


def compare_events(row) -> tuple | None:
    """``merge.same_event`` of a later report with an earlier one."""
    from .link.merge import same_event

    same_story = row["l_story"] is not None and row["l_story"] == row["e_story"]
    ok, score, why = same_event(_view(row["l_ev"]), _view(row["e_ev"]), bool(row["via"]),
                                same_story)
    if not ok:
        return None
    if row["via"]:
        why["duplicate_of"] = row["via"]
    return (row["l_id"], row["e_id"], row["e_key"], float(score),
            json.dumps(why, ensure_ascii=False))


def merged_rows(members: list) -> list[tuple[str, dict]]:
    """The merged_events row of one merged event from its reports (earliest first)."""
    from .faults import fault_point
    from .link.merge import _union, participant_dicts

    fault_point("spark_merged")  # crash tests: a worker dies with some tables written
    members = sorted(members, key=lambda m: m["key"])
    first = _event(json.loads(members[0]["ev"]))
    actor: list[dict] = []
    recipient: list[dict] = []
    for m in members:
        ev = _event(json.loads(m["ev"]))
        actor = _union(actor, participant_dicts(ev.actor))
        recipient = _union(recipient, participant_dicts(ev.recipient))
    # refresh_merged: the earliest report by article date (undated last), then arrival
    earliest = min(members, key=lambda m: (m["adate"] is None, m["adate"] or "", m["key"]))
    return [("merged_events", {
        "id": members[0]["merged_id"], "event": first.event, "mode": first.mode,
        "cameo": first.cameo, "quad_class": first.quad_class, "goldstein": first.goldstein,
        "date": members[0]["date"], "status": first.status,
        "actor": json.dumps(actor, ensure_ascii=False),
        "recipient": json.dumps(recipient, ensure_ascii=False),
        "first_event_id": earliest["id"], "first_seen": earliest["adate"],
        "num_mentions": len(members),
        "num_articles": len({m["article_id"] for m in members}),
        "num_sources": len({m["source"] or m["article_id"] for m in members})})]


# ------------------------------------------------------------------------ Spark steps

def roots(parents, max_rounds: int = MAX_ROUNDS):
    """(id, parent) with parent earlier than id (or id itself at a root) → (id, root).

    Pointer jumping: each round replaces a parent by its parent, halving every
    path, so a tree of depth d takes log2(d) rounds. Each round's result is
    checkpointed locally, so the lineage (and the plan) stays one round long.
    """
    from pyspark.sql import functions as F

    cur = parents.select("id", "parent").localCheckpoint()
    for _ in range(max_rounds):
        a, b = cur.alias("a"), cur.alias("b")
        nxt = (a.join(b, F.col("a.parent") == F.col("b.id"))
               .select(F.col("a.id").alias("id"), F.col("b.parent").alias("parent"),
                       (F.col("a.parent") != F.col("b.parent")).alias("moved")))
        nxt = nxt.localCheckpoint()
        if nxt.filter("moved").limit(1).count() == 0:
            return nxt.select("id", F.col("parent").alias("root"))
        cur = nxt.select("id", "parent")
    raise RuntimeError(f"clusters not resolved in {max_rounds} rounds (a cycle?)")


def _best(df, by: str, score: str, tie: str):
    """One row per ``by``: the highest ``score``, the earliest ``tie`` among equals."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    w = Window.partitionBy(by).orderBy(F.col(score).desc(), F.col(tie).asc())
    return df.withColumn("_n", F.row_number().over(w)).filter("_n = 1").drop("_n")


def _candidate_pairs(feats):
    """(early, late, by_term): band-key collisions and shared heavy features."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from .link.stories import POSTINGS_PER_TERM as P

    bands = feats.select("id", "key", F.explode("bands").alias("band"))
    e, l = bands.alias("e"), bands.alias("l")
    by_band = (e.join(l, "band").filter(F.col("e.key") < F.col("l.key"))
               .select(F.col("e.id").alias("early"), F.col("l.id").alias("late"),
                       F.lit(False).alias("by_term")))
    # The local index reads the P most recent earlier postings of a feature: rank
    # the postings of each feature and join a posting only with the P before it,
    # through buckets of P ranks (an equi-join, never all pairs of a common feature).
    terms = (feats.select("id", "key", F.explode("terms").alias("term"))
             .withColumn("rank", F.row_number().over(Window.partitionBy("term").orderBy("key")))
             .withColumn("bucket", F.floor((F.col("rank") - 1) / P)))
    late = terms.withColumn("bucket", F.explode(F.array(F.col("bucket"), F.col("bucket") - 1)))
    e, l = terms.alias("e"), late.alias("l")
    by_term = (l.join(e, ["term", "bucket"])
               .filter((F.col("e.rank") < F.col("l.rank")) & (F.col("e.rank") >= F.col("l.rank") - P))
               .select(F.col("e.id").alias("early"), F.col("l.id").alias("late"),
                       F.lit(True).alias("by_term")))
    return (by_band.unionByName(by_term).groupBy("early", "late")
            .agg(F.max("by_term").alias("by_term")))


def _pin(df):
    """Cache now: joins broadcast in parallel would each recompute an unmaterialised cache."""
    from pyspark import StorageLevel

    df = df.persist(StorageLevel.MEMORY_AND_DISK)
    df.count()
    return df


def _spark_type(sql_type: str):
    from pyspark.sql import types as T

    return {"INTEGER": T.LongType(), "REAL": T.DoubleType()}.get(sql_type, T.StringType())


def _table_df(spark, table: str, rows_rdd):
    """A DataFrame of dict rows with the SQLite table's columns and types."""
    from pyspark.sql import types as T

    from .store.rows import table_columns

    cols = table_columns(table)
    schema = T.StructType([T.StructField(c, _spark_type(t)) for c, t in cols])
    names = [c for c, _ in cols]
    ints = {c for c, t in cols if t == "INTEGER"}
    reals = {c for c, t in cols if t == "REAL"}

    def tup(row: dict) -> tuple:
        out = []
        for c in names:
            v = row.get(c)
            if v is not None:
                v = int(v) if c in ints else float(v) if c in reals else str(v)
            out.append(v)
        return tuple(out)

    return spark.createDataFrame(rows_rdd.map(tup), schema)


def read_records(spark, path: str):
    """RDD of record JSON from JSON Lines; a bad line or a partial job output is an error."""
    from pyspark.sql import functions as F

    jvm = spark._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(spark._jsc.hadoopConfiguration())
    if not any(c in path for c in "*?["):  # a glob: Spark expands it
        if not fs.exists(hpath):
            raise LinkInputError(f"{path}: no such file or directory")
        if fs.getFileStatus(hpath).isDirectory():
            names = [s.getPath().getName() for s in fs.listStatus(hpath)]
            if any(n.startswith("part-") for n in names) and "_SUCCESS" not in names:
                raise LinkInputError(f"{path}: a partial Spark output (part files but no "
                                     "_SUCCESS marker: the job that wrote it did not finish)")
    try:
        lines = (spark.read.text(path).select(F.input_file_name().alias("origin"), "value")
                 .rdd.filter(lambda r: r["value"].strip())
                 .map(lambda r: parse_line(r["origin"], r["value"])))
        lines = lines.persist()
        bad = lines.filter(lambda kv: kv[0] == "error").map(lambda kv: kv[1]).take(3)
    except Exception as e:  # py4j/Spark errors: a truncated .gz, an unreadable file
        raise LinkInputError(f"{path}: cannot read the records: {_first_line(e)}") from None
    if bad:
        raise LinkInputError("; ".join(bad))
    return lines.map(lambda kv: kv[1])


def _first_line(e: Exception) -> str:
    text = str(e).strip().splitlines()
    useful = [t for t in text if "Exception" in t or "Error" in t]
    return (useful or text or [type(e).__name__])[0][:300]


def link(spark, records, out_dir: str) -> LinkRun:
    """Link ``records`` (RDD of record JSON) and write ``out_dir/tables/``."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from .link.merge import DATE_WINDOW_DAYS
    from .store.rows import LINK_TABLES, RECORD_TABLES, record_rows

    disk = StorageLevel.MEMORY_AND_DISK
    records = records.map(lambda js: (json.loads(js)["id"], js)).persist(disk)
    if records.count() == 0:
        raise LinkInputError("no article records to link")
    fschema = T.StructType([
        T.StructField("id", T.StringType()), T.StructField("key", T.StringType()),
        T.StructField("date", T.StringType()), T.StructField("day", T.LongType()),
        T.StructField("source", T.StringType()),
        T.StructField("title", T.StringType()), T.StructField("shingles", T.LongType()),
        T.StructField("minhash", T.BinaryType()), T.StructField("vector", T.BinaryType()),
        T.StructField("bands", T.ArrayType(T.LongType())),
        T.StructField("terms", T.ArrayType(T.LongType()))])
    feats = spark.createDataFrame(records.map(lambda kv: article_features(kv[1])), fschema)
    feats = _pin(feats)

    # ---- candidate pairs, scored by the local linker's functions
    # A pair further apart than both date windows can be neither a copy nor a story
    # link (both tests would refuse it): drop it before the signatures are joined in.
    from .link.dedup import DATE_WINDOW_DAYS as DUP_DAYS
    from .link.stories import WINDOW_DAYS as STORY_DAYS

    days = feats.select("id", "day")
    ed, ld = days.select(F.col("id").alias("early"), F.col("day").alias("ed")), \
        days.select(F.col("id").alias("late"), F.col("day").alias("ld"))
    gap = F.abs(F.col("ld") - F.col("ed"))
    pairs = (_candidate_pairs(feats).join(ed, "early").join(ld, "late")
             .filter(F.col("ed").isNull() | F.col("ld").isNull()
                     | (gap <= F.when(F.col("by_term"), F.lit(max(DUP_DAYS, STORY_DAYS)))
                        .otherwise(F.lit(DUP_DAYS))))
             .select("early", "late", "by_term"))
    e = feats.select(*[F.col(c).alias(f"e_{c}") for c in
                       ("id", "key", "date", "shingles", "minhash", "vector")])
    l_ = feats.select(*[F.col(c).alias(f"l_{c}") for c in
                        ("id", "key", "date", "shingles", "minhash", "vector")])
    joined = (pairs.join(e, pairs.early == e.e_id).join(l_, pairs.late == l_.l_id))
    sschema = T.StructType([
        T.StructField("early", T.StringType()), T.StructField("late", T.StringType()),
        T.StructField("e_key", T.StringType()), T.StructField("dup", T.DoubleType()),
        T.StructField("cos", T.DoubleType())])
    scored = spark.createDataFrame(joined.rdd.map(score_pair), sschema)
    scored = _pin(scored.filter("dup IS NOT NULL OR cos IS NOT NULL"))

    # ---- near-duplicates: the most similar earlier copy; canonical = root of the chain
    dup_parent = _best(scored.filter("dup IS NOT NULL"), "late", "dup", "e_key") \
        .select(F.col("late").alias("id"), F.col("early").alias("parent"),
                F.col("dup").alias("similarity"))
    dup_parent = _pin(dup_parent)
    with_self = feats.select("id").join(dup_parent.select("id", "parent"), "id", "left") \
        .select("id", F.coalesce("parent", "id").alias("parent"))
    canon = _pin(roots(with_self).withColumnRenamed("root", "canonical"))
    duplicates = (dup_parent.join(canon, "id")
                  .select(F.col("id").alias("article_id"), F.col("canonical").alias("duplicate_of"),
                          F.round("similarity", 4).alias("similarity")))

    # ---- stories: a duplicate joins its canonical's story; any other article its
    # most similar earlier neighbour's, when the cosine reaches the threshold
    story_parent = _best(scored.filter("cos IS NOT NULL").join(
        dup_parent.select(F.col("id").alias("late")), "late", "left_anti"), "late", "cos", "e_key") \
        .select(F.col("late").alias("id"), F.col("early").alias("parent"))
    parents = (feats.select("id").join(dup_parent.select("id", "parent"), "id", "left")
               .join(story_parent.withColumnRenamed("parent", "sparent"), "id", "left")
               .select("id", F.coalesce("parent", "sparent", "id").alias("parent")))
    story_root = roots(parents)
    # new_story_id / merged_id_for, as Spark expressions (sha1 of the UTF-8 id)
    new_story = lambda c: F.concat(F.lit("story-"), F.substring(F.sha1(F.col(c)), 1, 12))  # noqa: E731
    art_story = story_root.select(F.col("id").alias("article_id"),
                                  new_story("root").alias("story_id"), "root")
    art_story = _pin(art_story)
    day = F.when(F.col("date").rlike(r"^\d{4}-\d{2}-\d{2}"), F.substring("date", 1, 10))
    stories = (art_story.join(feats.withColumnRenamed("id", "article_id"), "article_id")
               .groupBy("story_id", "root")
               .agg(F.min(day).alias("first_date"), F.max(day).alias("last_date"),
                    F.count("*").alias("num_articles"))
               .join(feats.select(F.col("id").alias("root"), F.col("title").alias("label")), "root")
               .select("story_id", "label", "first_date", "last_date", "num_articles")
               .withColumnRenamed("story_id", "id"))

    # ---- event merge: blocks as the local merger's, the best earlier report wins
    ctx = (canon.withColumnRenamed("id", "aid")
           .join(art_story.select(F.col("article_id").alias("aid"), "story_id"), "aid"))
    rec_ctx = records.toDF(["aid", "js"]).join(ctx, "aid")
    eschema = T.StructType([T.StructField(c, T.StringType()) for c in (
        "id", "article_id", "key", "event", "status", "date", "canonical", "story", "source",
        "adate", "ev", "evidence")] + [T.StructField("evidence_start", T.LongType()),
                                       T.StructField("evidence_end", T.LongType())])
    events = spark.createDataFrame(
        rec_ctx.rdd.flatMap(lambda r: event_rows(r["js"], r["canonical"], r["story_id"])),
        eschema)
    events = _pin(events)
    is_dup = dup_parent.select(F.col("id").alias("article_id"), F.lit(True).alias("is_dup"))
    ev = events.join(is_dup, "article_id", "left")

    def side(df, p):
        return df.select(*[F.col(c).alias(f"{p}_{c}") for c in df.columns])

    E, L = side(ev, "e"), side(ev, "l")
    base = ((F.col("e_event") == F.col("l_event"))
            & F.col("e_status").eqNullSafe(F.col("l_status"))
            & (F.col("e_key") < F.col("l_key")) & (F.col("e_article_id") != F.col("l_article_id")))
    # (a) a duplicate's events: the reports of its duplicate group
    via_dup = (L.filter("l_is_dup").join(E, (F.col("l_canonical") == F.col("e_canonical")) & base)
               .withColumn("via", F.col("l_canonical")))
    has_group = via_dup.select(F.col("l_id").alias("gid")).distinct()
    # (b) dated: the same type and status within the date window
    offsets = F.array(*[F.lit(k) for k in range(-DATE_WINDOW_DAYS, DATE_WINDOW_DAYS + 1)])
    L_dated = (L.filter("l_date IS NOT NULL").join(has_group, F.col("l_id") == F.col("gid"), "left_anti")
               .withColumn("_o", F.explode(offsets))
               .withColumn("_d", F.date_format(F.date_add(F.to_date("l_date"), F.col("_o")),
                                               "yyyy-MM-dd"))
               .drop("_o"))
    by_date = (L_dated.join(E, (F.col("_d") == F.col("e_date")) & base)
               .drop("_d").withColumn("via", F.lit(None).cast("string")))
    # (c) undated: the same type and status within the story
    by_story = (L.filter("l_date IS NULL").join(has_group, F.col("l_id") == F.col("gid"), "left_anti")
                .join(E, (F.col("l_story") == F.col("e_story")) & base)
                .withColumn("via", F.lit(None).cast("string")))
    cols = ["l_id", "l_ev", "l_date", "l_story", "e_id", "e_key", "e_ev", "e_date", "e_story", "via"]
    cands = via_dup.select(*cols).unionByName(by_date.select(*cols)).unionByName(by_story.select(*cols))
    mschema = T.StructType([
        T.StructField("id", T.StringType()), T.StructField("parent", T.StringType()),
        T.StructField("e_key", T.StringType()), T.StructField("score", T.DoubleType()),
        T.StructField("explanation", T.StringType())])
    matches = spark.createDataFrame(cands.rdd.map(compare_events).filter(lambda x: x is not None),
                                    mschema)
    ev_parent = _pin(_best(matches, "id", "score", "e_key"))
    ev_parents = (events.select("id").join(ev_parent.select("id", "parent"), "id", "left")
                  .select("id", F.coalesce("parent", "id").alias("parent")))
    merged_id = lambda c: F.concat(F.lit("merged-"), F.substring(F.sha1(F.col(c)), 1, 12))  # noqa: E731
    ev_root = roots(ev_parents).select("id", merged_id("root").alias("merged_id"))
    first = F.lit(json.dumps({"first_report": True}))
    mentions = (events.join(ev_root, "id").join(ev_parent.select("id", "explanation"), "id", "left")
                .withColumn("explanation", F.coalesce("explanation", first)))
    mentions = _pin(mentions)
    event_mentions = mentions.select(F.col("id").alias("event_id"), "merged_id", "article_id",
                                     "explanation")
    mention_reports = mentions.select(F.col("id").alias("event_id"), "source",
                                      F.col("adate").alias("date"), "evidence",
                                      "evidence_start", "evidence_end")
    member = F.struct("id", "article_id", "key", "source", "adate", "date", "ev", "merged_id")
    merged = (mentions.groupBy("merged_id").agg(F.collect_list(member).alias("members"))
              .rdd.flatMap(lambda r: merged_rows([m.asDict() for m in r["members"]]))
              .map(lambda kv: kv[1]))

    # ---- write every table with the SQLite columns
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    def rows_of(kv):
        out = []
        for table, rows in record_rows(ArticleRecord.from_dict(json.loads(kv[1]))).items():
            for r in rows:
                if table == "articles":
                    r["ingested_at"] = now
                out.append((table, r))
        return out

    table_rows = records.flatMap(rows_of).persist(disk)
    tables = f"{out_dir}/tables"
    for table in RECORD_TABLES:
        df = _table_df(spark, table, table_rows.filter(lambda kv, t=table: kv[0] == t)
                       .map(lambda kv: kv[1]))
        df.write.parquet(f"{tables}/{table}")
    link_dfs = {"duplicates": duplicates, "stories": stories,
                "article_stories": art_story.select("article_id", "story_id"),
                "event_mentions": event_mentions, "mention_reports": mention_reports}
    for table in LINK_TABLES:
        if table == "merged_events":
            df = _table_df(spark, table, merged)
        else:
            df = _table_df(spark, table, link_dfs[table].rdd.map(lambda r: r.asDict()))
        df.write.parquet(f"{tables}/{table}")
    counts = {t: spark.read.parquet(f"{tables}/{t}").count()
              for t in ("articles", "duplicates", "stories", "merged_events", "event_mentions")}
    for cached in (table_rows, mentions, ev_parent, events, art_story, canon, dup_parent,
                   scored, feats, records):
        cached.unpersist()
    return LinkRun(counts["articles"], counts["duplicates"], counts["stories"],
                   counts["merged_events"], counts["event_mentions"])


# ------------------------------------------------------------------- atomic output

class Output:
    """Write to a temporary directory beside ``path``; :meth:`commit` renames it into place."""

    def __init__(self, spark, path: str) -> None:
        jvm = spark._jvm
        self._Path = jvm.org.apache.hadoop.fs.Path
        self.final = self._Path(path.rstrip("/"))
        self.fs = self.final.getFileSystem(spark._jsc.hadoopConfiguration())
        parent = self.final.getParent()
        self.tmp = self._Path(parent, f".{self.final.getName()}.tmp-{uuid.uuid4().hex[:8]}")
        self.path = self.tmp.toString()

    def commit(self) -> None:
        old = None
        if self.fs.exists(self.final):
            old = self._Path(self.final.getParent(),
                             f".{self.final.getName()}.old-{uuid.uuid4().hex[:8]}")
            if not self.fs.rename(self.final, old):
                raise OSError(f"cannot move the previous {self.final} aside")
        if not self.fs.rename(self.tmp, self.final):
            if old is not None:
                self.fs.rename(old, self.final)
            raise OSError(f"cannot rename {self.tmp} to {self.final}")
        if old is not None:
            self.fs.delete(old, True)

    def abort(self) -> None:
        if self.fs.exists(self.tmp):
            self.fs.delete(self.tmp, True)


def session(master: str | None, app: str = "eventwire"):
    from pyspark.sql import SparkSession

    # Local workers run this interpreter (where eventwire and the model are
    # installed); on a cluster, install eventwire on the executors' Python.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app).config("spark.ui.showConsoleProgress", "false")
    if master:
        builder = builder.master(master)
        if master.startswith("local"):  # small shuffles: the default 200 partitions is for clusters
            builder = builder.config("spark.sql.shuffle.partitions", "4")
    return builder.getOrCreate()


def run_link(records_path: str, output: str, master: str | None = None,
             keep_session: bool = False) -> LinkRun:
    """``eventwire spark-link``: link the records at ``records_path`` into ``output``.

    ``keep_session`` leaves the SparkSession running (a benchmark reads its metrics)."""
    spark = session(master, "eventwire-link")
    try:
        out = Output(spark, output)
        try:
            result = link(spark, read_records(spark, records_path), out.path)
            out.commit()
        except BaseException:
            out.abort()
            raise
        return result
    finally:
        if not keep_session:
            spark.stop()
