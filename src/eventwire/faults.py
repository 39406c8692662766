"""Fault injection for crash tests: ``EVENTWIRE_FAULT=NAME:N`` ends the process at the N-th
pass through the point NAME, at once and with no cleanup, as ``kill -9`` would. Points:
``after_store`` (an article committed, not yet linked), ``link_commit`` (an article's
links written, not yet committed) and ``spark_merged`` (a Spark linker's worker, some
tables written). Unset, a point costs one dictionary lookup."""
from __future__ import annotations

import os
from collections import Counter

_passes: Counter = Counter()


def fault_point(name: str) -> None:
    fault = os.environ.get("EVENTWIRE_FAULT")
    if not fault:
        return
    _passes[name] += 1
    if fault == f"{name}:{_passes[name]}":
        os._exit(137)
