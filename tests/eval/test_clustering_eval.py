"""BCubed by hand on a tiny example, the dataset reader, and the gate on the fictional fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from framelens.config import load_settings
from framelens.corpus import load_corpus_params
from framelens.errors import InputError
from framelens.eval.clustering import bcubed, evaluate_clustering, pairwise, read_dataset, tfidf_baseline


def test_bcubed_worked_example() -> None:
    # gold: {a, b, c} and {d, e}; predicted: {a, b}, {c, d, e}
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    # precision per item: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15
    # recall per item:    a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15
    scores = bcubed(predicted, gold)
    assert scores.precision == pytest.approx(11 / 15)
    assert scores.recall == pytest.approx(11 / 15)
    assert scores.f1 == pytest.approx(11 / 15)


def test_bcubed_extremes() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    singletons = bcubed({"a": 1, "b": 2, "c": 3}, gold)
    assert (singletons.precision, singletons.recall) == pytest.approx((1.0, 2 / 3))
    one = bcubed({"a": 0, "b": 0, "c": 0}, gold)
    assert (one.precision, one.recall) == pytest.approx(((2 / 3 + 2 / 3 + 1 / 3) / 3, 1.0))
    with pytest.raises(ValueError):
        bcubed({"a": 1}, gold)


def test_reader_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"id": "1", "text": "Some text here.", "cluster": "x"}\n{"id": "2", "text": "No gold."}\n'
    )
    with pytest.raises(InputError, match=r"d.jsonl:2: lacks cluster"):
        read_dataset(path)


def test_tfidf_baseline_groups_identical_wording(fixtures: Path) -> None:
    docs = read_dataset(fixtures / "clustering" / "fictional.jsonl")
    clusters = tfidf_baseline(docs, threshold=0.0)
    assert len(set(clusters.values())) == 1  # everything joins at threshold 0
    assert len(set(tfidf_baseline(docs, threshold=1.01).values())) == len(docs)


def test_clustering_gate_on_the_fictional_fixture(fixtures: Path) -> None:
    """Quality gate: framelens's stories on our fictional fixture keep the score they had."""
    report = evaluate_clustering(
        fixtures / "clustering" / "fictional.jsonl", load_settings(tone=False), load_corpus_params()
    )
    ours, _ = report.systems["framelens stories"]
    base, _ = report.systems["TF-IDF, cosine >= 0.3"]
    assert report.articles == 13 and report.gold_clusters == 5
    assert ours.precision >= 0.95 and ours.f1 >= 0.80
    assert ours.f1 > base.f1
    assert "framelens stories" in report.render()


def test_pairwise_counts_pairs_as_the_anchor_does() -> None:
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    # one predicted cluster {a, b} and two singletons: 1 true pair of 3 gold pairs, nothing wrong
    split = pairwise({"a": 0, "b": 0, "c": 1, "d": 2}, gold)
    assert (split.precision, split.recall) == pytest.approx((1.0, 1 / 3))
    # everything together: 3 true pairs of 6 claimed
    merged = pairwise(dict.fromkeys(gold, 0), gold)
    assert (merged.precision, merged.recall, merged.f1) == pytest.approx((0.5, 1.0, 2 / 3))
    # the anchor's released English score file: tp 936031, fp 17710, fn 101072 -> P 0.98143, R 0.90254
    assert pytest.approx(0.98143, abs=5e-6) == 936031 / (936031 + 17710)
    with pytest.raises(ValueError):
        pairwise({"a": 1}, gold)
