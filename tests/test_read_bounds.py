"""Bounded readers (issue 11): each bad part of an input is one named InputError, the good
parts around it are still read, and no single input can take the machine's memory."""
from __future__ import annotations

import csv
import gzip
import json
import resource

from hypothesis import HealthCheck, given, settings, strategies as st

from eventwire.model import Article, InputError
from eventwire.read import MAX_INPUT_BYTES, read_bytes, read_inputs

GOOD = {"id": "a1", "text": "Putin met Conte in Rome on Thursday.", "date": "2019-12-26"}


def kinds(items):
    return [type(x).__name__ for x in items]


def test_deeply_nested_json_is_one_error_and_the_other_lines_are_read(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps(GOOD) + "\n" + '{"id": "x", "text": ' + deep + "}\n"
                 + json.dumps(dict(GOOD, id="a3")) + "\n")
    out = list(read_inputs([str(f)]))
    assert kinds(out) == ["Article", "InputError", "Article"]
    assert out[1].origin.endswith("batch.jsonl:2") and "nested too deeply" in out[1].message


def test_feed_entry_whose_body_is_only_a_comment_is_one_error(tmp_path):
    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
            "<item><title>a</title><description><![CDATA[<!-- nothing -->]]></description></item>"
            "<item><title>b</title><description>Putin met Conte in Rome.</description></item>"
            "</channel></rss>")
    f = tmp_path / "f.rss"
    f.write_text(feed)
    out = list(read_inputs([str(f)]))
    assert kinds(out) == ["InputError", "Article"]
    assert out[0].origin.endswith("#entry1")


def test_csv_field_over_the_limit_is_reported_by_row_and_later_rows_are_read(tmp_path):
    big = "x" * (csv.field_size_limit() + 1)
    f = tmp_path / "t.csv"
    f.write_text(f"id,text\na1,First article.\na2,{big}\na3,Third article after it.\n")
    out = list(read_inputs([str(f)]))
    assert kinds(out) == ["Article", "InputError", "Article"]
    assert out[1].origin.endswith("t.csv:3") and "field larger" in out[1].message
    assert out[2].text == "Third article after it."


def test_a_file_name_with_glob_characters_is_taken_literally(tmp_path):
    f = tmp_path / "odd[1]*?.jsonl"
    f.write_text(json.dumps(GOOD) + "\n")
    assert kinds(read_inputs([str(f)])) == ["Article"]


def test_a_gzip_bomb_is_refused_without_taking_the_memory(tmp_path):
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as g:
        block = b"\0" * (1 << 20)
        for _ in range(1024):  # 1 GiB of zeros, about 1 MB on disk
            g.write(block)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    [err] = list(read_inputs([str(bomb)]))
    grew_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert isinstance(err, InputError) and "gzip bomb" in err.message
    assert grew_mib < 400


def test_a_sparse_huge_file_is_refused_by_its_size_before_reading(tmp_path):
    f = tmp_path / "huge.jsonl"
    with open(f, "wb") as h:
        h.truncate(MAX_INPUT_BYTES + 1)  # sparse: no blocks on disk
    [err] = list(read_inputs([str(f)]))
    assert isinstance(err, InputError) and "limit per input file" in err.message


def test_a_truncated_gzip_is_a_broken_file(tmp_path):
    data = gzip.compress((json.dumps(GOOD) + "\n").encode() * 50)
    [err] = list(read_bytes(data[: len(data) // 2], "t.jsonl.gz", "t.jsonl.gz"))
    assert isinstance(err, InputError) and "broken gzip" in err.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["a.jsonl", "a.csv", "a.txt", "a.rss",
                                                  "a.html", "a.json", "a.jsonl.gz", "a.warc"]))
def test_any_bytes_give_articles_or_named_errors(data, name):
    for x in read_bytes(data, name, name):
        assert isinstance(x, (Article, InputError))
        if isinstance(x, InputError):
            assert x.origin.startswith(name) and x.message


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=2000))
def test_any_unicode_text_line_gives_articles_or_named_errors(text):
    line = json.dumps({"id": "h", "text": text})
    for x in read_bytes((line + "\n").encode(), "h.jsonl", "h.jsonl"):
        assert isinstance(x, (Article, InputError))


def test_a_warc_says_what_it_skipped_and_the_run_succeeds(tmp_path):
    import io
    import subprocess
    import sys

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from conftest import ROOT

    page = ("<html><head><title>Talks</title></head><body><article><p>Russian President "
            "Vladimir Putin met Italian Prime Minister Giuseppe Conte in Moscow on Thursday, "
            "the Kremlin said.</p></article></body></html>")
    p = tmp_path / "crawl.warc"
    with open(p, "wb") as f:
        w = WARCWriter(f, gzip=False)
        for url, ctype, body in (("http://x.org/a", "text/html; charset=utf-8", page),
                                 ("http://x.org/logo.png", "image/png", "\x89PNG"),
                                 ("http://x.org/app.js", "application/javascript", "var a;")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
            w.write_record(w.create_warc_record(url, "response", http_headers=headers,
                                                payload=io.BytesIO(body.encode())))
        w.write_record(w.create_warc_record("http://x.org/a", "request",
                                            payload=io.BytesIO(b"GET /a HTTP/1.0\r\n\r\n")))
    out = tmp_path / "o.jsonl"
    r = subprocess.run([sys.executable, "-m", "eventwire", "extract", str(p), "-o", str(out),
                        "--coder", "rules"], capture_output=True, text=True, cwd=ROOT,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    assert len(out.read_text().splitlines()) == 1
    assert "skipped 3 WARC record(s)" in r.stderr
    assert "1 image/png responses" in r.stderr and "1 request records" in r.stderr
