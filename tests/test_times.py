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


def test_times_of_day_and_recurring_dates_are_not_dates(pipeline):
    # TimeBank (APW 1998-02-13, NYT 1991-02-25) and WSJ sentences: a part of the day or a clock
    # time makes a TIMEX3 TIME, "each"/"every" a SET; neither is a DATE.
    d = "1998-02-13"
    assert _values(pipeline, "A woman who was watching her clothes dry in a laundromat was killed "
                             "Thursday evening when two would-be robbers opened fire.", d) == []
    assert _values(pipeline, "Negotiations broke off at noon Thursday.", d) == []
    assert _values(pipeline, "He was kidnapped outside a neighborhood store in the town of Trujillo "
                             "Alto at 10 p.m. Wednesday, police said.", d) == []
    assert _values(pipeline, "The offer will expire at 5 p.m. EST Nov. 9.", "1989-11-02") == []
    assert _values(pipeline, "It said two new flights would leave Bombay on Monday and Tuesday nights "
                             "from March 30, with the third departing each Thursday.", d) == [
        ("March 30", "1998-03-30")]
    assert _values(pipeline, "Orangemen march each July from their rural church.", "1998-03-22") == []
    # the date alone still counts
    assert _values(pipeline, "Negotiations broke off on Thursday.", d) == [("Thursday", "1998-02-12")]


def test_durations_event_anchored_offsets_and_names_are_not_dates(pipeline):
    d = "1989-10-30"
    assert _values(pipeline, "John Major had only been in the job one day.", d) == []
    assert _values(pipeline, "Farkas expressed the hope he could one day follow in the footsteps "
                             "of fellow Hungarians.", "1998-04-18") == [("one day", "FUTURE_REF")]
    assert _values(pipeline, "They have been victims of severe violations of human rights for the "
                             "past twenty years.", "1998-03-05") == []
    assert _values(pipeline, "Three days later, the index had recovered.", d) == []
    assert _values(pipeline, "The banks must wait at least 30 days before closing the purchase.", d) == []
    assert _values(pipeline, "Families have kept their glass working secrets for more than two "
                             "thousand years.", "1998-01-21") == []
    assert _values(pipeline, "The unit had revenue of $76 million for the year ended March 31.", d) == [
        ("March 31", "1989-03-31")]
    # titles and names: ABC's "This Week", "VOA Today", a venture called "Orion 1980"
    assert _values(pipeline, 'James Baker, speaking on ABC News\' "This Week," said the request '
                             'was granted.', "1990-08-13") == []
    assert _values(pipeline, "This is VOA Today.", "1998-03-31") == []
    assert _values(pipeline, "Farkas set up an American-Hungarian joint venture called Orion 1980, "
                             "manufacturing space-travel equipment.", "1998-04-18") == []
    assert _values(pipeline, "Today, the right to work is equal.", "1998-03-05") == [
        ("Today", "1998-03-05")]


def test_quarters_ended_current_latest_and_last_years(pipeline):
    d = "1989-10-26"
    # the quarter an "ended <date>" names: mostly before that date (fiscal July 31 → Q2)
    assert _values(pipeline, "Sun reported sales of $538.5 million for the quarter ended Sept. 29.", d) == [
        ("the quarter", "1989-Q3"), ("Sept. 29", "1989-09-29")]
    assert _values(pipeline, "In the quarter ended July 31, Jayark had a loss.", "1989-10-30") == [
        ("the quarter", "1989-Q2"), ("July 31", "1989-07-31")]
    assert _values(pipeline, "Auctions are usually conducted in the second and fourth quarters, with "
                             "the current quarter having begun extremely well.", d)[-1] == (
        "the current quarter", "1989-Q4")
    # "the latest quarter" is one that has ended, even after a fiscal "fourth quarter"
    assert _values(pipeline, "Earnings for its fourth quarter fell 50%. Earnings fell 59% in the "
                             "latest quarter.", "1989-11-02")[-1] == ("the latest quarter", "1989-Q3")
    # a January report on the fourth quarter is on last year's
    assert _values(pipeline, "AT&T also announced an eighteen percent drop in profits for the "
                             "fourth quarter.", "1998-01-26") == [("the fourth quarter", "1997-Q4")]


