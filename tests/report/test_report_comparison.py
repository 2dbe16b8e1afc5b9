"""The comparison report: JSON contract, schema validation, spans, and the Markdown rendering."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

from framelens.compare import CLAIM_STATUSES, Comparison, compare
from framelens.report.build import build_report
from framelens.report.markdown import render_markdown


def _schema() -> dict[str, Any]:
    text = resources.files("framelens").joinpath("schemas/comparison.schema.json").read_text("utf-8")
    return json.loads(text)


@pytest.fixture
def report(fictional_comparison: Comparison) -> dict[str, Any]:
    # through json, as a consumer would read it: no tuples or dataclasses may remain
    return json.loads(json.dumps(build_report(fictional_comparison)))


def test_report_validates_against_the_schema(report: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(_schema())
    jsonschema.validate(report, _schema())


def test_minimum_contract_fields(report: dict[str, Any]) -> None:
    assert report["schema_version"] == "1.0"
    for key, fields in {
        "articles": {"id", "source", "outlet", "title", "authors", "published"},
        "actors": {"id", "name", "type", "aliases", "articles"},
        "word_choice": {"actor", "article", "labels"},
        "event_terms": {"article", "terms"},
        "tones": {"actor", "article", "label", "score"},
        "claims": {"status", "score", "members"},
        "sources": {"article", "speaker", "role", "kind", "count"},
    }.items():
        assert report[key], key
        for item in report[key]:
            assert fields <= item.keys(), (key, fields - item.keys())
    assert {"text", "kind", "start", "end"} <= report["word_choice"][0]["labels"][0].keys()
    assert {"text", "lemma", "start", "end"} <= report["event_terms"][0]["terms"][0].keys()
    assert {g["status"] for g in report["claims"]} == set(CLAIM_STATUSES)
    assert {"article", "start", "end", "text"} <= report["claims"][0]["members"][0].keys()


def test_every_span_is_the_verbatim_text_of_its_article(report: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in report["articles"]}
    spans = [e for f in report["findings"] for e in f["evidence"]]
    spans += [m for g in report["claims"] for m in g["members"]]
    spans += [h for a in report["articles"] for h in a["highlights"]]
    spans += [{**t, "article": e["article"]} for e in report["event_terms"] for t in e["terms"]]
    spans += [{**lab, "article": c["article"]} for c in report["word_choice"] for lab in c["labels"]]
    assert len(spans) > 50
    for span in spans:
        assert texts[span["article"]][span["start"] : span["end"]] == span["text"]


def test_table_entries_point_at_highlights(report: dict[str, Any]) -> None:
    refs = {(a["id"], h["ref"]) for a in report["articles"] for h in a["highlights"]}
    for cell in report["word_choice"]:
        for label in cell["labels"]:
            assert (cell["article"], label["ref"]) in refs
    for entry in report["event_terms"]:
        for term in entry["terms"]:
            assert (entry["article"], term["ref"]) in refs
    for source in report["sources"]:
        for quote in source["quotes"]:
            assert (source["article"], quote["ref"]) in refs


def test_single_article_report_still_validates(fictional_comparison: Comparison) -> None:
    single = build_report(compare(fictional_comparison.analyses[:1]))
    jsonschema.validate(json.loads(json.dumps(single)), _schema())
    assert "nothing to compare" in single["message"]
    assert "nothing to compare" in render_markdown(single)


def test_markdown_shows_matrices_and_top_disagreements(report: dict[str, Any]) -> None:
    md = render_markdown(report)
    assert md.startswith("# Coverage compared across 3 articles")
    assert "| actor | Harbor Times | Northern Ledger | Valley Post |" in md
    tones = md.split("## Tone toward actors", 1)[1].split("##", 1)[0]
    tone_row = next(line for line in tones.splitlines() if line.startswith("| Ruslan Hadrevic |"))
    assert tone_row.split("|")[2].strip().startswith("positive")
    assert tone_row.split("|")[3].strip().startswith("negative")
    word_row = next(line for line in md.splitlines() if line.startswith("| Ruslan Hadrevic | commander"))
    assert "criminal−*" in word_row
    assert "| assassinate | assassinated* | – | – |" in md
    top = md.split("## Top differences", 1)[1].split("##", 1)[0]
    assert top.index("numeric_disagreement") < top.index("opposite")
    assert "Candidate numeric disagreement about fighter (kill)" in top
    assert "| Harbor Times | Mara Solvik | person | a spokeswoman for the KLF | direct | 1 |" in md
