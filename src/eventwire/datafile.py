"""Reading the knowledge files under ``eventwire/data``: one reader, checked rows.

Every data file the package reads is declared in ``SCHEMAS`` with its columns,
the columns that must not be empty, and the values an enumerated column (or a
space-separated flags column) may take. A row with more columns than declared,
an empty required column or a value outside its set is a ``DataFileError``
naming the file and line: a typo in a curated TSV fails at load, it does not
silently switch a rule off.

Format: UTF-8, ``#`` comment lines, tab-separated columns; a trailing empty
column may be left out. ``.gz`` files are read through gzip.
"""
from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class DataFileError(ValueError):
    """A data file that does not match its schema (the message names file and line)."""


@dataclass(frozen=True)
class Schema:
    columns: tuple[str, ...]
    required: int | tuple[str, ...] = 1  # the first N columns (or these) must be non-empty
    choices: dict[str, frozenset[str]] = field(default_factory=dict)  # column → allowed values
    flags: dict[str, frozenset[str]] = field(default_factory=dict)  # column → allowed words


def _s(*names: str) -> frozenset[str]:
    return frozenset(names)


TRIGGER_FLAGS = _s("absorb", "low", "need_recip", "recip_from", "recip_in", "recip_through",
                   "self_clause", "speaker_actor", "topic")
_KB_ACTOR = Schema(("id", "kind", "name", "aliases", "code", "sector", "office", "from", "to"),
                   required=3, choices={"kind": _s("person", "org", "group")})
_WORDS = Schema(("word",))
_CITIES = Schema(("geonameid", "name", "lat", "lon", "population", "country", "admin1",
                  "alternate_names"), required=6)

# Every file the package reads, by its path under data/. A file missing here cannot be read.
SCHEMAS: dict[str, Schema] = {
    "coref/roles.tsv": Schema(("role", "kind", "title_words"), required=2,
                              choices={"kind": _s("person", "org")}),
    "kb/actors.tsv.gz": _KB_ACTOR,
    "kb/curated.tsv": Schema(_KB_ACTOR.columns + ("source",), required=3,
                             choices=_KB_ACTOR.choices),
    "kb/agents.tsv": Schema(("phrase", "sector"), required=2),
    "kb/agents_extra.tsv": Schema(("phrase", "sector", "code"), required=2),
    "kb/countries.tsv": Schema(("code", "name", "aliases", "demonyms", "capitals")),
    "kb/countries_extra.tsv": Schema(("code", "name", "aliases", "demonyms", "capitals")),
    "kb/role_states.tsv": Schema(("phrase", "codes", "sector", "default", "source"),
                                 required=("phrase", "codes")),
    "kb/seats.tsv": Schema(("phrases", "code", "sector", "name"), required=4),
    "lexicon/attack_instruments.txt": _WORDS,
    "lexicon/no_context_agents.txt": _WORDS,
    "lexicon/topic_nouns.txt": _WORDS,
    "lexicon/cameo_verbs.tsv": Schema(("id", "kind", "lemma", "constraint", "cameo"), required=3,
                                      choices={"kind": _s("verb", "noun")}),
    "lexicon/triggers.tsv": Schema(
        ("id", "kind", "lemma", "constraint", "cameo", "plover", "mode", "flags"), required=3,
        choices={"kind": _s("verb", "noun", "adj", "adv", "modal")},
        flags={"flags": TRIGGER_FLAGS}),
    "places/admin1.tsv": Schema(("country", "admin1code", "name", "lat", "lon", "population",
                                 "geonameid"), required=6),
    "places/admin2.tsv": Schema(("country", "admin1code", "name", "lat", "lon", "population"),
                                required=6),
    "places/aliases.tsv": Schema(("alias", "target"), required=2),
    "places/cities500.tsv.gz": _CITIES,
    "places/us_localities.tsv.gz": _CITIES,
    "places/admin2_us.tsv": Schema(("country", "admin1code", "name", "lat", "lon", "population"),
                                   required=6),
    "places/place_modifiers.tsv": _WORDS,
    "places/countries.tsv": Schema(("iso2", "iso3", "geonameid", "name", "lat", "lon",
                                    "population", "capital", "continent", "alternate_names",
                                    "demonym"), required=4),
    "places/country_points.tsv": Schema(("iso2", "lat", "lon", "name"), required=3),
    "places/demonyms.tsv": Schema(("demonym", "target"), required=2),
    "places/event_location.tsv": Schema(("kind", "word"), required=2, choices={"kind": _s(
        "locative_prep", "motion_prep", "motion_event", "statement_event", "statement_lemma")}),
    "places/facilities.tsv": Schema(("kind", "word"), required=2,
                                    choices={"kind": _s("head", "lead", "of", "seat")}),
    "places/metonymy.tsv": Schema(("kind", "word"), required=2, choices={"kind": _s(
        "subject_literal", "possessor_agentive")}),
    "places/not_places.tsv": Schema(("name",)),
    "places/regions.tsv": Schema(("name", "aliases", "lat", "lon", "fcode", "continent"),
                                 required=("name", "lat", "lon", "fcode")),
    "plover/cameo_plover.tsv": Schema(("cameo", "plover", "mode", "context", "description"),
                                      required=2),
    "plover/goldstein.tsv": Schema(("cameo", "goldstein"), required=2),
    "plover/overrides.tsv": Schema(("cameo", "plover", "mode"), required=2),
    "link/boilerplate.tsv": Schema(("kind", "pattern"), required=2,
                                   choices={"kind": _s("body", "headline")}),
    "read/abbreviations.txt": _WORDS,
    "read/binary_signatures.tsv": Schema(("hex", "what", "advice"), required=3),
    "quotes/cues.tsv": Schema(("cue", "kind", "quotes", "status", "lexicon"), required=5,
                              choices={"kind": _s("verb", "prep", "noun"),
                                       "quotes": _s("both", "direct", "indirect", "-"),
                                       "status": _s("yes", "-"), "lexicon": _s("yes", "-")}),
    "lexicon/future_aux.tsv": Schema(("word", "kind"), required=2,
                                     choices={"kind": _s("future", "conditional")}),
    "times/lexicon.tsv": Schema(("kind", "word", "value"), required=2, choices={"kind": _s(
        "month", "weekday", "season", "ordinal", "number", "decade", "unit", "holiday", "ref",
        "day_part", "clock_word", "set_word", "verb_ref", "day_ordinal", "sport_word")}),
}

