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
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .faults import fault_point
from .model import ArticleRecord, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="eventwire: event data with evidence from news-wire articles.")
out = Console()
err = Console(stderr=True)

Inputs = Annotated[list[str], typer.Argument(
    help="Files, directories, globs or '-' for stdin (text, JSONL, CSV, HTML, RSS/Atom, WARC, .gz)")]
Workers = Annotated[int, typer.Option("--workers", "-w", min=1,
                                      help="Processes (each loads the model once)")]
DbPath = Annotated[Path, typer.Option("--db", help="SQLite database file")]
BudgetPer1000 = Annotated[float, typer.Option(
    "--time-budget", min=0, help="Seconds per 1,000 characters an article may take (0: off)")]
BudgetFloor = Annotated[float, typer.Option(
    "--time-budget-floor", min=0, help="The least time budget of any article, in seconds")]
Coder = Annotated[str, typer.Option(
    "--coder", help="Event coder: hybrid (model + rule events), learned (model) or rules")]


class Run:
    """Counts and reports one batch: read errors and failures go to stderr by origin."""

    def __init__(self) -> None:
        self.ok = 0
        self.failed = 0
        self.over_budget = 0
        self.started = time.perf_counter()
        self.store = None  # where failures are noted for `stats`, when ingesting

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
        from .pipeline import OVER_BUDGET

        self.failed += 1
        if e.message.startswith(OVER_BUDGET):
            self.over_budget += 1
            kind = "budget"
        err.print(f"[red]error[/red]: {e.origin}: {e.message}", highlight=False, soft_wrap=True)
        if self.store is not None:
            kind = kind or ("processing" if e.message.startswith("processing failed")
                            else "read")
            try:
                self.store.add_failure(e.origin, e.message, kind)
            except sqlite3.Error:
                pass  # the failure is already on stderr and in the exit status

    def finish(self, verb: str) -> None:
        secs = time.perf_counter() - self.started
        rate = self.ok / secs if secs else 0.0
        err.print(f"{verb} {self.ok} article(s) in {secs:.1f}s ({rate:.1f} articles/s)"
                  + (f"; [red]{self.failed} failed[/red]" if self.failed else "")
                  + (f" ({self.over_budget} over the time budget)" if self.over_budget else ""))
        if self.failed:
            raise typer.Exit(1)


