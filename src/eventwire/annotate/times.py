"""Date expressions (TIMEX3 type DATE) and their values, anchored on the article date.

GUIDELINES.md §4. A small grammar of regular expressions over the words of
``data/times/lexicon.tsv`` finds candidate spans (the longest wins); each kind
of expression has a normaliser that resolves it against the article's date and
the tense of the clause it sits in (from spaCy's parse):

- a weekday is the most recent one on or before the article date, unless
  "next"/"coming" precede it or its verb is future ("is set to vote on Tuesday");
- a bare month or month-day takes its year from tense (past: the latest one not
  after the article date; future: the next one; unknown: the nearest), and
  keeps its granularity ("January" is ``2020-01``, never a day);
- weeks, weekends, quarters, halves, seasons, decades, centuries and the
  PRESENT_REF/PAST_REF/FUTURE_REF references have their own TIMEX3 forms.

Written as a grammar rather than with dateparser's ``search_dates``: that
finds spans but anchors "Thursday" and "January" on the wall clock without
tense (about .35 value F1 on TimeBank, see benchmarks/times_eval.py).
dateparser still parses explicit numeric dates ("12/26/2019", "2019-12-26").
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as Date, timedelta
from pathlib import Path

import dateparser
from spacy.tokens import Doc, Token

from ..parse.tree import MAX_TREE_STEPS, is_root
from ..model import ArticleRecord, TimeExpr

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "times"


# ---------------------------------------------------------------- lexicon

@dataclass(frozen=True, slots=True)
class Lexicon:
    words: dict[str, dict[str, str]]  # kind -> word -> value

    def alt(self, kind: str) -> str:
        """A regex alternation of a kind's words, longest first."""
        ws = sorted(self.words[kind], key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws)

    def get(self, kind: str, word: str) -> str | None:
        return self.words[kind].get(" ".join(word.lower().rstrip(".").split()))


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    words: dict[str, dict[str, str]] = {}
    for line in (DATA_DIR / "lexicon.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, word, value = line.split("\t")
            words.setdefault(kind, {})[word] = value
    return Lexicon(words)


# ---------------------------------------------------------------- grammar

def _patterns(lx: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    # Months and weekdays must be capitalised ("may", "march" are verbs too).
    mon_words = sorted(lx.words["month"], key=len, reverse=True)
    MON = "(?:" + "|".join(w.capitalize() + (r"\.?" if len(w) <= 4 else "") for w in mon_words) + ")"
    MON = MON.replace(r"May\.?", "May")
    WD = "(?:" + "|".join(w.capitalize() for w in lx.words["weekday"]) + ")"
    SEASON = "(?:" + lx.alt("season") + ")"
    ORD = "(?:" + lx.alt("ordinal") + ")"
    NUM = "(?:" + lx.alt("number") + r"|\d{1,3})"
    UNIT = r"(?:days?|weeks?|months?|years?|decades?)"
    YEAR = r"(?:1[5-9]\d\d|20\d\d)"
    DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    REL = r"(?:this|last|next|past|coming|previous|following|current)"
    TENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|" \
           "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ONES = "one|two|three|four|five|six|seven|eight|nine"
    SPELLED = (r"(?:nineteen[\s-]+(?:" + TENS + r")(?:[\s-]+(?:" + ONES + r"))?(?![\w-])|two\s+thousand"
               r"(?:\s+and)?(?:[\s-]+(?:" + ONES + r"))?(?![\w-]))")  # radio transcripts
    B = r"(?<![\w-])"  # no word or hyphenated word before
    E = r"(?![\w])"
    ci = re.IGNORECASE
    p: list[tuple[str, str, int]] = [
        ("iso", r"\b(?P<y>" + YEAR + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b", 0),
        ("numeric", r"\b\d{1,2}/\d{1,2}/" + YEAR + r"\b", 0),
        ("mdy", B + r"(?:(?P<wd>" + WD + r"),?\s+)?(?P<mon>" + MON + r")\s+(?P<day>" + DAY + r")"
         r"(?P<range>\s*[-–]\s*\d{1,2})?(?:,?\s+(?P<year>" + YEAR + r"))?" + E, 0),
        ("holiday", B + r"(?P<h>" + lx.alt("holiday") + r")(?:'s\s+(?:Day|Eve))?" + E, 0),
        ("dmy", B + r"(?:(?P<wd>" + WD + r"),?\s+)?(?P<day>" + DAY + r")\s+(?:of\s+)?(?P<mon>" + MON + r")"
         r"(?:,?\s+(?P<year>" + YEAR + r"))?" + E, 0),
        ("month_year", B + r"(?:(?P<mod>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)?"
         r"(?P<mon>" + MON + r")(?:\s+of)?,?\s+(?P<year>" + YEAR + r"|this\s+year|last\s+year|next\s+year|"
         r"(?i:" + SPELLED + r"))" + E, 0),
        ("month", B + r"(?:(?P<rel>(?i:this|last|next|this\s+past|this\s+coming))\s+|(?P<mod>(?i:early|mid|late|"
         r"the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of))[\s-]+)?(?P<mon>" + MON + r")" + E, 0),
        ("weekday", B + r"(?:(?P<rel>(?i:this\s+coming|this\s+past|last|next|this|coming|the\s+previous|"
         r"the\s+following))\s+|(?P<mod>(?i:early|late|earlier|later))\s+)?(?P<wd>" + WD + r")" + E, 0),
        ("year_word", B + r"(?:(?P<mod>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|"
         r"the\s+middle\s+of|fiscal|calendar)[\s-]+)?(?P<year>" + YEAR + r")(?!\s*(?:%|percent|"
         r"[a-z]*\s*(?:million|billion|troops|people|km|miles|tons|dollars|units|members|soldiers)))"
         r"(?![\w,.]\d)" + E, ci),
        ("decade", B + r"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?:(?P<cent>1[5-9]|20)(?P<dec>\d)0'?s|"
         r"'(?P<short>\d)0s|(?P<word>" + lx.alt("decade") + r"))" + E, ci),
        ("last_decade", B + r"the\s+(?:last|past|previous)\s+decade" + E, ci),
        ("century", B + r"(?:the\s+)?(?P<n>1\d|20|21)(?:st|nd|rd|th)[\s-]+century" + E, ci),
        ("quarter", B + r"(?:the\s+|its\s+|a\s+flat\s+)?(?:(?P<rel>this|last|next|current|latest|previous|"
         r"year-ago|year-earlier|comparable\s+year-ago)\s+|(?P<poss>this|last|next)\s+year's\s+|"
         r"(?P<y1>" + YEAR + r")\s+)?(?:fiscal[\s-]+)?(?P<ord>" + ORD + r")[\s-]+quarter"
         r"(?:\s+of\s+(?P<y2>" + YEAR + r"|this\s+year|last\s+year|next\s+year))?" + E, ci),
        ("quarter_ref", B + r"(?:the|this|that|its)\s+(?:(?P<rel>latest|current|recent|same|"
         r"year-ago|year-earlier|comparable\s+year-ago|(?P<y>" + YEAR + r"))\s+)?(?:quarter|period)(?![-\w])", ci),
        ("half", B + r"(?:the\s+)?(?P<ord>first|second|last)\s+half(?:\s+of\s+(?P<y>" + YEAR +
         r"|this\s+year|last\s+year|next\s+year|the\s+year))?" + E, ci),
        ("season", B + r"(?:(?P<rel>this\s+past|this\s+coming|this|last|next|the\s+coming|the\s+past|the)\s+|"
         r"(?P<mod>early|late|mid)[\s-]+)?(?P<season>" + SEASON + r")(?:\s+(?:of\s+)?(?P<y>" + YEAR + r"|" + SPELLED + r"))?"
         r"(?!\s+(?:school|camp|olympics|games|session|palace|house|storm))" + E, ci),
        ("rel_unit", B + r"(?:(?P<pre>earlier|later|early|late)\s+(?:in\s+)?)?(?P<rel>this|last|next|the\s+past|"
         r"the\s+coming|the\s+previous|the\s+following|the\s+current|the\s+next|the\s+last|past|coming)\s+"
         r"(?P<unit>week|weekend|month|year|fiscal\s+year|decade)" + E, ci),
        ("the_unit", B + r"(?:(?P<pre>earlier|later)\s+in\s+)?the\s+(?:full\s+|fiscal\s+|calendar\s+)?"
         r"(?P<unit>year|month|week|weekend)(?![-\w'’])(?!\s+(?:ago|earlier|before|after|\d|two|"
         r"thousand|of\s+the|in\s+which|ended|ending|that\s+ended))", ci),
        ("year_end", B + r"(?:(?:around\s+)?year[\s-]end|year's\s+end|the\s+end\s+of\s+the\s+"
         r"(?P<unit>year|month|week))" + E, ci),
        ("that_year", B + r"that\s+year" + E, ci),
        ("year_spelled", B + r"(?:the\s+year\s+)?(?:nineteen[\s-]+(?P<tens>" + TENS + r")(?:[\s-]+(?P<ones>"
         + ONES + r"))?|(?P<k2>two\s+thousand)(?:\s+and)?(?:[\s-]+(?P<ones2>" + ONES + r"))?)" + E, ci),
        ("ago", B + r"(?:(?:nearly|almost|about|some|more\s+than|over|just|only)\s+)?(?P<num>" + NUM +
         r")\s+(?P<unit>" + UNIT + r")\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|before|later)" + E, ci),
        ("year_ago_adj", B + r"(?:year-ago|year-earlier)" + E, ci),
        ("day_word", B + r"(?:(?P<mod>early|late|earlier|later)\s+)?(?P<w>today|yesterday|tomorrow)" + E, ci),
        ("ref", B + r"(?:" + lx.alt("ref") + r")" + E, ci),
    ]
    return [(kind, re.compile(rx, flags)) for kind, rx, flags in p]


@functools.lru_cache(maxsize=1)
def grammar() -> list[tuple[str, re.Pattern[str]]]:
    return _patterns(load_lexicon())


@dataclass(slots=True)
class Candidate:
    kind: str
    m: re.Match[str]

    @property
    def start(self) -> int:
        return self.m.start()

    @property
    def end(self) -> int:
        return self.m.end()


def find_candidates(text: str) -> list[Candidate]:
    """Every grammar match, overlaps resolved longest-first."""
    found = [Candidate(kind, m) for kind, rx in grammar() for m in rx.finditer(text)]
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken: list[tuple[int, int]] = []
    out = []
    for c in found:
        if c.end == c.start or any(c.start < b and a < c.end for a, b in taken):
            continue
        taken.append((c.start, c.end))
        out.append(c)
    out.sort(key=lambda c: c.start)
    return out


# ---------------------------------------------------------------- not a DATE

@dataclass(frozen=True, slots=True)
class Context:
    """What around a candidate makes it another TIMEX3 type or no time at all."""
    day_part_after: re.Pattern[str]  # "Thursday night", "Monday and Tuesday nights": TIME
    clock_before: re.Pattern[str]  # "noon Thursday", "10 p.m. Wednesday", "5 p.m. EST Nov. 9": TIME
    set_before: re.Pattern[str]  # "each Thursday", "every July": SET
    title_kinds: frozenset[str]  # kinds written in lower case unless they name something
    day_kinds: frozenset[str]  # kinds a part of the day or a clock time can attach to


@functools.lru_cache(maxsize=1)
def context() -> Context:
    lx = load_lexicon()
    wd = "|".join(w.capitalize() for w in lx.words["weekday"])
    clock = r"(?:\b(?:" + lx.alt("clock_word") + r")|\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.\s?m\.|[ap]m\b))"
    return Context(
        day_part_after=re.compile(r"(?:\s+and\s+(?:" + wd + r"))?\s+(?:" + lx.alt("day_part") + r")\b",
                                  re.IGNORECASE),
        clock_before=re.compile(clock + r"(?:\s+[A-Z]{2,4}\b)?,?\s+$", re.IGNORECASE),
        set_before=re.compile(r"\b(?:" + lx.alt("set_word") + r")(?:\s+other)?\s+$", re.IGNORECASE),
        title_kinds=frozenset({"rel_unit", "the_unit", "day_word", "ref", "quarter_ref", "year_end"}),
        day_kinds=frozenset({"weekday", "day_word", "mdy", "dmy", "holiday"}),
    )


SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]|,\s*[\"“‘`']+)[\s\"“‘`'(\[-]*$")
AMOUNT_AFTER = re.compile(r"\s+(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries)\b",
                          re.IGNORECASE)
DATE_WORD_KINDS = ("month", "weekday", "season", "holiday")


def not_a_date(c: Candidate, text: str, doc: Doc | None) -> str | None:
    """Why a candidate is no DATE expression (a TIME, a SET, a name), or None."""
    ctx = context()
    before = text[max(0, c.start - 40):c.start]
    if ctx.set_before.search(before):
        return "set"
    if c.kind in ctx.day_kinds and (ctx.day_part_after.match(text, c.end)
                                    or ctx.clock_before.search(before)):
        return "time"
    if c.kind in ctx.title_kinds and c.m.group()[:1].isupper():
        head = text[max(0, c.start - 30):c.start]
        if not SENTENCE_START.search(head if c.start > 30 else "\n" + head):
            return "name"  # ABC's "This Week", "VOA Today": capitalised mid-sentence
    if c.kind in ("year_word", "year_spelled") and AMOUNT_AFTER.match(text, c.end):
        return "amount"  # "more than two thousand years", "2000 hours": a count, no year
    if c.kind == "year_word" and doc is not None:
        return _year_in_name(c, doc)
    return None


def _year_in_name(c: Candidate, doc: Doc) -> str | None:
    """"a joint venture called Orion 1980", "Vision 2030": a year after a proper name that
    the parser does not read as a date is part of the name."""
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    year, prev = span[-1], doc[span.start - 1]
    lx = load_lexicon()
    if (prev.text[:1].isupper() and prev.pos_ in ("PROPN", "NOUN") and not prev.is_sent_start
            and year.ent_type_ != "DATE"
            and not any(lx.get(k, prev.text) for k in DATE_WORD_KINDS)):
        return "name"
    return None


# ---------------------------------------------------------------- tense

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "'d"})
FUTURE_HEADS = frozenset({"set", "expect", "schedule", "due", "plan", "go", "intend", "aim",
                          "prepare", "slate", "poise", "hope", "agree", "want", "propose"})
