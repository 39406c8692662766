"""Quotations and reported speech with cues and speakers, on real article sentences."""
from __future__ import annotations

from conftest import process_sentence

from pathlib import Path

from eventwire.annotate.quotes import load_cues, quotation_spans


def _quotes(pipeline, text, date="2019-12-26"):
    rec = process_sentence(pipeline, text, date=date)
    for q in rec.quotes:  # offsets are the evidence: they must point at the words
        assert rec.article.text[q.start:q.end] == q.text
        if q.cue_start is not None:
            assert rec.article.text[q.cue_start:q.cue_end].lower().startswith(q.cue.lower()[:4])
    return rec.quotes


def test_seed_speakers(seed_record):
    qs = seed_record.quotes
    by_speaker = {}
    for q in qs:
        by_speaker.setdefault(q.speaker, []).append(q)
    peskov = by_speaker["Dmitry Peskov"]
    assert [q.kind for q in peskov] == ["indirect", "direct", "direct"]
    assert peskov[0].text.startswith("Russia is interested in finding a peaceful solution")
    assert peskov[1].text.startswith("As for the situation in Libya")
    assert peskov[2].text.endswith("Russia can only welcome international efforts")
    kremlin = by_speaker["Kremlin"]
    assert [q.cue for q in kremlin] == ["informed", "informed"]
    assert kremlin[0].text.endswith("mediated by the UN")  # the comma before the mark is not quoted
    erdogan = by_speaker["Recep Tayyip Erdogan"]
    assert [q.text for q in erdogan] == [
        "a legislation for deploying troops to Libya would be presented to the Turkish parliament "
        "in January",
        "Ankara would not sent troops to Libya without Tripoli’s request"]
    assert all(q.speaker_entity for q in peskov + kremlin + erdogan)
    lna = next(q for q in qs if q.cue == "stated")
    # the reported clause stops before the sentence's own "and threatened to sink ships"
    assert lna.text == "it would oppose any foreign interference in Libya’s domestic affairs"
    assert "Libyan National Army" in lna.speaker


def test_quotation_mark_styles_and_paragraphs():
    curly = "“I hope they understand,” he said."
    assert [curly[a:b] for a, b in quotation_spans(curly)] == ["I hope they understand"]
    ticks = "``No one should doubt our staying power or determination,'' he said."
    assert [ticks[a:b] for a, b in quotation_spans(ticks)] == [
        "No one should doubt our staying power or determination"]
    guillemets = "Lavrov called it «a dangerous provocation against Russia»."
    assert [guillemets[a:b] for a, b in quotation_spans(guillemets)] == [
        "a dangerous provocation against Russia"]
    # Breitbart (PolNeAR dev): a quotation running over two paragraphs, the first left open
    multi = ("the Obama White House was refusing to call the slaughter terrorism:\n\n"
             "\"The Obama administration is still reluctant to call the attack an act of terrorism.\n\n"
             "\"At the White House today, reporters questioned Press Secretary Josh Earnest.\"")
    spans = quotation_spans(multi)
    assert len(spans) == 1
    assert multi[spans[0][0]:spans[0][1]].startswith("The Obama administration")
    assert multi[spans[0][0]:spans[0][1]].endswith("Josh Earnest")
    assert quotation_spans("Erdogan’s plans and Tripoli’s request") == []  # apostrophes
    low9 = "Scholz sagte: „Wir stehen an der Seite der Ukraine“, und ging."
    assert [low9[a:b] for a, b in quotation_spans(low9)] == ["Wir stehen an der Seite der Ukraine"]


def test_quote_broken_by_he_said_is_two_spans_one_speaker(pipeline):
    text = ("Kremlin Spokesman Dmitry Peskov spoke to reporters on Thursday. "
            "\"We believe that foreign interference will hardly help,\" he said, "
            "\"but any activities to help the parties find a solution are always welcome.\"")
    qs = [q for q in _quotes(pipeline, text) if q.kind == "direct"]
    assert len(qs) == 2
    assert {q.speaker for q in qs} == {"Dmitry Peskov"}
    assert qs[0].rule == "quotes:direct:after" and qs[1].rule == "quotes:direct:before"