def test_spelled_years_after_months_and_seasons_and_weekends(pipeline):
    # radio transcripts (TimeBank PRI/VOA) read years aloud
    assert _values(pipeline, "Next up is the thirteen dollar a barrel level we saw in the winter of "
                             "nineteen ninety-four.", "1998-02-23") == [
        ("the winter of nineteen ninety-four", "1994-WI")]
    assert _values(pipeline, "January nineteen ninety-seven. Atlanta again.", "1998-02-27") == [
        ("January nineteen ninety-seven", "1997-01")]
    # "the weekend": the current one on a Saturday, the coming one from a Friday's plans
    assert _values(pipeline, "The change is expected to bring heavy rainfall to some firegrounds over "
                             "the weekend, meteorologists said.", "2020-01-25")[0] == (
        "the weekend", "2020-W04-WE")
    assert _values(pipeline, "Australian police arrested 19 people during a night of simmering unrest "
                             "in Sydney as they prepared for a major crackdown on a feared new outbreak "
                             "of racial violence at the weekend.", "2005-12-16") == [
        ("the weekend", "2005-W50-WE")]


# ---- issue 15: rules written for the categories HeidelTime covers (sentences written here)

def test_narrative_date_anchors_the_next_day_and_days_later(pipeline):
    # the anchor rule: the article date by default; the last date the story named (same or
    # previous paragraph) for "the next day", "the following day", "two days later"
    d = "2017-06-08"
    assert _values(pipeline, "The memo was published online on May 16, and in the newspaper the next "
                             "day.", d) == [("May 16", "2017-05-16"), ("the next day", "2017-05-17")]
    assert _values(pipeline, "The minister arrived in Rome on March 3. The following day she met the "
                             "pope.", d) == [("March 3", "2017-03-03"), ("The following day", "2017-03-04")]
    assert _values(pipeline, "The envoy left Kabul on Tuesday. Two days later he was in Delhi.", d) == [
        ("Tuesday", "2017-06-06"), ("Two days later", "2017-06-08")]
    assert _values(pipeline, "The ship sank on April 2; the day before, its captain had resigned.", d) == [
        ("April 2", "2017-04-02"), ("the day before", "2017-04-01")]
    assert _values(pipeline, "Talks began on Jan. 9 and a deal was signed that same day.", d) == [
        ("Jan. 9", "2017-01-09"), ("that same day", "2017-01-09")]
    # no date named before it: counted from an event we do not date, so no value
    assert _values(pipeline, "The rebels took the town and the next day they left.", d) == []
    # a date two paragraphs back is no narrative anchor any more
    assert _values(pipeline, "Voting ended on May 2.\n\nObservers praised the count.\n\nThe next day "
                             "the results came.", d) == [("May 2", "2017-05-02")]
    # "days before the vote" counts from the vote, not from the story's date
    assert _values(pipeline, "He arrived on May 2, three days before the vote.", d) == [("May 2", "2017-05-02")]


def test_the_following_month_and_week_count_from_the_narrative_date(pipeline):
    d = "1999-11-20"
    assert _values(pipeline, "The plant closed in March 1998. The following month its owner sold "
                             "the land.", d) == [("March 1998", "1998-03"), ("The following month", "1998-04")]
    assert _values(pipeline, "The strike began on June 14, 1999, and the following week the mines "
                             "shut.", d) == [("June 14, 1999", "1999-06-14"), ("the following week", "1999-W25")]


def test_earlier_in_the_day_is_the_articles_day_or_the_storys(pipeline):
    d = "2005-12-21"
    assert _values(pipeline, "Earlier in the day, the cabinet met.", d) == [("Earlier in the day", "2005-12-21")]
    assert _values(pipeline, "The man was arrested on Tuesday and died later that day.", d) == [
        ("Tuesday", "2005-12-20"), ("later that day", "2005-12-20")]


def test_holidays_fixed_and_movable(pipeline):
    d = "2005-12-16"
    assert _values(pipeline, "Police fear attacks on churches on Christmas Eve.", d) == [
        ("Christmas Eve", "2005-12-24")]
    assert _values(pipeline, "The ceasefire held over Easter.", "1997-04-02") == [("Easter", "1997-03-30")]
    assert _values(pipeline, "Stores opened early after Thanksgiving.", d) == [("Thanksgiving", "2005-11-24")]
    assert _values(pipeline, "The party is planned for New Year's Eve.", d) == [("New Year's Eve", "2005-12-31")]


