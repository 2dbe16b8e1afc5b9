"""The tone matrix: tone toward each linked actor in each article, and where outlets diverge."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from framelens.comparison.records import Finding, LinkedActor, ToneCell
from framelens.models import ActorTone, Analysis, Evidence

#: a tone difference is a candidate when scores of two articles lie this far apart ...
TONE_SPREAD = 0.6


def representative(tones: Sequence[ActorTone]) -> ActorTone:
    """One article's portrayal of a linked actor that the article split into several actors:
    the part with the most sentences speaks for it (the portrayal model weighed each part's
    signals on their own; averaging labels would give a label no part has)."""
    return max(tones, key=lambda t: (t.sentences, abs(t.score)))


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
                t = representative(per_actor[actor.id])
                cells.append(
                    ToneCell(
                        actor.id,
                        article_id,
                        t.label,
                        round(t.score, 4),
                        t.evidence,
                        t.decided_by,
                        None if t.confidence is None else round(t.confidence, 4),
                    )
                )
    return cells


def tone_findings(
    cells: Sequence[ToneCell], actors: Sequence[LinkedActor], labels: Mapping[str, str]
) -> list[Finding]:
    """Tone differences: an actor portrayed negatively by one article and positively by
    another, or polar in one and neutral in another with scores at least ``TONE_SPREAD``
    apart.  Two articles with the same label are never a difference, however far apart
    their scores ("negative in A, negative in B" is agreement)."""
    by_actor: dict[str, list[ToneCell]] = defaultdict(list)
    for cell in cells:
        by_actor[cell.actor_id].append(cell)
    findings = []
    for actor in actors:
        row = by_actor.get(actor.id, [])
        if len(row) < 2:
            continue
        low, high = min(row, key=lambda c: c.score), max(row, key=lambda c: c.score)
        differs = difference((low.label, low.score), (high.label, high.score))
        if differs is None:
            continue
        opposite = differs == "opposite"
        deciding = [(cell.article_id, ev) for cell in (low, high) if (ev := _deciding(cell)) is not None]
        evidence = tuple((aid, ev.span) for aid, ev in deciding)
        kind = "opposite portrayals" if opposite else "different portrayals"
        statement = (
            f"Candidate {kind} of {actor.name}: {low.label} in {labels[low.article_id]} "
            f"({low.score:+.2f}{_by(low)}), {high.label} in {labels[high.article_id]} "
            f"({high.score:+.2f}{_by(high)})."
        )
        findings.append(
            Finding(
                "tone_difference",
                statement,
                evidence,
                round(min(1.0, (high.score - low.score) / 2), 4),
                actor.id,
                tuple(ev.field for _, ev in deciding),
            )
        )
    return findings


_RANK = {"negative": 0, "neutral": 1, "positive": 2}


def difference(low: tuple[str, float], high: tuple[str, float]) -> str | None:
    """Whether the lowest and the highest (label, score) of one actor's portrayals are a tone
    difference: "opposite" (negative and positive), "different" (polar and neutral, scores at
    least ``TONE_SPREAD`` apart) or None.  ``eval portrayal`` measures these on BASIL."""
    if low[0] == high[0] or _RANK[low[0]] > _RANK[high[0]]:
        return None
    if low[0] == "negative" and high[0] == "positive":
        return "opposite"
    return "different" if high[1] - low[1] >= TONE_SPREAD else None


def _deciding(cell: ToneCell) -> Evidence | None:
    """The evidence that speaks most strongly for the cell's label."""
    sign = {"negative": -1.0, "positive": 1.0}.get(cell.label, 0.0)
    agreeing = [e for e in cell.evidence if e.score * sign > 0] if sign else list(cell.evidence)
    return max(agreeing, key=lambda e: abs(e.score)) if agreeing else None


def _by(cell: ToneCell) -> str:
    return f", by {', '.join(cell.decided_by)}" if cell.decided_by else ""
