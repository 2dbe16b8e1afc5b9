from __future__ import annotations

import dataclasses

import pytest

from framelens.context import Context
from framelens.errors import ConfigError
from framelens.models import Analysis, Span
from framelens.pipeline import Pipeline, stage
from framelens.readers import article_from_text


@stage("mark", "7", requires=["article"], produces=["marks"])
def mark(analysis: Analysis, ctx: Context) -> Analysis:
    return dataclasses.replace(analysis, sentences=(Span(0, 3),))


@stage("needs-actors", "1", requires=["actors"], produces=["x"])
def needs_actors(analysis: Analysis, ctx: Context) -> Analysis:
    return analysis


def test_pipeline_rejects_a_stage_whose_requirements_come_later() -> None:
    with pytest.raises(ConfigError, match=r"needs-actors.*actors"):
        Pipeline([needs_actors, mark])


def test_pipeline_records_provenance_and_keeps_order() -> None:
    articles = [
        article_from_text(f"Article number {i} says something long enough to keep.") for i in range(3)
    ]
    out = list(Pipeline([mark]).run(articles, Context()))
    assert [a.article.id for a in out] == [a.id for a in articles]
    assert all(a.provenance == (("mark", "7"),) for a in out)
    assert out[0].sentences == (Span(0, 3),)


def test_sentences_stage_gives_offsets_into_text() -> None:
    from framelens.stages.sentences import sentences

    article = article_from_text(
        "The strike came at night. Officials said little.\n\nA second paragraph follows here."
    )
    result = next(Pipeline([sentences]).run([article], Context()))
    assert [s.text_in(article.text) for s in result.sentences] == [
        "The strike came at night.",
        "Officials said little.",
        "A second paragraph follows here.",
    ]


def test_missing_spacy_model_is_a_clear_error() -> None:
    from framelens.context import load_spacy

    with pytest.raises(ConfigError, match=r"not installed.*FRAMELENS_SPACY_MODEL"):
        load_spacy("no_such_model_xyz")
