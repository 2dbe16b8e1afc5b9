"""Actor identity within an article: headline lines, short forms, team names and types from roles.

Fictional texts; each rule of ``framelens.stages._actor_mentions`` and ``_actor_resolve``
that issue #19 asked for (types from roles, "the Times", title-case lines) has a case here.
"""

from __future__ import annotations

import dataclasses
import functools

from spacy.tokens import Doc, Span

from framelens.context import Context
from framelens.models import Analysis, Article, article_id
from framelens.pipeline import Pipeline
from framelens.stages._actor_mentions import Candidate, _list_parts, _position_letters, role_of, title_case
from framelens.stages._actor_resolve import resolve
from framelens.stages.actors import actors
from framelens.stages.sentences import sentences
from framelens.text.actor_lexicon import actor_lexicon


@functools.cache
def _ctx() -> Context:
    return Context()


def _analyse(text: str) -> Analysis:
    article = Article(id=article_id(text), source="t.txt", text=text, language="en")
    return next(Pipeline([sentences, actors]).run([article], _ctx()))


def _doc(text: str) -> Doc:
    return _ctx().doc(Article(id=article_id(text), source="t.txt", text=text, language="en"))


def _actors(result: Analysis) -> dict[str, tuple[str, list[str]]]:
    text = result.article.text
    return {a.name: (a.type, [m.span.text_in(text) for m in a.mentions]) for a in result.actors}


def test_a_title_case_line_in_the_body_is_cut_to_the_names_the_text_uses() -> None:
    result = _analyse(
        "Talks resumed on Monday.\n\n"
        "Velmar Port Authority Hires Ilse Varnholt As Harbour Chief\n\n"
        "The harbour board hired Ilse Varnholt, the contractor, the board said on Monday. "
        "Ilse Varnholt said she would start in March."
    )
    found = _actors(result)
    assert not [name for name in found if "Hires" in name or "Chief" in name], found
    assert found["Ilse Varnholt"][1] == ["Ilse Varnholt"] * 3


def test_title_case_is_a_line_where_nearly_every_longer_word_is_capitalised() -> None:
    assert title_case("Obama To Nominate Regina Benjamin as Surgeon General")
    assert not title_case("The harbour board hired Ilse Varnholt on Monday.")


def test_the_short_form_of_an_organisation_is_that_organisation() -> None:
    found = _actors(
        _analyse(
            "The Ostrova Daily Courier reported the strike first. The Courier said on Tuesday that "
            "400 workers had walked out. Officials in the city told the Courier they would meet the union."
        )
    )
    assert found == {
        "Ostrova Daily Courier": ("organisation", ["Ostrova Daily Courier", "Courier", "Courier"])
    }


def test_a_team_the_tagger_leaves_untagged_is_an_organisation() -> None:
    result = _analyse(
        "The Ostrova Gulls lost again on Sunday. The Gulls have now lost five games in a row, "
        "and fans of the Gulls booed the coach."
    )
    (team,) = [a for a in result.actors if a.name.endswith("Gulls")]
    assert team.type == "organisation"
    assert len(team.mentions) == 3
    assert "a plural proper noun" in (team.type_reason or "")


def test_a_capitalised_plural_written_once_is_no_team() -> None:
    result = _analyse("Ripostes came quickly from the mayor's office on Monday.")
    assert [a.name for a in result.actors if a.name == "Ripostes"] == []


def test_an_age_or_a_family_tie_makes_a_person_and_says_so() -> None:
    result = _analyse(
        "Tomas Brannick, 41, was rescued from the mountain on Sunday. Brannick's wife thanked the rescuers."
    )
    (person,) = [a for a in result.actors if a.name == "Tomas Brannick"]
    assert person.type == "person"
    assert "an age after the name (“41”)" in (person.type_reason or "")
    assert "a family tie (“'s wife”)" in (person.type_reason or "")


def test_who_after_a_name_outweighs_an_organisation_tag() -> None:
    # the small model tags "Nadia Orlov" ORG; "Nadia Orlov, who founded the club" is a person
    result = _analyse("Nadia Orlov, who founded the club, thanked the fans at the harbour on Sunday.")
    (person,) = [a for a in result.actors if a.name == "Nadia Orlov"]
    assert person.type == "person", person.type_reason
    assert "“who” after the name" in (person.type_reason or "")


