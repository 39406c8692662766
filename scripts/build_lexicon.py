"""Build src/eventwire/data/lexicon/cameo_verbs.tsv from PETRARCH2's CAMEO verb dictionary.

    python scripts/build_lexicon.py [../shared/reference/petrarch2/CAMEO.2.0.txt]

Source: openeventdata/petrarch2, CAMEO.2.0.txt (MIT, (c) 2015 Open Event Data
Alliance). Kept: each verb with the code of its block (or its own code), and the
simple patterns "- * NOUN [code]" (the verb's direct object) and
"- * (PREP NOUN) [code]" (a prepositional object), with &SYNSETS expanded.
Dropped: CAMEO 01 (statements, not events), "[---]" (no event), multi-word
phrases and patterns with words before the verb, which a dependency parse
does not need or which are too loose to code from without PETRARCH's full
phrase machinery. The hand-curated triggers.tsv is consulted before this file.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from eventwire.code.ontology import Ontology  # noqa: E402

OUT = ROOT / "src/eventwire/data/lexicon/cameo_verbs.tsv"
DEFAULT_SRC = Path(__file__).resolve().parents[2] / "shared" / "reference" / "petrarch2" / "CAMEO.2.0.txt"

BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
VERB = re.compile(r"^(\+?[A-Z][A-Z_'-]*)\s*(\{[^}]*\})?\s*(\[([^\]]*)\])?")
PATTERN = re.compile(r"^-\s+\*\s+(.+?)\s*\[([^\]]*)\]")
SIMPLE_OBJ = re.compile(r"^(&?[A-Z][A-Z'-]*)$")
SIMPLE_PP = re.compile(r"^\(([A-Z]+)\s+(&?[A-Z][A-Z'-]*)\)$")


def code_of(raw: str) -> str | None:
    code = raw.split(":")[0].strip()
    if not code or code.startswith("-") or not code[:2].isdigit() or code.startswith("01"):
        return None
    return code


def lemma(word: str) -> str:
    """A rough lemma for dictionary nouns (SANCTIONS -> sanction)."""
    w = word.lower().strip("_").replace("_", " ")
    for suf, rep in (("ies", "y"), ("sses", "ss"), ("s", "")):
        if w.endswith(suf) and len(w) > len(suf) + 2 and not w.endswith("ss"):
            return w[: -len(suf)] + rep
    return w


def main(src: Path) -> None:
    lines = src.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets: dict[str, list[str]] = {}
    cur = None
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            cur = line.strip().rstrip("_")
            synsets[cur] = []
        elif line.startswith("+") and cur:
            synsets[cur].append(line[1:].split("#")[0].strip())
    onto = Ontology()
    rows: list[tuple[str, str, str, str]] = []  # lemma, constraint, cameo, source
    block_code = None
    verbs: list[str] = []
    started = False
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            started = True
            continue
        if not started or not line.strip() or line.startswith("#"):
            continue
        line = line.split("#")[0].rstrip()
        if m := BLOCK.match(line):
            block_code, verbs = code_of(m.group(2)), []
            continue
        if m := PATTERN.match(line):
            code = code_of(m.group(2))
            if not code or not onto.get(code) or not verbs:
                continue
            body = m.group(1).strip()
            if mo := SIMPLE_OBJ.match(body):
                words, constraint = mo.group(1), "obj"
            elif mp := SIMPLE_PP.match(body):
                words, constraint = mp.group(2), "pobj:" + mp.group(1).lower()
            else:
                continue
            objs = synsets.get(words.rstrip("_"), [words]) if words.startswith("&") else [words]
            objs = sorted({lemma(o) for o in objs if " " not in o and "_" not in o.strip("_")})
            if objs:
                for v in verbs:
                    rows.append((v, f"{constraint}={'|'.join(objs)}", code, "pattern"))
            continue
        if m := VERB.match(line):
            word = m.group(1)
            if word.startswith("+"):
                continue  # multi-word verb forms: left to the hand lexicon
            verbs.append(word.lower())
            code = code_of(m.group(4)) if m.group(4) else block_code
            if code and onto.get(code):
                rows.append((word.lower(), "", code, "verb"))
    seen = set()
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# id\tkind\tlemma\tconstraint\tcameo\n")
        f.write("# Built by scripts/build_lexicon.py from PETRARCH2 CAMEO.2.0.txt (MIT, Open Event "
                "Data Alliance). Do not edit: curate triggers.tsv instead.\n")
        n = 0
        for lem, constraint, code, source in rows:
            key = (lem, constraint)
            if key in seen:
                continue  # first pattern wins, as in PETRARCH's block order
            seen.add(key)
            n += 1
            f.write(f"p2.{lem}.{n}\tverb\t{lem}\t{constraint}\t{code}\n")
    print(f"{n} entries -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SRC)
