"""The ``eventwire`` command line: a thin layer over :class:`eventwire.Pipeline`."""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Literal, Optional, get_args

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .cli_help import Command, Group
from .faults import fault_point
from .model import ArticleRecord, InputError

app = typer.Typer(cls=Group, add_completion=False, no_args_is_help=True,
                  help="eventwire: event data with evidence from news-wire articles.")
out = Console()
err = Console(stderr=True)

Inputs = Annotated[list[str], typer.Argument(
    metavar="INPUT...", show_default=False,
    help="Files, directories, globs or '-' for stdin (text, JSONL, CSV, HTML, RSS/Atom, WARC, .gz)")]
Workers = Annotated[int, typer.Option("--workers", "-w", min=1, metavar="N",
                                      help="Worker processes (forked: they share the loaded pipeline)")]
DbPath = Annotated[Path, typer.Option("--db", metavar="PATH", help="SQLite database file")]
BudgetPer1000 = Annotated[float, typer.Option(
    "--time-budget", min=0, metavar="SECONDS",
    help="Seconds per 1,000 characters an article may take (0: no budget at all)")]
BudgetFloor = Annotated[float, typer.Option(
    "--time-budget-floor", min=0, metavar="SECONDS",
    help="The least time budget of any article, in seconds (with a --time-budget over 0)")]
# The coders of eventwire.pipeline.CODERS, named here so a usage error needs no import of
# the pipeline (spaCy, scikit-learn: seconds); tests/test_cli.py checks the two agree.
CoderName = Literal["hybrid", "learned", "rules"]
CODERS = get_args(CoderName)
Coder = Annotated[CoderName, typer.Option(
    "--coder", metavar="NAME",
    help="Event coder: hybrid (model + rule events), learned (model) or rules")]
Output = Annotated[Path, typer.Option("-o", "--output", metavar="PATH",
                                      help="Article records, JSON Lines ('-' for stdout)")]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("eventwire")
        except PackageNotFoundError:  # run from a source tree without installing
            from . import __version__ as v
        out.print(f"eventwire {v}", highlight=False)
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit")]
        = False) -> None:
    """eventwire: event data with evidence from news-wire articles."""


