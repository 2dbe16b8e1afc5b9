"""The actors stage on hand-written, fictional articles: exact actors, aliases, mentions and salience."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pytest

from framelens import article_from_text
from framelens.context import Context
from framelens.models import Actor, Analysis
from framelens.pipeline import Pipeline
from framelens.stages._actor_mentions import Candidate
from framelens.stages._actor_resolve import resolve
from framelens.stages.actors import actors
from framelens.stages.labels import labels
from framelens.stages.sentences import sentences
from framelens.text.actor_lexicon import actor_lexicon

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "analysis"


@functools.cache
def analyse(name: str, title: str | None = None) -> Analysis:
    article = article_from_text((FIXTURES / name).read_text("utf-8"), name)
    if title is not None:
        article = dataclasses.replace(article, title=title)
    (result,) = Pipeline([sentences, actors]).run([article], Context())
    return result


def actor(result: Analysis, actor_id: str) -> Actor:
    found = result.actor(actor_id)
    assert found is not None, f"no actor {actor_id}; have {[a.id for a in result.actors]}"
    return found


def mentions(result: Analysis, actor_id: str) -> list[tuple[str, str]]:
    text = result.article.text
    return [(m.span.text_in(text), m.kind) for m in actor(result, actor_id).mentions]


# (fixture, id, canonical name, type, aliases, mention count)
ACTORS = [
    ("meridia_arrest.txt", "elena-vostrikova", "Elena Vostrikova", "person", {"Vostrikova"}, 7),
    ("meridia_arrest.txt", "tomas-reyl", "Tomas Reyl", "person", {"Reyl"}, 3),
    ("meridia_arrest.txt", "meridia", "Meridia", "country", {"Meridian"}, 2),
    ("meridia_arrest.txt", "united-states", "United States", "country", {"U.S.", "America", "US"}, 4),
    ("meridia_arrest.txt", "halden-institute", "Halden Institute", "organisation", {"HI"}, 3),
    (
        "meridia_arrest.txt",
        "national-security-bureau",
        "National Security Bureau",
        "organisation",
        {"NSB"},
        3,
    ),
    ("meridia_arrest.txt", "civic-watch-meridia", "Civic Watch Meridia", "organisation", set(), 1),
    ("meridia_arrest.txt", "renewal-party", "Renewal Party", "organisation", set(), 1),
    ("meridia_arrest.txt", "valdoria", "Valdoria", "place", set(), 1),
    ("valdoria_abduction.txt", "marek-dovlatov", "Marek Dovlatov", "person", {"Dovlatov", "Dovlatow"}, 6),
    ("valdoria_abduction.txt", "valdoria", "Valdoria", "country", {"Valdorian", "Valdorians"}, 3),
    ("valdoria_abduction.txt", "ivan-petrenko", "Ivan Petrenko", "person", set(), 1),
    ("valdoria_abduction.txt", "meridia-courier", "Meridia Courier", "organisation", set(), 1),
    ("coast_strike.txt", "anton-bereza", "Anton Bereza", "person", {"Bereza"}, 6),
    ("coast_strike.txt", "meridia", "Meridia", "country", {"Meridian"}, 2),
    ("coast_strike.txt", "maria-kessler", "Maria Kessler", "person", set(), 1),
    ("coast_strike.txt", "lina-ostrova", "Lina Ostrova", "person", {"Ostrova"}, 2),
    ("coast_strike.txt", "free-coast-movement", "Free Coast Movement", "organisation", set(), 1),
]


@pytest.mark.parametrize(("fixture", "actor_id", "name", "type_", "aliases", "count"), ACTORS)
def test_actor_is_resolved_exactly(
    fixture: str, actor_id: str, name: str, type_: str, aliases: set[str], count: int
) -> None:
    found = actor(analyse(fixture), actor_id)
    assert (found.name, found.type, set(found.aliases), len(found.mentions)) == (name, type_, aliases, count)


@pytest.mark.parametrize(
    ("fixture", "ids"),
    [
        (
            "meridia_arrest.txt",
            {
                "elena-vostrikova",
                "tomas-reyl",
                "meridia",
                "united-states",
                "halden-institute",
                "national-security-bureau",
                "civic-watch-meridia",
                "renewal-party",
                "valdoria",
                "port-calder",
            },
        ),
        ("valdoria_abduction.txt", {"marek-dovlatov", "valdoria", "ivan-petrenko", "meridia-courier"}),
        (
            "coast_strike.txt",
            {"anton-bereza", "lina-ostrova", "free-coast-movement", "meridia", "maria-kessler"},
        ),
    ],
)
def test_no_junk_actors(fixture: str, ids: set[str]) -> None:
    """Dates, numbers and the "Interior" of "Interior Minister" (tagged ORG) are no actors."""
    assert {a.id for a in analyse(fixture).actors} == ids


@pytest.mark.parametrize(
    ("fixture", "actor_id", "expected"),
    [
        # full name, title-stripped ("Opposition leader"), pronouns, surname; NER's ORG tags on
        # "Vostrikova" are outvoted by the PERSON tags
        (
            "meridia_arrest.txt",
            "elena-vostrikova",
            [
                ("Elena Vostrikova", "name"),
                ("her", "pronoun"),
                ("Vostrikova", "alias"),
                ("She", "pronoun"),
                ("Vostrikova", "alias"),
                ("Vostrikova", "alias"),
                ("Vostrikova", "alias"),
            ],
        ),
        # "Interior Minister Tomas Reyl": the mention covers the name, not the title; later
        # "The Interior Minister" alone is a title mention of him
        (
            "meridia_arrest.txt",
            "tomas-reyl",
            [("Tomas Reyl", "name"), ("Reyl", "alias"), ("Interior Minister", "title")],
        ),
        # "The United States", "A U.S. official", "America", "the US embassy"
        (
            "meridia_arrest.txt",
            "united-states",
            [("United States", "name"), ("U.S.", "acronym"), ("America", "alias"), ("US", "acronym")],
        ),
        # expansion first, then acronym: "The Halden Institute (HI)" ... "HI said"
        (
            "meridia_arrest.txt",
            "halden-institute",
            [("Halden Institute", "name"), ("HI", "acronym"), ("HI", "acronym")],
        ),
        # acronym first: "The NSB (National Security Bureau)"
        (
            "meridia_arrest.txt",
            "national-security-bureau",
            [("NSB", "acronym"), ("National Security Bureau", "name"), ("NSB", "acronym")],
        ),
        # a demonym not in the country table joins the country it extends
        ("meridia_arrest.txt", "meridia", [("Meridia", "name"), ("Meridian", "demonym")]),
        # "Valdorian-backed militias" and "the Valdorians" are Valdoria; "the Valdorian security
        # services" is not counted (the demonym describes, it does not name the actor)
        (
            "valdoria_abduction.txt",
            "valdoria",
            [("Valdoria", "name"), ("Valdorian", "demonym"), ("Valdorians", "demonym")],
        ),
        # fuzzy spelling variant "Dovlatow"; "He told him" with two persons in reach is not linked
        (
            "valdoria_abduction.txt",
            "marek-dovlatov",
            [
                ("Marek Dovlatov", "name"),
                ("Dovlatov", "alias"),
                ("He", "pronoun"),
                ("Dovlatow", "alias"),
                ("him", "pronoun"),
                ("Dovlatov", "alias"),
            ],
        ),
        # "He" is linked although Ostrova is in reach: "Ms. Ostrova" later rules her out
        (
            "coast_strike.txt",
            "anton-bereza",
            [
                ("Anton Bereza", "name"),
                ("Bereza", "alias"),
                ("He", "pronoun"),
                ("Bereza", "alias"),
                ("Bereza", "alias"),
                ("his", "pronoun"),
            ],
        ),
        # "President Lina Ostrova", "Ms. Ostrova": titles are not part of the mention
        ("coast_strike.txt", "lina-ostrova", [("Lina Ostrova", "name"), ("Ostrova", "alias")]),
    ],
)
def test_mentions_have_exact_spans_and_kinds(
    fixture: str, actor_id: str, expected: list[tuple[str, str]]
) -> None:
    assert mentions(analyse(fixture), actor_id) == expected


def test_ambiguous_pronouns_are_skipped() -> None:
    result = analyse("valdoria_abduction.txt")
    last = result.article.text.rindex("He told him")
    assert not [m for m in result.mentions if m.span.start >= last]


def test_a_pronoun_never_goes_to_a_person_whose_given_name_says_otherwise() -> None:
    # a real article's "he is a murderer" (about the suspect) had been Sarah Halimi's, the victim
    # named two sentences before: the only person in reach, gender unknown
    text = (
        "Prosecutors charged Kobi Lanter in January.\n\n"
        "He was held for weeks after the killing of Sarah Velk last spring.\n\n"
        "A judge ordered new tests on Monday.\n\n"
        "“He is a murderer,” the family's lawyer wrote."
    )
    (result,) = Pipeline([sentences, actors, labels]).run([article_from_text(text)], Context())
    last = text.rindex("He is")
    velk = next(a for a in result.actors if a.name == "Sarah Velk")
    assert not [m for m in velk.mentions if m.span.start >= last]
    hers = [lab.span.text_in(text) for lab in result.labels if lab.actor_id == velk.id]
    assert not [words for words in hers if "murder" in words]
    # "she" still goes to her
    she = _analyse_text(text.replace("“He is", "“She was"))
    velk = next(a for a in she.actors if a.name == "Sarah Velk")
    assert [m for m in velk.mentions if m.kind == "pronoun"]


def test_every_mention_points_into_the_text() -> None:
    for fixture in ("meridia_arrest.txt", "valdoria_abduction.txt", "coast_strike.txt"):
        result = analyse(fixture)
        text = result.article.text
        for found in result.actors:
            for m in found.mentions:
                assert m.actor_id == found.id
                surface = m.span.text_in(text)
                assert surface == surface.strip() and surface
                if m.kind in ("name", "alias", "acronym"):
                    assert surface in {found.name, *found.aliases}


def test_salience_ranks_the_central_actor_first_and_records_position() -> None:
    result = analyse("meridia_arrest.txt")
    first = result.actors[0]
    assert first.id == "elena-vostrikova"
    assert first.first_position == len("Opposition leader ") and first.in_lead
    assert [a.salience for a in result.actors] == sorted((a.salience for a in result.actors), reverse=True)
    assert all(0.0 <= a.salience <= 1.0 for a in result.actors)
    assert not actor(result, "valdoria").in_lead


def test_title_presence_counts_names_surnames_and_demonyms() -> None:
    result = analyse("meridia_arrest.txt", title="Meridian police detain Vostrikova")
    assert actor(result, "elena-vostrikova").in_title
    assert actor(result, "meridia").in_title
    assert not actor(result, "tomas-reyl").in_title
    untitled = analyse("meridia_arrest.txt")
    assert actor(result, "elena-vostrikova").salience > actor(untitled, "elena-vostrikova").salience


def _cand(start: int, text: str, vote: str) -> Candidate:
    words = len(text.split())
    return Candidate(start, start + len(text), start, start + words, text, vote, 3 if words > 1 else 1)


def test_type_is_the_weighted_majority_so_a_surname_tagged_gpe_stays_a_person() -> None:
    cands = [
        _cand(0, "Sam Heller", "person"),
        _cand(40, "Heller", "country"),
        _cand(80, "Heller", "country"),
        _cand(120, "Heller", "place"),
    ]
    (cluster,) = resolve(cands, actor_lexicon())
    assert (cluster.name, cluster.type, cluster.aliases) == ("Sam Heller", "person", ["Heller"])


def test_transliterated_full_names_are_one_actor() -> None:
    cands = [
        _cand(0, "Qasim Solemani", "person"),
        _cand(50, "Qassem Soleimani", "person"),
        _cand(90, "Suleimani", "country"),
        _cand(120, "Ali Khamenei", "person"),
    ]
    clusters = resolve(cands, actor_lexicon())
    assert [(c.name, len(c.members)) for c in clusters] == [("Qassem Soleimani", 3), ("Ali Khamenei", 1)]


def test_ids_get_a_suffix_on_clash() -> None:
    from framelens.stages._actor_resolve import Cluster
    from framelens.stages.actors import _ids

    clusters = [
        Cluster([_cand(0, "Meridia Today", "organisation")], name="Meridia Today"),
        Cluster([_cand(30, "Meridia-Today", "person")], name="Meridia-Today"),
        Cluster([_cand(60, "Port Calder", "place")], name="Port Calder"),
    ]
    assert _ids(clusters) == ["meridia-today", "meridia-today-2", "port-calder"]


def test_stages_declare_their_contract_and_run_in_a_pipeline() -> None:
    assert (actors.name, actors.requires, actors.produces) == ("actors", {"article", "sentences"}, {"actors"})
    assert (labels.name, labels.requires, labels.produces) == ("labels", {"actors", "sentences"}, {"labels"})
    article = article_from_text("Elena Vostrikova was arrested. She denies it.")
    (result,) = Pipeline([sentences, actors, labels]).run([article], Context())
    assert [p[0] for p in result.provenance] == ["sentences", "actors", "labels"]
    assert [(m.kind, m.span.text_in(article.text)) for m in result.mentions] == [
        ("name", "Elena Vostrikova"),
        ("pronoun", "She"),
    ]


def _analyse_text(text: str) -> Analysis:
    article = article_from_text(text)
    return next(Pipeline([sentences, actors]).run([article], Context()))


def _names(text: str) -> set[str]:
    """The names of the actors found in ``text``."""
    return {a.name for a in _analyse_text(text).actors}


def test_name_after_a_title_is_a_person_when_ner_misses_it() -> None:
    result = _analyse_text(
        "Mayor Ilse Varn opened the new harbour bridge on Friday. Varn said it was overdue."
    )
    assert [(a.name, a.type) for a in result.actors] == [("Ilse Varn", "person")]
    assert [m.kind for m in result.actors[0].mentions] == ["name", "alias"]


def test_first_name_alone_joins_the_one_person_with_that_first_name() -> None:
    text = (
        "Police detained opposition leader Elena Vostrikova on Saturday. "
        '"They can take Elena, but not all of us," a student shouted.'
    )
    result = _analyse_text(text)
    elena = [a for a in result.actors if "Elena" in a.name]
    assert len(elena) == 1 and elena[0].type == "person"
    assert [m.span.text_in(text) for m in elena[0].mentions if m.kind != "pronoun"] == [
        "Elena Vostrikova",
        "Elena",
    ]


def _person_mentions(text: str) -> dict[str, list[tuple[str, str]]]:
    result = _analyse_text(text)
    return {
        a.id: [(m.span.text_in(text), m.kind) for m in a.mentions]
        for a in result.actors
        if a.type == "person"
    }


def test_the_title_refers_back_to_the_one_person_who_holds_it() -> None:
    # from an apposition (which itself is not a second mention), by its head noun too
    assert _person_mentions(
        "Tomas Reyl, the interior minister, defended the arrests on Sunday. "
        "Critics said the minister had ignored the courts."
    ) == {"tomas-reyl": [("Tomas Reyl", "name"), ("minister", "title")]}
    # from a title before the name, by its head noun
    assert _person_mentions(
        "Interior Minister Tomas Reyl defended the arrests. The minister said order was restored."
    ) == {"tomas-reyl": [("Tomas Reyl", "name"), ("minister", "title")]}


def test_an_abbreviated_title_is_referred_back_to_by_its_noun() -> None:
    """ "Gov. Dana Ruiz ... the governor said": the abbreviation and the noun are one office."""
    assert _person_mentions(
        "Gov. Dana Ruiz signed the bill on Monday. Later the governor said the ports would reopen."
    ) == {"dana-ruiz": [("Dana Ruiz", "name"), ("governor", "title")]}
    assert _person_mentions("Sen. Omar Pell spoke first. The senator said nothing of the vote.") == {
        "omar-pell": [("Omar Pell", "name"), ("senator", "title")]
    }


def test_the_title_is_not_linked_when_it_is_shared_qualified_or_not_a_noun_phrase_head() -> None:
    # two ministers: "the minister" could be either
    assert _person_mentions(
        "Interior Minister Tomas Reyl and Finance Minister Ada Lenk met on Sunday. "
        "The minister said order had been restored."
    ) == {"tomas-reyl": [("Tomas Reyl", "name")], "ada-lenk": [("Ada Lenk", "name")]}
    # "the general public" is not General Petrell; "the general" alone is
    assert _person_mentions(
        "General Ana Petrell visited the troops. The general public was not told. "
        "Later the general spoke to reporters."
    ) == {"ana-petrell": [("Ana Petrell", "name"), ("general", "title")]}
    # "the minister of health" may be another office
    mentions = _person_mentions(
        "Interior Minister Tomas Reyl spoke first. Then the minister of health answered."
    )
    assert mentions == {"tomas-reyl": [("Tomas Reyl", "name")]}


def test_a_name_tagged_person_where_something_happens_is_a_place() -> None:
    # the small model tags "Dor Kessel" and "Petra Lund" PERSON; as the object of "in" (or
    # coordinated with / in apposition to one) they are where something happened
    for text, name in [
        ("Militants regrouped in eastern Valdoria (Hasvik and Dor Kessel) after the strike.", "Dor Kessel"),
        ("Clashes broke out in Halvard and Petra Lund overnight.", "Petra Lund"),
    ]:
        types = {a.name: a.type for a in _analyse_text(text).actors}
        assert types.get(name) == "place", types
    # a person after "with" or "from" stays a person
    types = {
        a.name: a.type for a in _analyse_text("Talks with Petra Lund ended on Friday in the capital.").actors
    }
    assert types.get("Petra Lund") == "person", types


def test_a_shared_surname_is_two_people_and_the_surname_goes_to_the_one_named_last() -> None:
    result = analyse("marrowby_visit.txt")
    assert mentions(result, "bill-marrowby") == [
        ("Bill Marrowby", "name"),
        ("Bill Marrowby", "name"),
        ("Marrowby", "alias"),  # "Marrowby told reporters", after Bill spoke first
    ]
    assert mentions(result, "hillary-rodham-marrowby") == [
        ("Hillary Rodham Marrowby", "name"),
        ("Hillary Rodham Marrowby", "name"),
        ("Marrowby", "alias"),  # "Marrowby said the talks", after Hillary met the mayor
    ]


def test_short_forms_middle_initials_and_transliterations_are_one_actor() -> None:
    result = analyse("marrowby_visit.txt")
    assert mentions(result, "robert-w-goodmere") == [
        ("Robert W. Goodmere", "name"),
        ("Bob Goodmere", "alias"),
    ]
    assert mentions(result, "muammar-al-qaddouri") == [
        ("Muammar al-Qaddouri", "name"),
        ("Qaddouri", "alias"),
        ("Gadhouri", "alias"),
    ]


def test_a_family_plural_is_a_group_and_never_takes_the_surname() -> None:
    """ "Mr. Brennick" is the father or the son, whichever was named last; "the Brennicks" is
    the family (a real report of a governor and his son gave every "Mr. Hutchinson" to the
    family's plural, and with it the son's "black sheep")."""
    result = analyse("brennick_family.txt")
    assert mentions(result, "brennicks") == [("Brennicks", "name")]
    assert actor(result, "brennicks").type == "group"
    tomas = [text for text, _ in mentions(result, "tomas-brennick")]
    karl = [text for text, _ in mentions(result, "karl-brennick")]
    assert tomas[:3] == ["Tomas Brennick", "Tomas Brennick", "Brennick"]  # "Mr. Brennick has long been"
    assert karl[-2:] == ["Karl Brennick", "Brennick"]  # "Mr. Brennick said the bill", after Karl spoke


def test_who_after_an_institution_inside_a_persons_description_is_the_persons() -> None:
    """ "an analyst at the Halden Institute who studies Meridian politics": the parser hangs the
    clause on the institute, which the examples then typed a person (and gave the clause)."""

    text = (
        '"It was a crisis," said Ana Petrell, an analyst at the Halden Institute '
        "who studies Meridian politics."
    )
    result = _analyse_text(text)
    assert actor(result, "halden-institute").type == "organisation"


def test_a_surname_ending_in_s_is_no_family() -> None:
    lex = actor_lexicon()

    def cand(start: int, text: str) -> Candidate:
        return Candidate(start, start + len(text), start, start + len(text.split()), text, "person", 3)

    # "Jones" is Ann Jones's surname, not a plural of anyone's; "the Joneses" is her family
    clusters = resolve([cand(0, "Ann Jones"), cand(20, "Jones"), cand(40, "Joneses")], lex)
    assert [[c.text for c in cl.members] for cl in clusters] == [["Ann Jones", "Jones"], ["Joneses"]]


def test_a_surname_before_any_of_its_full_names_stays_apart() -> None:
    lex = actor_lexicon()

    def cand(start: int, text: str) -> Candidate:
        return Candidate(start, start + len(text), start, start + len(text.split()), text, "person", 3)

    clusters = resolve(
        [
            cand(0, "Marrowby"),
            cand(10, "Bill Marrowby"),
            cand(30, "Hillary Marrowby"),
            cand(50, "Marrowby"),
            cand(60, "Bill Marrowby"),
            cand(80, "Marrowby"),
        ],
        lex,
    )
    assert [[c.start for c in cl.members] for cl in clusters] == [[0], [10, 60, 80], [30, 50]]


def test_an_untagged_surname_of_two_people_goes_to_the_one_mentioned_last() -> None:
    from framelens.models import Mention, Span
    from framelens.stages.actors import _most_recent

    mentions_ = [[Mention(Span(0, 5), "a", "name")], [Mention(Span(10, 15), "b", "name")]]
    assert _most_recent([0, 1], mentions_, 20) == 1
    assert _most_recent([0, 1], mentions_, 7) == 0
    assert _most_recent([0, 1], mentions_, 0) is None


def test_a_surname_with_an_honorific_skips_the_person_of_the_other_gender() -> None:
    lex = actor_lexicon()

    def cand(start: int, text: str, gender: str | None = None) -> Candidate:
        return Candidate(
            start, start + len(text), start, start + len(text.split()), text, "person", 3, gender=gender
        )

    clusters = resolve(
        [
            cand(0, "Hillary Marrowby"),
            cand(30, "Bill Marrowby"),
            cand(50, "Marrowby", gender="f"),  # "Mrs. Marrowby": Bill was named last, but he is not her
            cand(70, "Marrowby"),  # no honorific: the most recent, Hillary again
        ],
        lex,
    )
    assert [[c.start for c in cl.members] for cl in clusters] == [[0, 50, 70], [30]]


def test_an_untagged_repeat_is_a_surname_before_its_suffix_and_may_be_two_peoples() -> None:
    from framelens.stages._actor_resolve import Cluster
    from framelens.stages.actors import _repeat_lookup

    clusters = [
        Cluster([], name="Joseph R. Pellham Jr.", type="person", aliases=["Pellham"]),
        Cluster([], name="Anna Pellham", type="person"),
        Cluster([], name="Harbour Guard", type="organisation", aliases=["HG"]),
        Cluster([], name="Velmar Courier", type="organisation"),
        Cluster([], name="Ostrova Daily Courier", type="organisation"),
        Cluster([], name="Ostrova Gulls", type="organisation"),
    ]
    # "Guard" is a generic head (a guard of its own); "Courier" is two papers' short form: neither
    assert _repeat_lookup(clusters, actor_lexicon()) == {"Pellham": [0, 1], "HG": [2], "Gulls": [5]}


def test_a_name_never_stops_inside_a_hyphenated_word_but_two_names_stay_two() -> None:
    names = {
        a.name
        for a in _analyse_text(
            "Fans queued at Chick-fil-A on Wednesday, and Chick-fil-A said sales rose."
        ).actors
    }
    assert "Chick-fil-A" in names and "Chick" not in names
    names = {
        a.name for a in _analyse_text("The Russia-Ukraine war dragged on as Russia shelled Kharkiv.").actors
    }
    assert {"Russia", "Ukraine"} <= names and "Russia-Ukraine" not in names


def test_an_editors_bracket_is_never_part_of_a_name() -> None:
    result = _analyse_text('"[W]e will not back down," Mayor Ilse Varn said on Monday in Halden.')
    assert all("[" not in a.name and "]" not in a.name for a in result.actors)


def test_a_list_tagged_as_one_entity_is_one_actor_per_name() -> None:
    text = "Firms including Marriott, Apple and American Airlines urged Governor Jan Brewer to veto it."
    names = {a.name for a in _analyse_text(text).actors}
    assert {"Marriott", "Apple", "American Airlines"} <= names
    names = {a.name for a in _analyse_text("Procter and Gamble cut prices in Bosnia and Herzegovina.").actors}
    assert {"Procter and Gamble", "Bosnia and Herzegovina"} <= names


def test_a_one_word_entity_the_text_writes_in_lower_case_is_a_common_word() -> None:
    # the small model tags the sentence-initial "Marijuana" PERSON
    text = "Marijuana sales rose in Halden. Officials said marijuana taxes paid for schools."
    assert "Marijuana" not in {a.name for a in _analyse_text(text).actors}
    # a name the text capitalises mid-sentence stays a name
    text = "House leaders met on Monday. The vote in the House was close, Senator Ana Ruiz said."
    assert "House" in {a.name for a in _analyse_text(text).actors}


def test_a_party_noun_for_one_member_is_no_mention_of_the_party() -> None:
    text = (
        "The Senate's top Democrat said he objected to the plan. Democrats stayed silent, and "
        "Senator Ana Ruiz, a Democrat, declined to comment."
    )
    result = _analyse_text(text)
    party = [a for a in result.actors if a.name == "Democrats"]
    assert party and [m.span.text_in(text) for m in party[0].mentions] == ["Democrats"]


def test_the_state_of_a_legislators_tag_is_no_actor() -> None:
    """ "Mitch Varn (R-Ky.)", "Ada Lenk (Calif.)", "Rep. Omar Pell, D-N.Y.": house style for a
    legislator's party and state, not a place the story is about."""
    text = (
        "Senate Majority Leader Mitch Varn (R-Ky.) promised a vote on the port bill. "
        "Sen. Ada Lenk (Calif.) objected, and Rep. Omar Pell, D-N.Y., said nothing."
    )
    names = {a.name for a in _analyse_text(text).actors}
    assert {"Mitch Varn", "Ada Lenk", "Omar Pell"} <= names
    assert not names & {"Ky.", "Calif.", "N.Y.", "New York", "Kentucky", "California"}


