"""Closed-class word lists several modules share, each read from one data file (no module
keeps its own copy): the speech cues (``data/quotes/cues.tsv``, whose columns say which
users count each cue) and the future auxiliaries (``data/lexicon/future_aux.tsv``)."""
from __future__ import annotations

from pathlib import Path

from .datafile import DATA_DIR, read_tsv

CUES_FILE = DATA_DIR / "quotes" / "cues.tsv"
FUTURE_AUX_FILE = DATA_DIR / "lexicon" / "future_aux.tsv"


def speech_cues(path: Path = CUES_FILE) -> list[tuple[str, str, str, bool, bool]]:
    """(cue, kind, quote frames, in status's list, in lexicon's list) per cues.tsv row."""
    return [(c, k, f, s == "yes", lx == "yes") for c, k, f, s, lx in read_tsv(path)]


def speech_verbs(user: str, path: Path = CUES_FILE) -> frozenset[str]:
    """The verbs of saying one user counts: ``status`` or ``lexicon``."""
    col = {"status": 3, "lexicon": 4}[user]
    return frozenset(r[0] for r in speech_cues(path) if r[1] == "verb" and r[col])


def future_auxiliaries(*kinds: str, path: Path = FUTURE_AUX_FILE) -> frozenset[str]:
    """Auxiliaries that put a verb in the future, by kind: ``future`` (will, shall) and
    ``conditional`` (would: future in the past, or a condition)."""
    return frozenset(w for w, k in read_tsv(path) if k in kinds)
