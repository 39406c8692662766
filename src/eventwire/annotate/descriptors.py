"""What the article itself says about a name the KB does not hold.

Two pieces of knowledge, both read from data files:

- ``data/kb/role_states.tsv``: roles, parties and legislatures that imply a state ("Sen.",
  "the Duma deputy", "House Democrats"), with the states that use each and, for usages
  specific to one state's press, a default;
- the resolver's demonyms and country names (the KB), used here to read a nationality in a
  noun phrase before a name ("Bulgarian journalist Nikolay Krastev", "Russian opposition
  leader Alexei Navalny").

The choice of a state from a role is made once per entity, against the states the article
is about: the one candidate in play, else the role's default, else none (``UNK``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..datafile import DATA_DIR, read_tsv

from spacy.tokens import Doc

ROLE_FILE = DATA_DIR / "kb" / "role_states.tsv"
# Lower-case words inside a noun phrase between a nationality and a name: "Bulgarian
# [journalist] Krastev", "Russian [opposition leader] Navalny", "Iraqi [human-rights
# activist] X". Parts of speech only: any common noun or adjective may be a role.
NP_POS = frozenset({"NOUN", "ADJ"})
NP_MAX = 4  # words of role between the nationality and the name


@dataclass(frozen=True, slots=True)
class RoleState:
    phrase: str
    codes: tuple[str, ...]
    sector: str | None
    default: str | None
    source: str


def role_states(path: Path = ROLE_FILE) -> dict[str, RoleState]:
    out: dict[str, RoleState] = {}
    for phrase, codes, sector, default, source in read_tsv(path):
        out[phrase.lower()] = RoleState(phrase.lower(), tuple(codes.split("|")), sector or None,
                                        None if default in ("", "-") else default, source)
    return out


def role_in(words: Iterable[str], table: dict[str, RoleState]) -> RoleState | None:
    """The longest table phrase among the word n-grams of a descriptor ("Senate Majority
    Leader" → "senate majority leader"; "Sen." → "sen.")."""
    ws = [w.lower() for w in words]
    for n in range(min(len(ws), 4), 0, -1):
        for i in range(len(ws) - n + 1):
            hit = table.get(" ".join(ws[i:i + n]))
            if hit is not None:
                return hit
    return None


def state_for(role: RoleState, in_play: set[str]) -> str | None:
    """The state a role implies in this article: the one candidate the article is about,
    else the role's default when none of its candidates is in play."""
    live = [c for c in role.codes if c in in_play]
    if len(live) == 1:
        return live[0]
    if not live:
        return role.default
    return None  # two candidate states in play: the role alone cannot tell


def nationality_before(doc: Doc, start: int, lo: int,
                       country_of: Callable[[str], str | None]) -> tuple[str, int, int] | None:
    """A nationality or country heading a noun phrase that ends in the name at ``start``:
    "Bulgarian journalist [Krastev]", "South Korea's opposition leader [X]".

    Returns (code, first token of the nationality, first role token) or None. Only
    lower-case nouns and adjectives (and hyphens) may stand between: a verb, a capitalised
    word or punctuation ends the phrase ("Russia accused journalist X" is not Russian).
    """
    i = start - 1
    role_start = start
    steps = 0
    while i >= lo and steps <= NP_MAX:
        t = doc[i]
        if t.lower_ in ("'s", "’s") and i - 1 >= lo:
            i -= 1
            continue
        for n in (3, 2, 1):
            j = i - n + 1
            if j >= lo and doc[j].text[:1].isupper():
                code = country_of(doc[j:i + 1].text)
                if code:
                    return (code, j, role_start) if role_start < start else None
        if t.text == "-" or (t.pos_ in NP_POS and t.text[:1].islower() and t.is_alpha):
            role_start = i
            i -= 1
            steps += 1
            continue
        return None
    return None
