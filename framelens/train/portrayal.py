"""Train the portrayal model: how the signals of ``framelens.tone.portrayal`` weigh into an
article's stance toward an actor, learned from human article-level judgements.

Data (development parts only, see ``../shared/data/*/PROVENANCE.md``): BASIL's 48 dev
triplets (``author_feeling_<Entity>``) and PerSenT's dev split (author sentiment toward
the main person; its train split is not available here).  Both are analysed by the
default pipeline; each annotated entity found among the article's actors gives one example.

Model selection: 8-fold cross-validation grouped by BASIL triplet (three outlets on one
event never straddle a fold) and by PerSenT document, choosing the regularisation, the class
weight and the neutral margin on the portrayal score that maximise the mean of the two
datasets' macro-F1; those cross-validated figures are what
the model's ``model.json`` and the README report, as *development* figures.  The final
model is fit on every example.  About 10 minutes on 2 cores (the analysis dominates)::

    python -m framelens.train.portrayal --basil ../shared/data/basil-dev \\
        --persent ../shared/data/persent/dev.csv --out framelens/resources/portrayal/
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

import numpy as np

from framelens.eval.portrayal import Dataset, actors_named, read_basil, read_persent
from framelens.tone.portrayal import (
    DIRECTIONS,
    FEATURES,
    FLOORS,
    LABELS,
    UNWEIGHTED,
    PortrayalModel,
    label_index,
    signals,
)

log = logging.getLogger(__name__)

#: (inverse regularisation strength, class weighting) tried; small data: strong regularisation
GRID = tuple((c, w) for w in ("balanced", None) for c in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0))
FOLDS = 8
#: neutral margins tried on the portrayal score (``PortrayalModel.margin``; 0: the most
#: probable class), chosen with C and the class weight by the same cross-validation
MARGINS = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4)
SCALE_FLOOR = 0.5


def neutral_model() -> PortrayalModel:
    """A model that says neutral to everything: stands in while the examples are analysed
    (the signals do not depend on the portrayal, and there may be no packaged model yet)."""
    n = len(FEATURES)
    return PortrayalModel(np.zeros(n), np.ones(n), np.zeros(n), np.array([-3.0, 3.0]), FEATURES)


def examples(data: Dataset, tag: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(signals, gold labels, groups) of every annotated entity found as an actor."""
    from framelens.context import Context, ModelKind, shared_model
    from framelens.eval.portrayal import analyse
    from framelens.headline import rejoin

    shared_model(ModelKind.portrayal, "packaged", neutral_model)
    ctx = Context()
    rows, gold, groups = [], [], []
    # the signals as the tone stage reads them: on the working text, headline included
    joined = [rejoin(a) for a in analyse(data.items)]
    analyses = [analysis for analysis, _ in joined]
    ctx.parse([a.article for a in analyses], {id(h.work): h for _, h in joined if h is not None})
    docs = [ctx.doc(a.article) for a in analyses]
    for item, analysis, doc in zip(data.items, analyses, docs, strict=True):
        for target in item.targets:
            ids = [a.id for a in actors_named(analysis, target.name)]
            if ids:
                rows.append(signals(analysis, doc, ids).values)
                gold.append(target.gold)
                groups.append(f"{tag}:{item.group}")
    return np.array(rows).reshape(-1, len(FEATURES)), np.array(gold), np.array(groups)


