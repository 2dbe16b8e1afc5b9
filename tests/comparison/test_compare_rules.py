"""The small rules behind claim status and word choice, case by case (no model needed)."""

from __future__ import annotations

import math

import pytest

from framelens.comparison.claims import _stance
from framelens.comparison.figures import (
    ANY_PREDICATE,
    REPORTED,
    Range,
    compatibility,
    count_key,
    figure_range,
)
from framelens.comparison.lexicon import compare_lexicon, inflections
from framelens.comparison.wording import term_family
from framelens.models import Quantity, Span


def _q(value: float | None, low: float | None, high: float | None, approx: str | None = None) -> Quantity:
    return Quantity(Span(0, 1), value, low, high, approx, counted="fighters", predicate="kill")


@pytest.mark.parametrize(
    ("quantity", "written", "expected"),
    [
        (_q(12, 12, 12), "12", (12, 12)),
        (_q(40, 40, None, "at least"), "at least 40", (40, math.inf)),
        (_q(40, 36, 44, "about"), "about 40", (36, 44)),
        (_q(1000, None, 1000, "fewer than"), "fewer than 1,000", (0, 1000)),
        (_q(None, 200, 999, "hundreds of"), "hundreds of", (200, 999)),
        (_q(None, None, None), "", None),
    ],
)
def test_figure_range_applies_approximators(quantity: Quantity, written: str, expected: tuple | None) -> None:
    rng = figure_range(quantity, written, compare_lexicon())
    assert (None if rng is None else (rng.low, rng.high)) == expected


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (Range(12, 12, "12"), Range(40, math.inf, "at least 40"), False),
        (Range(36, 44, "about 40"), Range(40, math.inf, "at least 40"), True),
        (Range(4500, 5000, "nearly 5,000"), Range(5000, 5000, "5,000"), True),
        (Range(0, 1000, "fewer than 1,000", high_open=True), Range(1000, 1000, "1,000"), False),
        (Range(0, 1000, "fewer than 1,000", high_open=True), Range(1200, 1200, "1,200"), False),
    ],
)
def test_ranges_overlap_with_their_open_ends(a: Range, b: Range, overlap: bool) -> None:
    assert a.overlaps(b) is overlap
    assert b.overlaps(a) is overlap


def test_count_key_folds_plural_and_case() -> None:
    q = Quantity(Span(0, 2), 12, 12, 12, counted="Fighters", predicate="kill")
    assert count_key(q, compare_lexicon())[:2] == ("fighter", "kill")  # type: ignore[index]
    assert count_key(Quantity(Span(0, 2), 12, 12, 12), compare_lexicon()) is None


@pytest.mark.parametrize(
    ("counted", "predicate", "key"),
    [
        ("protesters", "gather", ("protester", "attend")),
        ("people", "join", ("people", "attend")),
        ("people", "put", ("people", ANY_PREDICATE)),  # "police put the crowd at 3,000"
        ("demonstrators", None, ("protester", REPORTED)),
        ("soldiers", "station", ("troops", "deploy")),
        ("fighters", "kill", ("fighter", "kill")),  # fighters are not folded into troops
        ("civilians", "die", ("civilian", "kill")),
        ("deaths", "rise", ("people", "kill")),  # the noun names what happened
    ],
)
def test_count_key_folds_words_into_classes(counted: str, predicate: str | None, key: tuple) -> None:
    q = Quantity(Span(0, 2), 5, 5, 5, counted=counted, predicate=predicate)
    assert count_key(q, compare_lexicon())[:2] == key  # type: ignore[index]


def test_compatible_counts_need_a_related_class_and_a_matching_predicate() -> None:
    lex = compare_lexicon()

    def key(counted: str, predicate: str):  # type: ignore[no-untyped-def]
        return count_key(Quantity(Span(0, 1), 5, 5, 5, counted=counted, predicate=predicate), lex)

    crowd, sized, hurt = key("people", "join"), key("people", "put"), key("people", "injure")
    assert compatibility(crowd, sized, lex) == "same"
    assert compatibility(crowd, hurt, lex) is None  # injured people are not the crowd
    assert compatibility(key("protesters", "gather"), crowd, lex) == "part"


@pytest.mark.parametrize(
    ("sentence", "cues", "negated"),
    [
        ("The strike has weakened the KLF's ability to launch attacks.", {"diminish": -1}, False),
        ("The strike will do little to weaken the KLF.", {"diminish": 1}, True),
        ("The assassination will do little to degrade the Quds Forces themselves.", {"diminish": 1}, True),
        ("The raid did not weaken the group.", {"diminish": 1}, True),
        ("The killing has strengthened the hardliners.", {"strengthen": 1}, False),
        ("The dismantling of the network took years.", {}, False),
        ("The KLF has not yet named a successor.", {}, True),
        # a negation the outlet reports is the speaker's: not the outlet's, but it still turns
        # the speaker's own cue ("said it would do little to weaken": the speaker's "little effect")
        ("The KLF has not named a successor, a spokesman said.", {}, False),
        ("She said the raid would do little to weaken the KLF.", {"diminish": 1}, False),
        # a negator reaches the first content word after it: "vote", not "cuts"
        ("If the council doesn't vote on the fee cuts, they lapse.", {"diminish": -1}, True),
    ],
)
def test_stance_is_the_cue_direction_after_negation(sentence: str, cues: dict, negated: bool) -> None:
    assert _stance(sentence, compare_lexicon()) == (cues, negated)


@pytest.mark.parametrize(
    ("lemma", "family"),
    [
        ("assassination", "assassinate"),
        ("assassinate", "assassinate"),
        ("killing", "kill"),
        ("kill", "kill"),
        ("drone strike", "strike"),
        ("take out", "take out"),
        ("death", "death"),
        # irregular nominalisations from the lexicon
        ("detention", "detain"),
        ("detain", "detain"),
        ("invasion", "invade"),
        ("deployment", "deploy"),
    ],
)
def test_event_term_family(lemma: str, family: str) -> None:
    assert term_family(lemma) == family


def test_inflections_cover_regular_forms() -> None:
    assert {"weakens", "weakened", "weakening"} <= inflections("weaken")
    assert {"degraded", "degrading"} <= inflections("degrade")
    assert {"cutting", "dropped"} <= inflections("cut") | inflections("drop")
    assert "set back" in inflections("set back")


def test_article_labels_fall_back_to_the_byline_before_the_file_name() -> None:
    from framelens.comparison.overview import article_labels
    from framelens.models import Article

    articles = [
        Article(id="1", source="in/a.txt", text="x", outlet="Harbor Times", title="Strike"),
        Article(id="2", source="in/b.txt", text="x", title="Floods in Velka"),
        Article(id="3", source="in/000_3fc0.txt", text="x", authors=("Rashad Ali",)),
        Article(id="4", source="in/d.txt", text="x"),
        Article(id="5", source="in/e.txt", text="x", outlet="Harbor Times"),
    ]
    assert list(article_labels(articles).values()) == [
        "Harbor Times",
        "Floods in Velka",
        "by Rashad Ali",
        "d.txt",
        "Harbor Times (2)",
    ]
