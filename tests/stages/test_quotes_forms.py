"""Attribution forms beyond the speech-verb rules: the learned cue gate, "Name: statement"
lines, transcripts, dash signatures, causatives and partial quotes (fictional sentences)."""

from __future__ import annotations

import pytest

from framelens.config import load_settings
from framelens.context import Context
from framelens.models import Analysis
from framelens.pipeline import Pipeline
from framelens.readers import article_from_text
from framelens.stages._quote_cues import dateline
from framelens.stages.actors import actors
from framelens.stages.labels import labels
from framelens.stages.quotes import REASON_IMPERSONAL, quotes
from framelens.stages.sentences import sentences

LEAD = "The council met on Monday.\n\n"


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(load_settings(tone=False))


def _quotes(text: str, ctx: Context) -> list[tuple[str, str, str | None, str | None]]:
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    return _view(result)


def _direct_speaker_ids(text: str, ctx: Context) -> list[str | None]:
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    return [q.speaker_id for q in result.quotes if q.kind == "direct"]


def _view(result: Analysis) -> list[tuple[str, str, str | None, str | None]]:
    t = result.article.text
    return [
        (q.kind, q.span.text_in(t), q.speaker_name, q.cue.text_in(t) if q.cue else None)
        for q in result.quotes
    ]


def test_the_learned_gate_adds_a_stance_verb_the_lists_lack(ctx: Context) -> None:
    text = LEAD + "Senator Dara Velk advocated raising the tax on fuel to pay for the new bridge.\n"
    found = _quotes(text, ctx)
    assert (
        "indirect",
        "raising the tax on fuel to pay for the new bridge",
        "Dara Velk",
        "advocated",
    ) in found
    rules_only = Context(load_settings(tone=False, learned_cues=False))
    assert _quotes(text, rules_only) == []


def test_the_learned_gate_takes_a_noun_object_only_from_someone_who_can_hold_a_stance(ctx: Context) -> None:
    # PolNeAR marks a stance on a thing as an attribution ("preferred a toll", "unleashed a
    # series of posts"); a thing that "utilized" or "looked like" something holds no stance
    text = LEAD + (
        "Mayor Ivo Brannick preferred a toll on the new bridge over the river.\n\n"
        "The old heap utilized the invasions of the north as a threat to its neighbours.\n\n"
        "The black heap of coal looked like a giant whale about to swallow the mine.\n"
    )
    assert _quotes(text, ctx) == [
        ("indirect", "a toll on the new bridge over the river", "Ivo Brannick", "preferred"),
    ]


def test_the_learned_gate_takes_no_look_and_no_deed_toward_oneself(ctx: Context) -> None:
    # a real column's "the Catholic Church appears to have adopted that statement as its policy"
    # and "committed itself to Islamopandering" were the Church's statements
    text = LEAD + (
        "The Harbour Church appears to have adopted that statement as its policy on the strike.\n\n"
        "The Harbour Church committed itself to the new plan for the docks and the ferries.\n\n"
        "Bishop Ada Velk's hat appeared to be gone for good after the long march.\n"
    )
    assert [q for q in _quotes(text, ctx) if q[0] != "scare"] == []


def test_a_verb_governing_a_speech_verb_is_not_a_second_cue(ctx: Context) -> None:
    text = LEAD + "Ostrelians have started to say they can finally wish people Happy New Year.\n"
    found = _quotes(text, ctx)
    assert [q[3] for q in found] == ["say"]


def test_an_adverb_before_the_cue_is_not_part_of_the_role(ctx: Context) -> None:
    text = LEAD + (
        "Mara Velk, the younger sister of Dara Velk, a council candidate, sharply criticized the vote "
        "and said that the count was unfair.\n"
    )
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    roles = {q.role for q in result.quotes if q.speaker_name == "Mara Velk"}
    assert roles == {"the younger sister of Dara Velk, a council candidate"}


