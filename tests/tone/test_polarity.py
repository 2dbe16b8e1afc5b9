"""Label and mention polarity are computed in the analysis and stored with it, so that a
comparison reads them instead of loading the tone model."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

import framelens
from framelens.config import load_settings
from framelens.models import Analysis, Label, Span
from framelens.store import StoredArticle, open_store
from framelens.tone.polarity import (
    CLAUSE,
    CONTEXT,
    FEELING,
    NICKNAME,
    OFFICE,
    PLAIN,
    SCARE_QUOTES,
    TITLE,
    association,
    focus,
    label_polarities,
    read,
    side,
)

TEXT = (
    "Mayor Ilse Varn, a corrupt criminal, wrecked the harbour deal, critics said on Monday. "
    "Her rival Tomas Reyl, a respected and honest reformer, praised the dockworkers. "
    "General Ana Petrell visited the port."
)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return framelens.analyze(TEXT)


def _label(analysis: Analysis, words: str):  # type: ignore[no-untyped-def]
    text = analysis.article.text
    return next(lab for lab in analysis.labels if lab.span.text_in(text) == words)


def test_descriptors_carry_their_polarity_in_context(analysis: Analysis) -> None:
    crook, reformer = (
        _label(analysis, "a corrupt criminal"),
        _label(analysis, "a respected and honest reformer"),
    )
    assert crook.polarity == "negative" and crook.polarity_score is not None and crook.polarity_score < -0.2
    assert reformer.polarity == "positive" and reformer.polarity_score is not None
    assert reformer.polarity_score > 0.2
    assert all(lab.polarity is None for lab in analysis.labels if lab.kind == "event")


def test_stored_polarity_is_what_the_model_reads_in_context(analysis: Analysis) -> None:
    """The tone stage's batch reading equals the one-off reading with the packaged model."""
    descriptors = [lab for lab in analysis.labels if lab.kind not in ("event", "loaded")]
    again = label_polarities([(analysis, lab) for lab in descriptors])
    for label, polarity in zip(descriptors, again, strict=True):
        assert polarity is not None and label.polarity == polarity[0]
        assert label.polarity_score == pytest.approx(polarity[1], abs=1e-5)


def test_a_title_is_neutral_whatever_its_sentence(analysis: Analysis) -> None:
    general = _label(analysis, "General")
    assert general.kind == "title" and general.polarity == "neutral"


def test_mentions_carry_the_tone_of_their_sentence(analysis: Analysis) -> None:
    varn = next(a for a in analysis.actors if a.name == "Ilse Varn")
    scored = [m for m in varn.mentions if m.tone is not None]
    assert scored and all(m.tone_score is not None and -1 <= m.tone_score <= 1 for m in scored)
    first = scored[0]
    assert first.tone == "negative" and first.tone_score is not None and first.tone_score < 0


def test_without_the_tone_model_labels_get_their_words_polarity() -> None:
    plain = framelens.analyze(TEXT, load_settings(tone=False))
    crook = _label(plain, "a corrupt criminal")
    # VADER's compound valence of the words alone, -0.5267 for "a corrupt criminal"
    assert crook.polarity == "negative" and crook.polarity_score == pytest.approx(-0.5267, abs=1e-4)
    assert all(m.tone is None for a in plain.actors for m in a.mentions)
    assert side(0.19) == "neutral" and side(-0.21) == "negative" and side(0.2) == "positive"


def _stored(analyses: list[Analysis], path: Path) -> None:
    with open_store(path) as store:
        store.put([StoredArticle(an) for an in analyses])


def test_polarity_survives_the_store(analysis: Analysis, tmp_path: Path) -> None:
    _stored([analysis], tmp_path / "c.duckdb")
    with open_store(tmp_path / "c.duckdb", read_only=True) as store:
        [back] = store.analyses([analysis.article.id])
    assert back.labels == analysis.labels
    assert back.actors == analysis.actors


def test_comparing_stored_analyses_never_loads_the_tone_model(analysis: Analysis, tmp_path: Path) -> None:
    other = framelens.analyze(TEXT.replace("a corrupt criminal", "a bold leader"))
    _stored([analysis, other], tmp_path / "c.duckdb")
    probe = (
        "import json, sys\n"
        "from framelens.context import loaded_models\n"
        "from framelens.comparison import compare\n"
        "from framelens.store import open_store\n"
        "with open_store(sys.argv[1], read_only=True) as store:\n"
        "    analyses = store.analyses(sys.argv[2:])\n"
        "result = compare(analyses)\n"
        "kinds = sorted({kind for kind, _ in loaded_models()})\n"
        "labels = [u.polarity for c in result.word_choice for u in c.labels]\n"
        "print(json.dumps({'kinds': kinds, 'labels': labels}))\n"
    )
    ids = [analysis.article.id, other.article.id]
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "c.duckdb"), *ids],
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert "tone" not in seen["kinds"], seen["kinds"]
    assert "negative" in seen["labels"] and "positive" in seen["labels"]


