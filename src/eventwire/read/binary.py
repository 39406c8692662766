"""Tell a file that is not text (a picture, an archive, a database) from text in the wrong
encoding, before decoding it: "this is a PNG image" helps where "convert it with iconv"
misleads.

Known file types are told by their leading bytes (``data/read/binary_signatures.tsv``);
anything else with NUL bytes near its start is binary, except UTF-16/32 text, whose NULs
come with a byte-order mark or fall on every other byte.
"""
from __future__ import annotations

import codecs
from typing import NamedTuple

from ..datafile import DATA_DIR, read_tsv

SIGNATURES_TSV = DATA_DIR / "read" / "binary_signatures.tsv"
# Binary formats put NULs in their headers; 8 KiB is what git and grep(1) look at too.
SNIFF_BYTES = 8192
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Kind(NamedTuple):
    what: str
    advice: str


def _load_signatures() -> tuple[tuple[bytes, Kind], ...]:
    rows = []
    for magic, what, advice in read_tsv(SIGNATURES_TSV):
        rows.append((bytes.fromhex(magic), Kind(what, advice)))
    return tuple(rows)


SIGNATURES = _load_signatures()  # a 20-line file: read once, at import


def wide_text(head: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes look like text in that encoding, else None."""
    if head.startswith(_WIDE_BOMS[:2]):
        return "UTF-32"
    if head.startswith(_WIDE_BOMS[2:]):
        return "UTF-16"
    # Latin text in UTF-16 without a BOM: every other byte is NUL, the rest are not.
    even, odd = head[0::2], head[1::2]
    if len(head) >= 16 and (even.count(0) >= 0.9 * len(even) or odd.count(0) >= 0.9 * len(odd)) \
            and head.count(0) <= 0.6 * len(head):
        return "UTF-16"
    return None


def binary_kind(data: bytes) -> Kind | None:
    """What a non-text input is, or None when it may be text."""
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    head = data[:SNIFF_BYTES]
    if b"\x00" in head and wide_text(head) is None:
        return Kind("binary data: it has NUL bytes", "give a text, JSON Lines, CSV, HTML, "
                                                      "RSS/Atom or WARC file")
    return None