def test_speaker_through_surname_and_appositive(pipeline):
    # Reuters/AllSides dev article sentences.
    text = ("Australian Transport Safety Bureau Chief Commissioner Greg Hood said that the "
            "investigators retrieved the aircraft’s cockpit voice recorder.\n\n"
            "“We remain hopeful it will assist us in the investigation,” Hood said.")
    qs = _quotes(pipeline, text)
    direct = [q for q in qs if q.kind == "direct"]
    assert direct[0].speaker == "Greg Hood" and direct[0].cue == "said"
    text = ("“There is no doubt that Russia undertook an unprecedented effort to interfere with our "
            "2016 elections,” the committee’s Republican chairman, Senator Richard Burr, said in a "
            "joint statement.")
    assert _quotes(pipeline, text)[0].speaker == "Richard Burr"


def test_indirect_speech_told_and_according_to(pipeline):
    # TASS, 2024-12-26 (wire dev)
    text = ("Russia could use Oreshnik again if need be, but the country is seeking to end the "
            "conflict in Ukraine, Russian President Vladimir Putin told reporters.\n\n"
            "Russia is ready to continue to supply gas to Europe, according to the president, "
            "but Kiev announced that it will not renew the contract.")
    qs = _quotes(pipeline, text, date="2024-12-26")
    told = next(q for q in qs if q.cue == "told")
    assert told.kind == "indirect" and told.speaker == "Vladimir Putin"
    assert told.text.startswith("Russia could use Oreshnik again")
    acc = next(q for q in qs if q.cue == "according to")
    assert acc.text == "Russia is ready to continue to supply gas to Europe"
    assert acc.speaker == "Vladimir Putin"  # "the president" -> the titled person
    assert any(q.cue == "announced" and q.text == "it will not renew the contract" for q in qs)


def test_no_speaker_is_null_not_a_guess(pipeline):
    qs = _quotes(pipeline, "\"Peace through strength\" was printed on every banner in the hall.")
    assert [(q.speaker, q.cue) for q in qs] == [(None, None)] or qs == []
    qs = _quotes(pipeline, "\"We will not send troops without a request,\" he said.")
    assert len(qs) == 1 and qs[0].speaker is None and qs[0].cue == "said"


def test_odd_input_gives_no_empty_or_invented_quotes(pipeline):
    # Stray and empty quotation marks around a bare cue: nothing is quoted and no one speaks,
    # so no quote may come out with empty words or a speaker (offsets are checked in _quotes).
    qs = _quotes(pipeline, "\" \"\" “ ” « said")
    assert all(q.text.strip() for q in qs)
    assert [q.speaker for q in qs if q.speaker is not None] == []
    assert quotation_spans("\" \"\" “ ” «") == []


def test_according_to_with_nothing_reported_is_no_quote(pipeline):
    # A real sentence from a Reuters story: "according to" ends the clause, so
    # no reported content follows; this used to crash the attributor.
    rec = pipeline.process("According to the indictment and a related lawsuit the U.S. "
                           "Securities and Exchange Commission filed.", date="2018-07-17")
    assert not [q for q in rec.quotes if q.rule == "quotes:indirect:according_to"]


def test_two_apostrophe_quotes_and_abbreviated_speakers(pipeline):
    # PolNeAR (New York Times, 2016): ''...'' opens and closes with two apostrophes, and the
    # speaker's title ends in a period that ends no sentence.
    text = ("Mrs. Clinton played down the dispute as she rode the subway uptown on Thursday morning.  "
            "''Well, it's kind of a silly thing to say,'' Mrs. Clinton said. ''But I'm going to trust "
            "the voters of New York who know me and have voted for me three times.''")
    rec = process_sentence(pipeline, text, date="2016-04-08")
    got = [(q.text, q.speaker, q.cue) for q in rec.quotes if q.kind == "direct"]
    assert got[0][0] == "Well, it's kind of a silly thing to say" and got[0][2] == "said"
    assert got[0][1] is not None and "Clinton" in got[0][1]
    assert got[1][0].startswith("But I'm going to trust the voters") and got[1][1] == got[0][1]
    for q in rec.quotes:
        assert text[q.start:q.end] == q.text