def test_analyses_stored_before_labels_had_polarity_are_read_with_the_model(analysis: Analysis) -> None:
    old = dataclasses.replace(
        analysis,
        labels=tuple(dataclasses.replace(lab, polarity=None, polarity_score=None) for lab in analysis.labels),
        provenance=tuple((n, "1") if n in {"labels", "tone"} else (n, v) for n, v in analysis.provenance),
    )
    result = framelens.compare([old, analysis])
    uses = {(u.article_id, u.text): u.polarity for c in result.word_choice for u in c.labels}
    assert any(text == "a corrupt criminal" and pol == "negative" for (_, text), pol in uses.items())


# The rules that come before the model's reading (framelens.tone.polarity.read), each on a
# fictional label; ``model`` is the tone model's signed reading the stage would pass.


def _made(text: str, words: str, head: str, kind: str = "predicate") -> tuple[str, Label]:
    start = text.index(words)
    return text, Label(Span(start, start + len(words)), "x", head, kind)


def test_an_office_with_no_evaluative_word_is_neutral_whatever_the_sentence_mood() -> None:
    text, label = _made(
        "Dara Venn, the commander of the Northern Brigade, was blamed for the disaster.",
        "the commander of the Northern Brigade",
        "commander",
        "apposition",
    )
    reading = read(text, label, model=-0.7)
    assert (reading.side, reading.signed, reading.reason) == ("neutral", 0.0, OFFICE)
    text, label = _made(
        "Mara Lenz, a Democrat, voted against the bill.", "a Democrat", "Democrat", "apposition"
    )
    assert read(text, label, model=-0.5).reason == OFFICE
    # kinship is identity too, however sharp the quarrel the sentence reports
    text, label = _made(
        "Mara Lenz, the younger sister of Senate candidate Ada Lenz, sharply criticized the bill.",
        "the younger sister of Senate candidate Ada Lenz",
        "sister",
        "apposition",
    )
    assert (read(text, label, model=-0.6).side, read(text, label, model=-0.6).reason) == ("neutral", OFFICE)
    text, label = _made(
        "Mara Lenz, daughter of former Vice President Dick Lenz, said the bill was wrong.",
        "daughter of former Vice President Dick Lenz",
        "daughter",
        "apposition",
    )
    # neither the "vice" of a title nor the given name "Dick" is an insult
    assert read(text, label, model=None).side == "neutral"
    # a fixed expression is no praise: "special operations" names a kind of unit
    text, label = _made(
        "Venn and his special operations brigade left the town.",
        "special operations",
        "operation",
        "modifier",
    )
    assert read(text, label, model=None).side == "neutral"
    text, label = _made("Ada Lenz (R) attacked the bill.", "R", "R", "apposition")
    assert read(text, label, model=-0.6).reason == OFFICE
    # an evaluative word makes it a judgement again
    text, label = _made(
        "Venn was the brutal commander of the brigade.", "the brutal commander of the brigade", "commander"
    )
    assert read(text, label, model=-0.5).side == "negative"


def test_a_clause_that_ties_the_actor_to_a_charged_group_is_negative_however_flat_its_words() -> None:
    text, label = _made(
        "Venn was the man who drove al-Qaeda couriers to the border crossing.",
        "the man who drove al-Qaeda couriers to the border crossing",
        "man",
    )
    reading = read(text, label, model=0.6)  # the model reads "the man" warmly, as it did on real text
    assert reading.side == "negative" and reading.reason == "ties the actor to “al-Qaeda”"


def test_a_label_that_sets_the_actor_against_a_charged_group_is_positive() -> None:
    text, label = _made(
        "Venn, the anti-ISIS commander of the brigade, spoke.",
        "the anti-ISIS commander of the brigade",
        "commander",
    )
    reading = read(text, label, model=0.0)
    assert reading.side == "positive" and reading.reason == "sets the actor against “ISIS”"


