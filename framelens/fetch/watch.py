"""``framelens watch``: poll feeds and sitemaps, ingest the new articles, update the stories.

One round: each listing is fetched conditionally (its ETag/Last-Modified are kept in the
store's ``feeds`` table), the article links that the store's ``fetched_urls`` table does
not hold are fetched politely, read, analysed and stored by the ingest job, and the
stories are updated as ``framelens stories`` does.  A URL is recorded only once its
article is committed (or its failure is a lasting one), so a run stopped at any point
fetches again only what it had not finished, and never stores an article twice (ingest
skips a text it holds).  A page whose canonical URL was already fetched under another
link is recorded as a duplicate and not ingested; near-duplicates are linked by ingest.

``stop`` (a ``threading.Event``, set by the CLI on Ctrl-C) ends the round after the
articles in flight: nothing fetched-and-read is dropped half way.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from framelens.config import Settings
from framelens.corpus.params import CorpusParams
from framelens.errors import UsageError
from framelens.exec import Executor
from framelens.fetch.archive import Archive
from framelens.fetch.client import Fetched, Fetcher, FetchError, Validators
from framelens.fetch.discover import DiscoverOptions, Found, discover, url_lines
from framelens.fetch.pages import fetch_missing
from framelens.fetch.urls import normalise
from framelens.models import Article, Failure
from framelens.readers.inputs import FETCHED_KIND, InputRef
from framelens.store import Store

log = logging.getLogger(__name__)

_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_every(text: str) -> float:
    """Seconds of an interval written ``30s``, ``15m``, ``1h``, ``1d`` or a bare number of seconds."""
    value = text.strip().lower()
    unit = _UNITS.get(value[-1:]) if value else None
    number = value[:-1] if unit is not None else value
    try:
        seconds = float(number) * (unit or 1.0)
    except ValueError:
        raise UsageError(f"--every {text!r} is not an interval; write e.g. 30s, 15m or 1h") from None
    if seconds <= 0:
        raise UsageError(f"--every {text!r} must be longer than 0")
    return seconds


def read_sources(path: Path) -> tuple[list[str], list[Failure]]:
    """The feed and sitemap URLs listed in ``path`` (one per line, # comments), and its bad lines."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    urls, problems = url_lines(text, str(path))
    if not urls:
        raise UsageError(f"{path} lists no feed or sitemap URLs (one http(s) URL per line)")
    return urls, problems


@dataclass(slots=True)
class RoundSummary:
    """What one round did."""

    listings: int = 0
    not_modified: int = 0
    links: int = 0
    new: int = 0
    fetched: int = 0
    stored: int = 0
    near_duplicates: int = 0
    skipped: int = 0
    duplicates: int = 0
    placed: int = 0
    stopped: bool = False
    failures: list[Failure] = field(default_factory=list)


@dataclass(slots=True)
class _Round:
    """The running state of one round, shared by the page generator and the driver."""

    summary: RoundSummary
    known: set[str]
    records: list[dict[str, str | None]] = field(default_factory=list)
    retry_later: bool = False


def watch_round(
    sources: Sequence[str],
    store: Store,
    settings: Settings,
    params: CorpusParams,
    *,
    stop: threading.Event | None = None,
    executor: Executor | None = None,
    warc: Path | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> RoundSummary:
    """One round over ``sources`` (feed and sitemap URLs) into ``store``; see the module docstring.

    ``warc``: keep the fetched pages in this WARC file too (else they go to a temporary one).
    """
    from framelens.corpus import build_story_reports, cluster_store, ingest_articles

    stop = stop or threading.Event()
    state = _Round(RoundSummary(), store.fetched_keys())
    summary = state.summary

    def fail(failure: Failure) -> None:
        summary.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)

    cache = {u: Validators(e, m) for u, (e, m) in store.feed_validators().items()}
    store.release()
    found = Found()
    links: list[str] = []
    with Fetcher(settings.fetch, stop=stop) as fetcher, tempfile.TemporaryDirectory() as tmp:
        archive = Archive(warc or Path(tmp) / "round.warc.gz")
        with archive:
            for item in discover(sources, fetcher, DiscoverOptions(), cache=cache, found=found):
                if isinstance(item, Failure):
                    fail(item)
                    continue
                if isinstance(item, Fetched) and archive.find(item.url) is None:
                    archive.add(item)  # a page listed among the feeds: already fetched
                links.append(item.url)
            summary.listings, summary.not_modified, summary.links = (
                found.listings,
                found.not_modified,
                len(links),
            )
            new = [u for u in links if normalise(u) not in state.known]
            summary.new = len(new)
            if new:
                articles = _articles(new, archive, fetcher, settings, state, stop, fail)
                ingested = ingest_articles(
                    articles, store, settings, params, executor=executor, on_failure=fail
                )
                summary.stored, summary.near_duplicates = ingested.stored, ingested.duplicates
                summary.skipped = ingested.skipped
                store.record_fetched(state.records)
    summary.stopped = stop.is_set()
    if not summary.stopped and not state.retry_later:
        # only now: a listing marked unchanged before its links were all dealt with would
        # hide them from the next round
        store.save_feed_validators({u: (v.etag, v.last_modified) for u, v in cache.items()})
    if summary.stored and not summary.stopped:
        placed = cluster_store(store, params.stories, batch_size=settings.encode_batch_size)
        build_story_reports(store, settings, max_articles=settings.web.max_story_articles)
        summary.placed = placed.assigned
    store.release()
    return summary


def _articles(
    urls: list[str],
    archive: Archive,
    fetcher: Fetcher,
    settings: Settings,
    state: _Round,
    stop: threading.Event,
    fail: Callable[[Failure], None],
) -> Iterator[Article | Failure]:
    """The new links' articles, a few at a time, recording each URL as it is dealt with."""
    from framelens.readers import read_refs

    it = iter(urls)
    while not stop.is_set() and (chunk := list(islice(it, settings.fetch.concurrency))):
        refs: list[InputRef] = []
        for url, outcome in fetch_missing(chunk, archive, settings, fetcher):
            entry = archive.find(url, settings.fetch.max_redirects)
            if entry is not None:
                state.summary.fetched += outcome is not None
                refs.append(InputRef(url, FETCHED_KIND, archive.path, offset=entry.offset))
            elif isinstance(outcome, FetchError) and outcome.transient:
                state.retry_later = True  # tried again next round: not recorded
                if not stop.is_set():
                    fail(outcome.failure())
            elif isinstance(outcome, FetchError | Failure):
                failure = outcome.failure() if isinstance(outcome, FetchError) else outcome
                state.records.append(_record(url, None, "failed", failure.problem))
                fail(failure)
        for item in read_refs(refs, settings):
            url = item.source
            if isinstance(item, Failure):
                state.records.append(_record(url, None, "failed", item.problem))
                yield item
                continue
            canonical = normalise(item.url) if item.url else None
            if canonical is not None and canonical != normalise(url) and canonical in state.known:
                log.info("%s: its canonical URL %s was fetched already", url, item.url)
                state.summary.duplicates += 1
                state.records.append(_record(url, canonical, "duplicate", None))
                continue
            state.known.update({normalise(url), *([canonical] if canonical else [])})
            state.records.append(_record(url, canonical, "ingested", None, item.id))
            yield item


def _record(
    url: str, canonical: str | None, status: str, problem: str | None, article_id: str | None = None
) -> dict[str, str | None]:
    return {
        "url": normalise(url),
        "canonical": canonical,
        "status": status,
        "problem": problem,
        "article_id": article_id,
    }


def watch_rounds(
    sources_file: Path,
    store: Store,
    settings: Settings,
    params: CorpusParams,
    *,
    every: float,
    once: bool = False,
    stop: threading.Event | None = None,
    warc: Path | None = None,
    on_round: Callable[[RoundSummary], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> list[RoundSummary]:
    """Rounds over the feeds of ``sources_file`` every ``every`` seconds until ``stop`` is set
    (one round with ``once``).  The file is read again each round, so edits take effect."""
    stop = stop or threading.Event()
    rounds: list[RoundSummary] = []
    while True:
        sources, problems = read_sources(sources_file)
        summary = watch_round(sources, store, settings, params, stop=stop, warc=warc, on_failure=on_failure)
        summary.failures[:0] = problems
        if on_failure is not None:
            for problem in problems:
                on_failure(problem)
        rounds.append(summary)
        if on_round is not None:
            on_round(summary)
        if once or stop.is_set() or stop.wait(every):
            return rounds
