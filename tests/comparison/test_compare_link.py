"""Cross-article actor linking on hand-built analyses (no model needed): exact expected links."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import numpy as np
import pytest

from framelens.comparison.link import link_actors
from framelens.models import Actor, Analysis, Article, Mention, Span, article_id


def _analysis(text: str, *actors: tuple[str, str, tuple[str, ...]]) -> Analysis:
    """An analysis of ``text`` whose actors are (name, type, aliases); every verbatim
    occurrence of the name or an alias becomes a mention."""
    built = []
    for name, kind, aliases in actors:
        local_id = re.sub(r"\W+", "-", name.lower())
        mentions = tuple(
            Mention(Span(m.start(), m.end()), local_id, "name")
            for form in (name, *aliases)
            for m in re.finditer(rf"\b{re.escape(form)}\b", text)
        )
        built.append(Actor(local_id, name, kind, aliases, mentions, salience=0.1 * len(mentions)))
    article = Article(article_id(text), f"{text[:10]}.txt", text)
    return Analysis(article, actors=tuple(built))


def _by_name(actors: tuple, name: str):  # type: ignore[no-untyped-def]
    (found,) = [a for a in actors if a.name == name]
    return found


def test_spelling_variants_titles_and_accents_link_to_one_person() -> None:
    a = _analysis(
        "Ruslan Hadrevic was killed. Hadrevic led the group.", ("Ruslan Hadrevic", "person", ("Hadrevic",))
    )
    b = _analysis(
        "General Ruslan Hadrevich died. Hadrevich was 60.", ("Ruslan Hadrevich", "person", ("Hadrevich",))
    )
    c = _analysis("Ruslan Hadrevič, the leader, was killed.", ("Ruslan Hadrevič", "person", ()))
    d = _analysis("Officials said Hadrevic was the target.", ("Hadrevic", "person", ()))
    actors, links = link_actors([a, b, c, d])
    (person,) = actors
    assert person.id == "ruslan-hadrevic"
    assert person.articles == (a.article.id, b.article.id, c.article.id, d.article.id)
    # Hadrevic is written most often (twice in a, once more in d)
    assert person.name == "Ruslan Hadrevic"
    assert set(person.aliases) == {"Hadrevic", "Ruslan Hadrevich", "Hadrevich", "Ruslan Hadrevič"}
    assert {links[(x.article.id, x.actors[0].id)] for x in (a, b, c, d)} == {"ruslan-hadrevic"}


def test_transliterations_of_first_and_last_name_link() -> None:
    a = _analysis("Qasim Solemani was killed.", ("Qasim Solemani", "person", ()))
    b = _analysis("Qasem Soleimani was killed. Qasem Soleimani led it.", ("Qasem Soleimani", "person", ()))
    c = _analysis("Qassem Soleimani was killed.", ("Qassem Soleimani", "person", ()))
    (person,) = link_actors([a, b, c])[0]
    assert person.name == "Qasem Soleimani"
    assert len(person.articles) == 3


def test_acronym_links_to_the_organisation_it_spells() -> None:
    a = _analysis(
        "The Kardanian Liberation Front fought on.",
        ("Kardanian Liberation Front", "organisation", ()),
    )
    b = _analysis("The KLF said twelve fighters died.", ("KLF", "organisation", ()))
    (org,) = link_actors([a, b])[0]
    assert org.name == "Kardanian Liberation Front"
    assert org.aliases == ("KLF",)


def test_plural_organisation_names_link() -> None:
    a = _analysis("The Quds Force was hit.", ("Quds Force", "organisation", ()))
    b = _analysis("The Quds Forces were hit. Quds Forces regroup.", ("Quds Forces", "organisation", ()))
    (org,) = link_actors([a, b])[0]
    assert org.name == "Quds Forces"


def test_people_sharing_only_a_surname_stay_apart() -> None:
    a = _analysis("Rashad Ali wrote this. Ali is a fellow.", ("Rashad Ali", "person", ("Ali",)))
    b = _analysis("Hassan Ali spoke. Ali said more.", ("Hassan Ali", "person", ("Ali",)))
    actors, _ = link_actors([a, b])
    assert sorted(x.name for x in actors) == ["Hassan Ali", "Rashad Ali"]


def test_bare_surname_is_not_linked_when_two_full_names_match() -> None:
    a = _analysis("Rashad Ali wrote this.", ("Rashad Ali", "person", ()))
    b = _analysis("Hassan Ali spoke.", ("Hassan Ali", "person", ()))
    c = _analysis("Ali said it again.", ("Ali", "person", ()))
    actors, _ = link_actors([a, b, c])
    assert sorted(x.name for x in actors) == ["Ali", "Hassan Ali", "Rashad Ali"]


@pytest.mark.parametrize(
    ("first", "second"),
    [(("United States", "country", ("US",)), ("United States", "country", ("U.S.", "America")))],
)
def test_countries_link_by_their_table_name(first: tuple, second: tuple) -> None:
    a = _analysis("The US struck. United States forces.", first)
    b = _analysis("The U.S. struck. America and the United States.", second)
    (country,) = link_actors([a, b])[0]
    assert country.name == "United States"
    assert set(country.aliases) == {"US", "U.S.", "America"}


def test_same_name_joins_across_articles_whatever_type_the_tagger_gave() -> None:
    # NER types a town as an organisation in one piece and a place in another
    a = _analysis("Jets struck Velka. Velka burned.", ("Velka", "organisation", ()))
    b = _analysis("The strike near Velka killed many.", ("Velka", "place", ()))
    (town,) = link_actors([a, b])[0]
    assert town.type == "organisation"  # the majority of mentions: two against one
    assert town.articles == (a.article.id, b.article.id)


def test_a_shared_surname_is_not_an_identity_across_articles() -> None:
    # article a merged them before the veto (an old stored analysis): the alias must not
    # drag b's Hillary into a's Bill, nor c's bare surname into either
    a = _analysis("Bill Marrowby spoke. Marrowby left.", ("Bill Marrowby", "person", ("Marrowby",)))
    b = _analysis(
        "Hillary Rodham Marrowby spoke. Marrowby left.", ("Hillary Rodham Marrowby", "person", ("Marrowby",))
    )
    c = _analysis("William Marrowby agreed.", ("William Marrowby", "person", ()))
    d = _analysis("Marrowby said no.", ("Marrowby", "person", ()))
    actors, _ = link_actors([a, b, c, d])
    assert sorted((x.name, len(x.articles)) for x in actors) == [
        ("Bill Marrowby", 2),
        ("Hillary Rodham Marrowby", 1),
        ("Marrowby", 1),
    ]


def test_the_veto_holds_when_an_alias_is_shared() -> None:
    a = _analysis(
        "Bill Marrowby and Hillary Rodham Marrowby spoke.",
        ("Bill Marrowby", "person", ("Hillary Rodham Marrowby",)),
    )
    b = _analysis("Hillary Rodham Marrowby spoke.", ("Hillary Rodham Marrowby", "person", ()))
    c = _analysis("Bill Marrowby spoke.", ("Bill Marrowby", "person", ()))
    actors, _ = link_actors([c, a, b])
    # c and a join on "Bill Marrowby"; b may not then join them through a's wrong alias
    assert sorted(len(x.articles) for x in actors) == [1, 2]


@pytest.mark.parametrize(
    "names",
    [
        ("Bob Goodmere", "Robert W. Goodmere", "Robert Goodmere"),
        ("Bob Baumer", "Robert Baumer", "Robert F. Baumer"),
        ("Joe Pellham Jr.", "Joseph R. Pellham Jr.", "Joseph Pellham Jr."),
        ("Moammar Gadhouri", "Muammar al-Qaddouri", "Muammar el-Kadhouri"),
    ],
)
def test_short_forms_initials_and_transliterations_link_to_one_person(names: tuple[str, ...]) -> None:
    analyses = [_analysis(f"{n} spoke today.", (n, "person", ())) for n in names]
    (person,) = link_actors(analyses)[0]
    assert len(person.articles) == 3


def test_a_transliterated_surname_alone_links_to_the_one_full_name() -> None:
    a = _analysis("Muammar al-Qaddouri spoke.", ("Muammar al-Qaddouri", "person", ()))
    b = _analysis("Gadhouri said more.", ("Gadhouri", "person", ()))
    (person,) = link_actors([a, b])[0]
    assert person.name == "Muammar al-Qaddouri"


def test_a_surname_before_a_suffix_links_a_surname_alone() -> None:
    a = _analysis("Joseph R. Pellham Jr. spoke.", ("Joseph R. Pellham Jr.", "person", ()))
    b = _analysis("Pellham said more.", ("Pellham", "person", ()))
    (person,) = link_actors([a, b])[0]
    assert person.name == "Joseph R. Pellham Jr."


def test_a_one_word_organisation_links_to_the_one_longer_name_ending_in_it() -> None:
    full = _analysis(
        "The Ostrova Daily Courier broke the story.", ("Ostrova Daily Courier", "organisation", ())
    )
    short = _analysis("The Courier said 400 workers walked out.", ("Courier", "organisation", ()))
    (paper,) = link_actors([full, short])[0]
    assert (paper.name, paper.aliases) == ("Ostrova Daily Courier", ("Courier",))
    # beside a second paper of that name, "the Courier" could be either: it joins neither
    other = _analysis("The Velmar Courier disagreed.", ("Velmar Courier", "organisation", ()))
    assert len(link_actors([full, short, other])[0]) == 3
    # a generic head names a body of its own: "the House" is not "the White House"
    white = _analysis("The Marble House said no.", ("Marble House", "organisation", ()))
    house = _analysis("The House voted today.", ("House", "organisation", ()))
    assert len(link_actors([white, house])[0]) == 2


def test_mo_is_a_short_form_of_maurice() -> None:
    analyses = [_analysis(f"{n} spoke today.", (n, "person", ())) for n in ("Mo Velkner", "Maurice Velkner")]
    (person,) = link_actors(analyses)[0]
    assert len(person.articles) == 2


def _with_sentences(analysis: Analysis) -> Analysis:
    text = analysis.article.text
    spans = tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text))
    return dataclasses.replace(analysis, sentences=spans)


def _topic_vectors(texts: Sequence[str]) -> np.ndarray:
    """A stand-in for the encoder: one axis per topic word, so the test says what is similar."""
    words = ("harbour", "school")
    rows = np.array([[t.lower().count(w) for w in words] + [0.1] for t in texts], dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_a_surname_of_two_people_joins_the_one_whose_context_it_shares() -> None:
    bill = _with_sentences(
        _analysis(
            "Bill Marrowby signed the harbour deal. The harbour reopens.", ("Bill Marrowby", "person", ())
        )
    )
    hillary = _with_sentences(
        _analysis(
            "Hillary Marrowby opened a school. The school has 300 pupils.", ("Hillary Marrowby", "person", ())
        )
    )
    alone = _with_sentences(
        _analysis("Marrowby said the harbour deal was fair. Dock workers agreed.", ("Marrowby", "person", ()))
    )
    actors, links = link_actors([bill, hillary, alone], embed=_topic_vectors)
    assert links[(alone.article.id, "marrowby")] == links[(bill.article.id, "bill-marrowby")]
    assert len(actors) == 2
    # a context that reads like neither (or like both) decides nothing: the surname stays apart
    vague = _with_sentences(_analysis("Marrowby spoke on Monday.", ("Marrowby", "person", ())))
    actors, links = link_actors([bill, hillary, vague], embed=_topic_vectors)
    assert len(actors) == 3