def test_a_group_named_by_its_own_label_is_not_tied_to_itself() -> None:
    text, label = _made(
        "ISIS, the so-called Islamic State, retreated.", "the so-called Islamic State", "State", "apposition"
    )
    assert association(text, label) is None


def test_a_nickname_is_read_by_its_own_words_not_by_the_sentence_mood() -> None:
    text, label = _made(
        "The beloved hero, nicknamed “Stormcrow” by his admirers, is dead.",
        "Stormcrow",
        "Stormcrow",
        "nickname",
    )
    reading = read(text, label, model=0.8)
    assert (reading.side, reading.reason) == ("neutral", NICKNAME)


def test_scare_quotes_drop_the_words_own_praise() -> None:
    text, label = _made(
        "Venn, the “liberator” of the valley, ordered the shelling.", "liberator", "liberator", "apposition"
    )
    assert read(text, label, model=-0.4).reason == SCARE_QUOTES
    assert read(text, label, model=-0.4).side == "negative"


def test_a_bare_noun_with_a_relative_clause_is_read_by_the_clause() -> None:
    text = "Venn is the woman who rescued forty miners from the flooded shaft."
    label = _made(text, "the woman who rescued forty miners from the flooded shaft", "woman")[1]
    assert focus(text, label.span).text_in(text).startswith("who rescued")
    reading = read(text, label, model=None)
    assert reading.reason == CLAUSE and reading.side == "positive"


def test_the_stage_stores_the_reason_with_the_polarity(analysis: Analysis) -> None:
    general = _label(analysis, "General")
    crook = _label(analysis, "a corrupt criminal")
    assert general.polarity_reason == TITLE and crook.polarity_reason == CONTEXT


def test_clearly_evaluative_words_outweigh_the_sentence_mood() -> None:
    text, label = _made(
        "The junta abducted Mara Lenz, a brave reformist, at dawn.",
        "a brave reformist",
        "reformist",
        "apposition",
    )
    reading = read(text, label, model=-0.4)  # the model reads the abduction's mood onto the label
    assert reading.side == "positive" and reading.reason == CONTEXT


def test_a_job_title_is_identity_not_judgement() -> None:
    # "Special Agent" before a name in a story about a firing: a rank, not the firing's mood
    text, label = _made(
        "The bureau fired Special Agent Tomas Reyl over the leaked messages.",
        "Special Agent",
        "agent",
        "modifier",
    )
    assert (read(text, label, model=-0.6).side, read(text, label, model=-0.6).reason) == ("neutral", OFFICE)


def test_a_tie_is_identity_though_its_own_word_sounds_warm() -> None:
    # VADER reads "lover" as praise; "his lover" says who she is to him
    text, label = _made(
        "Reyl exchanged the messages with his lover, Anna Velk.", "his lover", "lover", "apposition"
    )
    assert (read(text, label, model=0.5).side, read(text, label, model=0.5).reason) == ("neutral", OFFICE)
    # a warm word beside the tie is still read: "a loving husband" is praise
    text, label = _made(
        "Tomas Reyl, a loving husband, was buried on Monday.", "a loving husband", "husband", "apposition"
    )
    assert read(text, label, model=0.3).reason != OFFICE


def test_a_plain_description_is_neutral_whatever_the_sentence_mood() -> None:
    # the model read plain job descriptions in their sentence's mood (BASIL: "the CEO of World
    # Wrestling Entertainment" +0.34, "a Democrat now running for the Senate" +0.28)
    text, label = _made(
        "Mara Lenz, a two-term lawmaker who leads the Coastal Renewal Party, celebrated the win.",
        "a two-term lawmaker who leads the Coastal Renewal Party",
        "lawmaker",
        "apposition",
    )
    reading = read(text, label, model=0.7)
    assert (reading.side, reading.signed, reading.reason) == ("neutral", 0.0, PLAIN)
    # names of institutions are no judgement: VADER reads "Entertainment" and "United" as praise
    text, label = _made(
        "Ada Velk, the chief executive of Happy Harbour Entertainment United, was praised.",
        "the chief executive of Happy Harbour Entertainment United",
        "executive",
        "apposition",
    )
    assert read(text, label, model=0.6).side == "neutral"
    # a party-and-state tag after a name is an affiliation
    text, label = _made("Rep. Ada Velk (D-Ohio) blasted the plan.", "D-Ohio", "Ohio", "apposition")
    assert read(text, label, model=-0.6).reason == OFFICE


