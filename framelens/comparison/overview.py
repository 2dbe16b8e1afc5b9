"""The article overview: who published each piece, how long it is, what it holds, its overall tone."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from framelens.comparison.records import ArticleOverview
from framelens.models import Analysis, Article

#: |signed tone| below this is reported as neutral overall
NEUTRAL_BAND = 0.15


def article_labels(articles: Sequence[Article]) -> dict[str, str]:
    """A short, unique name per article for tables and statements: outlet, else title, else the
    byline ("by Rashad Ali": pasted pieces often have no headline), else file name.

    Two pieces of one outlet are told apart by a number, so a statement never names two
    articles the same way.
    """
    labels: dict[str, str] = {}
    used: dict[str, int] = {}
    for article in articles:
        byline = f"by {', '.join(article.authors)}" if article.authors else None
        base = article.outlet or article.title or byline or PurePath(article.source).name or article.id
        base = " ".join(base.split())
        used[base] = used.get(base, 0) + 1
        labels[article.id] = base if used[base] == 1 else f"{base} ({used[base]})"
    return labels


def overall_tone(analysis: Analysis) -> tuple[str | None, float | None]:
    """The salience-weighted mean of the article's actor tones, and its label; None without tones."""
    weights = {a.id: a.salience for a in analysis.actors}
    total = sum(weights.get(t.actor_id, 0.0) for t in analysis.tones)
    if not analysis.tones or total <= 0:
        return None, None
    score = sum(t.score * weights.get(t.actor_id, 0.0) for t in analysis.tones) / total
    label = "neutral" if abs(score) < NEUTRAL_BAND else ("positive" if score > 0 else "negative")
    return label, round(score, 4)


def overview(analyses: Sequence[Analysis], labels: dict[str, str]) -> list[ArticleOverview]:
    """One overview row per article, in comparison order."""
    rows = []
    for analysis in analyses:
        article = analysis.article
        tone_label, tone_score = overall_tone(analysis)
        rows.append(
            ArticleOverview(
                article_id=article.id,
                label=labels[article.id],
                chars=len(article.text),
                words=len(article.text.split()),
                actors=len(analysis.actors),
                quotes=sum(1 for q in analysis.quotes if q.kind in {"direct", "indirect"}),
                quantities=sum(1 for q in analysis.quantities if q.kind not in {"date", "duration"}),
                tone_label=tone_label,
                tone_score=tone_score,
            )
        )
    return rows
