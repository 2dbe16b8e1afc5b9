"""Loaded words toward an actor (``_loaded_words``) on fictional sentences: each rule once.

The rules are checked with a model that keeps every candidate (``KEEP_ALL``), so a test
says what the rules allow, not what the packaged weights happen to score; one test runs
the packaged model.
"""

from __future__ import annotations

import dataclasses
import functools

import pytest

from framelens import article_from_text
from framelens.context import Context
from framelens.models import Analysis, Label
from framelens.pipeline import Pipeline
from framelens.stages._loaded_words import loaded_lexicon, loaded_words, token_owner
from framelens.stages.actors import actors
from framelens.stages.labels import labels
from framelens.stages.sentences import sentences


@functools.cache
def _parsed(text: str) -> tuple[Analysis, object]:
    article = article_from_text(text, "fixture.txt")
    ctx = Context()
    ctx.parse([article])
    analyses = [Analysis(article=article)]
    for st in (sentences, actors):
        analyses = st.run_batch(analyses, ctx)
    return analyses[0], ctx.doc(article)


def _loaded(
    text: str, keep_all: bool = True, weights: dict[str, float] | None = None
) -> list[tuple[str, str | None, str | None]]:
    analysis, doc = _parsed(text)
    lex = loaded_lexicon()
    if keep_all:
        lex = dataclasses.replace(lex, bias=20.0, threshold=0.5, weights=weights or {})
    salience = {a.id: a.salience for a in analysis.actors}
    found = loaded_words(doc, token_owner(doc, analysis), (), analysis.article.paragraphs, salience, lex)  # type: ignore[arg-type]
    t = analysis.article.text
    return [(lab.span.text_in(t), lab.actor_id, lab.polarity) for lab in found]


def _words(text: str) -> set[str]:
    return {w for w, _, _ in _loaded(text)}


def _may_keep(text: str) -> dict[str, bool]:
    """Every candidate word of ``text`` -> whether the context model may keep it."""
    from framelens.stages._loaded_words import candidates, context_may_keep

    analysis, doc = _parsed(text)
    salience = {a.id: a.salience for a in analysis.actors}
    owner = token_owner(doc, analysis)  # type: ignore[arg-type]
    lex, paragraphs = loaded_lexicon(), analysis.article.paragraphs
    return {
        analysis.article.text[c.start : c.end]: context_may_keep(c.features)
        for c in candidates(doc, owner, lex, paragraphs, salience)  # type: ignore[arg-type]
    }


def test_an_evaluative_adverb_is_aimed_at_the_subject_of_its_clause() -> None:
    found = _loaded("Governor Dara Velk angrily rejected the plan on Monday.\n")
    assert ("angrily", "dara-velk", "negative") in found


def test_neutral_reporting_and_office_words_never_appear() -> None:
    words = _words("Governor Dara Velk said on Monday that officials announced the plan.\n")
    assert not words & {"said", "announced", "officials", "Governor"}


def test_how_sure_the_writer_is_and_facts_of_death_are_no_loaded_words() -> None:
    """ "Clinton clearly believes" gave Clinton a positive loaded word (16 of 289 on 297 PTC
    articles were "clearly"); "found dead" a negative one.  The writer's certainty is a stance
    toward the claim, a death a fact; "angrily" still judges."""
    words = _words(
        "Governor Dara Velk clearly believes the plan will pass. Certainly the port will close. "
        "A guard was found dead. Sadly, Velk has a tendency to repeat her mistakes. "
        "Velk angrily rejected the report.\n"
    )
    # "Sadly, the United States has a tendency to ..." (a PTC article) is the writer's regret
    assert not words & {"clearly", "Certainly", "dead", "Sadly"}, words
    assert "angrily" in words, words


def test_a_word_in_a_speakers_quote_is_the_speakers_and_is_skipped() -> None:
    words = _words('"This is a disgraceful and shameful plan," Governor Dara Velk said.\n')
    assert not words & {"disgraceful", "shameful"}


def test_a_scare_quote_is_the_outlets_own_word_and_is_kept() -> None:
    found = _loaded("Governor Dara Velk unveiled his “reckless” budget on Monday.\n")
    assert any(w == "reckless" and actor == "dara-velk" for w, actor, _ in found)


def test_praise_in_scare_quotes_is_irony_and_is_not_given_as_praise() -> None:
    found = _loaded("Governor Dara Velk thanked the “generous” donors of the council.\n")
    assert not any(w == "generous" and pol == "positive" for w, _, pol in found)


