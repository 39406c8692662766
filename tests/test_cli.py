"""The command line as a user runs it: real files, real database, real exit codes."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, SAMPLES, SEED_TXT


def eventwire(*args, stdin: str | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "eventwire", *map(str, args)],
                          input=stdin, capture_output=True, text=True, cwd=cwd or ROOT,
                          timeout=600)


@pytest.mark.parametrize("seed", [SEED_TXT, FIXTURES / "tass-2019-12-26-libya.oneline.txt"],
                         ids=["header-lines", "one-line"])
def test_extract_seed_prints_entities_with_offsets(tmp_path, seed):
    """Both layouts of a text file: header lines, and the seed's own one-line layout."""
    out = tmp_path / "seed.jsonl"
    r = eventwire("extract", seed, "-o", out, "--time-budget", "0")
    assert r.returncode == 0, r.stderr
    [rec] = [json.loads(x) for x in out.read_text().splitlines()]
    assert rec["date"] == "2019-12-26" and rec["dateline"]["place"] == "MOSCOW"
    text = rec["text"]
    found = {text[e["start"]:e["end"]] for e in rec["entities"]}
    assert {"Vladimir Putin", "Giuseppe Conte"} <= found
    assert any("Libyan National Army" in f for f in found)


def test_bad_inputs_fail_loudly_and_good_ones_are_stored(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good.txt").write_text(SEED_TXT.read_text(encoding="utf-8"), encoding="utf-8")
    (batch / "bad.jsonl").write_text(
        '{"id": "ok1", "date": "2018-05-17", "text": "WASHINGTON (Reuters) - The leaders of '
        'the U.S. Senate Intelligence Committee said on Wednesday they agreed."}\n'
        '{"id": "broken", "text": \n', encoding="utf-8")
    (batch / "latin1.txt").write_bytes("Macron a rencontré Merkel.".encode("latin-1"))
    (batch / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "ew.db"
    # no time budget (here and below): on a loaded machine an article over it fails the run
    r = eventwire("ingest", batch, "--db", db, "--time-budget", "0")
    assert r.returncode == 1
    assert f"{batch / 'bad.jsonl'}:2: malformed JSON" in r.stderr
    assert f"{batch / 'latin1.txt'}: not UTF-8" in r.stderr
    assert f"{batch / 'empty.txt'}: empty article" in r.stderr
    assert "3 failed" in r.stderr
    ids = {row[0] for row in sqlite3.connect(db).execute("SELECT id FROM articles")}
    assert "ok1" in ids and len(ids) == 2


def test_ingest_twice_is_idempotent_and_stats_counts(tmp_path):
    db = tmp_path / "ew.db"
    first = eventwire("ingest", SAMPLES / "wire.jsonl", "--db", db, "--workers", "2",
                      "--time-budget", "0")
    assert first.returncode == 0, first.stderr
    assert "50 added" in first.stderr
    second = eventwire("ingest", SAMPLES / "wire.jsonl", "--db", db, "--time-budget", "0")
    assert "0 added, 0 updated, 50 unchanged" in second.stderr
    stats = eventwire("stats", "--db", db)
    assert stats.returncode == 0
    assert "articles" in stats.stdout and "50" in stats.stdout


def test_stdin_input_and_stdout_output():
    r = eventwire("extract", "-", "-o", "-",
                  stdin='{"id": "s1", "text": "Turkish President Recep Tayyip Erdogan '
                        'visited Berlin on Saturday."}\n')
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["id"] == "s1"
    assert any(e["text"] == "Recep Tayyip Erdogan" for e in rec["entities"])


def test_stats_on_a_missing_database(tmp_path):
    r = eventwire("stats", "--db", tmp_path / "none.db")
    assert r.returncode == 1 and "no database" in r.stderr
