"""The labels stage on hand-written, fictional articles: exact descriptors and event terms."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from framelens import article_from_text
from framelens.context import Context
from framelens.models import Analysis, Label
from framelens.pipeline import Pipeline
from framelens.stages.actors import actors
from framelens.stages.labels import labels
from framelens.stages.sentences import sentences

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "analysis"


@functools.cache
def analyse(name: str) -> Analysis:
    article = article_from_text((FIXTURES / name).read_text("utf-8"), name)
    (result,) = Pipeline([sentences, actors, labels]).run([article], Context())
    return result


def rows(result: Analysis, kinds: set[str] | None = None) -> list[tuple[str, str | None, str, str]]:
    text = result.article.text
    return [
        (lab.kind, lab.actor_id, lab.span.text_in(text), lab.head)
        for lab in result.labels
        if kinds is None or lab.kind in kinds
    ]


# (fixture, kind, actor, exact span text, head)
DESCRIPTORS = [
    # apposition after the name, and a listed pair of appositions
    ("meridia_arrest.txt", "apposition", "halden-institute", "a think tank in Valdoria", "tank"),
    ("coast_strike.txt", "apposition", "maria-kessler", "a former envoy", "envoy"),
    ("coast_strike.txt", "apposition", "maria-kessler", "the author of a book on the coast", "author"),
    # apposition before the name, which the parser hangs on the organisation
    ("coast_strike.txt", "apposition", "anton-bereza", "The leader of the Free Coast Movement", "leader"),
    # copular predicates, coordinated: "She is a former judge and a veteran campaigner"
    ("meridia_arrest.txt", "predicate", "elena-vostrikova", "a former judge", "judge"),
    ("meridia_arrest.txt", "predicate", "elena-vostrikova", "a veteran campaigner", "campaigner"),
    ("meridia_arrest.txt", "predicate", "elena-vostrikova", "a traitor", "traitor"),
    ("meridia_arrest.txt", "predicate", "elena-vostrikova", "a criminal", "criminal"),
    ("coast_strike.txt", "predicate", "anton-bereza", "a warlord", "warlord"),
    ("coast_strike.txt", "predicate", "anton-bereza", "a smuggler", "smuggler"),
    # through a pronoun mention
    (
        "valdoria_abduction.txt",
        "predicate",
        "marek-dovlatov",
        "a reporter for the Meridia Courier",
        "reporter",
    ),
    # through a raising verb: "He is said to have been the man who ..."
    (
        "coast_strike.txt",
        "predicate",
        "anton-bereza",
        "the man who ran the coastal arms trade for a decade",
        "man",
    ),
    # listed objects of an event verb standing for the central patient
    ("coast_strike.txt", "predicate", "anton-bereza", "a murderer", "murderer"),
    ("coast_strike.txt", "predicate", "anton-bereza", "a thief", "thief"),
    ("coast_strike.txt", "predicate", "anton-bereza", "a threat to every family in Meridia", "threat"),
    # titles and modifiers before the name
    ("meridia_arrest.txt", "title", "tomas-reyl", "Interior Minister", "minister"),
    ("coast_strike.txt", "title", "lina-ostrova", "President", "president"),
    ("meridia_arrest.txt", "modifier", "elena-vostrikova", "Opposition leader", "leader"),
    ("valdoria_abduction.txt", "modifier", "ivan-petrenko", "Valdorian banker", "banker"),
    ("valdoria_abduction.txt", "modifier", "marek-dovlatov", "journalist", "journalist"),
    # relative clauses
    ("meridia_arrest.txt", "clause", "tomas-reyl", "who has run the ministry since 2019", "run"),
    ("coast_strike.txt", "clause", "anton-bereza", "who ran the coastal arms trade for a decade", "run"),
    # nickname in quotes (the span is inside the quotes)
    ("meridia_arrest.txt", "nickname", "elena-vostrikova", "the Iron Lady", "the iron lady"),
]


@pytest.mark.parametrize(("fixture", "kind", "actor_id", "text", "head"), DESCRIPTORS)
def test_descriptor(fixture: str, kind: str, actor_id: str, text: str, head: str) -> None:
    assert (kind, actor_id, text, head) in rows(analyse(fixture))


# (fixture, span text, head, actor, arguments)
EVENTS = [
    ("meridia_arrest.txt", "arrested", "arrest", "elena-vostrikova", {"patient": "elena-vostrikova"}),
    ("meridia_arrest.txt", "detention", "detention", "elena-vostrikova", {"patient": "elena-vostrikova"}),
    ("meridia_arrest.txt", "detained", "detain", "meridia", {"agent": "meridia"}),
    ("valdoria_abduction.txt", "abducted", "abduct", "marek-dovlatov", {"patient": "marek-dovlatov"}),
    ("coast_strike.txt", "killed", "kill", "anton-bereza", {"patient": "anton-bereza"}),
    (
        "coast_strike.txt",
        "detained",
        "detain",
        "anton-bereza",
        {"agent": "meridia", "patient": "anton-bereza"},
    ),
    ("coast_strike.txt", "killing", "killing", "anton-bereza", {"patient": "anton-bereza"}),
]


@pytest.mark.parametrize(("fixture", "text", "head", "actor_id", "arguments"), EVENTS)
def test_event_term(fixture: str, text: str, head: str, actor_id: str, arguments: dict[str, str]) -> None:
    result = analyse(fixture)
    found = [
        (lab.actor_id, dict(lab.arguments))
        for lab in result.labels
        if lab.kind == "event" and lab.span.text_in(result.article.text) == text and lab.head == head
    ]
    assert (actor_id, arguments) in found


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "valdoria_abduction.txt",
            [
                ("modifier", "marek-dovlatov", "journalist", "journalist"),
                ("event", "marek-dovlatov", "abducted", "abduct"),
                ("predicate", "marek-dovlatov", "a reporter for the Meridia Courier", "reporter"),
                # "Mr. Dovlatov": a courtesy title is house style, no label
                ("modifier", "ivan-petrenko", "Valdorian banker", "banker"),
            ],
        ),
        (
            "meridia_arrest.txt",
            [
                ("modifier", "elena-vostrikova", "Opposition leader", "leader"),
                ("event", "elena-vostrikova", "arrested", "arrest"),
                ("nickname", "elena-vostrikova", "the Iron Lady", "the iron lady"),
                ("predicate", "elena-vostrikova", "a former judge", "judge"),
                ("predicate", "elena-vostrikova", "a veteran campaigner", "campaigner"),
                ("title", "tomas-reyl", "Interior Minister", "minister"),
                ("predicate", "elena-vostrikova", "a traitor", "traitor"),
                ("predicate", "elena-vostrikova", "a criminal", "criminal"),
                ("clause", "tomas-reyl", "who has run the ministry since 2019", "run"),
                ("apposition", "halden-institute", "a think tank in Valdoria", "tank"),
                ("event", "elena-vostrikova", "detention", "detention"),
                ("event", "meridia", "detained", "detain"),
            ],
        ),
    ],
)
def test_all_labels_of_an_article_exactly(fixture: str, expected: list[tuple[str, str, str, str]]) -> None:
    """Nothing more than the expected labels: no "defended the arrest" (no actor argument), no
    modifier on a country, "Valdorian security services" not a label."""
    assert rows(analyse(fixture)) == expected


def test_event_arguments_need_a_top_actor() -> None:
    """ "the army had taken out ...": no actor among the arguments, so no event term."""
    result = analyse("coast_strike.txt")
    assert not [lab for lab in result.labels if lab.kind == "event" and lab.head == "take out"]


def test_labels_are_spans_of_the_text_and_serialise() -> None:
    for fixture in ("meridia_arrest.txt", "valdoria_abduction.txt", "coast_strike.txt"):
        result = analyse(fixture)
        text = result.article.text
        ids = {a.id for a in result.actors}
        for lab in result.labels:
            assert isinstance(lab, Label)
            surface = lab.span.text_in(text)
            assert surface and surface == surface.strip()
            assert lab.actor_id in ids
            assert {role for role, _ in lab.arguments} <= {"agent", "patient"}
            assert lab.to_dict(text)["text"] == surface


def _run(text: str) -> Analysis:
    (result,) = Pipeline([sentences, actors, labels]).run([article_from_text(text)], Context())
    return result


def test_a_list_with_a_possessive_is_not_an_apposition() -> None:
    result = _run("The Renewal Party, its allies, and Civic Watch Meridia marched in Port Calder on Sunday.")
    assert not [lab for lab in result.labels if lab.kind == "apposition"]


def test_an_article_without_actors_has_no_labels() -> None:
    result = _run("It rained all week, and the rivers rose. Nobody was hurt.")
    assert (result.actors, result.labels) == ((), ())


def _nicknames(text: str) -> list[tuple[str | None, str]]:
    result = _run(text)
    return [(lab.actor_id, lab.span.text_in(text)) for lab in result.labels if lab.kind == "nickname"]


def test_nickname_in_a_relative_clause_and_of_an_unnamed_definite_person() -> None:
    # "X, who was nicknamed 'Y'": the relative clause on the name
    assert _nicknames(
        'Ruslan Hadrevich, who was nicknamed "the Fox", died on Sunday. '
        "Ostrelia killed Hadrevich in a strike."
    ) == [("ruslan-hadrevich", "the Fox")]
    # "The man who was dubbed 'Y'": the unnamed man is the person the events happen to
    assert _nicknames(
        "Ostrelia killed Ruslan Hadrevich on Sunday. "
        'The man who was dubbed "the Fox" by his fighters is dead.'
    ) == [("ruslan-hadrevich", "the Fox")]
    # an unnamed person noun without a nickname gets nothing
    assert _nicknames("Ostrelia killed Ruslan Hadrevich on Sunday. The man who fired the missile left.") == []


def test_a_where_clause_says_what_happens_at_a_place_not_what_the_place_is() -> None:
    text = "Mara Lenz works at the Halden Institute, where she studies Meridian politics, in Port Calder."
    result = _run(text)
    assert not [lab for lab in result.labels if lab.span.text_in(text).startswith("where")]


def test_a_count_before_a_group_is_no_label_but_a_description_is() -> None:
    result = _run(
        "Many Republicans objected on Monday. Other Republicans stayed silent, and fellow Republicans "
        "in the Senate said nothing. Angry Republicans walked out."
    )
    texts = {lab.span.text_in(result.article.text).lower() for lab in result.labels if lab.kind == "modifier"}
    assert not texts & {"many", "other", "fellow"}
    assert "angry" in texts


def _texts(text: str) -> set[str]:
    result = _run(text)
    return {lab.span.text_in(result.article.text) for lab in result.labels}


def _described(text: str) -> set[tuple[str | None, str]]:
    """(actor, words) of every label but the event terms."""
    result = _run(text)
    return {
        (lab.actor_id, lab.span.text_in(result.article.text)) for lab in result.labels if lab.kind != "event"
    }


def test_what_follows_a_colon_after_a_name_is_no_apposition() -> None:
    # a headline's "Who: what they say" is their statement, not a description of them
    found = _texts("The vote came late. Harbour Republicans: no bridge money until the tax vote.")
    assert not any("bridge money" in t for t in found)


def test_a_modal_adjective_with_an_infinitive_is_no_description() -> None:
    found = _texts("Mayor Dara Velk has not been able to peel off any councillors to support the plan.")
    assert not any(t.startswith("able") for t in found)


def test_an_ordinal_before_a_name_is_a_number_not_a_label() -> None:
    found = _texts(
        "The 112th Congress takes over in January. The Meridian Congress, a lame-duck body, waits."
    )
    assert "112th" not in found and "a lame-duck body" in found


def test_a_relative_clause_of_saying_is_what_was_said_not_what_the_speaker_is() -> None:
    text = (
        'Mayor Dara Velk received a letter signed by all 42 Harbour Republicans, which stated, "We will '
        'not agree to any bill until the bridge is funded." Velk, who founded the Renewal Party, objected.'
    )
    found = _texts(text)
    assert not any(t.startswith("which stated") for t in found)
    assert "who founded the Renewal Party" in found


def test_words_before_a_name_that_modifies_another_noun_describe_that_noun() -> None:
    # "now-public" describes the records, "an August 2012" dates the cable
    found = _texts(
        "A review of now-public Harbour Council records shows warnings. An August 2012 Harbour Council "
        "cable summarized a meeting. The Harbour Council, a reckless body, said nothing."
    )
    assert not found & {"now-public", "August 2012", "An August 2012"}
    assert "a reckless body" in found


def test_a_dateline_and_a_contrast_are_no_appositions() -> None:
    found = _texts(
        "PORT CALDER — E-mails released by the Harbour Council on Wednesday showed a fierce dispute.\n\n"
        "Officials showed that a number of agencies, not just the Harbour Council, drove the changes."
    )
    assert not any(t.startswith(("E-mails", "mails", "a number of")) for t in found)


def test_a_relative_clause_after_a_place_inside_a_phrase_is_about_the_phrase() -> None:
    # "warnings of threats in Meridia, which officials objected to": the warnings, not Meridia
    found = _texts(
        "Officials cut warnings of extremist threats in Meridia, which the ministers objected to "
        "because they feared it would reflect badly on them."
    )
    assert not any(t.startswith("which") for t in found)


def test_a_condition_is_no_description() -> None:
    found = _texts("If the Harbour Republicans are being sincere, they will pass the bill. Velk is reckless.")
    assert "sincere" not in found and "reckless" in found


def test_an_age_is_no_description() -> None:
    found = _texts("The vote was close. Dara Velk, 64, is known as a brilliant lawyer.")
    assert "64" not in found and "a brilliant lawyer" in found


def test_an_age_in_a_relative_clause_is_no_description() -> None:
    # "Labrador, who is 46, ...": a real triplet's top difference said only one outlet
    # described him as "who is 46"
    found = _texts(
        "Dara Velk, who is 46, entered the race on Friday. Anna Reyl, who is a former judge, said nothing."
    )
    assert not any("46" in t for t in found) and "who is a former judge" in found


def test_what_an_actor_is_not_is_no_description() -> None:
    found = _texts("Mayor Dara Velk is not alone in opposing the bridge. Councillor Anna Reyl is reckless.")
    assert "alone" not in found and "reckless" in found


def test_a_name_in_a_phrase_before_the_actor_is_no_apposition() -> None:
    # "found here on Vid Tube, Velk, advocating ...": the parser hangs the name on the site's
    # name, which is the object of "on", not a description of Velk (the parse is written out,
    # as the small model's choice here depends on the words around)
    from spacy.tokens import Doc

    from framelens.stages._label_lexicon import label_lexicon
    from framelens.stages.labels import _Descriptors
    from framelens.text.actor_lexicon import actor_lexicon

    words = ["found", "here", "on", "Vid", "Tube", ",", "Velk", ",", "said"]
    heads = [8, 0, 0, 4, 2, 4, 4, 8, 8]
    deps = ["advcl", "advmod", "prep", "compound", "pobj", "punct", "appos", "punct", "ROOT"]
    pos = ["VERB", "ADV", "ADP", "PROPN", "PROPN", "PUNCT", "PROPN", "PUNCT", "VERB"]
    doc = Doc(Context().nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    owner: list[str | None] = [None] * len(doc)
    owner[6] = "velk"
    desc = _Descriptors(doc, owner, {"velk": "person"}, label_lexicon(), actor_lexicon())
    assert list(desc.appositions(doc[6:7], doc[6], "velk")) == []
    # the same shape with a description, not a name, is an apposition
    words[3:5] = ["the", "lawyer"]
    pos[3:5] = ["DET", "NOUN"]
    deps[3] = "det"
    doc = Doc(Context().nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    desc = _Descriptors(doc, owner, {"velk": "person"}, label_lexicon(), actor_lexicon())
    assert [lab.span.text_in(doc.text) for lab in desc.appositions(doc[6:7], doc[6], "velk")] == [
        "the lawyer"
    ]


def test_a_description_of_names_listed_together_is_no_label_of_one() -> None:
    # "the strategic depth of the Coastal bloc (Meridia and Valdoria)": the phrase names the
    # two together; read as an apposition of the first name alone it said "Only this outlet
    # describes Meridia as 'the Coastal bloc'" (a real report quoting a memo did so for Iraq)
    text = (
        "Analysts said the port is considered the strategic depth of the Coastal bloc "
        "(Meridia and Valdoria). "
        "Dara Velk, the mayor of Port Calder, disagreed."
    )
    result = _run(text)
    got = {
        (lab.actor_id, lab.span.text_in(result.article.text))
        for lab in result.labels
        if lab.kind == "apposition"
    }
    assert not any(actor in ("meridia", "valdoria") for actor, _ in got), got
    assert ("dara-velk", "the mayor of Port Calder") in got


def test_a_conjunct_is_no_part_of_a_label() -> None:
    """ "President Varn and congressional Republicans": "President Varn and congressional" was a
    label of the Republicans; "Senator Ada Lenk, the party's leader, and moderate senators":
    the senators were a label of Lenk (a plural never describes one person); coordinated
    adjectives stay one label."""
    text = (
        "Thousands protested against President Dunmore and congressional Republicans on Monday. "
        "Critics accused Senator Ada Lenk of Calder, the party's leader, and moderate senators of caving. "
        "Mayor Tomas Reyl, a brave and honest reformist, stayed silent."
    )
    result = _run(text)
    by_actor: dict[str, set[str]] = {}
    for lab in result.labels:
        by_actor.setdefault(lab.actor_id or "", set()).add(lab.span.text_in(text))
    assert not any("Dunmore and" in t for t in by_actor.get("republicans", set()))
    assert not any(t.startswith("moderate senators") for t in by_actor.get("ada-lenk", set()))
    assert "the party's leader" in by_actor.get("ada-lenk", set())
    assert "a brave and honest reformist" in by_actor.get("tomas-reyl", set())
    # a plural after a person's name is a list ("Mr. Varn, his businesses and his campaign")
    listed = _run("Investigators looked at Mayor Omar Varn, his businesses and his charity, for a year.")
    assert not any(lab.span.text_in(listed.article.text) == "his businesses" for lab in listed.labels)


def test_a_line_above_is_no_part_of_a_descriptor() -> None:
    """An unpunctuated line (a repeated headline, a subhead) that the parser joins to the next
    paragraph's name gave "shutdown-ending deal\\n\\nSenate Democratic Leader" as a label."""
    text = (
        "Velk bashed by the union over port-closing deal\n\n"
        "Velk bashed by the union over port-closing deal\n\n"
        "Harbour Council Leader Anna Velk is taking heat from the union for caving to the council."
    )
    (result,) = Pipeline([sentences, actors, labels]).run([article_from_text(text)], Context())
    found = [lab.span.text_in(result.article.text) for lab in result.labels if lab.actor_id == "anna-velk"]
    assert found and not any("\n" in t or "deal" in t for t in found)


