"""Pages into the archive: the URL inputs of the reading commands, and ``framelens fetch``.

A URL given to ``compare``, ``analyze``, ``extract`` or ``ingest`` is looked up in the
archive (``settings.fetch.archive``, ``--warc``) and fetched only when it is not there;
the page is then read from its archived record, so the first run and every later one
(offline too) read the same bytes the same way, and ``compare crawl.warc.gz`` gives the
same articles as ``compare URL...``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from framelens.config import Settings
from framelens.fetch.archive import Archive
from framelens.fetch.client import Fetched, Fetcher, FetchError, Outcome
from framelens.fetch.discover import DiscoverOptions, Found, discover
from framelens.models import Failure
from framelens.readers.inputs import FETCHED_KIND, URL_KIND, InputRef

log = logging.getLogger(__name__)


def _not_archived(url: str, archive: Archive) -> Failure:
    return Failure(
        url,
        f"is not in {archive.path} and fetch.offline is set; run once without it (or give the "
        "--warc file it was fetched into)",
    )


def fetch_missing(
    urls: Iterable[str], archive: Archive, settings: Settings, fetcher: Fetcher | None = None
) -> Iterator[tuple[str, Outcome | Failure | None]]:
    """Fetch those of ``urls`` the archive lacks into it; (url, None) for one already there,
    (url, Fetched) for one just archived, else (url, what went wrong)."""
    missing = [u for u in dict.fromkeys(urls) if archive.find(u, settings.fetch.max_redirects) is None]
    done: dict[str, Outcome | Failure] = {}
    if missing and settings.fetch.offline:
        done = {u: _not_archived(u, archive) for u in missing}
    elif missing:
        own = fetcher is None
        fetcher = fetcher or Fetcher(settings.fetch)
        try:
            for url, outcome in fetcher.get_many(missing):
                if isinstance(outcome, Fetched):
                    archive.add(outcome)
                done[url] = outcome
        finally:
            if own:
                fetcher.close()
    for url in dict.fromkeys(urls):
        yield url, done.get(url)


def archived_refs(refs: Iterable[InputRef | Failure], settings: Settings) -> Iterator[InputRef | Failure]:
    """``refs`` with each URL input replaced by its archived page (a window of URLs is
    fetched at a time, concurrently); a URL that cannot be fetched becomes a Failure."""
    it = iter(refs)
    with Archive(settings.fetch.archive) as archive:
        fetcher: Fetcher | None = None
        try:
            while window := list(islice(it, settings.window)):
                urls = [r.source for r in window if isinstance(r, InputRef) and r.kind == URL_KIND]
                if urls and fetcher is None and not settings.fetch.offline:
                    fetcher = Fetcher(settings.fetch)
                outcomes = dict(fetch_missing(urls, archive, settings, fetcher))
                fetched = sum(isinstance(o, Fetched) for o in outcomes.values())
                if fetched:
                    log.info("fetched %d page(s) into %s", fetched, archive.path)
                for ref in window:
                    if not (isinstance(ref, InputRef) and ref.kind == URL_KIND):
                        yield ref
                        continue
                    entry = archive.find(ref.source, settings.fetch.max_redirects)
                    if entry is not None:
                        yield InputRef(ref.source, FETCHED_KIND, archive.path, offset=entry.offset)
                    else:
                        yield _failure(ref.source, outcomes.get(ref.source))
        finally:
            if fetcher is not None:
                fetcher.close()


def _failure(url: str, outcome: Outcome | Failure | None) -> Failure:
    """The one line for a URL that has no archived page after ``fetch_missing``."""
    if isinstance(outcome, Failure):
        return outcome
    if isinstance(outcome, FetchError):
        return outcome.failure()
    return Failure(url, "was fetched but its page is not in the archive")


# --- framelens fetch -------------------------------------------------------------------------


@dataclass(slots=True)
class FetchSummary:
    """What one ``fetch`` run did: pages written, pages already in the archive, failures."""

    fetched: int = 0
    archived: int = 0
    links: int = 0
    listings: int = 0
    failures: list[Failure] = field(default_factory=list)


def fetch_to_warc(
    sources: Iterable[str],
    output: str | Path,
    settings: Settings,
    options: DiscoverOptions,
    *,
    max_pages: int | None = None,
    fetcher: Fetcher | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> FetchSummary:
    """Fetch the article pages that ``sources`` (URLs, files of URLs, feeds, sitemaps) lead
    to into the WARC ``output``; a page already there is not fetched again.

    ``max_pages`` bounds the article links taken (in the sources' order, after the date and
    host filters of ``options``).  Failures go to ``on_failure`` and the run goes on.
    """
    summary = FetchSummary()

    def fail(failure: Failure) -> None:
        summary.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)

    own = fetcher is None
    fetcher = fetcher or Fetcher(settings.fetch)
    found = Found()
    try:
        with Archive(output) as archive:
            links: list[str] = []
            added: set[str] = set()
            for item in discover(sources, fetcher, options, cache={}, found=found):
                if isinstance(item, Failure):
                    fail(item)
                    continue
                url = item.url
                links.append(url)
                if isinstance(item, Fetched) and archive.find(url, settings.fetch.max_redirects) is None:
                    archive.add(item)
                    added.add(url)
                    summary.fetched += 1
                if max_pages is not None and len(links) >= max_pages:
                    break  # no more listings are fetched either
            summary.links = len(links)
            summary.listings = found.listings
            for url, outcome in fetch_missing(links, archive, settings, fetcher):
                if outcome is None:
                    summary.archived += url not in added
                elif isinstance(outcome, Fetched):
                    summary.fetched += 1
                else:
                    fail(_failure(url, outcome))
    finally:
        if own:
            fetcher.close()
    return summary


__all__ = ["FetchSummary", "archived_refs", "fetch_missing", "fetch_to_warc"]
