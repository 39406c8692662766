"""Wire datelines: "MOSCOW, December 26. /TASS/.", "BEIJING, Nov. 12 (Xinhua) --",
"WASHINGTON (AP) —", "LONDON (Reuters) -", "PARIS, Jan 5 (AFP) -".

The dateline gives the place, day and agency of a story. It stays inside the
article text (offsets are into the full text) but outside the body's sentences.
Written by hand: no library parses wire datelines, and the format is a short
regular grammar.
"""
from __future__ import annotations

import re
from datetime import date as Date

from ..model import Dateline

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

# PLACE [/Region/] [, Month Day] then either ". /AGENCY/." (TASS) or
# " (AGENCY) -" with any dash (Xinhua, AP, Reuters, AFP).
_DATELINE = re.compile(
    r"""\A\s*
    (?P<place>[A-Z][A-Za-z.'\- ]{1,40}?)
    (?:\s*/[^/\n]{1,40}/)?                       # TASS region: IGORA /Leningrad Region/
    (?:,\s*(?P<date>""" + _MONTH + r"""\s+\d{1,2}))?
    (?:
        \.\s*/(?P<agency1>[A-Za-z\-]{2,20})/\.?  # . /TASS/.
      | \s*\((?P<agency2>[A-Za-z\- ]{2,20})\)\s*(?:--|—|–|-|:)  # (Reuters) -
    )[ \t]*""",
    re.VERBOSE,
)


def parse_dateline(text: str) -> Dateline | None:
    """Find a dateline at the start of ``text``; None when there is none."""
    m = _DATELINE.match(text[:200])
    if not m:
        return None
    place = m.group("place").strip()
    # A place in a dateline is upper-case ("MOSCOW") or the agency is named in
    # parentheses, which mixed-case sentence starts never are.
    if not (place.isupper() or m.group("agency2")):
        return None
    dl = Dateline(start=m.start("place"), end=m.end(), place=place,
                  place_start=m.start("place"), place_end=m.start("place") + len(place),
                  agency=(m.group("agency1") or m.group("agency2")).strip())
    if m.group("date"):
        dl.date_text, dl.date_start, dl.date_end = m.group("date"), m.start("date"), m.end("date")
    return dl


def dateline_date(dl: Dateline, year_hint: int | None) -> str | None:
    """The dateline's day as YYYY-MM-DD, given a year (from a header or file name)."""
    if not dl.date_text or year_hint is None:
        return None
    mon, day = dl.date_text.replace(".", " ").split()[:2]
    try:
        return Date(year_hint, _MONTHS[mon[:3].lower()], int(day)).isoformat()
    except (KeyError, ValueError):
        return None