def test_a_short_quote_in_a_sentence_with_a_speech_verb_is_the_speakers() -> None:
    """'He said X's "reign of terror is over"': the words are the speaker's, however few."""
    words = _words("Governor Dara Velk said the council's plan was “disgraceful” and “cruel”.\n")
    assert not words & {"disgraceful", "cruel"}


def test_an_adjective_on_a_noun_that_is_no_actor_is_not_aimed_at_an_actor() -> None:
    words = _words("Governor Dara Velk fought a genocidal militia in the north.\n")
    assert "genocidal" not in words


def test_degree_adverbs_and_event_verbs_are_not_loaded() -> None:
    words = _words("Governor Dara Velk was far more popular after troops killed the smugglers.\n")
    assert "far" not in words and "killed" not in words


def test_a_positive_word_gets_the_lexicons_sign() -> None:
    found = _loaded("Governor Dara Velk gave a brilliant speech to the council.\n")
    assert ("brilliant", "dara-velk", "positive") in found


def test_an_opinion_adjective_on_a_topic_noun_is_not_aimed_at_the_clauses_actor() -> None:
    # "illegal" judges the crossings, not the governor who fights them; "disastrous" judges
    # her decision, which is hers
    found = _loaded("Governor Dara Velk vowed to stop illegal crossings and made a disastrous decision.\n")
    assert not any(w == "illegal" for w, _, _ in found)
    assert ("disastrous", "dara-velk", "negative") in found


def test_a_negated_word_turns_its_polarity() -> None:
    # "shy away" is loaded by what the training data taught (the packaged model's word
    # weight), not by the adjective lexicon's "shy", which a verb does not read
    text = "Governor Dara Velk is not shying away from the fight over the dam.\n"
    assert _loaded(text, weights={"w=shy": 1.0}) == [("shying", "dara-velk", "positive")]


def test_a_feeling_denied_is_no_praise() -> None:
    """ "Speaker Nora Orr is not upset": a negated feeling says she is calm; turning "upset"
    into praise of her (as "not shying away" is) was BASIL's ‹upset›+ for Pelosi."""
    text = "Speaker Nora Orr is not upset over the delay, her aides said on Friday.\n"
    assert not [w for w in _loaded(text, weights={"w=upset": 3.0}) if w[0] == "upset"]
    affirmed = _loaded(text.replace("is not upset", "is upset"), weights={"w=upset": 3.0})
    assert ("upset", "nora-orr", "negative") in affirmed


def test_an_adjective_about_an_extraposed_idea_is_aimed_at_no_actor() -> None:
    words = _words("However, it would be mistaken to regard the arrest of Dara Velk as a mere gesture.\n")
    assert "mistaken" not in words


def test_a_short_quote_after_a_naming_verb_or_before_a_split_title_is_someones_words() -> None:
    assert "toughest" not in _words(
        "Sheriff Ivo Brannick calls himself the “toughest sheriff” in Ostrelia.\n"
    )
    words = _words("Velk spoke on Monday. It is a “horrific policy,” Mr. Brannick said of the plan.\n")
    assert "horrific" not in words


def test_the_packaged_model_keeps_an_evident_loaded_word_and_not_a_plain_report() -> None:
    text = "The vote left Governor Dara Velk desperate and frustrated. Velk said the council met.\n"
    found = _loaded(text, keep_all=False)
    assert ("frustrated", "dara-velk", "negative") in found
    assert all(w != "said" for w, _, _ in found)


def test_the_labels_stage_keeps_loaded_words_as_labels_with_their_polarity() -> None:
    article = article_from_text("The vote left Governor Dara Velk desperate and frustrated.\n", "f.txt")
    (result,) = Pipeline([sentences, actors, labels]).run([article], Context())
    loaded = [lab for lab in result.labels if lab.kind == "loaded"]
    assert [(lab.span.text_in(result.article.text), lab.actor_id, lab.polarity) for lab in loaded] == [
        ("desperate", "dara-velk", "negative"),
        ("frustrated", "dara-velk", "negative"),
    ]
    assert all(
        isinstance(lab, Label) and lab.polarity_score is not None and lab.polarity_score < 0 for lab in loaded
    )


def test_a_word_inside_a_descriptor_of_the_same_actor_is_left_to_the_descriptor() -> None:
    text = "Governor Dara Velk was desperate after the vote.\n"
    analysis, doc = _parsed(text)
    lex = dataclasses.replace(loaded_lexicon(), bias=20.0, threshold=0.5, weights={})
    at = text.index("desperate")
    from framelens.models import Span

    descriptor = Label(Span(at, at + 9), "dara-velk", "desperate", "predicate")
    owner = token_owner(doc, analysis)  # type: ignore[arg-type]
    alone = loaded_words(doc, owner, (), (), None, lex)  # type: ignore[arg-type]
    covered = loaded_words(doc, owner, (descriptor,), (), None, lex)  # type: ignore[arg-type]
    assert "desperate" in {lab.head for lab in alone}
    assert "desperate" not in {lab.head for lab in covered}


