"""Readers: every input format, datelines, and bad input reported by origin."""
from __future__ import annotations

import gzip
import io
import json

import pytest

from eventwire.model import Article, InputError
from eventwire.read import read_bytes, read_inputs
from eventwire.read.dateline import dateline_date, parse_dateline

from conftest import FIXTURES, SEED_TXT


def articles(items):
    return [x for x in items if isinstance(x, Article)]


def errors(items):
    return [x for x in items if isinstance(x, InputError)]


# ------------------------------------------------------------------ datelines

@pytest.mark.parametrize("text, place, date_text, agency, body", [
    ("MOSCOW, December 26. /TASS/. Russian President Vladimir Putin has discussed",
     "MOSCOW", "December 26", "TASS", "Russian President"),
    ("IGORA /Leningrad Region/, December 26. /TASS/. Russia could use Oreshnik again",
     "IGORA", "December 26", "TASS", "Russia could"),
    ("BEIJING, Nov. 12 (Xinhua) -- China will allow foreign-funded banks",
     "BEIJING", "Nov. 12", "Xinhua", "China will"),
    ("WASHINGTON (AP) — The leaders of the U.S. Senate Intelligence Committee said",
     "WASHINGTON", None, "AP", "The leaders"),
    ("LONDON (Reuters) - Britain's foreign minister said on Monday",
     "LONDON", None, "Reuters", "Britain's"),
    ("KUALA LUMPUR, Jan 5 (AFP) - Malaysian share prices dipped 1.1 percent",
     "KUALA LUMPUR", "Jan 5", "AFP", "Malaysian share"),
])
def test_dateline_formats(text, place, date_text, agency, body):
    dl = parse_dateline(text)
    assert dl is not None
    assert dl.place == place and text[dl.place_start:dl.place_end] == place
    assert dl.date_text == date_text
    if date_text:
        assert text[dl.date_start:dl.date_end] == date_text
    assert dl.agency == agency
    assert text[dl.end:].startswith(body)


@pytest.mark.parametrize("text", [
    "Russian President Vladimir Putin has discussed peaceful resolution of the crisis.",
    "US President George W. Bush paid tribute Saturday to former president Gerald Ford.",
    "The United States, Japan and South Korea will hold two days of missile tracking drills.",
])
def test_no_dateline_in_ordinary_leads(text):
    assert parse_dateline(text) is None


def test_dateline_date_needs_a_year():
    dl = parse_dateline("BEIJING, Nov. 12 (Xinhua) -- China will allow banks")
    assert dateline_date(dl, 2006) == "2006-11-12"
    assert dateline_date(dl, None) is None


# ------------------------------------------------------------------ formats

def test_plain_text_with_date_header():
    [a] = read_inputs([str(SEED_TXT)])
    assert isinstance(a, Article)
    assert a.date == "2019-12-26" and a.source == "TASS"
    assert a.text.startswith("MOSCOW, December 26. /TASS/. Russian President")
    assert a.dateline.place == "MOSCOW"
    # stable content id: reading again gives the same id
    [b] = read_inputs([str(SEED_TXT)])
    assert a.id == b.id and a.id.startswith("ew-")


def test_jsonl_reads_only_article_fields(tmp_path):
    gold = {"id": "g1", "source": "TASS", "date": "2019-12-26", "title": "t",
            "text": "MOSCOW, December 26. /TASS/. Putin spoke to Conte.",
            "events": [{"event": "CONSULT"}], "quotes": [{"text": "x"}]}
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    [a] = read_inputs([str(p)])
    assert (a.id, a.source, a.date, a.title) == ("g1", "TASS", "2019-12-26", "t")
    assert not hasattr(a, "events")