def test_an_insult_vader_does_not_know_is_still_evaluative() -> None:
    # "puppet" is in the technique lexicon's insult list, not in VADER: not a plain description
    text, label = _made(
        "Tomas Reyl, a puppet of the harbour board, signed the deal.",
        "a puppet of the harbour board",
        "puppet",
        "apposition",
    )
    reading = read(text, label, model=-0.5)
    assert reading.reason != PLAIN and reading.side == "negative"
    # so is an evaluative adjective of the pattern lexicon
    text, label = _made(
        "Tomas Reyl, a hugely popular mayor, signed the deal.",
        "a hugely popular mayor",
        "mayor",
        "apposition",
    )
    assert read(text, label, model=0.5).reason != PLAIN


def test_a_trade_or_a_subject_of_study_is_no_stand() -> None:
    # "counter terrorism" names a field of work; "who studies the fight against ISIS" a subject
    text, label = _made(
        "Ilse Varn is a counter terrorism practitioner.", "a counter terrorism practitioner", "practitioner"
    )
    assert association(text, label) is None
    assert read(text, label, model=0.7).side == "neutral"
    text, label = _made(
        "Said Ilse Varn, an analyst at the Harbour Institute who studies the fight against ISIS.",
        "an analyst at the Harbour Institute who studies the fight against ISIS",
        "analyst",
        "apposition",
    )
    assert association(text, label) is None
    assert read(text, label, model=-0.6).side == "neutral"
    # a stand it still is when the actor fights
    text, label = _made(
        "Ilse Varn, the commander who fought ISIS in the valley, retired.",
        "the commander who fought ISIS in the valley",
        "commander",
        "apposition",
    )
    assert association(text, label) == (1, "ISIS")


def test_the_articles_own_author_is_portrayed_by_nobody() -> None:
    from framelens.models import Article
    from framelens.stages.tone import AUTHOR

    text = (
        "Ilse Varn is a respected security practitioner. She is a senior fellow at the Harbour "
        "Institute.\n\nGeneral Tomas Reyl, a brutal and corrupt commander, was killed on Monday."
    )
    article = Article(id="a", source="t", text=text, authors=("Ilse Varn",))
    analysis = framelens.analyze(article)
    names = {a.id: a.name for a in analysis.actors}
    tones = {names[t.actor_id]: t for t in analysis.tones}
    varn = next(t for name, t in tones.items() if "Varn" in name)
    assert (varn.label, varn.score, varn.decided_by) == ("neutral", 0.0, (AUTHOR,))
    reyl = next(t for name, t in tones.items() if "Reyl" in name)
    assert reyl.decided_by != (AUTHOR,)


def test_a_feeling_about_something_else_is_no_judgement_of_the_actor() -> None:
    text, label = _made(
        "The villagers are rightly scared of what the general's death may mean for the valley.",
        "rightly scared of what the general's death may mean for the valley",
        "scared",
        "predicate",
    )
    reading = read(text, label, model=-0.8)
    assert (reading.side, reading.reason) == ("neutral", FEELING)
    # nor does a feeling about a charged group tie the actor to it
    text, label = _made(
        "The villagers, afraid of ISIS raids, fled.", "afraid of ISIS raids", "afraid", "apposition"
    )
    assert read(text, label, model=-0.6).reason == FEELING
    # without a complement the feeling is the actor's state, read as before
    text, label = _made("Venn, furious and humiliated, resigned.", "furious and humiliated", "furious")
    assert read(text, label, model=-0.6).reason != FEELING


def test_a_hyphenated_compound_is_read_by_its_head() -> None:
    # VADER knows "liked" but not "well-liked": a real triplet's "a well-liked member of
    # leadership who has raised millions ..." was read by its clause in a hostile sentence
    text, label = _made(
        "Critics lacking a reason to fight Dara Velk, a well-liked member of the council who has "
        "raised money for her colleagues, began protesting.",
        "a well-liked member of the council who has raised money for her colleagues",
        "member",
        "apposition",
    )
    reading = read(text, label, model=-0.5)
    assert reading.side == "positive" and reading.reason == CONTEXT
    # the head only: "well-known" is not praise for "well", "hard-working" no harshness for "hard"
    for words in ("a well-known lawyer", "a hard-working nurse"):
        text, label = _made(f"Ada Velk, {words}, spoke on Monday.", words, words.split()[-1], "apposition")
        assert read(text, label, model=0.0).side == "neutral", words


