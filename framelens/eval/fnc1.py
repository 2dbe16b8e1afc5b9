"""FNC-1 (Fake News Challenge, stage 1): headline/body stance, scored with the challenge's metric.

Reads the published CSV layout: ``train_bodies.csv`` (``Body ID``, ``articleBody``) with
``train_stances.csv`` (``Headline``, ``Body ID``, ``Stance``), or the same columns in
``competition_test_bodies.csv`` / ``competition_test_stances.csv`` for a user who holds
the test set.  Stances are ``agree``, ``disagree``, ``discuss`` and ``unrelated``.

The metric is the official scorer's, described here, not copied: per pair, +0.25 when
related/unrelated is right (gold unrelated predicted unrelated, or gold and prediction
both among agree/disagree/discuss), and +0.75 more when a related gold stance is
predicted exactly.  The relative score is the total over the maximum (every pair right),
as a percentage.  Because it favours the majority class, macro-F1 over the four classes
is reported too (Hanselowski et al., COLING 2018, proposed it).

Split of the training set: a body is held back when SHA-256 of its id (as written in
the CSV), modulo 5, is 0 (``is_held_back``): 364 of the 1,683 bodies, with all their
10,432 pairs.  The packaged stance model never trained on them.  Headlines do recur
across the split (one claim is paired with many bodies), as in the organisers' own
hold-out split, so the held-back figure measures new articles about known claims.

The published figures are on the official competition *test* set, which framelens does
not hold: they are shown for scale, labelled so, not as a comparison on the same pairs.
"""

from __future__ import annotations

import csv
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framelens.errors import InputError
from framelens.eval import splits
from framelens.eval.splits import SPLITS

log = logging.getLogger(__name__)

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset({"agree", "disagree", "discuss"})
#: the two published layouts: (name, bodies file, stances file)
LAYOUTS = (
    ("train", "train_bodies.csv", "train_stances.csv"),
    ("competition_test", "competition_test_bodies.csv", "competition_test_stances.csv"),
)
#: (system, relative score %, raw score): the competition's results on its official *test* set
PUBLISHED = (
    ("winner (SOLAT in the SWEN)", 82.02, "9,556.50 / 11,651.25"),
    ("official baseline", 75.20, "8,761.75 / 11,651.25"),
)


def is_held_back(body_id: str | int) -> bool:
    """Whether a body (and every pair with it) is in the fixed held-back part of the training set:
    the shared rule (``framelens.eval.splits``) on the id as the CSV writes it."""
    return splits.is_held_back(str(body_id).strip())


def in_split(body_id: str | int, split: str) -> bool:
    return splits.in_split(str(body_id).strip(), split)


@dataclass(frozen=True, slots=True)
class Pair:
    """One labelled pair: the headline (claim), the body's id and the gold stance."""

    headline: str
    body_id: str
    stance: str


@dataclass(frozen=True, slots=True)
class FNC1Data:
    """The pairs of one split and the bodies they use (id -> text)."""

    layout: str
    split: str
    pairs: tuple[Pair, ...]
    bodies: dict[str, str]

    def texts(self) -> list[tuple[str, str]]:
        """(headline, body text) of every pair, in file order."""
        return [(p.headline, self.bodies[p.body_id]) for p in self.pairs]

    @property
    def gold(self) -> list[str]:
        return [p.stance for p in self.pairs]


def find_layout(directory: Path, layout: str = "auto") -> tuple[str, Path, Path]:
    """The files to read: ``train``, ``competition_test`` or ``auto`` (the test files when present)."""
    if not directory.is_dir():
        raise InputError(str(directory), "is not a folder; give the folder that holds the FNC-1 CSV files")
    names = [name for name, _, _ in LAYOUTS]
    if layout != "auto" and layout not in names:
        raise ValueError(f"unknown layout {layout!r}; choose auto or one of {', '.join(names)}")
    candidates = [entry for entry in reversed(LAYOUTS) if layout in ("auto", entry[0])]
    for name, bodies, stances in candidates:
        if (directory / bodies).is_file() and (directory / stances).is_file():
            return name, directory / bodies, directory / stances
    wanted = " or ".join(f"{b} + {s}" for _, b, s in candidates)
    raise InputError(str(directory), f"holds no {wanted}; give a folder with FNC-1's published CSV files")


def _rows(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or ())]
            if missing:
                raise InputError(
                    str(path),
                    f"has no column {', '.join(repr(c) for c in missing)} (columns: {reader.fieldnames}); "
                    "is it an FNC-1 file?",
                )
            return list(reader)
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"is not UTF-8 text ({exc})") from None
    except csv.Error as exc:
        raise InputError(str(path), f"is not readable CSV ({exc})") from None


