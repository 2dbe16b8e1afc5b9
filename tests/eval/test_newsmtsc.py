"""The NewsMTSC evaluator: the metric on hand-worked numbers, reading bad files, the CLI, the quality gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framelens.cli import app
from framelens.errors import InputError
from framelens.eval.newsmtsc import evaluate_newsmtsc, read_newsmtsc, score, vader_label

#: framelens's F1m on dev_rw was 0.739 when this floor was first set and 0.782 when it was raised
#: (stop 37: the head reads the technique tagger's encoder; sentence-level VADER: 0.508)
DEV_RW_F1M_FLOOR = 0.76


def test_macro_f1_and_accuracy_hand_worked() -> None:
    gold = ["negative", "negative", "neutral", "positive", "positive", "neutral"]
    pred = ["negative", "neutral", "neutral", "positive", "negative", "neutral"]
    # negative: tp 1, 2 predicted, 2 gold -> 2/4; neutral: tp 2, 3 predicted, 2 gold -> 4/5;
    # positive: tp 1, 1 predicted, 2 gold -> 2/3.  F1m = (1/2 + 4/5 + 2/3) / 3 = 59/90.
    s = score(gold, pred)
    assert s.f1 == pytest.approx({"negative": 0.5, "neutral": 0.8, "positive": 2 / 3})
    assert s.f1_macro == pytest.approx(59 / 90)
    assert s.accuracy == pytest.approx(4 / 6)
    assert s.n == 6


def test_a_label_never_seen_counts_as_zero() -> None:
    s = score(["neutral", "neutral"], ["neutral", "neutral"])
    assert s.f1 == {"negative": 0.0, "neutral": 1.0, "positive": 0.0}
    assert s.f1_macro == pytest.approx(1 / 3)
    assert s.accuracy == 1.0


def test_score_rejects_unequal_lengths() -> None:
    with pytest.raises(ValueError):
        score(["neutral"], [])


@pytest.mark.parametrize(
    ("compound", "label"),
    [(0.05, "positive"), (0.9, "positive"), (0.049, "neutral"), (0.0, "neutral"), (-0.05, "negative")],
)
def test_vader_thresholds(compound: float, label: str) -> None:
    assert vader_label(compound) == label


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_newsmtsc(tmp_path / "absent.jsonl")


def test_file_with_no_readable_line_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('not json\n{"sentence_normalized": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="no readable NewsMTSC sentence"):
        read_newsmtsc(path)


def test_bad_lines_and_targets_are_skipped_and_counted(tmp_path: Path, fixtures: Path) -> None:
    good = (fixtures / "newsmtsc" / "tiny.jsonl").read_text("utf-8").splitlines()
    text = "Critics accused the minister."
    mixed = {
        "sentence_normalized": text,
        "targets": [
            {"from": 16, "to": 28, "mention": "the minister", "polarity": 2.0},
            {"from": 0, "to": 7, "mention": "Critic", "polarity": 4.0},  # mention mismatch
            {"from": 0, "to": 99, "polarity": 4.0},  # past the end
            {"from": 0, "to": 7, "polarity": 5.0},  # unknown polarity
        ],
    }
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([good[0], "{oops", json.dumps(mixed), "[]", good[1]]) + "\n", encoding="utf-8")
    data = read_newsmtsc(path)
    assert len(data.sentences) == 3
    assert data.targets == 4
    assert (data.skipped_lines, data.skipped_targets) == (2, 3)
    assert data.reasons[0].startswith("line 2: not JSON")
    assert read_newsmtsc(path, limit=1).targets == 2


def test_report_on_the_tiny_fixture(fixtures: Path) -> None:
    report = evaluate_newsmtsc(fixtures / "newsmtsc" / "tiny.jsonl")
    assert (report.sentences, report.targets) == (3, 4)
    assert set(report.systems) == {"framelens target tone", "VADER sentence baseline"}
    # VADER gives every target of a sentence the sentence's label: "praised" makes both
    # targets of the first sentence positive, "accused ... lying" the minister negative.
    vader = report.systems["VADER sentence baseline"]
    assert vader.n == 4
    text = report.render()
    assert "4 targets scored in 3 sentences" in text
    assert "83.1" in text and "82.5" in text
    assert json.loads(json.dumps(report.to_dict()))["targets"] == 4


def test_cli_prints_the_table(fixtures: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "newsmtsc", str(fixtures / "newsmtsc" / "tiny.jsonl")])
    assert result.exit_code == 0, result.output
    assert "F1m" in result.output and "VADER sentence baseline" in result.output


def test_cli_missing_file_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "newsmtsc", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_quality_gate_dev_rw(shared: Path) -> None:
    path = shared / "data" / "newsmtsc" / "dev_rw.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    report = evaluate_newsmtsc(path)
    ours, vader = report.systems["framelens target tone"], report.systems["VADER sentence baseline"]
    assert report.targets == 343
    assert ours.f1_macro >= DEV_RW_F1M_FLOOR
    assert ours.f1_macro > vader.f1_macro + 0.1
    assert ours.accuracy > vader.accuracy
