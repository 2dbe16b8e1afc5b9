"""Training the portrayal model: signs and floors hold whatever the data say; cut points per dataset."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from framelens.tone.portrayal import DIRECTIONS, FEATURES, FLOORS, UNWEIGHTED, PortrayalModel
from framelens.train.portrayal import _fit, cross_validate, labels_at, neutral_model


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = 300
    x = rng.normal(size=(n, len(FEATURES)))
    mean = FEATURES.index("mentions:narrator_mean")
    bad = FEATURES.index("labels:negative")
    axis = 2.0 * x[:, mean] + 0.5 * rng.normal(size=n)
    # adversarial: here the "negative labels" signal rises with a favourable reading
    x[:, bad] = axis + rng.normal(size=n)
    y = np.where(axis < -1, "negative", np.where(axis > 1, "positive", "neutral"))
    source = np.array(["basil"] * 150 + ["persent"] * 150)
    return x, y, source


def test_weights_keep_their_direction_and_floor_against_the_data() -> None:
    x, y, source = _data()
    models = _fit(x, y, 1.0, "balanced", source)
    assert set(models) == {"basil", "persent"}
    model = models["basil"]
    for name, weight in zip(FEATURES, model.weights, strict=True):
        assert weight * DIRECTIONS.get(name, 0) >= FLOORS.get(name, 0.0) - 1e-9, name
        if name in UNWEIGHTED:
            assert weight == 0.0, name
    assert model.weights[FEATURES.index("mentions:narrator_mean")] > 0.5
    # shared weights, own cut points
    assert np.array_equal(models["basil"].weights, models["persent"].weights)


def test_cross_validation_predicts_every_example_and_beats_chance() -> None:
    x, y, source = _data(1)
    groups = np.array([f"g{i // 3}" for i in range(len(y))])
    probs = cross_validate(x, y, groups, source, 1.0, "balanced")
    assert probs.shape == (len(y), 3) and np.allclose(probs.sum(axis=1), 1.0)
    pred = labels_at(probs, 0.0)
    assert all(p in {"negative", "neutral", "positive"} for p in pred)
    assert (pred == y).mean() > 0.6


def test_a_neutral_margin_keeps_weak_portrayals_neutral(tmp_path: Path) -> None:
    probs = np.array([[0.45, 0.15, 0.40], [0.10, 0.30, 0.60], [0.30, 0.10, 0.60]])
    # the most probable class, then a margin on P(positive) - P(negative)
    assert list(labels_at(probs, 0.0)) == ["negative", "positive", "positive"]
    assert list(labels_at(probs, 0.35)) == ["neutral", "positive", "neutral"]
    x, y, source = _data()
    model = dataclasses.replace(_fit(x, y, 1.0, "balanced", source)["basil"], margin=0.35)
    model.save(tmp_path, {})
    assert PortrayalModel.load(tmp_path).margin == 0.35


def test_the_stand_in_model_reads_everything_as_neutral() -> None:
    model: PortrayalModel = neutral_model()
    probs = model.probabilities(np.random.default_rng(2).normal(size=(5, len(FEATURES))))
    assert (probs.argmax(axis=1) == 1).all()
