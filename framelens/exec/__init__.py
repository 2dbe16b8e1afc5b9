"""Executors: map the analysis pipeline over articles, behind one small interface.

The ingest driver only needs "articles in, analyses (or failures) out, in input order";
``LocalExecutor`` does it in this process or in worker processes (``AnalysisPool``), and
``framelens.exec.dask.DaskExecutor`` implements the same ``Executor`` protocol on a Dask
cluster (imported only when asked for, so the CLI does not pay for Dask otherwise).  An
article whose analysis raises becomes a ``Failure`` naming it, so one bad article never
ends a long run; a broken setup (a missing model) still stops it at once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from framelens.config import Settings
from framelens.errors import ConfigError, UsageError
from framelens.models import Analysis, Article, Failure
from framelens.pipeline import chunks

if TYPE_CHECKING:
    from framelens.context import Context
    from framelens.engine import AnalysisPool
    from framelens.pipeline import Pipeline

log = logging.getLogger(__name__)

__all__ = ["Executor", "LocalExecutor", "make_executor"]


class Executor(Protocol):
    """Analyses of ``articles`` in input order; an article that cannot be analysed gives a Failure."""

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...

    def map(self, articles: Iterable[Article]) -> Iterator[Analysis | Failure]: ...


def _failure(article: Article, exc: BaseException) -> Failure:
    return Failure(article.source, f"analysis failed ({type(exc).__name__}: {exc}); article not stored")


class LocalExecutor:
    """The pipeline in this process (``jobs`` = 1) or in ``jobs`` worker processes."""

    def __init__(self, settings: Settings, jobs: int = 1) -> None:
        self.settings = settings
        self.jobs = max(1, jobs)
        self._stack = ExitStack()
        self._pool: AnalysisPool | None = None
        self._local: tuple[Pipeline, Context] | None = None

    def __enter__(self) -> LocalExecutor:
        if self.jobs > 1:
            from framelens.engine import AnalysisPool

            self._pool = self._stack.enter_context(AnalysisPool(self.jobs, self.settings))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def _run(self, chunk: list[Article]) -> Iterator[Analysis]:
        if self._pool is not None:
            return self._pool.analyze(chunk)
        from framelens.context import Context
        from framelens.engine import default_pipeline

        if self._local is None:
            self._local = (default_pipeline(self.settings), Context(self.settings))
        pipeline, ctx = self._local
        return pipeline.run(chunk, ctx)

    def _forget(self, chunk: list[Article]) -> None:
        """Drop the parses a failed batch left behind in this process's Context."""
        if self._local is not None:
            for article in chunk:
                self._local[1].release(article)

    def map(self, articles: Iterable[Article]) -> Iterator[Analysis | Failure]:
        # chunks keep every worker busy (the pool streams within one) and bound what a
        # failure makes us redo: the rest of its chunk, one article at a time
        size = max(1, self.settings.batch_size) * self.jobs * 2
        for chunk in chunks(articles, size):
            done = 0
            try:
                for analysis in self._run(chunk):
                    done += 1
                    yield analysis
            except (ConfigError, BrokenProcessPool, MemoryError):
                raise
            except Exception as exc:
                log.debug("analysis of a chunk failed (%s); retrying its articles one by one", exc)
                self._forget(chunk)
                for article in chunk[done:]:
                    try:
                        yield from self._run([article])
                    except (ConfigError, BrokenProcessPool, MemoryError):
                        raise
                    except Exception as single:
                        self._forget([article])
                        yield _failure(article, single)


def make_executor(
    settings: Settings, jobs: int = 1, cluster: str | None = None, spill: Path | None = None
) -> Executor:
    """The executor a command line asks for: ``cluster`` (``local[:N]`` or a scheduler
    address) selects Dask, else ``jobs`` local processes.  UsageError on a bad ``cluster``."""
    if cluster is None:
        if spill is not None:
            raise UsageError("--spill is for --cluster runs only; drop it or add --cluster")
        return LocalExecutor(settings, jobs)
    from framelens.exec.dask import ClusterSpec, DaskExecutor

    return DaskExecutor(settings, ClusterSpec.parse(cluster), spill=spill)