MAX_LINE = 100_000  # characters: no curated row comes near; a longer one is a broken file


def schema_of(path: Path) -> Schema:
    try:
        rel = path.resolve().relative_to(DATA_DIR).as_posix()
    except ValueError:  # a copy of the data directory (Resources(data_dir=...))
        rel = "/".join(path.parts[-2:])
    schema = SCHEMAS.get(rel)
    if schema is None:
        raise DataFileError(f"{path}: no schema declared for this data file (eventwire.datafile)")
    return schema


def read_tsv(path: Path, schema: Schema | None = None) -> Iterator[list[str]]:
    """The rows of a data file, each padded to the schema's columns, checked as read."""
    schema = schema or schema_of(path)
    width = len(schema.columns)
    index = {c: i for i, c in enumerate(schema.columns)}
    required = (schema.columns[:schema.required] if isinstance(schema.required, int)
                else schema.required)
    required_at = [(index[c], c) for c in required]
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if len(line) > MAX_LINE:
                raise DataFileError(f"{path}:{n}: line longer than {MAX_LINE} characters")
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            row = line.split("\t")
            if len(row) > width:
                raise DataFileError(f"{path}:{n}: {len(row)} columns, the file has {width} "
                                    f"({', '.join(schema.columns)})")
            row += [""] * (width - len(row))
            for i, col in required_at:
                if not row[i].strip():
                    raise DataFileError(f"{path}:{n}: empty {col!r}")
            for col, allowed in schema.choices.items():
                v = row[index[col]]
                if v and v not in allowed:
                    raise DataFileError(f"{path}:{n}: unknown {col} {v!r} "
                                        f"(one of {', '.join(sorted(allowed))})")
            for col, allowed in schema.flags.items():
                bad = set(row[index[col]].split()) - allowed
                if bad:
                    raise DataFileError(f"{path}:{n}: unknown {col} {', '.join(sorted(bad))} "
                                        f"(known: {', '.join(sorted(allowed))})")
            yield row


def word_set(path: Path, lower: bool = True) -> frozenset[str]:
    """A one-word-per-line list (``.txt``) as a set."""
    return frozenset((r[0].strip().lower() if lower else r[0].strip()) for r in read_tsv(path))


def kind_sets(path: Path) -> dict[str, frozenset[str]]:
    """A ``kind <TAB> word`` file as {kind: words}."""
    out: dict[str, set[str]] = {}
    for kind, word, *_ in read_tsv(path):
        out.setdefault(kind, set()).add(word)
    return {k: frozenset(v) for k, v in out.items()}