def test_a_scare_quoted_name_for_a_thing_judges_the_thing_not_an_actor() -> None:
    # the adjective is on a noun inside the same quote, and the noun is no actor's deed
    text = (
        "Kestrel's campaign called a Gazette report which shows video of her at a rally saying "
        'she had marched "in Halden" an "outrageous distortion" of her record.'
    )
    assert all(words != "outrageous" for words, _, _ in _loaded(text))


def test_a_short_quote_after_a_verbs_as_is_someones_characterisation() -> None:
    # 'ripping the agenda, which was set by his party, as "rigged"': the senator's word, however
    # far the verb is from the quote; the outlet's own scare quote stays
    found = _words(
        "Senator Ivo Brannick was caught ripping the agenda, which was set by his own party, as "
        '"rigged" on Monday. The Harbour Council passed its “reckless” budget.\n'
    )
    assert "rigged" not in found and "reckless" in found


def test_a_short_quote_inside_a_reported_charge_is_the_accusers_word() -> None:
    found = _words(
        "The Harbour Council answered charges from Senator Ivo Brannick that there was a massive "
        "political “cover-up” of the flood. Velk called the budget a “scheme” on Monday.\n"
    )
    assert "cover-up" not in found


def test_a_loaded_word_in_reported_speech_is_aimed_only_at_whom_the_clause_is_about() -> None:
    # 'Renacci said people at a meeting were furious': the people, who are no actor, not the
    # article's main actor by default; a reported clause about an actor keeps its target
    found = _loaded(
        "Governor Dara Velk opened the bridge on Monday. Senator Ivo Brannick said voters at a recent "
        "meeting were furious about the bridge. Brannick said Velk was reckless.\n"
    )
    assert not any(w == "furious" for w, _, _ in found)
    assert ("reckless", "dara-velk", "negative") in found


def test_a_neutral_verb_in_scare_quotes_is_a_word_mentioned_not_a_judgement() -> None:
    found = _words(
        "The Harbour Council had “notified” the embassy, not “warned” it, of the reports. "
        "Governor Dara Velk “bungled” the rescue.\n"
    )
    assert not found & {"notified", "warned"}


def test_a_condition_and_a_modal_adjective_are_no_loaded_words() -> None:
    found = _words(
        "If the Harbour Republicans are being sincere, they will pass the bill. Mayor Dara Velk has not "
        "been able to peel off any councillors. Velk angrily rejected the plan.\n"
    )
    assert not found & {"sincere", "able"} and "angrily" in found


def test_a_word_inside_an_apposition_is_aimed_at_the_name_it_describes() -> None:
    # "Her rival Tomas Reyl, a respected and honest reformer": Reyl, not the "her" of the sentence
    found = _loaded(
        "Mayor Ilse Varn wrecked the harbour deal. Her rival Tomas Reyl, a respected and honest "
        "reformer, praised the dockworkers.\n"
    )
    assert all(actor == "tomas-reyl" for word, actor, _ in found if word == "honest")
    assert any(word == "honest" for word, _, _ in found)


def test_what_a_speaker_calls_a_thing_and_a_word_mentioned_are_no_loaded_words() -> None:
    found = _words(
        "Councillor Lena Varga called the idea illegal and offensive. Notably, the word “wall” does not "
        "appear in the bill. Governor Dara Velk angrily rejected the plan.\n"
    )
    assert not found & {"illegal", "offensive", "wall"} and "angrily" in found


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # a verb does not read the adjective lexicon by its lemma: "meant" is no "mean" remark
        ("Governor Dara Velk closed the market. In practice, that has meant hunger for the town.\n", "meant"),
        ("The baker Pavel Drun, who owns a shop near the square, spoke to Dara Velk.\n", "owns"),
        # a verb or noun spelt like an adjective is another sense: "to moderate a debate", "my right"
        ("Governor Dara Velk wanted to moderate the harbour debate on Monday.\n", "moderate"),
        ("Governor Dara Velk said she would not give up her right to run.\n", "right"),
        # "make sure" and "make it clear" describe nobody
        ("Governor Dara Velk said she wanted to make sure there is no conflict of interest.\n", "sure"),
        ("Governor Dara Velk made it clear that she would run again.\n", "clear"),
        # a participle with an object is the verb: "winning Wisconsin" is no "winning" smile
        ("Governor Dara Velk wound up winning Wisconsin by a thousand votes.\n", "winning"),
        # an adverb on a copula hedges a description
        ("Dara Velk was effectively the leader of the council until March.\n", "effectively"),
        # an adverb under a modal says what may or can happen
        ("Governor Dara Velk warned that the storm could seriously damage the dam.\n", "seriously"),
        # a clause about a thing or a statement is aimed at no actor
        ("Dara Velk says the rules were followed. That may be true in the letter of the law.\n", "true"),
        ("Dara Velk backed the reform, a scheme that quietly cut the budget.\n", "quietly"),
        # the sentence's most salient actor is a guess, not a target: the criminal is not Velk
        ("Critics blamed Dara Velk for the arrest of a criminal on Monday.\n", "criminal"),
    ],
)
def test_words_the_parse_does_not_aim_at_an_actor_are_not_loaded(text: str, word: str) -> None:
    assert word not in _words(text)


