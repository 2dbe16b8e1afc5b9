"""The name matcher (framelens.text.matching) on fictional names, within and across articles."""

from __future__ import annotations

import pytest

from framelens.text.actor_lexicon import actor_lexicon
from framelens.text.matching import (
    ACROSS_ARTICLES,
    WITHIN_ARTICLE,
    MatchRules,
    NameForm,
    Veto,
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


@pytest.mark.parametrize("rules", [WITHIN_ARTICLE, ACROSS_ARTICLES])
def test_a_fathers_name_after_bin_is_no_short_form_of_the_son(rules: MatchRules) -> None:
    """ "Saudi King Salman and his powerful son, Crown Prince Mohammed bin Salman": the bare
    "Salman" is the father, so the son was labelled "Saudi King".  The son's short form keeps
    its particle ("bin Nasser"), and a full name without it ("Fahad Nasser") is someone else;
    a given name that looks like a particle ("Ben Carson") is none."""
    assert persons(["Karim bin Nasser", "Nasser", "bin Nasser"], rules) == [0, 1, 0]
    assert persons(["Fahad Nasser", "Karim bin Nasser", "bin Nasser", "Nasser"], rules) == [0, 1, 1, 0]
    assert persons(["Ben Carsley", "Carsley"], rules) == [0, 0]


@pytest.mark.parametrize("rules", [WITHIN_ARTICLE, ACROSS_ARTICLES])
def test_a_longer_name_joins_only_when_its_first_given_name_agrees(rules: MatchRules) -> None:
    # within an article too: a shared surname is not an identity (it used to join all three)
    names = ["Anton Reyl", "Tomas Anton Reyl", "Tomas Reyl"]
    assert persons(names, rules) == [0, 1, 1]


@pytest.mark.parametrize("rules", [WITHIN_ARTICLE, ACROSS_ARTICLES])
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bob Tamberley", "Robert Tamberley"),
        ("Bill Ostrander", "William Ostrander"),
        ("Mike Vantorre", "Michael Vantorre"),
        ("Jim Kellaway", "James Kellaway"),
        ("Liz Harrowgate", "Elizabeth Harrowgate"),
        ("Robert W. Goodmere", "Bob Goodmere"),
        ("Robert W. Goodmere", "Robert Goodmere"),
        ("Robert W. Goodmere", "Robert William Goodmere"),
        ("R. Goodmere", "R. T. Goodmere"),
        ("Joseph R. Pellham Jr.", "Joe Pellham Jr."),
        ("Moammar el-Kaddouri", "Muammar al-Qaddouri"),
        ("Moammar Gadhouri", "Muammar el Qaddouri"),
    ],
)
def test_short_forms_middle_initials_and_transliterations_are_one_person(
    rules: MatchRules, a: str, b: str
) -> None:
    assert persons([a, b], rules) == [0, 0]


@pytest.mark.parametrize("rules", [WITHIN_ARTICLE, ACROSS_ARTICLES])
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bill Marrowby", "Hillary Rodham Marrowby"),
        ("Robert Tamberley", "Albert Tamberley"),  # "Bert" is short for both, they are not one name
        ("George H. W. Pellham", "George W. Pellham"),
        ("George H.W. Pellham", "George W. Pellham"),
        ("Moammar Gadhouri", "Hassan Gadhouri"),
        ("Ilan Gorden", "Ilan Korden"),  # too short to be told apart by sound
        ("J.J. Pellham", "Jonah Pellham"),  # a first initial meets only its letter
        ("Joseph F. Dorrance Jr.", "Joseph R. Pellham Jr."),  # "Jr." is no surname
        ("Donald Pellham Jr.", "Donald R. Pellham"),  # father and son
        ("Ilan Question", "Ilan Keystone"),  # one sound key, spellings too far apart
    ],
)
def test_people_sharing_a_surname_or_a_similar_one_stay_apart(rules: MatchRules, a: str, b: str) -> None:
    assert persons([a, b], rules) == [0, 1]


@pytest.mark.parametrize("rules", [WITHIN_ARTICLE, ACROSS_ARTICLES])
def test_the_veto_holds_against_a_chain_of_joins(rules: MatchRules) -> None:
    # "William Marrowby" and "Bill Marrowby" are one; neither may then join Hillary through
    # anything they share, here a key all three are given
    forms = [person("Bill Marrowby"), person("Hillary Rodham Marrowby"), person("William Marrowby")]
    uf = UnionFind(3)
    veto = Veto(forms, uf)
    join_persons(forms, uf, rules, veto)
    join_same([["marrowby"], ["marrowby"], ["marrowby"]], uf, veto)
    assert groups(uf, 3) == [0, 1, 0]


def test_a_surname_of_two_people_is_returned_for_the_caller_to_decide() -> None:
    forms = [person("Bill Marrowby"), person("Hillary Rodham Marrowby"), person("Marrowby")]
    uf = UnionFind(3)
    ambiguous = join_persons(forms, uf, WITHIN_ARTICLE)
    assert groups(uf, 3) == [0, 1, 2]
    assert ambiguous == {2: [0, 1]}


@pytest.mark.parametrize("rules", [WITHIN_ARTICLE, ACROSS_ARTICLES])
def test_a_transliterated_surname_alone_joins_the_one_full_name(rules: MatchRules) -> None:
    names = ["Muammar al-Qaddouri", "Gadhouri", "Kadhouri", "el-Gaddouri"]
    assert persons(names, rules) == [0, 0, 0, 0]


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
