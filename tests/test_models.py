from __future__ import annotations

import json
from dataclasses import field, make_dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from handmade_analysis import handmade_analysis

from framelens.comparison.records import Comparison
from framelens.flatten import columns, flat, schema_problems
from framelens.models import Analysis, Article, Link, Quantity, Removed, Span, article_id

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_article_id_ignores_case_and_whitespace() -> None:
    assert article_id("The  strike\nkilled him.") == article_id("the strike killed him.")
    assert article_id("a") != article_id("b")
    assert len(article_id("x")) == 16


def test_span_rejects_inverted_range() -> None:
    with pytest.raises(ValueError):
        Span(5, 2)


def test_article_round_trip() -> None:
    article = Article(
        id="abc",
        source="x.txt",
        text="One.\n\nTwo.",
        title="T",
        authors=("A B",),
        paragraphs=(Span(0, 4), Span(6, 10)),
        removed=(Removed("Share this", "share-prompt", "imperative"),),
        links=(Link("here", "http://example.org"),),
    )
    assert Article.from_dict(article.to_dict()) == article
    assert article.paragraph_texts == ["One.", "Two."]


# --- one record, spelled once: the JSON form and the schemas follow from the fields -------


def _schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("framelens.schemas").joinpath(f"{name}.schema.json").read_text("utf-8"))


def test_analysis_json_is_pinned_byte_for_byte() -> None:
    expected = (FIXTURES / "records" / "handmade-analysis.json").read_text("utf-8")
    document = handmade_analysis().to_dict()
    assert json.dumps(document, indent=2, ensure_ascii=False) + "\n" == expected
    jsonschema.validate(document, _schema("analysis"))


@pytest.mark.parametrize(("record", "schema"), [(Analysis, "analysis"), (Comparison, "comparison")])
def test_every_record_field_is_in_its_json_schema(record: type, schema: str) -> None:
    assert schema_problems(record, _schema(schema)) == []


def test_a_field_the_schema_lacks_is_found() -> None:
    wider = make_dataclass(
        "WiderQuantity", [("unit", str | None, None)], bases=(Quantity,), frozen=True, slots=True
    )
    analysis = make_dataclass(
        "WiderAnalysis",
        [("quantities", tuple[wider, ...], field(default=(), metadata=flat(table="quantities")))],  # type: ignore[valid-type]
        bases=(Analysis,),
        frozen=True,
        slots=True,
    )
    assert schema_problems(analysis, _schema("analysis")) == [
        "WiderAnalysis.quantities[]: WiderQuantity.unit gives 'unit', which the schema lacks"
    ]
    assert ("unit", "VARCHAR") in columns(wider)[1]