def test_an_as_phrase_describes_the_object_when_there_is_one() -> None:
    # "He cast his decision as a way to keep his options open" had given Trump the label "a way ..."
    found = _texts(
        "Dara Velk quit the race on Monday. She cast her decision as a way to keep her options open. "
        "Tomas Reyl described himself as a humble reformer. Ilse Varn was seen as a mediator."
    )
    assert not any(t.startswith("a way") for t in found)
    assert "a humble reformer" in found and "a mediator" in found


def test_an_infinitive_is_no_relative_clause_of_a_name() -> None:
    # the parser hangs the apposition's "to engage ..." on the name itself
    found = _texts(
        "Mr. Velk, one of the council’s most enthusiastic users of social media to engage with voters "
        "and supporters, said his account had been hacked."
    )
    assert not any(t.startswith("to engage") for t in found)
    assert any(t.startswith("one of the council") for t in found)


def test_a_title_with_of_is_one_title() -> None:
    # "Secretary of State Hillary Clinton" had given Clinton the modifier "State" in all three outlets
    result = _run(
        "Ana Reyl is an aide to Secretary of State Maria Lindqvist. Chief of Staff Tomas Drun said so."
    )
    found = {(lab.kind, lab.span.text_in(result.article.text)) for lab in result.labels}
    assert ("title", "Secretary of State") in found and ("title", "Chief of Staff") in found
    assert not {text for _, text in found} & {"State", "Staff"}


