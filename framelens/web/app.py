"""The web app over a corpus store: routes, content negotiation, errors and safety defaults.

``create_app(db_path)`` checks the store and returns a FastAPI app whose every page has a
JSON twin.  The store is read through a ``SharedReader``: DuckDB allows many readers or
one writer, so the app holds the file read-only only while requests run and
``ingest``/``stories`` can write between them.  Story reports are read as stored by
``framelens stories``; the app never runs a comparison (nor loads a model).
The interactive API docs are off: they load scripts from a CDN, and these pages fetch
nothing from the network.  Errors are pages too (HTML or JSON, as asked); an unexpected
exception is logged here and the client gets a plain 500 page without a trace.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import duckdb
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from framelens.config import Settings, WebOptions, load_settings
from framelens.errors import FramelensError, StoreError
from framelens.store import Store
from framelens.store.duck import LOCK_WAIT_S, members_key
from framelens.store.reader import SharedReader
from framelens.web import pages, queries, security
from framelens.web.cache import ReportCache
from framelens.web.render import (
    ASSETS,
    JSON_SUFFIX,
    asset,
    error_page,
    page,
    render,
    wants_json,
    with_nav,
)
from framelens.web.security import security_headers

log = logging.getLogger(__name__)
T = TypeVar("T")


class WebError(Exception):
    """A client error with the status and the one-line message the error page shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class WebState:
    """What every request reads: the store through a shared reader, the cache of rendered reports.

    The store file is held only while requests run (``SharedReader``), so that ``ingest``
    and ``stories`` can write to it while the server runs.
    """

    path: str
    reader: SharedReader
    settings: Settings
    options: WebOptions
    reports: ReportCache[tuple[int, str], tuple[dict[str, Any], str]]
    fts_problem: str | None = None

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for this request; the store being written just now makes it wait, not fail."""
        with self.reader.cursor() as cur:
            yield cur

    def read(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """``work(cursor)``, run again once on a fresh connection if DuckDB failed internally.

        DuckDB invalidates a database instance after an internal error (one was seen on
        searches, likely its racy parallel ``count(*) OVER ()``, which ``queries`` no longer
        sends); a fresh connection reads the file as it is now, so the request is answered
        instead of failing.
        """
        try:
            with self.reader.cursor() as cur:
                return work(cur)
        except (duckdb.FatalException, duckdb.InternalException) as exc:
            log.warning(
                "%s: reading failed inside DuckDB (%s); reopening", self.path, str(exc)[:200], exc_info=True
            )
            self.reader.discard()
        with self.reader.cursor() as cur:
            return work(cur)

    def store_on(self, cur: duckdb.DuckDBPyConnection) -> Store:
        """The store's read methods over this request's cursor."""
        return Store(self.path, connection=cur)

    def close(self) -> None:
        self.reader.close()


def _load_fts(state: WebState, con: duckdb.DuckDBPyConnection) -> None:
    """Loads the search extension into each new connection; a failure only disables search."""
    from framelens.store.fts import load_fts

    try:
        load_fts(con)
    except FramelensError as exc:
        state.fts_problem = str(exc)


def open_readonly(db_path: str | Path) -> Store:
    """The store at ``db_path`` opened read-only (waiting briefly for a writer); a StoreError otherwise."""
    try:
        return Store(db_path, read_only=True, lock_wait=LOCK_WAIT_S)
    except StoreError as exc:
        if "in use" in str(exc):
            raise StoreError(
                f"{db_path} is locked by a process writing to it (an ingest or stories run) for more "
                f"than {LOCK_WAIT_S:.0f} s; serve can start once that run lets go of it"
            ) from None
        raise


def open_state(db_path: str | Path, settings: Settings, options: WebOptions) -> WebState:
    """The app's state over ``db_path``: checked once now (StoreError), then read per request."""
    open_readonly(db_path).close()
    reader = SharedReader(db_path)
    state = WebState(str(db_path), reader, settings, options, ReportCache(options.story_cache))
    reader.on_open = lambda con: _load_fts(state, con)
    with state.reading():
        pass
    return state


