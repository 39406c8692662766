"""The knowledge base's entries: roles, actors, countries, and what a name resolves to."""
from __future__ import annotations

from dataclasses import dataclass, field

ACTOR_COLUMNS = ("id", "kind", "name", "aliases", "code", "sector", "office", "from", "to")
SOURCE_RANK = {"petrarch": 0, "curated": 1, "user": 2}
# Organisation codes of gold/GUIDELINES.md: a "country" row with one of these codes is a
# grouping of states ("Europe" → EU), whose sector is IGO, not GOV.
ORG_CODES = frozenset({"UN", "EU", "NATO", "AU", "ARL", "OSCE", "IAEA", "WHO", "IMF", "WBG", "OPEC",
                       "ASEAN", "GCC", "OIC", "ICC", "ICRC", "WTO", "CIS", "CSTO", "SCO", "BRICS",
                       "G7", "G20", "IGO"})



_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})


def alias_key(text: str) -> str:
    """The lookup key of a name: lower case, straight quotes, no possessive, no leading 'the'."""
    s = " ".join(text.translate(_QUOTES).split()).lower()
    if s.endswith("'s"):
        s = s[:-2]
    elif s.endswith("'"):
        s = s[:-1]
    if s.startswith("the "):
        s = s[4:]
    return s.strip(" ,;:")


@dataclass(slots=True)
class Role:
    code: str
    sector: str | None
    office: str | None
    start: str  # "" = since always
    end: str  # "" = still; exclusive

    def active(self, date: str | None) -> bool:
        if not date:
            return not self.end
        return (not self.start or self.start <= date) and (not self.end or date < self.end)

    @property
    def dated(self) -> bool:
        return bool(self.start or self.end)


@dataclass(slots=True)
class Actor:
    id: str
    kind: str  # person, org, group
    name: str
    source: str  # petrarch, curated, user
    aliases: set[str] = field(default_factory=set)
    roles: list[Role] = field(default_factory=list)

    def role_at(self, date: str | None) -> Role | None:
        """The role at ``date``: an active dated role, else an undated one, else the last role
        (as a former holder: sector ELI when the last role was dated and has ended)."""
        if not self.roles:
            return None
        active = [r for r in self.roles if r.dated and r.active(date)]
        if active:
            # The most recently started role is the current one (President after PM).
            return max(active, key=lambda r: r.start or "")
        undated = [r for r in self.roles if not r.dated]
        if undated:
            # PETRARCH keeps a bare [RUSELI] as the fallback; prefer any other undated role.
            return next((r for r in undated if r.sector != "ELI"), undated[0])
        before = [r for r in self.roles if r.end and date and r.end <= date]
        if before:
            last = max(before, key=lambda r: r.end)
            return Role(last.code, "ELI", f"former {last.office}" if last.office else None,
                        last.start, last.end)
        return None  # every role lies in the future: the name says nothing yet

    def active_at(self, date: str | None) -> bool:
        return any(r.dated and r.active(date) for r in self.roles)


@dataclass(slots=True)
class Country:
    code: str
    name: str
    aliases: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    capitals: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Resolution:
    """What a name resolves to: the fields of :class:`eventwire.model.Entity`."""

    name: str
    code: str
    sector: str | None
    office: str | None
    kb_id: str | None
    kind: str  # person, org, group, country, demonym, capital, seat
    resolved_by: str = "kb"