def test_a_figure_beside_a_name_is_no_description() -> None:
    found = _texts(
        "Supporters were asked to donate the cost of a meal at Harbour Grill, about $6.50, to the fund. "
        "A poll shows Ilse Varn leading Tomas Reyl, 49 percent to 44 percent, in Velka."
    )
    assert not any("6.50" in t or "percent" in t for t in found)


def test_a_persons_title_is_no_apposition_of_a_place_nor_a_plural_clause_of_a_name() -> None:
    # "Atlanta, where Chick-fil-A began, the president, Dan T. Cathy, ..."; "calls to boycott
    # Chick-fil-A that were supported by the mayors"
    result = _run(
        "As reporters write from Lisbon, where the chain began in the 1940s, the president, Dan Reyl, "
        "made comments last month. This prompted calls to boycott Harbour Grill Inc. that were supported "
        "by the mayors of Boston and Chicago. Harbour Grill Inc., which sells fish, said nothing."
    )
    text = result.article.text
    by_actor = {(lab.actor_id, lab.span.text_in(text)) for lab in result.labels}
    assert not any(a == "lisbon" for a, _ in by_actor), by_actor
    assert not any("supported by the mayors" in t for _, t in by_actor)
    assert any(t.startswith("which sells fish") for _, t in by_actor)


