"""Who said what: direct quotations and reported speech, each with its cue and speaker.

- Direct quotes: text between quotation marks of any style ("...", “...”,
  ``...'', «...», ‘...’), a quote running over paragraphs (a paragraph left
  open and the next one opening again) as one span, and a quote broken by
  "he said" as two spans with one speaker. The cue is a reporting verb from
  ``data/quotes/cues.tsv`` next to the quote in the same sentence (`, he said`,
  `, said Peskov`, `Peskov said: "`); a cue-less quote continues the speaker
  of the attributed speech just before it in the same or next paragraph.
- Indirect speech: a cue verb with a reported clause (``ccomp``: "Erdogan said
  earlier on Thursday that ...", "..., Putin told reporters") and "according to
  X, ...".
- Speakers: the cue's subject, resolved through :class:`~.coref.Coref`
  (pronouns, surnames, "the spokesman", "the Kremlin press service") to the
  record's entity; null when nothing names one, never a guess.

Quotation pairing is written by hand: no library pairs straight, curly and
multi-paragraph quotation marks with offsets (textacy's ``direct_quotations``
is the closest and is our baseline in benchmarks/quotes_eval.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from pathlib import Path

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ..parse.tree import is_root
from ..model import ArticleRecord, Entity, Quote
from ..datafile import DATA_DIR as _DATA, read_tsv
from .context import article_context
from .coref import Coref

if TYPE_CHECKING:
    from ..resources import Resources

DATA_DIR = _DATA / "quotes"

OPENERS = {"“": "”", "«": "»", "„": "“", "``": "''", '"': '"'}
CLOSERS = {"”", "»", "''", '"'}
MARK = re.compile(r"``|''|[\"“”«»„]")
SINGLE = re.compile(r"(?<![\w’'])[‘'](?=\w)([^‘’'\n]{2,}?[^\s‘’'])[’'](?![\w’'])")
PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[\"“«`])")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
UNRESOLVED_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "which",
                                 "that", "this", "one", "someone", "him", "her", "them"})
MIN_UNATTRIBUTED_WORDS = 4  # shorter cue-less quotes are titles and scare quotes
CONTINUATION_CHARS = 700  # how far a cue-less quote may inherit the last speaker


@dataclass(frozen=True, slots=True)
class Cues:
    verbs: dict[str, str]  # lemma -> frames (direct, indirect, both)
    preps: dict[str, str]  # "according to" -> frames


def load_cues(path: Path = DATA_DIR / "cues.tsv") -> Cues:
    verbs: dict[str, str] = {}
    preps: dict[str, str] = {}
    for cue, kind, frames in read_tsv(path):
        (verbs if kind == "verb" else preps)[cue] = frames
    return Cues(verbs, preps)


# ---------------------------------------------------------------- direct quotes

def quotation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks, marks excluded."""
    out: list[tuple[int, int]] = []
    pending: int | None = None  # a quote left open at a paragraph end
    paragraphs = [0] + [m.end() for m in PARAGRAPH.finditer(text)] + [len(text)]
    for p_start, p_end in zip(paragraphs, paragraphs[1:]):
        para = text[p_start:p_end]
        marks = list(MARK.finditer(para))
        open_at: int | None = None
        opener = ""
        for i, m in enumerate(marks):
            c = m.group()
            pos = p_start + m.start()
            if open_at is None:
                if c in OPENERS or (c == "''" and _opens(para, m.start(), m.end())):
                    if pending is not None and i == 0 and not para[:m.start()].strip():
                        open_at = pending  # the quote goes on in this paragraph
                    else:
                        open_at = pos + len(c)
                    opener = c
                    pending = None
                continue
            if c in CLOSERS or c == OPENERS.get(opener):  # „...“ closes with “
                out.append((open_at, pos))
                open_at = None
            elif c in OPENERS and c != '"':
                open_at = pos + len(c)  # a stray opener: start again
        if open_at is not None:
            pending = open_at  # unclosed: continues if the next paragraph opens a quote
            nxt = text[p_end:p_end + 40].lstrip()
            if not (nxt[:1] in OPENERS or nxt[:2] == "``"):
                pending = None
    doubles = out[:]
    for m in SINGLE.finditer(text):
        if not any(a <= m.start() < b for a, b in doubles) and " " in m.group(1):
            out.append((m.start(1), m.end(1)))
    return sorted(_trim(text, a, b) for a, b in out if b > a)


SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)|\n")
# a period after these ends no sentence: '"...," Mrs. Clinton said', '..., said Sen. Graham'
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "sen", "sens", "rep", "reps", "gov", "gen",
                           "lt", "col", "sgt", "capt", "cmdr", "adm", "prof", "rev", "st", "jr",
                           "sr", "pres", "amb", "messrs", "mt", "no", "ft", "gens"})


def _sentence_stop(text: str, start: int, end: int) -> int | None:
    """Offset of the first sentence end in text[start:end], abbreviations and initials aside."""
    for m in SENTENCE_STOP.finditer(text, start, end):
        word = re.search(r"(\w+)\Z", text[max(start, m.start() - 12):m.start()])
        if m.group().startswith(".") and word and (word.group(1).lower() in ABBREVIATIONS or
                                                   (len(word.group(1)) == 1 and word.group(1).isupper())):
            continue
        return m.start()
    return None


def _opens(para: str, a: int, b: int) -> bool:
    """A symmetric mark in opening position: after a space or the paragraph start and before a
    word (the New York Times writes ''...'' with two apostrophes on both sides)."""
    before = para[a - 1] if a else " "
    after = para[b] if b < len(para) else " "
    return (before.isspace() or before in "([—–-") and not after.isspace()


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    if b - a > 1 and text[b - 1] == "." and text[b - 2] != ".":
        b -= 1  # the sentence's period inside the marks is punctuation, not speech
    return a, b


# ---------------------------------------------------------------- helpers

@dataclass(slots=True)
class Attribution:
    speaker: Entity | None
    speaker_start: int | None
    speaker_end: int | None
    cue: Token | None
    cue_text: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None


def _np_bounds(tok: Token) -> tuple[int, int]:
    """Character bounds of the noun phrase a subject token heads, without its clauses."""
    # default: a subject the parser hung on punctuation has no word to its left
    left = min((t for t in tok.subtree if t.i <= tok.i and not t.is_punct),
               key=lambda t: t.i, default=tok)
    right = tok
    for t in tok.rights:
        if t.dep_ in ("compound", "flat") and t.i == right.i + 1:
            right = t
        elif t.dep_ == "prep" and t.lower_ == "of":
            right = max(t.subtree, key=lambda x: x.i)  # "the head of the delegation"
    return left.idx, right.idx + len(right.text)


def _cue_subject(cue: Token) -> Token | None:
    for c in cue.children:
        if c.dep_ in SUBJECT_DEPS:
            return c
    # "Peskov said earlier on Thursday that ..., and he added ..." (conj shares the subject)
    if cue.dep_ == "conj" and cue.head.pos_ == "VERB":
        for c in cue.head.children:
            if c.dep_ in SUBJECT_DEPS:
                return c
    # "..., a Chinese official said, adding that ...", "Trump struck a measured tone, saying
    # he ...", "after initially saying he would": a participle says what its clause's subject said
    if cue.tag_ == "VBG" and cue.dep_ in ("advcl", "xcomp", "pcomp", "conj"):
        head = cue.head.head if cue.dep_ == "pcomp" else cue.head
        if cue.dep_ == "pcomp" and cue.head.lower_ == "for":
            # "criticized him for saying ...": the one blamed said it
            return next((c for c in head.children if c.dep_ == "dobj"), None)
        for _ in range(3):
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return subj
            if head.dep_ not in ("conj", "xcomp", "advcl") or is_root(head):
                break
            head = head.head
    # "the press service informed": the parser makes the NP an object and the cue its acl
    if cue.dep_ in ("acl", "relcl") and cue.head.pos_ in ("NOUN", "PROPN"):
        return cue.head
    if cue.dep_ == "agent" or any(c.dep_ == "agent" for c in cue.children):
        for c in cue.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
    return None


def cue_matcher(vocab: Vocab, cues: Cues) -> Matcher:
    """A spaCy Matcher of the tokens that may be speech cues."""
    m = Matcher(vocab)
    m.add("CUE", [[{"LEMMA": {"IN": sorted(cues.verbs)}, "POS": {"IN": ["VERB", "AUX"]}}]])
    m.add("ACCORDING", [[{"LOWER": "according"}, {"LOWER": "to"}]])
    return m


def _cue_tokens(doc: Doc, matcher: Matcher) -> list[Token]:
    return sorted({doc[start] for _, start, _ in matcher(doc)}, key=lambda t: t.i)