def test_a_surname_whose_honorific_contradicts_the_person_named_in_full_is_another_person() -> None:
    # "Mrs. Trump, a former model from Slovenia" had joined Donald Trump
    text = (
        "Donald Velk was sworn in on Friday. Mr. Velk spoke for an hour. "
        "Mrs. Velk, a former model from Slovenia, smiled."
    )
    result = _analyse_text(text)
    owner = {m.span.start: a.id for a in result.actors for m in a.mentions}
    assert owner[text.index("Velk spoke")] == "donald-velk"
    assert owner[text.index("Velk, a former")] != "donald-velk"


def test_a_headline_surname_goes_to_the_person_the_article_is_about() -> None:
    # "President Trump takes office" above "Donald and Melania Trump ..." had stayed an actor of its own
    result = _analyse_text(
        "President Velk takes office\n\nDonald Velk was sworn in on Friday. Velk spoke for an hour. "
        "Velk promised jobs. Velk thanked the crowd. Donald and Ana Velk later met the mayor."
    )
    persons = {a.id: a for a in result.actors if a.type == "person"}
    assert "velk" not in persons
    assert any(m.field == "title" for m in persons["donald-velk"].mentions)


def test_a_party_its_nickname_and_its_members_are_one_actor() -> None:
    # "GOP" and "Republicans" were two rows of the tone table of one BASIL triplet, with
    # different tones
    result = _analyse_text(
        "The GOP caucus sent a letter to the mayor on Monday. Republicans want the tax cuts extended, "
        "and the Republican Party says it will not back down.\n\n"
        "Senate Republicans met later. Democrats said the GOP was stalling."
    )
    by_name = {a.name: a for a in result.actors}
    assert "GOP" not in by_name and "Republican Party" not in by_name, sorted(by_name)
    party = by_name["Republicans"]
    assert party.type == "group"
    text = result.article.text
    assert {m.span.text_in(text) for m in party.mentions} == {"GOP", "Republicans", "Republican Party"}
    assert "Democrats" in by_name