def fail(message: str, status: int = 1) -> None:
    """One line on stderr, then exit: how every command reports what stops it."""
    err.print(f"[red]error[/red]: {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(status)


def _probe(db: Path) -> None:
    """Fail cleanly when an existing file at ``db`` is not an SQLite database."""
    if db.is_dir():
        fail(f"{db} is a directory, not a database file")
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            con.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as e:  # a text file, a truncated copy, no permission
        fail(f"{db}: not an eventwire database ({e})")


def open_store(db: Path):
    """A database that must exist, opened read-only: a clean error naming it, or the Store."""
    from .store import Store

    if not db.exists():
        fail(f"no database at {db} (run `eventwire ingest INPUT... --db {db}` first)")
    _probe(db)
    return Store(db, readonly=True)


def check_writable_db(db: Path) -> None:
    """Before any work: a database ingest can create or open, or a clean error naming it."""
    if db.exists():
        _probe(db)
    elif not db.parent.is_dir():
        fail(f"cannot create a database at {db}: no directory {db.parent}")


class Run:
    """Counts and reports one batch: read errors and failures go to stderr by origin."""

    def __init__(self, note_failures: bool = False) -> None:
        self.noting = note_failures  # keep failures for a store (ingest), else only print
        self.ok = 0
        self.failed = 0
        self.over_budget = 0
        self.started = time.perf_counter()
        self.store = None  # where failures are noted for `stats`, when ingesting
        self.pending: list[tuple[str, str, str]] = []  # failures before the store opened

    def records(self, items: Iterable[ArticleRecord | InputError]) -> Iterator[ArticleRecord]:
        with Progress(TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.completed} articles · {task.fields[rate]} articles/s"),
                      TimeElapsedColumn(), console=err, transient=True,
                      disable=not err.is_terminal) as bar:
            task = bar.add_task("processing", total=None, rate="–")
            for item in items:
                if isinstance(item, InputError):
                    self.fail(item)
                else:
                    self.ok += 1
                    yield item
                rate = (self.ok + self.failed) / max(1e-9, time.perf_counter() - self.started)
                bar.update(task, advance=1, rate=f"{rate:.1f}")

    def fail(self, e: InputError, kind: str | None = None) -> None:
        # no pipeline imported yet: no article was processed, so none ran over its budget
        pipeline = sys.modules.get("eventwire.pipeline")
        self.failed += 1
        if pipeline is not None and e.message.startswith(pipeline.OVER_BUDGET):
            self.over_budget += 1
            kind = "budget"
        err.print(f"[red]error[/red]: {e.origin}: {e.message}", highlight=False, soft_wrap=True)
        if self.noting:
            kind = kind or ("processing" if e.message.startswith("processing failed")
                            else "read")
            self.pending.append((e.origin, e.message, kind))
            self.note_failures()

    def note_failures(self) -> None:
        """Note failures in the store for `stats`, once there is one."""
        if self.store is None:
            return
        for failure in self.pending:
            try:
                self.store.add_failure(*failure)
            except sqlite3.Error:
                pass  # the failure is already on stderr and in the exit status
        self.pending.clear()

    def finish(self, verb: str, inputs: list[str]) -> None:
        if self.ok == 0 and self.failed == 0:
            fail(f"nothing to read in {', '.join(inputs)}")
        secs = time.perf_counter() - self.started
        rate = self.ok / secs if secs else 0.0
        err.print(f"{verb} {self.ok} article(s) in {secs:.1f}s ({rate:.1f} articles/s)"
                  + (f"; [red]{self.failed} failed[/red]" if self.failed else "")
                  + (f" ({self.over_budget} over the time budget)" if self.over_budget else ""))
        if self.failed:
            raise typer.Exit(1)


def time_budget(per_1000_chars: float, floor: float):
    """The budget the options ask for: ``--time-budget 0`` is no budget, floor and all, as
    its help says (a floor alone would still stop an article)."""
    from .budget import TimeBudget

    return TimeBudget(per_1000_chars, floor if per_1000_chars > 0 else 0.0)


def _records(inputs: list[str], workers: int, coder: str,
             budget: tuple[float, float] = (3.0, 10.0)) -> Iterator[ArticleRecord | InputError]:
    """Records of the inputs' articles, read errors in place. The model loads at the first
    readable article: a batch of bad inputs fails in a second, not after the model's load."""
    from itertools import chain

    from .model import Article
    from .read import read_inputs

    items = iter(read_inputs(inputs))
    for item in items:
        if not isinstance(item, Article):
            yield item
            continue
        from .code.event_model import EventModelError
        from .pipeline import Pipeline

        try:
            pipeline = Pipeline(coder=coder, budget=time_budget(*budget))
        except EventModelError as e:
            fail(str(e))
        yield from pipeline.process_many(chain([item], items), workers=workers)
        return


@app.command(cls=Command)
def extract(inputs: Inputs, output: Output, workers: Workers = 1, coder: Coder = "hybrid",
            time_budget: BudgetPer1000 = 3.0, time_budget_floor: BudgetFloor = 10.0) -> None:
    """Write one article record per article with every annotation."""
    to_stdout = str(output) == "-"
    if not to_stdout and not output.parent.is_dir():
        fail(f"cannot write {output}: no directory {output.parent}")
    run = Run()
    records = _records(inputs, workers, coder, (time_budget, time_budget_floor))
    # opened at the first record: a batch that gives none leaves no output file, and a
    # missing or bad model is reported before any output is opened
    tmp = output.with_name(output.name + ".part") if not to_stdout else None
    sink = None
    try:
        for rec in run.records(records):
            if sink is None:
                sink = sys.stdout if to_stdout else open(tmp, "w", encoding="utf-8")
            sink.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
    finally:
        if sink is not None and not to_stdout:
            sink.close()
    if tmp is not None and sink is not None:
        os.replace(tmp, output)  # never leave a half-written output under the real name
    run.finish("extracted", inputs)