def test_a_modifier_stops_at_a_dash() -> None:
    # "amp up -– and buck up -– worried Democrats" gave the label "-– worried"
    found = _texts(
        "The speech was meant to buck up -– worried Harbour Democrats. The latest poll showed Ilse Varn "
        "edging Tomas Reyl in the race. It was a performance guaranteed to amp up -– and buck up -– "
        "worried Democrats, who had fallen into a paralysis."
    )
    assert "worried" in found and not any(t.startswith(("-", "–")) for t in found)


def test_a_wire_dateline_a_list_of_names_and_a_salutation_are_no_labels() -> None:
    # "Denver (AP) – Colorado's top law enforcement official ...", the headline "Nebraska,
    # Oklahoma File Federal Suit ..." and a quoted post's "Dear Sasha and Malia," had each given
    # a label: an apposition of Denver and of Nebraska, and "Dear" (positive) of Sasha Obama
    found = _described(
        "Nebraska, Oklahoma File Federal Suit Against Colorado\n\n"
        "Denver (AP) – Colorado's top law enforcement official promises to defend the law. "
        "Nebraska and Oklahoma asked the court to strike it down.\n\n"
        "A blogger posted the full rant:\n\nDear Maria and Mira Velk, you are part of the first family. "
        "Maria Velk did not reply."
    )
    assert not any(actor in ("denver", "nebraska") for actor, _ in found), found
    # nor is the other person's given name a label of the second ("Maria" of Mira Velk)
    assert not any(t in ("Dear", "Maria") for _, t in found), found