def test_an_honorific_goes_to_the_person_known_to_have_its_gender() -> None:
    # "George T. Conway III, a conservative lawyer and the husband of Kellyanne Conway, ...
    # Mr. Conway, a vocal critic of Mr. Trump, wrote" made Kellyanne Conway the critic
    text = (
        "Among the critics was Peter R. Halloran III, a lawyer and the husband of Marisol Halloran, "
        "the mayor's counsel. Mr. Halloran, a vocal critic of the mayor, wrote on Twitter that the plan "
        "was unlawful."
    )
    result = _analyse_text(text)
    mentions = {m.span.text_in(result.article.text): m.actor_id for a in result.actors for m in a.mentions}
    assert mentions["Halloran"] == "peter-r-halloran-iii", mentions


def test_someone_of_a_kind_after_an_indefinite_article_is_no_actor() -> None:
    # "named after a passionate Zionist", "a different Gospel", "a Pharisee": the tagger's PERSON
    # there names a kind, not a person; "An incredulous Carlson asked" still names Tucker Carlson
    result = _analyse_text(
        "The society hands out the Emma Lazarus Award, named after a passionate Zionist, at its posh "
        "dinners. During an appearance with Tomas Reyl on Monday, the mayor spoke. An incredulous Reyl "
        "asked why. “If anyone preaches to you a different Gospel, let him be accursed,” the pastor said."
    )
    names = {a.name: len(a.mentions) for a in result.actors}
    assert "Zionist" not in names and "Gospel" not in names, names
    assert names.get("Tomas Reyl") == 2, names


