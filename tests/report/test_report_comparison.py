"""The comparison report: JSON contract, schema validation, spans, and the Markdown rendering."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from importlib import resources
from typing import Any

import handmade_report
import jsonschema
import pytest

from framelens.comparison import CLAIM_STATUSES, Comparison, compare
from framelens.report.build import build_report
from framelens.report.markdown import SUMMARY_FINDINGS, render_markdown, render_summary
from framelens.techniques import TECHNIQUES


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


@pytest.fixture
def disputes_report(disputes_comparison: Comparison) -> dict[str, Any]:
    return json.loads(json.dumps(build_report(disputes_comparison)))


def test_minimum_contract_fields(report: dict[str, Any], disputes_report: dict[str, Any]) -> None:
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
    # every status in one of the two fictional comparisons
    assert {g["status"] for r in (report, disputes_report) for g in r["claims"]} == set(CLAIM_STATUSES)
    assert {"article", "start", "end", "text"} <= report["claims"][0]["members"][0].keys()


def test_disputes_and_shared_quotes_in_the_report(disputes_report: dict[str, Any]) -> None:
    jsonschema.validate(disputes_report, _schema())
    texts = {a["id"]: a["text"] for a in disputes_report["articles"]}
    by_status = {g["status"]: g for g in disputes_report["claims"] if g["status"] != "only_in"}
    assert set(by_status) == {"disputed", "quote_attribution", "shared_quote"}
    disputed = by_status["disputed"]
    (pair,) = disputed["pairs"]
    assert pair["relation"] == "disputed" and "stance model" in pair["reason"]
    assert "approved the harbour bridge contract" in disputed["members"][pair["first"]]["text"]
    assert "never approved" in disputed["members"][pair["second"]]["text"]
    for status in ("quote_attribution", "shared_quote"):
        for member in by_status[status]["members"]:
            assert texts[member["article"]][member["quote_start"] : member["quote_end"]] == member["quote"]
            assert member["speaker"]
    assert disputes_report["findings"][0]["kind"] == "disputed"
    markdown = render_markdown(disputes_report)
    for status in ("disputed", "quote_attribution", "shared_quote"):
        assert f"**{status}**" in markdown
    assert "(quoting Ada Rhee)" in markdown and "(quoting Piet Dorn)" in markdown


def test_every_span_is_the_verbatim_text_of_its_article(report: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in report["articles"]}
    titles = {a["id"]: a["title"] or "" for a in report["articles"]}
    spans = [e for f in report["findings"] for e in f["evidence"]]
    spans += [m for g in report["claims"] for m in g["members"]]
    spans += [h for a in report["articles"] for h in a["highlights"]]
    spans += [{**t, "article": e["article"]} for e in report["event_terms"] for t in e["terms"]]
    spans += [{**lab, "article": c["article"]} for c in report["word_choice"] for lab in c["labels"]]
    assert len(spans) > 50
    assert any(span.get("field") == "title" for span in spans)  # the headlines are read too
    for span in spans:
        source = titles if span.get("field") == "title" else texts  # "field" title: the headline
        assert source[span["article"]][span["start"] : span["end"]] == span["text"]


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
    words = md.split("## Word choice", 1)[1].split("##", 1)[0]
    word_row = next(line for line in words.splitlines() if line.startswith("| Ruslan Hadrevic |"))
    # each label in its own words, cut after six words, never only its head word
    assert "a war criminal who ordered the…−*" in word_row
    assert "a respected commander who led the…" in word_row
    # the headline's "assassinated" counts with the body's
    assert "| assassinate | assassinated ×2* | – | – |" in md
    top = md.split("## Top differences", 1)[1].split("##", 1)[0]
    assert top.index("numeric_disagreement") < top.index("opposite")
    assert "Candidate numeric disagreement about fighter (kill)" in top
    assert "| Harbor Times | Mara Solvik | person | a spokeswoman for the KLF | direct | 1 |" in md


def test_short_summary_lists_the_articles_and_first_differences_only(report: dict[str, Any]) -> None:
    short = render_summary(report, full_report="r.html")
    full = render_markdown(report)
    assert short.startswith("# Coverage compared across 3 articles")
    assert "| Harbor Times |" in short and "## Word choice" not in short and "## Sources" not in short
    listed = [line for line in short.splitlines() if line[:1].isdigit()]
    differences = [f for f in report["findings"] if f["kind"] != "only_in"]
    assert len(listed) == min(SUMMARY_FINDINGS, len(differences)) > 0
    assert listed[0] in full  # the same first difference as the full Markdown
    assert short.rstrip().endswith("in r.html; --md prints them all here._")
    assert len(short.splitlines()) < len(full.splitlines()) / 2


def test_technique_counts_equal_the_analyses_techniques(
    fictional_comparison: Comparison, report: dict[str, Any]
) -> None:
    sections = {t["article"]: t for t in report["techniques"]}
    assert set(sections) == {a.article.id for a in fictional_comparison.analyses}
    found = 0
    for analysis in fictional_comparison.analyses:
        aid = analysis.article.id
        section = sections[aid]
        expected = Counter(t.name for t in analysis.techniques)
        counts = {c["technique"]: c["count"] for c in section["counts"]}
        assert set(TECHNIQUES) <= counts.keys(), "every class is listed, zeros too"
        assert {k: v for k, v in counts.items() if v} == dict(expected)
        assert section["total"] == len(analysis.techniques) == len(section["spans"])
        words = len(analysis.article.text.split())
        assert section["words"] == words
        assert section["per_1000_words"] == round(len(analysis.techniques) * 1000 / words, 2)
        highlights = {h["ref"]: h for h in _article(report, aid)["highlights"] if h["kind"] == "technique"}
        assert [s["ref"] for s in section["spans"]] == list(highlights), "the same spans, in text order"
        for span in section["spans"]:
            assert analysis.article.text[span["start"] : span["end"]] == span["text"]
            assert highlights[span["ref"]]["technique"] == span["technique"]
            assert {"article", "start", "end", "text", "technique", "score", "cue"} <= span.keys()
        found += len(analysis.techniques)
    assert found, "the fixture articles use techniques"


def test_frames_section_carries_distribution_evidence_and_method(
    fictional_comparison: Comparison, report: dict[str, Any]
) -> None:
    sections = {f["article"]: f for f in report["frames"]}
    for analysis in fictional_comparison.analyses:
        section = sections[analysis.article.id]
        assert [(f["name"], f["score"]) for f in section["frames"]] == [
            (f.name, round(f.score, 4)) for f in analysis.frames
        ]
        assert "no accuracy claim" in section["method"]
        for frame in section["frames"]:
            for ev in frame["evidence"]:
                assert ev["article"] == analysis.article.id
                text = analysis.article.field_text(ev.get("field"))
                assert text[ev["start"] : ev["end"]] == ev["text"]


def test_rates_per_1000_words_on_a_hand_made_case() -> None:
    report = json.loads(json.dumps(build_report(handmade_report.comparison())))
    jsonschema.validate(report, _schema())
    a, b = report["techniques"]
    assert (a["words"], b["words"]) == (300, 400)
    rates = {c["technique"]: (c["count"], c["per_1000_words"]) for c in a["counts"] if c["count"]}
    # 3 / 300 × 1000 = 10; 1 / 300 × 1000 = 3.333… → 3.33; the Doubt given twice counts once
    assert rates == {"Loaded_Language": (3, 10.0), "Name_Calling,Labeling": (1, 3.33), "Doubt": (1, 3.33)}
    assert (a["total"], a["per_1000_words"]) == (5, 16.67)  # 5 / 300 × 1000 = 16.666…
    assert (b["total"], b["per_1000_words"]) == (1, 2.5)  # 1 / 400 × 1000
    kinds = [(h["kind"], h["ref"]) for h in report["articles"][0]["highlights"]]
    assert ("technique", "technique-loaded-language-60-83") in kinds
    assert ("technique", "technique-name-calling-labeling-60-83") in kinds, "same span, own ref"
    assert len({ref for _, ref in kinds}) == len(kinds) == 8
    frames = report["frames"][0]
    assert frames["method"] == handmade_report.METHOD
    assert [(f["name"], f["score"]) for f in frames["frames"]] == [
        ("Economic", 0.75),
        ("Political", 0.25),
        ("Morality", 0.0),
    ]
    assert frames["frames"][0]["evidence"][0]["terms"] == "million, wasted"


def test_markdown_shows_technique_rates_and_top_frames() -> None:
    # without a reference: the rates alone (percentiles: tests/report/test_report_percentile.py)
    md = render_markdown(json.loads(json.dumps(build_report(handmade_report.comparison(), reference=None))))
    section = md.split("## Persuasion techniques", 1)[1].split("\n## ", 1)[0]
    assert "| technique | Alpha | Beta |" in section
    assert "| Loaded_Language | 10.0 (3) | 2.5 (1) |" in section
    assert "| Name_Calling,Labeling | 3.3 (1) | – |" in section
    assert "| all techniques | 16.7 (5) | 2.5 (1) |" in section
    assert "pct" not in section
    frames = md.split("## News frames", 1)[1].split("\n## ", 1)[0]
    assert "- Alpha: Economic 0.75, Political 0.25" in frames
    assert "- Beta: Political 1.00" in frames and "Morality" not in frames
    assert "no accuracy claim" in frames


def _article(report: dict[str, Any], aid: str) -> dict[str, Any]:
    return next(a for a in report["articles"] if a["id"] == aid)


def test_an_article_no_stage_looked_at_gets_no_entry_not_zeros() -> None:
    """Zero counts must mean "looked and found none": an article the technique and frame
    stages never saw (switched off) is left out and shown as not analysed."""
    full = handmade_report.comparison()
    unseen = dataclasses.replace(full.analyses[1], techniques=(), frames=(), provenance=())
    report = json.loads(
        json.dumps(build_report(dataclasses.replace(full, analyses=(full.analyses[0], unseen))))
    )
    jsonschema.validate(report, _schema())
    assert (
        [t["article"] for t in report["techniques"]] == [f["article"] for f in report["frames"]] == ["art-a"]
    )
    looked = dataclasses.replace(unseen, provenance=(("techniques", "1"), ("frames", "1")))
    report = build_report(dataclasses.replace(full, analyses=(full.analyses[0], looked)))
    assert report["techniques"][1]["total"] == 0 and report["frames"][1]["frames"] == []
    md = render_markdown(build_report(dataclasses.replace(full, analyses=(full.analyses[0], unseen))))
    assert "_techniques not analysed for: Beta_" in md and "- Beta: not analysed" in md


def test_each_linked_actor_lists_its_mentions_per_article(report: dict[str, Any]) -> None:
    articles = {a["id"]: a for a in report["articles"]}
    for actor in report["actors"]:
        listed = [m for member in actor["members"] for m in member["mentions"]]
        assert len(listed) == actor["mentions"]
        for member in actor["members"]:
            article = articles[member["article"]]
            for m in member["mentions"]:
                source = article["title"] if m.get("field") == "title" else article["text"]
                assert source[m["start"] : m["end"]] == m["text"] and m["kind"]
    hadrevic = next(a for a in report["actors"] if a["id"] == "ruslan-hadrevic")
    assert any(m.get("field") == "title" for member in hadrevic["members"] for m in member["mentions"])
