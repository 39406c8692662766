"""Exports of event items: CSV, JSONL (PLOVER article-record form), Parquet, GDELT TSV."""
from .rows import events_from_record, flat
from .writers import FORMATS, write

__all__ = ["FORMATS", "events_from_record", "flat", "write"]