def test_a_book_cited_by_chapter_and_verse_is_no_actor() -> None:
    # a real op-ed's "under the guise of woman's choice (Proverbs 6:17)" made Proverbs an actor
    # labelled "woman's choice", and Luke, Matthew and "Matthew 24:12" likewise
    text = (
        "Pastor Dara Velk said that millions have been lost under the guise of choice (Proverbs 6:17).\n\n"
        "They care more about saving face than the souls of men (Luke 19:10), Velk said. Reverse the "
        "lawlessness in this country (Matthew 24:12), wrote Tomas Reyl."
    )
    result = _analyse_text(text)
    assert {a.name for a in result.actors} == {"Dara Velk", "Tomas Reyl"}


def test_a_common_word_in_a_sign_written_in_capitals_is_no_actor() -> None:
    # a real article's "THIS BAR IS A SAFE SPACE FOR EVERYONE!" made BAR an organisation,
    # labelled "A SAFE SPACE FOR EVERYONE"; acronyms stay names
    text = (
        "Immediately upon learning of the fight, the bar announced that it had fired the doorman.\n\n"
        "Rumble has, and always will be, a bar that is as open as any place could possibly be.\n"
        "THIS BAR IS A SAFE SPACE FOR EVERYONE!\n\n"
        "Owner Ada Velk agreed. The FBI and NATO said nothing."
    )
    names = _names(text)
    assert "BAR" not in names and {"FBI", "NATO", "Ada Velk"} <= names, names


