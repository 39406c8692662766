"""Coreference of pronouns, surnames and role nouns on real article sentences."""
from __future__ import annotations

import re

from conftest import process_sentence

from eventwire.annotate.coref import Coref


def _resolver(pipeline, text):
    record = process_sentence(pipeline, text)
    return Coref(pipeline.nlp(text), record, pipeline.resources.coref_roles), text


def _at(coref, text, pattern, nth=0):
    m = list(re.finditer(pattern, text))[nth]
    e = coref.resolve(m.start(), m.end())
    return e.name or e.text if e else None


def test_seed_pronouns_surnames_and_press_service(pipeline, seed_text):
    record = pipeline.process(seed_text, date="2019-12-26", source="TASS")
    c = Coref(pipeline.nlp(seed_text), record, pipeline.resources.coref_roles)
    assert _at(c, seed_text, r"\bhe\b", 0) == "Dmitry Peskov"
    assert _at(c, seed_text, r"\bhe\b", 1) == "Dmitry Peskov"
    assert _at(c, seed_text, r"\bHe\b", 0) == "Recep Tayyip Erdogan"
    assert _at(c, seed_text, r"\bPeskov\b", 1) == "Dmitry Peskov"
    assert _at(c, seed_text, r"the Kremlin press service") == "Kremlin"
    assert _at(c, seed_text, r"the press service") == "Kremlin"
    assert "Libyan National Army" in _at(c, seed_text, r"The LNA")


def test_role_noun_president_goes_to_titled_person(pipeline):
    c, text = _resolver(pipeline, (
        "Russian President Vladimir Putin met Slovak Prime Minister Robert Fico in Moscow. "
        "Russia is ready to continue to supply gas to Europe, according to the president."))
    assert _at(c, text, r"the president") == "Vladimir Putin"
    assert _at(c, text, r"Putin") == "Vladimir Putin"


def test_no_antecedent_means_none(pipeline):
    c, text = _resolver(pipeline, "He said the talks would resume in March.")
    assert _at(c, text, r"He") is None
    c, text = _resolver(pipeline, "The spokesman said the talks would resume in March.")
    assert _at(c, text, r"The spokesman") is None


def test_pronoun_skips_the_quotation_it_follows(pipeline):
    text = ('Senator Ted Cruz spoke first. "Donald Trump is wrong about trade," he said.')
    record = process_sentence(pipeline, text)
    c = Coref(pipeline.nlp(text), record, pipeline.resources.coref_roles)
    q = text.index('"'), text.rindex('"') + 1
    m = re.search(r"\bhe\b", text)
    e = c.resolve(m.start(), m.end(), skip=(q,))
    assert e is not None and (e.name or e.text).endswith("Cruz")
