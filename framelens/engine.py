"""Per-article analysis as a library: Article (or text) -> Analysis, one process or several.

The stages and the default pipeline are declared in ``framelens.stages``; the models
live in the ``Context`` (``framelens.context``, loaded once per process); worker
processes are ``framelens.exec.local.AnalysisPool``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from typing import TextIO

from framelens.config import Settings, load_settings
from framelens.context import Context
from framelens.exec.local import AnalysisPool
from framelens.extract import ExtractSummary, read_articles, write_stream
from framelens.models import Analysis, Article, Failure
from framelens.readers import article_from_text
from framelens.readers.inputs import InputRef
from framelens.stages import default_pipeline

__all__ = ["AnalysisFormat", "analyze", "analyze_many", "analyze_to", "default_pipeline"]


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


# --- the ``analyze`` job: inputs -> analyses written in one format -------------------


class AnalysisFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    md = "md"


def analyze_to(
    refs: Iterable[InputRef | Failure],
    fmt: AnalysisFormat,
    out: TextIO,
    settings: Settings,
    jobs: int = 1,
    on_failure: Callable[[Failure], None] | None = None,
    on_input: Callable[[InputRef | Failure], None] | None = None,
) -> ExtractSummary:
    """Read, analyse and write every article of ``refs`` to ``out`` in ``fmt``, in input order.

    Failures are reported through ``on_failure`` as they are read and never stop the run.
    Analyses are written as they come, so a long run shows output (and uses bounded memory).
    """
    from framelens.report.analysis_md import render_analysis_md

    summary = ExtractSummary()
    articles = read_articles(refs, settings, summary, on_failure, on_input)
    analyses = analyze_many(articles, jobs=jobs, settings=settings)
    summary.articles = write_stream(analyses, out, fmt, Analysis.to_dict, render_analysis_md)
    return summary
