"""The quantities stage on hand-written, fictional sentences: exact fields for every phenomenon.

Each case names a sentence, the verbatim text of one expected figure and every
field of the Quantity; offsets are checked against the sentence.  The
normalisation rules tested here are documented in ``framelens.stages.quantities``.
"""

from __future__ import annotations

from typing import Any

import pytest

from framelens.context import Context
from framelens.models import Analysis, Article, Quantity, article_id
from framelens.pipeline import Pipeline
from framelens.stages.quantities import quantities
from framelens.stages.sentences import sentences

FIELDS = ("value", "low", "high", "approx", "counted", "predicate", "attribution", "kind", "place", "time")


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context()


def analyse(text: str, ctx: Context) -> Analysis:
    """Run sentences + quantities on an Article built directly (no cleaner: these are one-liners)."""
    article = Article(id=article_id(text), source="<test>", text=text)
    return next(Pipeline([sentences, quantities]).run([article], ctx))


def by_text(analysis: Analysis, text: str) -> Quantity:
    found = [q for q in analysis.quantities if q.span.text_in(analysis.article.text) == text]
    assert found, (
        f"no quantity {text!r}; got {[q.to_dict(analysis.article.text) for q in analysis.quantities]}"
    )
    return found[0]


CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "Officials said 603 soldiers were killed in Velmora.",
        "603",
        {
            "value": 603.0,
            "low": 603.0,
            "high": 603.0,
            "approx": None,
            "counted": "soldiers",
            "predicate": "kill",
            "attribution": "Officials",
            "kind": "count",
            "place": "in Velmora",
            "time": None,
        },
    ),
    (
        "Human Rights Monitor has reported that more than 500 people have been killed in Doravia.",
        "more than 500",
        {
            "value": 500.0,
            "low": 500.0,
            "high": None,
            "approx": "more than",
            "counted": "people",
            "predicate": "kill",
            "attribution": "Human Rights Monitor",
            "kind": "count",
            "place": "in Doravia",
            "time": None,
        },
    ),
    (
        "According to police, no more than 2,500 protesters joined the march in the past year.",
        "no more than 2,500",
        {
            "value": 2500.0,
            "low": None,
            "high": 2500.0,
            "approx": "no more than",
            "counted": "protesters",
            "predicate": "join",
            "attribution": "police",
            "kind": "count",
            "place": None,
            "time": "in the past year",
        },
    ),
    (
        "According to police, no more than 2,500 protesters joined the march in the past year.",
        "the past year",
        {
            "value": 1.0,
            "low": 1.0,
            "high": 1.0,
            "approx": None,
            "counted": "year",
            "predicate": "join",
            "attribution": "police",
            "kind": "duration",
            "place": None,
            "time": None,
        },
    ),
    (
        "Organisers said more than 40,000 took part.",
        "more than 40,000",
        {
            "value": 40000.0,
            "low": 40000.0,
            "high": None,
            "approx": "more than",
            "counted": None,
            "predicate": "take",
            "attribution": "Organisers",
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "The nearly 5,000 troops stationed in Kestria provide support.",
        "nearly 5,000",
        {
            "value": 5000.0,
            "low": 4500.0,
            "high": 5000.0,
            "approx": "nearly",
            "counted": "troops",
            "predicate": "station",
            "attribution": None,
            "kind": "count",
            "place": "in Kestria",
            "time": None,
        },
    ),
    (
        "Fewer than 1,000 service members remain deployed in Kestria.",
        "Fewer than 1,000",
        {
            "value": 1000.0,
            "low": None,
            "high": 1000.0,
            "approx": "fewer than",
            "counted": "service members",
            "predicate": "remain",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "The war has cost more than half a million lives.",
        "more than half a million",
        {
            "value": 500000.0,
            "low": 500000.0,
            "high": None,
            "approx": "more than",
            "counted": "lives",
            "predicate": "cost",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "Hundreds of fighters were detained in Portavel.",
        "Hundreds of",
        {
            "value": None,
            "low": 200.0,
            "high": 999.0,
            "approx": "hundreds of",
            "counted": "fighters",
            "predicate": "detain",
            "attribution": None,
            "kind": "count",
            "place": "in Portavel",
            "time": None,
        },
    ),
    (
        "Thousands of residents fled the city.",
        "Thousands of",
        {
            "value": None,
            "low": 2000.0,
            "high": 9999.0,
            "approx": "thousands of",
            "counted": "residents",
            "predicate": "flee",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "Dozens were injured.",
        "Dozens",
        {
            "value": None,
            "low": 24.0,
            "high": 99.0,
            "approx": "dozens",
            "counted": None,
            "predicate": "injure",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "Between 10 and 20 people were injured in the blast.",
        "Between 10 and 20",
        {
            "value": None,
            "low": 10.0,
            "high": 20.0,
            "approx": "between",
            "counted": "people",
            "predicate": "injure",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "About 3,000 workers joined the strike.",
        "About 3,000",
        {
            "value": 3000.0,
            "low": 2700.0,
            "high": 3300.0,
            "approx": "about",
            "counted": "workers",
            "predicate": "join",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "Turnout was 40% in the north, 40 percent in the south and 40 per cent in the east.",
        "40%",
        {
            "value": 40.0,
            "low": 40.0,
            "high": 40.0,
            "approx": None,
            "counted": None,
            "predicate": None,
            "attribution": None,
            "kind": "percent",
            "place": None,
            "time": None,
        },
    ),
    (
        "Turnout was 40% in the north, 40 percent in the south and 40 per cent in the east.",
        "40 percent",
        {
            "value": 40.0,
            "low": 40.0,
            "high": 40.0,
            "approx": None,
            "counted": None,
            "predicate": None,
            "attribution": None,
            "kind": "percent",
            "place": None,
            "time": None,
        },
    ),
    (
        "Turnout was 40% in the north, 40 percent in the south and 40 per cent in the east.",
        "40 per cent",
        {
            "value": 40.0,
            "low": 40.0,
            "high": 40.0,
            "approx": None,
            "counted": None,
            "predicate": None,
            "attribution": None,
            "kind": "percent",
            "place": None,
            "time": None,
        },
    ),
    (
        "Two-thirds of voters backed the plan.",
        "Two-thirds",
        {
            "value": 66.666667,
            "low": 66.666667,
            "high": 66.666667,
            "approx": None,
            "counted": "voters",
            "predicate": "back",
            "attribution": None,
            "kind": "percent",
            "place": None,
            "time": None,
        },
    ),
    (
        "The ministry will spend $2.5 billion on roads.",
        "$2.5 billion",
        {
            "value": 2500000000.0,
            "low": 2500000000.0,
            "high": 2500000000.0,
            "approx": None,
            "counted": "USD",
            "predicate": "spend",
            "attribution": None,
            "kind": "money",
            "place": None,
            "time": None,
        },
    ),
    (
        "The club paid €300m for the stadium.",
        "€300m",
        {
            "value": 300000000.0,
            "low": 300000000.0,
            "high": 300000000.0,
            "approx": None,
            "counted": "EUR",
            "predicate": "pay",
            "attribution": None,
            "kind": "money",
            "place": None,
            "time": None,
        },
    ),
    (
        "He donated 2 million dollars to the fund.",
        "2 million dollars",
        {
            "value": 2000000.0,
            "low": 2000000.0,
            "high": 2000000.0,
            "approx": None,
            "counted": "USD",
            "predicate": "donate",
            "attribution": None,
            "kind": "money",
            "place": None,
            "time": None,
        },
    ),
    (
        "The siege lasted a decade.",
        "a decade",
        {
            "value": 1.0,
            "low": 1.0,
            "high": 1.0,
            "approx": None,
            "counted": "decade",
            "predicate": "last",
            "attribution": None,
            "kind": "duration",
            "place": None,
            "time": None,
        },
    ),
    (
        "She served three years in prison.",
        "three years",
        {
            "value": 3.0,
            "low": 3.0,
            "high": 3.0,
            "approx": None,
            "counted": "years",
            "predicate": "serve",
            "attribution": None,
            "kind": "duration",
            "place": None,
            "time": None,
        },
    ),
    (
        "The treaty was signed on January 3, 2020.",
        "January 3, 2020",
        {
            "value": 2020.0,
            "low": None,
            "high": None,
            "approx": None,
            "counted": None,
            "predicate": "sign",
            "attribution": None,
            "kind": "date",
            "place": None,
            "time": None,
        },
    ),
    (
        "The bridge opened in 2012.",
        "2012",
        {
            "value": 2012.0,
            "low": None,
            "high": None,
            "approx": None,
            "counted": None,
            "predicate": "open",
            "attribution": None,
            "kind": "date",
            "place": None,
            "time": None,
        },
    ),
    (
        "Talks resume on Monday.",
        "Monday",
        {
            "value": None,
            "low": None,
            "high": None,
            "approx": None,
            "counted": None,
            "predicate": "resume",
            "attribution": None,
            "kind": "date",
            "place": None,
            "time": None,
        },
    ),
    (
        "Over the last few months, prices rose.",
        "the last few months",
        {
            "value": None,
            "low": 2.0,
            "high": 5.0,
            "approx": "few",
            "counted": "months",
            "predicate": "rise",
            "attribution": None,
            "kind": "duration",
            "place": None,
            "time": None,
        },
    ),
    (
        "Twenty-five detentions were recorded in Velmora.",
        "Twenty-five",
        {
            "value": 25.0,
            "low": 25.0,
            "high": 25.0,
            "approx": None,
            "counted": "detentions",
            "predicate": "record",
            "attribution": None,
            "kind": "count",
            "place": "in Velmora",
            "time": None,
        },
    ),
    (
        "Tens of thousands of people marched.",
        "Tens of thousands of",
        {
            "value": None,
            "low": 20000.0,
            "high": 99999.0,
            "approx": "tens of thousands of",
            "counted": "people",
            "predicate": "march",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "The brigade has 2000 soldiers.",
        "2000",
        {
            "value": 2000.0,
            "low": 2000.0,
            "high": 2000.0,
            "approx": None,
            "counted": "soldiers",
            "predicate": "have",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "Between 10-20 officers were hurt.",
        "Between 10-20",
        {
            "value": None,
            "low": 10.0,
            "high": 20.0,
            "approx": "between",
            "counted": "officers",
            "predicate": "hurt",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "Roughly 300 families were displaced, the agency estimated.",
        "Roughly 300",
        {
            "value": 300.0,
            "low": 270.0,
            "high": 330.0,
            "approx": "roughly",
            "counted": "families",
            "predicate": "displace",
            "attribution": "the agency",
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "1,200 is the number claimed by the government.",
        "1,200",
        {
            "value": 1200.0,
            "low": 1200.0,
            "high": 1200.0,
            "approx": None,
            "counted": None,
            "predicate": None,
            "attribution": "the government",
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "Several thousand refugees crossed the border.",
        "Several thousand",
        {
            "value": None,
            "low": 3000.0,
            "high": 9000.0,
            "approx": "several",
            "counted": "refugees",
            "predicate": "cross",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "The council passed Resolution 2254 yesterday.",
        "2254",
        {
            "value": 2254.0,
            "low": 2254.0,
            "high": 2254.0,
            "approx": None,
            "counted": None,
            "predicate": "pass",
            "attribution": None,
            "kind": "other",
            "place": None,
            "time": "yesterday",
        },
    ),
    (
        "At least 12 rockets were fired at the base last week.",
        "At least 12",
        {
            "value": 12.0,
            "low": 12.0,
            "high": None,
            "approx": "at least",
            "counted": "rockets",
            "predicate": "fire",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": "last week",
        },
    ),
    (
        "At least 12 rockets were fired at the base last week.",
        "last week",
        {
            "value": None,
            "low": None,
            "high": None,
            "approx": None,
            "counted": None,
            "predicate": "fire",
            "attribution": None,
            "kind": "date",
            "place": None,
            "time": None,
        },
    ),
    (
        "Up to 800 prisoners were released.",
        "Up to 800",
        {
            "value": 800.0,
            "low": None,
            "high": 800.0,
            "approx": "up to",
            "counted": "prisoners",
            "predicate": "release",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "The fund lost 2 to 3 million euros.",
        "2 to 3 million euros",
        {
            "value": None,
            "low": 2000000.0,
            "high": 3000000.0,
            "approx": None,
            "counted": "EUR",
            "predicate": "lose",
            "attribution": None,
            "kind": "money",
            "place": None,
            "time": None,
        },
    ),
]


# "N is the number ..." looks back over a dash, colon or semicolon for what N counts
CASES += [
    (
        "Each month brought more volunteers being wounded and killed near the border – "
        "214 is the number claimed by the Velmoran army.",
        "214",
        {
            "value": 214.0,
            "low": 214.0,
            "high": 214.0,
            "approx": None,
            "counted": "volunteers",
            "predicate": "kill",
            "attribution": "the Velmoran army",
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "Families fled the valley after the floods, officials said; 3,000 is the figure.",
        "3,000",
        {
            "value": 3000.0,
            "low": 3000.0,
            "high": 3000.0,
            "approx": None,
            "counted": "families",
            "predicate": "flee",
            "attribution": "officials",
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
    (
        "In the end, 12 is the number of ministers who resigned over the affair.",
        "12",
        {
            "value": 12.0,
            "low": 12.0,
            "high": 12.0,
            "approx": None,
            "counted": "ministers",
            "predicate": "resign",
            "attribution": None,
            "kind": "count",
            "place": None,
            "time": None,
        },
    ),
]


@pytest.mark.parametrize(("sentence", "text", "expected"), CASES, ids=[f"{c[1]}|{c[0][:30]}" for c in CASES])
def test_quantity_fields(sentence: str, text: str, expected: dict[str, Any], ctx: Context) -> None:
    analysis = analyse(sentence, ctx)
    q = by_text(analysis, text)
    assert q.span.start == sentence.index(text)
    assert q.span.end == sentence.index(text) + len(text)
    assert {f: getattr(q, f) for f in FIELDS} == expected


NOT_FIGURES = [
    "First, the council met.",
    "The 2nd Infantry marched.",
    "She is one of the founders.",
    "Call 555-0142 for details.",
    "Call +44 20 7946 0958 now.",
    "The F-35 flew over the hills.",
    "He was a leader, but not one whose role was clear.",
    "A 5-year-old boy was found.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_quantities(sentence: str, ctx: Context) -> None:
    """Ordinals, list markers, the pronoun "one", phone numbers and names with digits are no figures."""
    assert analyse(sentence, ctx).quantities == ()


def test_list_marker_and_ordinal_words(ctx: Context) -> None:
    text = "The plan has parts.\n1. Second, the 3rd Brigade will move.\n2) Third, it ends."
    assert analyse(text, ctx).quantities == ()


def test_every_figure_in_order_with_provenance(ctx: Context) -> None:
    text = (
        "Officials said 603 soldiers were killed in Velmora last week. "
        "The ministry will spend $2.5 billion on roads over three years."
    )
    analysis = analyse(text, ctx)
    found = [(q.span.text_in(text), q.kind) for q in analysis.quantities]
    assert found == [
        ("603", "count"),
        ("last week", "date"),
        ("$2.5 billion", "money"),
        ("three years", "duration"),
    ]
    assert ("quantities", "2") in analysis.provenance
    starts = [q.span.start for q in analysis.quantities]
    assert starts == sorted(starts)


def test_to_dict_carries_the_verbatim_text(ctx: Context) -> None:
    text = "Nearly 5,000 troops are stationed in Kestria."
    analysis = analyse(text, ctx)
    data = analysis.to_dict()["quantities"][0]
    assert data["text"] == "Nearly 5,000"
    assert (data["low"], data["high"], data["approx"]) == (4500.0, 5000.0, "nearly")


def test_stage_declares_its_contract() -> None:
    assert quantities.name == "quantities"
    assert quantities.requires == frozenset({"article", "sentences"})
    assert quantities.produces == frozenset({"quantities"})