def test_a_surname_the_tagger_takes_for_a_firm_votes_nothing_beside_the_full_name() -> None:
    # a real article's informant "Douglas Campbell" (a person, weight 3) was an organisation:
    # his surname alone, tagged ORG thirteen times, outvoted the full name
    from framelens.stages._actor_resolve import _votes

    def cand(text: str, vote: str, weight: int) -> Candidate:
        return Candidate(0, len(text), 0, len(text.split()), text, vote, weight)

    full = [cand("Douglas Campbell", "person", 3)] + [cand("Campbell", "organisation", 1)] * 13
    assert _votes(full).most_common(1)[0][0] == "person"
    # so with a place tag: "Ohajacao-Ramos" tagged GPE beside "Jose Manuel Ohajacao-Ramos"
    placed = [cand("Jose Manuel Brannovic-Ramos", "person", 3)] + [cand("Brannovic-Ramos", "country", 1)] * 5
    assert _votes(placed).most_common(1)[0][0] == "person"
    # without a given name the tags still decide: "Campbell" the soup maker
    firm = [cand("Campbell Group", "person", 3)] + [cand("Campbell", "organisation", 1)] * 13
    assert _votes(firm).most_common(1)[0][0] == "organisation"


def test_a_titled_full_name_outvotes_its_surname_tagged_as_a_firm() -> None:
    """ "Hungarian leader Viktor Orban" ("Viktor" is in no names table), his surname tagged ORG
    twelve times: Orban was an organisation, so "he said" after his quote went to Soros, the
    only person before it."""
    import dataclasses

    from framelens.stages._actor_resolve import _votes

    def cand(text: str, vote: str, weight: int, titled: bool = False) -> Candidate:
        plain = Candidate(0, len(text), 0, len(text.split()), text, vote, weight)
        return dataclasses.replace(plain, titled=titled)

    firm = [cand("Brennovic", "organisation", 1)] * 12
    assert _votes([cand("Viktar Brennovic", "person", 3, True), *firm]).most_common(1)[0][0] == "person"
    assert _votes([cand("Viktar Brennovic", "person", 3), *firm]).most_common(1)[0][0] == "organisation"
    # the title before the bare surname alone: "President Trump" once, "Trump" tagged ORG 19 times
    tagged = [cand("Brennovic", "person", 1)] * 8
    titled = [cand("Brennovic", "person", 1, True), *tagged, *firm, *firm[:7]]
    assert _votes(titled).most_common(1)[0][0] == "person"