@app.command(cls=Command)
def ingest(inputs: Inputs, db: DbPath = Path("eventwire.db"), workers: Workers = 1,
           coder: Coder = "hybrid", time_budget: BudgetPer1000 = 3.0,
           time_budget_floor: BudgetFloor = 10.0) -> None:
    """Process articles and store them in SQLite (one transaction per article, idempotent)."""
    check_writable_db(db)
    run = Run(note_failures=True)
    records = _records(inputs, workers, coder, (time_budget, time_budget_floor))
    tally = {"added": 0, "updated": 0, "unchanged": 0}
    # A new database is created at the first record, so a batch that gives none leaves no
    # empty database behind; an existing one is opened now, to note failures for `stats`.
    store = linker = None

    def open_db() -> None:
        nonlocal store, linker
        from .link import Linker  # scikit-learn: imported when there is something to link
        from .store import Store
        from .store.links import LinkStore

        try:
            store = Store(db)
        except (sqlite3.Error, RuntimeError) as e:
            fail(f"cannot open the database {db}: {e}")
        linker = Linker(LinkStore(store.db))
        run.store = store
        run.note_failures()

    if db.exists():
        open_db()
    try:
        for rec in run.records(records):
            if store is None:
                open_db()
            try:
                status = store.add(rec)
            except sqlite3.Error as e:  # the transaction rolled back; go on with the rest
                run.fail(InputError(rec.article.origin or rec.article.id,
                                    f"not stored: {type(e).__name__}: {e}"), "store")
                continue
            tally[status] += 1
            fault_point("after_store")
            # link new and changed articles, and an unchanged one a killed run stored but
            # did not get to link (the store and the links are two transactions)
            if status != "unchanged" or not linker.links.is_linked(rec.article.id):
                try:
                    linker.link(rec, replace=status == "updated")
                except sqlite3.Error as e:  # rolled back: the article stays stored, unlinked
                    run.fail(InputError(rec.article.origin or rec.article.id,
                                        f"not linked: {type(e).__name__}: {e}"), "store")
    finally:
        if store is not None:
            store.close()
    if store is not None:
        err.print(", ".join(f"{v} {k}" for k, v in tally.items()) + f" → {db}")
    run.finish("ingested", inputs)


def _read_records(inputs: list[str]) -> Iterator[ArticleRecord | InputError]:
    """Article records as ``extract`` writes them, annotations included."""
    import gzip

    from .read import _expand  # files, directories and globs, as every command takes them

    for spec in inputs:
        for p in _expand(spec) if spec != "-" else [Path("/dev/stdin")]:
            if isinstance(p, InputError):
                yield p
                continue
            opener = gzip.open if p.name.endswith(".gz") else open
            try:
                with opener(p, "rt", encoding="utf-8") as f:
                    for n, line in enumerate(f, 1):
                        if not line.strip():
                            continue
                        try:
                            yield ArticleRecord.from_dict(json.loads(line))
                        except (ValueError, KeyError, TypeError) as e:
                            yield InputError(f"{p}:{n}", f"not an article record: {e}")
            except UnicodeDecodeError:
                yield InputError(str(p), "not a UTF-8 JSON Lines file of article records")
            except (OSError, EOFError) as e:  # unreadable, or a broken gzip file
                yield InputError(str(p), f"cannot read: {getattr(e, 'strerror', None) or e}")


