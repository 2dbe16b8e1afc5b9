"""The portrayal of an actor: each signal on a fictional article, and the model's guarantees."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from framelens.context import Context
from framelens.engine import analyze
from framelens.models import Analysis, Evidence, Span
from framelens.readers import article_from_text
from framelens.tone.portrayal import (
    DIRECTIONS,
    FEATURES,
    FLOORS,
    LABELS,
    UNWEIGHTED,
    PortrayalModel,
    Signals,
    portray,
    signals,
)


def _analysis(text: str, title: str | None = None) -> Analysis:
    article = article_from_text(text)
    if title is not None:
        article = dataclasses.replace(article, title=title)
    return analyze(article)


def _signals(analysis: Analysis, name: str) -> tuple[dict[str, float], Signals]:
    actor = next(a for a in analysis.actors if name in a.name)
    found = signals(analysis, Context().nlp(analysis.article.text), [actor.id])
    return dict(zip(FEATURES, found.values, strict=True)), found


def _tone(analysis: Analysis, name: str):
    actor = next(a for a in analysis.actors if name in a.name)
    return next(t for t in analysis.tones if t.actor_id == actor.id)


def test_a_wrongful_act_casts_its_patient_as_victim_and_its_agent_as_wrongdoer() -> None:
    analysis = _analysis(
        "The junta murdered Dara Velk in the capital on Monday. Colonel Ivo Brask ordered the raid."
    )
    velk, found = _signals(analysis, "Velk")
    assert velk["role:harmed"] > 0 and velk["role:harms"] == 0
    assert [e.span.text_in(analysis.article.text) for e in found.evidence["role"]] == ["murdered"]


def test_a_plain_killing_or_arrest_says_nothing_of_sympathy() -> None:
    analysis = _analysis("Police arrested Dara Velk on Monday. Soldiers killed Orin Mast near the border.")
    assert _signals(analysis, "Velk")[0]["role:harmed"] == 0
    assert _signals(analysis, "Mast")[0]["role:harmed"] == 0


def test_the_act_noun_counts_like_its_verb() -> None:
    analysis = _analysis("The assassination of Dara Velk shocked the whole region on Monday.")
    assert _signals(analysis, "Velk")[0]["role:harmed"] > 0


def test_blame_casts_the_blamed_as_judged() -> None:
    analysis = _analysis("Governor Dara Velk was blamed for the collapse of the Orlan bridge on Tuesday.")
    assert _signals(analysis, "Velk")[0]["role:judged"] > 0


def test_a_judgement_the_word_calls_unjust_wrongs_its_target() -> None:
    """ "the Guardian ups its vilification of Julian Assange", "lies about Assange": the word
    itself says the judgement is unjust, so its target is wronged, not judged (Assange had read
    negative in two pieces defending him); an act noun takes its target through "against" and
    "about" too."""
    for text in (
        "The Harbour Gazette stepped up its vilification of Dara Velk on Monday.",
        "The Harbour Gazette keeps printing lies about Dara Velk.",
        "The Harbour Gazette smeared Dara Velk again on Monday.",
        "The Harbour Gazette began a smear against Dara Velk on Monday.",
    ):
        velk = _signals(_analysis(text), "Velk")[0]
        assert velk["role:harmed"] > 0 and velk["role:judged"] == 0, text


def test_someone_elses_act_named_in_passing_is_not_a_role() -> None:
    analysis = _analysis(
        "We should be wary of commentators blaming Dara Velk for the collapse of the bridge."
    )
    assert _signals(analysis, "Velk")[0]["role:judged"] == 0
    asserted = _analysis("Commentators are blaming Dara Velk for the collapse of the bridge.")
    assert _signals(asserted, "Velk")[0]["role:judged"] > 0


def test_labels_the_outlet_attaches_count_but_not_those_inside_an_opponents_quote() -> None:
    own = _analysis("Dara Velk, a war criminal and a terrorist, arrived in Orlan on Monday.")
    assert _signals(own, "Velk")[0]["labels:negative"] > 0
    quoted = _analysis(
        'Dara Velk arrived in Orlan on Monday. "Velk is a war criminal and a terrorist," said Ivo Brask, '
        "who leads the opposition."
    )
    values, found = _signals(quoted, "Velk")
    assert values["labels:negative"] == 0
    # the hostile words are reported speech, read as such: a quoted signal, not the narrator's
    assert values["quoted:share"] > 0
    assert all(e.span.start < quoted.article.text.index('"') for e in found.evidence.get("mentions", ()))


def test_the_headline_counts_when_it_names_the_actor() -> None:
    body = "Dara Velk spoke in Orlan on Monday. Velk met families of the victims."
    named = _analysis(body, title="Disgraced Velk faces furious crowd")
    assert _signals(named, "Velk")[0]["headline:vader"] < 0
    unnamed = _analysis(body, title="Furious crowd in Orlan")
    assert _signals(unnamed, "Velk")[0]["headline:vader"] == 0


def test_a_hostile_outlet_and_a_sympathetic_one_are_portrayed_apart() -> None:
    hostile = _analysis(
        "Dara Velk, a war criminal and a terrorist, was blamed for the massacre in Orlan. "
        "Velk, a ruthless schemer, ordered the attack on the market."
    )
    sympathetic = _analysis(
        "Dara Velk, a respected and tireless reformer, was assassinated in Orlan. "
        "Velk had led the rescue of hundreds of families and was praised by residents."
    )
    low, high = _tone(hostile, "Velk"), _tone(sympathetic, "Velk")
    assert low.label == "negative" and high.label == "positive"
    assert low.score < 0 < high.score
    assert "labels" in low.decided_by


def test_the_packaged_model_keeps_every_signals_direction_and_floor() -> None:
    model = PortrayalModel.load()
    assert model.features == FEATURES and model.cuts[0] < model.cuts[1]
    for name, weight in zip(FEATURES, model.weights, strict=True):
        direction, floor = DIRECTIONS.get(name, 0), FLOORS.get(name, 0.0)
        assert weight * direction >= floor - 1e-9, name
        if name in UNWEIGHTED:
            assert weight == 0.0, name


def test_an_actor_named_often_in_plain_sentences_is_not_portrayed_favourably() -> None:
    """How often an outlet names an actor says how much the story is about it, not how the
    outlet treats it (a hostile outlet named the US 24 times and read positive toward it)."""
    text = " ".join(
        f"The Port Authority of Orlan listed {k} ships in the harbour on day {k}." for k in range(2, 26)
    )
    tones = _analysis(text).tones
    assert tones and all(t.label == "neutral" for t in tones), tones


def test_the_lean_grows_with_the_sentences_that_lean() -> None:
    few = _signals(_analysis("Dara Velk was praised by residents of the town on Monday."), "Velk")[0]
    many = _signals(
        _analysis(
            "Dara Velk was praised by residents. Velk was thanked by the council. "
            "Velk was applauded by teachers. Velk was honoured by the city."
        ),
        "Velk",
    )[0]
    assert many["mentions:narrator_lean"] > few["mentions:narrator_lean"] > 0


def _model(weights: dict[str, float]) -> PortrayalModel:
    n = len(FEATURES)
    w = np.array([weights.get(f, 0.0) for f in FEATURES])
    return PortrayalModel(np.zeros(n), np.ones(n), w, np.array([-1.0, 1.0]))


def test_label_score_and_evidence_never_disagree_in_sign() -> None:
    model = _model({"labels:negative": -1.0, "mentions:narrator_mean": 1.0})
    values = np.zeros(len(FEATURES))
    values[FEATURES.index("labels:negative")] = 3.0
    values[FEATURES.index("mentions:narrator_mean")] = 0.5
    found = Signals(
        values,
        {
            "labels": (Evidence(Span(0, 5), -0.8, "labels"),),
            "mentions": (Evidence(Span(10, 20), 0.6, "mentions"), Evidence(Span(30, 40), -0.4, "mentions")),
        },
    )
    label, score, confidence, decided, evidence = portray(model, found)
    assert label == "negative" and score < 0 and confidence == pytest.approx(max(model.probabilities(values)))
    assert decided == ("labels",)  # the mentions pushed the other way
    assert [e.score for e in evidence] == [-0.8]
    assert sum(model.probabilities(values)) == pytest.approx(1.0)
    assert LABELS == ("negative", "neutral", "positive")


def test_a_signal_without_spans_never_names_a_reason() -> None:
    model = _model({"prominence:mentions": 2.0})
    values = np.zeros(len(FEATURES))
    values[FEATURES.index("prominence:mentions")] = 2.0
    label, score, _, decided, evidence = portray(model, Signals(values, {}))
    # the model leans positive, but with nothing in the text to show for it the reader sees neutral
    assert score > 0.2 and label == "neutral" and decided == () and evidence == ()


def test_a_side_that_no_sentence_supports_is_neutral() -> None:
    """Mention tone a little less negative than usual can tip the model positive; with every
    sentence about the actor reading negative, a reader would call "positive" wrong."""
    model = _model({"mentions:narrator_mean": 4.0})
    values = np.zeros(len(FEATURES))
    values[FEATURES.index("mentions:narrator_mean")] = 0.5
    hostile = (Evidence(Span(0, 9), -0.35, "mentions"), Evidence(Span(10, 19), -0.3, "mentions"))
    assert model.probabilities(values).argmax() == LABELS.index("positive")
    label, _, confidence, decided, evidence = portray(model, Signals(values, {"mentions": hostile}), hostile)
    assert label == "neutral" and decided == ("mentions",)
    assert confidence == pytest.approx(model.probabilities(values)[1])
    assert {e.span for e in evidence} == {Span(0, 9), Span(10, 19)}


def test_an_act_with_nothing_for_its_object_is_no_credit() -> None:
    # a BASIL triplet's "meaning he won nothing concrete during the impasse" credited Trump
    for sentence in (
        "Mayor Dara Velk won nothing concrete during the long strike.",
        "Mayor Dara Velk won no concessions during the long strike.",
    ):
        assert _signals(_analysis(sentence), "Velk")[0]["role:credited"] == 0, sentence
    won = _analysis("Mayor Dara Velk won a new contract for the port.")
    assert _signals(won, "Velk")[0]["role:credited"] > 0


def test_supporting_a_policy_is_a_position_not_a_credit() -> None:
    # a BASIL triplet's "Labrador supports a path to legal status" had credited him
    for sentence in (
        "Senator Dara Velk supports a path to legal status for farm workers.",
        "Senator Dara Velk has long supported ending the fuel subsidy.",
    ):
        assert _signals(_analysis(sentence), "Velk")[0]["role:credited"] == 0, sentence
    helped = _analysis("Senator Dara Velk helped the flood victims rebuild their homes.")
    assert _signals(helped, "Velk")[0]["role:credited"] > 0


def test_an_act_under_a_modal_did_not_happen() -> None:
    # "he could help to sway the Saudis' decision" (a PerSenT article) and "so sure that
    # Mr. Cantor would win" (a BASIL triplet) had credited the actor with the act
    for sentence in (
        "By praising the port, Mayor Dara Velk could help to sway the investors.",
        "Party leaders were so sure that Mayor Dara Velk would win that they stayed home.",
        "Mayor Dara Velk might be accused of fraud next week.",
    ):
        velk = _signals(_analysis(sentence), "Velk")[0]
        assert velk["role:credited"] == 0 and velk["role:judged"] == 0, sentence
    accused = _analysis("Mayor Dara Velk was accused of fraud by the port's auditors last week.")
    assert _signals(accused, "Velk")[0]["role:judged"] > 0


def test_defending_someone_is_a_stand_not_a_deed() -> None:
    # "Rep. Danny Davis defended Nation of Islam leader Louis Farrakhan" (a PTC article hostile
    # to both) had credited Davis with a good deed
    for sentence in (
        "Senator Dara Velk defended the cleric Ivo Reyl at a rally on Friday.",
        "Senator Dara Velk defended herself at the hearing on Friday.",
    ):
        assert _signals(_analysis(sentence), "Velk")[0]["role:credited"] == 0, sentence
    for sentence in (
        "Captain Dara Velk defended the harbour against the raiders for three days.",
        "Champion Dara Velk will defend her title in Marrowby next month.",
    ):
        assert _signals(_analysis(sentence), "Velk")[0]["role:credited"] > 0, sentence


def test_loaded_words_aimed_at_an_actor_push_its_portrayal() -> None:
    """The seeds: Global Research aims "belligerence", "hegemony", "impotence" and "terror" at
    the US and read neutral toward it: the fit had left the loaded words' weight at zero, and
    now a floor holds it, for the packaged model too."""
    analysis = _analysis(
        "Mayor Dara Velk recklessly squandered the harbour fund. Velk arrogantly dismissed the "
        "auditors. Velk then foolishly blamed the clerks for the losses."
    )
    values, found = _signals(analysis, "Velk")
    assert values["loaded:negative"] > 0, values
    assert PortrayalModel.load().contributions(found.values)["loaded"] < -0.1


def test_a_floor_holds_for_a_model_fit_before_it() -> None:
    from framelens.tone.portrayal import floored

    weights = floored(np.zeros(len(FEATURES)))
    for name, weight in zip(FEATURES, weights, strict=True):
        assert weight == DIRECTIONS.get(name, 0) * FLOORS.get(name, 0.0), name


def test_a_loaded_word_no_lexicon_signs_is_shown_but_never_a_reason() -> None:
    """The seeds: Global Research's "the much larger and more formidable Iran" (strength, read
    negative by the unsigned default) would have made the outlet read negative toward Iran."""
    from framelens.models import Label
    from framelens.stages._loaded_words import LOADED_REASON, UNSIGNED_REASON

    analysis = _analysis("Mayor Dara Velk spoke at the harbour on Monday. Velk visited the clerks.")
    actor = next(a for a in analysis.actors if "Velk" in a.name)
    start = analysis.article.text.index("spoke")
    word = Span(start, start + len("spoke"))

    def loaded(reason: str) -> float:
        label = Label(
            word,
            actor.id,
            "speak",
            "loaded",
            polarity="negative",
            polarity_score=-0.9,
            polarity_reason=reason,
        )
        changed = dataclasses.replace(analysis, labels=(*analysis.labels, label))
        return _signals(changed, "Velk")[0]["loaded:negative"]

    assert loaded(LOADED_REASON) > 0
    assert loaded(UNSIGNED_REASON) == 0
    assert loaded(f"{UNSIGNED_REASON}, turned by its negation") == 0