def test_a_participle_reads_the_adjective_lexicon_and_make_with_an_actor_describes_it() -> None:
    found = _loaded("Governor Dara Velk looked disappointed. The defeat made Velk angry.\n")
    assert ("disappointed", "dara-velk", "negative") in found
    assert any(word == "angry" and actor == "dara-velk" for word, actor, _ in found)


def test_an_opinion_adjective_reaches_a_subject_five_steps_up() -> None:
    found = _loaded("Governor Dara Velk vowed to stop the smugglers and made a disastrous decision.\n")
    assert ("disastrous", "dara-velk", "negative") in found


def test_respectively_is_no_respect() -> None:
    # "Sasha and Malia, 13 and 16, respectively" gave Malia a positive loaded word
    assert "respectively" not in _words(
        "Governor Dara Velk and Tomas Reyl won 40 and 42 votes, respectively.\n"
    )


def test_a_classifying_adjective_is_no_loaded_word() -> None:
    # "Rep. Blake Farenthold Resigns After Sexual Harassment Allegations" gave him the positive
    # loaded word "sexual"
    found = _words(
        "# GOP Rep. Tomas Reyl Resigns After Sexual Harassment Allegations\n\n"
        "Rep. Tomas Reyl (R-Halden) is resigning from the Assembly, he announced Friday in a statement "
        "and video.\n\n"
        "Reyl declared in December that he would not seek re-election after reports emerged that he had "
        "used public money to settle sexual harassment claims.\n"
    )
    assert not {"sexual", "Sexual"} & set(found), found


def test_a_verdict_is_a_legal_fact_not_a_loaded_word() -> None:
    # a real article's "Patel pleaded guilty Thursday ..." gave Patel the negative loaded word "guilty"
    words = _words(
        "Dara Velk pleaded guilty on Thursday to two counts of lying. Tomas Reyl was found not guilty. "
        "Ada Brisk was guilty of hypocrisy, the editors wrote.\n"
    )
    assert words & {"guilty"}, words  # the outlet's own charge is still a word a reader weighs
    found = _loaded(
        "Dara Velk pleaded guilty on Thursday to two counts of lying. Tomas Reyl was found not guilty. "
        "Senator Ada Brisk, who voted not guilty at the trial, left.\n"
    )
    assert not [w for w, _, _ in found if w == "guilty"], found
    # the parser hangs the verdict on an alias between the verb and it
    found = _loaded(
        "A Harbourton jury on Thursday found Jose Ines Velk Zarate, also known as Juan Brisk Lopez, not "
        "guilty of the murder of Anna Reyl on a pier.\n"
    )
    assert not [w for w, _, _ in found if w == "guilty"], found


def test_a_vote_margin_or_an_effort_is_no_loaded_word() -> None:
    # a BASIL triplet's "Congress on Wednesday overwhelmingly rejected President Obama's veto"
    # gave Congress the negative loaded word "overwhelmingly", and "pushed back hard" Schumer "hard"
    words = _words(
        "The Harbour Council on Wednesday overwhelmingly rejected Mayor Dara Velk's veto. "
        "Councillor Tomas Reyl pushed back hard on the mayor's objections.\n"
    )
    assert not words & {"overwhelmingly", "hard"}, words


def test_what_someone_is_held_to_is_a_charge() -> None:
    # a real report's "The US government has held Cuba responsible" gave Cuba the positive loaded
    # word "responsible" (VADER's praise)
    found = _loaded("The Harbour Council has held Ostrelia responsible for the attacks on the docks.\n")
    assert [(w, p) for w, _, p in found if w == "responsible"] == [("responsible", "negative")], found


