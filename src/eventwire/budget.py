"""A time budget per article: an annotator that runs too long is stopped, and the article
becomes an ``InputError`` naming the stage, while the batch goes on.

The budget is enforced with a real-time interval timer (``SIGALRM``), which interrupts
Python code between bytecodes: this is how a loop that never ends (issue 11: a parse-tree
walk) costs one article and not the run. Signals reach only the main thread, which is where
the CLI, the process pool's workers and Spark's Python workers run the pipeline; in another
thread (an embedding web server) the budget is measured and reported after the fact.
"""
from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

DEFAULT_PER_1000_CHARS = 3.0
DEFAULT_FLOOR = 10.0


class BudgetExceeded(Exception):
    """An article's processing ran past its time budget in ``stage``."""

    def __init__(self, stage: str, seconds: float) -> None:
        super().__init__(f"{stage} exceeded the time budget of {seconds:.1f} s")
        self.stage = stage
        self.seconds = seconds


@dataclass
class Clock:
    """Which stage is running, for the error message."""

    seconds: float
    stage: str = "start"


@dataclass(frozen=True)
class TimeBudget:
    """``per_1000_chars`` seconds per 1,000 characters of text, never less than ``floor``.
    ``per_1000_chars=0`` and ``floor=0`` switch it off."""

    per_1000_chars: float = DEFAULT_PER_1000_CHARS
    floor: float = DEFAULT_FLOOR

    def seconds_for(self, n_chars: int) -> float:
        return max(self.floor, self.per_1000_chars * n_chars / 1000.0)

    @property
    def enabled(self) -> bool:
        return self.per_1000_chars > 0 or self.floor > 0

    @contextmanager
    def clock(self, seconds: float) -> Iterator[Clock]:
        clock = Clock(seconds)
        if not self.enabled or seconds <= 0:
            yield clock
            return
        if threading.current_thread() is not threading.main_thread() \
                or not hasattr(signal, "setitimer"):
            started = time.monotonic()
            yield clock
            if time.monotonic() - started > seconds:
                raise BudgetExceeded(clock.stage, seconds)
            return

        def expire(signum, frame):
            raise BudgetExceeded(clock.stage, seconds)

        started = time.monotonic()
        old_handler = signal.signal(signal.SIGALRM, expire)
        old_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield clock
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
            if old_delay > 0:  # an outer timer (a caller's own deadline) keeps running
                left = old_delay - (time.monotonic() - started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
