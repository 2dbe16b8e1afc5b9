"""Disputed claims: a claim one outlet makes that another outlet's own words dispute.

Precision first; each condition removes a kind of false alarm seen on real same-event
triplets (BASIL), where most sentences that look like a denial report someone's denial:

1. the claim is central: it names a linked actor that several articles cover (the
   comparison's matrix actors), and the disputing sentence names one of its actors too;
2. the disputing sentence refutes in the outlet's own words (``framelens.comparison.
   voice``): a negator reaching a word that the claim affirms ("did not approve" against
   "approved"), or a refuting word ("falsely claimed", "there is no evidence that") in a
   sentence that repeats most of the claim's words.  "X denied it" and "'It is not true,'
   X said" are reported denials and never count;
3. the stance model (``framelens.stance``, trained on FNC-1) reads the disputing outlet's
   whole text as disagreeing with the claim with a probability of at least
   ``dispute_threshold``.  It reads what it was trained on, a headline against a body: the
   claim without its attribution (``voice.proposition``: "according to documents seen by
   the Courier" reads as hedging, "discuss") against the whole text (on one sentence the
   model leans to "discuss" and reads a negated paraphrase as agreeing).

The model reads at most ``stance_pairs`` pairs per comparison (the most similar
candidates first), so its cost does not grow with the number of articles compared.

The model does not judge ``opposite`` groups: it is blind to negation on short texts.  It
read the fictional "will do little to weaken the KLF" against "has weakened the KLF" as
agreeing (0.71 each way), and the seeds' weakened / degrade pair at 0.37, while the artefacts
the old negation rule made on BASIL (a quote's "without", a reported "not") read 0.04 to
0.83: no threshold tells them apart.  Scoping negation to the outlet's own words
(``voice``) removed those artefacts instead.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from framelens.comparison.lexicon import CompareLexicon
from framelens.comparison.records import ClaimMember
from framelens.comparison.voice import Reading, negates, proposition

log = logging.getLogger(__name__)

#: the share of a claim's content words a sentence with a refuting word must repeat
REFUTED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Dispute:
    """A claim (index) and a sentence of another article (index) that disputes it in its own
    words, with the words that do (``evidence``) and the stance model's disagree probability."""

    claim: int
    disputer: int
    similarity: float
    evidence: str
    disagree: float = 0.0


def evidence(claim: Reading, other: Reading) -> str | None:
    """How ``other`` refutes ``claim`` in its own words, worded; None when it does not."""
    found = negates(other, claim, predicates_only=True)
    if found is not None:
        negation, word = found
        return f"“{negation.cue}” before “{word.text}”"
    if other.refutes and claim.roots and len(claim.roots & other.roots) >= REFUTED_SHARE * len(claim.roots):
        return f"“{other.refutes[0]}”"
    return None


def candidates(
    members: Sequence[ClaimMember],
    readings: Sequence[Reading],
    vectors: np.ndarray,
    central: Collection[str],
    lex: CompareLexicon,
) -> list[Dispute]:
    """Every (claim, disputing sentence) pair with lexical evidence, most similar first.

    Never all pairs: a negation meets only the claims that name one of its sentence's central
    actors and affirm a word it reaches (an index of the claims' words); a refuting word, the
    ``neighbours`` most similar of those claims.
    """
    about: dict[str, set[int]] = defaultdict(set)
    affirming: dict[str, set[int]] = defaultdict(set)
    for i, (member, reading) in enumerate(zip(members, readings, strict=True)):
        if any(actor in central for actor in member.actors):
            for actor in member.actors:
                about[actor].add(i)
            for word in reading.affirmed:
                affirming[word].add(i)
    found: dict[tuple[int, int], Dispute] = {}
    for d, (member, reading) in enumerate(zip(members, readings, strict=True)):
        negated = {w.root for n in reading.own_negations if not n.nominal for w in n.scope}
        if not negated and not reading.refutes:
            continue
        sharing = {c for actor in member.actors if actor in central for c in about[actor]}
        sharing = {c for c in sharing if members[c].article_id != member.article_id}
        if not sharing:
            continue
        targets = {c for word in negated for c in affirming.get(word, ())} & sharing
        if reading.refutes:
            order = sorted(sharing)
            sims = vectors[order] @ vectors[d]
            targets |= {order[k] for k in np.argsort(-sims)[: lex.neighbours].tolist()}
        for c in sorted(targets):
            sim = float(vectors[c] @ vectors[d])
            if sim < lex.min_similarity:
                continue
            words = evidence(readings[c], reading)
            if words is not None:
                found[(c, d)] = Dispute(c, d, sim, words)
    return sorted(found.values(), key=lambda x: (-x.similarity, x.claim, x.disputer))


def stance_of(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """The stance model's probabilities (agree, disagree, discuss, unrelated order of
    ``framelens.stance.LABELS``) for (claim, text) pairs; one batch, each text read once."""
    if not pairs:
        return np.zeros((0, 4))
    from framelens.stance import LABELS, load_stance_model

    model = load_stance_model()
    probs = model.proba(list(pairs))
    order = [model.labels.index(label) for label in LABELS]
    return np.asarray(probs)[:, order]


def judge(
    found: Sequence[Dispute],
    members: Sequence[ClaimMember],
    texts: Mapping[str, str],
    lex: CompareLexicon,
) -> list[Dispute]:
    """The first ``stance_pairs`` candidates (most similar first) that the stance model reads
    as disagreeing with at least ``dispute_threshold``, each with that probability: one batch,
    each claim read without its attribution against the disputing article's whole text."""
    chosen = list(found[: max(lex.stance_pairs, 0)])
    if len(found) > len(chosen):
        log.info("%d dispute candidates; the stance model reads the %d most similar", len(found), len(chosen))
    pairs = [(proposition(members[d.claim].text, lex), texts[members[d.disputer].article_id]) for d in chosen]
    probs = stance_of(pairs)
    kept = []
    for dispute, row in zip(chosen, probs, strict=True):
        disagree = float(row[1])
        if disagree >= lex.dispute_threshold:
            kept.append(dataclasses.replace(dispute, disagree=disagree))
    return kept