def test_a_reduced_relative_clause_on_a_thing_is_about_the_thing() -> None:
    # a real op-ed's "Russia endured humiliating provocations designed to provoke and distract
    # Moscow" gave Russia the loaded words "provoke" and "distract": the provocations', not its
    found = _loaded(
        "Governor Dara Velk endured humiliating provocations designed to provoke and distract her.\n",
        weights={"w=provoke": 1.0, "w=distract": 1.0},
    )
    assert not [w for w, actor, _ in found if w in ("provoke", "distract")], found
    # an actor the clause qualifies is still its target
    found = _loaded("Governor Dara Velk, angered by the vote, left.\n", weights={"w=anger": 1.0})
    assert ("angered", "dara-velk", "negative") in found, found


def test_a_deed_named_with_its_doer_as_compound_is_the_doers() -> None:
    # a real op-ed's "the continued frustration of US belligerence" gave the belligerence to Iran,
    # the subject of the sentence; "Ostrelian critics" are no critics of their own deed
    found = _loaded(
        "Governor Dara Velk opposed the continued Ostrelia belligerence in the straits.\n",
        weights={"w=belligerence": 1.0},
    )
    aimed = {w: actor for w, actor, _ in found}
    assert aimed.get("belligerence") == "ostrelia", found


def test_the_technique_tagger_finds_loaded_verbs_no_lexicon_knows() -> None:
    """The lexicons know neither "lambasted" nor "ripped" as judgements; the tagger, which reads
    every sentence for the technique stage anyway, does, and the context model keeps them.
    With the technique stage off the lexicon model decides alone, as it did before."""
    from framelens.config import load_settings
    from framelens.engine import analyze

    text = "Governor Dara Velk lambasted the ruling on Tuesday and ripped the judges.\n"

    def loaded(techniques: bool) -> set[tuple[str, str | None, str | None]]:
        settings = load_settings().replace(tone=False, techniques=techniques, frames=False)
        analysis = analyze(article_from_text(text, "fixture.txt"), settings=settings)
        t = analysis.article.text
        return {
            (lab.span.text_in(t), lab.actor_id, lab.polarity)
            for lab in analysis.labels
            if lab.kind == "loaded"
        }

    with_tagger = loaded(True)
    assert {("lambasted", "dara-velk", "negative"), ("ripped", "dara-velk", "negative")} <= with_tagger
    assert not {w for w, _, _ in loaded(False)} & {"lambasted", "ripped"}


def test_a_context_model_of_another_tagger_says_how_to_retrain() -> None:
    from framelens.errors import FramelensError
    from framelens.stages._loaded_words import ContextModel, context_tagger
    from framelens.techniques import load_technique_model

    tagger = load_technique_model().tagger
    assert tagger is not None
    lex = dataclasses.replace(loaded_lexicon(), context=ContextModel({}, 0.0, 0.5, {"fingerprint": "0" * 64}))
    with pytest.raises(FramelensError, match=r"another technique tagger.*framelens\.train\.loaded"):
        context_tagger(lex, tagger)
    assert context_tagger(loaded_lexicon(), tagger) is tagger  # the packaged pair matches


def test_a_lexicon_sign_near_zero_is_no_praise() -> None:
    # a BASIL article's "Sounding alternately defensive and aggrieved, Mr. Trump ..." gave
    # "defensive" as praise: VADER's raters put it at +0.1, no sign at all
    found = _loaded("Governor Dara Velk sounded defensive on Monday.\n", weights={"w=defensive": 1.0})
    assert ("defensive", "dara-velk", "negative") in found, found


def test_a_hedge_on_what_an_actor_did_is_no_loaded_word() -> None:
    # a BASIL article's "the day Clinton effectively wrapped up the nomination" gave Clinton
    # "effectively" as praise
    words = _words("Senator Dara Velk effectively wrapped up the nomination on Tuesday.\n")
    assert not words & {"effectively"}, words


def test_the_context_model_never_keeps_an_adjective_the_lexicons_know_is_flat() -> None:
    """The tagger hears a loaded sentence's mood in its plain words too: "a fierce internal
    jostling" gave "internal" (pattern's lexicon: polarity 0, VADER: none)."""
    found = _may_keep("Governor Dara Velk remained silent and furious on Monday.\n")
    assert found.get("silent") is False and found.get("furious") is True, found


def test_when_a_measure_takes_effect_and_facts_of_health_are_no_loaded_words() -> None:
    # BASIL articles: "his resignation, effective at 5 p.m." gave the congressman "effective" as
    # praise, "who has brain cancer" the senator "cancer", "no matter what he claims" "matter"
    words = _words(
        "Mayor Dara Velk announced her resignation, effective at 5 p.m. on Friday. Senator Tomas "
        "Reyl, who has brain cancer, voted no. Velk was taking a side no matter what she claims.\n"
    )
    assert not words & {"effective", "cancer", "matter"}, words
    # how well someone acts is still a judgement
    assert "effective" in _words("Mayor Dara Velk ran an effective campaign against the port.\n")