OPEN_PREPOSITIONS = frozenset({"to", "before", "after", "from", "since", "ahead"})
DEADLINE_WORDS = frozenset({"by", "until", "till", "through", "effective", "starting", "beginning"})


def clause_tense(doc: Doc | None, start: int) -> str | None:
    """'past', 'future', 'present' or None for the clause a character offset sits in."""
    if doc is None:
        return None
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    v: Token = span[0]
    # climb the date's own phrase ("December 12", "the third quarter") to its head
    for _ in range(MAX_TREE_STEPS):
        if is_root(v) or v.dep_ not in ("compound", "nummod", "amod", "det", "npadvmod",
                                        "appos", "nmod") \
                or v.head.pos_ not in ("PROPN", "NOUN", "NUM"):
            break
        v = v.head
    if v.head.lower_ in DEADLINE_WORDS and v.head.dep_ != "agent":
        # "by February", "until June", "effective Feb. 1": a deadline, ahead unless the
        # clause is plainly past ("had been completed by March")
        if v.head.lower_ in ("effective", "starting", "beginning"):
            return "deadline"  # an effective date is mostly announced ahead of it
        verb = v.head.head
        past = verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD"
                                          for c in verb.children)
        return None if past else "deadline"
    if v.head.pos_ == "ADP":
        if v.head.lower_ in OPEN_PREPOSITIONS:
            return None  # "extended to Nov. 16", "from $29.75 in March": no tense for the date
        v = v.head
    v = v.head if v.pos_ not in ("VERB", "AUX") else v
    if v.pos_ not in ("VERB", "AUX"):
        return None  # "payable Dec. 7", "a June agreement": no verb says when
    node = v
    for _ in range(3):
        auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in FUTURE_AUX for a in auxes):
            return "future"
        if node.dep_ in ("xcomp", "advcl", "acl", "relcl", "ccomp") and (
                node.head.lemma_ in FUTURE_HEADS or node.head.lemma_ == "be") \
                and any(a.lower_ == "to" for a in auxes):
            return "future"
        if node.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return "past"
        if node.tag_ == "VBN" and (any(a.lemma_ == "have" for a in auxes) or
                                   node.dep_ in ("acl", "relcl") and not auxes):
            return "past"  # "has announced", "the year ended March 31"
        if any(a.lower_ == "to" for a in auxes) and node.dep_ in ("xcomp", "acl", "advcl"):
            node = node.head  # "plans to visit": the head verb decides
            continue
        if node.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            if node.tag_ == "VBG" or any(a.lemma_ == "be" for a in auxes) and node.tag_ == "VBG":
                return "future"  # "is visiting on Tuesday": a plan
            return "present"
        break
    return None


