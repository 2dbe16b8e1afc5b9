"""Attribution forms beyond the speech-verb rules: the learned cue gate, "Name: statement"
lines, transcripts, dash signatures, causatives and partial quotes (fictional sentences)."""

from __future__ import annotations

import pytest

from framelens.config import load_settings
from framelens.context import Context
from framelens.models import Analysis
from framelens.pipeline import Pipeline
from framelens.readers import article_from_text
from framelens.stages.actors import actors
from framelens.stages.labels import labels
from framelens.stages.quotes import quotes
from framelens.stages.sentences import sentences

LEAD = "The council met on Monday.\n\n"


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(load_settings(tone=False))


def _quotes(text: str, ctx: Context) -> list[tuple[str, str, str | None, str | None]]:
    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    return _view(result)


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


def test_the_learned_gate_never_makes_a_noun_object_a_statement(ctx: Context) -> None:
    # an act or a thing someone orders or prefers is not what they said
    text = LEAD + (
        "Hadrevic was a commander who ordered the shelling of villages along the river for years.\n\n"
        "Mayor Ivo Brannick preferred a toll on the new bridge over the river.\n"
    )
    assert _quotes(text, ctx) == []


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