def test_a_deed_noun_is_aimed_at_whom_it_is_of() -> None:
    # a real op-ed's "Iran [continues] the work ... – the continued frustration of US
    # belligerence" gave "frustration" to Iran, the subject of its sentence
    found = _loaded(
        "Governor Dara Velk welcomed the continued frustration of Ostrelia belligerence and the "
        "humiliation of Mayor Tomas Reyl.\n",
        weights={"w=frustration": 1.0, "w=humiliation": 1.0},
    )
    aimed = {w: actor for w, actor, _ in found}
    assert aimed.get("frustration") == "ostrelia" and aimed.get("humiliation") == "tomas-reyl", found


def test_a_tweet_quoted_across_lines_or_in_single_marks_is_the_speakers() -> None:
    # PTC articles quote tweets one sentence per line ("“This is a terrible situation ... /
    # Bob Mueller is totally conflicted ...!” Trump wrote.") or wholly in single marks; both
    # had given the investigator "totally conflicted" as the outlet's loaded words
    weights = {"w=conflicted": 1.0, "w=conflict": 1.0, "w=disgrace": 1.0, "w=angrily": 1.0}

    def words(text: str) -> set[str]:
        return {w for w, _, _ in _loaded(text, weights=weights)}

    across = words(
        "“This is a terrible situation and the inquiry should stop right now.\n\n"
        "Tomas Reyl is conflicted and a disgrace!” Governor Dara Velk wrote.\n"
    )
    assert not across & {"conflicted", "disgrace"}, across
    single = words(
        "Governor Dara Velk posted again on Tuesday.\n\n"
        "‘Tomas Reyl is conflicted and a disgrace to the harbour!’\n\n"
        "Reyl angrily rejected the post.\n"
    )
    assert not single & {"conflicted", "disgrace"}, single
    assert "angrily" in single  # the outlet's own words after the quote are still read
    # unquoted, the same words are the outlet's
    assert "disgrace" in words("Tomas Reyl is conflicted and a disgrace to the harbour.\n")


def test_what_an_actor_may_or_must_do_is_no_loaded_word() -> None:
    # a real op-ed's "Iran too must endure" gave Iran "endure"; BASIL's "Reid would suffer
    # politically" gave Reid "suffer".  What the actor did is still read ("angrily rejected").
    found = _loaded(
        "Governor Dara Velk must endure the protests. Mayor Tomas Reyl would suffer politically. "
        "Velk angrily rejected the plan.\n",
        weights={"w=endure": 1.0, "w=suffer": 1.0, "w=angrily": 1.0},
    )
    words = {w for w, _, _ in found}
    assert not words & {"endure", "suffer"}, found
    assert "angrily" in words, found


def test_how_often_or_when_and_a_flat_manner_are_no_loaded_words() -> None:
    """BASIL articles: "Mr. Obama has repeatedly mourned victims of mass shootings" gave Obama
    "repeatedly" as a loaded word, "Mr. LePage spoke emotionally about Maine's heroin crisis"
    gave LePage "emotionally": neither judges the actor (the verb, if anything, does).  The
    context model, which reads the tagger and no lexicon, had kept them: they are no
    candidates at all."""
    words = set(
        _may_keep(
            "Governor Dara Velk has repeatedly visited the flooded villages. Velk quickly became the "
            "face of the relief effort. Velk spoke emotionally about the farmers.\n"
        )
    )
    assert not words & {"repeatedly", "quickly", "emotionally"}, words
    # an adverb from an opinion adjective is still a judgement of how the actor acted
    assert "foolishly" in _may_keep("Governor Dara Velk foolishly spent the relief fund.\n")
    assert "foolishly" in _words("Governor Dara Velk foolishly spent the relief fund.\n")


def test_the_adjective_an_adverb_is_made_from() -> None:
    from framelens.stages._loaded_words import flat_manner

    lex = loaded_lexicon()
    assert flat_manner(lex, "emotionally", 0.0)  # "emotional": polarity 0 in the lexicon
    assert flat_manner(lex, "quietly", 0.0)
    assert not flat_manner(lex, "sharply", 0.0)  # "sharp" is an opinion
    assert not flat_manner(lex, "falsely", 0.0)  # "false"
    assert not flat_manner(lex, "gently", 2.0)  # VADER knows the adverb itself
    assert not flat_manner(lex, "vehemently", 0.0)  # no adjective the lexicon knows