def test_a_relative_clause_whose_conjoined_verb_is_plural_is_not_about_a_singular_name() -> None:
    # "three close aides to Mr. Christie who resigned or were fired" was a label of Christie
    found = _texts(
        "Prosecutors seek records relating to three close aides to Governor Ilse Varn who resigned or were "
        "fired when their roles were revealed. Varn denied wrongdoing."
    )
    assert not any(t.startswith("who resigned") for t in found), found


def test_the_words_before_a_courtesy_title_are_no_modifier() -> None:
    # "The override, the first Mr. Obama has faced in his presidency" gave Obama "first Mr."
    found = _texts(
        "The override, the first Mr. Velk has faced in his presidency, begins on Wednesday. "
        "Tomas Velk said so."
    )
    assert not any("Mr." in t for t in found), found


def test_which_is_never_a_relative_clause_of_a_person() -> None:
    # "Bernie Sanders met President Obama, which lasted more than an hour": the meeting lasted
    found = _texts(
        "Bernie Sanders met President Tomas Reyl, which lasted more than an hour. Reyl thanked him."
    )
    assert not any(t.startswith("which") for t in found), found


def test_the_title_of_the_next_person_in_a_list_is_no_apposition() -> None:
    # "acting FBI Director Andrew McCabe, former Oklahoma Gov. Frank Keating and FBI official Richard
    # McFeely" gave McCabe the label "former Oklahoma Gov."
    found = _described(
        "Trump also met Wednesday with current acting FBI Director Tomas Reyl, former Oklahoma Gov. "
        "Frank Hallam and FBI official Marc Odell."
    )
    assert not any(actor == "tomas-reyl" and "Gov." in t for actor, t in found), found


