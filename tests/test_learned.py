"""The learned event coder on sentences written for these tests (in no training or dev set),
a few per PLOVER type, through the full default pipeline; and its provenance."""
from __future__ import annotations

import pytest

from conftest import process_sentence
from eventwire import Pipeline
from eventwire.code.learned import LearnedEventCoder

# (sentence, PLOVER type, an actor code, a recipient code or None)
SENTENCES = [
    ("Chinese Premier Li Keqiang met German Chancellor Angela Merkel in Beijing on Monday.",
     "CONSULT", "CHN", "DEU"),
    ("French President Emmanuel Macron will visit India next month, his office said.",
     "CONSULT", "FRA", "IND"),
    ("Kenyan police arrested 40 opposition supporters in Nairobi on Tuesday.",
     "COERCE", "KEN", None),
    ("Israeli aircraft struck targets in Gaza overnight, the military said.",
     "ASSAULT", "ISR", None),
    ("The European Union imposed new sanctions on Belarus on Friday.",
     "SANCTION", "EU", "BLR"),
    ("Iran accused the United States of violating the nuclear deal.",
     "ACCUSE", "IRN", "USA"),
    ("The United Nations urged Myanmar to allow aid workers into Rakhine state.",
     "REQUEST", "UN", "MMR"),
    ("Japan sent 50 tonnes of relief supplies to the Philippines after the typhoon.",
     "AID", "JPN", "PHL"),
    ("North Korea rejected a South Korean proposal for military talks.",
     "REJECT", "PRK", "KOR"),
    ("Thousands of workers protested in Paris against the pension reform.",
     "PROTEST", "FRA", None),
    ("Russia withdrew its troops from the Ukrainian border, the Kremlin said.",
     "RETREAT", "RUS", None),
    ("India and Pakistan signed an agreement to reopen the Kartarpur corridor.",
     "AGREE", "IND", "PAK"),
    ("The German foreign minister praised Tunisia's democratic reforms during a visit to "
     "Tunis.", "SUPPORT", "DEU", "TUN"),
    ("Turkey threatened to close its airspace to Israeli aircraft.", "THREATEN", "TUR", "ISR"),
    ("Pakistan deployed thousands of troops along its border with Afghanistan on Sunday.",
     "MOBILIZE", "PAK", None),
    ("Serbia admitted that its police had used excessive force against Kosovo Albanians.",
     "CONCEDE", "SRB", None),
    ("Brazil and Argentina launched joint naval exercises in the South Atlantic.",
     "COOPERATE", "BRA", "ARG"),
    ("Egypt released 300 political prisoners on Monday, the interior ministry said.",
     "RETREAT", "EGY", None),
    ("China denounced the U.S. arms sale to Taiwan as interference in its internal affairs.",
     "ACCUSE", "CHN", "USA"),
    ("Hungary vetoed an EU statement criticizing China.", "REJECT", "HUN", "EU"),
    ("Russian President Vladimir Putin spoke by phone with French President Emmanuel Macron "
     "on Friday.", "CONSULT", "RUS", "FRA"),
    ("Riot police in Caracas detained dozens of student demonstrators.", "COERCE", "VEN", None),
    ("Canada expelled two Russian diplomats over the spying case.", "SANCTION", "CAN", "RUS"),
    ("Militants attacked an army post in northern Mali, killing seven soldiers.",
     "ASSAULT", "UNK", "MLI"),
    ("Saudi Arabia asked the United Nations to investigate the attack on its oil facilities.",
     "REQUEST", "SAU", "UN"),
    pytest.param("Opposition supporters staged a sit-in outside parliament in Kiev.",
                 "PROTEST", "UKR", None, marks=pytest.mark.xfail(
                     strict=True, reason="known miss: no event for 'staged a sit-in' (the "
                     "model's PROTEST recall is low; docs/events.md)")),
    ("Australia agreed to resume beef exports to China under a new trade deal.",
     "AGREE", "AUS", "CHN"),
]


@pytest.fixture(scope="module")
def coded(pipeline):
    return {s: process_sentence(pipeline, s, date="2019-11-12").events
            for s, *_ in (x.values if hasattr(x, "values") else x for x in SENTENCES)}


@pytest.mark.parametrize("sentence, etype, actor, recipient", SENTENCES)
def test_written_sentence_is_coded(coded, sentence, etype, actor, recipient):
    found = [e for e in coded[sentence] if e.event == etype]
    assert found, f"no {etype} in {[(e.event, e.trigger) for e in coded[sentence]]}"
    ev = found[0]
    assert actor in {p.code for p in ev.actor}
    if recipient is not None:
        assert recipient in {p.code for p in ev.recipient + ev.actor}


def test_default_coder_is_the_hybrid_model_with_provenance(pipeline, coded):
    assert any(isinstance(a, LearnedEventCoder) and a.keep_rule_events
               for a in pipeline.annotators)
    for sentence, evs in coded.items():
        for e in evs:
            assert e.rule.startswith(("lex:", "model:events-v"))
            assert sentence[e.trigger_start:e.trigger_end] == e.trigger
            assert sentence[e.evidence_start:e.evidence_end] == e.evidence
            assert 0 < e.confidence <= 1


def test_learned_coder_alone_names_the_model(pipeline):
    learned = Pipeline(nlp=pipeline.nlp, coder="learned")
    texts = [(x.values if hasattr(x, "values") else x)[0] for x in SENTENCES]
    evs = [e for s in texts for e in learned.process(s, date="2019-11-12", source="test").events]
    assert len(evs) >= len(texts) // 2
    model_id = next(a for a in learned.annotators if isinstance(a, LearnedEventCoder)).model.id
    assert all(e.rule == model_id for e in evs)


def test_speech_alone_is_no_event(pipeline):
    evs = process_sentence(pipeline, "The minister said the economy grew by 3 percent last year.",
                           date="2019-11-12").events
    assert evs == []
