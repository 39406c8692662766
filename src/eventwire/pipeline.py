"""The per-article pipeline: read → parse → annotate → code events.

``Pipeline.process_article`` is a pure function of the article and the
knowledge base, so the same code runs in one process, in a process pool
(``process_many(workers=N)``) or inside Spark's ``mapPartitions``.
"""
from __future__ import annotations

import multiprocessing as mp
import traceback
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from .annotate import Annotator
from .budget import BudgetExceeded, TimeBudget
from .annotate.actors import shared_resolver
from .annotate.event_location import EventLocations
from .annotate.places import Places
from .annotate.quotes import Quotations
from .annotate.times import TimeExpressions
from .code.coder import EventCoder
from .code.learned import LearnedEventCoder
from .model import Article, ArticleRecord, InputError
from .parse import load_nlp
from .read.base import make_article

BATCH_SIZE = 32
OVER_BUDGET = "over time budget"  # the prefix of an InputError for a stopped article


CODERS = ("hybrid", "learned", "rules")


def event_coder(kind: str = "hybrid") -> Annotator:
    """``hybrid`` (default): the trained model, keeping the rule coder's events as well;
    ``learned``: the trained model alone; ``rules``: the lexicon rules alone. The model is
    checked at load: a missing or mismatched model is an error, not a fallback to rules."""
    if kind == "rules":
        return EventCoder()
    if kind not in CODERS:
        raise ValueError(f"unknown event coder {kind!r}: one of {', '.join(CODERS)}")
    return LearnedEventCoder(keep_rule_events=kind == "hybrid")


def default_annotators(coder: str = "hybrid") -> list[Annotator]:
    """The annotators in DESIGN.md's order."""
    # actors → times → places → quotes → events; EventLocations reads the coder's events
    return [shared_resolver(), TimeExpressions(), Places(), Quotations(), event_coder(coder),
            EventLocations()]


class Pipeline:
    """Load once, process many: ``Pipeline().process(text, date=..., source=...)``."""

    def __init__(self, nlp: Language | None = None,
                 annotators: list[Annotator] | None = None, coder: str = "hybrid",
                 budget: TimeBudget | None = None) -> None:
        self.nlp = nlp or load_nlp()
        self.coder = coder
        self.budget = budget or TimeBudget()
        self.annotators = annotators if annotators is not None else default_annotators(coder)

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
        """Records in input order; read errors pass through in place."""
        chunks = _chunks(items, BATCH_SIZE)
        if workers <= 1:
            for chunk in chunks:
                yield from self._process_chunk(chunk)
            return
        ctx = mp.get_context("fork")
        with ctx.Pool(workers, initializer=_init_worker,
                      initargs=(self.coder, self.budget)) as pool:
            for out in pool.imap(_worker_chunk, chunks):
                yield from out

    def _process_chunk(self, chunk: list[Article | InputError]) -> list[ArticleRecord | InputError]:
        articles = [a for a in chunk if isinstance(a, Article)]
        done = iter(self.process_batch(articles))
        return [next(done) if isinstance(a, Article) else a for a in chunk]


def _chunks(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, n)):
        yield chunk


_worker_pipeline: Pipeline | None = None


def _init_worker(coder: str = "hybrid", budget: TimeBudget | None = None) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(coder=coder, budget=budget)


def _worker_chunk(chunk: list[Article | InputError]) -> list[ArticleRecord | InputError]:
    assert _worker_pipeline is not None
    return _worker_pipeline._process_chunk(chunk)
