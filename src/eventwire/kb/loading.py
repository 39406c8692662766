"""Building the knowledge base from its data files.

Files (``src/eventwire/data/kb/``, formats in docs/actors.md):

- ``countries.tsv`` + ``countries_extra.tsv``: code, name, aliases, demonyms, capitals;
- ``seats.tsv``: seats of government ("the Kremlin") → code, sector, name;
- ``actors.tsv.gz`` (PETRARCH2 bulk), ``curated.tsv`` (post-2014 people and groups) and the
  user file (``$EVENTWIRE_KB`` or ``~/.config/eventwire/kb.tsv``): one row per actor role;
- ``agents.tsv`` + ``agents_extra.tsv``: role nouns → sector (and a code for the few that
  place themselves).

Later sources win over earlier ones for the same alias: user > curated > bulk.
"""
from __future__ import annotations

from pathlib import Path

from ..datafile import DATA_DIR, SCHEMAS, read_tsv
from .entries import SOURCE_RANK, Actor, Country, Resolution, Role, alias_key
from .lookup import KB
from .user_file import user_kb_path

KB_DIR = DATA_DIR / "kb"
USER_SCHEMA = SCHEMAS["kb/actors.tsv.gz"]  # the user file has the actor columns


def load_kb(data_dir: Path = KB_DIR, user_file: Path | None = None) -> KB:
    """A knowledge base from ``data_dir`` and the user's file (``user_kb_path()`` by default)."""
    kb = KB()
    _load_countries(kb, data_dir)
    _load_seats(kb, data_dir)
    user = user_file if user_file is not None else user_kb_path()
    _load_actors(kb, data_dir / "actors.tsv.gz", "petrarch")
    _load_actors(kb, data_dir / "curated.tsv", "curated")
    if user.exists():
        _load_actors(kb, user, "user")
    _index_actors(kb)
    for path in (data_dir / "agents.tsv", data_dir / "agents_extra.tsv"):
        for phrase, sector, *rest in read_tsv(path):
            kb.agents[alias_key(phrase)] = sector
            if rest and rest[0]:
                kb.agent_codes[alias_key(phrase)] = rest[0]
    return kb


def _load_countries(kb: KB, data_dir: Path) -> None:
    for path in (data_dir / "countries.tsv", data_dir / "countries_extra.tsv"):
        for code, name, aliases, demonyms, capitals in read_tsv(path):
            c = kb.countries.get(code) or Country(code, name)
            if name and path.name == "countries_extra.tsv":
                c.aliases.add(c.name)
                c.name = name
            c.aliases |= {a for a in aliases.split("|") if a}
            c.demonyms |= {a for a in demonyms.split("|") if a}
            c.capitals |= {a for a in capitals.split("|") if a}
            kb.countries[code] = c
    # Index: names win over demonyms, which win over capitals (a capital named like a
    # country, "Kuwait", is the country).
    # A country's own short name wins over another's alias ("Guinea" is GIN, whatever
    # PETRARCH2 lists under Guinea-Bissau).
    for kind, attr in (("capital", "capitals"), ("demonym", "demonyms"), ("country", "aliases"),
                       ("country", "name")):
        for c in kb.countries.values():
            names = {c.name} if attr == "name" else getattr(c, attr)
            for n in names:
                k = alias_key(n)
                if k and len(k) > 1:
                    kb.country_index[k] = (c.code, kind)


def _load_seats(kb: KB, data_dir: Path) -> None:
    for phrases, code, sector, name in read_tsv(data_dir / "seats.tsv"):
        for p in phrases.split("|"):
            kb.seats[alias_key(p)] = Resolution(name, code, sector or None, None, None, "seat",
                                                "metonymy")


def _load_actors(kb: KB, path: Path, source: str) -> None:
    rows = read_tsv(path, USER_SCHEMA) if source == "user" else read_tsv(path)
    for ident, kind, name, aliases, code, sector, office, start, end, *_source in rows:
        key = f"{source}:{ident}" if source == "petrarch" else ident
        a = kb.actors.get(key)
        if a is None or SOURCE_RANK[a.source] < SOURCE_RANK[source] and a.source != source:
            # A curated or user entry with the same id replaces a lower one entirely.
            a = kb.actors[key] = Actor(key, kind or "person", name, source)
        a.aliases |= {x for x in aliases.split("|") if x}
        if code:
            a.roles.append(Role(code, sector or None, office or None, start, end))


def _index_actors(kb: KB) -> None:
    kb.alias_index.clear()
    kb.surname_index.clear()
    for a in sorted(kb.actors.values(), key=lambda a: SOURCE_RANK[a.source]):
        for n in {a.name} | a.aliases:
            k = alias_key(n)
            if k:
                kb.alias_index[k].append(a.id)
        if a.kind == "person" and " " in a.name:
            kb.surname_index[alias_key(a.name.split()[-1])].append(a.id)