def test_participle_cues_take_the_subject_of_their_clause(pipeline):
    # PolNeAR (2016) sentences: ", saying ...", ", adding that ..." report what the clause's
    # subject said; "criticized him for saying" what the one criticised said.
    rec = process_sentence(pipeline, "At a rally in Westchester County on Tuesday night, Donald Trump "
                           "struck a measured tone, saying he understood the responsibility of carrying "
                           "the mantle of the Republican Party.", date="2016-04-20")
    q = next(q for q in rec.quotes if q.cue == "saying")
    assert q.kind == "indirect" and q.text.startswith("he understood the responsibility")
    assert q.speaker is not None and "Trump" in q.speaker
    rec = process_sentence(pipeline, "China's spending helped global growth, a Chinese official said, "
                           "adding that the impact of closing factories was hard to estimate.",
                           date="2016-04-20")
    q = next(q for q in rec.quotes if q.cue == "adding")
    assert q.text == "the impact of closing factories was hard to estimate"
    assert q.speaker == "a Chinese official"
    rec = process_sentence(pipeline, "Khizr Khan said Mr. Trump was ignorant of Islam and criticized "
                           "Mr. Trump for saying he had sacrificed for his country.", date="2016-08-01")
    q = next(q for q in rec.quotes if q.cue == "saying")
    assert q.speaker is not None and "Trump" in q.speaker


def test_phrase_quoted_inside_reported_speech_is_the_reporters_speakers(pipeline, nlp):
    # Wire dev (AFP 2005-12-16): a phrase quoted mid-sentence inside "X said ..." is X's words,
    # and does not take over the speaker of the cue-less quotes that follow.
    text = ("Prime Minister John Howard, writing in Australia's Daily Telegraph Friday, said the "
            "violence was a result of people who had \"no regard for the law\" and those who had "
            "\"no respect for their fellow Australians\".")
    rec = process_sentence(pipeline, text, date="2005-12-16")
    got = [(q.text, q.speaker, q.rule) for q in rec.quotes if q.kind == "direct"]
    assert got == [("no regard for the law", "John Howard", "quotes:direct:embedded"),
                   ("no respect for their fellow Australians", "John Howard", "quotes:direct:embedded")]


def test_a_subject_the_parser_hangs_on_punctuation_does_not_crash(pipeline):
    # AFP, 2006-12-20 (afp_eng_20061220.0701): the parser makes the hyphen of
    # "Wal-Mart" a subject with no word to its left; this used to crash.
    text = ('The world\'s largest retailer Wal-Mart last year required its employees to say '
            '"happy holidays", fearing the traditional "Merry Christmas" might offend customers.')
    rec = pipeline.process(text, date="2006-12-20")
    assert "happy holidays" in {q.text for q in rec.quotes}
    assert all(text[q.start:q.end] == q.text for q in rec.quotes)


# ---------------------------------------------------------------- attribution rules (sentences written for these tests)

def test_who_said_speaker_is_the_noun_the_clause_describes(pipeline):
    rec = process_sentence(pipeline, "The plan angered Senator John Smith, who said the subsidies "
                           "would hurt small farmers.", date="2018-05-02")
    q = next(q for q in rec.quotes if q.cue == "said")
    assert q.text == "the subsidies would hurt small farmers"
    assert q.speaker is not None and "Smith" in q.speaker


def test_noun_cues_report_speech_with_their_speaker(pipeline):
    rec = process_sentence(pipeline, "Officials in Washington rejected Iran's claim that the drone "
                           "had been flying over Iranian waters.", date="2019-06-21")
    q = next(q for q in rec.quotes if q.rule == "quotes:indirect:noun")
    assert q.text == "the drone had been flying over Iranian waters"
    assert q.speaker == "Iran" and q.cue == "claim"
    rec = process_sentence(pipeline, "Analysts doubted the Finance Ministry's statement that exports "
                           "had recovered in March.", date="2019-04-02")
    q = next(q for q in rec.quotes if q.rule == "quotes:indirect:noun")
    assert q.text == "exports had recovered in March" and q.cue == "statement"
    assert q.speaker is not None and "Finance Ministry" in q.speaker
    # "X made the argument that ...": the noun is the subject's speech
    rec = process_sentence(pipeline, "Prime Minister Theresa May made the argument that a second "
                           "referendum would damage trust in politics.", date="2019-01-14")
    q = next(q for q in rec.quotes if q.rule == "quotes:indirect:noun")
    assert q.text == "a second referendum would damage trust in politics"
    assert q.speaker == "Theresa May"
    # a noun of saying with no one behind it is no attribution
    rec = process_sentence(pipeline, "There were reports that the border had been closed.",
                           date="2019-01-14")
    assert not [q for q in rec.quotes if q.rule == "quotes:indirect:noun"]


