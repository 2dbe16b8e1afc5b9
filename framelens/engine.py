"""Per-article analysis as a library: Article (or text) -> Analysis, one process or several.

Each worker process builds its own Context (models load once per process); only
Articles go in and Analyses come out, so nothing spaCy-specific crosses a process
boundary.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from enum import StrEnum
from typing import TextIO

from framelens.config import Settings, load_settings
from framelens.context import Context
from framelens.extract import ExtractSummary, read_articles, write_stream
from framelens.models import Analysis, Article, Failure
from framelens.pipeline import Pipeline, chunks
from framelens.readers import article_from_text
from framelens.readers.inputs import InputRef
from framelens.stages import default_pipeline

log = logging.getLogger(__name__)


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


def _init_worker(settings: Settings, threads: int) -> None:
    """Build this worker's pipeline and load its models now, once, before any work arrives."""
    global _WORKER
    # N workers on N cores: each must compute on its own core, not fight over all of them
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    pipeline, ctx = default_pipeline(settings), Context(settings)
    ctx.nlp  # noqa: B018 - loads the spaCy pipeline
    if "tone" in pipeline.names:
        import torch

        from framelens.embed import load_encoder
        from framelens.tone import load_tone_model

        torch.set_num_threads(threads)
        load_encoder()
        load_tone_model()
    _WORKER = (pipeline, ctx)


def _work(articles: list[Article]) -> list[Analysis]:
    assert _WORKER is not None, "worker not initialised"
    pipeline, ctx = _WORKER
    return list(pipeline.run(articles, ctx))


def _ready(pause: float) -> int:
    time.sleep(pause)  # holds this worker, so the next ping starts another one
    return os.getpid()


class AnalysisPool:
    """``jobs`` worker processes, each with its own pipeline and models, loaded once.

    Use as a context manager; ``start()`` waits until every worker has loaded its models
    (so a caller can time work apart from loading, and fail early on a missing model).
    """

    def __init__(self, jobs: int, settings: Settings) -> None:
        self.jobs = jobs
        self.settings = settings
        threads = max(1, (os.cpu_count() or jobs) // jobs)
        # spawn, not fork: torch and spaCy hold threads and locks that a fork would copy broken
        self._pool = ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(settings, threads),
        )

    def __enter__(self) -> AnalysisPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def start(self) -> None:
        pids: set[int] = set()
        pause = 0.05
        while len(pids) < self.jobs and pause < 5:
            pids |= {f.result() for f in [self._pool.submit(_ready, pause) for _ in range(self.jobs)]}
            pause *= 2

    def analyze(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyses in input order; a small window of chunks in flight keeps memory bounded."""
        pending: deque[Future[list[Analysis]]] = deque()
        for chunk in chunks(articles, self.settings.batch_size):
            pending.append(self._pool.submit(_work, chunk))
            if len(pending) >= self.jobs * 2:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


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
