"""Build src/eventwire/data/plover/cameo_plover.tsv from the PLOVER project's CAMEO2PLOVER table.

    python scripts/build_plover.py [../shared/reference/plover/CAMEO2PLOVER-2021.txt]

Source: openeventdata/PLOVER, CAMEO2PLOVER-2021.txt (CC BY-SA 4.0). CAMEO 01
(public statements) has no PLOVER type; CAMEO 02 (appeals) is PLOVER REQUEST
(the PLOVER manual folds CAMEO's APPEAL and DEMAND into REQUEST), so its codes
are added here with the modes of their 10x counterparts.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/eventwire/data/plover/cameo_plover.tsv"
DEFAULT_SRC = Path(__file__).resolve().parents[2] / "shared" / "reference" / "plover" / "CAMEO2PLOVER-2021.txt"
LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,\s*([^,#]*?)\s*(?:,\s*([^#]*?))?\s*(?:#\s*(.*))?$")

# CAMEO 02 "Appeal" -> REQUEST (not in the 2021 table); mode as for the 10x codes.
APPEALS = [
    ("020", "", "Make an appeal or request"), ("021", "assist", "Appeal for material cooperation"),
    ("0211", "assist", "Appeal for economic cooperation"), ("0212", "assist", "Appeal for military cooperation"),
    ("0213", "assist", "Appeal for judicial cooperation"), ("0214", "assist", "Appeal for intelligence"),
    ("022", "assist", "Appeal for diplomatic cooperation"), ("023", "assist", "Appeal for aid"),
    ("0231", "assist", "Appeal for economic aid"), ("0232", "assist", "Appeal for military aid"),
    ("0233", "assist", "Appeal for humanitarian aid"), ("0234", "assist", "Appeal for military protection or peacekeeping"),
    ("024", "change", "Appeal for political reform"), ("0241", "change", "Appeal for change in leadership"),
    ("0242", "change", "Appeal for policy change"), ("0243", "change", "Appeal for rights"),
    ("0244", "change", "Appeal for change in institutions, regime"), ("025", "yield", "Appeal to yield"),
    ("0251", "yield", "Appeal for easing of administrative sanctions"), ("0252", "yield", "Appeal for easing of popular dissent"),
    ("0253", "yield", "Appeal for release of persons or property"), ("0254", "yield", "Appeal for easing of economic sanctions"),
    ("0255", "yield", "Appeal to allow international involvement"), ("0256", "yield", "Appeal for de-escalation of military engagement"),
    ("026", "meet", "Appeal to others to meet or negotiate"), ("027", "meet", "Appeal to others to settle dispute"),
    ("028", "meet", "Appeal to others to engage in or accept mediation"),
]


def main(src: Path) -> None:
    rows: dict[str, tuple[str, str, str, str]] = {}
    for code, mode, desc in APPEALS:
        rows[code] = ("REQUEST", mode, "", desc)
    for raw in src.read_text(encoding="utf-8").splitlines():
        m = LINE.match(raw.strip())
        if not m or len(m.group(1)) < 3:
            continue  # two-digit lines are section headers
        code, plover, mode, context, desc = m.groups()
        mode = (mode or "").strip().replace(" ", "")
        context = ";".join(c.strip() for c in (context or "").split(";") if c.strip())
        rows.setdefault(code, (plover, mode, context, (desc or "").strip()))
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# cameo\tplover\tmode\tcontext\tdescription\n")
        f.write("# Built by scripts/build_plover.py from openeventdata/PLOVER CAMEO2PLOVER-2021.txt"
                " (CC BY-SA 4.0); CAMEO 02x added as REQUEST.\n")
        for code in sorted(rows):
            f.write("\t".join((code, *rows[code])) + "\n")
    print(f"{len(rows)} CAMEO codes -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SRC)