def test_the_context_model_never_keeps_an_event_word_only_vader_signs() -> None:
    """VADER signs the events a report tells ("has been fired", "Cantor's defeat" on BASIL
    dev); the context model may keep a noun or verb VADER signs only when the lexicon model
    would call it evaluative, while a verb no lexicon signs stays open to it ("pounced")."""
    found = _may_keep("Governor Dara Velk has been fired by the council. Velk pounced on the report.\n")
    assert found.get("fired") is False and found.get("pounced") is True, found


def test_the_reason_says_whether_a_lexicon_signed_the_word() -> None:
    """A word no lexicon signs is negative by a measured default, and its reason says so
    instead of naming lexicons that never saw it."""
    from framelens.stages._loaded_words import LOADED_REASON, UNSIGNED_REASON

    analysis, doc = _parsed("Governor Dara Velk pounced on the report and foolishly spent the fund.\n")
    lex = dataclasses.replace(loaded_lexicon(), bias=20.0, threshold=0.5, weights={"w=pounce": 1.0})
    salience = {a.id: a.salience for a in analysis.actors}
    labels_found = loaded_words(
        doc, token_owner(doc, analysis), (), analysis.article.paragraphs, salience, lex
    )  # type: ignore[arg-type]
    found = {lab.span.text_in(analysis.article.text): lab.polarity_reason for lab in labels_found}
    assert found.get("pounced") == UNSIGNED_REASON, found
    assert found.get("foolishly") == LOADED_REASON, found


def test_a_phrasal_verb_is_shown_with_its_particle() -> None:
    # BASIL articles: "Schiff ... has doubled down on his claim" had shown "doubled" alone; the
    # idiom is the outlet's wording.  A particle after the object stays apart.
    found = _loaded(
        "Senator Dara Velk doubled down on her claim about the port.\n", weights={"w=double": 1.0}
    )
    assert ("doubled down", "dara-velk", "negative") in found, found
    analysis, doc = _parsed("Senator Dara Velk doubled down on her claim about the port.\n")
    from framelens.stages._loaded_words import candidates

    salience = {a.id: a.salience for a in analysis.actors}
    owner = token_owner(doc, analysis)  # type: ignore[arg-type]
    cands = candidates(doc, owner, loaded_lexicon(), analysis.article.paragraphs, salience)  # type: ignore[arg-type]
    feats = {analysis.article.text[c.start : c.end]: c.features for c in cands}
    assert feats["doubled down"].get("particle") == 1.0 and not feats["doubled down"].get("hyphenated"), feats


def test_a_noun_compound_is_one_word_and_a_booster_is_a_degree() -> None:
    """PTC articles: "a mere fig leaf to conceal" had shown "fig" and "leaf" apart, and
    "an extremely high-profile episode" "extremely": VADER reads its booster words as degrees
    of the next word, not as sentiment.  A compound whose head is never loaded keeps its own
    word ("smear campaign": "campaign" is a neutral word)."""
    found = _may_keep(
        "Governor Dara Velk waved a fig leaf at the inquiry. Velk ran an extremely costly smear campaign.\n"
    )
    assert "fig leaf" in found and "fig" not in found and "leaf" not in found, found
    assert "smear" in found, found
    assert found.get("extremely") is False, found
    # the end of a hyphenated word is no compound of its own ("a 10-minute onslaught")
    hyphen = _may_keep("Governor Dara Velk launched a 10-minute onslaught on the judges.\n")
    assert "onslaught" in hyphen and "minute onslaught" not in hyphen, hyphen


def test_how_startling_the_writer_finds_a_claim_is_no_loaded_word() -> None:
    # a PTC article: "Shockingly, he then goes on to detail ..." gave the victim it quotes
    # "Shockingly" as a negative loaded word
    words = _words("Farmer Tomas Reyl survived the flood. Shockingly, Reyl then described the rescue.\n")
    assert "Shockingly" not in words, words


def test_how_openly_or_by_what_procedure_is_no_loaded_word() -> None:
    """BASIL articles and the seeds: "President Obama formally endorsed", "Top Democrats
    swiftly pressured" (read as praise), "said afterward", "the U.S. had tacitly accepted X as
    an awkward ally": facts of form, speed and time, shown as loaded words before."""
    words = set(
        _may_keep(
            "Governor Dara Velk formally endorsed Mara Tosk. Velk swiftly pressured the council. "
            "Velk said afterward that the port would open. Velk had tacitly accepted the plan.\n"
        )
    )
    assert not words & {"formally", "swiftly", "afterward", "tacitly"}, words
    # the neutral list holds words, not the first parts of hyphenated ones
    late = _may_keep("Senator Dara Velk's late-in-life conversion to the cause surprised the party.\n")
    assert "late-in-life" in late, late


