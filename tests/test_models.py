from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from handmade_analysis import handmade_analysis

from framelens.models import Article, Link, Removed, Span, article_id

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
