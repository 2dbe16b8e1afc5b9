"""Per-article analysis as a library: Article (or text) -> Analysis, one process or several.

The stages and the default pipeline are declared in ``framelens.stages``; the models
live in the ``Context`` (``framelens.context``, loaded once per process); worker
processes are ``framelens.exec.local.AnalysisPool``'s.  The jobs that read inputs and
write outputs around this (``analyze_to``, ``extract_to``) are in ``framelens.jobs``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from framelens.config import Settings, load_settings
from framelens.context import Context
from framelens.exec.local import AnalysisPool
from framelens.models import Analysis, Article
from framelens.readers import article_from_text
from framelens.stages import default_pipeline

__all__ = ["analyze", "analyze_many", "default_pipeline"]


def analyze(article_or_text: Article | str, settings: Settings | None = None) -> Analysis:
    """Analyse one article (or a string, cleaned like a text file first)."""
    settings = settings or load_settings()
    article = (
        article_or_text
        if isinstance(article_or_text, Article)
        else article_from_text(article_or_text, settings=settings)
    )
    return next(default_pipeline(settings).run([article], Context(settings)))


def analyze_many(
    items: Iterable[Article | str], jobs: int = 1, settings: Settings | None = None
) -> Iterator[Analysis]:
    """Analyse many articles, in input order; ``jobs`` > 1 runs that many worker processes.

    An error in any article's analysis is raised (``framelens.exec``'s executors are the
    ones that turn a failing article into a Failure and go on).
    """
    settings = settings or load_settings()
    articles = (
        item if isinstance(item, Article) else article_from_text(item, settings=settings) for item in items
    )
    if jobs <= 1:
        yield from default_pipeline(settings).run(articles, Context(settings))
        return
    with AnalysisPool(jobs, settings) as pool:
        yield from pool.analyze(articles)
