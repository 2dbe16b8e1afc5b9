from __future__ import annotations

import pytest

from framelens.models import Article, Link, Removed, Span, article_id


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
