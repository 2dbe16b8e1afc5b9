"""Commands that bring coverage in from the web: fetch (into a WARC file) and watch (into a store)."""

from __future__ import annotations

import datetime as dt
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from framelens.cli._app import (
    Verbose,
    _error_exit,
    _interrupted,
    _report_failure,
    _settings,
    _setup_logging,
    _with_fetch,
    app,
    err,
)
from framelens.errors import ConfigError, FramelensError, UsageError
from framelens.text.plurals import counted

Delay = Annotated[
    float | None,
    typer.Option(
        "--delay",
        min=0.0,
        help="Seconds between two requests to one host (default: fetch.delay, 2).",
        show_default=False,
    ),
]


def _since(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    from framelens.fetch.discover import parse_date

    date = parse_date(value)
    if date is None:
        raise _error_exit(f"--since {value!r} is not a date; write e.g. 2031-05-04 or 2031-05-04T08:00Z", 2)
    return date


@app.command()
def fetch(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Article URLs, RSS/Atom feeds, XML sitemaps (news sitemaps and sitemap indexes too), "
            "as URLs or files, and files listing URLs (one per line).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The WARC file to write (appended to; .gz compresses).", show_default=False
        ),
    ],
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Only links dated on or after DATE (undated links are kept).", show_default=False
        ),
    ] = None,
    max_pages: Annotated[
        int | None, typer.Option("--max", min=1, help="At most N article pages.", show_default=False)
    ] = None,
    same_host: Annotated[
        bool,
        typer.Option("--same-host", help="Only links on the host of the feed or sitemap that lists them."),
    ] = False,
    delay: Delay = None,
    verbose: Verbose = 0,
) -> None:
    """Fetch article pages into a WARC file, politely: from URLs, feeds, sitemaps and lists of URLs.

    robots.txt is obeyed, one request at a time per host, fetch.delay seconds apart (see the
    [fetch] settings).  A page already in the WARC file is not fetched again.  Read the file
    with any command: framelens compare crawl.warc.gz.

    Exit status: 0 when every source and page was fetched, 1 when some failed (one line each
    on stderr), 2 on misuse.

    Example: framelens fetch https://example.org/feed.xml --since 2031-05-01 --max 50 -o crawl.warc.gz
    """
    _setup_logging(verbose)
    from framelens.fetch.discover import DiscoverOptions
    from framelens.fetch.pages import fetch_to_warc

    settings = _with_fetch(_settings(), delay=delay)
    options = DiscoverOptions(since=_since(since), same_host=same_host)
    try:
        summary = fetch_to_warc(
            sources, output, settings, options, max_pages=max_pages, on_failure=_report_failure
        )
    except (ConfigError, UsageError) as exc:
        raise _error_exit(exc, 2) from None
    except FramelensError as exc:
        raise _error_exit(exc, 1) from None
    except KeyboardInterrupt:
        raise _interrupted(f"the pages fetched so far are in {output}") from None
    err.print(
        f"fetched {counted(summary.fetched, 'page')} into {output} "
        f"({summary.archived} already there) from {counted(summary.links, 'link')}",
        markup=False,
    )
    if summary.failures:
        err.print(f"{len(summary.failures)} failed (URLs or sources)", markup=False)
        raise typer.Exit(1)


@app.command()
def watch(
    feeds: Annotated[
        Path, typer.Argument(help="A file listing feed and sitemap URLs, one per line.", show_default=False)
    ],
    db: Annotated[Path, typer.Option("--db", help="The DuckDB corpus store (a file).", show_default=False)],
    every: Annotated[str, typer.Option("--every", help="Time between rounds: 30s, 15m, 1h.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="One round, then exit.")] = False,
    warc: Annotated[
        Path | None,
        typer.Option("--warc", help="Also keep the fetched pages in this WARC file.", show_default=False),
    ] = None,
    delay: Delay = None,
    verbose: Verbose = 0,
) -> None:
    """Poll feeds and sitemaps; fetch, analyse and store new articles; update the stories.

    A URL is fetched once: what was fetched is recorded in the store, so a restart goes on
    where it stopped (canonical URLs count, near-duplicates are linked to their original).
    Ctrl-C stops after the articles in flight are stored (twice: at once, keeping every
    committed batch).

    Exit status: 0, or 1 when anything failed in a --once round (one line each on stderr), 2 on misuse.

    Example: framelens watch feeds.txt --db corpus.duckdb --every 15m
    """
    _setup_logging(verbose)
    from framelens.corpus import load_corpus_params
    from framelens.fetch.watch import RoundSummary, parse_every, watch_rounds
    from framelens.store import open_store
    from framelens.store.duck import LOCK_WAIT_S

    settings = _with_fetch(_settings(), delay=delay)
    try:
        seconds = parse_every(every)
        params = load_corpus_params()
        store = open_store(db, lock_wait=LOCK_WAIT_S)
    except FramelensError as exc:
        raise _error_exit(exc, 2) from None
    stop = threading.Event()

    def on_sigint(_signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        err.print("stopping after the articles in flight (Ctrl-C again to stop at once)", markup=False)

    def on_round(r: RoundSummary) -> None:
        err.print(
            f"round: {counted(r.links, 'link')} in {counted(r.listings, 'listing')} "
            f"({r.not_modified} not modified), {r.new} new; fetched {r.fetched}, stored "
            f"{counted(r.stored, 'new article')} ({counted(r.near_duplicates, 'near-duplicate')} linked, "
            f"{counted(r.duplicates, 'canonical duplicate')}, {r.skipped} already stored), "
            f"{counted(r.placed, 'article')} placed in stories, {len(r.failures)} failed",
            markup=False,
        )

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        with store:
            rounds = watch_rounds(
                feeds,
                store,
                settings,
                params,
                every=seconds,
                once=once,
                stop=stop,
                warc=warc,
                on_round=on_round,
                on_failure=_report_failure,
            )
    except (ConfigError, UsageError) as exc:
        raise _error_exit(exc, 2) from None
    except FramelensError as exc:
        raise _error_exit(exc, 1) from None
    except KeyboardInterrupt:
        raise _interrupted("committed articles are kept; run the same command to go on") from None
    finally:
        signal.signal(signal.SIGINT, previous)
    stored = sum(r.stored for r in rounds)
    if stop.is_set():
        raise _interrupted(
            f"{counted(stored, 'new article')} stored in {db} in {counted(len(rounds), 'round')}; "
            "run the same command to go on"
        )
    if once and rounds[-1].failures:
        raise typer.Exit(1)
