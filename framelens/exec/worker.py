"""What one worker process keeps and does: models loaded once per Settings, batches analysed.

Remote workers (a Dask cluster) cannot be handed a pre-built pipeline: models are loaded
in the worker itself, once, and kept in a per-process cache keyed by the ``Settings``
(frozen, so hashable), so two runs with different settings on a long-lived cluster never
share a wrongly configured pipeline.  ``analyse_chunk`` turns one batch into analyses or
``Failure``s the way ``LocalExecutor`` does: a failing batch is redone one article at a
time, so a single bad article costs its own result only.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from framelens.config import Settings
from framelens.errors import ConfigError
from framelens.models import Analysis, Article, Failure

if TYPE_CHECKING:
    from framelens.context import Context
    from framelens.pipeline import Pipeline

log = logging.getLogger(__name__)

#: errors that mean the setup is broken (a missing model, no memory): they end the run
FATAL: tuple[type[BaseException], ...] = (ConfigError, MemoryError)


@dataclass(slots=True)
class WorkerModels:
    """A worker's pipeline and Context; ``lock`` serialises a worker's threads over them
    (a spaCy pipeline and the Context's parse cache are not meant to be shared by threads)."""

    pipeline: Pipeline
    ctx: Context
    load_seconds: float
    lock: threading.Lock


_MODELS: dict[Settings, WorkerModels] = {}
_MODELS_LOCK = threading.Lock()


def failure(article: Article, exc: BaseException) -> Failure:
    """The Failure that stands for an article whose analysis raised."""
    return Failure(article.source, f"analysis failed ({type(exc).__name__}: {exc}); article not stored")


def load_models(settings: Settings, threads: int = 1) -> WorkerModels:
    """This process's pipeline for ``settings``, its models loaded now (once per process).

    ``threads`` caps torch's intra-op threads: N single-threaded workers on N cores must
    each compute on their own core rather than fight over all of them.
    """
    with _MODELS_LOCK:
        cached = _MODELS.get(settings)
        if cached is not None:
            return cached
        from framelens.context import Context
        from framelens.engine import default_pipeline

        start = time.perf_counter()
        pipeline, ctx = default_pipeline(settings), Context(settings)
        ctx.nlp  # noqa: B018 - loads the spaCy pipeline now, not inside the first batch
        if "tone" in pipeline.names:
            import torch

            from framelens.embed import load_encoder
            from framelens.tone import load_tone_model

            torch.set_num_threads(max(1, threads))
            load_encoder()
            load_tone_model()
        models = WorkerModels(pipeline, ctx, time.perf_counter() - start, threading.Lock())
        _MODELS[settings] = models
        log.debug("models for %s loaded in %.1f s", settings.spacy_model, models.load_seconds)
        return models


def analyse_chunk(models: WorkerModels, chunk: list[Article]) -> list[Analysis | Failure]:
    """Analyses of ``chunk`` in input order; an article whose analysis raises becomes a Failure."""
    with models.lock:
        out: list[Analysis | Failure] = []
        try:
            out.extend(models.pipeline.run(chunk, models.ctx))
            return out
        except FATAL:
            raise
        except Exception as exc:
            log.debug("analysis of a batch failed (%s); retrying its articles one by one", exc)
            for article in chunk:
                models.ctx.release(article)
        for article in chunk[len(out) :]:
            try:
                out.extend(models.pipeline.run([article], models.ctx))
            except FATAL:
                raise
            except Exception as single:
                models.ctx.release(article)
                out.append(failure(article, single))
        return out
