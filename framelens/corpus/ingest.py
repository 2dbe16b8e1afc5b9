"""The ingest job: inputs -> articles -> analyses -> the store, idempotent and crash-safe.

Reading, analysing and writing are streamed: an article already stored (same id) is
dropped before it is analysed, analyses are written in transactions of
``commit_every`` articles (each article with all its result rows), and a run killed at
any point leaves every committed batch intact, so running the same command again
analyses only what is missing.  Only this driver writes to the store (DuckDB has one
writer); the executor may analyse in other processes or on a Dask cluster.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from framelens.config import Settings
from framelens.corpus.dedupe import DuplicateIndex, Match, load_index
from framelens.corpus.params import CorpusParams
from framelens.exec import Executor, LocalExecutor
from framelens.models import Analysis, Article, Failure, article_id
from framelens.readers import read_refs
from framelens.readers.inputs import InputRef
from framelens.store import Store, StoredArticle

log = logging.getLogger(__name__)

#: articles looked up in the store at once when skipping those already stored
_LOOKUP_CHUNK = 512
#: the full-text index is rebuilt after a commit once this many seconds (or four times
#: the last rebuild's duration, when longer) have passed since it was last built, so that
#: a web server on the store finds new articles within a minute, not at the end of a long run
REINDEX_AFTER_S = 30.0


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


Origin = tuple[str | None, str | None]


def _origin(article: Article) -> Origin:
    """Where an article was published: two equal texts from different origins are two articles."""
    return (article.outlet, article.url)


def copy_id(original_id: str, origin: Origin) -> str:
    """The id of a verbatim copy of ``original_id`` published at ``origin`` (another outlet or URL).

    Ids are hashes of the text, so a copy would share its original's id; it gets one of
    its own, derived from the original's id and its origin (the same on every run, which
    keeps ingest idempotent), and is stored linked to the original like a near-duplicate.
    """
    outlet, url = origin
    return article_id(f"{original_id}\n{outlet or ''}\n{url or ''}")


def _new_only(
    items: Iterable[Article | Failure], store: Store, summary: IngestSummary, copy_of: dict[str, str]
) -> Iterator[Article | Failure]:
    """Drop articles that are stored already or came earlier in this run, before any analysis.

    The same text from another outlet or URL (a syndicated copy) is not dropped: it goes
    on under its ``copy_id`` and is linked to its original when stored.
    """
    seen: dict[str, Origin] = {}
    it = iter(items)
    while chunk := list(islice(it, _LOOKUP_CHUNK)):
        articles = [a for a in chunk if isinstance(a, Article)]
        stored = store.origins([*(a.id for a in articles), *(copy_id(a.id, _origin(a)) for a in articles)])
        # the analysis between two chunks takes long: let a server on this store read meanwhile
        store.release()
        for item in chunk:
            if isinstance(item, Article):
                first = seen.get(item.id, stored.get(item.id))
                if first is not None and first != _origin(item):
                    copied = copy_id(item.id, _origin(item))
                    copy_of[copied] = item.id
                    item = dataclasses.replace(item, id=copied)
                    first = seen.get(item.id, stored.get(item.id))
                if first is not None:
                    summary.skipped += 1
                    continue
                seen[item.id] = _origin(item)
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
    ``index_text`` rebuilds the full-text search index at the end when anything was stored
    or the store marks it stale (a run killed after a commit), and during a long run every
    ``REINDEX_AFTER_S``.  The store is let go of between batches (``Store.release``), so a
    web server can read it while this runs.
    """
    summary = IngestSummary()
    # a run killed after a commit and before the index was rebuilt left it stale: rebuild
    stale = index_text and store.text_index_stale()
    dupes: DuplicateIndex = load_index(params.duplicates, store.signatures(), store.originals())
    store.release()
    log.info("%s: %d stored signatures indexed for near-duplicates", store.path, len(dupes))
    pending: list[StoredArticle] = []
    reindex = _Reindex(store, enabled=index_text)
    # verbatim copy id -> the id of the text it copies (see ``copy_id``)
    copy_of: dict[str, str] = {}

    def fail(failure: Failure) -> None:
        summary.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)

    def articles() -> Iterator[Article]:
        for item in _new_only(items, store, summary, copy_of):
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
        reindex.maybe()
        store.release()
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
            pending.append(_with_duplicate_link(result, dupes, copy_of.get(result.article.id)))
            if len(pending) >= params.commit_every:
                commit()
        commit()
    if (summary.stored or stale) and index_text:
        reindex.now()
    store.release()
    return summary


class _Reindex:
    """Rebuilds the full-text index now and then during a long run (see ``REINDEX_AFTER_S``)."""

    def __init__(self, store: Store, *, enabled: bool) -> None:
        self.store = store
        self.enabled = enabled
        self.last = time.monotonic()
        self.took = 0.0

    def maybe(self) -> None:
        if self.enabled and time.monotonic() - self.last >= max(REINDEX_AFTER_S, 4 * self.took):
            self.now()

    def now(self) -> None:
        started = time.monotonic()
        self.store.index_text()
        self.last = time.monotonic()
        self.took = self.last - started


def _with_duplicate_link(analysis: Analysis, dupes: DuplicateIndex, copies: str | None) -> StoredArticle:
    """``copies``: the id of the text a verbatim copy repeats (it is linked to that text's root)."""
    article = analysis.article
    # the body only: a syndicated copy often carries the outlet's own headline
    signature = dupes.signature(article.text)
    match = Match(dupes.root(copies), 1.0) if copies is not None else dupes.find(signature)
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