def _records(inputs: list[str], workers: int, coder: str = "hybrid",
             budget: tuple[float, float] = (3.0, 10.0)) -> Iterator[ArticleRecord | InputError]:
    from .budget import TimeBudget
    from .code.event_model import EventModelError
    from .pipeline import CODERS, Pipeline
    from .read import read_inputs

    if coder not in CODERS:
        err.print(f"[red]error[/red]: --coder is one of {', '.join(CODERS)}, got {coder!r}")
        raise typer.Exit(2)
    try:
        pipeline = Pipeline(coder=coder, budget=TimeBudget(*budget))
    except EventModelError as e:
        err.print(f"[red]error[/red]: {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    return pipeline.process_many(read_inputs(inputs), workers=workers)


@app.command()
def extract(inputs: Inputs,
            output: Annotated[Path, typer.Option("-o", "--output",
                                                 help="Article records, JSON Lines ('-' for stdout)")],
            workers: Workers = 1, coder: Coder = "hybrid", time_budget: BudgetPer1000 = 3.0,
            time_budget_floor: BudgetFloor = 10.0) -> None:
    """Write one article record per article with every annotation."""
    run = Run()
    # a missing or bad model is reported before any output is opened
    records = _records(inputs, workers, coder, (time_budget, time_budget_floor))
    to_stdout = str(output) == "-"
    tmp = output.with_name(output.name + ".part") if not to_stdout else None
    sink = sys.stdout if to_stdout else open(tmp, "w", encoding="utf-8")
    try:
        for rec in run.records(records):
            sink.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
    finally:
        if not to_stdout:
            sink.close()
    if tmp is not None:
        os.replace(tmp, output)  # never leave a half-written output under the real name
    run.finish("extracted")


@app.command()
def ingest(inputs: Inputs, db: DbPath = Path("eventwire.db"), workers: Workers = 1,
           coder: Coder = "hybrid", time_budget: BudgetPer1000 = 3.0,
           time_budget_floor: BudgetFloor = 10.0) -> None:
    """Process articles and store them in SQLite (one transaction per article, idempotent)."""
    from .link import Linker
    from .store import Store
    from .store.links import LinkStore

    run = Run()
    records = _records(inputs, workers, coder, (time_budget, time_budget_floor))
    tally = {"added": 0, "updated": 0, "unchanged": 0}
    with Store(db) as store:
        run.store = store
        linker = Linker(LinkStore(store.db))
        for rec in run.records(records):
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
    err.print(", ".join(f"{v} {k}" for k, v in tally.items()) + f" → {db}")
    run.finish("ingested")


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
            with opener(p, "rt", encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        yield ArticleRecord.from_dict(json.loads(line))
                    except (ValueError, KeyError, TypeError) as e:
                        yield InputError(f"{p}:{n}", f"not an article record: {e}")


@app.command()
def cluster(inputs: Inputs,
            output: Annotated[Path, typer.Option("-o", "--output",
                                                 help="JSON Lines: {id, cluster, duplicate_of}")],
            records: Annotated[bool, typer.Option(
                "--records", help="Inputs are article records from `extract`: keep their "
                                  "annotations, so their events are merged too")] = False,
            db: Annotated[Optional[Path], typer.Option(
                "--db", help="Keep the link tables in this SQLite file (default: in memory)")]
            = None) -> None:
    """Find near-duplicates and story clusters in a batch of articles (no NLP needed)."""
    from .link import link_records
    from .read import read_inputs
    from .store.links import LinkStore

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
    with open(tmp, "w", encoding="utf-8") as sink:
        for res in results:
            res.story_id = final.get(res.article_id, res.story_id)
            stories.add(res.story_id)
            dups += res.duplicate_of is not None
            sink.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\n")
    os.replace(tmp, output)
    err.print(f"{len(stories)} stories, {dups} near-duplicate(s) → {output}")
    run.finish("clustered")


@app.command()
def stories(db: DbPath = Path("eventwire.db"),
            limit: Annotated[int, typer.Option(help="Stories to list")] = 30,
            min_articles: Annotated[int, typer.Option(help="Only stories this big")] = 1,
            as_json: Annotated[bool, typer.Option("--json", help="JSON Lines")] = False) -> None:
    """List story clusters, biggest first."""
    from .store import Store
    from .store.links import LinkStore

    with Store(db, readonly=True) as store:
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


@app.command()
def events(db: DbPath = Path("eventwire.db"),
           limit: Annotated[int, typer.Option(help="Merged events to list")] = 30,
           min_mentions: Annotated[int, typer.Option(help="Only events reported this often")] = 1,
           as_json: Annotated[bool, typer.Option("--json", help="JSON Lines with mentions")]
           = False) -> None:
    """List merged events (one per real-world event) with their mention counts."""
    from .store import Store
    from .store.links import LinkStore

    with Store(db, readonly=True) as store:
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


@app.command()
def stats(db: DbPath = Path("eventwire.db")) -> None:
    """Print what the database holds."""
    from .store import Store

    if not db.exists():
        err.print(f"[red]error[/red]: no database at {db}")
        raise typer.Exit(1)
    with Store(db, readonly=True) as store:
        counts = store.counts()
    table = Table("what", "count", title=str(db))
    for k, v in counts.items():
        table.add_row(k, f"{v:,}")
    out.print(table)


@app.command()
def show(article_id: str, db: DbPath = Path("eventwire.db")) -> None:
    """Print one stored article record as JSON."""
    from .store import Store

    with Store(db, readonly=True) as store:
        rec = store.get_record(article_id)
    if rec is None:
        err.print(f"[red]error[/red]: no article {article_id!r} in {db}")
        raise typer.Exit(1)
    out.print_json(json.dumps(rec.to_dict(), ensure_ascii=False))


@app.command()
def train(out_dir: Annotated[Optional[Path], typer.Option(
              "--out", help="Where to write events.npz and events.json (default: the package)")]
          = None) -> None:
    """Fit the event models on training/events (joined with ../shared/corpus), seeded and
    reproducible; print the held-out figures and write the model the pipeline loads."""
    from .code.event_model import MODEL_DIR
    from .code.train import TrainingDataError, train as fit_models

    try:
        fit_models(out_dir or MODEL_DIR, log=lambda m: err.print(m, highlight=False))
    except TrainingDataError as e:
        err.print(f"[red]error[/red]: {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


@app.command()
def serve(db: DbPath = Path("eventwire.db"),
          host: Annotated[str, typer.Option(help="Interface to bind (loopback by default)")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535)] = 8765,
          allow_host: Annotated[Optional[list[str]], typer.Option(
              "--allow-host", help="Another Host header name to answer (a proxy's name)")]
          = None) -> None:
    """Serve the web app and REST API over the store (read-only; works while ingest writes)."""
    import uvicorn

    from .serve import create_app

    if not db.exists():
        err.print(f"[red]error[/red]: no database at {db} (run `eventwire ingest ... --db {db}` first)")
        raise typer.Exit(1)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning[/yellow]: serving on {host}: anyone who can reach it can read the store")
    err.print(f"eventwire: serving {db} at http://{'[' + host + ']' if ':' in host else host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(create_app(db, host=host, allow_hosts=allow_host), host=host, port=port,
                log_level="warning")


@app.command("export")
def export_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="Output file (a directory with --partitioned)")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, jsonl (PLOVER event form), parquet or gdelt")] = "jsonl",
    db: Annotated[Optional[Path], typer.Option("--db", help="SQLite database to query")] = None,
    records: Annotated[Optional[Path], typer.Option("--records", help="Article records JSONL (from extract) instead of a database")] = None,
    partitioned: Annotated[bool, typer.Option("--partitioned", help="Parquet: a year=/month= partitioned directory")] = False,
    actor: Annotated[Optional[str], typer.Option(help="Actor code or name")] = None,
    recipient: Annotated[Optional[str], typer.Option(help="Recipient code or name")] = None,
    country: Annotated[Optional[str], typer.Option(help="Participant or location country code")] = None,
    event_type: Annotated[Optional[list[str]], typer.Option("--type", help="PLOVER type (repeatable)")] = None,
    quad_class: Annotated[Optional[list[int]], typer.Option("--quad-class", min=1, max=4)] = None,
    status: Annotated[Optional[list[str]], typer.Option(help="actual, future, hypothetical, negated")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="YYYY[-MM[-DD]]")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="YYYY[-MM[-DD]]")] = None,
    source: Annotated[Optional[str], typer.Option()] = None,
    story: Annotated[Optional[str], typer.Option()] = None,
    q: Annotated[Optional[str], typer.Option("--search", help="Words in the evidence or article text")] = None,
    every_report: Annotated[bool, typer.Option("--every-report", help="One row per report, not per merged event")] = False,
) -> None:
    """Export events of a filtered query (or of a records JSONL) as CSV, JSONL, Parquet or GDELT TSV."""

    from .export import FORMATS, events_from_record, write
    from .model import EVENT_STATUSES

    def fail(msg: str) -> None:
        err.print(f"[red]error[/red]: {msg}")
        raise typer.Exit(2)

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if (db is None) == (records is None):
        fail("give exactly one of --db or --records")
    if partitioned and fmt != "parquet":
        fail("--partitioned is for --format parquet")
    for d in (date_from, date_to):
        if d and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d):
            fail(f"bad date {d!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    for s in status or []:
        if s not in EVENT_STATUSES:
            fail(f"bad status {s!r}: use one of {', '.join(EVENT_STATUSES)}")
    if db is not None:
        from .serve.query import PLOVER_TYPES, EventFilter, connect, iter_events

        types = [t.upper() for t in event_type or []]
        for t in types:
            if t not in PLOVER_TYPES:
                fail(f"bad type {t!r}: use a PLOVER type ({', '.join(PLOVER_TYPES)})")
        if not db.exists():
            fail(f"no database at {db}")
        f = EventFilter(actor=actor, recipient=recipient, country=country, types=types,
                        quad_classes=list(quad_class or []), statuses=list(status or []),
                        date_from=date_from, date_to=date_to, source=source, story=story, q=q,
                        group="mention" if every_report else "merged")
        conn = connect(db)
        items = iter_events(conn, f)
    else:
        if any([actor, recipient, country, event_type, quad_class, status, date_from, date_to,
                source, story, q]):
            fail("filters need --db; --records exports every event of the file")

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
    write(counted, fmt, output, partitioned=partitioned)
    err.print(f"exported {counted.n} event(s) as {fmt} → {output}")


class _Counted:
    def __init__(self, items: Iterable) -> None:
        self.items, self.n = items, 0

    def __iter__(self):
        for x in self.items:
            self.n += 1
            yield x


@app.command()
def spark(input_path: Annotated[str, typer.Argument(
              metavar="INPUT", help="JSON Lines of articles (.gz too) or a .parquet dataset; any path Spark reads")],
          output: Annotated[str, typer.Argument(
              metavar="OUTPUT", help="Directory: records/, events/year=/month=/ (Parquet), errors/")],
          master: Annotated[Optional[str], typer.Option(help="Spark master, e.g. local[2]; default: "
                                                        "spark-submit's or local[*]")] = None,
          partitions: Annotated[Optional[int], typer.Option(min=1, help="Repartition the input")] = None,
          ) -> None:
    """Run the per-article pipeline on Apache Spark (mapPartitions), the same code as extract."""
    try:
        from .spark import run
    except ImportError as e:
        err.print(f"[red]error[/red]: {e}: install pyspark (pip install -r requirements.lock)")
        raise typer.Exit(1)
    result = run(input_path, output, master=master, partitions=partitions)
    err.print(f"{result.records} article record(s), {result.events} event(s) → {output}"
              + (f"; [red]{result.errors} failed[/red] (see {output}/errors)" if result.errors else ""))
    if result.errors:
        raise typer.Exit(1)


kb_app = typer.Typer(no_args_is_help=True,
                     help="The actor knowledge base: look names up, add your own actors.")
app.add_typer(kb_app, name="kb")


@kb_app.command("show")
def kb_show(name: Annotated[str, typer.Argument(help="A name, alias, country, demonym or capital")],
            date: Annotated[Optional[str], typer.Option(
                "--date", help="Resolve the role held on this date (YYYY-MM-DD)")] = None) -> None:
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


@kb_app.command("add")
def kb_add(name: Annotated[str, typer.Argument(help="Canonical name, e.g. 'Kaja Kallas'")],
           code: Annotated[str, typer.Option(help="ISO alpha-3 or organisation code (GUIDELINES.md)")],
           sector: Annotated[str, typer.Option(help="GOV, MIL, REB, OPP, LEG, IGO, ...")],
           kind: Annotated[str, typer.Option(help="person, org or group")] = "person",
           alias: Annotated[Optional[list[str]], typer.Option(
               "--alias", help="Another name (repeatable)")] = None,
           office: Annotated[str, typer.Option(help="Office held, e.g. 'Foreign Minister'")] = "",
           start: Annotated[str, typer.Option("--from", help="Role start, YYYY-MM-DD")] = "",
           end: Annotated[str, typer.Option("--to", help="Role end (exclusive), YYYY-MM-DD")] = "",
           file: Annotated[Optional[Path], typer.Option(
               help="KB file to append to (default: $EVENTWIRE_KB or ~/.config/eventwire/kb.tsv)")
           ] = None) -> None:
    """Add one role of an actor to your knowledge base file (one row per role)."""
    from .kb import add_user_actor

    for d in (start, end):
        if d and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
            err.print(f"[red]error[/red]: dates are YYYY-MM-DD, got {d!r}")
            raise typer.Exit(1)
    if kind not in ("person", "org", "group"):
        err.print(f"[red]error[/red]: kind is person, org or group, got {kind!r}")
        raise typer.Exit(1)
    path = add_user_actor(name, code, sector, kind=kind, aliases=alias or [], office=office,
                          start=start, end=end, path=file)
    out.print(f"added {name} ({code.upper()} {sector.upper()}) to {path}", highlight=False)


def main() -> None:
    # readers' notes (e.g. a WARC's skipped records) go to stderr as "warning: ..."
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
