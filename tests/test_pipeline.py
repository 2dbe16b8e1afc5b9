from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import framelens
from framelens.config import load_settings
from framelens.context import Context, ModelKind, load_spacy, loaded_models
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
    with pytest.raises(ConfigError, match=r"not installed.*FRAMELENS_SPACY_MODEL"):
        load_spacy("no_such_model_xyz")


def test_the_default_pipeline_is_the_stage_objects_the_stage_modules_declare() -> None:
    """No stage is looked up by a name string: the pipeline holds the modules' own Stage objects."""
    import framelens.stages.quotes
    import framelens.stages.tone
    from framelens.engine import default_pipeline
    from framelens.stages import declared_stages

    declared = declared_stages()
    assert [s.name for s in declared] == [
        "sentences",
        "actors",
        "labels",
        "quotes",
        "quantities",
        "tone",
        "techniques",
        "frames",
    ]
    assert declared[3] is framelens.stages.quotes.quotes and declared[5] is framelens.stages.tone.tone
    pipeline = default_pipeline(load_settings())
    assert len(pipeline.stages) == len(declared)
    assert all(ours is theirs for ours, theirs in zip(pipeline.stages, declared, strict=True))
    rules = default_pipeline(load_settings(tone=False, techniques=False, frames=False))
    assert rules.names == ["sentences", "actors", "labels", "quotes", "quantities"]
    assert rules.models == {ModelKind.spacy}
    # every model a stage can use; the stance model serves the comparison, not a stage
    assert pipeline.models == {
        ModelKind.spacy,
        ModelKind.encoder,
        ModelKind.tone,
        ModelKind.portrayal,
        ModelKind.techniques,
    }


def test_no_module_loads_code_by_a_name_string() -> None:
    root = Path(framelens.__file__).parent
    for path in sorted(root.rglob("*.py")):
        source = path.read_text("utf-8")
        assert "import_module(" not in source and "__import__(" not in source, path


def test_a_stage_declares_only_known_model_kinds() -> None:
    with pytest.raises(ConfigError, match=r"'guess'.*unknown model kind.*'crystal_ball'"):
        stage("guess", "1", models=["crystal_ball"])(mark.func)


def test_a_second_context_reuses_the_loaded_models() -> None:
    from framelens.embed import plain_bert
    from framelens.tone import load_tone_model

    first = Context()
    first.warm_up(set(ModelKind))
    assert {kind for kind, _ in loaded_models()} == set(ModelKind)
    second = Context()
    assert second.nlp is first.nlp and second.encoder is first.encoder
    assert second.tone_model is first.tone_model and second.technique_model is first.technique_model
    assert load_spacy(second.settings.spacy_model) is first.nlp
    assert plain_bert() is first.encoder and load_tone_model() is first.tone_model


def test_a_pipeline_without_spacy_stages_parses_nothing() -> None:
    ctx = Context(load_settings(spacy_model="no_such_model_xyz"))
    out = list(Pipeline([mark]).run([article_from_text("A short article that says enough to keep.")], ctx))
    assert out[0].provenance == (("mark", "7"),)
