"""Event dates: the time expression attached to the event's clause, else GUIDELINES.md §2.3.

A time expression attaches to the token its phrase hangs from ("on Thursday" →
"discussed", "in January" → "presented"). The event takes the first attached
date found walking from the trigger up its clause chain (the trigger, the verb
a noun hangs from, the verb of saying that reports it); then the date attached
to the cue of the quote it sits in; then the article date for what is
reported as having happened, and no date for what is only planned or is
habitual ("has repeatedly stated").
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..model import ArticleRecord, Quote
from .status import clause_path

CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$|^\d{4}-W\d{2}(-WE)?$|^\d{4}-[QH]\d$")
HABITUAL = frozenset({"repeatedly", "regularly", "often", "routinely", "frequently", "always",
                      "usually", "constantly", "continually", "traditionally"})


class TimeAttachments:
    """For one article: which token each calendar time expression attaches to."""

    def __init__(self, doc: Doc, record: ArticleRecord) -> None:
        self.by_head: dict[int, int] = {}
        body = record.article.dateline.end if record.article.dateline else 0
        for idx, t in enumerate(record.times):
            if not t.value or not CALENDAR.match(t.value) or t.start < body:
                continue
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            root = span.root
            head = root.head
            if head.dep_ == "prep" or (head.pos_ == "ADP" and root.dep_ == "pobj"):
                head = head.head  # "on Thursday" hangs from the verb or noun of "on"
            if head.i == root.i:
                continue
            self.by_head.setdefault(head.i, idx)

    def find(self, toks: list[Token]) -> int | None:
        for t in toks:
            if t.i in self.by_head:
                return self.by_head[t.i]
        return None


def _date_from(record: ArticleRecord, idx: int) -> str:
    return record.times[idx].value  # type: ignore[return-value]


def event_date(trigger: Token, clause_head: Token | None, status: str, record: ArticleRecord,
               times: TimeAttachments, quote: Quote | None, doc: Doc) -> tuple[str | None, str | None]:
    """(date, date_source): source is "time:N" (index into record.times), "article" or None."""
    path = clause_path(trigger)
    if clause_head is not None and clause_head not in path:
        path.append(clause_head)
    idx = times.find(path)
    if idx is None and quote is not None and quote.cue_start is not None:
        cue = doc.char_span(quote.cue_start, quote.cue_end or quote.cue_start + 1,
                            alignment_mode="expand")
        if cue is not None and len(cue):
            idx = times.find([cue.root] + list(cue.root.children))
    if idx is not None:
        return _date_from(record, idx), f"time:{idx}"
    if status in ("future", "hypothetical"):
        return None, None
    if any(c.lower_ in HABITUAL for t in path[:3] for c in t.children):
        return None, None
    return record.article.date, "article"
