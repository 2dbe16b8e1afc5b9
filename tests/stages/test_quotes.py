"""The quotes stage on hand-written fictional articles with exact expected quotes.

Actors are hand-made (never the actors stage), so these tests pin the quotes
stage alone; the cases live in tests/fixtures/quotes/cases.toml.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from framelens.context import Context
from framelens.models import Actor, Analysis, Mention, Quote, Span
from framelens.pipeline import Pipeline, stage
from framelens.readers import article_from_text
from framelens.stages._quote_marks import find_segments
from framelens.stages.quotes import quotes
from framelens.stages.sentences import sentences

CASES_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "quotes" / "cases.toml"
CASES: list[dict[str, Any]] = tomllib.loads(CASES_FILE.read_text("utf-8"))["case"]
FIELDS = ("kind", "text", "cue", "speaker", "speaker_id", "role", "reason")


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context()


def _actors(text: str, specs: list[dict[str, Any]]) -> tuple[Actor, ...]:
    """Hand-made actors; each listed mention string becomes a Mention at every occurrence
    (``demonyms``: a Mention of kind demonym, as the actors stage gives "Syrians")."""
    actors = []
    for spec in specs:
        mentions = tuple(
            Mention(Span(m.start(), m.end()), spec["id"], kind)
            for key, kind in (("mentions", "name"), ("demonyms", "demonym"))
            for needle in spec.get(key, [])
            for m in re.finditer(r"\b" + re.escape(needle) + r"\b", text)
        )
        actors.append(
            Actor(
                id=spec["id"],
                name=spec["name"],
                type=spec["type"],
                aliases=tuple(spec.get("aliases", [])),
                mentions=tuple(sorted(mentions, key=lambda m: m.span.start)),
            )
        )
    return tuple(actors)


def _analyse(text: str, actor_specs: list[dict[str, Any]], ctx: Context) -> Analysis:
    article = article_from_text(text.strip() + "\n")
    analysis = sentences.func(Analysis(article=article), ctx)
    analysis = Analysis(
        article=article, actors=_actors(article.text, actor_specs), sentences=analysis.sentences
    )
    return quotes.func(analysis, ctx)


def _view(quote: Quote, text: str) -> dict[str, Any]:
    return {
        "kind": quote.kind,
        "text": quote.span.text_in(text),
        "cue": quote.cue.text_in(text) if quote.cue else None,
        "speaker": quote.speaker_name,
        "speaker_id": quote.speaker_id,
        "role": quote.role,
        "reason": quote.no_speaker_reason,
    }


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any], ctx: Context) -> None:
    result = _analyse(case["text"], case.get("actors", []), ctx)
    got = [_view(q, result.article.text) for q in result.quotes]
    expected = [{f: q.get(f) for f in FIELDS} for q in case["quotes"]]
    assert got == expected


def test_interrupted_quote_parts_share_cue_and_speaker_span(ctx: Context) -> None:
    """The documented choice: an interrupted quote is two quotes linked by the same cue span."""
    case = next(c for c in CASES if c["name"] == "direct-interrupted-by-cue")
    first, second = _analyse(case["text"], case["actors"], ctx).quotes
    assert first.cue == second.cue
    assert first.speaker_span == second.speaker_span
    assert first.span.end < first.cue.start < second.span.start  # type: ignore[union-attr]


def test_pronoun_speaker_span_points_at_the_pronoun(ctx: Context) -> None:
    case = next(c for c in CASES if c["name"] == "direct-pronoun-after-named-person")
    result = _analyse(case["text"], case["actors"], ctx)
    (quote,) = result.quotes
    assert quote.speaker_span is not None
    assert quote.speaker_span.text_in(result.article.text) == "she"


def test_spans_are_verbatim_and_to_dict_carries_them(ctx: Context) -> None:
    case = next(c for c in CASES if c["name"] == "direct-speaker-after-with-apposition")
    result = _analyse(case["text"], case["actors"], ctx)
    (data,) = result.to_dict()["quotes"]
    text = result.article.text
    assert text[data["start"] : data["end"]] == data["text"]
    assert text[data["cue_start"] : data["cue_end"]] == "said"
    assert text[data["speaker_start"] : data["speaker_end"]] == "Mara Ostrova"
    assert data["speaker"] == "ostrova"


def test_stage_in_pipeline_declares_its_needs(ctx: Context) -> None:
    @stage("hand-actors", "0", requires=["article"], produces=["actors"])
    def no_actors(analysis: Analysis, _ctx: Context) -> Analysis:
        return analysis

    article = article_from_text("Analysts said the flood exposed years of neglect in the valley.\n")
    (result,) = Pipeline([sentences, no_actors, quotes]).run([article], ctx)
    assert [q.kind for q in result.quotes] == ["indirect"]
    assert ("quotes", "4") in result.provenance
    assert quotes.requires == {"article", "sentences", "actors"}
    assert quotes.produces == {"quotes"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes" and "no".', ["yes", "no"]),
        ("She said “yes,” and left.", ["yes"]),
        ('A stray closer" here, then "a quote".', ["a quote"]),
        ("“One paragraph.\n\n“Two paragraphs.”", ["One paragraph.\n\n“Two paragraphs."]),
        ("“Never closed here.\n\nNext paragraph has no mark.", ["Never closed here."]),
        ("“Outer “inner” rest”", ["Outer “inner"]),
        ("Nothing quoted at all.", []),
        ("''Two apostrophes,'' he said, ''are a double mark.''", ["Two apostrophes", "are a double mark."]),
        ("The council's plan, the mayors' vote.", []),
    ],
)
def test_segments(text: str, expected: list[str]) -> None:
    assert [s.span.text_in(text) for s in find_segments(text)] == expected


def _full(text: str, ctx: Context) -> Analysis:
    from framelens.stages.actors import actors
    from framelens.stages.labels import labels

    (result,) = Pipeline([sentences, actors, labels, quotes]).run([article_from_text(text)], ctx)
    return result


def test_a_title_alone_names_the_one_person_given_that_title(ctx: Context) -> None:
    text = (
        "Interior Minister Tomas Reyl defended the arrests on Sunday. "
        "Nobody was detained for an opinion, the minister added."
    )
    result = _full(text, ctx)
    (quote,) = [q for q in result.quotes if q.cue and q.cue.text_in(text) == "added"]
    assert quote.speaker_name == "the minister"
    assert quote.speaker_id == "tomas-reyl"


def test_a_title_two_people_share_is_left_unresolved(ctx: Context) -> None:
    text = (
        "Interior Minister Tomas Reyl and Finance Minister Ada Lenk met on Sunday. "
        "The talks went well, the minister said."
    )
    result = _full(text, ctx)
    (quote,) = [q for q in result.quotes if q.kind == "indirect"]
    assert quote.speaker_id is None


def test_someone_of_an_actor_is_not_the_actor(ctx: Context) -> None:
    text = (
        "Opposition leader Elena Vostrikova was detained on Saturday. "
        "Vostrikova's lawyer said she would appear before a magistrate on Monday."
    )
    result = _full(text, ctx)
    (quote,) = [q for q in result.quotes if q.kind == "indirect"]
    assert quote.speaker_name == "Vostrikova's lawyer"
    assert quote.speaker_id is None


def test_the_next_name_of_a_list_and_a_bare_relative_are_no_role(ctx: Context) -> None:
    """ "Port Calder's mayor, the Dock Workers Union and Brennick Lines all urged ...": the union
    is the next speaker of the list, not the mayor's role; "the Halden Institute, which ..."
    gives no role "which"."""
    text = (
        "Port Calder's mayor, the Dock Workers Union and shipping company Brennick Lines all urged "
        "the council to reject the plan.\n\n"
        "The mayor has faced pressure from the port's largest employer, Brennick Lines, which "
        "complained that the fees would stifle trade."
    )
    result = _full(text, ctx)
    roles = {q.speaker_name: q.role for q in result.quotes if q.kind == "indirect"}
    assert roles.get("Port Calder's mayor", "missing") is None
    assert "which" not in roles.values() and len(roles) == 2


def test_a_role_ends_before_the_relative_pronoun_that_opens_the_speech(ctx: Context) -> None:
    # "Log Cabin Republicans (a gay men and lesbian group, which)" was a role in the sources table
    text = (
        "The vote came late on Monday.\n\n"
        "The Harbour Guild, a dockworkers and sailors group, which said in a statement that the vote "
        "was a betrayal, will appeal."
    )
    roles = {q.speaker_name: q.role for q in _full(text, ctx).quotes if q.kind == "indirect"}
    assert roles.get("The Harbour Guild") == "a dockworkers and sailors group"


def test_a_role_ends_before_a_relative_pronoun_and_its_auxiliary(ctx: Context) -> None:
    # "Jeff Sessions (a former senator, who has)" in the sources table
    text = (
        "The vote came late on Monday.\n\n"
        "He is also friendly with Attorney General Ilse Varn, a former senator, who has told aides "
        "that the harbour bill would most likely pass."
    )
    roles = {q.speaker_name: q.role for q in _full(text, ctx).quotes}
    assert roles.get("Ilse Varn") == "a former senator"


def test_a_relative_clause_cut_at_an_abbreviation_is_no_role(ctx: Context) -> None:
    # "Mike Pence (who in an Oct)" in the sources table: the clause was cut at "Oct."
    text = (
        "Deputy Mayor Tomas Reyl, who in an Oct. 14, 2029, interview with the Harbour Ledger claimed the "
        "campaign had not been in contact with the union, said in a statement late Monday that he had "
        "not known about the messages."
    )
    roles = {q.role for q in _full(text, ctx).quotes}
    assert roles == {"Deputy Mayor"}, roles


def test_a_described_speaker_named_in_apposition_is_that_person(ctx: Context) -> None:
    # "Cornyn's Democratic campaign counterpart, Sen. Bob Menendez, D-NJ, ... saying" was an
    # unresolved source "Cornyn's Democratic campaign counterpart"
    text = (
        "Senator Marc Odell backed the harbour bill on Monday.\n\n"
        "Odell's Republican campaign counterpart, Sen. Ilse Varn, R-Halden, on Tuesday offered a "
        "cautious word of support, saying the bill would help the port."
    )
    result = _full(text, ctx)
    (quote,) = [q for q in result.quotes if q.cue and q.cue.text_in(text) == "saying"]
    assert quote.speaker_id == "ilse-varn"
    assert quote.role == "Odell's Republican campaign counterpart"


def test_a_described_speaker_parsed_as_a_conjunct_of_the_name_is_that_person(ctx: Context) -> None:
    # "The chairman of the House Oversight and Government Reform Committee, Representative Trey
    # Gowdy, Republican of South Carolina, said ..." was a source of its own beside Trey Gowdy
    text = (
        "Representative Ilse Varn spoke on Monday.\n\n"
        "The chairman of the Harbour Oversight and Port Reform Committee, Representative Ilse Varn, "
        "Republican of Halden, said she intends to hold a hearing on port security at the end of July."
    )
    (quote,) = [q for q in _full(text, ctx).quotes if q.cue and q.cue.text_in(text) == "said"]
    assert quote.speaker_id == "ilse-varn"
    assert quote.role == "The chairman of the Harbour Oversight and Port Reform Committee"


def test_a_courtesy_title_and_the_event_told_are_no_role(ctx: Context) -> None:
    # "Ed Royce (Mr., of California, called Friday for Mr. Trump)" in the sources table
    text = (
        "Mayor Ilse Varn and Senator Tomas Reyl met on Thursday.\n\n"
        "But Mr. Reyl, of Halden, called Friday for Ms. Varn to \u201cuse the report to challenge\u201d "
        "the council, adding, \u201cWe cannot afford to give an inch of ground.\u201d"
    )
    roles = {q.role for q in _full(text, ctx).quotes if (q.speaker_name or "").endswith("Reyl")}
    assert roles == {"of Halden"}, roles


def test_the_sentence_going_on_after_an_aside_is_no_role(ctx: Context) -> None:
    # "The A.G., according to the Times, said he had misspoken" gave the Times the role "said he
    # had misspoken at a 2008 event ..."
    text = (
        "Mayor Ilse Varn spoke on Monday.\n\n"
        "The mayor, according to the Halden Courier, said she had misspoken at a harbour event."
    )
    roles = {q.speaker_name: q.role for q in _full(text, ctx).quotes}
    assert "the Halden Courier" in roles and roles["the Halden Courier"] is None


def test_a_speech_verb_with_a_reflexive_object_is_no_cue(ctx: Context) -> None:
    # "Blumenthal ... finds himself on the political ropes after a newspaper exposed ..." was a
    # statement of his, cued by "finds"
    text = (
        "Democratic Attorney General Richard Hallam, once thought to be a shoo-in for the seat being "
        "vacated by Sen. Marc Odell, D-CT, finds himself on the political ropes after a newspaper "
        "exposed a past incorrect statement regarding his service in Korea, and Republicans smell "
        "an opening."
    )
    assert [q.cue.text_in(text) for q in _full(text, ctx).quotes if q.cue] == []


def test_a_relative_pronoun_and_its_auxiliary_are_no_role(ctx: Context) -> None:
    # "Clinton, who has said she backs ..." gave the source Hillary Clinton the role "who has"
    text = (
        "The vote came late on Monday.\n\n"
        "That puts him on the same page as Ilse Varn, who has said she backs the bill."
    )
    roles = {q.speaker_name: q.role for q in _full(text, ctx).quotes}
    assert "Ilse Varn" in roles and roles["Ilse Varn"] is None