class _Guard:
    """Adds the security headers; turns an unexpected exception into a plain logged 500 page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in security_headers().items()]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = error_page(Request(scope), 500, "the server failed to answer this request")
            await response(scope, receive, send_with_headers)


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise WebError(400, f"{name} must be a whole number from {low} to {high}, not {raw[:40]!r}") from None
    if not low <= value <= high:
        raise WebError(400, f"{name} must be from {low} to {high}, not {value}")
    return value


def _paging(request: Request, options: WebOptions) -> tuple[int, int]:
    size = _int(request, "size", options.page_size, 1, options.max_page_size)
    return _int(request, "page", 1, 1, options.max_page), size


def _ref(ref: str) -> str:
    """A path segment without its ``.json`` suffix."""
    return ref[: -len(JSON_SUFFIX)] if ref.endswith(JSON_SUFFIX) else ref


def _path(request: Request) -> str:
    """The path the page's links point at: the listing route itself, in the format asked for."""
    path = request.url.path
    return path if path.endswith(JSON_SUFFIX) or not wants_json(request) else f"{path}.json"


def story_number(raw: str) -> int | None:
    """The story id ``raw`` names, or None: ASCII digits only (``int()`` also takes "١٢", and
    ``isdigit()`` takes "²", which ``int()`` refuses)."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw)


def _stored_report(state: WebState, story_id: int, members: str) -> tuple[dict[str, Any], str] | None:
    """(report JSON, report HTML) of a story from its stored report; None when none is stored.

    The HTML is rendered from the stored JSON here (and kept in the cache), so the page
    always has the report template of this framelens; nothing is compared.
    """
    from framelens.report import render_html

    text = state.read(lambda cur: queries.story_report(cur, story_id, members))
    if text is None:
        return None
    report = json.loads(text)
    return report, render_html(report)


def _story_view(state: WebState, request: Request, ref: str) -> Response:
    story_id = story_number(_ref(ref))
    if story_id is None:
        raise WebError(
            404, f"there is no story {_ref(ref)[:40]!r} in this store (a story id is a whole number)"
        )
    story, members = state.read(
        lambda cur: (queries.story(cur, story_id), state.store_on(cur).story_members(story_id))
    )
    if story is None:
        raise WebError(404, f"there is no story {story_id} in this store")
    key = members_key(m["article_id"] for m in members)
    originals = sum(1 for m in members if m["duplicate_of"] is None)
    data: dict[str, Any] = {"story": story, "members": members, "report": None, "notice": None}
    found = state.reports.get((story_id, key), lambda: _stored_report(state, story_id, key))
    if found is not None:
        report, report_html = found
        data["report"] = report
        if not wants_json(request):
            nav = render("nav.html.j2", story=story)
            return Response(with_nav(report_html, nav), media_type="text/html; charset=utf-8")
    elif originals > state.options.max_story_articles:
        data["notice"] = (
            f"this story has {originals} articles, more than the {state.options.max_story_articles} "
            f"whose reports `framelens stories` computes; run `framelens compare --db STORE --story "
            f"{story_id} --html FILE`"
        )
    else:
        data["notice"] = (
            "this story's comparison report has not been computed yet (its articles changed, or "
            "the store was grouped by an older framelens); run `framelens stories --db STORE` to "
            "compute it, or `framelens compare --db STORE --story "
            f"{story_id} --html FILE` for this story alone"
        )
    return page(request, "story.html.j2", data)


def create_app(
    db_path: str | Path,
    settings: Settings | None = None,
    options: WebOptions | None = None,
    token: str | None = None,
) -> FastAPI:
    """The web app over the store at ``db_path``, opened read-only now (StoreError if it cannot be).

    ``settings`` are those the story comparisons run with; ``options`` bound the pages
    (by default the settings' ``web`` section) and name the hosts it answers to; with a
    ``token`` every request must carry it (``framelens.web.security``).
    """
    settings = settings or load_settings()
    options = options or settings.web
    state = open_state(db_path, settings, options)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(title="framelens", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.web = state
    security.install(app, options.allowed_hosts, token, error_page)
    app.add_middleware(_Guard)

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return error_page(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = "there is no such page" if exc.status_code == 404 else str(exc.detail)
        # the headers matter: a 405 must name the allowed methods (Allow)
        return error_page(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(StoreError)
    async def _store_busy(request: Request, exc: StoreError) -> Response:
        # the file stayed locked by a writer past the wait, or cannot be read now
        return error_page(request, 503, f"the store cannot be read just now ({exc}); try again")

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> Response:
        return error_page(request, 400, "the request's parameters are not valid")

    @app.get("/")
    @app.get("/index.json")
    @app.get("/.json")
    def index(request: Request) -> Response:
        """Stories by size (or latest first with ``sort=recent``), paged."""
        page_no, size = _paging(request, options)
        sort = request.query_params.get("sort") or "size"
        if sort not in queries.STORY_ORDER:
            raise WebError(400, f"sort must be one of {', '.join(sorted(queries.STORY_ORDER))}")
        path = "/index.json" if wants_json(request) else "/"
        data = state.read(lambda cur: pages.index_page(cur, path, sort, page_no, size))
        return page(request, "index.html.j2", data)

    @app.get("/search")
    @app.get("/search.json")
    def search(request: Request) -> Response:
        """Full-text search over article titles and texts (BM25), paged."""
        page_no, size = _paging(request, options)
        query = (request.query_params.get("q") or "").strip()
        if len(query) > options.max_query_chars:
            raise WebError(400, f"a search is at most {options.max_query_chars} characters")
        if query and state.fts_problem:
            raise WebError(503, f"search is unavailable: {state.fts_problem}")
        data = state.read(lambda cur: pages.search_page(cur, _path(request), query, page_no, size))
        return page(request, "search.html.j2", data)

    @app.get("/story/{ref}")
    def story(request: Request, ref: str) -> Response:
        """A story's comparison report (stored by `framelens stories`; rendered once, then from memory)."""
        return _story_view(state, request, ref)

    @app.get("/article/{ref}")
    def article(request: Request, ref: str) -> Response:
        """One article with the summary of its stored analysis."""
        article_id = _ref(ref)
        if len(article_id) > 128:
            raise WebError(404, f"there is no article {article_id[:40]!r} in this store")
        analysis, links = state.read(
            lambda cur: (state.store_on(cur).analysis(article_id), queries.article_links(cur, article_id))
        )
        if analysis is None:
            raise WebError(404, f"there is no article {article_id[:40]!r} in this store")
        return page(request, "article.html.j2", pages.article_page(analysis, links))

    @app.get("/actor/{ref}")
    def actor(request: Request, ref: str) -> Response:
        """One actor across the corpus: its labels and the tone toward it by outlet over time."""
        actor_id = _ref(ref)
        page_no, size = _paging(request, options)
        path = f"/actor/{quote(actor_id, safe='')}{JSON_SUFFIX if wants_json(request) else ''}"
        data = (
            state.read(lambda cur: pages.actor_page(cur, path, actor_id, page_no, size))
            if len(actor_id) <= 200
            else None
        )
        if data is None:
            raise WebError(404, f"no article of this store names an actor {actor_id[:40]!r}")
        return page(request, "actor.html.j2", data)

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        """The pages' own stylesheet and script (a fixed list: no path ever reaches the disk)."""
        if name not in ASSETS:
            raise WebError(404, "there is no such file")
        return Response(asset(name), media_type=ASSETS[name], headers={"cache-control": "max-age=3600"})

    return app