@app.command(cls=Command)
def cluster(inputs: Inputs,
            output: Annotated[Path, typer.Option(
                "-o", "--output", metavar="PATH",
                help="JSON Lines, one line per article: id, cluster, duplicate_of")],
            records: Annotated[bool, typer.Option(
                "--records", help="Inputs are article records from `extract`: keep their "
                                  "annotations, so their events are merged too")] = False,
            db: Annotated[Optional[Path], typer.Option(
                "--db", metavar="PATH",
                help="Keep the link tables in this SQLite file (default: in memory)")]
            = None) -> None:
    """Find near-duplicates and story clusters in a batch of articles (no NLP needed)."""
    from .link import link_records
    from .read import read_inputs
    from .store.links import LinkStore

    if not output.parent.is_dir():
        fail(f"cannot write {output}: no directory {output.parent}")
    if db is not None:
        check_writable_db(db)
    run = Run()
    if records:
        items: Iterable[ArticleRecord | InputError] = _read_records(inputs)
    else:
        items = (a if isinstance(a, InputError) else ArticleRecord(article=a)
                 for a in read_inputs(inputs))
    links = LinkStore.open(db)
    tmp = output.with_name(output.name + ".part")
    # A later article can join two stories into one, so the story ids are read
    # back once every article is linked.
    results = list(link_records(run.records(items), links))
    final = links.stories_of(r.article_id for r in results)
    stories, dups = set(), 0
    sink = None  # opened at the first result: no articles, no output file
    try:
        for res in results:
            if sink is None:
                sink = open(tmp, "w", encoding="utf-8")
            res.story_id = final.get(res.article_id, res.story_id)
            stories.add(res.story_id)
            dups += res.duplicate_of is not None
            sink.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\n")
    finally:
        if sink is not None:
            sink.close()
    if sink is not None:
        os.replace(tmp, output)
        err.print(f"{len(stories)} stories, {dups} near-duplicate(s) → {output}")
    run.finish("clustered", inputs)


@app.command(cls=Command)
def stories(db: DbPath = Path("eventwire.db"),
            limit: Annotated[int, typer.Option(metavar="N", help="Stories to list")] = 30,
            min_articles: Annotated[int, typer.Option(metavar="N",
                                                      help="Only stories this big")] = 1,
            as_json: Annotated[bool, typer.Option("--json", help="JSON Lines")] = False) -> None:
    """List story clusters, biggest first."""
    from .store.links import LinkStore

    with open_store(db) as store:
        rows = LinkStore(store.db, create=False).list_stories(limit, min_articles) if _has_links(store) else []
    if as_json:
        for r in rows:
            out.print_json(json.dumps(dict(r), ensure_ascii=False))
        return
    table = Table("story", "articles", "first", "last", "label", title=f"stories in {db}")
    for r in rows:
        table.add_row(r["id"], str(r["num_articles"]), r["first_date"] or "",
                      r["last_date"] or "", (r["label"] or "")[:70])
    out.print(table)


@app.command(cls=Command)
def events(db: DbPath = Path("eventwire.db"),
           limit: Annotated[int, typer.Option(metavar="N", help="Merged events to list")] = 30,
           min_mentions: Annotated[int, typer.Option(
               metavar="N", help="Only events reported this often")] = 1,
           as_json: Annotated[bool, typer.Option("--json", help="JSON Lines with mentions")]
           = False) -> None:
    """List merged events (one per real-world event) with their mention counts."""
    from .store.links import LinkStore

    with open_store(db) as store:
        links = LinkStore(store.db, create=False) if _has_links(store) else None
        rows = links.list_merged(limit, min_mentions) if links else []
        if as_json:
            for r in rows:
                d = dict(r)
                for k in ("actor", "recipient"):
                    d[k] = json.loads(d[k] or "[]")
                d["mentions"] = [{**dict(m), "explanation": json.loads(m["explanation"] or "{}")}
                                 for m in links.mentions(r["id"])]
                sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
            return
    table = Table("event", "date", "actor", "recipient", "mentions", "articles", "sources",
                  "first report", title=f"merged events in {db}")
    for r in rows:
        def names(js: str | None) -> str:
            return ", ".join(p.get("name") or p.get("code") or "?" for p in json.loads(js or "[]"))
        table.add_row(r["event"], r["date"] or "", names(r["actor"]), names(r["recipient"]),
                      str(r["num_mentions"]), str(r["num_articles"]), str(r["num_sources"]),
                      r["first_event_id"] or "")
    out.print(table)


