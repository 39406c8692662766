"""A newcomer's first hour (issue 13): what the command line says when something is off,
run as a user runs it (real files, real databases, the real exit status)."""
from __future__ import annotations

import json
import re
import sqlite3
from importlib.metadata import version

import pytest

from conftest import FIXTURES, SAMPLES
from test_cli import eventwire

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00"


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


# ------------------------------------------------------------------ --db

DB_COMMANDS = [["events"], ["stories"], ["show", "tass-2019-12-26-libya"], ["stats"],
               ["serve", "--port", "1"], ["export", "-o", "{tmp}/e.jsonl"],
               ["export", "--format", "tables", "-o", "{tmp}/t"]]


@pytest.mark.parametrize("args", DB_COMMANDS, ids=lambda a: " ".join(a[:3:2]))
def test_every_command_says_the_same_for_a_missing_database(tmp_path, args):
    missing = tmp_path / "missing.db"
    r = eventwire(*[a.format(tmp=tmp_path) for a in args], "--db", missing)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert r.stderr.strip() == (f"error: no database at {missing} "
                                f"(run `eventwire ingest INPUT... --db {missing}` first)")
    assert not missing.exists()


@pytest.mark.parametrize("args", DB_COMMANDS, ids=lambda a: " ".join(a[:3:2]))
def test_every_command_names_a_file_that_is_not_a_database(tmp_path, args):
    notes = tmp_path / "notes.db"
    notes.write_text("these are my notes, not a database\n" * 10)
    r = eventwire(*[a.format(tmp=tmp_path) for a in args], "--db", notes)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert error_lines(r.stderr) == [f"error: {notes}: not an eventwire database "
                                     "(file is not a database)"]


@pytest.mark.parametrize("args", [["ingest", "{input}"], ["cluster", "{input}", "-o", "{tmp}/c.jsonl"]],
                         ids=lambda a: a[0])
def test_writing_commands_name_a_database_they_cannot_create(tmp_path, args):
    db = tmp_path / "no-such-dir" / "ew.db"
    argv = [a.format(tmp=tmp_path, input=SAMPLES / "wire.jsonl") for a in args]
    r = eventwire(*argv, "--db", db)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert error_lines(r.stderr) == [f"error: cannot create a database at {db}: "
                                     f"no directory {db.parent}"]


# ------------------------------------------------------------------ --version, --help

def test_version_from_the_package_metadata():
    r = eventwire("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"eventwire {version('eventwire')}"


def all_commands():
    import typer.main

    from eventwire.cli import app

    def walk(cmd, path):
        yield path
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])
    return list(walk(typer.main.get_command(app), []))


def test_every_command_is_listed():
    names = {" ".join(p) for p in all_commands()}
    assert {"", "extract", "ingest", "export", "serve", "kb", "kb add", "kb show"} <= names


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "eventwire")
def test_help_uses_placeholders_a_person_reads(path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    r = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"}, prog_name="eventwire")
    assert r.exit_code == 0, r.output
    for bad in ("<list", "<bool>", "{", "<int range>", "<float range>", "<str>", "<path>",
                "<int>"):
        assert bad not in r.output, (bad, r.output)
    assert not re.search(r"<[a-z][a-z \[\]|]*>", r.output), r.output


def test_help_names_inputs_and_values():
    from typer.testing import CliRunner

    from eventwire.cli import app

    out = CliRunner().invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"}).output
    assert "[OPTIONS] INPUT..." in out
    assert re.search(r"--db\s+PATH", out) and re.search(r"--workers\s+-w\s+N\b", out)
    out = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "200"}).output
    assert re.search(r"--from\s+DATE", out) and re.search(r"--output\s+-o\s+PATH", out)


def test_time_budget_zero_is_no_budget():
    from eventwire.cli import time_budget

    assert not time_budget(0, 10.0).enabled
    assert time_budget(3.0, 10.0).seconds_for(1000) == 10.0
    assert time_budget(3.0, 10.0).seconds_for(10_000) == 30.0


def test_the_coder_names_match_the_pipeline():
    from eventwire.cli import CODERS
    from eventwire.pipeline import CODERS as PIPELINE_CODERS

    assert tuple(CODERS) == tuple(PIPELINE_CODERS)


def test_an_unknown_coder_is_a_usage_error(tmp_path):
    r = eventwire("extract", SAMPLES / "wire.jsonl", "-o", tmp_path / "o.jsonl", "--coder", "x")
    assert r.returncode == 2 and "'x' is not one of" in r.stderr
    assert not (tmp_path / "o.jsonl").exists()


# ------------------------------------------------------------------ bad and empty inputs