def test_the_department_in_an_office_name_is_no_praise() -> None:
    # "Treasury Secretary Jacob Lew said ..." read positive: VADER hears "treasure" in "Treasury"
    text, label = _made(
        "Treasury Secretary Dana Velk said the ruling provides certainty.",
        "Treasury Secretary",
        "secretary",
        "modifier",
    )
    reading = read(text, label, model=0.6)
    assert (reading.side, reading.reason) == ("neutral", OFFICE)
    # a lower-case word of judgement still counts: "the disgraced Treasury Secretary"
    text, label = _made(
        "The disgraced Treasury Secretary Dana Velk resigned.",
        "disgraced Treasury Secretary",
        "secretary",
        "modifier",
    )
    assert read(text, label, model=-0.6).side == "negative"


def test_a_judgement_opening_the_sentence_is_no_department() -> None:
    # a BASIL article's "Controversial Maine Gov. Paul LePage" read as a bare office (neutral):
    # its first word is capitalised for its place, not as a department's name
    text, label = _made(
        "Controversial Harbour Gov. Dana Velk vetoed the bill.",
        "Controversial Harbour Gov.",
        "gov.",
        "modifier",
    )
    reading = read(text, label, model=-0.2)
    assert reading.side == "negative" and reading.reason != OFFICE, reading
    # a department opening the sentence stays one ("Justice", "Security": VADER hears praise)
    for office in ("Justice Secretary", "Homeland Security Secretary", "Top Secretary"):
        text, label = _made(f"{office} Dana Velk said the ruling stands.", office, "secretary", "modifier")
        assert (read(text, label, model=0.6).side, read(text, label, model=0.6).reason) == (
            "neutral",
            OFFICE,
        ), office


def test_what_someone_is_known_for_decides_not_the_fame() -> None:
    # a BASIL triplet's "who gained wide notice for forcing inmates to wear pink underwear and
    # housing them in tents" read positive (+0.37): VADER hears praise in "gained"
    text, label = _made(
        "Sheriff Dale Brenner, who gained wide notice for making inmates sleep in tents, endorsed him.",
        "who gained wide notice for making inmates sleep in tents",
        "who",
        "clause",
    )
    reading = read(text, label, model=0.4)
    assert (reading.side, reading.reason) == ("neutral", PLAIN)
    for frame in ("best known for", "famous for", "who won national attention for"):
        words = f"{frame} making inmates sleep in tents"
        text, label = _made(f"Dale Brenner, {words}, endorsed him.", words, frame.split()[-2], "apposition")
        assert read(text, label, model=0.4).side == "neutral", frame
    # how known a thing is judges nobody: "a prelate whose ... is so well known it was covered"
    text, label = _made(
        "Dale Brenner, a priest whose sermons are so well known they were printed, spoke.",
        "a priest whose sermons are so well known they were printed",
        "priest",
        "apposition",
    )
    assert read(text, label, model=0.3).side == "neutral"
    # what the fame is for still judges: "known for his cruelty", "famous for his generosity"
    text, label = _made(
        "Dale Brenner, known for his cruelty, endorsed him.", "known for his cruelty", "known", "apposition"
    )
    assert read(text, label, model=0.0).side == "negative"
    text, label = _made(
        "Dale Brenner, famous for his generosity, endorsed him.",
        "famous for his generosity",
        "famous",
        "apposition",
    )
    assert read(text, label, model=0.0).side == "positive"


def test_a_field_or_an_awareness_is_no_judgement() -> None:
    # real reports: "a national security think-tank that has close ties to ..." read positive
    # (VADER's "security"), "head of emergency response at the World Health Organization"
    # negative, "acutely aware of the danger the regime poses" negative
    text, label = _made(
        "The Harbour Group, a national security think-tank in Calder, issued a report.",
        "a national security think-tank in Calder",
        "think-tank",
        "apposition",
    )
    assert read(text, label, model=0.4).side == "neutral"
    text, label = _made(
        "Dara Velk, head of emergency response at the Harbour Authority, spoke.",
        "head of emergency response at the Harbour Authority",
        "head",
        "apposition",
    )
    assert read(text, label, model=-0.5).side == "neutral"
    text, label = _made(
        "Velk is acutely aware of the danger the regime poses to the region.",
        "acutely aware of the danger the regime poses to the region",
        "aware",
    )
    assert (read(text, label, model=-0.6).side, read(text, label, model=-0.6).reason) == ("neutral", FEELING)


