"""The knowledge base in memory: its indexes and the lookups the actor resolver makes.

A :class:`KB` is built by :func:`eventwire.kb.loading.load_kb` from the data files.
"""
from __future__ import annotations

from collections import defaultdict

from .entries import SOURCE_RANK, Actor, Country, Resolution, alias_key


class KB:
    """Countries, seats, actors and agents with their alias indexes."""

    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}
        self.country_index: dict[str, tuple[str, str]] = {}  # key → (code, kind)
        self.seats: dict[str, Resolution] = {}
        self.actors: dict[str, Actor] = {}
        self.alias_index: dict[str, list[str]] = defaultdict(list)  # key → actor ids
        self.surname_index: dict[str, list[str]] = defaultdict(list)
        self.agents: dict[str, str] = {}  # role noun → sector
        self.agent_codes: dict[str, str] = {}  # role nouns that place themselves ("international community")

    # ------------------------------------------------------------------ lookup
    def country_for(self, text: str) -> str | None:
        """ISO alpha-3 of a country name, alias, demonym or capital ("Russian" → RUS)."""
        hit = self.country_index.get(alias_key(text))
        return hit[0] if hit else None

    def country_name(self, code: str) -> str | None:
        c = self.countries.get(code)
        return c.name if c else None

    def agent_sector(self, text: str) -> str | None:
        return self.agents.get(alias_key(text))

    def candidates(self, text: str) -> list[Actor]:
        return [self.actors[i] for i in self.alias_index.get(alias_key(text), ())]

    def best_actor(self, actors: list[Actor], date: str | None,
                   country: str | None = None) -> Actor | None:
        """Among actors sharing an alias: the one active at ``date`` (in ``country`` if given),
        preferring user and curated entries over the PETRARCH bulk."""
        if not actors:
            return None

        def score(a: Actor) -> tuple:
            role = a.role_at(date)
            return (a.active_at(date), bool(country and role and role.code == country),
                    SOURCE_RANK[a.source], role is not None and role.sector != "ELI")
        return max(actors, key=score)

    def resolve_actor(self, actor: Actor, date: str | None, how: str = "kb") -> Resolution | None:
        role = actor.role_at(date)
        if role is None:
            return None
        return Resolution(actor.name, role.code, role.sector, role.office,
                          actor.id, actor.kind, how)

    def lookup(self, text: str, date: str | None = None, *,
               country: str | None = None) -> Resolution | None:
        """Resolve a name as of ``date`` (YYYY-MM-DD): an actor, a seat or a country.

        A lone surname ("Erdogan") resolves only to a person holding a dated role at
        ``date`` and only when exactly one such person has that surname: unknown names stay
        unknown rather than guessed.
        """
        key = alias_key(text)
        if not key:
            return None
        seat = self.seats.get(key)
        if seat is not None:
            return seat
        actor = self.best_actor(self.candidates(text), date, country)
        if actor is not None:
            # Single-word aliases of people ("Austin", "Bush") are weak: used only while the
            # person holds a role, never for a name we would otherwise guess.
            weak = actor.kind == "person" and " " not in key and not text.isupper()
            if not weak or actor.active_at(date):
                res = self.resolve_actor(actor, date)
                if res is not None:
                    return res
        hit = self.country_index.get(key)
        if hit is not None:
            code, kind = hit
            return Resolution(self.countries[code].name, code, None, None, None, kind)
        if " " not in key:
            ids = [i for i in self.surname_index.get(key, ()) if self.actors[i].active_at(date)]
            if len(ids) > 1:
                ranked = sorted(ids, key=lambda i: SOURCE_RANK[self.actors[i].source], reverse=True)
                top = SOURCE_RANK[self.actors[ranked[0]].source]
                ids = [i for i in ranked if SOURCE_RANK[self.actors[i].source] == top]
            if len(ids) == 1:
                return self.resolve_actor(self.actors[ids[0]], date)
        return None

    # ------------------------------------------------------------------ sizes
    def stats(self) -> dict[str, int]:
        kinds = defaultdict(int)
        for a in self.actors.values():
            kinds[a.kind] += 1
        return {"people": kinds["person"], "organisations": kinds["org"], "groups": kinds["group"],
                "actor aliases": sum(len(v) for v in self.alias_index.values()),
                "countries": len(self.countries), "country names": len(self.country_index),
                "seats": len(self.seats), "agents": len(self.agents)}
