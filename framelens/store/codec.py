"""Analysis <-> table rows, exactly: what is stored reads back as an equal Analysis.

``Analysis.to_dict`` is the JSON contract for people (it rounds scores and adds the
verbatim text); the store needs every value as it was, so it has its own form, by the
same rule of ``framelens.flatten``: one row per actor, mention, label, quote, quantity,
tone, technique and frame, keyed by article id and position (``ord``), with the verbatim
``text`` of each span added for SQL users.  Nested, rarely queried parts (evidence lists,
label arguments, removed segments, links) are JSON text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from framelens.flatten import Row, from_row, table_rows, to_row
from framelens.models import SCHEMA_VERSION, Analysis, Article
from framelens.store.schema import RESULT_TABLES


def published_time(published: str | None) -> dt.datetime | None:
    """The publication time as a naive UTC datetime, from the ISO 8601 forms readers write.

    A partial date ("2024-03", "2024") stands for its first instant; None when absent or
    not ISO, so clustering treats the article as undated rather than guessing.
    """
    if not published:
        return None
    text = published.strip()
    for form in (text, f"{text}-01", f"{text}-01-01"):
        try:
            value = dt.datetime.fromisoformat(form)
        except ValueError:
            continue
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    return None


#: how long a time given only to the day, month or year may be after the instant it is stored as
_SLACK_DAYS = {10: 1.0, 7: 31.0, 4: 366.0}


def published_slack_days(published: str | None) -> float:
    """How much later than ``published_time`` the article may really have appeared, in days.

    "2031-03-15" is stored as midnight but stands for the whole day, so an article of that
    date and one of the day before may be minutes apart; a full timestamp has no slack.
    """
    if not published:
        return 0.0
    return _SLACK_DAYS.get(len(published.strip()), 0.0)


def article_row(article: Article) -> Row:
    """The ``articles`` row of ``article``, less ``seq`` and ``ingested_at`` (the writer's)."""
    return {**to_row(article), "published_at": published_time(article.published)}


def article_from_row(row: Mapping[str, Any]) -> Article:
    article: Article = from_row(Article, row)
    return article


def result_rows(analysis: Analysis) -> dict[str, list[Row]]:
    """Rows of every result table for one analysis (the ``analyses`` row included)."""
    aid = analysis.article.id
    out: dict[str, list[Row]] = {t: [] for t in RESULT_TABLES}
    out.update(table_rows(analysis, analysis.article.texts(), {"article_id": aid}))
    out["analyses"] = [
        {
            "article_id": aid,
            "schema_version": SCHEMA_VERSION,
            **to_row(analysis),
            "counts": json.dumps({t: len(out[t]) for t in RESULT_TABLES}),
        }
    ]
    return out


def analysis_from_rows(article: Article, meta: Mapping[str, Any], rows: Mapping[str, list[Row]]) -> Analysis:
    """The Analysis that ``result_rows`` stored: ``rows`` maps table -> that article's rows."""
    analysis: Analysis = from_row(Analysis, meta, rows, article=article)
    return analysis
