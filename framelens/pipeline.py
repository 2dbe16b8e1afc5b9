"""Runs the analysis stages in order; checks each stage's requires/produces when it is built.

Borrowed from spaCy's ``Language.factory(requires=, assigns=)``: a stage declares
what it needs and what it adds, so a wrong order fails at construction, not as a
wrong result later.  It also declares the models it uses (``framelens.context``'s
kinds), so a worker loads exactly those before any work arrives.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from framelens.context import Context, ModelKind
from framelens.errors import ConfigError
from framelens.headline import split, with_headline
from framelens.models import Analysis, Article

log = logging.getLogger(__name__)

StageFunc = Callable[[Analysis, Context], Analysis]
BatchFunc = Callable[[list[Analysis], Context], list[Analysis]]

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (at least 1), the last one shorter; lazily, in order.

    The one batching of the package: the pipeline, the worker pool and the executors all
    cut their streams with it (itertools.batched arrives only with Python 3.12).
    """
    it = iter(items)
    while chunk := list(islice(it, max(1, size))):
        yield chunk


#: what every Analysis has before any stage runs
GIVEN = frozenset({"article"})


@dataclass(frozen=True)
class Stage:
    """One analysis step.  ``batch``, when given, is used instead of ``func`` on a list of analyses
    (for model stages that must batch across articles).  ``models`` are the kinds of model
    it takes from the Context (``framelens.context.ModelKind`` values)."""

    name: str
    version: str
    requires: frozenset[str]
    produces: frozenset[str]
    func: StageFunc
    batch: BatchFunc | None = None
    models: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = self.models - set(ModelKind)
        if unknown:
            raise ConfigError(
                f"stage {self.name!r} declares unknown model kind(s) {sorted(unknown)}; "
                f"choose from {[str(kind) for kind in ModelKind]}"
            )

    def run_batch(self, analyses: list[Analysis], ctx: Context) -> list[Analysis]:
        out = self.batch(analyses, ctx) if self.batch is not None else [self.func(a, ctx) for a in analyses]
        return [dataclasses.replace(a, provenance=(*a.provenance, (self.name, self.version))) for a in out]


def stage(
    name: str,
    version: str,
    requires: Iterable[str] = (),
    produces: Iterable[str] = (),
    models: Iterable[str] = (),
) -> Callable[[StageFunc], Stage]:
    """Decorator: declare a function as a Stage."""

    def wrap(func: StageFunc) -> Stage:
        return Stage(name, version, frozenset(requires), frozenset(produces), func, models=frozenset(models))

    return wrap


class Pipeline:
    """An ordered list of stages whose requirements are met by the stages before them."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        available = set(GIVEN)
        for st in stages:
            missing = st.requires - available
            if missing:
                raise ConfigError(
                    f"stage {st.name!r} requires {sorted(missing)}, which no earlier stage produces; "
                    "put the producing stage before it"
                )
            available |= st.produces
        self.stages = tuple(stages)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    @property
    def models(self) -> frozenset[str]:
        """The kinds of model the stages use: what a worker loads before it analyses anything."""
        return frozenset().union(*(s.models for s in self.stages))

    def run(self, articles: Iterable[Article], ctx: Context) -> Iterator[Analysis]:
        """Analyse articles in batches of ``settings.batch_size``, yielding in input order."""
        for batch in chunks(articles, ctx.settings.batch_size):
            yield from self._run_batch(batch, ctx)

    def _run_batch(self, articles: list[Article], ctx: Context) -> list[Analysis]:
        started = time.perf_counter()
        # the stages read each headline with its body (framelens.headline), then the findings
        # are pointed back at the article's own fields
        headed = [with_headline(a) if ctx.settings.headlines else None for a in articles]
        ctx.pipeline_models = self.models
        work = [h.work if h else a for a, h in zip(articles, headed, strict=True)]
        if ModelKind.spacy in self.models:  # one nlp.pipe over the batch, not a parse per article
            ctx.parse(work, {id(h.work): h for h in headed if h})
            log.debug("parse: %.2f s for %d article(s)", time.perf_counter() - started, len(articles))
        analyses = [Analysis(article=a) for a in work]
        for st in self.stages:
            at = time.perf_counter()
            analyses = st.run_batch(analyses, ctx)
            log.debug("stage %s: %.2f s for %d article(s)", st.name, time.perf_counter() - at, len(articles))
        for article in work:
            ctx.release(article)
        analyses = [
            split(analysis, article, h) if h else analysis
            for analysis, article, h in zip(analyses, articles, headed, strict=True)
        ]
        log.info("analysed %d article(s) in %.1f s", len(articles), time.perf_counter() - started)
        return analyses
