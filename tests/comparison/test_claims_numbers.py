"""Figures and dates across articles: precision, approximator ranges, counted-thing compatibility
and weekdays (framelens/comparison/figures.py), case by case and then through ``compare``.

The rule cases need no model.  The end-to-end cases compare tests/fixtures/claims/, two
fictional reports of one story in which each rule has one pair of sentences to find.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from framelens.comparison import ClaimGroup, Comparison, compare
from framelens.comparison.figures import (
    ANY_PREDICATE,
    REPORTED,
    CountKey,
    Range,
    Setting,
    compatibility,
    count_key,
    date_value,
    dated,
    figure_range,
    precision,
    relate_dates,
    relate_figures,
)
from framelens.comparison.lexicon import compare_lexicon
from framelens.models import Quantity, Span

LEX = compare_lexicon()


def _figure(
    written: str,
    value: float | None,
    low: float | None,
    high: float | None,
    approx: str | None = None,
    counted: str | None = "people",
    predicate: str | None = "kill",
    kind: str = "count",
) -> tuple[CountKey, Range]:
    """A figure as the quantities stage gives it, keyed and ranged as the comparison reads it."""
    q = Quantity(Span(0, len(written)), value, low, high, approx, counted, predicate, kind=kind)
    key, rng = count_key(q, LEX), figure_range(q, written, LEX)
    assert key is not None and rng is not None
    return key, rng


def _relation(a: tuple[CountKey, Range], b: tuple[CountKey, Range]) -> tuple[str, str] | None:
    verdict = relate_figures([a], [b], LEX)
    return None if verdict is None else (verdict.relation, verdict.reason)


# --- precision --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [
        ("$13.6 million", 13_600_000, 100_000),
        ("$13,625,777", 13_625_777, 1),
        ("47", 47, 1),
        ("600", 600, 1),  # a whole number below 1,000 is itself
        ("40,000", 40_000, 10_000),
        ("two million", 2_000_000, 1_000_000),
        ("2.5%", 2.5, 0.1),
    ],
)
def test_precision_is_the_unit_a_figure_is_written_to(written: str, value: float, unit: float) -> None:
    assert precision(written, value) == pytest.approx(unit)


def test_a_rounded_figure_covers_the_exact_one() -> None:
    rounded = _figure(
        "$13.6 million", 13_600_000, 13_600_000, 13_600_000, counted="USD", predicate="pay", kind="money"
    )
    exact = _figure(
        "$13,625,777", 13_625_777, 13_625_777, 13_625_777, counted="USD", predicate="pay", kind="money"
    )
    assert _relation(rounded, exact) == (
        "agree",
        "“$13,625,777” lies within “$13.6 million” (13,550,000–13,650,000)",
    )
    # rounded at its own precision 13.7 million is not 13.6 million, not even at the shared end
    other = _figure(
        "$13.7 million", 13_700_000, 13_700_000, 13_700_000, counted="USD", predicate="pay", kind="money"
    )
    assert _relation(rounded, other) == (
        "numeric_disagreement",
        "“$13.6 million” (13,550,000–13,650,000) and “$13.7 million” (13,650,000–13,750,000) do not overlap",
    )


# --- approximator ranges ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vague", "exact", "relation"),
    [
        (("hundreds of", None, 200, 999, "hundreds of"), ("603", 603, 603, 603), "agree"),
        (("thousands of", None, 2000, 9999, "thousands of"), ("603", 603, 603, 603), "numeric_disagreement"),
        (
            ("dozens of", None, 24, 99, "dozens of"),
            ("More than 200", 200, 200, None, "more than"),
            "numeric_disagreement",
        ),
        (("more than 500", 500, 500, None, "more than"), ("500", 500, 500, 500), "numeric_disagreement"),
        (("more than 500", 500, 500, None, "more than"), ("501", 501, 501, 501), "agree"),
        (("at least 500", 500, 500, None, "at least"), ("500", 500, 500, 500), "agree"),
        (("nearly 600", 600, 540, 600, "nearly"), ("560", 560, 560, 560), "agree"),
        (("nearly 600", 600, 540, 600, "nearly"), ("620", 620, 620, 620), "numeric_disagreement"),
        (("about 600", 600, 540, 660, "about"), ("603", 603, 603, 603), "agree"),
        (("some 16", 16, 14.4, 17.6, "some"), ("15", 15, 15, 15), "numeric_disagreement"),
        (
            ("about 3,000", 3000, 2700, 3300, "about"),
            ("no more than 2,500", 2500, None, 2500, "no more than"),
            "numeric_disagreement",
        ),
    ],
)
def test_a_value_inside_the_other_range_agrees_and_outside_disagrees(
    vague: tuple, exact: tuple, relation: str
) -> None:
    got = _relation(_figure(*vague), _figure(*exact))
    assert got is not None and got[0] == relation


def test_the_reason_names_the_range() -> None:
    hundreds = _figure("hundreds of", None, 200, 999, "hundreds of")
    exact = _figure("603", 603, 603, 603)
    assert _relation(hundreds, exact) == ("agree", "“603” lies within “hundreds of” (200–999)")
    more = _figure("more than 500", 500, 500, None, "more than")
    assert more[1].label() == "“more than 500” (over 500)"
    assert more[1].low_open and math.isinf(more[1].high)


def test_one_sided_ranges_far_apart_are_two_figures_not_one() -> None:
    """ "More than 25" and "more than 500" overlap, yet say nothing in common."""
    assert (
        _relation(
            _figure("more than 25", 25, 25, None, "more than"),
            _figure("more than 500", 500, 500, None, "more than"),
        )
        is None
    )


# --- what a figure counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "how"),
    [
        (("soldiers", "kill"), ("people", "die"), "part"),
        (("troops", "deploy"), ("forces", "send"), "part"),  # troops are forces
        (("people", "kill"), ("civilians", "kill"), "whole"),
        (("service members", "deploy"), ("soldiers", "station"), "same"),
        (("soldiers", "kill"), ("civilians", "kill"), None),  # neither is a part of the other
        (("soldiers", "kill"), ("soldiers", "injure"), None),  # killed is not wounded
        (("protesters", "put"), ("people", "march"), "part"),  # a sizing verb matches any
    ],
)
def test_counted_things_are_compatible_through_the_lexicon(a: tuple, b: tuple, how: str | None) -> None:
    key_a = count_key(Quantity(Span(0, 1), 5, 5, 5, counted=a[0], predicate=a[1]), LEX)
    key_b = count_key(Quantity(Span(0, 1), 5, 5, 5, counted=b[0], predicate=b[1]), LEX)
    assert key_a is not None and key_b is not None
    assert compatibility(key_a, key_b, LEX) == how


def test_whose_people_a_figure_counts_comes_from_the_sentence() -> None:
    sentence = "American soldiers were killed by the militias – 603 is the number claimed by the US."
    q = Quantity(Span(0, 3), 603, 603, 603, counted="soldiers", predicate="kill")
    key = count_key(q, LEX, sentence.index("603"), Setting(sentence))
    assert key == CountKey("troops", "kill", "United States")
    americans = Quantity(Span(0, 3), None, 200, 999, "hundreds of", counted="Americans", predicate="kill")
    text = "The militias are blamed for killing hundreds of Americans."
    whole = count_key(americans, LEX, text.index("hundreds"), Setting(text))
    assert whole == CountKey("people", "kill", "United States")
    assert compatibility(key, whole, LEX) == "part"
    # soldiers of another country are not counted among Americans
    iraqi = "Iraqi soldiers were killed."
    other = count_key(q, LEX, 0, Setting(iraqi))
    assert other is not None and compatibility(other, whole, LEX) is None


def test_a_part_agrees_within_its_whole_and_disagrees_only_above_it() -> None:
    americans = _figure("hundreds of", None, 200, 999, "hundreds of", counted="Americans")
    assert americans[0] == CountKey("people", "kill", "United States")
    soldiers = _figure("603", 603, 603, 603, counted="soldiers")
    soldiers = (soldiers[0]._replace(nation="United States"), soldiers[1])
    assert _relation(soldiers, americans) == (
        "agree",
        "“603” lies within “hundreds of” (200–999); soldiers are counted among Americans",
    )
    civilians = _figure("At least 30", 30, 30, None, "at least", counted="civilians")
    people = _figure("45", 45, 45, 45, counted="people")
    assert _relation(civilians, people) is None  # 30 civilians of 45 people: another figure
    many = _figure("1,200", 1200, 1200, 1200, counted="civilians")
    assert _relation(many, _figure("hundreds of", None, 200, 999, "hundreds of"))[0] == "numeric_disagreement"  # type: ignore[index]


def test_a_counted_noun_that_names_the_event_counts_people() -> None:
    arrests = Quantity(Span(0, 2), 47, 47, 47, counted="arrests", predicate="make")
    assert count_key(arrests, LEX) == CountKey("people", "detain")


def test_a_bare_figure_agrees_with_the_same_figure_and_its_noun_and_never_disagrees() -> None:
    with_noun = _figure("47", 47, 47, 47, counted="arrests", predicate="make")
    bare = _figure("47", 47, 47, 47, counted=None, predicate="arrest")
    assert with_noun[0] == CountKey("people", "detain")
    assert bare[0] == CountKey(None, "detain")
    assert _relation(with_noun, bare) == ("agree", "“47” matches “47”")
    assert _relation(_figure("52", 52, 52, 52, counted="arrests", predicate="make"), bare) is None


# --- what must not disagree -------------------------------------------------------------------


def test_figures_only_reported_never_disagree() -> None:
    """ "There are two more debates" (be) sizes nothing that happened."""
    two = _figure("two", 2, 2, 2, counted="debates", predicate="be")
    three = _figure("three", 3, 3, 3, counted="debates", predicate="approach")
    assert two[0].predicate == REPORTED
    assert _relation(two, three) is None
    sized = _figure("3,000", 3000, 3000, 3000, counted="people", predicate="put")
    assert sized[0].predicate == ANY_PREDICATE
    assert _relation(sized, _figure("40,000", 40000, 40000, 40000, counted="protesters", predicate="gather"))


def test_amounts_of_money_need_a_shared_predicate_and_figures_far_apart_are_two_amounts() -> None:
    said = _figure("$5 billion", 5e9, 5e9, 5e9, counted="USD", predicate="say", kind="money")
    asked = _figure("$1.3 billion", 1.3e9, 1.3e9, 1.3e9, counted="USD", predicate="devote", kind="money")
    assert _relation(said, asked) is None
    moved = _figure("$8 billion", 8e9, 8e9, 8e9, counted="USD", predicate="move", kind="money")
    part = _figure(
        "about $200 million", 2e8, 1.8e8, 2.2e8, "about", counted="USD", predicate="move", kind="money"
    )
    assert _relation(moved, part) is None  # 40 times apart: two amounts, not two accounts of one


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("Saturday", ("saturday", None, None, None)),
        ("on Tuesday", ("tuesday", None, None, None)),
        ("January 3, 2020", (None, 1, 3, 2020)),
        ("3 Sept.", (None, 9, 3, None)),
        ("last week", None),
        ("2019", None),
    ],
)
def test_date_values(written: str, day: tuple | None) -> None:
    value = date_value(written, LEX)
    assert (value[:4] if value else None) == day


def _dates(*items: tuple[str, str | None]) -> dict:
    return dated(
        [
            (Quantity(Span(0, 1), None, None, None, predicate=predicate, kind="date"), written)
            for written, predicate in items
        ],
        LEX,
    )


def test_the_same_event_on_different_weekdays_is_a_date_disagreement() -> None:
    verdict = relate_dates(_dates(("Saturday", "publish")), _dates(("Sunday", "publish")))
    assert verdict is not None
    assert (verdict.relation, verdict.reason) == ("date_disagreement", "“Saturday” vs “Sunday” (publish)")
    same = relate_dates(_dates(("Tuesday", "vote")), _dates(("Tuesday", "vote")))
    assert same is not None and same.relation == "agree"


def test_dates_that_must_not_disagree() -> None:
    # a saying is dated by when it was said: a speaker speaks on many days
    assert relate_dates(_dates(("Monday", "say")), _dates(("Tuesday", "say"))) is None
    # different predicates are different events
    assert relate_dates(_dates(("Monday", "vote")), _dates(("Tuesday", "sign"))) is None
    # a weekday and a day of a month cannot be compared
    assert relate_dates(_dates(("Monday", "vote")), _dates(("June 3", "vote"))) is None
    # the other's day is named in the sentence, on another verb: the parse, not the outlet, differs
    both = _dates(("Friday", "issue"), ("Thursday", "dispute"))
    assert relate_dates(both, _dates(("Friday", "dispute"))) is None
    # ... and so it is when the parse read the other's day as no date at all
    sentence = "In a statement issued Friday night, the team disputed the report Thursday."
    missed = dated(
        [(Quantity(Span(0, 1), None, None, None, predicate="dispute", kind="date"), "Thursday")],
        LEX,
        sentence,
    )
    assert relate_dates(missed, _dates(("Friday", "dispute"))) is None


# --- through compare --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def claims() -> Comparison:
    return compare([str(Path(__file__).resolve().parent.parent / "fixtures" / "claims")])


def _group_of(comparison: Comparison, fragment: str) -> ClaimGroup:
    (group,) = [g for g in comparison.claims if any(fragment in m.text for m in g.members)]
    return group


def test_compare_a_count_within_a_vague_count_of_its_whole_agrees(claims: Comparison) -> None:
    group = _group_of(claims, "412 is the number")
    assert group.status == "agree"
    assert any("hundreds of Ostrelians" in m.text for m in group.members)
    assert group.reason == "“412” lies within “hundreds of” (200–999); soldiers are counted among Ostrelians"
    assert group.reason in group.statement


def test_compare_a_rounded_amount_agrees_with_the_exact_one(claims: Comparison) -> None:
    group = _group_of(claims, "$13.6 million")
    assert group.status == "agree"
    assert any("$13,625,777" in m.text for m in group.members)


def test_compare_a_bare_number_agrees_with_the_number_and_its_noun(claims: Comparison) -> None:
    group = _group_of(claims, "47 arrests")
    assert group.status == "agree"
    assert any("arrested 47" in m.text for m in group.members)


def test_compare_about_agrees_and_some_disagrees_at_its_precision(claims: Comparison) -> None:
    assert _group_of(claims, "About 600 families").status == "agree"
    bills = _group_of(claims, "15 bills")
    assert bills.status == "numeric_disagreement"
    assert bills.reason == "“15” lies outside “some 16” (15.5–16.5)"
    marched = _group_of(claims, "more than 5,000 people")
    assert marched.status == "numeric_disagreement"


def test_compare_a_weekday_disagreement(claims: Comparison) -> None:
    group = _group_of(claims, "visited the front at Tarn on Saturday")
    assert group.status == "date_disagreement"
    assert group.reason == "“Saturday” vs “Sunday” (visit)"
    assert group.statement.startswith("Candidate date disagreement")
    assert claims.findings_of("date_disagreement")


def test_compare_negative_cases_neither_disagree(claims: Comparison) -> None:
    """A part below its whole, things neither part of the other, and sayings on other days."""
    for fragment in ("30 civilians were killed", "Twelve soldiers were wounded", "said on Monday"):
        group = _group_of(claims, fragment)
        assert group.status not in {"numeric_disagreement", "date_disagreement"}, fragment
        assert group.reason is None, fragment