def test_a_word_before_a_sense_keeping_suffix_is_read_as_that_word() -> None:
    """ "a totalitarian-minded individual, who has been supported by Communists" read as praise:
    VADER knows "totalitarian", not "totalitarian-minded", so the clause's "supported" decided."""
    text, label = _made(
        "Velk is a totalitarian-minded individual, who has been supported by the Harbour Party.",
        "a totalitarian-minded individual, who has been supported by the Harbour Party",
        "individual",
    )
    assert read(text, label, model=0.3).side == "negative"
    text, label = _made("Velk is a fair-minded mayor.", "a fair-minded mayor", "mayor")
    assert read(text, label, model=0.0).side == "positive"


def test_a_pejorative_word_vader_lacks_judges_against_whoever_it_names() -> None:
    """ "Globalist billionaire George Soros" read positive from its sentence: VADER knows
    neither word.  A word that only ever judges against its bearer decides; a party's or a
    movement's name does not ("a Communist lawmaker")."""
    text, label = _made(
        "Globalist billionaire Ivo Reyl funds the lawyers.",
        "Globalist billionaire",
        "billionaire",
        "modifier",
    )
    assert read(text, label, model=0.4).side == "negative"
    text, label = _made(
        "Velk is a Communist lawmaker from the port.", "a Communist lawmaker from the port", "lawmaker"
    )
    assert read(text, label, model=0.0).side == "neutral"
    # "a perjurer" (a PTC article) had read as a plain description: VADER lacks the word
    text, label = _made("Helm is a perjurer, the panel said.", "a perjurer", "perjurer")
    assert read(text, label, model=0.0).side == "negative"


def test_a_victim_is_no_judgement_and_a_harm_naming_a_field_is_a_job() -> None:
    """Read on a PTC report about a church's abuse commission: "a former victim of priestly
    abuse", "another victim", "a senior Vatican sex abuse investigator" and "a member of the
    abuse commission" had all read negative; "accused of sexual abuse" still does."""
    cases = [
        (
            "Dara Velk, a former victim of clerical abuse, left the panel.",
            "a former victim of clerical abuse",
            "victim",
        ),
        ("Dara Velk, another victim, spoke.", "another victim", "victim"),
        (
            "Dara Velk, a senior harbour sex abuse investigator, spoke.",
            "a senior harbour sex abuse investigator",
            "investigator",
        ),
        ("Velk was a member of the abuse commission.", "a member of the abuse commission", "member"),
    ]
    for sentence, words, head in cases:
        text, label = _made(sentence, words, head, "apposition")
        assert read(text, label, model=-0.6).side == "neutral", words
    text, label = _made(
        "Velk, a priest accused of sexual abuse, resigned.",
        "a priest accused of sexual abuse",
        "priest",
        "apposition",
    )
    assert read(text, label, model=-0.6).side == "negative"


def test_dear_addressing_someone_is_no_praise() -> None:
    """An open letter's "and you, dear Bishop Velk, ..." gave Velk the positive label "dear
    Bishop"; "a dear friend" keeps its warmth."""
    text, label = _made("And you, dear Bishop Velk, said nothing.", "dear Bishop", "bishop", "modifier")
    assert read(text, label, model=0.0).side == "neutral"
    text, label = _made(
        "Velk, a dear friend of the mayor, said nothing.", "a dear friend of the mayor", "friend"
    )
    assert read(text, label, model=0.0).side == "positive"


def test_a_lone_predicate_word_keeps_its_own_sign_whatever_the_sentences_mood() -> None:
    """The tone model reads a sentence's mood ("the council's unreasonable provocations") into
    a predicate in it; a one-word predicate that judges by its own sign keeps it (the pattern
    adjective lexicon's "reasonable", which VADER lacks), and the mood may only strengthen it."""
    from framelens.tone.polarity import WORDS_OVER_MOOD

    sentence = "Velk is reasonable even in the face of the council's unreasonable and hostile provocations."
    text, label = _made(sentence, "reasonable", "reasonable", "predicate")
    reading = read(text, label, model=-0.6)
    assert (reading.side, reading.reason) == ("positive", WORDS_OVER_MOOD)
    assert read(text, label, model=0.6).side == "positive"
    # a modifier or several words stay read with their sentence: the lexicon's senses mislead
    # there ("the full Senate")
    text, label = _made("The full Senate rejected the bill in anger.", "full", "full", "modifier")
    assert read(text, label, model=-0.6).reason != WORDS_OVER_MOOD
    # end to end, in the analysis
    from framelens.engine import analyze

    analysis = analyze(
        "Mayor Ilse Varn met the protesters on Tuesday. The governor said Varn was reasonable "
        "even when the unions threatened violent strikes and ruinous blockades."
    )
    found = [lab for lab in analysis.labels if lab.span.text_in(analysis.article.text) == "reasonable"]
    assert found and found[0].polarity == "positive"


