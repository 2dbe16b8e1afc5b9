"""Precision, recall and F1 as the evaluators report them (one definition for all of them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 in 0..1, with the counts they were computed from."""

    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "predicted": self.predicted,
            "gold": self.gold,
        }


def prf(p_num: float, p_den: int, r_num: float, r_den: int) -> PRF:
    """P = p_num / p_den, R = r_num / r_den, F1 their harmonic mean.

    As SemEval-2020 Task 11's scorer (``compute_prec_rec_f1``) does: F1 is 1.0 when
    nothing was predicted and nothing was to be found, 0 when P or R is 0.
    """
    p = p_num / p_den if p_den > 0 else 0.0
    r = r_num / r_den if r_den > 0 else 0.0
    f1 = 1.0 if p_den == 0 and r_den == 0 else 0.0
    if p > 0 and r > 0:
        f1 = 2 * p * r / (p + r)
    return PRF(p, r, f1, p_den, r_den)