def _matrix_conjunct(comp: Token) -> Token | None:
    """A conjunct the parser put inside the reported clause that belongs to the reporting
    sentence: "stated that it would oppose ... and threatened to sink ships" (a finite
    past verb joined to a modal clause)."""
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in comp.children)
    if not modal:
        return None
    for c in comp.children:
        if c.dep_ == "conj" and c.tag_ == "VBD" and not any(
                x.dep_ in ("nsubj", "nsubjpass") for x in c.children):
            return c
    return None


def _reported_clause(comp: Token, cue: Token) -> bool:
    """A ccomp that is what was said, not a misparsed adverbial ("When commenting on ...,")."""
    if comp.left_edge.lower_ in ("when", "while", "as", "after", "before", "if", "since", "because"):
        return False
    if comp.i < cue.i and any(t.text == ":" for t in cue.rights):
        return False  # 'X said: "..."': the clause before is not the content
    return True


class QuoteFinder:
    """Per-article quote extraction over a parsed Doc."""

    def __init__(self, doc: Doc, record: ArticleRecord, coref: Coref, cues: Cues,
                 matcher: Matcher) -> None:
        self.doc = doc
        self.text = doc.text
        self.record = record
        self.coref = coref
        self.cues = cues
        self.matcher = matcher

    def run(self) -> list[Quote]:
        direct = quotation_spans(self.text)
        quotes: list[Quote] = []
        for a, b in direct:
            q = self._direct(a, b, direct)
            if q is not None:
                quotes.append(q)
        quotes.extend(self._indirect(direct))
        quotes.sort(key=lambda q: q.start)
        self._continue_speakers(quotes)
        return [q for q in quotes if q.cue or q.speaker or
                len(q.text.split()) >= MIN_UNATTRIBUTED_WORDS]

    # ---------------------------------------------------------- direct
    def _is_cue(self, tok: Token, frame: str) -> bool:
        f = self.cues.verbs.get(tok.lemma_.lower())
        return tok.pos_ in ("VERB", "AUX") and f is not None and (f == "both" or f == frame)

    def _direct(self, a: int, b: int, all_quotes: list[tuple[int, int]]) -> Quote | None:
        text = self.text[a:b]
        if not text.strip():
            return None
        skip = ((a, b),)
        attr = self._attribution_after(b, all_quotes, skip) or self._attribution_before(a, all_quotes, skip)
        q = Quote(start=a, end=b, text=text, kind="direct", rule="quotes:direct")
        if attr is not None:
            self._fill(q, attr)
            q.rule = "quotes:direct:" + ("after" if attr.cue_start and attr.cue_start >= b else "before")
        elif not self._opens_sentence(a):
            attr = self._attribution_enclosing(a, b, skip)
            if attr is not None:
                self._fill(q, attr)
                q.rule = "quotes:direct:embedded"
            else:
                q.rule = "quotes:direct:fragment"  # mid-sentence, no cue: not continued speech
        return q

    def _opens_sentence(self, a: int) -> bool:
        """Does the quotation at ``a`` start a sentence (not a phrase quoted mid-sentence)?"""
        head = self.text[max(0, a - 40):a].rstrip(" \t\"“«`'‘(")
        return not head.strip() or head.endswith(("\n", ".", "!", "?", ":", "”", '"', "''", "»"))

    def _attribution_enclosing(self, a: int, b: int, skip) -> Attribution | None:
        """'Miranda said the party was ''committed to an open process'' to draft': a quoted
        phrase inside the reported clause of a cue is that cue's speaker's words."""
        span = self.doc.char_span(a, b, alignment_mode="expand")
        if span is None or not len(span):
            return None
        for anc in span.root.ancestors:
            if self._is_cue(anc, "indirect") or self._is_cue(anc, "direct"):
                subj = _cue_subject(anc)
                return self._attribution(anc, subj, skip) if subj is not None else None
        return None

    def _window_tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="contract")
        return list(span) if span is not None else []

    def _attribution_after(self, b: int, quotes, skip) -> Attribution | None:
        """'"...," he said.' / '"...," said Peskov.' / '"...," the press service informed.'"""
        nxt = min([qa for qa, _ in quotes if qa > b] + [len(self.text)])
        end = min(nxt - 1, b + 160)
        stop = _sentence_stop(self.text, b + 1, end)
        if stop is not None:
            end = stop + 1
        tail = self.text[b:end]
        if not re.match(r"\s*[\"”»'’]*\s*[,–—-]|\s*[\"”»'’]*\s*[a-z]", tail) and not re.match(
                r"\s*[\"”»'’]*\s*(?:[A-Z][\w.-]*\s+){0,4}(?:said|says|told|added|informed|stressed)", tail):
            return None
        return self._cue_in(self._window_tokens(b, end), skip, prefer_first=True)

    def _attribution_before(self, a: int, quotes, skip) -> Attribution | None:
        """'Peskov said: "...' / 'He said, "...'."""
        head = self.text[max(0, a - 200):a]
        m = re.search(r"(?:[:,]|\bthat|\bsaying|\bsay)\s*(?:``|[\"“«'‘])?\s*\Z", head)
        if not m:
            return None
        prev = max([qb for _, qb in quotes if qb < a] + [0])
        start = max(prev + 1, a - 200)
        cut = max(self.text.rfind(".", start, a - 2), self.text.rfind("\n", start, a - 2))
        if cut > start:
            start = cut + 1
        return self._cue_in(self._window_tokens(start, a), skip, prefer_first=False)

    def _cue_in(self, toks: list[Token], skip, prefer_first: bool) -> Attribution | None:
        cands = [t for t in toks if self._is_cue(t, "direct")]
        if not cands:
            # "according to X" after a quote
            return self._according(toks, skip)
        cue = cands[0] if prefer_first else cands[-1]
        subj = _cue_subject(cue)
        if subj is None:
            # "said Peskov": the parser often makes the inverted subject an object
            for t in toks:
                if t.i > cue.i and (t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or
                                    t.dep_ in SUBJECT_DEPS) and t.i - cue.i <= 6:
                    subj = t
                    break
        return self._attribution(cue, subj, skip)

    def _attribution(self, cue: Token, subj: Token | None, skip) -> Attribution:
        ent = s0 = s1 = None
        if subj is not None:
            s0, s1 = _np_bounds(subj)
            ent = self.coref.resolve(s0, s1, skip=skip)
            if ent is None and subj.ent_type_:
                ent = self.coref.resolve(subj.idx, subj.idx + len(subj.text), skip=skip)
            for app in (c for c in subj.children if c.dep_ == "appos"):
                if ent is None or ent.label != "PERSON":
                    # "the committee's chairman, Senator Richard Burr, said"
                    a0, a1 = _np_bounds(app)
                    named = self.coref.resolve(a0, a1, skip=skip)
                    if named is not None and named.label == "PERSON":
                        ent, s0, s1 = named, a0, a1
        cue_end = cue.idx + len(cue.text)
        return Attribution(ent, s0, s1, cue, cue.text, cue.idx, cue_end)

    def _according(self, toks: list[Token], skip) -> Attribution | None:
        for t in toks:
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                to = self.doc[t.i + 1]
                obj = next((c for c in to.children if c.dep_ == "pobj"), None)
                ent = s0 = s1 = None
                if obj is not None:
                    s0, s1 = _np_bounds(obj)
                    ent = self.coref.resolve(s0, s1, skip=skip)
                return Attribution(ent, s0, s1, t, "according to", t.idx, to.idx + len(to.text))
        return None

    # ---------------------------------------------------------- indirect
    def _indirect(self, direct: list[tuple[int, int]]) -> list[Quote]:
        out: list[Quote] = []
        inside = lambda i: any(a <= i < b for a, b in direct)  # noqa: E731
        for tok in _cue_tokens(self.doc, self.matcher):
            if inside(tok.idx):
                continue
            if tok.lower_ == "according" and tok.i + 1 < len(self.doc) and \
                    self.doc[tok.i + 1].lower_ == "to":
                q = self._according_clause(tok, direct)
                if q is not None:
                    out.append(q)
                continue
            if not self._is_cue(tok, "indirect"):
                continue
            comp = next((c for c in tok.children if c.dep_ == "ccomp" and _reported_clause(c, tok)), None)
            if comp is None:
                continue
            toks = [t for t in comp.subtree if not t.is_punct or t.i not in (comp.left_edge.i,)]
            first = comp.left_edge
            if first.dep_ == "mark" and first.lower_ in ("that", "whether", "if"):
                first = self.doc[first.i + 1]
            last = comp.right_edge
            stray = _matrix_conjunct(comp)
            if stray is not None:
                last = self.doc[stray.left_edge.i - 1]
                if last.dep_ == "cc" and last.i > first.i:
                    last = self.doc[last.i - 1]
            while last.i > first.i and (last.is_punct or last.is_space):
                last = self.doc[last.i - 1]
            a, b = first.idx, last.idx + len(last.text)
            if b - a < 8 or any(qa < b and a < qb for qa, qb in direct) or len(toks) < 3:
                continue  # a quoted clause is already a direct quote
            subj = _cue_subject(tok)
            if subj is None:
                continue  # "is said to", "it was reported that": no speaker, no attribution
            attr = self._attribution(tok, subj, ((a, b),))
            q = Quote(start=a, end=b, text=self.text[a:b], kind="indirect",
                      rule="quotes:indirect:ccomp")
            self._fill(q, attr)
            out.append(q)
        return out

    def _according_clause(self, tok: Token, direct) -> Quote | None:
        if tok.i + 1 >= tok.sent.end:
            return None
        to = self.doc[tok.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        head = tok.head
        sent = tok.sent
        if obj is None:
            return None
        phrase = {t.i for t in tok.subtree} | {t.i for t in to.subtree}
        lo, hi = min(phrase), max(phrase)
        if lo > sent.start + 2:  # "X, according to Y": the clause before
            first, last = sent.start, lo - 1
            # stop at a following conjunct clause ("..., but Kiev announced ...")
        else:  # "According to Y, X"
            first, last = hi + 1, sent.end - 1
            cut = next((t.i for t in sent if t.i > hi and t.dep_ == "cc" and t.head == head), None)
            if cut is not None:
                last = cut - 1
        if first > last:  # "according to Y" with nothing reported
            return None
        while first < last and (self.doc[first].is_punct or self.doc[first].is_space):
            first += 1
        while last > first and (self.doc[last].is_punct or self.doc[last].is_space):
            last -= 1
        a, b = self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)
        if b - a < 8 or any(qa < b and a < qb for qa, qb in direct):
            return None
        s0, s1 = _np_bounds(obj)
        ent = self.coref.resolve(s0, s1, skip=((a, b),))
        q = Quote(start=a, end=b, text=self.text[a:b], kind="indirect",
                  rule="quotes:indirect:according_to")
        self._fill(q, Attribution(ent, s0, s1, tok, "according to", tok.idx, to.idx + len(to.text)))
        return q

    # ---------------------------------------------------------- output
    def _fill(self, q: Quote, attr: Attribution) -> None:
        q.cue, q.cue_start, q.cue_end = attr.cue_text, attr.cue_start, attr.cue_end
        q.speaker_start, q.speaker_end = attr.speaker_start, attr.speaker_end
        if attr.speaker is not None:
            e = attr.speaker
            q.speaker = e.name or e.text
            q.speaker_code = e.code
            q.speaker_entity = e.id
        elif attr.speaker_start is not None:
            # a speaker the text names but no entity stands for ("the judge", "a person
            # familiar with the matter"): its words; an unresolved pronoun stays null
            words = self.text[attr.speaker_start:attr.speaker_end]
            if words.lower() not in UNRESOLVED_PRONOUNS and not words.lower().startswith(
                    ("it ", "they ", "he ", "she ")):
                q.speaker = words

    def _continue_speakers(self, quotes: list[Quote]) -> None:
        """A cue-less direct quote right after attributed speech continues its speaker."""
        last: Quote | None = None
        for q in quotes:
            if q.kind == "direct" and q.cue is None and q.speaker is None and last is not None \
                    and q.start - last.end <= CONTINUATION_CHARS:
                q.speaker, q.speaker_code, q.speaker_entity = (
                    last.speaker, last.speaker_code, last.speaker_entity)
                q.rule = "quotes:direct:continuation"
            if q.speaker is not None and q.rule != "quotes:direct:embedded":
                last = q  # a phrase quoted inside someone's reported clause is no turn of speech


class Quotations:
    """Annotator: fills ``record.quotes`` (after actors, times and places)."""

    name = "quotes"
    requires = ("article", "entities")
    assigns = ("quotes",)

    def __init__(self, resources: Resources) -> None:
        self.cues = resources.quote_cues
        self.roles = resources.coref_roles
        self.matcher = cue_matcher(resources.nlp.vocab, self.cues)

    def __call__(self, doc: Doc, record: ArticleRecord) -> None:
        coref = article_context(doc, record, self.roles).coref
        record.quotes.extend(QuoteFinder(doc, record, coref, self.cues, self.matcher).run())
