"""A time budget per article (issue 11): a stage that never ends costs one article, named
with its stage, and the batch goes on; the CLI counts it and `stats` reports it."""
from __future__ import annotations

import signal
import time

import pytest

from conftest import SAMPLES
from eventwire import Pipeline
from eventwire.budget import BudgetExceeded, TimeBudget
from eventwire.model import ArticleRecord, InputError
from eventwire.read.base import make_article
from test_cli import eventwire


class Stuck:
    """An annotator that loops for ever on one article, as the parse-tree walk once did."""

    name = "stuck_stage"

    def __call__(self, doc, record: ArticleRecord) -> None:
        if "loop" in record.article.text:
            while True:
                pass


def test_budget_grows_with_length_above_a_floor():
    b = TimeBudget(per_1000_chars=3.0, floor=10.0)
    assert b.seconds_for(100) == 10.0
    assert b.seconds_for(10_000) == 30.0


def test_stuck_stage_becomes_a_named_error_and_the_batch_goes_on(nlp):
    pipe = Pipeline(nlp=nlp, annotators=[Stuck()], budget=TimeBudget(0.0, 1.0))
    arts = [make_article(f"in:{i}", t, id=f"a{i}", date="2019-12-26")
            for i, t in enumerate(["Talks went on.", "This one will loop.", "Putin met Conte."])]
    started = time.monotonic()
    out = list(pipe.process_many(arts))
    assert time.monotonic() - started < 30
    assert isinstance(out[0], ArticleRecord) and isinstance(out[2], ArticleRecord)
    assert isinstance(out[1], InputError) and out[1].origin == "in:1"
    assert "stuck_stage exceeded the time budget of 1.0 s" in out[1].message


def test_one_article_through_the_api_raises_the_named_stage(nlp):
    pipe = Pipeline(nlp=nlp, annotators=[Stuck()], budget=TimeBudget(0.0, 1.0))
    with pytest.raises(BudgetExceeded, match="stuck_stage exceeded"):
        pipe.process_article(make_article("x", "loop here", id="x"))


def test_an_outer_timer_keeps_running_after_the_budget():
    fired = []
    old = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with TimeBudget(0.0, 5.0).clock(5.0):
            pass
        time.sleep(1.0)
        assert fired == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_cli_reports_budget_failures_and_stats_counts_them(tmp_path):
    db = tmp_path / "b.db"
    first = tmp_path / "first.txt"
    first.write_text("date 2020-01-02\n\nIran and Iraq held talks in Baghdad on Thursday.\n",
                     encoding="utf-8")
    ok = eventwire("ingest", first, "--db", db, "--time-budget", "0")  # the store exists
    assert ok.returncode == 0, ok.stderr
    r = eventwire("ingest", SAMPLES / "tass-2019-12-26-libya.txt", "--db", db,
                  "--time-budget", "0.0001", "--time-budget-floor", "0.001")
    assert r.returncode == 1
    assert "over time budget" in r.stderr and "exceeded the time budget" in r.stderr
    s = eventwire("stats", "--db", db)
    assert s.returncode == 0
    assert "failed inputs: budget" in s.stdout