SUCCESSIONS = [
    # (sentence, descriptor, head, expected side)
    (
        "Rep. Ola Brandt, who is running to succeed retiring Sen. Tove Lund, spoke on Tuesday.",
        "who is running to succeed retiring Sen. Tove Lund",
        "running",
        "neutral",
    ),
    (
        "Dara Venn, who succeeded him as chairman, spoke.",
        "who succeeded him as chairman",
        "succeeded",
        "neutral",
    ),
    (
        "Dara Venn, who succeeded in passing the harbour bill, spoke.",
        "who succeeded in passing the harbour bill",
        "succeeded",
        "positive",
    ),
]


@pytest.mark.parametrize(("sentence", "words", "head", "expected"), SUCCESSIONS)
def test_succeeding_someone_in_office_is_no_success(
    sentence: str, words: str, head: str, expected: str
) -> None:
    """ "who is running to succeed retiring Sen. X" says whose seat a candidate wants: VADER's
    "succeed" had read a BASIL candidate's description as praise.  Succeeding in something is
    still a success."""
    text, label = _made(sentence, words, head, "clause")
    assert read(text, label, model=0.2).side == expected


def test_a_core_that_judges_by_a_word_vader_lacks_is_read_before_its_clause() -> None:
    """ "Laura Loomer, a noxious far-right personality who formerly worked for Project
    Veritas" (a PTC article) read positive from its flat clause: VADER lacks "noxious"."""
    text, label = _made(
        "Ivo Reyl, a noxious pundit who formerly worked for a radio station, joined the rally.",
        "a noxious pundit who formerly worked for a radio station",
        "pundit",
        "apposition",
    )
    reading = read(text, label, model=0.3)
    assert reading.side == "negative" and reading.reason != CLAUSE


def test_a_suspect_a_regret_and_a_legal_job_are_no_praise_nor_charge() -> None:
    # each read on a PTC article: "interest", "legal" are praise to VADER; "sorry that the
    # massacre took place" had tied the man to the massacre
    cases = [
        ("Records showed that Velk was a person of interest in the shooting inquiry.",
         "a person of interest in the shooting inquiry", "person", "predicate"),
        ("Velk said he is sorry that the massacre took place.",
         "sorry that the massacre took place", "sorry", "predicate"),
        ("The prayer was led by Ivo Reyl, the legal adviser of the Harbour Association.",
         "the legal adviser of the Harbour Association", "adviser", "apposition"),
    ]  # fmt: skip
    for sentence, words, head, kind in cases:
        text, label = _made(sentence, words, head, kind)
        assert read(text, label, model=0.4).side == "neutral", words


def test_ties_to_organised_racial_hatred_are_a_charge() -> None:
    # "a group that actively promotes former KKK leader and white supremacist David Duke" had
    # read as praise: VADER reads "promotes" +1.4 and "supremacist" +0.5
    text, label = _made(
        "Reyl founded the Harbour Club, a group that actively promotes white supremacists.",
        "a group that actively promotes white supremacists",
        "group",
        "apposition",
    )
    assert read(text, label, model=0.5).side == "negative"


def test_a_style_of_address_is_no_label() -> None:
    # "His Excellency Luigi Negri" (a PTC article) gave the bishop the praise "Excellency"
    result = framelens.analyze(
        "His Excellency Dario Velk, bishop emeritus of Marrowby, signed the letter on Monday. "
        "The letter asks the synod to keep the old rite in the harbour parishes."
    )
    text = result.article.text
    assert not [lab for lab in result.labels if "Excellency" in lab.span.text_in(text)]
    assert any(a.name == "Dario Velk" for a in result.actors)


