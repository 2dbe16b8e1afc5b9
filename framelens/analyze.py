"""Per-article analysis as a library: Article (or text) -> Analysis, one process or several.

Each worker process builds its own Context (models load once per process); only
Articles go in and Analyses come out, so nothing spaCy-specific crosses a process
boundary.
"""

from __future__ import annotations

import importlib
import json
import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from enum import StrEnum
from itertools import islice
from typing import TextIO

from framelens.config import Settings, load_settings
from framelens.context import Context
from framelens.extract import ExtractSummary
from framelens.ingest import article_from_text, read_refs
from framelens.ingest.sources import InputRef
from framelens.models import Analysis, Article, Failure
from framelens.pipeline import Pipeline, Stage

log = logging.getLogger(__name__)

#: the default stages, in order: (module, attribute).  A stage whose module is absent
#: in this build is skipped with a debug message, so partial builds still run.
DEFAULT_STAGES: tuple[tuple[str, str], ...] = (
    ("framelens.stages.sentences", "sentences"),
    ("framelens.stages.actors", "actors"),
    ("framelens.stages.labels", "labels"),
    ("framelens.stages.quotes", "quotes"),
    ("framelens.stages.quantities", "quantities"),
    ("framelens.stages.tone", "tone"),
)


#: stages a setting can switch off (setting name -> stage name)
OPTIONAL_STAGES = {"tone": "tone"}


def default_stages(settings: Settings | None = None) -> list[Stage]:
    """The default stages, less those the settings switch off (``tone = false``)."""
    settings = settings or load_settings()
    off = {stage for flag, stage in OPTIONAL_STAGES.items() if not getattr(settings, flag)}
    stages: list[Stage] = []
    for module_name, attr in DEFAULT_STAGES:
        if attr in off:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            log.debug("stage module %s is not in this build; skipped", module_name)
            continue
        stages.append(getattr(module, attr))
    return stages


def default_pipeline(settings: Settings | None = None) -> Pipeline:
    return Pipeline(default_stages(settings))


def analyze(article_or_text: Article | str, settings: Settings | None = None) -> Analysis:
    """Analyse one article (or a string, cleaned like a text file first)."""
    settings = settings or load_settings()
    article = (
        article_or_text
        if isinstance(article_or_text, Article)
        else article_from_text(article_or_text, settings=settings)
    )
    return next(default_pipeline(settings).run([article], Context(settings)))


# --- worker processes ---------------------------------------------------------------

_WORKER: tuple[Pipeline, Context] | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = (default_pipeline(settings), Context(settings))


def _work(articles: list[Article]) -> list[Analysis]:
    assert _WORKER is not None, "worker not initialised"
    pipeline, ctx = _WORKER
    return list(pipeline.run(articles, ctx))


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def analyze_many(
    items: Iterable[Article | str], jobs: int = 1, settings: Settings | None = None
) -> Iterator[Analysis]:
    """Analyse many articles, in input order; ``jobs`` > 1 runs that many worker processes."""
    settings = settings or load_settings()
    articles = (
        item if isinstance(item, Article) else article_from_text(item, settings=settings) for item in items
    )
    if jobs <= 1:
        yield from default_pipeline(settings).run(articles, Context(settings))
        return
    # spawn, not fork: torch and spaCy hold threads and locks that a fork would copy broken
    mp = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=mp, initializer=_init_worker, initargs=(settings,)) as pool:
        # a small window of chunks in flight keeps memory bounded on long streams
        chunks = _chunks(articles, max(1, settings.batch_size))
        pending: list = []
        for chunk in chunks:
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= jobs * 2:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()


def stage_names(stages: Sequence[Stage] | None = None) -> list[str]:
    return [s.name for s in (stages or default_stages(load_settings()))]


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

    def articles() -> Iterator[Article]:
        for item in read_refs(refs, settings, on_input=on_input):
            if isinstance(item, Failure):
                summary.failures.append(item)
                if on_failure is not None:
                    on_failure(item)
            else:
                yield item

    first = True
    if fmt is AnalysisFormat.json:
        out.write("[")
    for analysis in analyze_many(articles(), jobs=jobs, settings=settings):
        summary.articles += 1
        if fmt is AnalysisFormat.json:
            body = json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2)
            out.write(("\n" if first else ",\n") + body)
        elif fmt is AnalysisFormat.jsonl:
            out.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(("" if first else "\n") + render_analysis_md(analysis))
        first = False
        out.flush()
    if fmt is AnalysisFormat.json:
        out.write("\n]\n" if not first else "]\n")
    return summary