def test_a_verb_parsed_as_a_modifier_is_no_label() -> None:
    # "He won re-election, and two years later further angered Democrats when he endorsed ..."
    # gave Democrats the label "two years later further angered" (negative)
    found = _texts(
        "Senator Ilse Varn won re-election, and two years later further angered Democrats when she "
        "endorsed the harbour plan."
    )
    assert not any("angered" in t for t in found), found


def test_the_words_before_a_name_inside_another_name_describe_the_other() -> None:
    # "Alabama Republican Senate candidate Roy Moore" gave the Senate the label "Alabama Republican"
    # (a fictional sentence: the small model tags "Senate" an organisation beside this name)
    found = _described(
        "The governor thinks Alabama Republican Senate candidate Roy Moore “will do the right thing and "
        "step aside” if the claims against him are true, an aide said."
    )
    assert not any(actor == "senate" for actor, _ in found), found
    assert any(actor == "roy-moore" and "Senate candidate" in t for actor, t in found), found


def test_a_question_about_the_actor_is_no_predicate_label() -> None:
    # "It is likewise unknown how serious Mr. Trump is about taking the action" gave Trump the
    # label "how serious"
    found = _texts("It is likewise unknown how serious Mayor Ilse Varn is about taking the action.")
    assert not any("serious" in t for t in found), found


def test_another_actors_verb_and_a_hyphenated_title_in_the_words_before_a_name() -> None:
    # "that said President Donald Trump directed attorney Michael Cohen to lie" gave Cohen the
    # label "President Donald Trump directed attorney"; "BuzzFeed Editor-in-Chief Ben Smith" gave
    # Smith "-Chief"
    found = _texts(
        "The team disputed the Ledger’s report Thursday that said Mayor Ilse Varn directed attorney "
        "Tomas Reyl to lie to the council. Responding to the statement, Ledger Editor-in-Chief Mira "
        "Odell said it stands by its reporting."
    )
    assert "attorney" in found and not any("directed" in t for t in found), found
    assert not any(t.startswith("-") for t in found), found


def test_the_subject_a_verb_was_left_without_is_no_apposition() -> None:
    # "In another appeal to Iowa farmers, Joni Ernst, a candidate ..., announced" gave Ernst the
    # label "Iowa farmers" (and "social media" went to Trump the same way): the parser hung the
    # name on the noun before it and left the verb without a subject
    found = _texts(
        "In another appeal to Halden farmers, Ilse Varn, a candidate in the Republican Senate primary "
        "on June 3, announced in an ad that she grew up on a farm. The report's author, Tomas Reyl, "
        "resigned."
    )
    assert "Halden farmers" not in found, found
    # (the parser hangs "on June 3" on "candidate": a date the descriptor's head carries is cut)
    assert {"a candidate in the Republican Senate primary", "The report's author"} <= found, found


def test_when_something_was_said_is_no_part_of_a_label() -> None:
    # "Critics called Velk a liar on Monday" had given Velk the label "a liar on Monday"
    found = _texts("Critics called Governor Dara Velk a liar on Monday.")
    assert "a liar" in found and not any("Monday" in t for t in found), found