def test_a_booster_on_a_verb_is_a_degree() -> None:
    # a BASIL article: "Trump appeared to shift stance somewhat" gave Trump "somewhat"
    found = _may_keep("Governor Dara Velk shifted her stance somewhat after the vote.\n")
    assert found.get("somewhat") is not True, found


def test_gladness_at_a_killing_is_a_reproach() -> None:
    """The seeds: "The US has eagerly taken credit for the killing of Iranian General ..."
    showed "eagerly" as a positive loaded word toward the US; gladness at a harm disparages
    whoever is glad.  Gladness at anything else keeps the lexicon's sign."""
    from framelens.stages._loaded_words import GLEE_REASON

    text = (
        "Governor Mara Tosk has eagerly taken credit for the killing of General Oren Rusk. "
        "Governor Dara Velk eagerly welcomed the new school.\n"
    )
    analysis, doc = _parsed(text)
    lex = dataclasses.replace(loaded_lexicon(), bias=20.0, threshold=0.5, weights={})
    salience = {a.id: a.salience for a in analysis.actors}
    found = loaded_words(doc, token_owner(doc, analysis), (), analysis.article.paragraphs, salience, lex)  # type: ignore[arg-type]
    eager = sorted(
        (lab.span.start, lab.polarity, lab.polarity_reason)
        for lab in found
        if lab.span.text_in(analysis.article.text) == "eagerly"
    )
    assert len(eager) == 2, found
    assert eager[0][1:] == ("negative", GLEE_REASON), eager
    assert eager[1][1] == "positive", eager


def test_praise_in_what_should_have_been_is_a_reproach() -> None:
    # a BASIL article: "the White House ... could have been better prepared" read as praise
    from framelens.stages._loaded_words import MISSED_REASON

    text = (
        "Governor Dara Velk could have been better prepared for the flood. "
        "Velk planned better for the storm.\n"
    )
    found = {(w, p) for w, _, p in _loaded(text)}
    analysis, doc = _parsed(text)
    lex = dataclasses.replace(loaded_lexicon(), bias=20.0, threshold=0.5, weights={})
    salience = {a.id: a.salience for a in analysis.actors}
    labels_found = loaded_words(
        doc, token_owner(doc, analysis), (), analysis.article.paragraphs, salience, lex
    )  # type: ignore[arg-type]
    t = analysis.article.text
    better = sorted(
        (lab.span.start, lab.polarity, lab.polarity_reason)
        for lab in labels_found
        if lab.span.text_in(t) == "better"
    )
    assert len(better) == 2, found
    assert better[0][1:] == ("negative", MISSED_REASON), better
    assert better[1][1] == "positive", better


def test_for_how_long_and_which_version_are_no_loaded_words() -> None:
    """BASIL articles: "his calls to temporarily ban", "his original remarks" (read as praise),
    "in the run-up to the 2016 election" (a hyphenated word, read whole against the list)."""
    words = set(
        _may_keep(
            "Governor Dara Velk called to temporarily ban the boats. Velk stood by her original "
            "remarks in the run-up to the vote in lower Orlan.\n"
        )
    )
    assert not words & {"temporarily", "original", "run-up", "lower"}, words


def test_what_someone_holds_a_thing_to_be_is_their_view() -> None:
    """BASIL articles: "a new border wall, which Democrats view as ineffective and overly costly"
    gave the Democrats "overly" and "costly" as their loaded words; "who view discussion of
    impeachment as politically dangerous".  The view is reported, not the outlet's wording."""
    words = set(
        _may_keep(
            "Governor Dara Velk wants a new harbour wall, which Senator Ivo Brask views as ineffective "
            "and overly costly. Brask considers the plan wasteful.\n"
        )
    )
    assert not words & {"ineffective", "overly", "costly", "wasteful"}, words
    # the outlet's own adjective stays
    assert "wasteful" in _may_keep("Governor Dara Velk was wasteful with the harbour fund.\n")


def test_an_epithet_someone_calls_an_actor_is_theirs_whatever_its_parse() -> None:
    """BASIL articles: "Members of Congress are calling her evasive", "Tim Miller called Biden
    “unhinged”": the small parser reads the complement as a noun ("Velk" qualifying "evasive")
    or a verb, and the epithet had been shown as the outlet's loaded word."""
    words = set(
        _may_keep(
            "Members of the council are calling Governor Dara Velk evasive. "
            "Spokesman Ivo Brask called Governor Dara Velk unhinged.\n"
        )
    )
    assert not words & {"evasive", "unhinged"}, words