def test_spelled_days_short_years_and_this_time_last_year(pipeline):
    d = "1998-03-05"
    assert _values(pipeline, "The rally is this coming Sunday, March eighth.", d)[-1] == (
        "Sunday, March eighth", "1998-03-08")
    assert _values(pipeline, "The runner came in first March as well.", d) == [("March", "1998-03")]
    assert _values(pipeline, "The law has been in force since '95.", d) == [("'95", "1995")]
    assert _values(pipeline, "Prices are higher than this time last year.", d) == [
        ("this time last year", "1997-03-05")]


def test_not_dates_added_for_issue_15(pipeline):
    d = "2005-11-03"
    # an abbreviation needs its period; "June." ends a sentence, it is no abbreviation
    assert _values(pipeline, "Bush flew to Mar del Plata for the summit.", d) == []
    assert _values(pipeline, "She set up the cafe in June.", "2017-12-11") == [("June", "2017-06")]
    # "was now": the word "as" alone makes "as now" a manner
    assert _values(pipeline, "She said the aim was now to send them back.", d) == [("now", "PRESENT_REF")]
    # "the fall of the Wall", "the Arab Spring": no seasons
    assert _values(pipeline, "Seven years after the fall of the Berlin Wall, trials go on.", d) == []
    assert _values(pipeline, "Images were taken early in the Arab Spring uprisings.", d) == []
    # a match half, a thousand-year count
    assert _values(pipeline, "He scored twice in the second half of the match.", d) == []
    assert _values(pipeline, "Profit doubled in the second half.", d) == [("the second half", "2005-H2")]
    assert _values(pipeline, "The journey was made more than 1,400 years ago.", d) == []


def test_this_weekend_on_a_weekday_is_the_coming_one(pipeline):
    # 1997-04-04 is a Friday: the weekend of the 5th and 6th (ISO week 14)
    assert _values(pipeline, "Rebels and officials will talk this weekend.", "1997-04-04") == [
        ("this weekend", "1997-W14-WE")]


def test_decades_centuries_mid_years_and_late_months(pipeline):
    d = "2019-12-26"
    assert _values(pipeline, "The mill was built in the 1800s.", d) == [("the 1800s", "18")]
    assert _values(pipeline, "Growth slowed in the 2000s.", d) == [("the 2000s", "200")]
    assert _values(pipeline, "Talks stalled in mid-2019.", d) == [("mid-2019", "2019")]
    assert _values(pipeline, "The floods came in late March.", d) == [("late March", "2019-03")]


def test_tense_reaches_weekdays_in_noun_phrases_plans_and_infinitives(pipeline):
    d = "2005-12-04"  # a Sunday
    # "on Tuesday" inside "a meeting": the verb of the clause decides (will → ahead)
    assert _values(pipeline, "The minister will take part in a meeting on Tuesday in Paris.", d) == [
        ("Tuesday", "2005-12-06")]
    assert _values(pipeline, "The minister took part in a meeting on Tuesday in Paris.", d) == [
        ("Tuesday", "2005-11-29")]
    # a schedule or "due" is a plan even in the past tense
    assert _values(pipeline, "A meeting with the defence minister was scheduled for Monday.", d) == [
        ("Monday", "2005-12-05")]
    assert _values(pipeline, "The trade minister is due in Nairobi on Friday.", d) == [
        ("Friday", "2005-12-09")]
    # an infinitive under a present verb looks ahead
    assert _values(pipeline, "The text calls for a motion to be debated Thursday.", d) == [
        ("Thursday", "2005-12-08")]
    # the weekday written with a month-day names the year
    assert _values(pipeline, "The paper said in an editorial on Saturday, April 25, that the court "
                             "erred.", "1998-04-24") == [("Saturday, April 25", "1998-04-25")]


def test_values_off_the_calendar_are_dropped_not_raised():
    # an article dated on the calendar's last day: "tomorrow" and "the next day" have no date
    from datetime import date
    times = extract_times("On Dec. 31 they met; the next day and tomorrow they rested.", date(9999, 12, 31))
    assert [(t.text, t.value) for t in times] == [("Dec. 31", "9999-12-31")]
