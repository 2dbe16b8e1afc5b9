"""Boosted trees as plain arrays: scikit-learn's HistGradientBoostingClassifier, exported and replayed.

Why not a pickle: pickles break across scikit-learn versions and can run code when
loaded.  A fitted ensemble is only numbers: for each node its feature, threshold, where
a missing value goes and its two children, for each leaf its value, and for each tree
the class it adds to.  ``export`` flattens every tree into one set of node arrays (a
leaf points to itself, so walking all trees a fixed number of steps lands every row on
its leaf); ``Forest.raw`` walks them for many rows at once and adds the leaf values to
the baseline score, which is what scikit-learn's ``_raw_predict`` computes; a softmax
gives its ``predict_proba`` (multinomial loss).  Only numeric splits are supported
(the stance features have no categorical ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

#: the arrays a forest is stored as, under a prefix of the caller's choosing
ARRAYS = ("feature", "threshold", "missing_left", "left", "right", "value", "roots", "tree_class", "baseline")
#: rows walked at once (bounds the (rows x trees) index arrays)
CHUNK = 2048


@dataclass(frozen=True)
class Forest:
    """A multiclass boosted ensemble; see the module docstring."""

    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    tree_class: np.ndarray
    baseline: np.ndarray
    depth: int

    @property
    def n_classes(self) -> int:
        return int(self.baseline.shape[0])

    @property
    def n_nodes(self) -> int:
        return int(self.feature.shape[0])

    def raw(self, x: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds), shape (rows, classes), for a float matrix of features."""
        x = np.asarray(x, dtype=np.float64)
        out = np.tile(self.baseline, (x.shape[0], 1))
        for at in range(0, x.shape[0], CHUNK):
            rows = x[at : at + CHUNK]
            nodes = np.broadcast_to(self.roots, (rows.shape[0], self.roots.shape[0])).copy()
            index = np.arange(rows.shape[0])[:, None]
            for _ in range(self.depth):
                values = rows[index, self.feature[nodes]]
                go_left = np.where(
                    np.isnan(values), self.missing_left[nodes], values <= self.threshold[nodes]
                )
                nodes = np.where(go_left, self.left[nodes], self.right[nodes])
            leaf = self.value[nodes]
            for k in range(self.n_classes):
                out[at : at + CHUNK, k] += leaf[:, self.tree_class == k].sum(axis=1)
        return out

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, shape (rows, classes): the softmax of ``raw``."""
        raw = self.raw(x)
        raw -= raw.max(axis=1, keepdims=True)
        e = np.exp(raw)
        return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The arrays to store, names prefixed (several forests can share one ``.npz``)."""
        return {f"{prefix}{name}": getattr(self, name) for name in ARRAYS}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> Forest:
        """The inverse of ``arrays``; raises KeyError naming a missing array."""
        got = {name: arrays[f"{prefix}{name}"] for name in ARRAYS}
        return cls(
            feature=np.asarray(got["feature"], dtype=np.int32),
            threshold=np.asarray(got["threshold"], dtype=np.float64),
            missing_left=np.asarray(got["missing_left"], dtype=bool),
            left=np.asarray(got["left"], dtype=np.int32),
            right=np.asarray(got["right"], dtype=np.int32),
            value=np.asarray(got["value"], dtype=np.float64),
            roots=np.asarray(got["roots"], dtype=np.int32),
            tree_class=np.asarray(got["tree_class"], dtype=np.int32),
            baseline=np.asarray(got["baseline"], dtype=np.float64),
            depth=_depth(np.asarray(got["left"]), np.asarray(got["right"]), np.asarray(got["roots"])),
        )


def _depth(left: np.ndarray, right: np.ndarray, roots: np.ndarray) -> int:
    """The longest root-to-leaf path: how many steps ``raw`` must walk."""
    depth = 0
    nodes = np.asarray(roots, dtype=np.int64)
    while True:
        nxt = np.concatenate([left[nodes], right[nodes]])
        moving = nxt != np.concatenate([nodes, nodes])
        if not moving.any():
            return depth
        nodes = np.unique(nxt[moving])
        depth += 1


def export(clf: Any) -> Forest:
    """Flatten a fitted multiclass ``HistGradientBoostingClassifier`` (numeric features only)."""
    feature, threshold, missing_left, left, right, value, roots, tree_class = ([] for _ in range(8))
    offset = 0
    for iteration in clf._predictors:
        for k, predictor in enumerate(iteration):
            nodes = predictor.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits cannot be exported")
            n = len(nodes)
            own = np.arange(offset, offset + n)
            leaf = nodes["is_leaf"].astype(bool)
            feature.append(np.where(leaf, 0, nodes["feature_idx"]))
            threshold.append(np.where(leaf, np.inf, nodes["num_threshold"]))
            missing_left.append(nodes["missing_go_to_left"].astype(bool))
            left.append(np.where(leaf, own, nodes["left"].astype(np.int64) + offset))
            right.append(np.where(leaf, own, nodes["right"].astype(np.int64) + offset))
            value.append(np.where(leaf, nodes["value"], 0.0))
            roots.append(offset)
            tree_class.append(k)
            offset += n
    baseline = np.asarray(clf._baseline_prediction, dtype=np.float64).reshape(-1)
    arrays = {
        "feature": np.concatenate(feature),
        "threshold": np.concatenate(threshold),
        "missing_left": np.concatenate(missing_left),
        "left": np.concatenate(left),
        "right": np.concatenate(right),
        "value": np.concatenate(value),
        "roots": np.array(roots),
        "tree_class": np.array(tree_class),
        "baseline": baseline,
    }
    return Forest.from_arrays(arrays, "")