def test_a_name_colon_statement_line_is_an_attribution_and_a_poll_is_not(ctx: Context) -> None:
    text = (
        LEAD
        + "Senator Dara Velk: The council vote was a disgrace\n\nPoll: Velk leads the race by ten points\n"
    )
    found = _quotes(text, ctx)
    assert ("indirect", "The council vote was a disgrace", "Dara Velk", ":") in found
    assert not any("leads the race" in q[1] for q in found)


def test_a_transcript_turn_is_its_speakers(ctx: Context) -> None:
    text = LEAD + "PENCE: Well, look, she will not be attending the debate tomorrow night.\n"
    assert ("indirect", "Well, look, she will not be attending the debate tomorrow night.", "PENCE", ":") in (
        _quotes(text, ctx)
    )


def test_a_quote_signed_by_a_dash_and_a_name_is_that_persons(ctx: Context) -> None:
    text = (
        LEAD + "“Hearing his words makes me afraid for the future.” ― Sonya Herridge\n"
        "“He cannot even answer a question.” ― Esther Tapia\n"
    )
    found = _quotes(text, ctx)
    assert ("direct", "Hearing his words makes me afraid for the future.", "Sonya Herridge", "―") in found
    assert ("direct", "He cannot even answer a question.", "Esther Tapia", "―") in found


def test_whom_a_speaker_lets_know_is_not_the_speaker(ctx: Context) -> None:
    text = LEAD + "Velk said she would visit the mill and let them know that “the plant will stay open.”\n"
    found = _quotes(text, ctx)
    assert not any(q[2] == "them" for q in found)


def test_a_reported_clause_around_a_short_partial_quote_is_kept(ctx: Context) -> None:
    text = (
        LEAD + 'Lynch said there remains a "significant difference in private practice and government," '
        "when it comes to how many lawyers work there.\n"
    )
    found = _quotes(text, ctx)
    assert any(q[0] == "indirect" and q[1].startswith("there remains a") and q[2] == "Lynch" for q in found)


def test_a_coordinated_speech_verb_starts_the_next_act_and_ends_the_content(ctx: Context) -> None:
    text = (
        LEAD + "Minister Dara Velk said the ministry was firmly opposed to the test and warned "
        "Ostrelia to refrain from further launches.\n"
    )
    found = _quotes(text, ctx)
    said = [q for q in found if q[3] == "said"]
    assert said and said[0][1] == "the ministry was firmly opposed to the test", found


def test_a_gerund_cue_after_by_speaks_with_the_subject_of_its_verb(ctx: Context) -> None:
    text = LEAD + "Mayor Ivo Brannick answered the petition on Tuesday by saying the bridge would stay open."
    assert ("indirect", "the bridge would stay open", "Ivo Brannick", "saying") in _quotes(text, ctx)


def test_according_to_opening_a_sentence_reports_what_follows_the_comma(ctx: Context) -> None:
    # the parser makes "According" the root and hangs the clause on the source's name
    text = LEAD + "According to farm union leader Tamsin Orlo, the new levy reeks of panic and greed.\n"
    found = _quotes(text, ctx)
    assert [(q[1], q[3]) for q in found] == [("the new levy reeks of panic and greed", "According to")]
    assert found[0][2] is not None and "Tamsin Orlo" in found[0][2]


def test_a_clause_after_a_phrase_that_follows_the_verb_is_what_was_said(ctx: Context) -> None:
    text = LEAD + (
        "Councillor Dara Velk said after the vote she would not accept the committee's report "
        "if it were published.\n"
    )
    found = _quotes(text, ctx)
    assert [(q[0], q[2], q[3]) for q in found] == [("indirect", "Dara Velk", "said")]
    assert found[0][1].endswith("she would not accept the committee's report if it were published")