def test_a_link_or_a_handle_describes_nobody() -> None:
    # an embedded post's signature in a real article, "https://t.co/... — Donald Trump Jr.
    # (@DonaldJTrumpJr) July 5, 2018", gave him the labels "https://t.co/..." and "@DonaldJTrumpJr"
    found = _texts(
        "Mayor Dara Velk praised the dock workers on Friday.\n\nGreat day at the harbour with the "
        "crews https://t.co/abC123xyz — Dara Velk (@DaraVelk) July 5, 2018\n\nThe workers thanked her, "
        "and Tomas Reyl, the union's leader, spoke."
    )
    assert not any("http" in t or "@" in t for t in found), found
    assert "the union's leader" in found, found


def test_a_slogan_naming_a_thing_is_no_description() -> None:
    # "he was wearing a “Make America Great Again” hat" gave the United States the label "Great Again"
    found = _texts(
        "A teenager who supports President Dara Velk says he was assaulted by a stranger because he "
        "was wearing a “Make America Great Again” hat. The council considered Velk a fearsome enemy."
    )
    assert "Great Again" not in found, found
    assert "a fearsome enemy" in found, found


def test_a_signature_line_or_a_verse_is_no_description() -> None:
    # a real sermon-like column: "– Catherine Booth" signing a quotation took the next paragraph
    # ("The way to gauge those who ...") as her apposition, and "(John 14:6)" was Jesus's label
    found = _texts(
        "It is the church that has compromised, not the world, wrote Catherine Velk.\n"
        "– Catherine Velk\n"
        "The way to judge those who truly fight for the faith is to see who is always in trouble.\n\n"
        "Pastor Tomas Reyl quoted Jesus Christ (John 14:6) and the council's leader, Ada Brisk."
    )
    assert not any("The way" in t or "14:6" in t for t in found), found
    assert "the council's leader" in found, found


def test_a_plural_before_an_adjective_describes_no_one_person() -> None:
    # a real article's "names as defendants former President Barack Obama" gave Obama the
    # modifier "defendants former President"
    found = _texts(
        "The sailor's lawsuit names as defendants former President Dara Velk and others. "
        "Farm workers leader Tomas Reyl spoke on Monday."
    )
    assert "former President" in found and not any("defendants" in t for t in found), found
    assert "Farm workers leader" in found, found


def test_the_subject_of_the_verb_after_an_apposition_is_no_description() -> None:
    # a real article's "Patel chose to travel to Jordan, a statement of facts filed with his plea
    # agreement said" gave Jordan the label "a statement of facts filed with his plea agreement"
    found = _texts(
        "Instead Dara Velk chose to travel to Ostrelia, a statement of facts filed with her plea "
        "agreement said. Tomas Reyl, her lawyer, declined to comment."
    )
    assert not any("statement" in t for t in found), found
    assert "her lawyer" in found, found


def test_own_after_a_possessive_is_emphasis_not_a_description() -> None:
    # a real column's "delivered through his own Commission on sexual abuse" gave the Commission
    # the negative modifier "own"
    found = _texts("Pope Ivo Brask delivered the letter through his own Harbour Commission on Monday.")
    assert "own" not in found, found


def test_a_quotations_inverted_verb_and_a_count_are_no_description() -> None:
    # real columns: '"...," huffed committee member Patrick Leahy (D-Vt.).' gave Leahy the
    # modifier "huffed committee member"; "into the next Congress" gave Congress "next"
    found = _texts(
        "“It is going against everything I have seen,” huffed committee member Tomas Reyl. "
        "Not one Democrat objected, and the Democrats want to drag the vote into the next Congress. "
        "“We will win,” senior adviser Ada Velk said."
    )
    assert "committee member" in found and "senior adviser" in found, found
    assert not any(t.startswith("huffed") for t in found) and not found & {"next", "Not one"}, found


def test_an_acronym_in_capitals_opens_no_relative_clause() -> None:
    # "Peter Salama, WHO deputy director-general for emergency preparedness" was a clause label
    # (the World Health Organization read as "who"), negative from the outbreak around it
    found = _texts(
        "Peter Salama, WHO deputy director-general for emergency preparedness, said the outbreak spread."
    )
    assert not any(t.startswith("WHO") for t in found), found


def test_a_name_quoted_as_words_has_no_apposition() -> None:
    """'uttering the words "Speaker Pelosi"' made "the words" Pelosi's apposition, three times
    over; the noun holds the name as words, it describes no one."""
    found = _described(
        'Velk told the rally to vote if they did not want to be saying the words "Speaker Reyl" '
        "next year. Reyl, the harbour committee chair, laughed."
    )
    assert not {words for _, words in found if "words" in words}, found
    assert ("reyl", "the harbour committee chair") in found, found