def _has_links(store) -> bool:
    return store.db.execute("SELECT 1 FROM sqlite_master WHERE name='merged_events'"
                            ).fetchone() is not None


@app.command(cls=Command)
def stats(db: DbPath = Path("eventwire.db")) -> None:
    """Print what the database holds."""
    with open_store(db) as store:
        try:
            counts = store.counts()
        except sqlite3.DatabaseError as e:  # an SQLite file, but not one ingest wrote
            fail(f"{db}: not an eventwire database ({e})")
    table = Table("what", "count", title=str(db))
    for k, v in counts.items():
        table.add_row(k, f"{v:,}")
    out.print(table)


@app.command(cls=Command)
def show(article_id: Annotated[str, typer.Argument(metavar="ID", help="An article id")],
         db: DbPath = Path("eventwire.db")) -> None:
    """Print one stored article record as JSON."""
    with open_store(db) as store:
        try:
            rec = store.get_record(article_id)
        except sqlite3.DatabaseError as e:
            fail(f"{db}: not an eventwire database ({e})")
    if rec is None:
        fail(f"no article {article_id!r} in {db}")
    out.print_json(json.dumps(rec.to_dict(), ensure_ascii=False))


@app.command(cls=Command)
def train(out_dir: Annotated[Optional[Path], typer.Option(
              "--out", metavar="DIR", help="Where to write events.npz and events.json (default: the package)")]
          = None) -> None:
    """Fit the event models on training/events (joined with ../shared/corpus), seeded and
    reproducible; print the held-out figures and write the model the pipeline loads."""
    from .code.event_model import MODEL_DIR
    from .code.train import TrainingDataError, train as fit_models

    try:
        fit_models(out_dir or MODEL_DIR, log=lambda m: err.print(m, highlight=False))
    except TrainingDataError as e:
        fail(str(e))


@app.command(cls=Command)
def serve(db: Annotated[Optional[Path], typer.Option(
              "--db", metavar="PATH", help="SQLite database file (default eventwire.db)")] = None,
          data: Annotated[Optional[Path], typer.Option(
              "--data", metavar="DIR",
              help="A Parquet layout (OUT with OUT/tables/TABLE/*.parquet, from the "
                   "Spark run or `export --format tables`), read with DuckDB")] = None,
          host: Annotated[str, typer.Option(
              metavar="HOST", help="Interface to bind (loopback by default)")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, metavar="PORT",
                                            help="TCP port to listen on")] = 8765,
          allow_host: Annotated[Optional[list[str]], typer.Option(
              "--allow-host", metavar="HOST",
              help="Another Host header name to answer (a proxy's name; repeatable)")]
          = None) -> None:
    """Serve the web app and REST API over the store (read-only; works while ingest writes),
    or over a Spark run's Parquet tables with --data."""
    import uvicorn

    from .serve import create_app

    source = _open_source(db, data)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning[/yellow]: serving on {host}: anyone who can reach it can read the store")
    err.print(f"eventwire: serving {source} at http://{'[' + host + ']' if ':' in host else host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(create_app(source, host=host, allow_hosts=allow_host), host=host, port=port,
                log_level="warning")


def _open_source(db: Optional[Path], data: Optional[Path]):
    """The query source of --db or --data; the same clean error as every command otherwise."""
    from .store.backends import ParquetSource, SqliteSource
    from .store.parquet import LayoutError

    if db is not None and data is not None:
        fail("give one of --db or --data", 2)
    if data is not None:
        try:
            return ParquetSource(data)
        except LayoutError as e:
            fail(str(e))
    db = db or Path("eventwire.db")
    open_store(db).close()  # missing, a directory, not SQLite: one line naming the path
    try:
        return SqliteSource(db)
    except OSError as e:
        fail(str(e))


