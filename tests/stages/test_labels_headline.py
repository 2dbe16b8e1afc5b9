"""The headline's own event word (``framelens.stages._label_headline``), on fictional headlines."""

from __future__ import annotations

import dataclasses
import functools

from framelens.config import load_settings
from framelens.engine import analyze
from framelens.models import Analysis, Article, article_id

BODY = (
    "Mayor Anna Velk agreed on Friday to reopen the port of Calder for three weeks, dropping her "
    "demand for a new sea wall after a month of protests.\n\n"
    "Velk caved after the Dock Workers Union threatened a second strike, her aides said.\n\n"
    "The union's leader, Tomas Brenn, called the deal a victory for the workers."
)


@functools.cache
def _analysis(title: str, body: str = BODY) -> Analysis:
    article = Article(id=article_id(title + body), source="calder.md", title=title, text=body, language="en")
    return analyze(article, load_settings(tone=False, techniques=False, frames=False))


def _events(analysis: Analysis, field: str | None) -> list[tuple[str, dict[str, str]]]:
    names = {a.id: a.name for a in analysis.actors}
    text = analysis.article.field_text(field)
    return [
        (lab.span.text_in(text), {role: names.get(a, a) for role, a in lab.arguments})
        for lab in analysis.labels
        if lab.kind == "event" and lab.field == field
    ]


def test_the_headline_verb_is_an_event_term_whatever_the_verb() -> None:
    """ "Caves" names the story's event in the outlet's word; no lexicon lists it.  Its joined
    verb counts too, and the body's use of the same verb of the same actor ("Velk caved")."""
    analysis = _analysis("Velk Caves To Dock Union, Agrees To Reopen Port Without Sea Wall")
    assert _events(analysis, "title") == [
        ("Caves", {"agent": "Anna Velk"}),
        ("Agrees", {"agent": "Anna Velk"}),
    ]
    assert ("caved", {"agent": "Anna Velk"}) in _events(analysis, None)


def test_a_headline_passive_without_its_was_has_the_subject_as_patient() -> None:
    analysis = _analysis("Velk Blasted By Union Over Port Deal")
    assert _events(analysis, "title") == [("Blasted", {"patient": "Anna Velk"})]


def test_a_name_that_only_modifies_the_subject_is_no_agent() -> None:
    """ "Velk Aide Quits": the aide quits, not Velk; "Union Threatens Velk": she is the object,
    not the subject (a light verb or "say" is no event at all)."""
    assert _events(_analysis("Velk Aide Quits After Port Protest"), "title") == []
    assert _events(_analysis("Velk Says Port Will Reopen"), "title") == []


def test_a_surname_in_the_headline_is_the_body_persons_subject() -> None:
    """ "Velk Signs Port Bill": the headline's surname is the body's Anna Velk, the subject of
    the headline's event word (the parser reads headline English badly, so the surname is
    looked up among the body's persons, ``labels._headline_surnames``)."""
    analysis = _analysis("Velk Signs Port Bill In Surprise Retreat")
    assert _events(analysis, "title") == [("Signs", {"agent": "Anna Velk"})]


def test_headline_surnames_name_only_one_person() -> None:
    from framelens.models import Actor, Mention, Span
    from framelens.stages.labels import _headline_surnames

    class _Tok:
        def __init__(self, i: int, idx: int, text: str) -> None:
            self.i, self.idx, self.text = i, idx, text

    words = ["Velk", "Signs", "Bill", "For", "Brenn"]
    doc, at = [], 0
    for i, w in enumerate(words):
        doc.append(_Tok(i, at, w))
        at += len(w) + 1
    people = tuple(
        Actor(slug, name, "person", mentions=(Mention(Span(100 + 20 * n, 109 + 20 * n), slug, "name"),))
        for n, (slug, name) in enumerate(
            [("anna-velk", "Anna Velk"), ("ida-brenn", "Ida Brenn"), ("tom-brenn", "Tom Brenn")]
        )
    )
    analysis = dataclasses.replace(_analysis("Velk Signs Port Bill In Surprise Retreat"), actors=people)
    got = _headline_surnames(doc, at, [None] * len(words), analysis)  # type: ignore[arg-type]
    assert got == ["anna-velk", None, None, None, None]  # "Brenn" is two people's surname


OFFICES = (
    "Coastal Gov. Dara Velk signed the harbour bill on Friday after changes she had asked for.\n\n"
    "Gov. Dara Velk said the law protects the docks. Gov. Ivo Brask of Ostrelia, who signed a "
    "similar bill last year, called the changes weak."
)


def test_a_headline_office_names_the_body_person_holding_it() -> None:
    """ "Arkansas Gov. Signs Amended Religious Freedom Bill" and "Arkansas governor seeks changes"
    name the governor by office alone: the headline's event word was nobody's and the story had
    no event term.  With two governors in the body, the one whose title has the headline's word
    before the office ("Coastal")."""
    for title, verb in (
        ("Coastal Gov. Signs Amended Harbour Bill", "Signs"),
        ("Coastal governor seeks changes in harbour bill", "seeks"),
    ):
        events = _events(_analysis(title, OFFICES), "title")
        assert (verb, {"agent": "Dara Velk"}) in events, (title, events)


def test_a_light_verbs_infinitive_is_the_headline_event() -> None:
    """ "Senate Set to Override Veto on Bill ...": "set" carries no event of its own; its
    infinitive is the story's event word, done by the headline's subject (it had none)."""
    events = _events(_analysis("Velk Set to Reopen Port Without Sea Wall"), "title")
    assert events == [("Reopen", {"agent": "Anna Velk"})], events


def test_an_office_in_the_possessive_keeps_its_last_letters() -> None:
    """ "Princess’s" names a princess: stripping the possessive letter by letter had made it a
    "prince" (and "Boss's" a "bo"), so the office matched nobody or the wrong holder."""
    from framelens.stages.labels import _offices
    from framelens.text.actor_lexicon import actor_lexicon

    assert "princess" in _offices("Princess’s", actor_lexicon())
    assert "boss" in _offices("Boss's", actor_lexicon())
    assert "governor" in _offices("Gov.", actor_lexicon())


def test_a_headline_after_its_speakers_name_is_the_speakers_claim() -> None:
    """ "Juanita Broaddrick: Senator Feinstein Had No Interest In My Rape Allegation" (a PTC
    headline) gave Feinstein "Rape" as a loaded word: what follows "Name:" is that person's
    claim, as a quote is, not the outlet's wording."""
    settings = load_settings(tone=False, frames=False)

    def loaded(title: str) -> list[str]:
        article = Article(
            id=article_id(title + BODY), source="calder.md", title=title, text=BODY, language="en"
        )
        analysis = analyze(article, settings)
        headline = analysis.article.field_text("title")
        return [lab.span.text_in(headline) for lab in analysis.labels if lab.kind == "loaded" and lab.field]

    assert loaded("Tomas Brenn: Velk Shamefully Betrayed Dock Workers In Disgraceful Deal") == []
    # the same words as the outlet's own headline are its wording
    assert loaded("Velk Shamefully Betrayed Dock Workers In Disgraceful Deal")
