"""The small rules behind claim status and word choice, case by case (no model needed)."""

from __future__ import annotations

import math

import pytest

from framelens.comparison.claims import (
    ANY_PREDICATE,
    _Claim,
    _disjoint,
    _stance,
    compatible_counts,
    count_key,
    value_range,
)
from framelens.comparison.lexicon import compare_lexicon, inflections
from framelens.comparison.records import ClaimMember
from framelens.comparison.wording import term_family
from framelens.models import Quantity, Span


def _q(value: float | None, low: float | None, high: float | None, approx: str | None = None) -> Quantity:
    return Quantity(Span(0, 1), value, low, high, approx, counted="fighters", predicate="kill")


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (_q(12, 12, 12), (12, 12)),
        (_q(40, 40, None, "at least"), (40, math.inf)),
        (_q(40, 36, 44, "about"), (36, 44)),
        (_q(1000, None, 1000, "fewer than"), (0, 1000)),
        (_q(None, 200, 999, "hundreds of"), (200, 999)),
        (_q(None, None, None), None),
    ],
)
def test_value_range_applies_approximators(quantity: Quantity, expected: tuple | None) -> None:
    assert value_range(quantity) == expected


@pytest.mark.parametrize(
    ("a", "b", "disjoint"),
    [
        ([(12, 12)], [(40, math.inf)], True),  # 12 vs "at least 40"
        ([(36, 44)], [(40, math.inf)], False),  # "about 40" vs "at least 40"
        ([(4500, 5000)], [(5000, 5000)], False),  # "nearly 5,000" vs "5,000"
        ([(0, 1000)], [(1200, 1200)], True),  # "fewer than 1,000" vs 1,200
    ],
)
def test_ranges_disagree_only_when_they_do_not_overlap(a: list, b: list, disjoint: bool) -> None:
    assert _disjoint(a, b) is disjoint


def test_count_key_folds_plural_and_case() -> None:
    q = Quantity(Span(0, 2), 12, 12, 12, counted="Fighters", predicate="kill")
    assert count_key(q) == ("fighter", "kill")
    assert count_key(Quantity(Span(0, 2), 12, 12, 12)) is None


@pytest.mark.parametrize(
    ("counted", "predicate", "key"),
    [
        ("protesters", "gather", ("people", "attend")),
        ("people", "join", ("people", "attend")),
        ("people", "put", ("people", ANY_PREDICATE)),  # "police put the crowd at 3,000"
        ("demonstrators", None, ("people", ANY_PREDICATE)),
        ("soldiers", "station", ("troops", "deploy")),
        ("fighters", "kill", ("fighter", "kill")),  # fighters are not folded into troops
        ("civilians", "die", ("people", "kill")),
    ],
)
def test_count_key_folds_words_into_classes(counted: str, predicate: str | None, key: tuple) -> None:
    assert count_key(Quantity(Span(0, 2), 5, 5, 5, counted=counted, predicate=predicate)) == key


def _claim(*quantities: Quantity) -> _Claim:
    member = ClaimMember(article_id="a", span=Span(0, 1), text="x", reasons=("quantity",))
    claim = _Claim(member, "x")
    for q in quantities:
        key, rng = count_key(q), value_range(q)
        assert key is not None and rng is not None
        claim.counts.setdefault(key, []).append(rng)
    return claim


def test_compatible_counts_need_the_same_class_and_a_matching_predicate() -> None:
    crowd = _claim(Quantity(Span(0, 1), 2500, None, 2500, "no more than", "people", "join"))
    sized = _claim(Quantity(Span(0, 1), 3000, 2700, 3300, "about", "people", "put"))
    hurt = _claim(Quantity(Span(0, 1), 12, 12, None, "at least", "people", "injure"))
    assert compatible_counts(crowd, sized) == [(("people", "attend"), ("people", ANY_PREDICATE))]
    assert compatible_counts(crowd, hurt) == []  # injured people are not the crowd


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