def test_roles_are_read_from_the_parse() -> None:
    doc = _doc("Orlov, who founded the club, spoke. Dornhavn said it would close. Kessel's wife waved.")
    assert role_of(doc, 0, 1) == ("person", "“who” after the name")
    dornhavn = next(t.i for t in doc if t.text == "Dornhavn")
    assert role_of(doc, dornhavn, dornhavn + 1) == ("speaker", "speaks (“said”)")
    kessel = next(t.i for t in doc if t.text == "Kessel")
    assert role_of(doc, kessel, kessel + 1) == ("person", "a family tie (“'s wife”)")


def _cand(start: int, text: str, vote: str, why: str, role: tuple[str, str] | None = None) -> Candidate:
    words = len(text.split())
    weight = 3 if words > 1 else 1
    return Candidate(start, start + len(text), start, start + words, text, vote, weight, why=why, role=role)


def test_a_name_that_speaks_is_no_place_unless_it_is_a_tagged_state() -> None:
    lex = actor_lexicon()
    (palin,) = resolve(
        [
            _cand(0, "Palin", "place", "tagged LOC"),
            _cand(20, "Palin", "place", "tagged LOC", role=("speaker", "speaks (“said”)")),
        ],
        lex,
    )
    assert (palin.type, palin.type_reason) == ("person", "speaks (“said”)")
    # "Oklahoma argues": a state that speaks is still the state
    (state,) = resolve(
        [_cand(0, "Oklahoma", "country", "tagged GPE", role=("speaker", "speaks (“argued”)"))], lex
    )
    assert state.type == "place"


def test_a_name_tagged_a_place_that_starts_with_a_given_name_is_a_person() -> None:
    from framelens.stages._actor_mentions import _given_name_first

    doc = _doc("Fans cheered with Mo Velkner after the game. They drove to Virginia Beach later.")
    mo = next(t.i for t in doc if t.text == "Mo")
    beach = next(t.i for t in doc if t.text == "Virginia")
    lex = actor_lexicon()
    assert _given_name_first(doc[mo : mo + 2], lex)
    assert not _given_name_first(doc[beach : beach + 2], lex)


def test_position_letters_are_no_given_name() -> None:
    assert _position_letters("WR") and _position_letters("QB")
    assert not _position_letters("J.J.") and not _position_letters("Mo")


def test_an_entity_across_a_line_break_is_cut_and_x_and_y_split_when_one_is_a_person() -> None:
    doc = _doc("Velmar Gulls\n\nTeam officials met on Monday with Philly and Orlov in the city.")
    across = Span(doc, 0, 4, label="ORG")
    assert [p.text for p in _list_parts(doc, across)] == ["Velmar Gulls"]
    start = next(t.i for t in doc if t.text == "Philly")
    pair = Span(doc, start, start + 3, label="PERSON")
    assert [p.text for p in _list_parts(doc, pair, persons={"Orlov"})] == ["Philly", "Orlov"]
    assert [p.text for p in _list_parts(doc, pair, persons=set())] == ["Philly and Orlov"]


def test_the_short_form_of_the_articles_own_outlet_takes_the_outlets_name() -> None:
    text = "Officials told the Courier on Monday that 400 workers had walked out. The Courier asked why."
    article = Article(
        id=article_id(text), source="t.txt", text=text, language="en", outlet="The Ostrova Daily Courier"
    )
    result = next(Pipeline([sentences, actors]).run([article], _ctx()))
    (paper,) = [a for a in result.actors if a.type == "organisation"]
    assert (paper.name, paper.aliases) == ("Ostrova Daily Courier", ("Courier",))
    assert "the article's outlet" in (paper.type_reason or "")
    # in another outlet's article "the Courier" stays what it is
    other = dataclasses.replace(article, outlet="Velmar Post")
    result = next(Pipeline([sentences, actors]).run([other], _ctx()))
    assert [a.name for a in result.actors if a.type == "organisation"] == ["Courier"]