# ---------------------------------------------------------------- values

def _ymd(d: Date) -> str:
    return d.isoformat()


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _week(d: Date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _year_of(month: int, day: int | None, anchor: Date, tense: str | None) -> int:
    """The year of a month (and day) given no year: by tense, else the nearest."""
    y = anchor.year
    key = (month, day or 0)
    here = (anchor.month, anchor.day if day else 0)
    if tense == "past":
        return y if key <= here else y - 1
    if tense == "future":
        return y if key >= here else y + 1
    if tense == "deadline":
        # "by February", "effective June 1": the coming one unless that is far off
        ahead = (month - anchor.month) % 12
        if key < here and ahead == 0:
            ahead = 12
        if ahead <= DEADLINE_AHEAD_MONTHS:
            return y if key >= here else y + 1
        return y if key <= here else y - 1
    # unknown: news mostly reports the past, so the latest one up to PAST_LEAN months
    # back, else the coming one (a December article's "January" is next month)
    back = (anchor.month - month) % 12
    if key > here and back == 0:
        back = 12
    if back <= PAST_LEAN_MONTHS:
        return y if key <= here else y - 1
    return y if key >= here else y + 1


def _weekday(wd: int, anchor: Date, rel: str | None, tense: str | None) -> Date:
    delta = anchor.isoweekday() - wd
    rel = " ".join((rel or "").lower().split())
    if rel in ("next", "coming", "this coming", "the following") or (
            not rel and tense == "future"):
        ahead = (wd - anchor.isoweekday()) % 7
        if rel == "next" and ahead == 0:
            ahead = 7
        return anchor + timedelta(days=ahead)
    back = delta % 7
    if rel in ("last", "the previous", "this past") and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def _quarter(d: Date) -> int:
    return (d.month - 1) // 3 + 1


def _last_complete_quarter(anchor: Date) -> tuple[int, int]:
    q = _quarter(anchor) - 1
    return (anchor.year, q) if q else (anchor.year - 1, 4)


TENS_WORDS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
              "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
              "eighty", "ninety")
