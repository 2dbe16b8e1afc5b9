"""Coreference metrics: MUC, B³, CEAF-e (from scorch), LEA (here) and CoNLL F1.

Clusterings are given as mention -> cluster id maps.  MUC, B³ and CEAF-e come from
``scorch`` (Loïc Grobol's implementation of the reference scorer's formulas, Pradhan et
al. 2014, on PyPI); it has no LEA (Moosavi and Strube 2016), which is written here.  The
CoNLL F1 is the mean of the MUC, B³ and CEAF-e F1, as the CoNLL-2012 shared task defines it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

METRICS = ("muc", "bcubed", "ceafe", "lea")


@dataclass(frozen=True, slots=True)
class RPF:
    """Recall, precision and F1 of one coreference metric."""

    recall: float
    precision: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"recall": self.recall, "precision": self.precision, "f1": self.f1}


@dataclass(frozen=True, slots=True)
class CorefScores:
    """MUC, B³, CEAF-e and LEA of one clustering; ``conll`` is the mean of the first three F1."""

    muc: RPF
    bcubed: RPF
    ceafe: RPF
    lea: RPF

    @property
    def conll(self) -> float:
        return (self.muc.f1 + self.bcubed.f1 + self.ceafe.f1) / 3

    def to_dict(self) -> dict[str, Any]:
        return {**{name: getattr(self, name).to_dict() for name in METRICS}, "conll_f1": self.conll}


def clusters_of(assignment: Mapping[str, Hashable]) -> list[set[str]]:
    """The clusters (sets of mention ids) of a mention -> cluster id map, in a stable order."""
    groups: dict[Hashable, set[str]] = {}
    for mention in sorted(assignment):
        groups.setdefault(assignment[mention], set()).add(mention)
    return list(groups.values())


def lea(key: Sequence[set[str]], response: Sequence[set[str]]) -> RPF:
    """LEA (Moosavi and Strube 2016): each entity weighted by its size, scored by its resolved links.

    A singleton has one "self link", resolved when the other side also has it alone, as
    in the authors' implementation (coval) when singletons are kept.
    """

    def side(clusters: Sequence[set[str]], other: Sequence[set[str]]) -> float:
        where = {m: n for n, cluster in enumerate(other) for m in cluster}
        resolved = total = 0.0
        for cluster in clusters:
            size = len(cluster)
            if size == 1:
                (mention,) = cluster
                common = 1.0 if mention in where and len(other[where[mention]]) == 1 else 0.0
                links = 1.0
            else:
                shared = Counter(where[m] for m in cluster if m in where)
                common = sum(n * (n - 1) / 2 for n in shared.values())
                links = size * (size - 1) / 2
            resolved += size * common / links
            total += size
        return resolved / total if total else 0.0

    recall, precision = side(key, response), side(response, key)
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return RPF(recall, precision, f1)


def coref_scores(key: Mapping[str, Hashable], response: Mapping[str, Hashable]) -> CorefScores:
    """Score a predicted clustering (``response``) against the gold one (``key``), mention -> cluster.

    MUC, B³ and CEAF-e come from scorch (maintained, on PyPI, checked against the
    reference scorer's test cases); LEA is ours (``lea``).
    """
    from scorch import scores

    k, r = clusters_of(key), clusters_of(response)
    if not k:
        zero = RPF(0.0, 0.0, 0.0)
        return CorefScores(zero, zero, zero, zero)
    return CorefScores(
        muc=RPF(*scores.muc(k, r)),
        bcubed=RPF(*scores.b_cubed(k, r)),
        ceafe=RPF(*scores.ceaf_e(k, r)),
        lea=lea(k, r),
    )