def test_a_role_never_named_is_the_person_holding_the_office_that_day(pipeline):
    text = "\"The talks will go on in January,\" the Kremlin spokesman told reporters."
    q = _quotes(pipeline, text, date="2019-12-26")[0]
    assert q.speaker == "Dmitry Peskov" and q.speaker_code == "RUS"
    # before he took the office (2012) the KB holds no one: null, not a guess
    assert _quotes(pipeline, text, date="2005-03-01")[0].speaker in (None, "the Kremlin spokesman")
    # a bare "the spokesman" names no office precisely enough
    q = _quotes(pipeline, "\"The talks will go on in January,\" the spokesman said.", date="2019-12-26")[0]
    assert q.speaker != "Dmitry Peskov"


def test_the_statement_said_is_its_issuer_speaking(pipeline):
    text = ("\"The ceasefire must hold,\" the Turkish Foreign Ministry said in a statement on Monday.\n\n"
            "\"Any violation will be answered,\" the statement said.\n\n"
            "No talks were planned, it said.")
    qs = _quotes(pipeline, text, date="2020-03-02")
    first = next(q for q in qs if q.text == "The ceasefire must hold")
    assert first.speaker is not None and "Foreign Ministry" in first.speaker
    second = next(q for q in qs if q.text == "Any violation will be answered")
    assert second.speaker == first.speaker and second.rule.endswith(":carrier")
    third = next(q for q in qs if q.text == "No talks were planned")
    assert third.speaker == first.speaker


def test_he_said_after_a_named_persons_speech_is_that_person(pipeline):
    # salience alone would pick the man the quote is about; the run of speech says otherwise
    text = ("Defence Minister Peter Dutton said the navy would stay in the region.\n\n"
            "\"We will not abandon our partners, and Kim Jong Un should know that,\" he said.")
    qs = _quotes(pipeline, text, date="2019-08-01")
    q = next(q for q in qs if q.kind == "direct")
    assert q.speaker == "Peter Dutton"
    # another person heading a clause in between takes the turn: no copying over them
    text = ("Defence Minister Peter Dutton said the navy would stay in the region. "
            "Opposition leader Anthony Albanese disagreed.\n\n"
            "\"This is a mistake,\" he said.")
    q = next(q for q in _quotes(pipeline, text, date="2019-08-01") if q.kind == "direct")
    assert q.speaker != "Peter Dutton"


def test_participle_on_an_object_reports_the_subjects_words(pipeline):
    rec = process_sentence(pipeline, "The city police declined further comment, saying the "
                           "investigation was still under way.", date="2019-08-01")
    q = next(q for q in rec.quotes if q.cue == "saying")
    assert q.text == "the investigation was still under way"
    assert q.speaker is not None and "police" in q.speaker.lower()


def test_reported_clause_with_a_quoted_phrase_is_both(pipeline):
    rec = process_sentence(pipeline, "Foreign Minister Marise Payne said Canberra would resist "
                           "\"economic coercion\" from any country.", date="2020-05-20")
    kinds = {(q.kind, q.text) for q in rec.quotes}
    assert ("direct", "economic coercion") in kinds
    assert ("indirect", "Canberra would resist \"economic coercion\" from any country") in kinds
    assert {q.speaker for q in rec.quotes} == {"Marise Payne"}


def test_sources_introduced_by_insisted_warned_added(pipeline):
    for verb in ("insisted", "warned", "added"):
        rec = process_sentence(pipeline, f"Jens Stoltenberg {verb} that the alliance would defend "
                               "every member.", date="2019-12-03")
        q = next(q for q in rec.quotes if q.cue == verb)
        assert q.kind == "indirect" and q.text == "the alliance would defend every member"
        assert q.speaker == "Jens Stoltenberg"
    # a new sentence after the quote: a name, then any reporting verb of cues.tsv
    text = "\"We are ready for talks.\" Stoltenberg insisted on Tuesday that nothing had changed."
    q = next(q for q in _quotes(pipeline, text, date="2019-12-03") if q.kind == "direct")
    assert q.cue == "insisted" and q.speaker is not None and "Stoltenberg" in q.speaker