ONES_WORDS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def spelled_year(s: str) -> int | None:
    """"nineteen ninety-six" → 1996, "two thousand and one" → 2001 (years as read aloud)."""
    w = [x for x in re.split(r"[\s-]+", s.lower()) if x not in ("the", "year", "and")]
    if w[:2] == ["two", "thousand"]:
        rest = w[2:]
        return 2000 + (ONES_WORDS.index(rest[0]) if rest and rest[0] in ONES_WORDS else 0)
    if len(w) >= 2 and w[0] == "nineteen" and w[1] in TENS_WORDS:
        t = TENS_WORDS.index(w[1])
        n = 10 + t if t < 10 else 20 + (t - 10) * 10
        ones = ONES_WORDS.index(w[2]) if len(w) > 2 and w[2] in ONES_WORDS else 0
        return 1900 + n + ones
    return None


def _rel_year(s: str | None, anchor: Date) -> int | None:
    if not s:
        return None
    s = " ".join(s.lower().split())
    if s.isdigit():
        return int(s)
    if s.startswith(("nineteen", "two thousand")):
        return spelled_year(s)
    return {"this year": anchor.year, "the year": anchor.year, "last year": anchor.year - 1,
            "next year": anchor.year + 1}.get(s)


EXPLICIT_YEAR_KINDS = frozenset({"iso", "numeric", "mdy", "dmy", "month_year", "year_word",
                                 "year_spelled"})
