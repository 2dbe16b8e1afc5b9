"""Each article's technique rate with its percentile among a reference, in the JSON, the
Markdown and the HTML; no reference (missing, malformed, or an older report) is no percentile."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from pathlib import Path
from typing import Any

import handmade_report
import jsonschema
import pytest
from lxml import html as lxml_html

import framelens.report.build as build
from framelens.report import render_html
from framelens.report.build import build_report
from framelens.report.display import percentile_text
from framelens.report.markdown import render_markdown
from framelens.techniques.reference import Reference, load_reference, read_reference

#: article A's rate is 16.67 and B's 2.5 (tests/report/handmade_report.py)
REFERENCE = Reference(
    name="test articles",
    description="made up for a test",
    rates=(2.5, 10.0, 16.67, 20.0, 30.0),
    per_technique={},
    model="abc",
    computed_with="by hand",
)
KEY = "percentile among the 5 test articles (made up for a test), same detector; candidates, not verdicts"


def _schema() -> dict[str, Any]:
    return json.loads(
        resources.files("framelens").joinpath("schemas/comparison.schema.json").read_text("utf-8")
    )


def _report(reference: Any = REFERENCE) -> dict[str, Any]:
    report = json.loads(json.dumps(build_report(handmade_report.comparison(), reference=reference)))
    jsonschema.validate(report, _schema())
    return report


def _markdown_section(report: dict[str, Any]) -> str:
    return render_markdown(report).split("## Persuasion techniques", 1)[1].split("\n## ", 1)[0]


def _techniques_section(report: dict[str, Any]) -> Any:
    return lxml_html.fromstring(render_html(report)).get_element_by_id("techniques")


def test_the_report_gives_each_article_the_percentile_of_its_total_rate() -> None:
    report = _report()
    a, b = report["techniques"]
    # A: 16.67 is above 2 of 5 rates and ties 1: (2 + 1/2) / 5 = 50; B: 2.5 ties the lowest: 10
    assert (a["per_1000_words"], a["percentile"]) == (16.67, 50.0)
    assert (b["per_1000_words"], b["percentile"]) == (2.5, 10.0)
    assert report["technique_reference"] == {
        "name": "test articles",
        "description": "made up for a test",
        "articles": 5,
        "model": "abc",
        "same_model": True,
        "computed_with": "by hand",
        "note": "percentile among the 5 test articles (made up for a test), same detector",
    }


def test_markdown_shows_the_percentile_beside_the_total_and_its_key() -> None:
    section = _markdown_section(_report())
    assert "| all techniques | 16.7 (5) · 50th pct | 2.5 (1) · 10th pct |" in section
    assert f"_pct: {KEY}_" in section
    assert "| Loaded_Language | 10.0 (3) | 2.5 (1) |" in section, "per-technique cells unchanged"


def test_html_shows_the_percentile_beside_the_total_and_its_key() -> None:
    section = _techniques_section(_report())
    pcts = [" ".join(p.text_content().split()) for p in section.find_class("pct")]
    assert pcts == ["· 50th pct", "· 10th pct"]
    total = next(row for row in section.iter("tr") if "All techniques" in row.text_content())
    assert "16.7 per 1,000 words; 300 words) · 50th pct" in " ".join(total.text_content().split())
    (key,) = section.find_class("pct-key")
    assert " ".join(key.text_content().split()) == f"pct: {KEY}."


def test_a_reference_of_another_model_is_used_and_the_report_says_so() -> None:
    stale = dataclasses.replace(REFERENCE, same_model=False)
    report = _report(stale)
    assert [t["percentile"] for t in report["techniques"]] == [50.0, 10.0]
    assert report["technique_reference"]["same_model"] is False
    note = report["technique_reference"]["note"]
    assert "another version of the technique detector" in note and "same detector" not in note
    assert "another version of the technique detector" in _markdown_section(report)
    key = _techniques_section(report).find_class("pct-key")[0].text_content()
    assert "another version of the technique detector" in key


def _no_percentile(report: dict[str, Any]) -> None:
    assert [t["percentile"] for t in report["techniques"]] == [None, None]
    assert report["technique_reference"] is None
    section = _markdown_section(report)
    assert "| all techniques | 16.7 (5) | 2.5 (1) |" in section and "pct" not in section
    html_section = _techniques_section(report)
    assert not html_section.find_class("pct") and not html_section.find_class("pct-key")


def test_no_reference_is_no_percentile() -> None:
    _no_percentile(_report(None))


@pytest.mark.parametrize(
    "content", [None, "{ not json", json.dumps({"rates": [1.0]})], ids=["missing", "bad", "short"]
)
def test_a_missing_or_malformed_packaged_reference_is_no_percentile_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None
) -> None:
    path = tmp_path / "reference.json"
    if content is not None:
        path.write_text(content, "utf-8")
    monkeypatch.setattr(build, "load_reference", lambda: read_reference(path, "abc"))
    _no_percentile(_report("packaged"))  # the default: the packaged reference, here broken


def test_a_report_written_before_percentiles_still_renders() -> None:
    report = _report()
    del report["technique_reference"]
    for entry in report["techniques"]:
        del entry["percentile"]
    jsonschema.validate(report, _schema())
    assert "| all techniques | 16.7 (5) | 2.5 (1) |" in _markdown_section(report)
    assert not _techniques_section(report).find_class("pct")


def test_the_default_reference_is_the_packaged_one() -> None:
    packaged = load_reference()
    assert packaged is not None
    report = _report("packaged")
    assert report["technique_reference"]["articles"] == packaged.articles
    assert [t["percentile"] for t in report["techniques"]] == [
        round(p, 1) for p in (packaged.percentile(16.67), packaged.percentile(2.5)) if p is not None
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0th pct"),
        (1.0, "1st pct"),
        (2.0, "2nd pct"),
        (3.0, "3rd pct"),
        (4.0, "4th pct"),
        (11.0, "11th pct"),
        (12.0, "12th pct"),
        (13.0, "13th pct"),
        (21.0, "21st pct"),
        (50.4, "50th pct"),
        (62.5, "62nd pct"),
        (99.6, "100th pct"),
        (None, None),
    ],
)
def test_percentile_text(value: float | None, text: str | None) -> None:
    assert percentile_text(value) == text