def test_the_infinitive_of_a_telling_verb_is_content_but_not_of_continued(ctx: Context) -> None:
    text = LEAD + (
        "Councillor Dara Velk told her aides never to speak of the tunnel again.\n\n"
        "Many regulars continued to stay away from the market.\n"
    )
    assert _quotes(text, ctx) == [
        ("indirect", "her aides never to speak of the tunnel again", "Dara Velk", "told"),
    ]


def test_an_object_content_stops_before_an_aside_about_it(ctx: Context) -> None:
    text = LEAD + "The Harbour Guild endorsed Brannick, who says he is honoured by the support.\n"
    found = _quotes(text, ctx)
    assert ("indirect", "Brannick", "The Harbour Guild", "endorsed") in found
    assert ("indirect", "he is honoured by the support", "Brannick", "says") in found


def test_the_statement_said_speaks_for_the_organisation_that_issued_it(ctx: Context) -> None:
    text = (
        "The Harbour Council met on Monday to discuss the closure of the port.\n\n"
        '"We will not reopen the docks until the floods recede," the statement said.\n\n'
        "A statement from the Coastal Union said the strike would go on.\n\n"
        "Mayor Dara Velk's statement said the city would pay.\n\n"
        "A statement from Harbour Council chair Lena Varga's office said the port would reopen.\n"
    )
    assert [(q[0], q[2]) for q in _quotes(text, ctx)] == [
        ("direct", "Harbour Council"),
        ("indirect", "Coastal Union"),
        ("indirect", "Dara Velk"),
        ("indirect", "Lena Varga"),  # the person the statement's phrase names, not her council
    ]


def test_a_role_runs_over_abbreviations_and_initials(ctx: Context) -> None:
    text = LEAD + (
        "James Orrin, the No. 3 Harbour Democrat, said the vote was close.\n\n"
        "Elliott Marn, a Republican trying to unseat Representative Nick J. Rahall, said he would win.\n"
    )
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    assert [q.role for q in result.quotes] == [
        "the No. 3 Harbour Democrat",
        "a Republican trying to unseat Representative Nick J. Rahall",
    ]


def test_it_was_reported_is_an_attribution_to_nobody_named(ctx: Context) -> None:
    # an expletive "it" with a passive speech verb and a clause; a plain passive is no report
    text = LEAD + (
        "It was reported that the mayor would resign before the vote.\n\nThe vote was announced on Friday.\n"
    )
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    assert _view(result) == [("indirect", "the mayor would resign before the vote", None, "reported")]
    assert result.quotes[0].no_speaker_reason == REASON_IMPERSONAL


def test_a_quotation_paragraph_takes_the_speaker_the_paragraph_before_introduces(ctx: Context) -> None:
    text = LEAD + (
        "Councillor Ivo Brannick was blunt about the council's failures:\n\n"
        '"We were abandoned by everyone who promised to help this town."\n\n'
        "Harbour master Lena Varga spoke to reporters after the vote.\n\n"
        '"The docks are finished for this year."\n\n'
        "The bridge reopened on Tuesday.\n\n"
        '"Nobody came to help us when the water rose."\n'
    )
    assert [(q[0], q[2]) for q in _quotes(text, ctx)] == [
        ("direct", "Ivo Brannick"),
        ("direct", "Harbour master Lena Varga"),
        ("direct", None),
    ]


def test_a_dateline_a_day_and_a_month_never_speak(ctx: Context) -> None:
    text = (
        "PORT CALDER, Mer. — Ilse Varn, the embattled governor of Meridia, declared on Wednesday that "
        "she would not step down.\n\n"
        "VELKA – Tomas Reyl on Sunday urged the council to reopen the port.\n\n"
        "Varn praised the vote on her website, writing Monday that the inquiry should be dropped.\n\n"
        "The Valley Post reported that Varn met with envoys in June 2016 who said they had documents.\n"
    )
    speakers = {q[3]: q[2] for q in _quotes(text, ctx)}
    assert speakers["declared"] == "Ilse Varn"
    assert speakers["urged"] == "Tomas Reyl"
    assert speakers["writing"] == "Varn"
    assert speakers.get("said") is None


