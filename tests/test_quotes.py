"""Quotations and reported speech with cues and speakers, on real article sentences."""
from __future__ import annotations

from conftest import process_sentence

from eventwire.annotate.quotes import quotation_spans


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


def test_odd_input_does_not_crash(pipeline):
    assert _quotes(pipeline, "\" \"\" “ ” « said") is not None


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
