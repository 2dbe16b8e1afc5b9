"""The extraction benchmark's metric on hand-worked numbers, its layout checks, and the quality gate."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framelens.cli import app
from framelens.config import load_settings
from framelens.errors import InputError
from framelens.eval.extraction import evaluate_extraction, page_counts, scores, shingles

#: framelens's F1 on extraction-dev was 0.975 when this floor was set (bare trafilatura 2.3.1: 0.961)
DEV_F1_FLOOR = 0.97


def test_shingles_are_case_sensitive_word_4grams() -> None:
    assert shingles("The cat, the hat; the bat") == {
        ("The", "cat", "the", "hat"): 1,
        ("cat", "the", "hat", "the"): 1,
        ("the", "hat", "the", "bat"): 1,
    }
    # fewer than four words: one shorter shingle; no words: none
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles(" -- ") == {}


def test_metric_on_a_hand_worked_example() -> None:
    pages = [
        # 2 gold shingles, 2 predicted, 1 shared: tp = fp = fn = 1/3 -> P = R = 0.5
        page_counts("a b c d e", "a b c d x"),
        # nothing predicted: counts for recall (0), not for precision
        page_counts("one two three", ""),
        # 3 gold shingles all found, 2 extra: tp 3/5, fp 2/5 -> P = 0.6, R = 1
        page_counts("p q r s t u", "p q r s t u v w"),
    ]
    assert pages[0].tp == pytest.approx(1 / 3) and pages[0].fp == pytest.approx(1 / 3)
    assert (pages[1].tp, pages[1].fp, pages[1].fn) == (0.0, 0.0, 1.0)
    assert (pages[2].tp, pages[2].fp, pages[2].fn) == (pytest.approx(0.6), pytest.approx(0.4), 0.0)
    result = scores(pages)
    assert result.precision == pytest.approx((0.5 + 0.6) / 2)  # 0.55
    assert result.recall == pytest.approx((0.5 + 0.0 + 1.0) / 3)  # 0.5
    assert result.f1 == pytest.approx(2 * 0.55 * 0.5 / (0.55 + 0.5))  # 0.5238...


def test_empty_gold_and_empty_prediction_count_for_neither() -> None:
    assert page_counts("", "") == page_counts("...", "")
    assert scores([page_counts("", ""), page_counts("a b c d", "a b c d")]).f1 == 1.0


def _benchmark(tmp_path: Path, fixtures: Path) -> Path:
    """A two-page benchmark folder in the published layout, from the fictional fixtures."""
    (tmp_path / "html").mkdir()
    truth = {}
    for page_id, name in [("p1", "harbour_story.html"), ("p2", "latin1_market.html")]:
        data = (fixtures / "html" / name).read_bytes()
        (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(data))
        truth[page_id] = {"articleBody": "", "url": f"https://example.org/{page_id}"}
    truth["p1"]["articleBody"] = (
        "Engineers closed the Kelport tidal barrier six hours ahead of schedule on Friday morning, "
        "as forecasters warned that the storm surge moving up the estuary "
        "could be the highest in forty years."
    )
    truth["p2"]["articleBody"] = "The new covered market in Saint-Rémy opened on Saturday."
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), "utf-8")
    return tmp_path


def test_evaluate_on_a_tiny_benchmark(tmp_path: Path, fixtures: Path) -> None:
    report = evaluate_extraction(_benchmark(tmp_path, fixtures), load_settings())
    assert report.pages == 2
    assert report.framelens.recall == 1.0
    assert 0 < report.framelens.precision < 0.5  # the gold bodies are only the first sentences
    table = report.render()
    assert "framelens" in table and "trafilatura" in table and "2 pages" in table
    assert evaluate_extraction(tmp_path, load_settings(), limit=1).pages == 1


def test_cli_prints_the_table(tmp_path: Path, fixtures: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "extraction", str(_benchmark(tmp_path, fixtures))])
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "better on" in result.output


@pytest.mark.parametrize(
    ("truth", "message"),
    [
        (None, "has no ground-truth.json"),
        ("[1, 2]", "must map each page id"),
        ("{not json", "cannot be read as JSON"),
        ('{"x": {"articleBody": "a"}}', "has no html/ folder"),
        ("{}", "names no pages"),
    ],
)
def test_bad_layout_says_what_is_wrong(tmp_path: Path, truth: str | None, message: str) -> None:
    if truth is not None:
        (tmp_path / "ground-truth.json").write_text(truth, "utf-8")
    with pytest.raises(InputError, match=message):
        evaluate_extraction(tmp_path, load_settings())


def test_absent_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a folder"):
        evaluate_extraction(tmp_path / "absent", load_settings())


def test_missing_page_is_named(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "ground-truth.json").write_text('{"abc": {"articleBody": "a b c d"}}')
    with pytest.raises(InputError, match=r"lacks 1 page\(s\) named in ground-truth.json \(abc.html.gz\)"):
        evaluate_extraction(tmp_path, load_settings())


def test_quality_gate_on_extraction_dev(shared: Path) -> None:
    directory = shared / "data" / "extraction-dev"
    if not (directory / "ground-truth.json").is_file():
        pytest.skip(f"{directory} is absent")
    report = evaluate_extraction(directory, load_settings())
    assert report.pages == 88
    assert report.failures == 0
    assert report.framelens.f1 >= DEV_F1_FLOOR, report.render()
    assert report.framelens.f1 >= report.trafilatura.f1, report.render()
    assert report.better > report.worse, report.render()
