"""Regression on the reference seed articles (../shared, skipped when absent).

Pins the figures each seed must yield with their counted noun, verb and source;
the texts themselves stay outside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import framelens
from framelens.context import Context
from framelens.models import Analysis, Article, Quantity
from framelens.pipeline import Pipeline
from framelens.stages.quantities import quantities
from framelens.stages.sentences import sentences


def analyse(seeds: Path, prefix: str) -> Analysis:
    paths = sorted(seeds.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"no seed {prefix}_*.txt in {seeds}")
    articles = [a for a in framelens.read([str(paths[0])]) if isinstance(a, Article)]
    assert articles, f"{paths[0]} gave no article"
    return next(Pipeline([sentences, quantities]).run(articles, Context()))


def figure(analysis: Analysis, text: str) -> Quantity:
    for q in analysis.quantities:
        if q.span.text_in(analysis.article.text) == text:
            return q
    found = [q.span.text_in(analysis.article.text) for q in analysis.quantities]
    raise AssertionError(f"{text!r} not found; quantities: {found}")


def test_op_ed_figures(seeds: Path) -> None:
    analysis = analyse(seeds, "000")
    q603 = figure(analysis, "603")
    assert q603.value == 603 and q603.kind == "count"
    assert q603.attribution is not None and "US" in q603.attribution
    # "... American soldiers being attacked and killed ... – 603 is the number claimed by the US"
    assert (q603.counted, q603.predicate) == ("soldiers", "kill")

    q500 = figure(analysis, "more than 500")
    assert (q500.value, q500.low, q500.high, q500.approx) == (500, 500, None, "more than")
    assert (q500.counted, q500.predicate, q500.attribution) == ("people", "kill", "Human Rights Watch")

    lives = figure(analysis, "more than half a million")
    assert (lives.value, lives.low, lives.counted) == (500_000, 500_000, "lives")

    assert figure(analysis, "the last decade").kind == "duration"
    assert "First" not in [q.span.text_in(analysis.article.text) for q in analysis.quantities]


def test_news_report_figures(seeds: Path) -> None:
    analysis = analyse(seeds, "002")
    troops = figure(analysis, "nearly 5,000")
    assert (troops.value, troops.high, troops.approx) == (5000, 5000, "nearly")
    assert (troops.counted, troops.predicate, troops.place) == ("troops", "station", "in Iraq")

    members = figure(analysis, "fewer than 1,000")
    assert (members.value, members.low, members.high) == (1000, None, 1000)
    assert members.counted in ("service members", "members")

    fighters = figure(analysis, "more than 25")
    assert (fighters.counted, fighters.predicate) == ("fighters", "kill")
    assert figure(analysis, "hundreds of").low == 200
    assert {figure(analysis, "2003").kind, figure(analysis, "2014").kind} == {"date"}