def test_a_place_in_capitals_opening_a_paragraph_before_a_dash_is_a_dateline(ctx: Context) -> None:
    article = article_from_text(
        "The council met.\n\nVELKA – Tomas Reyl urged the council to act. NATO said it would help."
    )
    ctx.parse([article])
    tokens = {t.text: t for t in ctx.doc(article)}
    assert dateline(tokens["VELKA"]) and not dateline(tokens["NATO"])


def test_a_pronoun_speaker_continues_the_sentences_topic_not_a_name_in_an_aside(ctx: Context) -> None:
    """'Mr. Halvik's outlook started to shift ... shifts at Benny B. Bagel's and Fennmart. ...
    "...," he said': "he" is Halvik, whose outlook the sentence is about, not the shop the
    tagger reads as a person (a real article's "he said" had gone to Chuck E. Cheese's)."""
    text = (
        "“Politics came naturally to me,” Oren Halvik said on Monday. "
        "“I followed what my family believed.”\n\n"
        "But, starting when he was about 16 and working as a cook at a roadside cafe, Mr. Halvik’s "
        "outlook started to shift as he moved through other jobs, among them shifts at Benny B. "
        "Bagel’s and Fennmart. He became angry watching older colleagues struggle on low wages.\n\n"
        "“That told me the system was broken,” he said, adding that he wanted change.\n"
    )
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    names = {a.id: a.name for a in result.actors}
    speakers = [names.get(q.speaker_id or "") for q in result.quotes]
    assert speakers and all(s == "Oren Halvik" for s in speakers), speakers


def _roles(text: str, ctx: Context) -> dict[str, set[str | None]]:
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(LEAD + text)], ctx)
    roles: dict[str, set[str | None]] = {}
    for q in result.quotes:
        roles.setdefault(q.speaker_name or "", set()).add(q.role)
    return roles


def test_what_a_speaker_is_doing_is_no_role(ctx: Context) -> None:
    # a real triplet gave "Beto O'Rourke (campaigning in South Carolina on Friday night)"
    roles = _roles(
        "Dara Velk, campaigning in Port Calder on Friday night, said the harbour deal was a disgrace.\n", ctx
    )
    assert roles == {"Dara Velk": {None}}


def test_a_title_before_a_name_stops_at_the_name_listed_before(ctx: Context) -> None:
    # "Attorney General William Barr and Deputy Attorney General Rod Rosenstein" gave
    # Rosenstein the role "Barr and Deputy Attorney General"
    roles = _roles(
        "Attorney General Anna Reyl and Deputy Attorney General Tomas Brek said in a letter that the "
        "port would stay open.\n",
        ctx,
    )
    assert roles == {"Tomas Brek": {"Deputy Attorney General"}}


def test_a_title_and_an_affiliation_are_one_role(ctx: Context) -> None:
    # "Sen. Amy Klobuchar of Minnesota said" gave the role "of Minnesota" alone
    roles = _roles("Sen. Dara Velk of Ostria said the vote was rigged.\n", ctx)
    assert roles == {"Dara Velk": {"Sen., of Ostria"}}


def test_a_long_relative_clause_does_not_hide_the_speaker(ctx: Context) -> None:
    # the parser reads "the aide" as the subject of "was" inside the relative clause and leaves
    # "wrote" without one; a real report's quotes of the aide then had no speaker
    text = LEAD + (
        "On Friday, the aide, Dara Velk, 31, who has more than 14,000 followers online and at the time "
        "was a spokeswoman for a little-known councillor from Halvik, wrote an open letter to Ana and "
        "Mira Reyl, saying they should “try showing a little class” and “dress like you deserve respect.”\n"
    )
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    assert {q.speaker_id for q in result.quotes if q.kind == "direct"} == {"dara-velk"}
    # a quoted clause keeps its own subject: "We" is the quote's, not the one who writes
    assert _quotes(LEAD + "“We will win the vote,” wrote the Harbour Times on Monday.\n", ctx)[0][2] != "We"


