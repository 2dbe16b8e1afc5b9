"""HTML pages with an embedded image over libxml2's 10 MB limit (issue #15)."""

from __future__ import annotations

from framelens.readers.draft import Draft
from framelens.readers.html import draft_from_html

BEFORE = "The minister spoke at length about the plan for the city and its budget. " * 5
AFTER = "Critics said the plan would fail within a year and cost far too much. " * 5


def _page(attribute: str) -> str:
    return (
        "<html><head><title>Plan</title></head><body><article><h1>Plan</h1>"
        f"<p>{BEFORE}</p><p><img alt='chart' src={attribute}></p><p>{AFTER}</p></article></body></html>"
    )


def test_text_after_a_ten_megabyte_data_uri_is_kept() -> None:
    draft = draft_from_html(_page('"data:image/png;base64,' + "QUJD" * 2_700_000 + '"'), "big.html")
    assert isinstance(draft, Draft), draft
    assert "Critics said the plan" in draft.text and "The minister spoke" in draft.text
    assert [r.reason for r in draft.removed].count("huge-attribute") == 1


def test_single_quoted_huge_attribute_is_emptied_too() -> None:
    draft = draft_from_html(_page("'data:image/png;base64," + "QUJD" * 2_700_000 + "'"), "big.html")
    assert isinstance(draft, Draft), draft
    assert "Critics said the plan" in draft.text
