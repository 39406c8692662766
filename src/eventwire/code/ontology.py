"""PLOVER types and modes, CAMEO codes, QuadClass and Goldstein weights, read from data files.

``data/plover/cameo_plover.tsv`` (built from PLOVER's CAMEO2PLOVER-2021 table by
``scripts/build_plover.py``), ``overrides.tsv`` (this project's departures, per
GUIDELINES.md) and ``goldstein.tsv`` (Goldstein 1992 weights per CAMEO code).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..datafile import DATA_DIR as _DATA, read_tsv

DATA_DIR = _DATA / "plover"

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                "MOBILIZE", "COERCE", "ASSAULT")

# CAMEO root (two digits) -> QuadClass: 1 verbal cooperation, 2 material cooperation,
# 3 verbal conflict, 4 material conflict (the CAMEO/GDELT convention).
_QUAD_BY_ROOT = {**{f"{r:02d}": 1 for r in range(1, 6)}, **{f"{r:02d}": 2 for r in range(6, 9)},
                 **{f"{r:02d}": 3 for r in range(9, 14)}, **{f"{r:02d}": 4 for r in range(14, 21)}}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    plover: str
    mode: str | None
    context: str | None
    description: str
    quad_class: int | None
    goldstein: float | None


class Ontology:
    """CAMEO code → PLOVER type/mode/QuadClass/Goldstein, and the reverse view."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        weights = {r[0]: float(r[1]) for r in read_tsv(data_dir / "goldstein.tsv")}
        overrides = {r[0]: (r[1], r[2]) for r in read_tsv(data_dir / "overrides.tsv")}
        self.codes: dict[str, CameoCode] = {}
        for code, plover, mode, context, desc in read_tsv(data_dir / "cameo_plover.tsv"):
            if code in overrides:
                plover, mode = overrides[code]
            self.codes[code] = CameoCode(
                code=code, plover=plover, mode=mode or None, context=context or None,
                description=desc, quad_class=_QUAD_BY_ROOT.get(code[:2]),
                goldstein=self._weight(code, weights))
        self.by_type: dict[str, list[str]] = {t: [] for t in PLOVER_TYPES}
        for c in self.codes.values():
            self.by_type.setdefault(c.plover, []).append(c.code)

    @staticmethod
    def _weight(code: str, weights: dict[str, float]) -> float | None:
        for n in range(len(code), 1, -1):  # nearest listed parent
            if code[:n] in weights:
                return weights[code[:n]]
        return None

    def get(self, code: str | None) -> CameoCode | None:
        """The entry for a CAMEO code; an unlisted sub-code falls back to its parent."""
        if not code:
            return None
        for n in range(len(code), 2, -1):
            if code[:n] in self.codes:
                return self.codes[code[:n]]
        return None

    def codes_for(self, plover: str) -> list[str]:
        """The reverse view: every CAMEO code that maps to a PLOVER type."""
        return list(self.by_type.get(plover, []))