def test_more_labels_read_on_real_articles() -> None:
    """Each read wrong on a PTC article: "a celebrity heretic" as praise (VADER lacks
    "heretic"), "who leads the crisis response unit" as a charge (VADER's "crisis"), "my
    friend" as praise (a tie, like "his lover"), "honorary members of MS-13" as praise."""
    cases = [
        ("Velk is a celebrity heretic, the bishop wrote.", "a celebrity heretic", "heretic",
         "predicate", 0.5, "negative"),
        ("Ivo Reyl, who leads the crisis response unit for the harbour police, spoke.",
         "who leads the crisis response unit for the harbour police", "unit", "clause", -0.4, "neutral"),
        ("As my friend Ivo Reyl wrote last week, the synod is over.", "friend", "friend",
         "modifier", 0.5, "neutral"),
        ("And the Greens have become honorary members of MS-13.", "honorary members of MS-13",
         "members", "predicate", 0.5, "negative"),
    ]  # fmt: skip
    for sentence, words, head, kind, model, expected in cases:
        text, label = _made(sentence, words, head, kind)
        assert read(text, label, model=model).side == expected, words


def test_a_clause_after_a_name_inside_the_label_is_that_names() -> None:
    """ "Labrador is the Tea Party alternative to McCarthy, who is the whip and is favored by
    establishment Republicans" (a BASIL triplet) read Labrador's label positive from the
    clause about McCarthy; without the comma the clause stays the described actor's."""
    text, label = _made(
        "Velk is the harbour party's rival to Reyl, who is the whip and is adored by the old guard.",
        "the harbour party's rival to Reyl, who is the whip and is adored by the old guard",
        "rival",
    )
    assert read(text, label, model=0.0).reason != CLAUSE
    text, label = _made(
        "Velk, a former aide to Reyl who leaked the brutal memo, resigned.",
        "a former aide to Reyl who leaked the brutal memo",
        "aide",
        "apposition",
    )
    assert read(text, label, model=0.0).reason == CLAUSE


def test_one_of_the_victims_and_a_tormentor() -> None:
    # read on a PTC article: "one of the alleged victims" had read negative, "Assange's great
    # tormentors" positive (VADER: "great"; it lacks "tormentor")
    victim = "one of the alleged victims"
    text, label = _made(f"Velk, {victim}, spoke on Monday.", victim, "one", "apposition")
    assert read(text, label, model=-0.5).side == "neutral"
    killer = "one of the killers of the harbour guards"
    text, label = _made(f"Reyl, {killer}, fled.", killer, "one", "apposition")
    assert read(text, label, model=-0.5).side == "negative"
    text, label = _made("Velk is one of Reyl's great tormentors.", "one of Reyl's great tormentors", "one")
    assert read(text, label, model=0.3).side == "negative"


def test_a_clause_telling_what_befell_the_actor_or_its_own_is_no_judgement() -> None:
    """A PTC article's "Ryan Petty, whose daughter was among those killed" had read negative
    toward the grieving father; a clause telling what the actor did to others still judges."""
    cases = [
        ("Dara Velk, whose daughter was among those killed, spoke.", "whose daughter was among those killed"),
        ("Dara Velk, who was shot in 2016, spoke.", "who was shot in 2016"),
    ]
    for sentence, words in cases:
        text, label = _made(sentence, words, words.split()[0], "clause")
        assert read(text, label, model=-0.7).side == "neutral", words
    text, label = _made(
        "Dara Velk, who murdered his neighbour, spoke.", "who murdered his neighbour", "who", "clause"
    )
    assert read(text, label, model=-0.7).side == "negative"


def test_whom_one_sides_with_is_an_affiliation() -> None:
    """A PTC article's "Dan Fishback is a BDS supporter" had read as praise (VADER's
    "support"); a supporter of a charged group is still tied to it."""
    text, label = _made("Velk is a harbour-union supporter.", "a harbour-union supporter", "supporter")
    assert read(text, label, model=0.6).side == "neutral"
    text, label = _made("Velk is a supporter of al-Qaeda.", "a supporter of al-Qaeda", "supporter")
    assert read(text, label, model=0.0).side == "negative"


def test_a_lexicon_adjective_used_as_a_noun_makes_no_description_evaluative() -> None:
    """A PTC article's "Hiram Sasser, a lawyer at the firm" had read as praise: "firm" is a
    polar adjective in the pattern lexicon, so the description counted as evaluative and took
    its sentence's mood; "a firm believer in reform" still judges."""
    text, label = _made(
        "Dara Velk, a lawyer at the firm, won.", "a lawyer at the firm", "lawyer", "apposition"
    )
    assert read(text, label, model=0.6).side == "neutral"
    text, label = _made(
        "Dara Velk, a firm believer in reform, won.", "a firm believer in reform", "believer", "apposition"
    )
    assert read(text, label, model=0.6).side == "positive"
