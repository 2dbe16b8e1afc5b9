"""Executors: map the analysis pipeline over articles, behind one small interface.

The ingest driver only needs "articles in, analyses (or failures) out, in input order";
``LocalExecutor`` (``framelens.exec.local``) does it in this process or in worker
processes (``AnalysisPool``), and ``framelens.exec.dask.DaskExecutor`` implements the same
``Executor`` protocol on a Dask cluster (imported only when asked for, so the CLI does not
pay for Dask otherwise).  Both analyse through ``framelens.exec.worker``: one warm-up, one
retry and one failure rule.  An article whose analysis raises becomes a ``Failure``
naming it, so one bad article never ends a long run; a broken setup (a missing model)
still stops it at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from framelens.config import Settings
from framelens.errors import UsageError
from framelens.exec.local import LocalExecutor
from framelens.models import Analysis, Article, Failure

__all__ = ["Executor", "LocalExecutor", "make_executor"]


class Executor(Protocol):
    """Analyses of ``articles`` in input order; an article that cannot be analysed gives a Failure."""

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...

    def map(self, articles: Iterable[Article]) -> Iterator[Analysis | Failure]: ...


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