def test_which_after_a_group_or_a_deed_describes_neither() -> None:
    """ "go out and vote against Democrats, which everyone should do": "which" is the voting,
    not the Democrats (a group of people is "who"); "which ... do" stands for a deed."""
    found = _texts("Velk urged people to vote against Harbour Democrats, which everyone should do.")
    assert not {t for t in found if t.startswith("which")}, found
    found = _texts("Velk told the Harbour Board to resign, which it did on Friday.")
    assert not {t for t in found if t.startswith("which")}, found
    # an organisation's own "which" clause stays
    found = _texts("Velk founded the Harbour Board, which runs the port of Calder.")
    assert "which runs the port of Calder" in found, found


def test_a_subject_and_its_verb_never_stand_paragraphs_apart() -> None:
    """An embedded post's signature ("— Michael Ahrens (@ahrens) October 22, 2018") runs into
    the next paragraph in the parse, which made its author the subject of "Ellison is a
    totalitarian-minded individual": a description of someone else, under his name."""
    text = (
        "The mayor's record is known to everyone in the port.\n\n"
        "— Tomas Brenn (@tbrenn) October 22, 2031\n\n"
        "Velk is a ruthless schemer, who has been backed by smugglers alike."
    )
    found = _described(text)
    assert not {words for actor, words in found if actor == "tomas-brenn" and "schemer" in words}, found


def test_the_phrase_a_sentence_opens_with_is_no_apposition_of_the_name_after_it() -> None:
    """ "In a new undercover video from Project Veritas, Omar Smith, who is a staffer ..., said":
    the parser hung the name on "Veritas", and the video became a description of Smith.  The
    holder of an office named that way still gets it."""
    found = _described(
        "In a new video from the Harbour Board, Anna Velk, who is a pilot, said the port was unsafe."
    )
    assert not {w for actor, w in found if actor == "anna-velk" and "video" in w}, found
    found = _described("The envoy met with the head of the Harbour Board, Anna Velk, on Friday.")
    assert ("anna-velk", "the head of the Harbour Board") in found, found


def test_a_description_never_runs_past_its_paragraph() -> None:
    """Embedded posts end with their author and date ("— Kelly Biele (@kbiele) November 19,
    2018"); the parse ran the date into the next paragraph, which became her clause ("2018
    Photos posted on WhatsApp ...") or apposition."""
    text = (
        "A group of migrants is gathered on the north side of the harbour fence.\n\n"
        "None have fully climbed over, just sitting on the fence.\n\n"
        "pic.twitter.com/S8nUzjzKyZ — Anna Velk (@velknews) November 14, 2031\n\n"
        "Photos posted on the forum of the Calder port of entry today.\n\n"
        "pic.twitter.com/MzQoN4mbrr — Tomas Brenn (@brenndyer) November 13, 2031\n\n"
        "Troops getting ready to close off three vehicle lanes at the Calder Port Entry."
    )
    found = _described(text)
    assert not {w for _, w in found if "\n" in w}, found


def test_a_pronoun_describes_nobody() -> None:
    """ "This is what he, Müller, himself told the pope" gave Müller the apposition "he"."""
    found = _texts("The bishops disagree. This is what he, Velk, himself told the council on Monday.")
    assert not found & {"he", "He"}, found


def test_a_day_word_opening_the_sentence_is_no_modifier_of_the_name() -> None:
    text = (
        "Senator Bob Carrow chairs the Senate Finance Committee.\n\n"
        "Today Carrow has nothing to restrain him from blocking the deal.\n"
    )
    result = _run(text)
    assert not [r for r in rows(result, {"modifier"}) if r[2] == "Today"]


def test_the_next_lines_sentence_is_no_clause_of_the_name_ending_the_line() -> None:
    text = (
        "He cited two bloggers, Anna Velk and Tomas Reyl, who were banned by Mayor Brisk in 2013 from "
        "entering the U.K.\nI was going to be among a group of campaigners from all over the world.\n"
    )
    result = _run(text)
    assert not [r for r in rows(result, {"clause"}) if r[2].startswith("I was")], rows(result, {"clause"})


def test_a_predicate_never_runs_into_the_next_line() -> None:
    text = (
        "The council met on Monday and closed the bridge.\n\n"
        "Dara Velk is the author of\nHer latest book, published May 9, is a history of the harbour.\n"
    )
    result = _run(text)
    assert not [r for r in rows(result, {"predicate"}) if "\n" in r[2]], rows(result, {"predicate"})


def test_whoever_calls_someone_a_name_is_not_described_by_it() -> None:
    # BASIL articles: "Crowley later called her answer evasive" (parsed without an object) gave
    # Crowley "her answer evasive"; "Velk was called a liar" still describes Velk
    found = _described("Governor Dara Velk spoke. Senator Ivo Brask later called her answer evasive.")
    assert not any(actor == "ivo-brask" and "evasive" in words for actor, words in found), found
    assert ("dara-velk", "a liar") in _described("Governor Dara Velk was called a liar by the senator.")
