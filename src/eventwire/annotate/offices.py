"""Who held an office on a date: "the Kremlin spokesman" in a 2019 story is Dmitry Peskov.

A speaker named only by role resolves to a person when the phrase names the office
precisely enough that the KB holds exactly one person in it on the article's date: a
role noun of ``data/coref/roles.tsv`` with a qualifier ("Kremlin", "Chinese Foreign
Ministry"), every qualifier word found in the holder's dated office or naming its country.
A bare "the spokesman", or an office several people held that day, stays unresolved.
"""
from __future__ import annotations

import re

from ..kb import KB
from ..model import Entity
from .coref import Role

DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "'s", "s"})
MAX_WORDS = 8  # a longer phrase is a description, not an office title


def office_holder(kb: KB, roles: dict[str, Role], phrase: str, date: str | None, start: int,
                  end: int) -> Entity | None:
    if not date:
        return None
    words = [w for w in re.findall(r"[\w'-]+", phrase.lower()) if w not in DETERMINERS]
    if not words or len(words) > MAX_WORDS:
        return None
    role = None
    for n in (3, 2, 1):  # the role is the phrase's last words ("foreign ministry spokesman")
        tail = " ".join(words[-n:])
        if len(words) > n and tail in roles and roles[tail].kind == "person":
            role, qualifiers = roles[tail], words[:-n]
            break
    if role is None:
        return None
    country = None
    rest = []
    for w in qualifiers:
        code = kb.country_for(w)
        if code and country in (None, code):
            country = code
        else:
            rest.append(w)
    if not (rest or country):
        return None  # a bare role ("the spokesman"): no guess
    holders = []
    for actor in kb.actors.values():
        if actor.kind != "person":
            continue
        for r in actor.roles:
            if not (r.office and r.dated and r.active(date)) or (country and r.code != country):
                continue
            office = " ".join(re.findall(r"[\w'-]+", r.office.lower()))
            if any(t in office for t in role.titles) and all(w in office.split() for w in rest):
                holders.append((actor, r))
                break
    if len(holders) != 1:
        return None  # no one, or several people that day: no guess
    actor, r = holders[0]
    return Entity(start=start, end=end, text=phrase, label="PERSON", name=actor.name, code=r.code,
                  sector=r.sector, office=r.office, kb_id=actor.id, resolved_by="kb")