@app.command("export", cls=Command)
def export_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", metavar="PATH", help="Output file (a directory with --partitioned or --format tables)")],
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="csv, jsonl (PLOVER event form), parquet, gdelt; or tables (the store's tables as the Parquet layout `serve --data` reads)")] = "jsonl",
    db: Annotated[Optional[Path], typer.Option("--db", metavar="PATH", help="SQLite database to query")] = None,
    data: Annotated[Optional[Path], typer.Option("--data", metavar="DIR", help="Parquet layout to query (OUT/tables/...)")] = None,
    records: Annotated[Optional[Path], typer.Option("--records", metavar="PATH", help="Article records JSONL (from extract) instead of a database")] = None,
    partitioned: Annotated[bool, typer.Option("--partitioned", help="Parquet: a year=/month= partitioned directory")] = False,
    actor: Annotated[Optional[str], typer.Option(metavar="NAME", help="Actor code or name")] = None,
    recipient: Annotated[Optional[str], typer.Option(metavar="NAME", help="Recipient code or name")] = None,
    country: Annotated[Optional[str], typer.Option(metavar="CODE", help="Participant or location country code")] = None,
    event_type: Annotated[Optional[list[str]], typer.Option("--type", metavar="TYPE", help="PLOVER type (repeatable)")] = None,
    quad_class: Annotated[Optional[list[int]], typer.Option("--quad-class", min=1, max=4, metavar="N", help="Quad class 1-4 (repeatable)")] = None,
    status: Annotated[Optional[list[str]], typer.Option(metavar="STATUS", help="actual, future, hypothetical, negated (repeatable)")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", metavar="DATE", help="YYYY[-MM[-DD]]")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="YYYY[-MM[-DD]]")] = None,
    source: Annotated[Optional[str], typer.Option(metavar="NAME", help="Source (agency) of the article")] = None,
    story: Annotated[Optional[str], typer.Option(metavar="ID", help="Story cluster id")] = None,
    q: Annotated[Optional[str], typer.Option("--search", metavar="WORDS", help="Words in the evidence or article text")] = None,
    every_report: Annotated[bool, typer.Option("--every-report", help="One row per report, not per merged event")] = False,
) -> None:
    """Export events of a filtered query (of a SQLite store, a Parquet layout, or a records
    JSONL) as CSV, JSONL, Parquet or GDELT TSV; or a store's tables as the Parquet layout."""

    from .export import FORMATS, events_from_record, write
    from .model import EVENT_STATUSES

    def usage(msg: str) -> None:  # a wrong option, as click reports one: status 2
        fail(msg, 2)

    filters = [actor, recipient, country, event_type, quad_class, status, date_from, date_to,
               source, story, q]
    if fmt == "tables":
        if db is None or data is not None or records is not None:
            usage("--format tables writes a SQLite store's tables: give --db")
        if any(filters) or partitioned or every_report:
            usage("--format tables writes every row of every table: no filters")
        open_store(db).close()  # the same clean error as every command for a missing database
        from .store.parquet import write_tables

        try:
            counts = write_tables(db, output)
        except (OSError, ValueError) as e:
            fail(str(e))
        err.print(f"wrote {len(counts)} table(s) ({counts.get('articles', 0)} articles, "
                  f"{counts.get('events', 0)} events) → {output / 'tables'}", highlight=False)
        return
    if fmt not in FORMATS:
        usage(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)} or tables")
    if sum(x is not None for x in (db, data, records)) != 1:
        usage("give exactly one of --db, --data or --records")
    if partitioned and fmt != "parquet":
        usage("--partitioned is for --format parquet")
    for d in (date_from, date_to):
        if d and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d):
            usage(f"bad date {d!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    for s in status or []:
        if s not in EVENT_STATUSES:
            usage(f"bad status {s!r}: use one of {', '.join(EVENT_STATUSES)}")
    if not output.parent.is_dir():
        fail(f"cannot write {output}: no directory {output.parent}")
    if records is None:
        from .store.query import PLOVER_TYPES, EventFilter, iter_events

        types = [t.upper() for t in event_type or []]
        for t in types:
            if t not in PLOVER_TYPES:
                usage(f"bad type {t!r}: use a PLOVER type ({', '.join(PLOVER_TYPES)})")
        store = _open_source(db, data)
        f = EventFilter(actor=actor, recipient=recipient, country=country, types=types,
                        quad_classes=list(quad_class or []), statuses=list(status or []),
                        date_from=date_from, date_to=date_to, source=source, story=story, q=q,
                        group="mention" if every_report else "merged")
        conn = store.connect()
        items = iter_events(conn, f)
    else:
        if any(filters):
            usage("filters need --db or --data; --records exports every event of the file")
        if not records.is_file():
            fail(f"no such file {records}")

        def from_records():
            with open(records, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        try:
                            rec = ArticleRecord.from_dict(json.loads(line))
                        except (ValueError, KeyError, TypeError) as e:
                            err.print(f"[red]error[/red]: {records}:{n}: {type(e).__name__}: {e}")
                            continue
                        yield from events_from_record(rec)
        items = from_records()
    counted = _Counted(items)
    try:
        write(counted, fmt, output, partitioned=partitioned)
    except sqlite3.DatabaseError as e:  # an SQLite file, but not one ingest wrote
        fail(f"{db}: not an eventwire database ({e})")
    except UnicodeDecodeError:
        fail(f"{records}: not a UTF-8 JSON Lines file of article records")
    err.print(f"exported {counted.n} event(s) as {fmt} → {output}")


class _Counted:
    def __init__(self, items: Iterable) -> None:
        self.items, self.n = items, 0

    def __iter__(self):
        for x in self.items:
            self.n += 1
            yield x


@app.command(cls=Command)
def spark(input_path: Annotated[str, typer.Argument(
              metavar="INPUT", help="JSON Lines of articles (.gz too) or a .parquet dataset; any path Spark reads")],
          output: Annotated[str, typer.Argument(
              metavar="OUTPUT", help="Directory: records/, events/year=/month=/ (Parquet), errors/")],
          master: Annotated[Optional[str], typer.Option(metavar="URL", help="Spark master, e.g. local[2]; default: "
                                                        "spark-submit's or local[*]")] = None,
          partitions: Annotated[Optional[int], typer.Option(
              min=1, metavar="N", help="Repartition the input")] = None,
          link: Annotated[bool, typer.Option(
              "--link", help="Also link across articles: OUTPUT/tables/TABLE/ Parquet, the "
                             "store's tables (see docs/linking.md)")] = False,
          ) -> None:
    """Run the per-article pipeline on Apache Spark (mapPartitions), the same code as extract."""
    try:
        from .spark import run
        from .spark_link import LinkInputError
    except ImportError as e:
        fail(f"{e}: install pyspark (pip install -r requirements.lock)")
    try:
        result = run(input_path, output, master=master, partitions=partitions, link=link)
    except LinkInputError as e:
        fail(str(e))
    err.print(f"{result.records} article record(s), {result.events} event(s) → {output}"
              + (f"; [red]{result.errors} failed[/red] (see {output}/errors)" if result.errors else ""))
    if result.linked is not None:
        _print_link(result.linked, output)
    if result.errors:
        raise typer.Exit(1)


def _print_link(r, output: str) -> None:
    err.print(f"linked {r.articles} article(s): {r.duplicates} near-duplicate(s), "
              f"{r.stories} stories, {r.merged_events} merged event(s) from {r.mentions} "
              f"report(s) → {output}/tables")


@app.command("spark-link", cls=Command)
def spark_link(records: Annotated[str, typer.Argument(
                   metavar="RECORDS", help="Article records (JSON Lines from `extract`, or the "
                                           "records/ of `eventwire spark`); any path Spark reads")],
               output: Annotated[str, typer.Argument(
                   metavar="OUTPUT", help="Directory: tables/TABLE/ Parquet (replaced whole)")],
               master: Annotated[Optional[str], typer.Option(
                   metavar="URL",
                   help="Spark master, e.g. local[2]; default: spark-submit's or local[*]")] = None,
               ) -> None:
    """Link article records on Apache Spark: near-duplicates, stories, merged events."""
    try:
        from .spark_link import LinkInputError, run_link
    except ImportError as e:
        fail(f"{e}: install pyspark (pip install -r requirements.lock)")
    try:
        result = run_link(records, output, master=master)
    except LinkInputError as e:
        fail(str(e))
    _print_link(result, output)


kb_app = typer.Typer(cls=Group, no_args_is_help=True,
                     help="The actor knowledge base: look names up, add your own actors.")
app.add_typer(kb_app, name="kb")


@kb_app.command("show", cls=Command)
def kb_show(name: Annotated[str, typer.Argument(
                metavar="NAME", help="A name, alias, country, demonym or capital")],
            date: Annotated[Optional[str], typer.Option(
                "--date", metavar="DATE", help="Resolve the role held on this date (YYYY-MM-DD)")] = None) -> None:
    """Show what a name resolves to, and every KB actor known by it with its roles."""
    from .kb import load_kb

    kb = load_kb()
    res = kb.lookup(name, date)
    if res is None:
        out.print(f"{name!r}: not in the knowledge base (code UNK)")
    else:
        out.print(f"{name!r} → {res.name} · {res.code} {res.sector or ''} · {res.office or ''} "
                  f"· {res.kind} · {res.kb_id or ''}", highlight=False)
    for actor in kb.candidates(name):
        table = Table("code", "sector", "office", "from", "to",
                      title=f"{actor.name} [{actor.id}, {actor.kind}, {actor.source}]")
        for r in actor.roles:
            table.add_row(r.code, r.sector or "", r.office or "", r.start, r.end)
        out.print(table)
        if actor.aliases:
            out.print("aliases: " + ", ".join(sorted(actor.aliases)), highlight=False)


@kb_app.command("add", cls=Command)
def kb_add(name: Annotated[str, typer.Argument(
               metavar="NAME", help="Canonical name, e.g. 'Kaja Kallas'")],
           code: Annotated[str, typer.Option(
               metavar="CODE", help="ISO alpha-3 or organisation code (GUIDELINES.md)")],
           sector: Annotated[str, typer.Option(
               metavar="SECTOR", help="GOV, MIL, REB, OPP, LEG, IGO, ...")],
           kind: Annotated[str, typer.Option(metavar="KIND", help="person, org or group")]
           = "person",
           alias: Annotated[Optional[list[str]], typer.Option(
               "--alias", metavar="NAME", help="Another name (repeatable)")] = None,
           office: Annotated[str, typer.Option(
               metavar="OFFICE", help="Office held, e.g. 'Foreign Minister'")] = "",
           start: Annotated[str, typer.Option("--from", metavar="DATE",
                                              help="Role start, YYYY-MM-DD")] = "",
           end: Annotated[str, typer.Option("--to", metavar="DATE",
                                            help="Role end (exclusive), YYYY-MM-DD")] = "",
           file: Annotated[Optional[Path], typer.Option(
               metavar="PATH", help="KB file to append to (default: $EVENTWIRE_KB or ~/.config/eventwire/kb.tsv)")
           ] = None) -> None:
    """Add one role of an actor to your knowledge base file (one row per role)."""
    from .kb import add_user_actor

    for d in (start, end):
        if d and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
            fail(f"dates are YYYY-MM-DD, got {d!r}")
    if kind not in ("person", "org", "group"):
        fail(f"kind is person, org or group, got {kind!r}")
    path = add_user_actor(name, code, sector, kind=kind, aliases=alias or [], office=office,
                          start=start, end=end, path=file)
    out.print(f"added {name} ({code.upper()} {sector.upper()}) to {path}", highlight=False)


def main() -> None:
    # readers' notes (e.g. a WARC's skipped records) go to stderr as "warning: ..."
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
