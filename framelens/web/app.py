"""The web app over a corpus store: routes, content negotiation, errors and safety defaults.

``create_app(db_path)`` opens the store read-only (DuckDB allows many readers or one
writer, so an ingest cannot run while the app holds the store, and the app cannot
start while an ingest does) and returns a FastAPI app whose every page has a JSON twin.
The interactive API docs are off: they load scripts from a CDN, and these pages fetch
nothing from the network.  Errors are pages too (HTML or JSON, as asked); an unexpected
exception is logged here and the client gets a plain 500 page without a trace.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
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
from framelens.web import pages, queries, security
from framelens.web.cache import ReportCache
from framelens.web.render import (
    ASSETS,
    JSON_SUFFIX,
    asset,
    error_page,
    json_bytes,
    page,
    render,
    wants_json,
    with_nav,
)
from framelens.web.security import security_headers

log = logging.getLogger(__name__)


class WebError(Exception):
    """A client error with the status and the one-line message the error page shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class WebState:
    """What every request reads: the read-only store, a cursor per worker thread, the report cache."""

    store: Store
    settings: Settings
    options: WebOptions
    reports: ReportCache[tuple[dict[str, Any], str]]
    fts_problem: str | None = None
    _local: threading.local = field(default_factory=threading.local)
    _cursors: list[duckdb.DuckDBPyConnection] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor (a DuckDB connection must not be used by two threads at once)."""
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cur is None:
            with self._lock:
                cur = self.store.cursor()
                self._cursors.append(cur)
            self._local.cursor = cur
        return cur

    def close(self) -> None:
        with self._lock:
            for cur in self._cursors:
                cur.close()
            self._cursors.clear()
        self.store.close()


def open_readonly(db_path: str | Path) -> Store:
    """The store at ``db_path`` opened read-only; a StoreError that says what to do otherwise."""
    try:
        return Store(db_path, read_only=True)
    except StoreError as exc:
        if "in use" in str(exc):
            raise StoreError(
                f"{db_path} is locked by a process writing to it (an ingest or stories run); "
                "serve opens the store read-only and can start once that run has finished"
            ) from None
        raise


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


def _story_report(state: WebState, story_id: int) -> tuple[dict[str, Any], str]:
    """(report JSON, report HTML) of a stored story, computed from its stored analyses."""
    from framelens.corpus import compare_story
    from framelens.report import render_html
    from framelens.report.build import build_report

    comparison = compare_story(state.store, story_id, state.settings)
    # through JSON and back: the twin must hold exactly what the HTML was rendered from
    report = json.loads(json_bytes(build_report(comparison)))
    return report, render_html(report)


def _story_view(state: WebState, request: Request, ref: str) -> Response:
    story_id = story_number(_ref(ref))
    if story_id is None:
        raise WebError(
            404, f"there is no story {_ref(ref)[:40]!r} in this store (a story id is a whole number)"
        )
    story = queries.story(state.cursor(), story_id)
    if story is None:
        raise WebError(404, f"there is no story {story_id} in this store")
    members = state.store.story_members(story_id)
    originals = sum(1 for m in members if m["duplicate_of"] is None)
    data: dict[str, Any] = {"story": story, "members": members, "report": None, "notice": None}
    if originals > state.options.max_story_articles:
        data["notice"] = (
            f"this story has {originals} articles, more than the {state.options.max_story_articles} "
            f"compared on request; run `framelens compare --db STORE --story {story_id} --html FILE`"
        )
    else:
        report, report_html = state.reports.get(story_id, lambda: _story_report(state, story_id))
        data["report"] = report
        if not wants_json(request):
            nav = render("nav.html.j2", story=story)
            return Response(with_nav(report_html, nav), media_type="text/html; charset=utf-8")
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
    store = open_readonly(db_path)
    state = WebState(store, settings, options, ReportCache(options.story_cache))
    try:
        from framelens.store.fts import load_fts

        load_fts(state.cursor())
    except FramelensError as exc:
        state.fts_problem = str(exc)

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
        return page(request, "index.html.j2", pages.index_page(state.cursor(), path, sort, page_no, size))

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
        data = pages.search_page(state.cursor(), _path(request), query, page_no, size)
        return page(request, "search.html.j2", data)

    @app.get("/story/{ref}")
    def story(request: Request, ref: str) -> Response:
        """A story's comparison report (computed once, then served from memory)."""
        return _story_view(state, request, ref)

    @app.get("/article/{ref}")
    def article(request: Request, ref: str) -> Response:
        """One article with the summary of its stored analysis."""
        article_id = _ref(ref)
        analysis = state.store.analysis(article_id) if len(article_id) <= 128 else None
        if analysis is None:
            raise WebError(404, f"there is no article {article_id[:40]!r} in this store")
        links = queries.article_links(state.cursor(), article_id)
        return page(request, "article.html.j2", pages.article_page(analysis, links))

    @app.get("/actor/{ref}")
    def actor(request: Request, ref: str) -> Response:
        """One actor across the corpus: its labels and the tone toward it by outlet over time."""
        actor_id = _ref(ref)
        page_no, size = _paging(request, options)
        path = f"/actor/{quote(actor_id, safe='')}{JSON_SUFFIX if wants_json(request) else ''}"
        data = (
            pages.actor_page(state.cursor(), path, actor_id, page_no, size) if len(actor_id) <= 200 else None
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