def bad_batch(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "scan.png").write_bytes(PNG)
    (bad / "broken.jsonl").write_text('{"id": "x", "text": \n')
    empty = tmp_path / "empty"
    empty.mkdir()
    return [bad, empty, tmp_path / "nothing-*.txt"]


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_all_bad_inputs_fail_with_named_errors_and_leave_no_output(tmp_path, command):
    inputs = bad_batch(tmp_path)
    out = tmp_path / ("o.jsonl" if command == "extract" else "ew.db")
    r = eventwire(command, *inputs, "-o" if command == "extract" else "--db", out)
    assert r.returncode == 1
    bad, empty, glob = inputs
    assert error_lines(r.stderr) == [
        f"error: {bad / 'broken.jsonl'}:1: malformed JSON: Expecting value at column 21",
        f"error: {bad / 'scan.png'}: not a text file: a PNG image; give the article's text, "
        "not a picture of it",
        f"error: {empty}: nothing to read: the directory has no files (hidden files, README "
        "and LICENSE are skipped)",
        f"error: {glob}: no file matches this pattern"]
    assert "4 failed" in r.stderr
    assert "Traceback" not in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "empty"]  # no output at all


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_an_empty_directory_alone_is_nothing_to_read(tmp_path, command):
    empty = tmp_path / "in"
    empty.mkdir()
    out = tmp_path / ("o.jsonl" if command == "extract" else "ew.db")
    r = eventwire(command, empty, "-o" if command == "extract" else "--db", out)
    assert r.returncode == 1
    assert error_lines(r.stderr) == [f"error: {empty}: nothing to read: the directory has no "
                                     "files (hidden files, README and LICENSE are skipped)"]
    assert not out.exists()


def test_failures_before_the_first_article_are_noted_in_an_existing_store(tmp_path):
    db = tmp_path / "ew.db"
    # no time budget: on a loaded machine an article over it would fail this run too
    first = eventwire("ingest", SAMPLES / "wire.jsonl", "--db", db, "--coder", "rules",
                      "--time-budget", "0")
    assert first.returncode == 0, first.stderr
    png = tmp_path / "scan.png"
    png.write_bytes(PNG)
    r = eventwire("ingest", png, "--db", db)
    assert r.returncode == 1
    rows = sqlite3.connect(db).execute("SELECT * FROM input_errors").fetchall()
    assert any(str(png) in map(str, row) for row in rows)


def test_a_batch_with_a_picture_goes_on_and_untitled_text_gets_a_derived_title(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "scan.png").write_bytes(PNG)
    (batch / "seed.txt").write_bytes((FIXTURES / "tass-2019-12-26-libya.oneline.txt").read_bytes())
    out = tmp_path / "o.jsonl"
    r = eventwire("extract", batch, "-o", out, "--coder", "rules", "--time-budget", "0")
    assert r.returncode == 1
    assert error_lines(r.stderr) == [f"error: {batch / 'scan.png'}: not a text file: a PNG "
                                     "image; give the article's text, not a picture of it"]
    [rec] = [json.loads(x) for x in out.read_text().splitlines()]
    assert rec["date"] == "2019-12-26" and rec["dateline"]["place"] == "MOSCOW"
    assert rec["title_derived"] is True
    assert rec["title"].startswith("Russian President Vladimir Putin has discussed")
    assert not (tmp_path / "o.jsonl.part").exists()


def test_a_derived_title_does_not_weigh_in_story_linking():
    """Linking repeats a publisher's headline for weight; a derived title is the lead itself,
    so the article links as it did before it had one."""
    from eventwire.link.features import word_terms, years
    from eventwire.model import Article, ArticleRecord
    from eventwire.read import read_bytes

    [a] = read_bytes(b"Kenyan police arrested ten protesters in Nairobi on Monday, 2019.", "a.txt")
    assert a.title_derived
    bare = Article(id=a.id, text=a.text)
    assert word_terms(ArticleRecord(article=a)) == word_terms(ArticleRecord(article=bare))
    assert years(ArticleRecord(article=a)) == years(ArticleRecord(article=bare))
    given = Article(id=a.id, text=a.text, title="Kenyan protesters held")
    assert len(word_terms(ArticleRecord(article=given))) > len(word_terms(ArticleRecord(article=a)))


def test_export_names_a_missing_records_file(tmp_path):
    missing = tmp_path / "records.jsonl"
    r = eventwire("export", "--records", missing, "-o", tmp_path / "e.csv", "--format", "csv")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert error_lines(r.stderr) == [f"error: no such file {missing}"]
    assert not (tmp_path / "e.csv").exists()