def test_a_surname_with_an_office_goes_to_the_one_who_holds_it() -> None:
    # a BASIL triplet's "Former Vice President Cheney has publicly voiced support ..." went to
    # Elizabeth Cheney, named last, not to "ex-Vice President Dick Cheney"
    text = (
        "Mary Velk, one of ex-Vice President Richard Velk's two daughters, criticized her sister on "
        "Monday.\n\nLaura Velk, a Senate candidate, opposes same-sex marriage. Laura Velk said the issue "
        "was settled.\n\nFormer Vice President Velk has publicly voiced support for same-sex marriage."
    )
    result = _analyse_text(text)
    last = text.rindex("Velk has")
    owner = next(a for a in result.actors for m in a.mentions if m.span.start == last)
    assert owner.name == "Richard Velk", owner.name


def test_two_letters_spell_no_persons_initials() -> None:
    # a BASIL triplet's "married her partner, Heather Poe, in Washington, DC last year" made "DC"
    # a mention of Dick Cheney, and "her partner, Heather Poe, in Washington" his label
    text = (
        "Mary Velk, daughter of former Vice President Dora Crane, criticized her sister on Friday.\n\n"
        "Mary Velk married her partner, Heather Poe, in Washington, DC last year."
    )
    result = _analyse_text(text)
    crane = next(a for a in result.actors if a.name == "Dora Crane")
    assert [m.span.text_in(text) for m in crane.mentions] == ["Dora Crane"]