def test_malformed_json_line_is_reported_and_the_rest_read(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text('{"id": "a", "text": "Kenyan police arrested ten protesters."}\n'
                 '{"id": "b", "text": "broken\n'
                 '{"id": "c", "text": ""}\n'
                 '{"id": "d", "text": "Iraq and Iran held talks in Baghdad."}\n', encoding="utf-8")
    items = list(read_inputs([str(p)]))
    assert [a.id for a in articles(items)] == ["a", "d"]
    errs = errors(items)
    assert [e.origin for e in errs] == [f"{p}:2", f"{p}:3"]
    assert "malformed JSON" in errs[0].message and "empty article" in errs[1].message


def test_csv_with_header(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('id,date,source,title,text\n'
                 'x1,2018-06-23,Reuters,Talks,"WASHINGTON (Reuters) - Pompeo met Kim, officials said."\n',
                 encoding="utf-8")
    [a] = read_inputs([str(p)])
    assert a.id == "x1" and a.source == "Reuters" and a.dateline.agency == "Reuters"


def test_csv_without_text_column_is_an_error(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("id,headline\n1,hello\n", encoding="utf-8")
    [e] = read_inputs([str(p)])
    assert isinstance(e, InputError) and "no text column" in e.message


HTML_PAGE = """<!DOCTYPE html><html><head><title>Putin, Conte discuss Libya</title>
<meta property="article:published_time" content="2019-12-26T12:00:00Z"></head><body>
<nav>Home | World | Sport</nav><article><h1>Putin, Conte discuss Libya</h1>
<p>MOSCOW, December 26. /TASS/. Russian President Vladimir Putin has discussed peaceful
resolution of the Libyan crisis with Italian Prime Minister Giuseppe Conte during a phone call
on Thursday.</p>
<p>Putin and Conte also discussed the situation in Syria, along with the key bilateral
matters, the Kremlin press service said in a statement published on its website.</p>
</article><footer>Copyright TASS</footer></body></html>"""


def test_html_page_via_trafilatura(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML_PAGE, encoding="utf-8")
    [a] = read_inputs([str(p)])
    assert isinstance(a, Article), a
    assert "Giuseppe Conte" in a.text and "Home | World" not in a.text
    assert a.title == "Putin, Conte discuss Libya"
    assert a.date == "2019-12-26"


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Talks</title><link>http://example.org/1</link><guid>item-1</guid>
<pubDate>Thu, 26 Dec 2019 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Putin and Conte discussed Libya by phone.&lt;/p&gt;</description></item>
<item><title>Empty</title><guid>item-2</guid><description></description></item>
</channel></rss>"""


def test_rss_feed_entries_and_an_empty_entry():
    items = list(read_bytes(RSS.encode(), "feed.xml", "feed.xml"))
    [a] = articles(items)
    assert a.id == "item-1" and a.date == "2019-12-26" and a.source == "Wire"
    assert a.text == "Putin and Conte discussed Libya by phone." and a.url == "http://example.org/1"
    [e] = errors(items)
    assert e.origin == "feed.xml#entry2" and "empty" in e.message


def test_atom_feed():
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
    <title>Agency</title><entry><id>urn:1</id><title>Visit</title><updated>2020-01-25T00:00:00Z</updated>
    <content type="html">&lt;p&gt;Erdogan visited Berlin on Saturday.&lt;/p&gt;</content></entry></feed>"""
    [a] = read_bytes(atom.encode(), "<stdin>")
    assert isinstance(a, Article) and a.text == "Erdogan visited Berlin on Saturday."
    assert a.date == "2020-01-25"


def test_warc_html_responses(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    p = tmp_path / "crawl.warc.gz"
    with open(p, "wb") as f:
        w = WARCWriter(f, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.0")
        rec = w.create_warc_record("http://example.org/libya", "response",
                                   payload=io.BytesIO(HTML_PAGE.encode()), http_headers=headers)
        w.write_record(rec)
    [a] = read_inputs([str(p)])
    assert isinstance(a, Article) and a.url == "http://example.org/libya"
    assert "Giuseppe Conte" in a.text


def test_gzipped_jsonl_and_broken_gzip(tmp_path):
    good = tmp_path / "a.jsonl.gz"
    good.write_bytes(gzip.compress(b'{"id": "z", "text": "Police detained 19 people in Sydney."}\n'))
    bad = tmp_path / "b.jsonl.gz"
    bad.write_bytes(gzip.compress(b'{"id": "y", "text": "x"}\n')[:20])
    items = list(read_inputs([str(tmp_path)]))
    assert [a.id for a in articles(items)] == ["z"]
    [e] = errors(items)
    assert e.origin == str(bad) and "broken gzip" in e.message


def test_wrong_encoding_is_named(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Le président Macron a rencontré Merkel à Paris.".encode("cp1252"))
    [e] = read_inputs([str(p)])
    assert isinstance(e, InputError) and e.origin == str(p) and "not UTF-8" in e.message


def test_huge_and_empty_articles(tmp_path):
    (tmp_path / "huge.txt").write_text("Word. " * 200_000, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("\n\n  \n", encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    msgs = {e.origin.rsplit("/", 1)[-1]: e.message for e in errors(items)}
    assert "too long" in msgs["huge.txt"] and "empty" in msgs["empty.txt"]


def test_missing_path_and_empty_glob(tmp_path):
    items = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "*.jsonl")]))
    assert [e.message for e in errors(items)] == ["no such file or directory",
                                                  "no file matches this pattern"]


def test_binary_file_with_nul_bytes_is_refused(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"MOSCOW, Dec 26 (TASS) - Putin\x00\x00\x01 spoke.")
    [e] = read_inputs([str(p)])
    assert isinstance(e, InputError) and e.origin == str(p) and "NUL bytes" in e.message


# ------------------------------------------------------------------ layouts of a text file

ONE_LINE_SEED = FIXTURES / "tass-2019-12-26-libya.oneline.txt"


def test_seed_article_in_its_own_one_line_layout(seed_text):
    """The seed as it came: ' date 2019-12-26 MOSCOW, December 26. /TASS/. Russian ...' on one
    line that starts with a space, the paragraphs after it."""
    assert ONE_LINE_SEED.read_text(encoding="utf-8").startswith(" date 2019-12-26 MOSCOW, ")
    [a] = read_inputs([str(ONE_LINE_SEED)])
    assert isinstance(a, Article), a
    assert a.date == "2019-12-26" and a.source == "TASS" and a.dateline.place == "MOSCOW"
    assert a.text == seed_text  # the gold text exactly: offsets into it stay valid
    # the same article as the header-lines layout gives
    [b] = read_inputs([str(SEED_TXT)])
    assert (a.id, a.text, a.date, a.source) == (b.id, b.text, b.date, b.source)


@pytest.mark.parametrize("raw", [
    "date: 2019-12-26 MOSCOW, December 26. /TASS/. Putin spoke to Conte.\n\nMore text.",
    "\tdate 2019-12-26T10:00:00Z MOSCOW, December 26. /TASS/. Putin spoke to Conte.\n\nMore text.",
    "  source: TASS\n date 2019-12-26 MOSCOW, December 26. /TASS/. Putin spoke to Conte.\n\nMore text.",
])
def test_one_line_layout_variants(raw):
    [a] = read_bytes(raw.encode(), "a.txt", "a.txt")
    assert isinstance(a, Article), a
    assert a.date == "2019-12-26" and a.source == "TASS"
    assert a.text == "MOSCOW, December 26. /TASS/. Putin spoke to Conte.\n\nMore text."


def test_a_text_that_begins_with_the_word_date_is_text():
    [a] = read_bytes(b"Date palms grow in Basra. Farmers said so.", "a.txt", "a.txt")
    assert isinstance(a, Article), a
    assert a.date is None and a.text == "Date palms grow in Basra. Farmers said so."


# ------------------------------------------------------------------ not text, nothing to read

@pytest.mark.parametrize("name, data, what", [
    ("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "a PNG image"),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "a JPEG image"),
    ("batch.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "a ZIP archive"),
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    ("data.bin", b"\x01\x02\x03\x00\x00\x07\x08" * 40, "NUL bytes"),
])
def test_a_binary_file_is_named_as_not_text(tmp_path, name, data, what):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.jsonl").write_text(
        json.dumps({"id": "g", "text": "Police detained 19 people in Sydney."}) + "\n")
    items = list(read_inputs([str(tmp_path)]))
    assert [a.id for a in articles(items)] == ["g"]  # the rest of the batch is read
    [e] = errors(items)
    assert e.origin == str(tmp_path / name)
    assert e.message.startswith("not a text file") and what in e.message
    assert "iconv" not in e.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_wide_unicode_text_is_told_to_convert(tmp_path, encoding):
    p = tmp_path / "wide.txt"
    p.write_bytes("Russian President Vladimir Putin spoke to Conte.".encode(encoding))
    [e] = read_inputs([str(p)])
    assert isinstance(e, InputError) and e.origin == str(p)
    assert "not UTF-8" in e.message and f"iconv -f {encoding[:6]}" in e.message


def test_an_empty_directory_and_an_empty_file_are_nothing_to_read(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"\x00")  # skipped: still nothing to read
    nothing = tmp_path / "none.jsonl"
    nothing.write_text("\n\n")
    items = list(read_inputs([str(empty), str(nothing)]))
    assert [(e.origin, e.message.split(":")[0]) for e in errors(items)] == [
        (str(empty), "nothing to read"), (str(nothing), "nothing to read")]


# ------------------------------------------------------------------ titles

def test_a_title_is_derived_from_the_first_sentence_after_the_dateline():
    [a] = read_inputs([str(ONE_LINE_SEED)])
    assert a.title_derived is True
    assert a.title.startswith("Russian President Vladimir Putin has discussed peaceful")
    assert len(a.title) <= 120 and a.title.endswith("…")
    assert a.text.find(a.title[:-1]) == a.dateline.end  # cut at a word of the lead
    assert a.title[:-1] + " " in a.text


def test_a_short_lead_is_the_title_whole_and_abbreviations_do_not_end_it():
    [a] = read_bytes(b"WASHINGTON (Reuters) - U.S. Sen. Mark Warner met Gen. Haftar on "
                     b"Monday. They discussed Libya.", "a.txt", "a.txt")
    assert a.title == "U.S. Sen. Mark Warner met Gen. Haftar on Monday." and a.title_derived


def test_a_headline_line_is_the_title_and_not_the_text():
    raw = ("Putin, Conte discuss Libya\n\nMOSCOW, December 26. /TASS/. Russian President "
           "Vladimir Putin has discussed the Libyan crisis with Giuseppe Conte.\n")
    [a] = read_bytes(raw.encode(), "a.txt", "a.txt")
    assert a.title == "Putin, Conte discuss Libya" and a.title_derived
    assert a.text.startswith("MOSCOW, December 26.") and a.dateline.agency == "TASS"


def test_a_given_title_is_kept_and_not_marked_derived(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text("title: Putin, Conte discuss Libya\n\nMOSCOW, December 26. /TASS/. Putin "
                 "spoke.\n", encoding="utf-8")
    [a] = read_inputs([str(p)])
    assert a.title == "Putin, Conte discuss Libya" and a.title_derived is False


def test_title_derived_in_the_record_json_and_old_records_still_read():
    from eventwire.model import ArticleRecord

    [a] = read_bytes(b"Kenyan police arrested ten protesters in Nairobi on Monday.", "a.txt")
    d = ArticleRecord(article=a).to_dict()
    assert d["title"] == "Kenyan police arrested ten protesters in Nairobi on Monday."
    assert d["title_derived"] is True
    assert ArticleRecord.from_dict(d).article.title_derived is True
    old = {k: v for k, v in d.items() if k != "title_derived"}
    assert ArticleRecord.from_dict(old).article.title_derived is False