def test_speech_verbs_have_one_source_read_by_every_user():
    # cues.tsv is the one list: the event coder's two lists are its columns, the quote cues
    # its rows; a verb added there reaches all of them.
    from eventwire.annotate import times
    from eventwire.code import lexicon, status

    path = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "quotes" / "cues.tsv"
    rows = [line.split("\t") for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert status.SPEECH == {r[0] for r in rows if r[1] == "verb" and r[3] == "yes"}
    assert lexicon.SAYING == {r[0] for r in rows if r[1] == "verb" and r[4] == "yes"}
    assert set(load_cues().verbs) == {r[0] for r in rows if r[1] == "verb" and r[2] != "-"}
    assert {"say", "tell", "insist", "warn", "add"} <= set(load_cues().verbs)
    # the event coder's lists are unchanged by the move (the learned model's features use them)
    assert len(status.SPEECH) == 36 and len(lexicon.SAYING) == 31
    assert status.SPEECH - lexicon.SAYING == {"declare", "confirm", "signal", "acknowledge", "admit"}
    # one list of future auxiliaries: the coder counts will/shall, the times annotator also would
    assert status.FUTURE_AUX == {"will", "shall", "'ll", "wo"}
    assert times.FUTURE_AUX == status.FUTURE_AUX | {"would", "'d"}


def test_a_title_quoted_mid_sentence_is_nobodys_words(pipeline):
    text = ("\"We will cut taxes for every family,\" Senator Marco Rubio said on Tuesday. He later "
            "appeared on \"Meet the Press\" and talked about \"broken promises\" in Washington.")
    qs = _quotes(pipeline, text, date="2016-02-02")
    assert not [q for q in qs if q.text == "Meet the Press" and q.speaker]  # a show, not speech
    scare = next(q for q in qs if q.text == "broken promises")
    assert scare.speaker == "Marco Rubio"  # the speaker's own phrase, as the wire gold reads it


def test_nested_quote_is_the_words_of_the_one_the_speaker_quotes(pipeline):
    text = ("Senator Lindsey Graham spoke after the meeting. \"The prime minister told me, 'We will "
            "never abandon the Kurds,' and I believed him,\" Graham said.")
    qs = _quotes(pipeline, text, date="2019-10-10")
    outer = next(q for q in qs if q.text.startswith("The prime minister told me"))
    assert outer.speaker == "Lindsey Graham" and outer.text.endswith("and I believed him")
    inner = next(q for q in qs if q.text == "We will never abandon the Kurds")
    assert inner.rule == "quotes:direct:nested" and inner.cue == "told"
    assert inner.speaker != "Lindsey Graham"
    # no cue inside the outer quote: the inner one is left to it, never given its speaker
    text = "\"This is what I call 'the Washington shuffle' and it has to stop,\" Graham said."
    assert [q.text for q in _quotes(pipeline, text, date="2019-10-10")] == [
        "This is what I call 'the Washington shuffle' and it has to stop"]


def test_the_role_given_in_apposition_names_the_speaker_later(pipeline):
    # NER may not label the name a person; the apposition "spokeswoman of ..." says it is one
    text = ("The two leaders discussed border security on Friday, said Olga Marchenko, spokeswoman "
            "of the Ukrainian president.\n\n"
            "According to the spokeswoman, they also talked about grain exports.\n\n"
            "\"The talks were frank,\" she said.")
    qs = _quotes(pipeline, text, date="2023-03-03")
    first = next(q for q in qs if q.text.startswith("The two leaders discussed"))
    assert first.speaker == "Olga Marchenko"
    acc = next(q for q in qs if q.cue == "according to")
    assert acc.speaker == "Olga Marchenko"
    assert next(q for q in qs if q.text == "The talks were frank").speaker == "Olga Marchenko"


def test_role_in_apposition_holds_when_ner_calls_the_name_an_organisation(pipeline):
    # The same story with the name labelled ORG (as spaCy labels some Slavic names): the role
    # "spokeswoman" given in apposition still makes "the spokeswoman" and "she" that speaker.
    from eventwire.annotate.coref import Coref
    from eventwire.annotate.quotes import QuoteFinder, Quotations
    from eventwire.model import Article

    text = ("The two leaders discussed border security on Friday, said Olga Marchenko, spokeswoman "
            "of the Ukrainian president.\n\n"
            "According to the spokeswoman, they also talked about grain exports.\n\n"
            "\"The talks were frank,\" she said.")
    doc = pipeline.nlp(text)
    rec = pipeline.annotate(doc, Article(id="t", text=text, date="2023-03-03"))
    for e in rec.entities:
        if e.text == "Olga Marchenko":
            e.label = "ORG"
    quotes = Quotations(pipeline.resources)
    coref = Coref(doc, rec, quotes.roles)  # over the relabelled entities
    qs = QuoteFinder(doc, rec, coref, quotes.cues, quotes.matcher, quotes.kb, quotes.roles).run()
    acc = next(q for q in qs if q.cue == "according to")
    assert acc.speaker == "Olga Marchenko" and acc.rule.endswith(":role")
    frank = next(q for q in qs if q.text == "The talks were frank")
    assert frank.speaker == "Olga Marchenko"
