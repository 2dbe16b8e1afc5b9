"""The FNC-1 evaluator: the metric worked out by hand, the CSV reader, the held-back rule, the CLI."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framelens.cli import app
from framelens.errors import InputError
from framelens.eval.fnc1 import LABELS, in_split, is_held_back, pair_score, read_fnc1, score


@pytest.mark.parametrize(
    ("gold", "predicted", "points"),
    [
        ("agree", "agree", 1.0),  # related right (0.25) and the exact stance (0.75)
        ("discuss", "disagree", 0.25),  # related right, stance wrong
        ("unrelated", "unrelated", 0.25),
        ("agree", "unrelated", 0.0),
        ("unrelated", "discuss", 0.0),
    ],
)
def test_pair_score(gold: str, predicted: str, points: float) -> None:
    assert pair_score(gold, predicted) == points


def test_score_by_hand() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated", "agree"]
    pred = ["agree", "discuss", "unrelated", "unrelated", "agree", "disagree"]
    # points 1 + 0.25 + 0 + 0.25 + 0 + 0.25 = 1.75; max 1 + 1 + 1 + 0.25 + 0.25 + 1 = 4.5;
    # NULL (all unrelated): the two unrelated pairs, 0.5.
    s = score(gold, pred)
    assert (s.score, s.max_score, s.null_score) == (1.75, 4.5, 0.5)
    assert s.relative == pytest.approx(100 * 1.75 / 4.5)
    assert s.accuracy == pytest.approx(2 / 6)
    # agree: tp 1, predicted 2, gold 2 -> 2/4; unrelated likewise; disagree and discuss: tp 0.
    assert s.f1 == pytest.approx({"agree": 0.5, "disagree": 0.0, "discuss": 0.0, "unrelated": 0.5})
    assert s.f1_macro == pytest.approx(0.25)
    assert s.confusion["unrelated"] == {"agree": 1, "disagree": 0, "discuss": 0, "unrelated": 1}
    assert sum(sum(row.values()) for row in s.confusion.values()) == 6


def test_score_reproduces_a_published_confusion_matrix() -> None:
    """The official baseline's README gives its hold-out confusion matrix and 3539.75 of 4448.5 (79.57%)."""
    matrix = {
        "agree": (119, 3, 560, 80),
        "disagree": (14, 2, 131, 15),
        "discuss": (59, 4, 1528, 209),
        "unrelated": (5, 1, 100, 6792),
    }
    gold, pred = [], []
    for g, row in matrix.items():
        for p, n in zip(LABELS, row, strict=True):
            gold += [g] * n
            pred += [p] * n
    s = score(gold, pred)
    assert (s.score, s.max_score) == (3539.75, 4448.5)
    assert round(s.relative, 2) == 79.57


def test_score_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        score(["agree"], [])
    with pytest.raises(ValueError, match="unknown predicted stance"):
        score(["agree"], ["agrees"])


def test_held_back_rule_is_a_fixed_fifth_of_the_bodies() -> None:
    ids = [str(i) for i in range(1000)]
    held = [i for i in ids if is_held_back(i)]
    assert 150 <= len(held) <= 250
    assert is_held_back(7) == is_held_back("7") == is_held_back(" 7 ")
    assert all(in_split(i, "heldback") != in_split(i, "training") for i in ids)
    with pytest.raises(ValueError):
        in_split("1", "test")


def _write_fnc(root: Path, prefix: str = "train") -> Path:
    """A tiny fictional FNC-1 folder in the published layout (quotes and newlines inside bodies)."""
    root.mkdir(parents=True, exist_ok=True)
    bodies = {
        "11": "Mayor Ilse Varn resigned on Friday, her office confirmed.\nShe had led Halden for nine years.",
        "12": 'Reports that Mayor Ilse Varn resigned are false, her office said. "A hoax," a spokesman said.',
        "13": "Halden Rovers beat Port Selm 3-1 on Saturday in front of a record crowd.",
    }
    with (root / f"{prefix}_bodies.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Body ID", "articleBody"])
        w.writerows(bodies.items())
    stances = [
        ("Mayor Ilse Varn resigns", "11", "agree"),
        ("Mayor Ilse Varn resigns", "12", "disagree"),
        ("Mayor Ilse Varn resigns", "13", "unrelated"),
        ("Halden Rovers win the derby", "13", "agree"),
        ("Halden Rovers win the derby", "11", "unrelated"),
    ]
    with (root / f"{prefix}_stances.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Headline", "Body ID", "Stance"])
        w.writerows(stances)
    return root


def test_read_fnc1(tmp_path: Path) -> None:
    data = read_fnc1(_write_fnc(tmp_path / "fnc"))
    assert data.layout == "train"
    assert len(data.pairs) == 5
    assert data.gold == ["agree", "disagree", "unrelated", "agree", "unrelated"]
    assert data.texts()[1][1].startswith("Reports that")
    assert "\n" in data.bodies["11"]
    held = read_fnc1(tmp_path / "fnc", split="training")
    assert all(not is_held_back(p.body_id) for p in held.pairs)


def test_read_fnc1_says_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"train_bodies\.csv"):
        read_fnc1(tmp_path)
    root = _write_fnc(tmp_path / "bad")
    text = (root / "train_stances.csv").read_text("utf-8").replace("unrelated", "off-topic", 1)
    (root / "train_stances.csv").write_text(text, "utf-8")
    with pytest.raises(InputError, match="off-topic"):
        read_fnc1(root)
    (root / "train_stances.csv").write_text("Headline,Body ID,Stance\nX,99,agree\n", "utf-8")
    with pytest.raises(InputError, match="names body '99'"):
        read_fnc1(root)
    (root / "train_bodies.csv").write_text("id,text\n1,x\n", "utf-8")
    with pytest.raises(InputError, match="Body ID"):
        read_fnc1(root)


def test_cli_prints_the_table_baseline_and_published_figures(tmp_path: Path) -> None:
    root = _write_fnc(tmp_path / "fnc")
    result = CliRunner().invoke(app, ["eval", "fnc1", str(root), "--split", "all"])
    assert result.exit_code == 0, result.output
    for needle in (
        "5 pairs",
        "score %",
        "F1 disa",
        "framelens stance",
        "baseline features, same classifier",
        "82.02",
        "75.20",
        "official test set",
        "confusion, framelens stance",
    ):
        assert needle in result.output
    assert CliRunner().invoke(app, ["eval", "fnc1", str(root), "--split", "nope"]).exit_code == 2
    assert CliRunner().invoke(app, ["eval", "fnc1", str(root), "--files", "dev"]).exit_code == 2


def test_cli_test_files_default_to_all_and_refuse_heldback(tmp_path: Path) -> None:
    root = _write_fnc(tmp_path / "fnc", prefix="competition_test")
    result = CliRunner().invoke(app, ["eval", "fnc1", str(root)])
    assert result.exit_code == 0, result.output
    assert "competition_test files" in result.output and "split 'all'" in result.output
    refused = CliRunner().invoke(app, ["eval", "fnc1", str(root), "--split", "heldback"])
    assert refused.exit_code == 1
    assert "use --split all" in refused.output


def test_cli_says_what_to_do_with_a_wrong_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "fnc1", str(tmp_path)])
    assert result.exit_code == 1
    assert "train_bodies.csv" in result.output
