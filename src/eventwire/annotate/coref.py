"""Who "he", "the spokesman" or "Peskov" is: resolve a mention to an Entity of the record.

Shared by the quote attributor and the event coder. Given the parsed Doc and
the record's entities (filled by the actors annotator), ``Coref.resolve(start,
end)`` returns the Entity a mention at those offsets refers to, or None when
the text does not make it clear: a wrong speaker is worse than none.

Rules, in order:
- a span that is (part of) an entity: that entity, made canonical (a surname
  "Peskov" with no KB name goes to the fullest earlier mention "Dmitry Peskov");
- a personal pronoun (he/she/his/her): the most salient PERSON in the current
  sentence before it, else in the two sentences before (subjects first, then
  the most recent); "it"/"its" and "they"/"their" likewise over organisations
  and places;
- a role noun from ``data/coref/roles.tsv`` ("the spokesman", "the president",
  "the ministry", "the Kremlin press service"): the organisation named inside
  the phrase, else the most recent entity whose title, office or name carries
  the role.

Written by hand: spaCy's small English model has no coreference component and
the neural resolvers (coreferee, fastcoref) need models we cannot ship; these
salience rules are the classic Hobbs/Lappin-Leass heuristics cut down to what
news attribution needs.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..datafile import DATA_DIR as _DATA, read_tsv
from ..model import ArticleRecord, Entity

DATA_DIR = _DATA / "coref"
PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "himself", "herself"})
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "herself"})
ORG_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
ORG_LABELS = frozenset({"ORG", "GPE", "NORP"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
SENTENCES_BACK = 2  # how far back a pronoun may look (beyond its own sentence)
MALE_HONORIFICS = frozenset({"mr", "mr.", "sir", "king", "prince", "lord"})
FEMALE_HONORIFICS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "queen",
                               "princess", "lady"})


@dataclass(frozen=True, slots=True)
class Role:
    phrase: str  # "press service"
    kind: str  # person | org
    titles: tuple[str, ...]


def load_roles(path: Path = DATA_DIR / "roles.tsv") -> dict[str, Role]:
    return {phrase: Role(phrase, kind, tuple(t.strip() for t in titles.split(",") if t.strip()))
            for phrase, kind, titles in read_tsv(path)}


def _words(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").replace("'s", "").replace(".", " ").split())


def _contains_phrase(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


@dataclass(slots=True)
class _Mention:
    entity: Entity
    sent: int  # sentence index
    subject: bool  # heads a subject
    title: str  # lower-cased words around the name that give a role: "kremlin spokesman"
    gender: str | None  # "m", "f" or None (unknown)


class Coref:
    """Per-article resolver; build once per (doc, record) after the actors annotator."""

    def __init__(self, doc: Doc, record: ArticleRecord, roles: dict[str, Role]) -> None:
        self.doc = doc
        self.record = record
        self.roles = roles
        self._sent_starts = [s.start_char for s in doc.sents]
        self.mentions: list[_Mention] = []
        for e in sorted(record.entities, key=lambda e: e.start):
            span = doc.char_span(e.start, e.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            head = span.root
            self.mentions.append(_Mention(
                entity=e, sent=self._sent_index(e.start),
                subject=head.dep_ in SUBJECT_DEPS or (
                    head.dep_ == "conj" and head.head.dep_ in SUBJECT_DEPS) or (
                    # "... Viktor Koronelli said": the parser missed the subject, the order did not
                    span.end < len(doc) and doc[span.end].pos_ in ("VERB", "AUX")
                    and doc[span.end].tag_ != "VBG"),
                title=_title_words(span, e), gender=_gender(span)))
        self._starts = [m.entity.start for m in self.mentions]
        self._canonical_cache: dict[str, Entity] = {}

    # ------------------------------------------------------------------ API
    def resolve(self, start: int, end: int, skip: tuple[tuple[int, int], ...] = ()) -> Entity | None:
        """The Entity the mention at ``text[start:end]`` refers to, or None.

        ``skip`` lists character ranges whose entities may not be antecedents
        (the quotation a "he said" follows: its words are not its speaker).
        """
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        own = self._entity_inside(start, end, span)
        role = _role_of(span, self.roles)
        if own is not None and own.label in ("NORP", "GPE") and role is not None \
                and role.kind == "person" and span.root.pos_ == "NOUN":
            own = None  # "the Russian top diplomat": a description of a person, not Russia
        if own is not None:
            if role is not None and role.kind == "org" and own.label in ORG_LABELS:
                return self.canonical(own)  # "the Kremlin press service" -> Kremlin
            if role is None or own.label == "PERSON" or role.kind == "org":
                return self.canonical(own)
        low = span.text.lower().strip()
        if len(span) == 1 and span[0].pos_ == "PRON" or low in PERSON_PRONOUNS | ORG_PRONOUNS | PLURAL_PRONOUNS:
            return self._pronoun(span[0], skip)
        if role is not None:
            return self._role(span, role, skip)
        return self._surname(span)

    def resolve_token(self, tok: Token, skip: tuple[tuple[int, int], ...] = ()) -> Entity | None:
        """Resolve the noun phrase headed by ``tok`` (a subject, an agent)."""
        left = tok
        for t in reversed(list(tok.lefts)):
            if t.dep_ in ("det", "compound", "amod", "poss", "nmod", "case", "punct") or t.ent_type_:
                left = t if t.i < left.i else left
        right = tok
        for t in tok.rights:
            if t.dep_ in ("compound", "flat") and t.i == right.i + 1:
                right = t
        return self.resolve(left.idx, right.idx + len(right.text), skip)

    def canonical(self, e: Entity) -> Entity:
        """The fullest mention of the same person or organisation (KB-named entities stay)."""
        if e.name or e.label not in ("PERSON", "ORG"):
            return e
        if e.id in self._canonical_cache:
            return self._canonical_cache[e.id]
        words = _words(e.text).split()
        best = e
        if words:
            for m in self.mentions:
                o = m.entity
                if o is e or o.label != e.label:
                    continue
                ow = _words(o.text).split()
                # "Peskov" -> "Dmitry Peskov": the same last word, a longer name
                if len(ow) > len(_words(best.text).split()) and ow[-len(words):] == words:
                    if o.start < e.start or best is e:
                        best = o
        if best is e and e.label == "ORG" and e.text.isupper() and len(e.text) >= 2:
            best = self._expansion(e) or e
        self._canonical_cache[e.id] = best
        return best

    def _expansion(self, acronym: Entity) -> Entity | None:
        """"LNA" -> "the Libyan National Army": an ORG whose capitalised words spell it."""
        for m in self.mentions:
            o = m.entity
            if o.label == "ORG" and o is not acronym:
                initials = "".join(w[0] for w in o.text.replace("-", " ").split()
                                   if w[:1].isupper())
                if initials == acronym.text:
                    return o
        return None

    # ------------------------------------------------------------ internals
    def _sent_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sent_starts, offset) - 1)

    def _entity_inside(self, start: int, end: int, span: Span) -> Entity | None:
        inside = []
        i = bisect.bisect_left(self._starts, start)
        for m in self.mentions[max(0, i - 3): i + 8]:
            e = m.entity
            if e.start < end and e.end > start:
                inside.append(e)
        if not inside:
            return None
        root = span.root.idx
        # the entity the phrase is about: the one holding its head word, else the
        # last person ("State Duma Deputy Speaker Anna Kuznetsova"), else the last
        at_root = [e for e in inside if e.start <= root < e.end]
        people = [e for e in inside if e.label == "PERSON"]
        return (at_root or people or inside)[-1]

    def _surname(self, span: Span) -> Entity | None:
        """An untagged proper name ("Hood said") that ends a person named earlier."""
        if not all(t.pos_ == "PROPN" for t in span if not t.is_punct):
            return None
        last = _words(span[-1].text)
        for m in self._candidates_before(span.start_char, ()):
            words = _words(m.entity.text).split()
            if m.entity.label == "PERSON" and len(words) > 1 and words[-1] == last:
                return self.canonical(m.entity)
        return None

    def _candidates_before(self, offset: int, skip) -> list[_Mention]:
        i = bisect.bisect_left(self._starts, offset)
        return [m for m in self.mentions[:i][::-1]
                if m.entity.end <= offset and not any(a <= m.entity.start < b for a, b in skip)]

    def _pronoun(self, tok: Token, skip) -> Entity | None:
        low = tok.lower_
        if low in PERSON_PRONOUNS:
            labels, gender = {"PERSON"}, "m" if low in MALE else "f" if low in FEMALE else None
        elif low in ORG_PRONOUNS:
            labels, gender = {"ORG", "GPE"}, None
        elif low in PLURAL_PRONOUNS:
            labels, gender = {"ORG", "NORP"}, None
        else:
            return None  # I, we, you: the speaker of a quotation, not an antecedent
        # a quotation the pronoun follows ('"...," he said') does not count as distance
        here = self._sent_index(min([tok.idx] + [a for a, b in skip if b <= tok.idx + 8]))
        back = SENTENCES_BACK if low in PERSON_PRONOUNS else 0  # "it"/"they": own sentence only
        cands = [m for m in self._candidates_before(tok.idx, skip)
                 if m.entity.label in labels and here - m.sent <= back
                 and (gender is None or m.gender in (None, gender))]
        if not cands:
            return None
        if low not in PERSON_PRONOUNS:
            # "it"/"they" name an organisation only as a subject ("The LNA has
            # stated that it ..."); otherwise they are usually things or people
            cands = [m for m in cands if m.subject]
            if not cands:
                return None
        if low in PLURAL_PRONOUNS and self._plural_people_before(tok, cands[0]):
            return None  # "Putin and Conte ... they": no single entity
        if low in PERSON_PRONOUNS:
            # a one-word "person" never named in full is often a mis-tagged place
            # ("Kiev"): use it only when no fully named person is in reach
            named = [m for m in cands if m.entity.kb_id or m.entity.name or
                     len(_words(self.canonical(m.entity).text).split()) > 1]
            cands = named or cands
        for sent in sorted({m.sent for m in cands}, reverse=True):
            in_sent = [m for m in cands if m.sent == sent]
            subjects = [m for m in in_sent if m.subject]
            chosen = (subjects or in_sent)[0]  # most recent first
            return self.canonical(chosen.entity)
        return None

    def _plural_people_before(self, tok: Token, org: _Mention) -> bool:
        for m in self._candidates_before(tok.idx, ()):
            if m.entity.start <= org.entity.start:
                return False
            if m.entity.label == "PERSON" and m.subject:
                return True
        return False

    def _role(self, span: Span, role: Role, skip) -> Entity | None:
        here = self._sent_index(min([span.start_char] + [a for a, b in skip
                                                         if b <= span.start_char + 8]))
        if role.kind == "org":
            # "the Kremlin press service": the organisation named inside the phrase
            for tok in span:
                if tok.ent_type_ in ORG_LABELS:
                    inner = self._entity_inside(tok.idx, tok.idx + len(tok), span)
                    if inner is not None:
                        return self.canonical(inner)
        for m in self._candidates_before(span.start_char, skip):
            e = m.entity
            if role.kind == "person" and e.label != "PERSON":
                continue
            if role.kind == "org":
                if e.label not in ORG_LABELS:
                    continue
                name = _words(e.name or e.text)
                after = _words(self.doc.text[e.end:e.end + 40])
                if any(_contains_phrase(name, t) or after.startswith(t) for t in role.titles):
                    return self.canonical(e)
                continue
            title = m.title + " " + _words(e.office or "")
            if any(_contains_phrase(title, t) for t in role.titles):
                return self.canonical(e)
            if "*" in role.titles and m.subject and here - m.sent <= SENTENCES_BACK:
                return self.canonical(e)  # "the diplomat": the person the text is about
        return None


def _role_of(span: Span, roles: dict[str, Role]) -> Role | None:
    """The role a noun phrase names, by its last words ("the Kremlin press service")."""
    words = _words(span.text).split()
    for n in (3, 2, 1):
        if len(words) >= n:
            r = roles.get(" ".join(words[-n:]))
            if r is not None:
                return r
    return None


def _title_words(span: Span, e: Entity) -> str:
    """Role words next to a name: "Kremlin Spokesman Dmitry Peskov", "Peskov, the Kremlin spokesman"."""
    doc = span.doc
    words: list[str] = []
    i = span.start - 1
    while i >= span.sent.start and span.start - i <= 6:
        t = doc[i]
        if t.text in ("’s", "'s", "-"):
            i -= 1
            continue
        if t.pos_ not in ("PROPN", "NOUN", "ADJ") or t.is_punct:
            break
        words.append(t.text)
        i -= 1
    title = " ".join(reversed(words))
    for child in span.root.children:
        if child.dep_ == "appos":
            title += " " + " ".join(t.text for t in child.subtree if not t.ent_type_ == "PERSON")
    return _words(title)


def _gender(span: Span) -> str | None:
    if span.start == 0:
        return None
    prev = span.doc[span.start - 1].lower_
    if prev in MALE_HONORIFICS:
        return "m"
    if prev in FEMALE_HONORIFICS:
        return "f"
    return None
