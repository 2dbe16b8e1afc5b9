"""Local execution: the pipeline in this process, or in ``jobs`` worker processes.

``AnalysisPool`` is the process pool: each worker process warms up once
(``framelens.exec.worker.warm_up``) and then analyses chunks of articles; only Articles
go in and Analyses (or Failures) come out, so nothing spaCy-specific crosses a process
boundary.  ``LocalExecutor`` is the ``Executor`` over it (or over this process when
``jobs`` is 1), which the ingest driver uses.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from typing import TypeVar

from framelens.config import Settings
from framelens.exec.worker import Worker, analyse_chunk, warm_up
from framelens.models import Analysis, Article, Failure
from framelens.pipeline import chunks

R = TypeVar("R")


def _analyse(settings: Settings, chunk: list[Article]) -> list[Analysis | Failure]:
    """A worker process's task: a failing article becomes a Failure (``LocalExecutor``)."""
    return analyse_chunk(Worker.for_settings(settings), chunk)


def _analyse_strict(settings: Settings, chunk: list[Article]) -> list[Analysis]:
    """A worker process's task: any error is raised to the caller (``framelens.analyze_many``)."""
    worker = Worker.for_settings(settings)
    return list(worker.pipeline.run(chunk, worker.ctx))


#: articles a worker takes at a time (at most ``batch_size``).  Small chunks keep every worker
#: busy to the end of a run: with chunks of 32, two workers on 80 articles split them 48/32
#: and one idles for the last quarter.  Measured on 80 PTC articles, 2 workers, ``map`` timed
#: after ``start``: chunks of 32 17.9 s, 16 17.0 s, 8 16.7-17.0 s, 4 16.6 s; since the tone
#: stage reads the tagger's per-article reading (stop 37), in turn, twice: 8 11.96 / 11.54 s,
#: 4 11.52 / 11.36 s, 2 11.45 / 11.21 s.  Four keeps the tone batches of a run without the
#: techniques stage (the tone stage then encodes across the chunk's articles) from shrinking.
POOL_CHUNK = 4


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
            initializer=warm_up,
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

    def map(self, articles: Iterable[Article]) -> Iterator[Analysis | Failure]:
        """Analyses in input order; an article whose analysis raises gives a Failure."""
        return self._stream(_analyse, articles)

    def analyze(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyses in input order; an error in any article is raised here."""
        return self._stream(_analyse_strict, articles)

    def _stream(
        self, task: Callable[[Settings, list[Article]], list[R]], articles: Iterable[Article]
    ) -> Iterator[R]:
        """``task``'s results in input order; a small window of chunks in flight keeps memory bounded."""
        pending: deque[Future[list[R]]] = deque()
        for chunk in chunks(articles, min(self.settings.batch_size, POOL_CHUNK)):
            pending.append(self._pool.submit(task, self.settings, chunk))
            if len(pending) >= self.jobs * 2:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


class LocalExecutor:
    """The pipeline in this process (``jobs`` = 1) or in ``jobs`` worker processes."""

    def __init__(self, settings: Settings, jobs: int = 1) -> None:
        self.settings = settings
        self.jobs = max(1, jobs)
        self._stack = ExitStack()
        self._pool: AnalysisPool | None = None

    def __enter__(self) -> LocalExecutor:
        if self.jobs > 1:
            self._pool = self._stack.enter_context(AnalysisPool(self.jobs, self.settings))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
        self._pool = None

    def map(self, articles: Iterable[Article]) -> Iterator[Analysis | Failure]:
        if self._pool is not None:
            yield from self._pool.map(articles)
            return
        worker = Worker.for_settings(self.settings)
        for chunk in chunks(articles, self.settings.batch_size):
            yield from analyse_chunk(worker, chunk)