def test_the_writers_i_is_the_writer_never_the_last_person_named(ctx: Context) -> None:
    # a real column's "I said that the reason I dropped the word was ..." was Jesus Christ's
    # statement: the pronoun went to the last person named before it
    from framelens.text.quote_lexicon import REASON_WRITER

    text = LEAD + (
        "Pastor Ada Velk prayed for the city in the square on Sunday.\n\n"
        "I said that the reason I prayed aloud was that nobody else had done so in years.\n"
    )
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    said = [q for q in result.quotes if q.cue is not None and q.cue.text_in(result.article.text) == "said"]
    assert [(q.speaker_id, q.no_speaker_reason) for q in said] == [(None, REASON_WRITER)]


def test_a_dateline_with_its_date_and_agency_never_speaks(ctx: Context) -> None:
    # "GERMANY, February 8, 2018 (LifeSiteNews) – Cardinal Paul Josef Cordes criticized ..." had
    # Germany as the speaker
    text = (
        "OSTRELIA, February 8, 2031 (HarbourNews) – Cardinal Ivo Brask criticized fellow Cardinal "
        "Tomas Reyl's suggestion that priests should bless the harbour strike.\n"
    )
    found = [q for q in _quotes(text, ctx) if q[0] != "scare"]
    assert found and all("Ivo Brask" in (q[2] or "") for q in found), found


def test_he_never_stands_for_an_organisation_quoted_before(ctx: Context) -> None:
    # "He stated in his brief that ..." went to Rosatom, an organisation quoted just before
    text = LEAD + (
        "Velkatom Inc. said on Monday that the port would reopen in May.\n\n"
        "He stated in his brief that the cranes were unsafe and should be replaced.\n"
    )
    stated = [q for q in _quotes(text, ctx) if q[3] == "stated"]
    assert stated and all("Velkatom" not in (q[2] or "") for q in stated), stated


def test_the_learned_gate_takes_no_person_for_what_was_said(ctx: Context) -> None:
    # a real column's "Trump fired Comey in May 2017" was Trump's statement "Comey in May 2017";
    # the word lists keep the verbs whose person object is a stance ("defended Reyl")
    for verb in ("appointed", "nominated"):
        text = LEAD + f"Mayor Dara Velk {verb} Tomas Reyl in May 2017 after the long harbour vote.\n"
        assert [q for q in _quotes(text, ctx) if q[0] != "scare"] == [], verb


def test_a_speaker_and_a_role_stay_in_their_paragraph(ctx: Context) -> None:
    """An embedded post's signature ("— John Moore (@jbmoorephoto) November 3, 2018") runs
    into the next paragraph in the parse: "2018 President" became Trump's role; and a role
    after a name ran on into the next paragraph ("A pattern, not an aberration" as a heading)."""
    roles = _roles(
        "Troops began arriving at the harbour on Friday, just days ahead of the elections.\n\n"
        "#Harbour #Border #ARMY pic.twitter.com/eNsrqJz9Lu — John Morr (@jbmorrphoto) November 3, 2031\n\n"
        "President Trump ordered over 5,200 soldiers to be deployed at the southern harbour by the end "
        "of the week to aid some 2,000 guards already in place.\n\n"
        "A pattern, not an aberration\n\nDespite all this, even analysts critical of the board's "
        "behaviour have shown a glaring failure to understand that its coverage is a pattern.\n",
        ctx,
    )
    assert roles.get("Trump") == {"President"}, roles
    assert roles.get("A pattern") in (None, {"not an aberration"}), roles


