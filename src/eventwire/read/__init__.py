"""Read articles from files, directories, globs and stdin.

``read_inputs`` yields :class:`~eventwire.model.Article` or :class:`InputError`
values: one bad input never stops the batch, and the caller decides how to
report it. The format is chosen by extension (after ``.gz``), else by content.
"""
from __future__ import annotations

import glob
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..model import Article
from .base import InputError, make_article
from .binary import SNIFF_BYTES, binary_kind, wide_text
from .csvfile import read_csv
from .feed import read_feed
from .html import read_html
from .jsonl import read_json, read_jsonl
from .text import read_text
from .warc import read_warc

__all__ = ["InputError", "read_inputs", "read_path", "read_bytes", "make_article"]

TextReader = Callable[[str, str], Iterator[Article | InputError]]

BY_EXTENSION: dict[str, TextReader] = {
    ".jsonl": read_jsonl, ".ndjson": read_jsonl, ".json": read_json,
    ".csv": read_csv, ".tsv": read_csv,
    ".html": read_html, ".htm": read_html,
    ".rss": read_feed, ".atom": read_feed, ".xml": read_feed,
    ".txt": read_text, ".text": read_text,
}
# Files in a directory that are not articles.
SKIP_NAMES = {".DS_Store", "README", "README.md", "LICENSE"}
# One input's bytes, on disk or decompressed: a batch file of ~100k articles fits; a bomb or
# a sparse file is refused before it can take the machine's memory.
MAX_INPUT_BYTES = 256 * 2**20
# Text compresses 3-10 times; beyond this ratio, past the first few MiB, it is a bomb.
MAX_GZIP_RATIO = 100
RATIO_CHECK_FROM = 16 * 2**20


def sniff(head: str) -> TextReader:
    """Guess the format of an input with no telling extension from its start."""
    s = head.lstrip("\ufeff \t\r\n")[:512].lower()
    if s.startswith("{"):
        return read_jsonl
    if s.startswith("["):
        return read_json
    if s.startswith("<?xml") or s.startswith("<rss") or s.startswith("<feed"):
        return read_feed if ("<rss" in s or "<feed" in s or "<rdf" in s) else read_html
    if s.startswith("<!doctype html") or s.startswith("<html"):
        return read_html
    return read_text


def decode(data: bytes, origin: str) -> str | InputError:
    wide = wide_text(data[:SNIFF_BYTES])  # UTF-16 of ASCII text would decode as UTF-8 + NULs
    if wide:
        return InputError(origin, f"{wide} text, not UTF-8; convert it, e.g. "
                                  f"iconv -f {wide.lower()} -t utf-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return InputError(origin, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset "
                                 f"{e.start}); convert it, e.g. iconv -f cp1252 -t utf-8")


def gunzip(data: bytes, origin: str) -> bytes | InputError:
    """Decompress in bounded steps (all members), refusing a bomb before it is in memory."""
    out = bytearray()
    rest = data
    while rest:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while rest:
                out += d.decompress(rest, 1 << 20)
                rest = d.unconsumed_tail
                if len(out) > MAX_INPUT_BYTES:
                    return InputError(origin, f"decompresses to more than {MAX_INPUT_BYTES:,} "
                                              "bytes; split it into smaller files")
                if len(out) > RATIO_CHECK_FROM and len(out) > MAX_GZIP_RATIO * len(data):
                    return InputError(origin, f"decompresses more than {MAX_GZIP_RATIO} times "
                                              "its size: not a text archive (a gzip bomb?)")
                if d.eof:
                    break
            out += d.flush()
        except zlib.error as e:
            return InputError(origin, f"broken gzip file: {e}")
        if not d.eof:
            return InputError(origin, "broken gzip file: truncated")
        rest = d.unused_data  # a further gzip member, or nothing
        if rest and rest[:2] != b"\x1f\x8b":
            break  # trailing garbage after the last member: as gzip(1), ignore it
    return bytes(out)


def read_bytes(data: bytes, origin: str, name: str = "") -> Iterator[Article | InputError]:
    """Read one input's bytes; ``name`` (a file name) chooses the format. An input that
    gives neither an article nor an error (an empty JSON Lines file, a feed without
    entries) is one error: asked to read it, the user expects something from it."""
    n = 0
    for n, item in enumerate(_read_bytes(data, origin, name), 1):
        yield item
    if n == 0:
        yield InputError(origin, "nothing to read: no articles in this input")


def _read_bytes(data: bytes, origin: str, name: str) -> Iterator[Article | InputError]:
    name = name.lower()
    if name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        unpacked = gunzip(data, origin)
        if isinstance(unpacked, InputError):
            yield unpacked
            return
        data = unpacked
        name = name[:-3] if name.endswith(".gz") else name
    if name.endswith((".warc", ".arc")) or data[:5] == b"WARC/":
        yield from read_warc(data, origin)
        return
    kind = binary_kind(data)
    if kind is not None:
        yield InputError(origin, f"not a text file: {kind.what}; {kind.advice}")
        return
    content = decode(data, origin)
    if isinstance(content, InputError):
        yield content
        return
    reader = BY_EXTENSION.get(os.path.splitext(name)[1]) or sniff(content)
    yield from reader(content, origin)


def read_path(path: Path) -> Iterator[Article | InputError]:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:  # checked before reading: a sparse 1 GB file costs nothing
            yield InputError(str(path), f"{size:,} bytes is over the {MAX_INPUT_BYTES:,}-byte "
                                        "limit per input file; split it")
            return
        data = path.read_bytes()
    except OSError as e:
        yield InputError(str(path), f"cannot read: {e.strerror or e}")
        return
    yield from read_bytes(data, str(path), path.name)


def _expand(spec: str) -> Iterator[Path | InputError]:
    if any(c in spec for c in "*?[") and not Path(spec).exists():  # a real name is literal
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield InputError(spec, "no file matches this pattern")
        for m in matches:
            yield from _expand(m)
        return
    p = Path(spec)
    if p.is_dir():
        found = False
        for f in sorted(p.rglob("*")):
            if f.is_file() and f.name not in SKIP_NAMES and not f.name.startswith("."):
                found = True
                yield f
        if not found:
            yield InputError(spec, "nothing to read: the directory has no files (hidden "
                                   "files, README and LICENSE are skipped)")
    elif p.exists():
        yield p
    else:
        yield InputError(spec, "no such file or directory")


def read_inputs(specs: Iterable[str]) -> Iterator[Article | InputError]:
    """Articles from every input: files, directories (recursive), globs, ``-`` (stdin)."""
    for spec in specs:
        if spec == "-":
            yield from read_bytes(sys.stdin.buffer.read(), "<stdin>")
            continue
        for p in _expand(spec):
            if isinstance(p, InputError):
                yield p
            else:
                yield from read_path(p)
