"""Trigger lexicon: verb, noun and adjective patterns → CAMEO code (→ PLOVER type and mode).

Two data files, consulted in order: ``data/lexicon/triggers.tsv`` (curated by
hand for modern wire language) and ``data/lexicon/cameo_verbs.tsv`` (verb +
object patterns generated from PETRARCH2's CAMEO.2.0 dictionary by
``scripts/build_lexicon.py``). Only the patterns with an object or
prepositional constraint are used from the latter: its bare verb defaults
("think" 040, "take" 171) are far too loose to code from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from ..datafile import DATA_DIR as _DATA, read_tsv, word_set
from ..parse.tree import is_root
from .ontology import Ontology

DATA_DIR = _DATA / "lexicon"

# Verbs of saying whose PETRARCH2 patterns are not used ("stressed the need" 020, "announced
# a plan" 030): what a statement does is decided by triggers.tsv and the speech-act entries.
SAYING = frozenset({"say", "state", "tell", "add", "report", "note", "stress", "emphasize",
                    "emphasise", "insist", "inform", "explain", "write", "believe", "think",
                    "quote", "reiterate", "underline", "point", "indicate", "suggest", "recall",
                    "mention", "argue", "assert", "comment", "remark", "repeat", "announce",
                    "affirm", "claim"})
BLOCK = "NONE"  # plover column of an entry that blocks: "dismissed suggestions" is no REJECT
OBJ_DEPS = frozenset({"dobj", "obj"})
CLAUSE_DEPS = frozenset({"xcomp", "ccomp"})
VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    kind: str  # verb | noun | adj | modal (a modal auxiliary: "Israel should abandon ...")
    lemma: str  # head lemma
    particle: str | None  # "down" for "shoot down"
    constraints: tuple[tuple[str, str | None, frozenset[str]], ...]  # (name, arg, values)
    cameo: str
    plover: str
    mode: str | None
    flags: frozenset[str] = field(default_factory=frozenset)
    source: str = "hand"

    @property
    def specificity(self) -> float:
        """Listed values beat a wildcard ("reject allegations" before "reject *")."""
        return (sum(0.5 if "*" in v else 1 for _, _, v in self.constraints)
                + (1 if self.particle else 0) - ("low" in self.flags))


def _parse_constraints(text: str) -> tuple[tuple[str, str | None, frozenset[str]], ...]:
    out = []
    for term in text.split():
        name, _, values = term.partition("=")
        arg = None
        if ":" in name:
            name, arg = name.split(":", 1)
        out.append((name, arg, frozenset(v.replace("_", " ") for v in values.split("|"))))
    return tuple(out)


def governor(tok: Token, max_hops: int = 4) -> Token | None:
    """The verb a noun hangs from, through prepositions and nouns ("announced the launch of an offensive")."""
    return _governor(tok, max_hops)[0]


def object_governor(tok: Token) -> Token | None:
    """The verb whose object the noun is, directly or through "of" ("held talks", "announced the
    launch of an offensive"); None for adjuncts ("sent troops without Tripoli's request")."""
    verb, via = _governor(tok, 4)
    return verb if via <= {"of"} and tok.dep_ not in ("nsubj",) else None


def _governor(tok: Token, max_hops: int) -> tuple[Token | None, set[str]]:
    cur = tok
    via: set[str] = set()
    for _ in range(max_hops):
        head = cur.head
        if is_root(cur):
            return None, via
        if head.pos_ in VERB_POS:
            return head, via
        if head.pos_ not in ("ADP", "NOUN", "PROPN") or cur.dep_ in ("nsubj", "nsubjpass"):
            return None, via
        if head.pos_ == "ADP":
            via.add(head.lower_)
        elif cur.pos_ != "ADP" and cur.dep_ not in ("pobj", "conj", "appos"):
            via.add(cur.dep_)  # a noun modifying a noun ("strike" in "strike talks") is not its object
        cur = head
    return None, via


TEMPORAL_ENTS = frozenset({"DATE", "TIME"})


def _temporal(prep: Token) -> bool:
    """"on Wednesday", "in April": a time phrase, not an argument of the verb."""
    return any(g.ent_type_ in TEMPORAL_ENTS for g in prep.children if g.dep_ == "pobj")


def objects(tok: Token) -> list[Token]:
    """Direct objects, or the passive subject (what the verb acts on), with their conjuncts."""
    deps = ("nsubjpass",) if any(c.dep_ == "nsubjpass" for c in tok.children) else ("dobj", "obj")
    out = [c for c in tok.children if c.dep_ in deps]
    if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "a Molotov cocktail thrown at police"
        out.append(tok.head)
    return out


def _lemmas(toks: list[Token]) -> set[str]:
    out = set()
    for t in toks:
        out.add(t.lemma_.lower())
        out.add(t.lower_)
        for c in t.conjuncts:
            out.add(c.lemma_.lower())
        # "suspended aid deliveries": a compound names what the object is about
        out.update(c.lemma_.lower() for c in t.children if c.dep_ == "compound")
    return out


def _holds(entry: Entry, tok: Token) -> bool:
    for name, arg, values in entry.constraints:
        anyv = "*" in values
        if name == "obj":
            objs = objects(tok)
            if "-" in values:
                if objs:
                    return False
            elif not objs or not (anyv or _lemmas(objs) & values):
                return False
        elif name == "pobj":
            pobjs = [g for c in tok.children if c.dep_ in ("prep", "dative", "agent")
                     and c.lower_ == arg and not _temporal(c)
                     for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if not pobjs or not (anyv or _lemmas(pobjs) & values):
                return False
        elif name == "pp":  # on the verb, or hanging low from its object ("fired missiles over")
            if not any(c.dep_ in ("prep", "dative") and c.lower_ in values and not _temporal(c)
                       for x in (tok, *objects(tok)) for c in x.children) \
                    and not ("that" in values and any(c.dep_ == "ccomp" for c in tok.children)):
                return False
        elif name == "xcomp":
            comps = [c for c in tok.children if c.dep_ in CLAUSE_DEPS]
            comps += [g for c in tok.children if c.dep_ == "prep" for g in c.children
                      if g.dep_ == "pcomp"]  # "accused X of attacking"
            if not comps or not (anyv or _lemmas(comps) & values):
                return False
        elif name == "head":
            gov = object_governor(tok) if tok.pos_ in NOUN_POS else tok.head
            if gov is None or gov.i == tok.i:
                return False
            glem = gov.lemma_.lower()
            prt = next((c.lower_ for c in gov.children if c.dep_ == "prt"), None)
            if not anyv and glem not in values and (not prt or f"{glem} {prt}" not in values):
                return False
        elif name == "gov":
            if tok.dep_ != "pobj" or tok.head.lower_ not in values:
                return False
        elif name == "comp":  # a modifier; on a verb also "test" of a split "test-fired"
            mods = {c.lemma_.lower() for c in tok.children
                    if c.dep_ in ("compound", "amod", "nmod", "npadvmod")}
            if not mods & values:
                return False
        elif name == "nocomp":
            mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
            if mods & values:
                return False
    return True


class Lexicon:
    """Index of trigger entries by (kind, lemma); ``match(token)`` picks the most specific one."""

    def __init__(self, onto: Ontology, data_dir: Path = DATA_DIR,
                 use_cameo_patterns: bool = True) -> None:
        self.onto = onto
        self.index: dict[tuple[str, str], list[Entry]] = {}
        self._load(data_dir / "triggers.tsv", "hand")
        if use_cameo_patterns:
            self._load(data_dir / "cameo_verbs.tsv", "petrarch2")
        # word lists of the argument finder and the coder (see each file's header)
        self.topic_nouns = word_set(data_dir / "topic_nouns.txt", lower=False)
        self.no_context_agents = word_set(data_dir / "no_context_agents.txt")
        self.attack_instruments = word_set(data_dir / "attack_instruments.txt")

    def _load(self, path: Path, source: str) -> None:
        onto = self.onto
        for row in read_tsv(path):
            if source == "petrarch2":
                eid, kind, lemma, constraint, cameo = row
                plover = mode = flags = ""
                if not constraint:
                    continue  # bare CAMEO verb defaults: too loose (see module doc)
                if lemma.split()[0] in SAYING:
                    continue
            else:
                eid, kind, lemma, constraint, cameo, plover, mode, flags = row
            info = onto.get(cameo)
            if plover == BLOCK:
                info = None  # a blocking entry: the phrase is known not to be an event
            elif info is None and not plover:
                continue
            words = lemma.split()
            entry = Entry(
                id=eid, kind=kind, lemma=words[0], particle=words[1] if len(words) > 1 else None,
                constraints=_parse_constraints(constraint), cameo=cameo,
                plover=plover or info.plover, mode=(mode or (info.mode if info else None)) or None,
                flags=frozenset(flags.split()), source=source)
            self.index.setdefault((kind, entry.lemma), []).append(entry)
        for entries in self.index.values():
            # hand entries first, then the more specific; stable within a source
            entries.sort(key=lambda e: (e.source != "hand", -e.specificity))

    def candidates(self, tok: Token) -> list[Entry]:
        if tok.tag_ == "MD" and tok.dep_ == "aux":
            kind = "modal"
        elif tok.pos_ == "ADV" and tok.dep_ == "advmod" and tok.head.pos_ in VERB_POS:
            kind = "adv"
        elif tok.pos_ in VERB_POS:
            kind = "verb"
        elif tok.pos_ in NOUN_POS:
            kind = "noun"
        elif tok.pos_ == "ADJ":
            kind = "adj"
        else:
            return []
        return self.index.get((kind, tok.lemma_.lower()), [])

    def match(self, tok: Token) -> Entry | None:
        """The most specific entry that holds for the token (remembered on the doc: the rule
        coder and the learned coder's features ask for the same tokens)."""
        entries = self.candidates(tok)
        if not entries:
            return None
        memo = tok.doc.user_data.setdefault(("eventwire.lexicon", id(self)), {})
        if tok.i not in memo:
            memo[tok.i] = self._match(tok, entries)
        return memo[tok.i]

    def _match(self, tok: Token, entries: list[Entry]) -> Entry | None:
        prt = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
        for e in entries:
            if e.particle and e.particle != prt:
                continue
            if not e.particle and prt and e.source == "hand" and any(
                    x.particle == prt for x in entries):
                continue
            if _holds(e, tok):
                return e
        return None
