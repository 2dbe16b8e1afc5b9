"""Stance of a text toward a claim: does another article agree with it, disagree, discuss it, or not relate?

The task and labels are FNC-1's (Fake News Challenge stage 1: a headline against an
article body): ``agree``, ``disagree``, ``discuss``, ``unrelated``.  A claim is a headline
or a claim sentence; the text is another article's body.  Features
(``framelens.stance.features``) read overlap, cue words, polarity and the MiniLM
similarity of the claim to the text's best-matching sentences; boosted trees trained on
FNC-1's training set (``framelens.stance.model``) turn them into probabilities.

Use ``predict`` for many pairs at once: each distinct claim and text is prepared once,
and MiniLM encodes each distinct claim and candidate sentence once, in batches, however
many pairs share it (claims recur across texts and texts across claims).

Retrain the packaged model (see ``framelens.train.stance`` for the held-back rule)::

    python -m framelens.train.stance --data ../shared/data/fnc1 --out framelens/resources/stance/
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from framelens.context import ModelKind, shared_model
from framelens.stance.model import LABELS, StanceModel

__all__ = ["LABELS", "Stance", "StanceModel", "load_stance_model", "predict", "predict_labels"]


class Stance(NamedTuple):
    """The stance of a text toward a claim: a label of ``LABELS`` and that label's probability."""

    label: str
    score: float


def load_stance_model() -> StanceModel:
    """The packaged model, read once per process (``framelens.context``'s model cache)."""
    return shared_model(ModelKind.stance, "packaged", StanceModel.load)


def _checked(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for k, pair in enumerate(pairs):
        if not (isinstance(pair, tuple | list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)):
            raise TypeError(f"pair {k} is not a (claim, text) tuple of two strings: {pair!r:.80}")
        out.append((pair[0], pair[1]))
    return out


def predict(pairs: Iterable[tuple[str, str]], model: StanceModel | None = None) -> list[Stance]:
    """The stance of each text toward its claim, in input order: (label, probability of that label).

    ``pairs`` are (claim, text): a headline or claim sentence, and another article's text.
    """
    checked = _checked(pairs)
    model = model or load_stance_model()
    probs = model.proba(checked)
    return [Stance(model.labels[int(row.argmax())], float(row.max())) for row in probs]


def predict_labels(pairs: Sequence[tuple[str, str]], model: StanceModel | None = None) -> list[str]:
    """Only the labels of ``predict`` (what an evaluator scores)."""
    return [s.label for s in predict(pairs, model=model)]
