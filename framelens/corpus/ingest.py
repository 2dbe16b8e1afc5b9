"""The ingest job: inputs -> articles -> analyses -> the store, idempotent and crash-safe.

Reading, analysing and writing are streamed: an article already stored (same id) is
dropped before it is analysed, analyses are written in transactions of
``commit_every`` articles (each article with all its result rows), and a run killed at
any point leaves every committed batch intact, so running the same command again
analyses only what is missing.  Only this driver writes to the store (DuckDB has one
writer); the executor may analyse in other processes or on a Dask cluster.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from framelens.config import Settings
from framelens.corpus.dedupe import DuplicateIndex, load_index
from framelens.corpus.params import CorpusParams
from framelens.exec import Executor, LocalExecutor
from framelens.models import Analysis, Article, Failure
from framelens.readers import read_refs
from framelens.readers.inputs import InputRef
from framelens.store import Store, StoredArticle

log = logging.getLogger(__name__)

#: articles looked up in the store at once when skipping those already stored
_LOOKUP_CHUNK = 512


@dataclass(slots=True)
class IngestSummary:
    """What one run did: ``stored`` new articles (``duplicates`` of them near-duplicates),
    ``skipped`` articles already stored (or given twice), and the inputs that failed."""

    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    commits: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.stored


def _new_only(
    items: Iterable[Article | Failure], store: Store, summary: IngestSummary
) -> Iterator[Article | Failure]:
    """Drop articles that are stored already or came earlier in this run, before any analysis."""
    seen: set[str] = set()
    it = iter(items)
    while chunk := list(islice(it, _LOOKUP_CHUNK)):
        stored = store.known_ids(a.id for a in chunk if isinstance(a, Article))
        for item in chunk:
            if isinstance(item, Article):
                if item.id in stored or item.id in seen:
                    summary.skipped += 1
                    continue
                seen.add(item.id)
            yield item


def ingest_articles(
    items: Iterable[Article | Failure],
    store: Store,
    settings: Settings,
    params: CorpusParams,
    *,
    executor: Executor | None = None,
    jobs: int = 1,
    on_failure: Callable[[Failure], None] | None = None,
    on_commit: Callable[[IngestSummary], None] | None = None,
    on_analysis: Callable[[Analysis], None] | None = None,
    index_text: bool = True,
) -> IngestSummary:
    """Analyse and store ``items`` (already read); Failures are reported and the run goes on.

    ``executor`` defaults to a ``LocalExecutor`` with ``jobs`` processes.  ``on_commit``
    is called after every committed batch (progress, and the crash test's signal), ``on_analysis``
    with each analysis as it arrives (progress lines).
    ``index_text`` rebuilds the full-text search index at the end when anything was stored.
    """
    summary = IngestSummary()
    dupes: DuplicateIndex = load_index(params.duplicates, store.signatures(), store.originals())
    log.info("%s: %d stored signatures indexed for near-duplicates", store.path, len(dupes))
    pending: list[StoredArticle] = []

    def fail(failure: Failure) -> None:
        summary.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)

    def articles() -> Iterator[Article]:
        for item in _new_only(items, store, summary):
            if isinstance(item, Failure):
                fail(item)
            else:
                yield item

    def commit() -> None:
        if not pending:
            return
        store.put(pending)
        summary.stored += len(pending)
        summary.duplicates += sum(1 for p in pending if p.duplicate_of is not None)
        summary.commits += 1
        log.info("committed %d article(s); %d stored in this run", len(pending), summary.stored)
        pending.clear()
        if on_commit is not None:
            on_commit(summary)

    executor = executor or LocalExecutor(settings, jobs)
    with executor:
        for result in executor.map(articles()):
            if isinstance(result, Failure):
                fail(result)
                continue
            if on_analysis is not None:
                on_analysis(result)
            pending.append(_with_duplicate_link(result, dupes))
            if len(pending) >= params.commit_every:
                commit()
        commit()
    if summary.stored and index_text:
        store.index_text()
    return summary


def _with_duplicate_link(analysis: Analysis, dupes: DuplicateIndex) -> StoredArticle:
    article = analysis.article
    # the body only: a syndicated copy often carries the outlet's own headline
    signature = dupes.signature(article.text)
    match = dupes.find(signature)
    dupes.add(article.id, signature, match.original_id if match else None)
    if match is not None:
        log.debug("%s is a near-duplicate of %s (%.2f)", article.source, match.original_id, match.similarity)
    return StoredArticle(
        analysis,
        signature=[int(v) for v in signature.hashvalues],
        duplicate_of=match.original_id if match else None,
        similarity=match.similarity if match else None,
    )


def ingest(
    refs: Iterable[InputRef | Failure],
    store: Store,
    settings: Settings,
    params: CorpusParams,
    *,
    executor: Executor | None = None,
    jobs: int = 1,
    on_failure: Callable[[Failure], None] | None = None,
    on_input: Callable[[InputRef | Failure], None] | None = None,
    on_commit: Callable[[IngestSummary], None] | None = None,
    on_analysis: Callable[[Analysis], None] | None = None,
) -> IngestSummary:
    """Read the inputs of ``refs`` (any kind the readers accept), analyse and store them.

    ``executor`` (e.g. a ``DaskExecutor``) analyses; by default ``jobs`` local processes do.
    """
    return ingest_articles(
        read_refs(refs, settings, on_input=on_input),
        store,
        settings,
        params,
        executor=executor,
        jobs=jobs,
        on_failure=on_failure,
        on_commit=on_commit,
        on_analysis=on_analysis,
    )
