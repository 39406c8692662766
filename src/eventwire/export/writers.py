"""Writers for event items: CSV, JSONL (PLOVER article-record form), Parquet, GDELT TSV.

Each ``write_*`` takes an iterable of event items (see :mod:`.rows`) and a binary
or text sink; ``iter_csv``/``iter_jsonl``/``iter_gdelt`` yield text chunks for
streaming HTTP responses.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .rows import FLAT_COLUMNS, flat

FORMATS = ("csv", "jsonl", "parquet", "gdelt")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "gdelt": "text/tab-separated-values; charset=utf-8",
}
SUFFIXES = {"csv": "csv", "jsonl": "jsonl", "parquet": "parquet", "gdelt": "tsv"}
_CHUNK = 500  # rows per streamed chunk


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): quoted with a "'".
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def iter_csv(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    w.writeheader()
    for n, item in enumerate(items, 1):
        w.writerow({k: _inert(v) for k, v in flat(item).items()})
        if n % _CHUNK == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _batched(lines: Iterable[str]) -> Iterator[str]:
    # A streamed response pays per chunk: hand it hundreds of lines at a time.
    buf: list[str] = []
    for line in lines:
        buf.append(line)
        if len(buf) == _CHUNK:
            yield "".join(buf)
            buf.clear()
    if buf:
        yield "".join(buf)


def iter_jsonl(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    return _batched(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


# GDELT 2.0 event table, 61 columns in GDELT's order.
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO] + ["DATEADDED", "SOURCEURL"]
)


def _gdelt_actor(parts: list[dict[str, Any]]) -> dict[str, str]:
    if not parts:
        return {}
    p = parts[0]  # GDELT has one actor per side; the first is the principal one
    code = (p.get("code") or "").upper()
    sector = p.get("sector") or ""
    return {
        "Code": code + sector if code not in ("", "UNK") else sector,
        "Name": (p.get("name") or p.get("text") or "").upper(),
        "CountryCode": code if len(code) == 3 and code.isalpha() else "",
        "KnownGroupCode": code if code and not (len(code) == 3 and code.isalpha()) else "",
        "Type1Code": sector,
    }


def gdelt_row(item: dict[str, Any]) -> list[str]:
    y, m, d = date_parts(item.get("date") or (item.get("article") or {}).get("date"))
    # GDELT has day-precision dates only; a month- or year-only date is padded with 00.
    sqldate = f"{y}{m or '00'}{d or '00'}" if y else ""
    frac = ""
    if y:
        frac = f"{int(y) + ((int(m or 1) - 1) * 30.4 + int(d or 1)) / 365:.4f}"
    cameo = item.get("cameo") or ""
    place = item.get("place") or {}
    merged = item.get("merged") or {}
    row = dict.fromkeys(GDELT_COLUMNS, "")
    row.update(GLOBALEVENTID=item["id"], SQLDATE=sqldate, MonthYear=f"{y}{m}" if m else "",
               Year=y, FractionDate=frac, IsRootEvent="1", EventCode=cameo,
               EventBaseCode=cameo[:3], EventRootCode=cameo[:2],
               QuadClass=_s(item.get("quad_class")), GoldsteinScale=_s(item.get("goldstein")),
               NumMentions=_s(merged.get("num_mentions") or 1),
               NumSources=_s(merged.get("num_sources") or 1),
               NumArticles=_s(merged.get("num_articles") or 1),
               DATEADDED=((item.get("article") or {}).get("date") or "").replace("-", ""),
               SOURCEURL=(item.get("article") or {}).get("url") or "")
    for n, role in ((1, "actor"), (2, "recipient")):
        for k, v in _gdelt_actor(item.get(role) or []).items():
            row[f"Actor{n}{k}"] = v
    if place.get("lat") is not None:
        row.update({"ActionGeo_Type": "4", "ActionGeo_FullName": place.get("name") or place.get("text") or "",
                    "ActionGeo_CountryCode": place.get("country") or "",
                    "ActionGeo_Lat": _s(place.get("lat")), "ActionGeo_Long": _s(place.get("lon")),
                    "ActionGeo_FeatureID": _s(place.get("geonames_id"))})
    return [_tsv(row[c]) for c in GDELT_COLUMNS]


def date_parts(date: str | None) -> tuple[str, str, str]:
    """Year, month, day of a TIMEX-style value; ``2019-W52`` or ``2019-12-WE`` keep what is
    a calendar field ("2019", "" / "2019", "12") and drop the rest."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?!\d)", date or "")
    return (m.group(1), m.group(2) or "", m.group(3) or "") if m else ("", "", "")


def _s(v: Any) -> str:
    return "" if v is None else str(v)


def _tsv(v: str) -> str:
    return v.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def iter_gdelt(items: Iterable[dict[str, Any]], header: bool = True) -> Iterator[str]:
    if header:
        yield "\t".join(GDELT_COLUMNS) + "\n"
    yield from _batched("\t".join(gdelt_row(item)) + "\n" for item in items)


def partition_of(row: dict[str, Any]) -> tuple[str, str]:
    """(year, month) a flat row is filed under: the event's date, else its article's."""
    y, m, _ = date_parts(row["date"] or row["article_date"])
    return y or "unknown", m or "unknown"


def parquet_table(items: Iterable[dict[str, Any]]):
    """A pyarrow Table: the flat columns plus the participants as list<struct> columns."""
    import pyarrow as pa

    rows = []
    for item in items:
        row = flat(item)
        for role in ("actor", "recipient"):
            row[f"{role}s"] = [{"code": p.get("code"), "sector": p.get("sector"), "name": p.get("name")}
                               for p in item.get(role) or []]
        row["year"], row["month"] = partition_of(row)
        rows.append(row)
    part = pa.struct([("code", pa.string()), ("sector", pa.string()), ("name", pa.string())])
    schema = pa.schema(
        [(c, pa.int64() if c in _INT_COLS else pa.float64() if c in _FLOAT_COLS else pa.string())
         for c in FLAT_COLUMNS]
        + [("actors", pa.list_(part)), ("recipients", pa.list_(part)),
           ("year", pa.string()), ("month", pa.string())])
    return pa.Table.from_pylist(rows, schema=schema)


_INT_COLS = {"quad_class", "trigger_start", "trigger_end", "evidence_start", "evidence_end",
             "num_mentions", "num_articles", "num_sources"}
_FLOAT_COLS = {"goldstein", "lat", "lon", "confidence"}


def write_parquet(items: Iterable[dict[str, Any]], out: Path | io.BytesIO,
                  partitioned: bool = False) -> None:
    """One Parquet file, or (``partitioned``) a directory ``year=YYYY/month=MM/``."""
    import pyarrow.parquet as pq

    table = parquet_table(items)
    if partitioned:
        pq.write_to_dataset(table, root_path=str(out), partition_cols=["year", "month"],
                            existing_data_behavior="delete_matching")
    else:
        pq.write_table(table.drop_columns(["year", "month"]), out)


def write(items: Iterable[dict[str, Any]], fmt: str, out: Path, partitioned: bool = False) -> None:
    """Write items to ``out`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        write_parquet(items, out, partitioned=partitioned)
        return
    chunks = {"csv": iter_csv, "jsonl": iter_jsonl, "gdelt": iter_gdelt}[fmt](items)
    with open(out, "w", encoding="utf-8", newline="") as f:
        for chunk in chunks:
            f.write(chunk)