def _cached(path: Path, cache: Path | None, read: Any, tag: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``examples`` of one dataset, kept in ``cache`` (keyed by path and feature names)."""
    key = hashlib.sha256(f"{path.resolve()}|{FEATURES}".encode()).hexdigest()[:16]
    file = cache / f"portrayal-{tag}-{key}.npz" if cache else None
    if file is not None and file.exists():
        with np.load(file, allow_pickle=False) as z:
            return z["x"], z["y"], z["g"]
    x, y, g = examples(read(path), tag)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        np.savez(file, x=x, y=y, g=g)
    return x, y, g


def _fit(
    x: np.ndarray, y: np.ndarray, c: float, weight: str | None, source: np.ndarray | None = None
) -> dict[str, PortrayalModel]:
    """Ordinal logistic regression with each weight's sign bounded as ``DIRECTIONS`` says
    (L-BFGS-B; no library fits sign-constrained ordinal models, so the loss is written here).

    The weights are shared by every dataset, the two cut points are each dataset's own:
    datasets differ in how often their annotators say neutral (BASIL's author feeling is
    neutral for 3 in 4 entities, PerSenT's author sentiment positive for half of them), and
    one set of cut points would fit neither.  Returns one model per dataset name.
    """
    from scipy.optimize import minimize

    source = np.array(["all"] * len(y)) if source is None else source
    names = sorted(set(source))
    d = np.array([names.index(v) for v in source])
    mean = x.mean(axis=0)
    # a floor on the scale: a signal the training data rarely shows (a role, a label) would
    # otherwise be blown up by its tiny spread wherever an article does show it
    scale = np.maximum(x.std(axis=0), SCALE_FLOOR)
    z = (x - mean) / scale
    k = np.array([LABELS.index(label) for label in y])
    sample = np.ones(len(k))
    if weight == "balanced":  # balanced within each dataset
        for i in range(len(names)):
            counts = np.bincount(k[d == i], minlength=3).astype(float)
            sample[d == i] = (d == i).sum() / (3 * np.maximum(counts, 1.0))[k[d == i]]
    n, m = z.shape[1], len(names)
    penalty = 1.0 / (c * len(k))

    def loss(params: np.ndarray) -> float:
        w, t1, gap = params[:n], params[n : n + m][d], np.exp(params[n + m :])[d]
        s = z @ w
        low = _sigmoid(t1 - s)
        high = _sigmoid(t1 + gap - s)
        p = np.choose(k, [low, high - low, 1.0 - high])
        return float(-(sample * np.log(np.clip(p, 1e-12, 1.0))).sum() / len(k) + 0.5 * penalty * w @ w)

    bounds = [_bounds(f) for f in FEATURES] + [(None, None)] * (2 * m)
    # each weight starts at its bound nearest zero
    nearest = [
        low if low is not None and low > 0 else high if high is not None and high < 0 else 0.0
        for low, high in bounds[:n]
    ]
    start = np.concatenate([nearest, np.full(m, -1.0), np.full(m, np.log(2.0))])
    fit = minimize(loss, start, method="L-BFGS-B", bounds=bounds)
    w = fit.x[:n]
    return {
        name: PortrayalModel(
            mean, scale, w, np.array([fit.x[n + i], fit.x[n + i] + np.exp(fit.x[n + m + i])])
        )
        for i, name in enumerate(names)
    }


def _bounds(feature: str) -> tuple[float | None, float | None]:
    """A weight's bounds: its sign from ``DIRECTIONS``, its least magnitude from ``FLOORS``, none
    for the ``UNWEIGHTED`` signals."""
    if feature in UNWEIGHTED:
        return 0.0, 0.0
    direction, floor = DIRECTIONS.get(feature, 0), FLOORS.get(feature, 0.0)
    if direction > 0:
        return floor, None
    if direction < 0:
        return None, -floor
    return None, None


def _sigmoid(v: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-v))


def labels_at(probs: np.ndarray, margin: float) -> np.ndarray:
    """The labels of (negative, neutral, positive) distributions at a neutral ``margin``
    (``framelens.tone.portrayal.label_index``, as the packaged model labels)."""
    return np.array([LABELS[label_index(p, margin)] for p in probs])


def cross_validate(
    x: np.ndarray, y: np.ndarray, g: np.ndarray, source: np.ndarray, c: float, weight: str | None
) -> np.ndarray:
    """Out-of-fold (negative, neutral, positive) probabilities, folds grouped by ``g``, each
    with its dataset's cut points."""
    from sklearn.model_selection import GroupKFold

    probs = np.zeros((len(y), 3))
    for train, test in GroupKFold(n_splits=FOLDS).split(x, y, g):
        models = _fit(x[train], y[train], c, weight, source[train])
        for name, model in models.items():
            rows = test[source[test] == name]
            if len(rows):
                probs[rows] = model.probabilities(x[rows])
    return probs


def train(basil: Path | None, persent: Path | None, out: Path, cache: Path | None) -> dict[str, Any]:
    from framelens.eval.portrayal import scores

    parts = []
    if basil is not None:
        parts.append(("basil", *_cached(basil, cache, read_basil, "basil")))
    if persent is not None:
        parts.append(("persent", *_cached(persent, cache, read_persent, "persent")))
    if not parts:
        raise SystemExit("give --basil and/or --persent")
    x = np.vstack([p[1] for p in parts])
    y = np.concatenate([p[2] for p in parts])
    g = np.concatenate([p[3] for p in parts])
    source = np.concatenate([[p[0]] * len(p[2]) for p in parts])
    results: dict[tuple[float, str | None, float], dict[str, Any]] = {}
    for c, weight in GRID:
        probs = cross_validate(x, y, g, source, c, weight)
        for margin in MARGINS:
            pred = labels_at(probs, margin)
            results[c, weight, margin] = {
                name: scores(list(y[source == name]), list(pred[source == name])) for name, *_ in parts
            }
            log.info(
                "C=%s %s margin %s %s",
                c,
                weight,
                margin,
                {k: v["macro_f1"] for k, v in results[c, weight, margin].items()},
            )
    best = max(results, key=lambda key: np.mean([r["macro_f1"] for r in results[key].values()]))
    models = _fit(x, y, best[0], best[1], source)
    # the packaged cut points are BASIL's: same-event news from several outlets, the
    # comparison framelens is for; PerSenT's are kept in model.json for reference
    model = dataclasses.replace(models.get("basil", next(iter(models.values()))), margin=best[2])
    meta = {
        "trained_on": {name: int((source == name).sum()) for name, *_ in parts},
        "C": best[0],
        "class_weight": best[1],
        "cuts": {name: [round(float(v), 4) for v in m.cuts] for name, m in models.items()},
        "packaged_cuts": "basil" if "basil" in models else next(iter(models)),
        "cross_validated": results[best],
        "note": "figures are 8-fold cross-validated on development data, folds grouped by triplet/document, "
        "on the annotated entities found as actors",
    }
    model.save(out, meta)
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basil", type=Path, help="BASIL folder (articles/, annotations/)")
    parser.add_argument("--persent", type=Path, help="PerSenT CSV (dev.csv)")
    parser.add_argument("--out", type=Path, default=Path("framelens/resources/portrayal"))
    parser.add_argument("--cache", type=Path, default=None, help="folder keeping the analysed examples")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    meta = train(args.basil, args.persent, args.out, args.cache)
    json.dump(meta, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
