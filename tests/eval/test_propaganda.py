"""The PTC evaluator: the task's metrics worked out by hand, the corpus reader, the CLI, a quality gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framelens.cli import app
from framelens.eval.propaganda import (
    evaluate_propaganda,
    merge_spans,
    read_ptc,
    si_score,
    tc_lines,
    tc_score,
)
from framelens.eval.splits import in_split, is_held_back

#: measured on the held-back articles when the packaged model was trained (model.json),
#: floors pinned a little under: SI F1 and TC micro-F1
SI_F1_FLOOR = 0.40
TC_F1_FLOOR = 0.61


def test_si_score_by_hand() -> None:
    # Article a: gold [0,10) and [20,30); predicted [5,15) and [25,27).
    #   [5,15) x [0,10): overlap 5 -> precision credit 5/10 = 0.5, recall credit 5/10 = 0.5
    #   [5,15) x [20,30): no overlap
    #   [25,27) x [20,30): overlap 2 -> precision credit 2/2 = 1.0, recall credit 2/10 = 0.2
    # Article b: gold [0,4), nothing predicted.
    # P = (0.5 + 1.0) / 2 predicted spans = 0.75
    # R = (0.5 + 0.2) / 3 gold spans = 0.7 / 3 = 0.233333...
    # F1 = 2 * 0.75 * 0.233333 / (0.75 + 0.233333) = 0.35 / 0.983333 = 0.355932...
    gold = {"a": [(0, 10), (20, 30)], "b": [(0, 4)]}
    pred = {"a": [(5, 15), (25, 27)], "b": []}
    score = si_score(pred, gold)
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(0.7 / 3)
    assert score.f1 == pytest.approx(0.35 / (0.75 + 0.7 / 3))
    assert (score.predicted, score.gold) == (2, 3)


def test_si_score_merges_overlapping_predictions_as_the_scorer_does() -> None:
    # [0,6) and [4,10) share characters 4 and 5: one span [0,10), which covers gold [0,10) exactly.
    assert si_score({"a": [(0, 6), (4, 10)]}, {"a": [(0, 10)]}).f1 == pytest.approx(1.0)
    # Touching spans share no character and stay two: each gets precision 1 and recall 0.5,
    # so P = 2/2 = 1, R = (0.5 + 0.5)/1 = 1.
    score = si_score({"a": [(0, 5), (5, 10)]}, {"a": [(0, 10)]})
    assert (score.predicted, score.precision, score.recall) == (2, 1.0, 1.0)


def test_si_score_edge_cases_follow_the_scorer() -> None:
    assert si_score({"a": []}, {"a": []}).f1 == 1.0  # nothing to find, nothing found
    assert si_score({"a": [(0, 3)]}, {"a": [(5, 9)]}).f1 == 0.0


def test_merge_spans() -> None:
    assert merge_spans([(10, 20), (0, 5), (4, 8), (8, 9)]) == [(0, 8), (8, 9), (10, 20)]


def test_tc_score_by_hand() -> None:
    # Gold: (LL, 0-5), (Doubt, 10-20) and (NC, 10-20) on one span, (Slogans, 30-35): 4 lines.
    # Predicted: LL on 0-5 (right); Doubt and LL on 10-20 (matched so that most agree:
    # Doubt right, LL wrong); Doubt on 30-35 (wrong).  2 right of 4 -> P = R = F1 = 0.5.
    gold = {"a": [("LL", 0, 5), ("Doubt", 10, 20), ("NC", 10, 20), ("Slogans", 30, 35)]}
    pred = {"a": [("LL", 0, 5), ("LL", 10, 20), ("Doubt", 10, 20), ("Doubt", 30, 35)]}
    score = tc_score(pred, gold)
    assert (score.precision, score.recall, score.f1) == (0.5, 0.5, 0.5)


def test_tc_lines_gives_a_span_with_k_gold_lines_its_k_first_labels() -> None:
    from framelens.eval.propaganda import PTCArticle

    article = PTCArticle("1", "x" * 40, (), (("Doubt", 10, 20), ("NC", 10, 20), ("LL", 0, 5)))
    ranked = {(10, 20): ["NC", "Doubt", "LL"], (0, 5): ["Doubt", "LL"]}
    assert sorted(tc_lines(article, ranked)) == [("Doubt", 0, 5), ("Doubt", 10, 20), ("NC", 10, 20)]


def test_held_back_split_is_fixed_by_id() -> None:
    ids = [str(111111111 + i) for i in range(200)]
    held = [i for i in ids if is_held_back(i)]
    assert 20 <= len(held) <= 60  # about one in five
    assert all(in_split(i, "heldback") != in_split(i, "training") for i in ids)
    assert all(in_split(i, "all") for i in ids)
    with pytest.raises(ValueError):
        in_split("1", "test")


def _tiny_corpus(root: Path) -> Path:
    text = "Crooked Hillary, a liar, lies.\n\nThe so-called experts agree that this is the only way."
    (root / "articles").mkdir(parents=True)
    (root / "labels-si").mkdir()
    (root / "labels-tc").mkdir()
    (root / "articles" / "article999.txt").write_text(text, "utf-8")
    liar = (text.index("liar"), text.index("liar") + 4)
    only = (text.index("the only way"), text.index("the only way") + 12)
    (root / "labels-si" / "article999.task1-SI.labels").write_text(
        f"999\t{liar[0]}\t{liar[1]}\n999\t{only[0]}\t{only[1]}\n", "utf-8"
    )
    (root / "labels-tc" / "article999.task2-TC.labels").write_text(
        f"999\tName_Calling,Labeling\t{liar[0]}\t{liar[1]}\n999\tBlack-and-White_Fallacy\t{only[0]}\t{only[1]}\n",
        "utf-8",
    )
    return root


def test_read_ptc(tmp_path: Path) -> None:
    articles = read_ptc(_tiny_corpus(tmp_path / "ptc"))
    assert [a.id for a in articles] == ["999"]
    assert articles[0].tc[0][0] == "Name_Calling,Labeling"
    assert len(articles[0].si) == 2


def test_cli_prints_both_metrics_published_figures_and_baselines(tmp_path: Path) -> None:
    root = _tiny_corpus(tmp_path / "ptc")
    result = CliRunner().invoke(app, ["eval", "propaganda", str(root), "--split", "all"])
    assert result.exit_code == 0, result.output
    for needle in (
        "span identification (SI)",
        "technique classification (TC)",
        "0.516",
        "0.621",
        "baseline: majority class",
        "baseline: sentences with a loaded word",
        "official SemEval-2020 test set",
        "shown to readers",
    ):
        assert needle in result.output
    bad = CliRunner().invoke(app, ["eval", "propaganda", str(root), "--split", "nope"])
    assert bad.exit_code == 2


def test_cli_says_what_to_do_with_a_wrong_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "propaganda", str(tmp_path)])
    assert result.exit_code == 1
    assert "articles/" in result.output


def test_quality_gate_on_held_back_articles(shared: Path) -> None:
    """The honest figure: articles the packaged model never trained on, floors a little under the measure."""
    data = shared / "data" / "ptc"
    if not (data / "articles").is_dir():
        pytest.skip(f"{data} is absent: the PTC dev data is not beside this checkout")
    report = evaluate_propaganda(data, split="heldback")
    si, tc = report.si["framelens"], report.tc["framelens"]
    assert si.f1 >= SI_F1_FLOOR
    assert tc.f1 >= TC_F1_FLOOR
    # what readers are shown holds the precision it was chosen for
    assert report.si["framelens, shown to readers"].precision >= 0.5
    # the model beats the trivial baselines of the same run
    assert si.f1 > report.si["baseline: sentences with a loaded word"].f1
    assert tc.f1 > next(v for k, v in report.tc.items() if k.startswith("baseline")).f1
    # the split scored is the one the model held back
    from importlib import resources

    meta = json.loads(
        (resources.files("framelens.resources") / "techniques" / "model.json").read_text("utf-8")
    )
    assert report.articles == len(meta["held_back"]["ids"])
