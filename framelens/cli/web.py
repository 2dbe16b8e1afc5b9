"""The ``serve`` command: the web UI over a corpus store."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from framelens.cli._app import Verbose, _error_exit, _settings, _setup_logging, app
from framelens.cli.corpus import Db
from framelens.errors import FramelensError


@app.command()
def serve(
    db: Db,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; the default is reachable from this machine only."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port to listen on.")] = 8000,
    cache: Annotated[
        int | None,
        typer.Option(
            "--cache",
            min=1,
            max=1000,
            help="Story reports kept in memory (default: web.story_cache of the settings).",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            metavar="TOKEN",
            envvar="FRAMELENS_TOKEN",
            show_envvar=True,
            help="Access token every request must carry (needed when --host is not loopback): "
            "open /?token=TOKEN once in a browser, or send Authorization: Bearer TOKEN.",
        ),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            metavar="NAME",
            help="Another host name the server answers to (repeatable; *.example.org allowed); "
            "other names get 400, which stops DNS-rebinding pages.",
        ),
    ] = None,
    verbose: Verbose = 0,
) -> None:
    """Browse a corpus store in a web browser: stories, search, story reports, articles, actors.

    The store is read read-only and held only while requests run, so `ingest` and
    `stories` can write to it while it is served (new articles show up as they commit).
    Every page has a JSON twin: add .json to its path.  A story page shows the report
    that `framelens stories` computed and stored; no model is loaded here.

    Off loopback (--host 0.0.0.0) a token is required, and the server answers only to
    this machine's names, its addresses and --allow-host names.

    Example: framelens serve --db corpus.duckdb, then open http://127.0.0.1:8000/
    """
    _setup_logging(max(verbose, 1))
    from framelens.web import serve as serve_store

    settings = _settings()
    options = dataclasses.replace(settings.web, story_cache=cache or settings.web.story_cache)
    try:
        serve_store(
            db, host, port, settings, options, token=token or None, allow_hosts=tuple(allow_host or ())
        )
    except FramelensError as exc:
        raise _error_exit(exc, 2) from None
