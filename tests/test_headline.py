"""The headline is read with the body: its labels and events reach the actor, pointed at the title."""

from __future__ import annotations

import dataclasses

import pytest

from framelens.config import load_settings
from framelens.context import Context
from framelens.headline import parse_form, rejoin, split, with_headline
from framelens.models import Analysis, Article, article_id
from framelens.pipeline import Pipeline
from framelens.stages import default_stages
from framelens.store import Store, StoredArticle

BODY = (
    "Police in Port Alder arrested opposition leader Anna Kestrel on Sunday. "
    "Kestrel, a reform leader, had led the protests for weeks.\n\n"
    "Officials said Kestrel would face charges of organising an unlawful march."
)
TITLE = "Regime Silences Kestrel: Arresting Meridia's Boldest Reform Leader"


def _article(title: str | None, body: str = BODY) -> Article:
    return Article(id=article_id(body), source="kestrel.txt", text=body, title=title, outlet="The Gazette")


@pytest.fixture(scope="module")
def analysed() -> tuple[Analysis, Analysis]:
    """The same article with its headline read and without (settings ``headlines``)."""
    out = []
    for headlines in (True, False):
        settings = load_settings(tone=False, techniques=False, frames=False, headlines=headlines)
        ctx = Context(settings)
        (analysis,) = Pipeline(default_stages(settings)).run([_article(TITLE)], ctx)
        out.append(analysis)
    return out[0], out[1]


def test_parse_form_puts_a_title_case_headline_in_sentence_case_keeping_names() -> None:
    form = parse_form(TITLE, BODY + " The arrest shook Meridia.")
    assert form == "Regime silences Kestrel: arresting Meridia's boldest reform leader"
    assert len(form) == len(TITLE)  # only first letters change: every offset holds


def test_parse_form_leaves_a_sentence_case_headline_alone() -> None:
    title = "Police detain opposition leader Kestrel in Port Alder"
    assert parse_form(title, BODY) == title


def test_no_headline_when_there_is_no_title_or_the_body_repeats_it() -> None:
    assert with_headline(_article(None)) is None
    assert with_headline(_article("   ")) is None
    assert with_headline(_article("Police in Port Alder arrested opposition leader Anna Kestrel")) is None
    headed = with_headline(_article(TITLE))
    assert headed is not None and headed.work.text == TITLE + "\n\n" + BODY


def test_headline_noun_and_event_belong_to_the_person_the_body_names(
    analysed: tuple[Analysis, Analysis],
) -> None:
    with_title, _ = analysed
    title_labels = [lab for lab in with_title.labels if lab.field == "title"]
    kestrel = next(a for a in with_title.actors if a.name == "Anna Kestrel")
    texts = {(lab.kind, lab.span.text_in(TITLE), lab.actor_id) for lab in title_labels}
    assert ("apposition", "Meridia's Boldest Reform Leader", kestrel.id) in texts
    event = next(lab for lab in title_labels if lab.kind == "event" and lab.head == "arrest")
    assert event.span.text_in(TITLE) == "Arresting" and dict(event.arguments)["patient"] == kestrel.id
    assert any(m.field == "title" and m.span.text_in(TITLE) == "Kestrel" for m in kestrel.mentions)


def test_body_findings_are_the_same_with_or_without_the_headline(analysed: tuple[Analysis, Analysis]) -> None:
    with_title, without = analysed
    assert with_title.article == without.article  # the article itself is unchanged
    assert with_title.sentences == without.sentences
    body = [dataclasses.replace(lab, polarity_score=None) for lab in with_title.labels if not lab.field]
    assert body == [dataclasses.replace(lab, polarity_score=None) for lab in without.labels]
    assert [m.span for m in with_title.mentions] == [m.span for m in without.mentions]
    assert with_title.quotes == without.quotes and with_title.quantities == without.quantities


def test_json_and_store_give_headline_words_from_the_title(analysed: tuple[Analysis, Analysis]) -> None:
    with_title, _ = analysed
    data = with_title.to_dict()
    labels = [lab for lab in data["labels"] if lab.get("field") == "title"]
    assert labels and all(TITLE[lab["start"] : lab["end"]] == lab["text"] for lab in labels)
    body = [lab for lab in data["labels"] if not lab.get("field")]
    assert all(BODY[lab["start"] : lab["end"]] == lab["text"] for lab in body)
    with Store(":memory:") as store:
        store.put([StoredArticle(with_title)])
        (back,) = store.analyses([with_title.article.id])
        assert back == with_title
        rows = store.cursor().execute("SELECT text FROM labels WHERE field = 'title'").fetchall()
        assert {r[0] for r in rows} == {lab["text"] for lab in labels}


def _analyse_titled(title: str) -> Analysis:
    settings = load_settings(tone=False, techniques=False, frames=False)
    (analysis,) = Pipeline(default_stages(settings)).run([_article(title)], Context(settings))
    return analysis


@pytest.mark.parametrize(
    ("title", "kind", "words", "role"),
    [
        # a headline's verb parsed as a modifier is cut off the label
        ("Police detain opposition leader Kestrel as thousands march", "modifier", "opposition leader", None),
        # "arrested" without "was": a passive, so she is the patient
        ("Agitator Kestrel arrested after violent riot in capital", "event", "arrested", "patient"),
        # a gerund with "of" names its patient
        ("Killing of reform leader leaves an opening for rivals", "event", "Killing", "patient"),
    ],
)
def test_headline_grammar(title: str, kind: str, words: str, role: str | None) -> None:
    analysis = _analyse_titled(title)
    kestrel = next(a for a in analysis.actors if a.name == "Anna Kestrel")
    found = [
        lab
        for lab in analysis.labels
        if lab.field == "title" and lab.kind == kind and lab.span.text_in(title) == words
    ]
    assert found, [(lab.kind, lab.span.text_in(title)) for lab in analysis.labels if lab.field]
    if role:
        assert dict(found[0].arguments).get(role) == kestrel.id
    else:
        assert found[0].actor_id == kestrel.id


def test_rejoin_gives_back_what_the_stages_saw(analysed: tuple[Analysis, Analysis]) -> None:
    with_title, without = analysed
    joined, headed = rejoin(with_title)
    assert headed is not None and joined.article.text == TITLE + "\n\n" + BODY
    assert all(not lab.field for lab in joined.labels)
    assert all(joined.article.text[m.span.start : m.span.end] for a in joined.actors for m in a.mentions)
    again = split(joined, with_title.article, headed)
    assert again.labels == with_title.labels and again.actors == with_title.actors
    untitled = dataclasses.replace(without, article=dataclasses.replace(without.article, title=None))
    assert rejoin(untitled) == (untitled, None)


def test_parse_form_keeps_a_given_name_after_an_abbreviated_title() -> None:
    """ "Michigan Rep. Rashida Vell": the period of "Rep." ends no sentence, and a word before a
    surname is part of the name unless it is a title ("General Soleimani"); the headline's
    "Rashida" had been lowered, and the parser then made it a label of Vell."""
    body = "House Speaker Nora Orr is not upset over Michigan Rep. Rashida Vell's comment. The general left."
    form = parse_form("Nora Orr Says Rashida Vell's Comment No Worse Than General Dane's", body)
    assert form == "Nora Orr says Rashida Vell's comment no worse than general dane's"
