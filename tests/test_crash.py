"""kill -9 at any point of an ingest, then the same ingest again, gives exactly the store of
one clean ingest: every table, link tables included (issue 11). The kills are injected at
named points (eventwire/faults.py), not left to the luck of timing."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT

INPUT = ROOT / "tests" / "fixtures" / "link_corpus.jsonl"


def ingest(db, fault: str | None = None):
    env = dict(os.environ)
    env.pop("EVENTWIRE_FAULT", None)
    if fault:
        env["EVENTWIRE_FAULT"] = fault
    return subprocess.run([sys.executable, "-m", "eventwire", "ingest", str(INPUT), "--db",
                           str(db), "--coder", "rules"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=900)


def dump(db) -> dict[str, list]:
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%fts%' AND name != 'input_errors'")]
        out = {}
        for t in tables:
            cur = con.execute(f'SELECT * FROM "{t}"')
            # when a row was written differs between runs by nature; everything else may not
            keep = [i for i, d in enumerate(cur.description) if not d[0].endswith("_at")]
            out[t] = sorted(repr(tuple(row[i] for i in keep)) for row in cur)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    r = ingest(db)
    assert r.returncode == 0, r.stderr
    return dump(db)


@pytest.mark.parametrize("fault", ["after_store:1", "after_store:5", "link_commit:3",
                                   "link_commit:8"])
def test_a_kill_then_the_same_ingest_gives_the_clean_store(tmp_path, clean, fault):
    db = tmp_path / "k.db"
    killed = ingest(db, fault)
    assert killed.returncode in (137, -9), killed.stderr
    again = ingest(db)
    assert again.returncode == 0, again.stderr
    got = dump(db)
    assert got.keys() == clean.keys()
    for table in clean:
        assert got[table] == clean[table], f"{table} differs after a kill at {fault}"
