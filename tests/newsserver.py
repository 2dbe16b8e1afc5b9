"""A local news site for the fetch tests: fictional pages, feeds, sitemaps, robots.txt, and
endpoints that misbehave (slow, failing, redirecting, huge, rate-limited).

``NewsServer`` is a stdlib ``ThreadingHTTPServer`` on 127.0.0.1 port 0, run in a thread;
every request is logged (time, path, headers), so tests can check what was asked, when
and how often.  Nothing here reaches the internet.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True, slots=True)
class Hit:
    """One request as the server saw it."""

    at: float
    path: str
    headers: dict[str, str]


@dataclass(slots=True)
class Page:
    """A canned answer."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: "gzip" or "br": the body is sent compressed so
    encoding: str | None = None


Handler = Callable[[BaseHTTPRequestHandler, int], None]


class NewsServer:
    """Routes by path (query included); unknown paths answer 404."""

    def __init__(self) -> None:
        self.routes: dict[str, Page | Handler] = {}
        self.log: list[Hit] = []
        self.sent: dict[str, int] = {}
        self._lock = threading.Lock()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.log.append(Hit(time.monotonic(), self.path, dict(self.headers.items())))
                    count = sum(1 for h in server.log if h.path == self.path)
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                elif isinstance(route, Page):
                    server._answer(self, route)
                else:
                    route(self, count)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> NewsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, route: Page | Handler) -> str:
        self.routes[path] = route
        return self.url(path)

    def paths(self) -> list[str]:
        with self._lock:
            return [h.path for h in self.log]

    def hits(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.log if h.path == path]

    @staticmethod
    def _answer(handler: BaseHTTPRequestHandler, page: Page) -> None:
        body = page.body
        headers = dict(page.headers)
        etag = headers.get("ETag")
        if etag and handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        if page.encoding == "gzip":
            body = gzip.compress(body)
        elif page.encoding == "br":
            import brotli

            body = brotli.compress(body)
        if page.encoding:
            headers["Content-Encoding"] = page.encoding
        handler.send_response(page.status)
        if page.content_type:
            handler.send_header("Content-Type", page.content_type)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


# --- fictional coverage -----------------------------------------------------------------------


def article_html(
    title: str, paragraphs: list[str], *, outlet: str, author: str, date: str, canonical: str
) -> bytes:
    """A news page in the shape outlets publish: canonical link, Open Graph and author metadata."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
<link rel="canonical" href="{canonical}">
<meta property="og:url" content="{canonical}">
<meta property="og:site_name" content="{outlet}">
<meta property="og:title" content="{title}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{date}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p class="byline">By {author}</p>
{body}
</article>
<footer>Copyright {outlet}</footer>
</body></html>
""".encode()


def fixture_article(name: str) -> tuple[str, list[str]]:
    """Title and paragraphs of a fictional article of tests/fixtures/compare (its own byline and
    dateline lines dropped: the page carries them as metadata)."""
    lines = [
        line.strip().lstrip("#").strip().strip("*").strip()
        for line in (FIXTURES / "compare" / name).read_text("utf-8").split("\n\n")
    ]
    lines = [line for line in lines if line]
    title, rest = lines[0], lines[1:]
    rest = [line for line in rest if not line.startswith("By ") and "2031" not in line[:40]]
    return title, rest


#: the three fictional outlets of tests/fixtures/compare, served as web pages
COVERAGE = (
    (
        "harbor-times.txt",
        "Harbor Times",
        "Tomas Brenner",
        "2025-05-04T07:30:00+00:00",
        "/harbor/air-strike.html",
    ),
    (
        "northern-ledger.txt",
        "Northern Ledger",
        "Lena Marsh",
        "2025-05-04T09:10:00+00:00",
        "/ledger/dawn-raid.html",
    ),
    (
        "valley-post.md",
        "Valley Post",
        "Iris Dunmore",
        "2025-05-05T06:00:00+00:00",
        "/valley/velka-strike.html",
    ),
)


def serve_coverage(server: NewsServer) -> dict[str, bytes]:
    """Put the three fictional articles on ``server``; path -> the page's bytes."""
    pages = {}
    for name, outlet, author, date, path in COVERAGE:
        title, paragraphs = fixture_article(name)
        html = article_html(
            title, paragraphs, outlet=outlet, author=author, date=date, canonical=server.url(path)
        )
        server.add(path, Page(html))
        pages[path] = html
    return pages


def rss(server: NewsServer, items: list[tuple[str, str, str]], title: str = "Fictional Wire") -> bytes:
    """An RSS 2.0 feed of (title, path, RFC 822 date) items."""
    entries = "\n".join(
        f"<item><title>{t}</title><link>{server.url(p)}</link><pubDate>{d}</pubDate></item>"
        for t, p, d in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>{server.base}/</link>
<description>Fictional news for tests</description>
{entries}
</channel></rss>""".encode()


def atom(server: NewsServer, items: list[tuple[str, str, str]]) -> bytes:
    """An Atom feed of (title, path, ISO date) items."""
    entries = "\n".join(
        f'<entry><title>{t}</title><link href="{server.url(p)}"/><id>{server.url(p)}</id>'
        f"<updated>{d}</updated></entry>"
        for t, p, d in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fictional Atom</title><id>{server.base}/</id>
<updated>2031-05-05T00:00:00Z</updated>
{entries}
</feed>""".encode()


def sitemap(server: NewsServer, items: list[tuple[str, str | None]], news: bool = False) -> bytes:
    """A sitemap of (path, date) URLs; ``news`` gives the dates as news:publication_date."""
    rows = []
    for path, date in items:
        if date is None:
            extra = ""
        elif news:
            extra = (
                "<news:news><news:publication><news:name>Fictional</news:name>"
                "<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{date}</news:publication_date><news:title>x</news:title></news:news>"
            )
        else:
            extra = f"<lastmod>{date}</lastmod>"
        rows.append(f"<url><loc>{server.url(path)}</loc>{extra}</url>")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{"".join(rows)}
</urlset>""".encode()


def sitemap_index(server: NewsServer, paths: list[str]) -> bytes:
    rows = "".join(f"<sitemap><loc>{server.url(p)}</loc></sitemap>" for p in paths)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>""".encode()


def huge_page(size: int, with_length: bool) -> Handler:
    """A page of ``size`` bytes written in 64 KiB pieces; the server stops when the client hangs up."""

    def handle(handler: BaseHTTPRequestHandler, _count: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        if with_length:
            handler.send_header("Content-Length", str(size))
        handler.end_headers()
        piece = b"<p>" + b"x" * (65536 - 7) + b"</p>\n"
        sent = 0
        try:
            handler.wfile.write(b"<html><body>")
            while sent < size:
                handler.wfile.write(piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return handle


def status_then_page(status: int, page: Page, times: int = 1, retry_after: str | None = None) -> Handler:
    """Answer ``status`` the first ``times`` requests (with Retry-After when given), then ``page``."""

    def handle(handler: BaseHTTPRequestHandler, count: int) -> None:
        if count <= times:
            handler.send_response(status)
            if retry_after is not None:
                handler.send_header("Retry-After", retry_after)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        NewsServer._answer(handler, page)

    return handle


def slow(seconds: float, page: Page) -> Handler:
    def handle(handler: BaseHTTPRequestHandler, _count: int) -> None:
        time.sleep(seconds)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            NewsServer._answer(handler, page)

    return handle


def redirect(to: str, status: int = 301) -> Page:
    return Page(b"", status=status, content_type="", headers={"Location": to})
