"""The trained stance model: boosted trees over ``features.FEATURES`` plus the TF-IDF space they read.

Stored as plain data, never a pickle (pickles break across library versions and can run
code when loaded): ``weights.npz`` holds the trees of the model (``m_*``) and of the
baseline-feature model (``b_*``, ``framelens eval fnc1``'s baseline row) as node arrays
(``framelens.stance.trees``) and the TF-IDF terms with their idf; ``model.json`` holds the
label and feature order, the held-back rule and the scores measured when trained.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from framelens.errors import FramelensError
from framelens.model_files import ModelFiles, read_model_files, write_model_files
from framelens.stance import baseline as baseline_features_module
from framelens.stance.features import FEATURES, Encoder, TfIdf, pair_features, view
from framelens.stance.trees import Forest

LABELS = ("agree", "disagree", "discuss", "unrelated")
RETRAIN = "python -m framelens.train.stance --data ../shared/data/fnc1 --out framelens/resources/stance/"


def _encode(strings: list[str]) -> np.ndarray:
    from framelens.embed import encode_sentences

    return encode_sentences(strings)


def index_pairs(pairs: Sequence[tuple[str, str]]) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    """Distinct claims, distinct texts and each pair as (claim index, text index), so each is read once."""
    claims: dict[str, int] = {}
    texts: dict[str, int] = {}
    indexed = []
    for claim, text in pairs:
        indexed.append((claims.setdefault(claim, len(claims)), texts.setdefault(text, len(texts))))
    return list(claims), list(texts), indexed


@dataclass(frozen=True)
class StanceModel:
    """A loaded model; ``proba`` maps (claim, text) pairs to probabilities over ``labels``."""

    labels: tuple[str, ...]
    tfidf: TfIdf
    forest: Forest
    baseline: Forest
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path | None = None) -> StanceModel:
        """Read ``model.json`` and ``weights.npz`` from ``directory`` (default: the packaged ones)."""
        return read_model_files("stance model", "stance", directory, RETRAIN, cls._parse)

    @classmethod
    def _parse(cls, files: ModelFiles) -> StanceModel:
        meta, arrays = files.meta, files.arrays
        forest = Forest.from_arrays(arrays, "m_")
        baseline = Forest.from_arrays(arrays, "b_")
        tfidf = TfIdf(
            tuple(str(t) for t in arrays["tfidf_terms"]), np.asarray(arrays["tfidf_idf"], np.float64)
        )
        for name, expected in (
            ("features", FEATURES),
            ("baseline_features", baseline_features_module.FEATURES),
        ):
            if tuple(meta.get(name, ())) != expected:
                raise FramelensError(
                    f"{files.meta_path}: the model was trained on other {name.replace('_', ' ')} than "
                    f"this framelens computes; retrain it ({RETRAIN})"
                )
        return cls(labels=tuple(meta["labels"]), tfidf=tfidf, forest=forest, baseline=baseline, meta=meta)

    def save(self, directory: Path) -> None:
        """Write the arrays (leaf values as float32: half the size, scores unchanged) and the JSON."""
        arrays: dict[str, Any] = {**self.forest.arrays("m_"), **self.baseline.arrays("b_")}
        for name in list(arrays):
            if name.endswith("value"):
                arrays[name] = arrays[name].astype(np.float32)
        arrays["tfidf_terms"] = np.asarray(self.tfidf.terms, dtype=str)
        arrays["tfidf_idf"] = self.tfidf.idf
        meta = {
            **self.meta,
            "labels": list(self.labels),
            "features": list(FEATURES),
            "baseline_features": list(baseline_features_module.FEATURES),
        }
        write_model_files(directory, arrays, meta)

    def features(self, pairs: Sequence[tuple[str, str]], encode: Encoder | None = None) -> np.ndarray:
        """The feature matrix of the pairs, each distinct claim and text prepared once."""
        claims, texts, indexed = index_pairs(pairs)
        return pair_features(
            [view(c) for c in claims], [view(t) for t in texts], indexed, self.tfidf, encode or _encode
        )

    def proba(self, pairs: Sequence[tuple[str, str]], encode: Encoder | None = None) -> np.ndarray:
        """Probabilities over ``labels``, shape (len(pairs), len(labels))."""
        if not pairs:
            return np.zeros((0, len(self.labels)))
        return self.forest.proba(self.features(pairs, encode))

    def baseline_labels(self, pairs: Sequence[tuple[str, str]]) -> list[str]:
        """The baseline-feature model's stance of each (headline, body) pair (for ``eval fnc1``)."""
        if not pairs:
            return []
        probs = self.baseline.proba(baseline_features_module.baseline_features(pairs))
        return [self.labels[int(i)] for i in probs.argmax(axis=1)]