@functools.lru_cache(maxsize=1)
def duration_after() -> re.Pattern[str]:
    """A count or unit right after "the past"/"recent": "the past twenty years" is a duration."""
    counts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(load_lexicon().words["number"],
                      key=len, reverse=True) if w not in ("a", "an", "some"))  # "is now a joint venture"
    return re.compile(r"\s+(?:\d|(?:" + counts + r"|couple|dozen|hundred)\b|"
                      r"(?:year|month|week|day|decade|quarter|hour|century))", re.IGNORECASE)
QUARTER_ENDED = re.compile(r",?\s+(?:that\s+|which\s+)?(?:ended|ending|ends)\s+(?:on\s+)?(?P<mon>[A-Z][a-z]{2,8})\.?"
                           r"\s+(?P<d>[0-3]?\d)\b(?:,?\s+(?P<y>(?:19|20)\d\d))?")
PAST_LEAN_MONTHS = 8
DEADLINE_AHEAD_MONTHS = 8
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


class Normaliser:
    """Values for the candidates of one article, in text order (some look back)."""

    def __init__(self, anchor: Date, doc: Doc | None) -> None:
        self.anchor = anchor
        self.doc = doc
        self.lx = load_lexicon()
        self.last_quarter: tuple[int, int] | None = None  # the quarter last talked about
        self.last_year: int | None = None

    def value(self, c: Candidate) -> str | None:
        fn: Callable[[Candidate], str | None] = getattr(self, "_" + c.kind)
        v = fn(c)
        # only what the text names sets the reference for "the quarter", "a year
        # earlier", "the following year": derived values would drift
        names_quarter = c.kind == "quarter" or (c.kind == "quarter_ref" and QUARTER_ENDED.match(c.m.string, c.end))
        if v and names_quarter and re.fullmatch(r"\d{4}-Q\d", v):
            self.last_quarter = (int(v[:4]), int(v[-1]))
        if v and c.kind in EXPLICIT_YEAR_KINDS and re.match(r"\d{4}", v):
            self.last_year = int(v[:4])
        return v

    def tense(self, c: Candidate) -> str | None:
        return clause_tense(self.doc, c.start)

    # explicit dates
    def _iso(self, c: Candidate) -> str | None:
        try:
            return _ymd(Date(int(c.m["y"]), int(c.m["m"]), int(c.m["d"])))
        except ValueError:
            return None

    def _numeric(self, c: Candidate) -> str | None:
        d = dateparser.parse(c.m.group(), settings={"DATE_ORDER": "MDY", "STRICT_PARSING": True})
        return _ymd(d.date()) if d else None

    def _month_day(self, c: Candidate) -> str | None:
        mon = int(self.lx.get("month", c.m["mon"]) or 0)
        day = int(re.sub(r"\D", "", c.m["day"]))
        year = int(c.m["year"]) if c.m["year"] else _year_of(mon, day, self.anchor, self.tense(c))
        if c.m.groupdict().get("range"):
            return _ym(year, mon)  # "October 22-24": the month holds the whole range
        try:
            return _ymd(Date(year, mon, day))
        except ValueError:
            return None

    _mdy = _dmy = _month_day

    def _month_year(self, c: Candidate) -> str | None:
        mon = int(self.lx.get("month", c.m["mon"]) or 0)
        y = _rel_year(c.m["year"], self.anchor)
        return _ym(y, mon) if y else None

    def _month(self, c: Candidate) -> str | None:
        mon = int(self.lx.get("month", c.m["mon"]) or 0)
        rel = " ".join((c.m["rel"] or "").lower().split())
        tense = {"last": "past", "this past": "past", "next": "future",
                 "this coming": "future"}.get(rel) or self.tense(c)
        if rel == "this":
            return _ym(self.anchor.year, mon)
        y = _year_of(mon, None, self.anchor, tense)
        if rel == "last" and (self.anchor.month - mon) % 12 in (0, 1):
            y -= 1  # "last February" in March is not the month just gone
        return _ym(y, mon)

    def _weekday(self, c: Candidate) -> str | None:
        wd = int(self.lx.get("weekday", c.m["wd"]) or 0)
        return _ymd(_weekday(wd, self.anchor, c.m["rel"], self.tense(c)))

    def _year_word(self, c: Candidate) -> str | None:
        return c.m["year"]

    # decades and centuries
    def _decade(self, c: Candidate) -> str | None:
        if c.m["cent"]:
            return c.m["cent"] + c.m["dec"]
        digit = c.m["short"] or self.lx.get("decade", c.m["word"] or "")
        if not digit:
            return None
        # "the '80s", "the nineties": the latest such decade not after the article
        cent = self.anchor.year // 100
        if cent * 100 + int(digit) * 10 > self.anchor.year:
            cent -= 1
        return f"{cent}{digit}"

    def _last_decade(self, c: Candidate) -> str | None:
        return str(self.anchor.year // 10 - 1)

    def _century(self, c: Candidate) -> str | None:
        return f"{int(c.m['n']) - 1:02d}"

    # quarters and halves
    def _quarter(self, c: Candidate) -> str | None:
        q = int(self.lx.get("ordinal", c.m["ord"]) or 0)
        y = (_rel_year(c.m["y1"], self.anchor) or _rel_year(c.m["y2"], self.anchor)
             or _rel_year((c.m["poss"] or "") + " year" if c.m["poss"] else None, self.anchor))
        rel = " ".join((c.m["rel"] or "").lower().split())
        if y is None:
            y = self.anchor.year
            now = _quarter(self.anchor)
            if rel in ("last", "previous", "year-ago", "year-earlier", "comparable year-ago"):
                y -= 1 if "year" in rel or q >= now else 0
            elif rel == "next" and q <= now:
                y += 1
            elif not rel and q > now:
                # a quarter still ahead this year, reported as done ("announced a drop in
                # profits for the fourth quarter" in January) is last year's
                tense = self.tense(c)
                if tense == "past" or (tense is None and (y - 1, q) == _last_complete_quarter(self.anchor)):
                    y -= 1
        return f"{y}-Q{q}" if 1 <= q <= 4 else None

    def _quarter_ref(self, c: Candidate) -> str | None:
        rel = " ".join((c.m["rel"] or "").lower().split())
        if c.m["y"]:
            y, q = int(c.m["y"]), (self.last_quarter or _last_complete_quarter(self.anchor))[1]
            return f"{y}-Q{q}"
        if "period" in c.m.group().lower() and not rel and self.last_quarter is None:
            return None  # "the period" with no quarter talked about is not a date
        ended = self._quarter_ended(c)
        if ended:
            y, q = ended
        elif rel == "current":
            y, q = self.anchor.year, _quarter(self.anchor)
        elif rel == "latest":
            # the last one reported: never one that has not ended yet
            done = _last_complete_quarter(self.anchor)
            y, q = min(self.last_quarter or done, done)
        else:
            y, q = self.last_quarter or _last_complete_quarter(self.anchor)
        if "year" in rel:
            y -= 1
        return f"{y}-Q{q}"

    def _quarter_ended(self, c: Candidate) -> tuple[int, int] | None:
        """"the quarter ended Sept. 30": the calendar quarter most of those three months
        fall in (a fiscal quarter ended July 31 is mostly the second)."""
        m = QUARTER_ENDED.match(c.m.string, c.end)
        if not m:
            return None
        mon = int(self.lx.get("month", m["mon"]) or 0)
        if not mon:
            return None
        y = int(m["y"]) if m["y"] else _year_of(mon, int(m["d"]), self.anchor, "past")
        try:
            mid = Date(y, mon, min(int(m["d"]), 28)) - timedelta(days=45)
        except ValueError:
            return None
        return mid.year, _quarter(mid)

    def _half(self, c: Candidate) -> str | None:
        y = _rel_year(c.m["y"], self.anchor) or self.anchor.year
        h = 1 if c.m["ord"].lower() == "first" else 2
        return f"{y}-H{h}"

    def _season(self, c: Candidate) -> str | None:
        s = self.lx.get("season", c.m["season"]) or ""
        rel = " ".join((c.m["rel"] or "").lower().split())
        if c.m["y"]:
            return f"{_rel_year(c.m['y'], self.anchor)}-{s}"
        if c.m.group().islower() and not rel and not c.m["mod"]:
            return None  # a bare "fall"/"spring" is usually a verb or a noun, not a date
        y = self.anchor.year
        here = self.anchor.month
        if rel in ("last", "the past") or (rel == "this past") and SEASON_MONTH[s] > here:
            y -= 1 if SEASON_MONTH[s] >= here or rel == "last" else 0
        elif rel in ("next",) and SEASON_MONTH[s] <= here:
            y += 1
        return f"{y}-{s}"

    # relative units
    def _rel_unit(self, c: Candidate) -> str | None:
        rel = " ".join(c.m["rel"].lower().split()).replace("the ", "")
        unit = c.m["unit"].lower().split()[-1]
        step = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1,
                "next": 1, "coming": 1, "following": 1}[rel]
        a = self.anchor
        if rel in ("following", "previous") and c.m["rel"].lower().startswith("the"):
            if unit == "year" and self.last_year:
                return str(self.last_year + step)
            if unit != "year":
                return None  # "the following week": relative to an event we do not date
        if unit == "year":
            if rel in ("past", "last") and c.m.group().lower().startswith("the"):
                step = -1
            if rel == "coming" and c.m.group().lower().startswith("the"):
                step = 1
            return str(a.year + step)
        if unit == "month":
            y, m = _shift_month(a.year, a.month, step)
            return _ym(y, m)
        if unit == "week":
            return _week(a + timedelta(weeks=step))
        if unit == "weekend":
            return self._weekend(step)
        if unit == "decade":
            return str(a.year // 10 + step)
        return None

    def _weekend(self, step: int) -> str:
        a = self.anchor
        sat = a - timedelta(days=(a.isoweekday() - 6) % 7)  # the latest Saturday
        if step > 0:
            sat = sat + timedelta(weeks=1)
        elif step < 0 and a.isoweekday() in (6, 7):
            sat = sat - timedelta(weeks=1)
        return _week(sat) + "-WE"

    def _the_unit(self, c: Candidate) -> str | None:
        unit = c.m["unit"].lower()
        a = self.anchor
        if unit == "year":
            return str(a.year)
        if unit == "month":
            return _ym(a.year, a.month)
        if unit == "week":
            return _week(a)
        if unit == "weekend":
            # "the weekend": the one the article is written in; else ahead when the clause
            # says so, or when nothing does late in the week (a Friday's "clampdown at the
            # weekend"); else the one just gone
            wd = self.anchor.isoweekday()
            if wd >= 6:
                return self._weekend(0)
            tense = self.tense(c)
            ahead = tense == "future" or (tense is None and wd >= 4)
            return self._weekend(1 if ahead else 0)
        return None

    def _year_end(self, c: Candidate) -> str | None:
        unit = (c.m["unit"] or "year").lower()
        a = self.anchor
        if unit == "month":
            return _ym(a.year, a.month)
        if unit == "week":
            return _week(a)
        return str(a.year)

    def _ago(self, c: Candidate) -> str | None:
        n = self.lx.get("number", c.m["num"]) or c.m["num"]
        unit = c.m["unit"].lower().rstrip("s")
        direction = c.m["dir"].lower()
        a = self.anchor
        if direction in ("later", "before"):
            # "three days later", "30 days before the closing": counted from an event, not
            # from the article date; only years have a reference we keep (the last one named)
            if unit == "year" and n.isdigit() and self.last_year:
                return str(self.last_year + int(n) * (1 if direction == "later" else -1))
            return None
        if n == "X" or not n.isdigit():
            return "PAST_REF"
        k = -int(n)
        if unit == "day":
            return _ymd(a + timedelta(days=k))
        if unit == "week":
            return _ymd(a + timedelta(weeks=k)) if abs(k) <= 2 else _week(a + timedelta(weeks=k))
        if unit == "month":
            return _ym(*_shift_month(a.year, a.month, k))
        if unit == "year":
            word = c.m.group().lower()
            if ("earlier" in word or "ago" in word) and abs(k) == 1 and self.last_quarter:
                y, q = self.last_quarter
                return f"{y - 1}-Q{q}"
            return str(a.year + k)
        if unit == "decade":
            return str(a.year // 10 + k)
        return None

    def _holiday(self, c: Candidate) -> str | None:
        mon, day = map(int, (self.lx.get("holiday", c.m["h"]) or "0-0").split("-"))
        year = _year_of(mon, day, self.anchor, self.tense(c))
        if c.m.group().lower().startswith("new year") and self.anchor.month == 12:
            year = self.anchor.year + 1  # "New Year" in December is the coming one
        try:
            return _ymd(Date(year, mon, day))
        except ValueError:
            return None

    def _that_year(self, c: Candidate) -> str | None:
        return str(self.last_year) if self.last_year else None

    def _year_spelled(self, c: Candidate) -> str | None:
        y = spelled_year(c.m.group())
        return str(y) if y else None

    def _year_ago_adj(self, c: Candidate) -> str | None:
        if self.last_quarter:
            y, q = self.last_quarter
            return f"{y - 1}-Q{q}"
        return str(self.anchor.year - 1)

    def _day_word(self, c: Candidate) -> str | None:
        k = {"today": 0, "yesterday": -1, "tomorrow": 1}[c.m["w"].lower()]
        return _ymd(self.anchor + timedelta(days=k))

    def _adverb_of_verb(self, c: Candidate) -> bool:
        """"could one day become": the phrase sits between a subject or modal and its verb."""
        if self.doc is None:
            return False
        span = self.doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None or span.end >= len(self.doc):
            return False
        nxt = self.doc[span.end]
        return nxt.pos_ in ("VERB", "AUX") or (nxt.lower_ == "to" and nxt.head.pos_ == "VERB")

    def _ref(self, c: Candidate) -> str | None:
        if duration_after().match(c.m.string, c.end):
            return None
        phrase = " ".join(c.m.group().lower().split())
        if phrase in self.lx.words["verb_ref"] and not self._adverb_of_verb(c):
            return None  # "in the job one day", "followed by one day": a duration
        if c.m.string[max(0, c.start - 3):c.start].lower() == "as ":
            return None  # "as soon as possible", "as now": manner, not a time  # "the past three months", "recent years' growth" is a duration
        return self.lx.get("ref", c.m.group())


# ---------------------------------------------------------------- annotator

def _anchor(record: ArticleRecord) -> Date | None:
    try:
        return Date.fromisoformat(record.article.date) if record.article.date else None
    except ValueError:
        return None


ABSOLUTE_KINDS = frozenset({"iso", "numeric", "year_word", "decade", "century"})


def extract_times(text: str, anchor: Date | None, doc: Doc | None = None) -> list[TimeExpr]:
    """The DATE expressions of ``text`` with values anchored on ``anchor`` (None: no values
    for relative expressions, explicit dates still get theirs)."""
    out: list[TimeExpr] = []
    norm = Normaliser(anchor or Date(1900, 1, 1), doc)
    for c in find_candidates(text):
        if not_a_date(c, text, doc):
            continue
        value = norm.value(c)
        if value is None:
            continue
        if anchor is None and c.kind not in ABSOLUTE_KINDS and not (
                c.kind in ("mdy", "dmy") and c.m["year"]):
            continue  # no article date: only what the text dates by itself
        out.append(TimeExpr(start=c.start, end=c.end, text=c.m.group(), value=value,
                            rule=f"times:{c.kind}"))
    return out


class TimeExpressions:
    """Annotator: fills ``record.times``."""

    name = "times"
    requires = ("article",)
    assigns = ("times",)

    def __call__(self, doc: Doc, record: ArticleRecord) -> None:
        record.times.extend(extract_times(record.article.text, _anchor(record), doc))
