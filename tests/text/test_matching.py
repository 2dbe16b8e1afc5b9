"""The name matcher (framelens.text.matching) on fictional names, within and across articles."""

from __future__ import annotations

import pytest

from framelens.text.actor_lexicon import actor_lexicon
from framelens.text.matching import (
    ACROSS_ARTICLES,
    WITHIN_ARTICLE,
    MatchRules,
    NameForm,
    join_acronyms,
    join_persons,
    join_same,
)
from framelens.text.unionfind import UnionFind


def person(name: str) -> NameForm:
    return NameForm(tuple(name.split()), person=True)


def organisation(name: str) -> NameForm:
    return NameForm(tuple(name.split()), spelled=True)


def acronym(letters: str) -> NameForm:
    return NameForm((letters,), acronyms=(letters,))


def groups(uf: UnionFind, n: int) -> list[int]:
    return [uf.find(i) for i in range(n)]


def persons(names: list[str], rules: MatchRules) -> list[int]:
    uf = UnionFind(len(names))
    join_persons([person(n) for n in names], uf, rules)
    return groups(uf, len(names))


def acronyms(forms: list[NameForm], rules: MatchRules, uf: UnionFind | None = None) -> list[int]:
    uf = uf or UnionFind(len(forms))
    join_acronyms(forms, uf, rules, actor_lexicon().function_words)
    return groups(uf, len(forms))


@pytest.mark.parametrize("rules", [WITHIN_ARTICLE, ACROSS_ARTICLES])
def test_spellings_of_one_full_name_join_and_a_surname_joins_them(rules: MatchRules) -> None:
    assert persons(["Marek Dovlatov", "Marek Dovlatow", "Dovlatow", "Ivan Petrenko"], rules) == [0, 0, 0, 3]


@pytest.mark.parametrize("rules", [WITHIN_ARTICLE, ACROSS_ARTICLES])
def test_same_surname_other_first_name_stays_apart_and_the_surname_alone_joins_neither(
    rules: MatchRules,
) -> None:
    assert persons(["Tomas Reyl", "Tina Reyl", "Reyl"], rules) == [0, 1, 2]


def test_a_longer_name_joins_on_the_surname_within_an_article_but_needs_the_first_name_across() -> None:
    names = ["Anton Reyl", "Tomas Anton Reyl", "Tomas Reyl"]
    assert persons(names, WITHIN_ARTICLE) == [0, 0, 0]
    assert persons(names, ACROSS_ARTICLES) == [0, 1, 1]


def test_a_first_name_alone_joins_its_full_name_within_an_article_only() -> None:
    names = ["Elena Vostrikova", "Ivan Petrenko", "Elena"]
    assert persons(names, WITHIN_ARTICLE) == [0, 1, 0]
    assert persons(names, ACROSS_ARTICLES) == [0, 1, 2]


def test_names_that_may_not_be_persons_are_left_alone() -> None:
    forms = [person("Marek Dovlatov"), NameForm(("Dovlatov",)), NameForm(("Marek", "Dovlatow"))]
    uf = UnionFind(3)
    join_persons(forms, uf, WITHIN_ARTICLE)
    assert groups(uf, 3) == [0, 1, 2]


@pytest.mark.parametrize("rules", [WITHIN_ARTICLE, ACROSS_ARTICLES])
def test_an_acronym_joins_the_one_name_it_spells(rules: MatchRules) -> None:
    forms = [
        organisation("National Security Bureau"),
        acronym("NSB"),
        organisation("Institute for Harbour Studies"),
        acronym("IHS"),
        organisation("Meridian Coast Guard Agency"),
        acronym("CGA"),
        acronym("XYZ"),
    ]
    assert acronyms(forms, rules) == [0, 0, 2, 2, 4, 4, 6]


def test_an_acronym_spelling_two_names_joins_across_articles_only_when_they_are_one_actor() -> None:
    forms = [organisation("Halden Institute"), organisation("Harbour Institute"), acronym("HI")]
    assert acronyms(forms, ACROSS_ARTICLES) == [0, 1, 2]
    uf = UnionFind(3)
    uf.union(0, 1)
    assert acronyms(forms, ACROSS_ARTICLES, uf) == [0, 0, 0]
    uf = UnionFind(3)
    uf.union(0, 1)
    assert acronyms(forms, WITHIN_ARTICLE, uf) == [0, 0, 2]


def test_persons_and_single_words_spell_no_acronym() -> None:
    forms = [person("Tomas Reyl"), organisation("Reyl"), acronym("TR")]
    assert acronyms(forms, WITHIN_ARTICLE) == [0, 1, 2]


def test_join_same_joins_items_sharing_any_key() -> None:
    uf = UnionFind(4)
    join_same([["renewal party"], ["civic watch"], [], ["civic watch", "renewal party"]], uf)
    assert groups(uf, 4) == [0, 0, 2, 0]