def test_a_king_is_not_his_son_named_after_him() -> None:
    """ "Saudi King Salman and his powerful son, Crown Prince Mohammed bin Salman" made the
    king a mention of the prince, whose labels then began with "Saudi King"."""
    result = _analyse_text(
        "The envoy met Jordanian King Nasser and his son, Crown Prince Karim bin Nasser, the "
        "country's de facto ruler. King Nasser said little. Later bin Nasser spoke to reporters."
    )
    forms = {a.name: sorted({m.span.text_in(result.article.text) for m in a.mentions}) for a in result.actors}
    assert forms.get("Karim bin Nasser") == ["Karim bin Nasser", "bin Nasser"], forms
    king = [name for name, said in forms.items() if "Nasser" in said]
    assert len(king) == 1 and "bin" not in king[0], forms


def test_a_title_abbreviation_without_its_dot_is_no_part_of_the_name() -> None:
    """A headline's "Minnesota Muslima State Rep Ilhan Omar" made "Rep Ilhan Omar" an actor of
    its own beside Ilhan Omar, with the headline's words as its label."""
    result = _analyse_text(
        "The vote was close.\n\nHarbour State Rep Anna Velk Married Her Brother, records show.\n\n"
        "State Rep. Anna Velk said on Monday the claims were false. Sen Tomas Brenn agreed."
    )
    names = sorted(a.name for a in result.actors if a.type == "person")
    assert names == ["Anna Velk", "Tomas Brenn"], names


def test_an_adjective_opening_a_paragraph_is_no_name() -> None:
    """ "Sharp barbed wire fences are being erected along the border" made "Sharp" an
    organisation, portrayed positive; "Mysteriously, ..." a person."""
    names = _names(
        "Troops arrived on Friday.\n\nSharp barbed wire fences are being erected along the harbour "
        "as thousands of Velk's troops arrive. Mysteriously, the wire vanished overnight."
    )
    assert not names & {"Sharp", "Mysteriously"}, names


def test_a_headline_in_capitals_gives_only_the_names_the_text_uses() -> None:
    """ "THE OPPORTUNITIES AND RISKS OF TRUMP'S IRAN INITIATIVE" made "RISKS OF" an organisation."""
    names = _names(
        "Mayor Dara Velk signed the harbour contract in May.\n\n"
        "THE PROMISES AND RISKS OF VELK'S HARBOUR PLAN\n\n"
        "The council approved the plan in 2016, and Velk thanked it."
    )
    assert not [n for n in names if "RISKS" in n or "PROMISES" in n], names


def test_a_headline_cited_inside_a_line_gives_only_the_names_the_text_uses() -> None:
    """ "(see: FBI Uncovered Russian Bribery Plot Before Obama Approved Uranium One Deal, Netting
    Clintons Millions)" named the Uranium One company "Obama Approved Uranium"; a quoted title
    made "JFK Records" an organisation."""
    names = _names(
        "President Ed Harlow signed the Cobalt One contract in May. Harlow has denied wrongdoing, and "
        "the Harlows say Cobalt One paid nothing. The board approved the deal a week before the vote, "
        "and the bribery plot was uncovered later.\n\n"
        "In the midst of the new revelations about the Cobalt One case (see: FBI Uncovered Danish Bribery "
        "Plot Before Harlow Approved Cobalt One Deal, Netting Harlows Millions), the council met again. "
        "As I wrote in my October 11 article, “Will Harlow Make a Deal with the Council on Harlow Records?,” "
        "the records stay closed."
    )
    assert not [n for n in names if "Approved" in n or "Before" in n or "Records" in n], names


def test_a_cited_headline_with_a_capitalised_preposition_gives_no_actor() -> None:
    """ "U.S. Judge Wrestles With Issue Of Indonesian Immigrants, by Scott Malone" after a quote
    made "Wrestles With Issue" a person, who then took the "she" and "her" of the judge."""
    names = _names(
        "Judge Patti Velk heard the case in Harbourton. She said the issue was not hers to decide.\n\n"
        "“That’s the thing I‘m concerned about here,” Velk said. Harbour Judge Wrestles With Issue Of "
        "Tessalian Immigrants, by Anna Brenn, Coast Wire, October 20, 2017\n\n"
        "Despite her doubts, she ruled on the case."
    )
    assert not [n for n in names if "Wrestles" in n or "I‘m" in n], names


def test_an_acronym_the_tagger_takes_into_the_name_is_an_alias() -> None:
    """ "the World Health Organization (WHO" was tagged as one name: three actors for the WHO."""
    result = _analyse_text(
        "Countries were urged by the World Health Organisation (WHO) to prepare. The WHO said the "
        "outbreak was contained.\n\nDr. Ana Velk, Technical Coordinator for Emergencies at the World "
        "Health Organization (WHO) Regional Office for Africa, agreed."
    )
    who = [a for a in result.actors if "WHO" in a.name or "World Health" in a.name]
    assert len(who) == 1 and "(" not in who[0].name, [a.name for a in who]


def test_a_who_after_where_something_happened_is_not_the_place() -> None:
    """ "one would never expect to meet in Rome, who is now an archbishop" made Rome a person."""
    result = _analyse_text(
        "Father Anton Velk studied at the Gregorian University in Rome. He is a theologian.\n\n"
        "He met a cleric one would never expect to see in Rome, and was shocked. It was a bishop one "
        "would not have expected to meet in Rome, who is now an archbishop."
    )
    rome = [a for a in result.actors if a.name == "Rome"]
    assert rome and rome[0].type != "person", [(a.name, a.type) for a in result.actors]


def test_a_lower_case_article_and_a_plural_title_are_no_part_of_the_name() -> None:
    """ "a Bureau of Land Management ranger" made an actor "a Bureau of Land Management" beside
    the Bureau; "Cardinals Brandmuller and Burke" a person "Cardinals Brandmuller"."""
    result = _analyse_text(
        "On July 2, a Bureau of Land Management ranger found the gun. The Bureau of Land Management "
        "said nothing.\n\nPope Tomas signed the letter. Cardinals Brandmuller and Velk objected, and "
        "Brandmuller wrote to him."
    )
    names = sorted(a.name for a in result.actors)
    assert "Bureau of Land Management" in names and not [
        n for n in names if n.startswith(("a ", "Cardinals"))
    ]


