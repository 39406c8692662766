"""Date expressions and their values, on real sentences (the seed, TimeBank, wire dev texts)."""
from __future__ import annotations

from conftest import process_sentence

from eventwire.annotate.times import extract_times


def _values(pipeline, text, date):
    return [(t.text, t.value) for t in process_sentence(pipeline, text, date=date).times]


def test_seed_article_has_its_seven_dates(seed_record):
    times = [(t.text, t.value) for t in seed_record.times]
    text = seed_record.article.text
    for t in seed_record.times:
        assert text[t.start:t.end] == t.text and t.rule.startswith("times:")
    assert ("December 26", "2019-12-26") == times[0]  # the dateline counts
    assert [v for s, v in times if s == "Thursday"] == ["2019-12-26"] * 4
    assert ("January", "2020-01") in times  # future clause of a December article, month kept
    assert ("December 12", "2019-12-12") in times
    assert not any(s == "soon" for s, _ in times)  # "as soon as possible" is manner


def test_weekday_is_the_latest_unless_future_or_next(pipeline):
    # Wire dev (AFP, Friday 2005-12-16) and TimeBank sentences.
    d = "2005-12-16"
    assert _values(pipeline, "Police said on Sunday that 19 people had been arrested.", d) == [
        ("Sunday", "2005-12-11")]
    assert _values(pipeline, "The parliament is set to vote on Tuesday on the new law.", d) == [
        ("Tuesday", "2005-12-20")]
    assert _values(pipeline, "The monarch will meet Bush on Thursday in Kennebunkport, Maine.", d) == [
        ("Thursday", "2005-12-22")]
    assert _values(pipeline, "Ministers meet again next Friday.", d) == [("next Friday", "2005-12-23")]
    assert _values(pipeline, "Ministers met last Friday.", d) == [("last Friday", "2005-12-09")]


def test_bare_month_takes_year_from_tense_and_keeps_granularity(pipeline):
    d = "2019-12-26"
    assert _values(pipeline, "A bill would be presented to the Turkish parliament in January.", d) == [
        ("January", "2020-01")]
    assert _values(pipeline, "Sales fell sharply in January.", d) == [("January", "2019-01")]
    assert _values(pipeline, "Two military helicopters crashed last February.", "1998-03-01") == [
        ("last February", "1997-02")]
    assert _values(pipeline, "The offer was extended to Nov. 16.", "1989-10-30") == [
        ("Nov. 16", "1989-11-16")]


def test_explicit_dates_years_and_ranges(pipeline):
    assert _values(pipeline, "On December 12, Haftar announced the launch of an offensive.",
                   "2019-12-26") == [("December 12", "2019-12-12")]
    assert _values(pipeline, "The summit was held on March 26, 1996 in Phnom Penh.", "1998-02-19") == [
        ("March 26, 1996", "1996-03-26")]
    assert _values(pipeline, "Inflation reached its peak in August 1988.", "1990-08-15") == [
        ("August 1988", "1988-08")]
    assert _values(pipeline, "The BRICS summit was held in Kazan on October 22-24.", "2024-12-26") == [
        ("October 22-24", "2024-10")]
    assert _values(pipeline, "Back in 2021, US President Joe Biden suggested a delay.", "2024-12-26") == [
        ("2021", "2021")]
    assert _values(pipeline, "He sold 2,000 shares and 1990 troops.", "1998-01-01") == []


def test_relative_days_weeks_weekends_and_months(pipeline):
    d = "1990-08-13"  # a Monday
    assert _values(pipeline, "Iraq released the tapes yesterday.", d) == [("yesterday", "1990-08-12")]
    assert _values(pipeline, "Officials met over the weekend in Jeddah.", d) == [
        ("the weekend", "1990-W32-WE")]
    assert _values(pipeline, "Clinton met Blair last week.", "1998-03-22") == [("last week", "1998-W11")]
    assert _values(pipeline, "Prices rose last month.", "1998-02-27") == [("last month", "1998-01")]
    assert _values(pipeline, "Profit fell last year.", "1998-02-27") == [("last year", "1997")]
    assert _values(pipeline, "The number one objective for the coming year is clear.", "2024-12-26") == [
        ("the coming year", "2025")]
    assert _values(pipeline, "The bodies were flown home two weeks ago.", "1998-03-22") == [
        ("two weeks ago", "1998-03-08")]


def test_quarters_halves_decades_and_refs(pipeline):
    d = "1989-11-02"
    assert _values(pipeline, "Third-quarter profit rose 12%.", d) == [("Third-quarter", "1989-Q3")]
    assert _values(pipeline, "Sales in the latest quarter rose 9%.", d) == [
        ("the latest quarter", "1989-Q3")]
    assert _values(pipeline, "Earnings should recover in the first half of 1990.", d) == [
        ("the first half of 1990", "1990-H1")]
    assert _values(pipeline, "Prices were higher in the late 1970s.", d) == [("the late 1970s", "197")]
    assert _values(pipeline, "Prices were higher in the nineties.", "1998-03-03") == [
        ("the nineties", "199")]
    assert _values(pipeline, "Stocks are now worth half that.", d) == [("now", "PRESENT_REF")]
    assert _values(pipeline, "The company recently sold its unit.", d) == [("recently", "PAST_REF")]
    assert _values(pipeline, "Rates will fall in the near future.", d) == [
        ("the near future", "FUTURE_REF")]
    assert _values(pipeline, "Stocks fell in the past three months.", d) == []  # a duration


def test_without_article_date_only_self_dating_expressions():
    times = extract_times("On December 12, 2019 he left; on Thursday he returned.", None)
    assert [(t.text, t.value) for t in times] == [("December 12, 2019", "2019-12-12")]
    assert extract_times("", None) == []
