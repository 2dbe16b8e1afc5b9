"""The technique reference: percentile arithmetic, reading (and refusing) reference.json, the
rates counted as the report counts them, and the packaged file."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

import framelens.techniques as techniques_api
from framelens.models import Span, Technique
from framelens.report.build import per_words, unique_techniques, words_of
from framelens.techniques import TECHNIQUES, detect
from framelens.techniques.reference import (
    REFERENCE_FILE,
    REGENERATE,
    Reference,
    load_reference,
    model_fingerprint,
    percentile,
    read_reference,
    technique_rates,
    write_reference,
)

RATES = [1.0, 2.0, 2.0, 3.0]


@pytest.mark.parametrize(
    ("rate", "rates", "expected"),
    [
        (0.5, RATES, 0.0),  # below every reference article
        (9.0, RATES, 100.0),  # above every one
        (1.5, RATES, 25.0),  # one of four below
        (2.0, RATES, 50.0),  # one below, two ties counted half: (1 + 2/2) / 4
        (1.0, RATES, 12.5),  # a tie with the lowest: (0 + 1/2) / 4
        (3.0, RATES, 87.5),  # a tie with the highest: (3 + 1/2) / 4
        (0.0, [0.0, 0.0, 0.0], 50.0),  # all ties: the middle, not an extreme
        (4.0, [4.0], 50.0),
        (4.0, [], None),  # no reference, no percentile
    ],
)
def test_percentile_counts_lower_rates_and_half_the_ties(
    rate: float, rates: list[float], expected: float | None
) -> None:
    assert percentile(rate, rates) == expected


def _data(**change: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "test articles",
        "description": "made up for a test",
        "articles": 4,
        "rates": [3.0, 1.0, 2.0, 2.0],  # unsorted on purpose: reading sorts
        "per_technique": {"Loaded_Language": [0.0, 1.0, 1.0, 2.0]},
        "model": "abc",
        "computed_with": "by hand",
    }
    return {**data, **change}


def _write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / REFERENCE_FILE
    path.write_text(content, "utf-8")
    return path


def test_a_reference_is_read_sorted_and_knows_its_model(tmp_path: Path) -> None:
    path = _write(tmp_path, json.dumps(_data()))
    reference = read_reference(path, "abc")
    assert reference is not None
    assert reference.rates == (1.0, 2.0, 2.0, 3.0) and reference.articles == 4
    assert reference.per_technique == {"Loaded_Language": (0.0, 1.0, 1.0, 2.0)}
    assert reference.same_model and reference.percentile(2.0) == 50.0
    assert reference.note() == "percentile among the 4 test articles (made up for a test), same detector"


def test_a_reference_of_another_model_is_used_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path, json.dumps(_data()))
    with caplog.at_level(logging.WARNING, "framelens.techniques.reference"):
        reference = read_reference(path, "another fingerprint")
    assert reference is not None and not reference.same_model
    assert reference.percentile(2.0) == 50.0, "still used"
    assert "another version of the technique detector" in reference.note()
    assert REGENERATE in reference.note()
    assert "another technique model" in caplog.text


@pytest.mark.parametrize(
    "content",
    [
        "{ not json",
        "[1, 2, 3]",
        json.dumps(_data(rates="many")),
        json.dumps(_data(rates=[1.0, -2.0, 3.0, 4.0])),
        json.dumps(_data(rates=[1.0, True, 3.0, 4.0])),
        json.dumps(_data(rates=[], articles=0)),
        json.dumps(_data(articles=5)),  # not the number of rates
        json.dumps(_data(name=None)),
        json.dumps(_data(per_technique=[1.0])),
        json.dumps(_data(per_technique={"Doubt": ["x"]})),
        "\udcff",  # not UTF-8 on disk
    ],
    ids=[
        "not-json",
        "not-object",
        "rates-not-list",
        "negative-rate",
        "bool-rate",
        "empty",
        "articles-mismatch",
        "name-missing",
        "per-technique-not-object",
        "per-technique-not-numbers",
        "not-utf8",
    ],
)
def test_a_malformed_reference_is_no_reference_with_a_warning(
    tmp_path: Path, content: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / REFERENCE_FILE
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with caplog.at_level(logging.WARNING, "framelens.techniques.reference"):
        assert read_reference(path, "abc") is None
    assert "no technique reference" in caplog.text and REGENERATE in caplog.text


def test_a_missing_reference_is_no_reference_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, "framelens.techniques.reference"):
        assert read_reference(tmp_path / REFERENCE_FILE, "abc") is None
    assert "no technique reference" in caplog.text


def test_a_written_reference_reads_back_the_same(tmp_path: Path) -> None:
    reference = Reference(
        "test articles", "made up", (0.0, 1.5, 7.25), {"Doubt": (0.0, 0.0, 1.5)}, "abc", "by hand"
    )
    path = write_reference(reference, tmp_path / "out")
    assert read_reference(path, "abc") == reference
    assert json.loads(path.read_text("utf-8")) == reference.to_dict()


def test_rates_are_counted_as_the_report_counts_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unique (technique, start, end) spans per 1,000 whitespace-separated words: a span given
    twice counts once; the same words under two techniques count twice."""
    text = "They said a total disaster again. " + " ".join(["word"] * 194)  # 200 words
    found = [
        Technique(Span(10, 26), "Loaded_Language", 0.5, "lexicon"),
        Technique(Span(10, 26), "Loaded_Language", 0.4, "model"),  # the same finding again
        Technique(Span(10, 26), "Exaggeration,Minimisation", 0.3, "model"),
    ]

    def fake(
        texts: list[str], requests: list[list[tuple[int, int]]]
    ) -> list[tuple[dict[str, list[Technique]], dict]]:
        assert list(texts) == [text] and [list(r) for r in requests] == [[]]
        return [({"readers": found}, {})]

    monkeypatch.setattr(techniques_api, "analyse_texts", fake)
    (rates,) = technique_rates([text])
    assert rates.words == 200
    assert rates.total == 10.0  # 2 / 200 × 1000
    assert rates.per_technique["Loaded_Language"] == rates.per_technique["Exaggeration,Minimisation"] == 5.0
    assert set(rates.per_technique) == set(TECHNIQUES) and rates.per_technique["Doubt"] == 0.0


def test_rates_from_the_packaged_detector_match_detect() -> None:
    text = "Open borders will destroy our country. The crowd chanted lock her up for an hour."
    (rates,) = technique_rates([text])
    assert rates.total == per_words(len(unique_techniques(detect(text))), words_of(text)) > 0


def test_the_packaged_reference_is_current() -> None:
    """The shipped reference.json reads, covers every technique and was computed with the
    shipped model: after a retrain, regenerate it (the command is in the failure)."""
    reference = load_reference()
    assert reference is not None
    assert load_reference() is reference, "read once per process"
    assert reference.articles >= 50 and list(reference.rates) == sorted(reference.rates)
    assert set(TECHNIQUES) <= reference.per_technique.keys()
    assert all(len(r) == reference.articles for r in reference.per_technique.values())
    assert reference.model == model_fingerprint(), f"reference.json is out of date; run {REGENERATE}"
    assert reference.same_model
