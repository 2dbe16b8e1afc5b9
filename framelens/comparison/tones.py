"""The tone matrix: tone toward each linked actor in each article, and where outlets diverge."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from framelens.comparison.records import Finding, LinkedActor, ToneCell
from framelens.models import ActorTone, Analysis

#: a tone difference is a candidate when scores of two articles lie this far apart ...
TONE_SPREAD = 0.6


def _merge(tones: list[ActorTone]) -> tuple[str, float, tuple]:
    """One article's tone toward a linked actor that the article split into several actors.

    Scores are averaged weighted by how many sentences each was computed from; the label
    follows the averaged score's side of the label of the strongest part.
    """
    if len(tones) == 1:
        t = tones[0]
        return t.label, t.score, t.evidence
    weights = [max(1, getattr(t, "sentences", 1)) for t in tones]
    score = sum(t.score * w for t, w in zip(tones, weights, strict=True)) / sum(weights)
    label = max(tones, key=lambda t: abs(t.score)).label
    evidence = tuple(e for t in tones for e in t.evidence)
    return label, score, evidence


def tone_matrix(
    analyses: Sequence[Analysis], actors: Sequence[LinkedActor], links: Mapping[tuple[str, str], str]
) -> list[ToneCell]:
    """Cells for the given linked actors in every article that has a tone toward them."""
    wanted = {a.id for a in actors}
    cells = []
    for analysis in analyses:
        article_id = analysis.article.id
        per_actor: dict[str, list[ActorTone]] = defaultdict(list)
        for tone in analysis.tones:
            linked = links.get((article_id, tone.actor_id))
            if linked in wanted:
                per_actor[linked].append(tone)
        for actor in actors:
            if actor.id in per_actor:
                label, score, evidence = _merge(per_actor[actor.id])
                cells.append(ToneCell(actor.id, article_id, label, round(score, 4), evidence))
    return cells


def tone_findings(
    cells: Sequence[ToneCell], actors: Sequence[LinkedActor], labels: Mapping[str, str]
) -> list[Finding]:
    """Candidate tone differences: an actor negative in one article and positive in another,
    or scores at least ``TONE_SPREAD`` apart."""
    by_actor: dict[str, list[ToneCell]] = defaultdict(list)
    for cell in cells:
        by_actor[cell.actor_id].append(cell)
    findings = []
    for actor in actors:
        row = by_actor.get(actor.id, [])
        if len(row) < 2:
            continue
        low, high = min(row, key=lambda c: c.score), max(row, key=lambda c: c.score)
        opposite_labels = low.label == "negative" and high.label == "positive"
        if not opposite_labels and high.score - low.score < TONE_SPREAD:
            continue
        evidence = tuple(
            (cell.article_id, max(cell.evidence, key=lambda e: abs(e.score)).span)
            for cell in (low, high)
            if cell.evidence
        )
        statement = (
            f"Candidate tone difference toward {actor.name}: {low.label} in {labels[low.article_id]} "
            f"({low.score:+.2f}), {high.label} in {labels[high.article_id]} ({high.score:+.2f})."
        )
        findings.append(
            Finding(
                "tone_difference",
                statement,
                evidence,
                round(min(1.0, (high.score - low.score) / 2), 4),
                actor.id,
            )
        )
    return findings