def read_fnc1(
    directory: Path, split: str = "all", layout: str = "auto", limit: int | None = None
) -> FNC1Data:
    """Read the pairs of ``split`` (by body id) with their bodies; ``limit`` keeps the first N pairs."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    name, bodies_path, stances_path = find_layout(directory, layout)
    bodies: dict[str, str] = {}
    for row in _rows(bodies_path, ("Body ID", "articleBody")):
        bodies[row["Body ID"].strip()] = row["articleBody"] or ""
    pairs: list[Pair] = []
    for lineno, row in enumerate(_rows(stances_path, ("Headline", "Body ID", "Stance")), 2):
        body_id, stance = (row["Body ID"] or "").strip(), (row["Stance"] or "").strip()
        if stance not in LABELS:
            raise InputError(
                str(stances_path), f"row {lineno} has stance {stance!r}; expected one of {', '.join(LABELS)}"
            )
        if body_id not in bodies:
            raise InputError(
                str(stances_path), f"row {lineno} names body {body_id!r}, not in {bodies_path.name}"
            )
        if not in_split(body_id, split):
            continue
        pairs.append(Pair(row["Headline"] or "", body_id, stance))
        if limit is not None and len(pairs) >= limit:
            break
    if not pairs:
        raise InputError(str(stances_path), f"holds no pair of the {split!r} split")
    used = {p.body_id for p in pairs}
    return FNC1Data(name, split, tuple(pairs), {k: v for k, v in bodies.items() if k in used})


# --- the metric ---------------------------------------------------------------------------


def pair_score(gold: str, predicted: str) -> float:
    """The official points of one pair: 0.25 for related/unrelated right, 0.75 more for the exact stance."""
    score = 0.0
    if (gold == "unrelated") == (predicted == "unrelated"):
        score += 0.25
    if gold in RELATED and predicted == gold:
        score += 0.75
    return score


@dataclass(frozen=True, slots=True)
class Scores:
    """One system's figures on one set of pairs: the FNC-1 score, accuracy, per-class F1, confusion.

    ``confusion[gold][predicted]`` counts pairs; rates are in 0..1, ``relative`` in percent.
    """

    score: float
    max_score: float
    null_score: float
    accuracy: float
    f1: dict[str, float]
    confusion: dict[str, dict[str, int]]
    n: int

    @property
    def relative(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    @property
    def f1_macro(self) -> float:
        return sum(self.f1.values()) / len(self.f1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "relative_score": self.relative,
            "score": self.score,
            "max_score": self.max_score,
            "null_score": self.null_score,
            "accuracy": self.accuracy,
            "f1": self.f1,
            "f1_macro": self.f1_macro,
            "confusion": self.confusion,
            "n": self.n,
        }


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """The FNC-1 score with its maximum and NULL (all unrelated) score, accuracy, F1 per class and confusion.

    A class neither in ``gold`` nor predicted has F1 0, so a tiny sample cannot inflate the macro mean.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    unknown = sorted(set(predicted) - set(LABELS))
    if unknown:
        raise ValueError(f"unknown predicted stance(s) {unknown}; expected {', '.join(LABELS)}")
    pairs = list(zip(gold, predicted, strict=True))
    counts = Counter(pairs)
    confusion = {g: {p: counts[(g, p)] for p in LABELS} for g in LABELS}
    f1 = {}
    for label in LABELS:
        tp = counts[(label, label)]
        n_pred = sum(confusion[g][label] for g in LABELS)
        n_gold = sum(confusion[label].values())
        f1[label] = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
    return Scores(
        score=sum(pair_score(g, p) for g, p in pairs),
        max_score=sum(pair_score(g, g) for g in gold),
        null_score=sum(pair_score(g, "unrelated") for g in gold),
        accuracy=sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0,
        f1=f1,
        confusion=confusion,
        n=len(pairs),
    )


# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FNC1Report:
    """One run's scores for each system; ``to_dict`` is the JSON twin of ``render``."""

    directory: str
    layout: str
    split: str
    bodies: int
    systems: dict[str, Scores]
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "directory": self.directory,
            "layout": self.layout,
            "split": self.split,
            "bodies": self.bodies,
            "systems": {name: s.to_dict() for name, s in self.systems.items()},
            "published": [{"system": n, "relative_score": r, "score": raw} for n, r, raw in PUBLISHED],
            "notes": list(self.notes),
        }

    def render(self) -> str:
        first = next(iter(self.systems.values()))
        gold_counts = {g: sum(first.confusion[g].values()) for g in LABELS}
        lines = [
            f"FNC-1 {self.directory} ({self.layout} files), split {self.split!r}: {first.n} pairs, "
            f"{self.bodies} bodies ({', '.join(f'{g} {gold_counts[g]}' for g in LABELS)})",
            f"max score {first.max_score:.2f}, NULL score (all unrelated) {first.null_score:.2f}",
            "",
        ]
        published = [f"published: {n}, official test set" for n, _, _ in PUBLISHED]
        width = max(len(n) for n in [*self.systems, *published])
        header = f"{'system':<{width}}  {'score %':>7}  {'acc':>5}  {'F1m':>5}  " + "  ".join(
            f"{'F1 ' + label[:4]:>7}" for label in LABELS
        )
        lines += [header, "-" * len(header)]
        for name, s in self.systems.items():
            per = "  ".join(f"{100 * s.f1[label]:7.1f}" for label in LABELS)
            lines.append(
                f"{name:<{width}}  {s.relative:7.2f}  {100 * s.accuracy:5.1f}  {100 * s.f1_macro:5.1f}  {per}"
            )
        for label, (_, relative, _) in zip(published, PUBLISHED, strict=True):
            dashes = "  ".join(f"{'-':>7}" for _ in LABELS)
            lines.append(f"{label:<{width}}  {relative:7.2f}  {'-':>5}  {'-':>5}  {dashes}")
        for name, s in self.systems.items():
            lines += ["", f"confusion, {name} (rows gold, columns predicted):"]
            lines.append(f"{'':>10}" + "".join(f"{label:>10}" for label in LABELS))
            for g in LABELS:
                lines.append(f"{g:>10}" + "".join(f"{s.confusion[g][p]:>10d}" for p in LABELS))
        lines += ["", *self.notes]
        return "\n".join(lines)


def _notes(layout: str, split: str) -> tuple[str, ...]:
    notes = [
        "score %: the FNC-1 relative score (official metric: 0.25 for related/unrelated right, 0.75 more",
        "for the exact stance of a related pair; total / maximum).  acc: accuracy; F1m: macro-F1 over",
        "the four classes (Hanselowski et al., 2018).  The baseline row is the official baseline's",
        "feature set with framelens's classifier, trained on the same pairs as framelens (the official",
        "baseline itself used scikit-learn's GradientBoostingClassifier).",
        "Published figures are on the official competition test set, not on these pairs (raw scores:",
        *(
            f"  {n}: {raw})" if i == len(PUBLISHED) - 1 else f"  {n}: {raw};"
            for i, (n, _, raw) in enumerate(PUBLISHED)
        ),
    ]
    if layout == "train" and split != "heldback":
        notes.append(
            "The packaged models were trained on the bodies outside the held-back split: figures on "
            "those pairs measure memory, not quality; use --split heldback."
        )
    if layout == "train" and split == "heldback":
        notes += [
            "Held back: bodies with sha256(Body ID) % 5 == 0.  Headlines recur across the split (as in the",
            "organisers' hold-out), so this measures new articles about claims seen in training.",
        ]
    return tuple(notes)


def evaluate_fnc1(
    directory: Path, split: str | None = None, layout: str = "auto", limit: int | None = None
) -> FNC1Report:
    """Score framelens's stance model and the baseline-feature model on an FNC-1 folder.

    ``split`` defaults to ``heldback`` for the training files and ``all`` for the test files;
    ``heldback`` or ``training`` on the test files is a usage error (their bodies were never trained on).
    """
    from framelens.stance import load_stance_model, predict_labels

    found = find_layout(directory, layout)[0]
    if split is None:
        split = "heldback" if found == "train" else "all"
    if found != "train" and split != "all":
        raise InputError(
            str(directory),
            f"holds the {found} files, which framelens never trained on: use --split all, not {split!r}",
        )
    data = read_fnc1(directory, split=split, layout=found, limit=limit)
    pairs = data.texts()
    model = load_stance_model()
    systems = {
        "framelens stance": score(data.gold, predict_labels(pairs, model=model)),
        "baseline features, same classifier": score(data.gold, model.baseline_labels(pairs)),
    }
    return FNC1Report(
        directory=directory.name,
        layout=found,
        split=split,
        bodies=len(data.bodies),
        systems=systems,
        notes=_notes(found, split),
    )
