"""What one worker process does, whoever started it: warm up once, then analyse chunks.

Every executor runs its analysis through this module, so there is one warm-up (thread
caps, then the models the pipeline's stages declare), one retry (a chunk that fails is
redone one article at a time, so a single bad article costs its own result only) and one
failure rule and message (``FATAL`` errors end the run; any other error turns the article
into a ``Failure``).  ``framelens.exec.local`` runs it in this process or in worker
processes, ``framelens.exec.dask`` on Dask workers.

No model is kept here: a ``Worker`` is a pipeline and a ``Context``, cheap to build for
every task, because the Context takes its models from the process-wide cache of
``framelens.context``, which the warm-up fills.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from framelens.config import Settings
from framelens.context import Context, ModelKind, too_long
from framelens.errors import ConfigError, InputError
from framelens.models import Analysis, Article, Failure
from framelens.pipeline import Pipeline
from framelens.stages import default_pipeline

log = logging.getLogger(__name__)

#: errors that mean the setup is broken (a missing model, no memory): they end the run
FATAL: tuple[type[BaseException], ...] = (ConfigError, MemoryError)

#: one analysis at a time in a process: its threads (a Dask worker may run several) share
#: the cached models, and a spaCy pipeline is not meant to be used by two threads at once
_ANALYSING = threading.Lock()


@dataclass(frozen=True, slots=True)
class Worker:
    """A pipeline and the Context it runs in: what analyses chunks in one process."""

    pipeline: Pipeline
    ctx: Context

    @classmethod
    def for_settings(cls, settings: Settings) -> Worker:
        """The default pipeline for ``settings`` with a fresh Context (models from the cache)."""
        return cls(default_pipeline(settings), Context(settings))


def warm_up(settings: Settings, threads: int = 1) -> float:
    """Get this process ready to analyse with ``settings``: cap its threads, load its models.

    The one warm-up of every worker (a local worker process, a Dask worker as it joins).
    ``threads`` caps the BLAS/OpenMP/torch threads: N single-threaded workers on N cores
    must each compute on their own core rather than fight over all of them.  Returns the
    seconds it took; a missing model raises here, before any work arrives.
    """
    from framelens.onnx_encoder import runtime, set_threads

    threads = max(1, threads)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    start = time.perf_counter()
    set_threads(threads)
    torch_runs = runtime() == "torch" or _spacy_needs_torch(settings.spacy_model)
    if not torch_runs:
        _import_spacy_without_torch()
    worker = Worker.for_settings(settings)
    if torch_runs and ModelKind.encoder in worker.pipeline.models:
        import torch  # only a pipeline with a torch model pays for importing torch

        torch.set_num_threads(threads)
    worker.ctx.warm_up(worker.pipeline.models)
    seconds = time.perf_counter() - start
    log.debug("models for %s loaded in %.1f s", settings.spacy_model, seconds)
    return seconds


def _spacy_needs_torch(name: str) -> bool:
    """Whether the spaCy pipeline ``name`` has a transformer component (``en_core_web_trf``),
    read from its package's ``config.cfg`` without importing spaCy; True when unsure."""
    spec = importlib.util.find_spec(name) if name.isidentifier() else None
    if spec is None or not spec.submodule_search_locations:
        return True
    for folder in spec.submodule_search_locations:
        for config in Path(folder).glob("**/config.cfg"):  # the pipeline's own, the first found
            return "transformer" in config.read_text("utf-8", errors="replace")
    return True


def _import_spacy_without_torch() -> None:
    """Import spaCy while torch is hidden, so that its ``thinc`` does not import torch (0.9 s
    of every worker's start-up, about a third of it) for a pipeline that never runs torch: the
    packaged pipelines are CNNs, and the encoders run on ONNX Runtime from cached graphs.
    torch stays importable afterwards (a first run exports its graphs with it); only thinc's
    own torch layers are then off.  Nothing happens when spaCy or torch is loaded already."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


#: an error's message is cut to this many characters: one line on stderr, not a paragraph
_MESSAGE_CHARS = 200


def failure(article: Article, exc: BaseException) -> Failure:
    """The Failure that stands for an article whose analysis raised: one line, naming it.

    An ``InputError`` (an article too long to analyse) says its own problem; any other
    error is cut to its first line (spaCy's errors run to a paragraph)."""
    if isinstance(exc, InputError):
        return Failure(article.source, exc.problem)
    text = " ".join(str(exc).split())
    if len(text) > _MESSAGE_CHARS:
        text = text[: _MESSAGE_CHARS - 3].rstrip() + "..."
    return Failure(article.source, f"analysis failed ({type(exc).__name__}: {text}); article left out")


def analyse_chunk(worker: Worker, chunk: list[Article]) -> list[Analysis | Failure]:
    """Analyses of ``chunk`` in input order; an article whose analysis raises becomes a Failure.

    An article too long to analyse is a Failure at once (the rest keep their batch).
    When a batch fails, what was done is kept and the rest is redone one article at a
    time; a ``FATAL`` error is raised instead.  No parse of a failed article is left behind.
    """
    limit = worker.ctx.settings.max_analysed_chars
    refused = {id(a): failure(a, exc) for a in chunk if (exc := too_long(a, limit)) is not None}
    if not refused:
        return _analyse(worker, chunk)
    done = iter(_analyse(worker, [a for a in chunk if id(a) not in refused]))
    return [refused[id(a)] if id(a) in refused else next(done) for a in chunk]


def _analyse(worker: Worker, chunk: list[Article]) -> list[Analysis | Failure]:
    pipeline, ctx = worker.pipeline, worker.ctx
    out: list[Analysis | Failure] = []
    with _ANALYSING:
        try:
            out.extend(pipeline.run(chunk, ctx))
            return out
        except FATAL:
            raise
        except Exception as exc:
            log.debug("analysis of a batch failed (%s); retrying its articles one by one", exc)
            for article in chunk:
                ctx.release(article)
        for article in chunk[len(out) :]:
            try:
                out.extend(pipeline.run([article], ctx))
            except FATAL:
                raise
            except Exception as single:
                ctx.release(article)
                out.append(failure(article, single))
        return out