def test_a_dateline_glued_to_a_name_by_the_tagger_is_cut_off() -> None:
    """ "Geneva - The World Health Organisation chief said" (a PTC article): the tagger took the
    dateline and the body as one organisation.  A hyphen inside a name stays ("Rolls-Royce")."""
    names = _names(
        "Plague returns\n\nVelby - The Harbour Health Organisation chief on Wednesday said the outbreak "
        "was under control. The Harbour Health Organisation asked for more doctors."
    )
    assert "Harbour Health Organisation" in names
    assert not any(name.startswith("Velby -") for name in names)
    assert "Volkers-Brandt" in _names(
        "Volkers-Brandt said on Monday it would cut 300 jobs at its Velby plant."
    )


def test_the_articles_own_author_is_a_person_with_the_given_name_the_tagger_left_out() -> None:
    """Under the byline "By Ana Petrell", "Ana Petrell is a senior analyst" had the small
    model tag "Petrell" alone as an organisation (the bundled halden-review example)."""
    text = (
        "Ana Petrell is a senior analyst at the Halden Institute, where she studies Meridian politics.\n\n"
        "The detention of Elena Vostrikova on Saturday was meant to end a protest movement. "
        "Petrell said the march would go on."
    )
    article = dataclasses.replace(article_from_text(text), authors=("Ana Petrell",))
    (result,) = Pipeline([sentences, actors]).run([article], Context())
    author = actor(result, "ana-petrell")
    assert author.type == "person" and "author" in (author.type_reason or "")
    names = [m.span.text_in(result.article.text) for m in author.mentions if m.kind != "pronoun"]
    assert names == ["Ana Petrell", "Petrell"]
    # a country is never taken for an author of the same name
    jordan = dataclasses.replace(
        article_from_text("Talks in Jordan ended on Monday without a deal on the border crossings."),
        authors=("Sam Jordan",),
    )
    (result,) = Pipeline([sentences, actors]).run([jordan], Context())
    assert actor(result, "jordan").type == "country"


def test_a_hashtag_is_no_actor() -> None:
    # "DOJ May Hit #Resistance Mayor Who Warned ..." (a PTC article) made "Resistance" a person
    # who took the mayor's "she" and "her"
    text = (
        "Mayor Dara Velk of Marrowby warned residents of the raid on Saturday. "
        "Her warning angered the agency, and now a member of the #Resistance may face charges. "
        "Velk said she had cleared the warning with lawyers. #Marrowby"
    )
    (result,) = Pipeline([sentences, actors]).run([article_from_text(text)], Context())
    hashtags = [m for a in result.actors for m in a.mentions if text[m.span.start - 1] == "#"]
    assert hashtags == [] and not [a for a in result.actors if "Resistance" in a.name]
    velk = actor(result, "dara-velk")
    assert sum(m.kind == "pronoun" for m in velk.mentions) >= 2


def test_a_disease_is_no_actor() -> None:
    # five PTC reports of one outbreak had "Ebola" (tagged a place) among their main actors
    text = (
        "Health officials in Marrowby confirmed two cases of Ebola on Tuesday, the Ostrava "
        "ministry said. Doctors Without Borders sent a team to the province. "
        "There is no proven cure for Ebola, though a vaccine is being tested. "
        "The Bikoro outbreak is the ninth since the virus was found."
    )
    (result,) = Pipeline([sentences, actors]).run([article_from_text(text)], Context())
    names = [a.name for a in result.actors]
    assert "Ebola" not in names and "Marrowby" in names, names


def test_dr_congo_is_one_country_and_no_doctor() -> None:
    # PTC reports of one outbreak had "Congo" a person ("DR" read as a doctor's title), a
    # place and an organisation, three actors in one article
    text = (
        "DR Congo declared a new outbreak on Tuesday in Marrowby province. "
        "Congo's health ministry sent a team to the province, and the Democratic Republic "
        "of the Congo asked its neighbours for help."
    )
    (result,) = Pipeline([sentences, actors]).run([article_from_text(text)], Context())
    congo = [a for a in result.actors if "Congo" in a.name]
    assert len(congo) == 1 and congo[0].type == "country" and len(congo[0].mentions) == 3


def test_a_feast_or_a_holy_month_is_no_actor() -> None:
    # a PTC article had "Ramadan" (tagged a person) as its main actor, negative
    text = (
        "Ramadan is the month of fasting, and Ramadan brings the faithful to the mosque. "
        "The mosque on Harbour Street in Marrowby was full on Thursday. "
        "Imam Dario Velk thanked the council for the late market."
    )
    (result,) = Pipeline([sentences, actors]).run([article_from_text(text)], Context())
    names = [a.name for a in result.actors]
    assert "Ramadan" not in names and "Dario Velk" in names, names


def test_a_disease_named_with_where_it_broke_out_is_no_actor() -> None:
    # "WHO Prepares For 'Worst Case' As Congo Ebola Outbreak Spreads" (a PTC article) had
    # "Congo Ebola" as an organisation with nine mentions; "the Bikoro outbreak" stays a place
    text = (
        "Health Agency Prepares As Ostrava Ebola Outbreak Spreads\n\n"
        "The Ostrava Ebola outbreak reached the port of Marrowby on Monday, the health agency "
        "said. Doctors in Marrowby asked for more beds."
    )
    (result,) = Pipeline([sentences, actors]).run([article_from_text(text)], Context())
    assert [a.name for a in result.actors] == ["Marrowby"]


def test_a_name_does_not_open_with_a_preposition() -> None:
    # the small model tagged "Without Borders" of "Doctors Without Borders" as a person (PTC)
    text = (
        "Health officials in Marrowby confirmed two cases on Tuesday, the Ostrava ministry said. "
        "Doctors Without Borders sent a team to the province."
    )
    (result,) = Pipeline([sentences, actors]).run([article_from_text(text)], Context())
    group = actor(result, "doctors-without-borders")
    assert group.type == "organisation" and group.name == "Doctors Without Borders"
