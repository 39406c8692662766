"""The per-article pipeline: read → parse → annotate → code events.

``Pipeline.process_article`` is a pure function of the article and the
knowledge base, so the same code runs in one process, in a process pool
(``process_many(workers=N)``) or inside Spark's ``mapPartitions``.
"""
from __future__ import annotations

import multiprocessing as mp
import queue
import traceback
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from .annotate import Annotator
from .annotate.actors import ActorResolver
from .annotate.event_location import EventLocations
from .annotate.places import Places
from .annotate.quotes import Quotations
from .annotate.times import TimeExpressions
from .budget import BudgetExceeded, TimeBudget
from .code.coder import EventCoder
from .code.learned import LearnedEventCoder
from .model import Article, ArticleRecord, InputError
from .read.base import make_article
from .resources import Resources

BATCH_SIZE = 32
OVER_BUDGET = "over time budget"  # the prefix of an InputError for a stopped article
WORKER_POLL = 5.0  # seconds between checks that the worker processes are alive


CODERS = ("hybrid", "learned", "rules")


def event_coder(resources: Resources, kind: str = "hybrid") -> Annotator:
    """``hybrid`` (default): the trained model, keeping the rule coder's events as well;
    ``learned``: the trained model alone; ``rules``: the lexicon rules alone. The model is
    checked at load: a missing or mismatched model is an error, not a fallback to rules."""
    if kind == "rules":
        return EventCoder(resources)
    if kind not in CODERS:
        raise ValueError(f"unknown event coder {kind!r}: one of {', '.join(CODERS)}")
    return LearnedEventCoder(resources, keep_rule_events=kind == "hybrid")


def default_annotators(resources: Resources, coder: str = "hybrid") -> list[Annotator]:
    """The annotators in DESIGN.md's order (each declares what it reads and writes)."""
    return [ActorResolver(resources), TimeExpressions(), Places(resources),
            Quotations(resources), event_coder(resources, coder), EventLocations(resources)]


class AnnotatorOrderError(ValueError):
    """An annotator placed before the one that writes what it reads."""


def check_order(annotators: list[Annotator]) -> None:
    """Each annotator's ``requires`` must be assigned by an earlier one (or be the article
    itself), in the manner of spaCy's ``requires``/``assigns``."""
    have = {"article"}
    for a in annotators:
        missing = [r for r in getattr(a, "requires", ()) if r not in have]
        if missing:
            raise AnnotatorOrderError(
                f"annotator {a.name!r} reads {', '.join(missing)}, which no earlier annotator "
                f"writes (order: {', '.join(x.name for x in annotators)})")
        have.update(getattr(a, "assigns", ()))


class Pipeline:
    """Load once, process many: ``Pipeline().process(text, date=..., source=...)``."""

    def __init__(self, nlp: Language | None = None,
                 annotators: list[Annotator] | None = None, coder: str = "hybrid",
                 budget: TimeBudget | None = None, resources: Resources | None = None) -> None:
        if resources is not None and nlp is not None and resources.nlp is not nlp:
            raise ValueError("Pipeline: give the nlp through resources, or resources built on it")
        self.resources = resources or Resources(nlp)
        self.nlp = self.resources.nlp  # the one pipeline every annotator uses
        self.coder = coder
        self.budget = budget or TimeBudget()
        self.annotators = (annotators if annotators is not None
                           else default_annotators(self.resources, coder))
        check_order(self.annotators)

    def process(self, text: str, *, date: str | None = None, source: str | None = None,
                title: str | None = None, url: str | None = None,
                id: str | None = None) -> ArticleRecord:
        """Process one article given as text; raises ValueError on unusable input."""
        art = make_article("<text>", text, id=id, source=source, date=date, title=title, url=url)
        if isinstance(art, InputError):
            raise ValueError(art.message)
        return self.process_article(art)

    def process_article(self, article: Article) -> ArticleRecord:
        return self.annotate(self.nlp(article.text), article)

    def annotate(self, doc: Doc, article: Article) -> ArticleRecord:
        """Every annotator in turn, within the article's time budget (BudgetExceeded)."""
        record = ArticleRecord(article=article)
        with self.budget.clock(self.budget.seconds_for(len(article.text))) as clock:
            for annotator in self.annotators:
                clock.stage = getattr(annotator, "name", type(annotator).__name__)
                annotator(doc, record)
        return record

    def _safe(self, doc: Doc, article: Article) -> ArticleRecord | InputError:
        try:
            return self.annotate(doc, article)
        except BudgetExceeded as e:  # a stuck stage costs this article, not the run
            return InputError(article.origin or article.id, f"{OVER_BUDGET}: {e}")
        except Exception as e:  # one article's failure must not stop the batch
            where = article.origin or article.id
            last = traceback.extract_tb(e.__traceback__)[-1]
            return InputError(where, f"processing failed: {type(e).__name__}: {e} "
                                     f"({last.filename.rsplit('/', 1)[-1]}:{last.lineno})")

    def process_batch(self, articles: list[Article]) -> list[ArticleRecord | InputError]:
        docs = self.nlp.pipe((a.text for a in articles), batch_size=BATCH_SIZE)
        return [self._safe(doc, a) for doc, a in zip(docs, articles)]

    def process_many(self, items: Iterable[Article | InputError], workers: int = 1,
                     ) -> Iterator[ArticleRecord | InputError]:
        """Records in input order; read errors pass through in place.

        With ``workers`` > 1, forked worker processes share this pipeline as loaded (no
        reload per worker) and take chunks from a bounded queue."""
        chunks = _chunks(items, BATCH_SIZE)
        if workers <= 1:
            for chunk in chunks:
                yield from self._process_chunk(chunk)
            return
        ctx = mp.get_context("fork")
        tasks = ctx.Queue(maxsize=2 * workers)
        results = ctx.Queue()
        procs = [ctx.Process(target=_serve_chunks, args=(self, tasks, results), daemon=True)
                 for _ in range(workers)]
        for p in procs:
            p.start()
        try:
            done: dict[int, list] = {}
            sent = received = 0
            chunks = iter(chunks)
            exhausted = False
            while not exhausted or received < sent:
                while not exhausted and sent - received < 2 * workers:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    tasks.put((sent, chunk))
                    sent += 1
                if received == sent:
                    continue
                try:
                    n, out = results.get(timeout=WORKER_POLL)
                except queue.Empty:
                    dead = [p.exitcode for p in procs if not p.is_alive()]
                    if dead:
                        raise RuntimeError(f"a pipeline worker process died (exit code "
                                           f"{dead[0]}); {received} of {sent} chunks done")
                    continue
                done[n] = out
                while received in done:
                    yield from done.pop(received)
                    received += 1
        finally:
            for _ in procs:
                try:
                    tasks.put_nowait(None)
                except queue.Full:
                    pass
            for p in procs:
                p.join(timeout=WORKER_POLL)
                if p.is_alive():
                    p.terminate()

    def _process_chunk(self, chunk: list[Article | InputError]) -> list[ArticleRecord | InputError]:
        articles = [a for a in chunk if isinstance(a, Article)]
        done = iter(self.process_batch(articles))
        return [next(done) if isinstance(a, Article) else a for a in chunk]


def _chunks(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, n)):
        yield chunk


def _serve_chunks(pipeline: Pipeline, tasks, results) -> None:
    """A worker process: chunks in, records out, until a None."""
    for n, chunk in iter(tasks.get, None):
        results.put((n, pipeline._process_chunk(chunk)))