def test_the_one_a_participle_calls_something_is_not_its_speaker(ctx: Context) -> None:
    """ "... has openly criticized it and Soros, calling Soros a "public enemy."" gave the
    quote to Soros (the rule for inverted speech, '..." said Sam Heller', took the object), and
    the next "He also said" followed him."""
    text = (
        "Mayor Tomas Brenn has seen the influence of Anna Velk and her groups in the port and has "
        'openly criticized it and Velk, calling Velk a "public enemy."\n\n'
        'He also said that Velk has "ruined" thousands of lives via her "smuggling network."\n'
    )
    roles = _roles(text, ctx)
    assert "Velk" not in roles, roles
    assert "Tomas Brenn" in roles, roles


def test_she_never_stands_for_a_man_named_before(ctx: Context) -> None:
    # "Hensing" alone, at a sentence start, is tagged a common noun; "she" is still not the man
    # named before her
    text = LEAD + (
        "In the end, the executive sent to expand Governor Peter Halloway’s shipping business pleaded "
        "guilty to fraud in a case that began in 2015.\n\n"
        "Hensing added that her client had been asked to testify before two committees.\n\n"
        "“He cannot say anything he learned in the course of his work,” she said.\n"
    )
    found = _quotes(text, ctx)
    direct = [q for q in found if q[0] == "direct"]
    assert direct and all(q[2] != "Peter Halloway" for q in direct)


def test_a_surname_the_tagger_reads_as_a_word_is_still_the_antecedent(ctx: Context) -> None:
    # "Toensing"-like surnames in "-ing" are tagged as common nouns at a sentence's start
    text = LEAD + (
        "Victoria Hensing, a lawyer for the witness, spoke on Monday.\n\n"
        "An aide to Governor Peter Halloway pleaded guilty to fraud in a case that began in 2015.\n\n"
        "Hensing added that her client had been asked to testify before two committees.\n\n"
        "“He cannot say anything he learned in the course of his work,” she said.\n"
    )
    assert _direct_speaker_ids(text, ctx) == ["victoria-hensing"]


def test_a_verb_the_parser_takes_for_a_subject_never_speaks(ctx: Context) -> None:
    text = LEAD + (
        "Such being the case, the local press, deferring to the mayor, automatically concludes that "
        "the wish to keep the files closed has to be based on safety grounds.\n\n"
        "What if the harbour guard does not go home to Valdo and the militias that helped retake Osterby "
        "refuse to join the army?\n"
    )
    speakers = [q[2] for q in _quotes(text, ctx)]
    assert "being" not in speakers and "go" not in speakers


def test_a_body_named_after_a_title_word_speaks_whole(ctx: Context) -> None:
    # "Justice" is a title ("Justice Velk") but "the Justice Department" is one body's name
    text = LEAD + "The Justice Department said Velk left the country in 2015 and crossed into Tessaly.\n"
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    assert [(q.speaker_name, q.role) for q in result.quotes] == [("The Justice Department", None)]


def test_the_us_of_lets_never_speaks(ctx: Context) -> None:
    text = LEAD + "Let’s say, hypothetically, that I’m right: that the harbour board agreed to the deal.\n"
    assert not [q for q in _quotes(text, ctx) if q[2] in ("’s", "'s")]


def test_a_thing_that_implies_is_no_speaker(ctx: Context) -> None:
    text = LEAD + (
        "Doctors at the harbour clinic stated that the sailor had a large wound in the back of his head, "
        "which implied a shot having been fired from the pier.\n\n"
        "The Harbour Council, which said the pier was closed, did not comment.\n"
    )
    speakers = [q[2] for q in _quotes(text, ctx)]
    assert "his head" not in speakers and "head" not in speakers
    assert "The Harbour Council" in speakers or "Harbour Council" in speakers, speakers


def test_a_statement_a_person_issued_speaks_for_that_person(ctx: Context) -> None:
    text = (
        "The verdict came on Thursday.\n\n"
        "Attorney General Tomas Reyl issued a statement saying that the city had failed its residents.\n\n"
        "“When cities choose to release criminals rather than hold them, public safety suffers,” the "
        "statement read.\n"
    )
    assert _direct_speaker_ids(text, ctx) == ["tomas-reyl"]
