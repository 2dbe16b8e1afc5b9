"""`framelens fetch` and link discovery: feeds, sitemaps (news, indexes), lists of URLs; --since,
--max, --same-host; robots.txt; one line per failure; a second run fetches nothing new."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsserver import COVERAGE, NewsServer, Page, atom, rss, serve_coverage, sitemap, sitemap_index
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from framelens.cli import app
from framelens.fetch.discover import Link, Listing, parse_listing
from framelens.models import Failure

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
HARBOR, LEDGER, VALLEY = (c[4] for c in COVERAGE)
OLD = "/archive/old-story.html"
PRIVATE = "/private/embargoed.html"


@pytest.fixture(autouse=True)
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMELENS_FETCH__DELAY", "0.02")
    monkeypatch.setenv("FRAMELENS_FETCH__BACKOFF", "0.01")


@pytest.fixture
def server() -> Iterator[NewsServer]:
    with NewsServer() as srv:
        srv.add("/robots.txt", Page(ROBOTS, content_type="text/plain"))
        serve_coverage(srv)
        srv.add(OLD, Page(b"<html><body><article><p>An old fictional story.</p></article></body></html>"))
        srv.add(PRIVATE, Page(b"<html><body><p>never fetched</p></body></html>"))
        feed = rss(
            srv,
            [
                ("Air strike", HARBOR, "Sun, 04 May 2025 07:30:00 GMT"),
                ("Old story", OLD, "Mon, 01 Jan 2024 10:00:00 GMT"),
                ("Embargoed", PRIVATE, "Sun, 04 May 2025 08:00:00 GMT"),
            ],
        )
        srv.add("/feed.xml", Page(feed, content_type="application/rss+xml"))
        srv.add(
            "/atom.xml",
            Page(atom(srv, [("Dawn raid", LEDGER, "2025-05-04T09:10:00Z")]), content_type="text/xml"),
        )
        news = sitemap(srv, [(VALLEY, "2025-05-05T06:00:00Z"), (OLD, "2024-01-01")], news=True)
        srv.add("/sitemap-news.xml", Page(news, content_type="application/xml"))
        port = srv.base.rsplit(":", 1)[1]
        other = sitemap(srv, [(LEDGER, "2025-05-04")]).replace(
            srv.base.encode(), f"http://localhost:{port}".encode()
        )
        srv.add("/sitemap-other.xml", Page(other, content_type="application/xml"))
        index = sitemap_index(srv, ["/sitemap-news.xml", "/sitemap-other.xml"])
        srv.add("/sitemap.xml", Page(index, content_type="application/xml"))
        yield srv


def _pages(warc: Path) -> list[str]:
    with open(warc, "rb") as fh:
        return [
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(fh)
            if r.rec_type == "response" and r.http_headers.get_statuscode() == "200"
        ]


def _fetch(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["fetch", *args])
    return result.exit_code, [line for line in result.stderr.splitlines() if line.strip()]


# --- parsing listings --------------------------------------------------------------------


def test_parse_rss_atom_and_sitemaps(server: NewsServer) -> None:
    feed = parse_listing(server.routes["/feed.xml"].body, "feed")  # type: ignore[union-attr]
    assert isinstance(feed, Listing) and feed.kind == "feed"
    assert feed.links[0] == Link(server.url(HARBOR), dt.datetime(2025, 5, 4, 7, 30, tzinfo=dt.UTC), "feed")
    index = parse_listing(server.routes["/sitemap.xml"].body, "index")  # type: ignore[union-attr]
    assert isinstance(index, Listing) and index.kind == "sitemap index" and len(index.sitemaps) == 2
    news = parse_listing(server.routes["/sitemap-news.xml"].body, "news")  # type: ignore[union-attr]
    assert isinstance(news, Listing)
    assert [(link.url, link.published) for link in news.links] == [
        (server.url(VALLEY), dt.datetime(2025, 5, 5, 6, 0, tzinfo=dt.UTC)),
        (server.url(OLD), dt.datetime(2024, 1, 1, tzinfo=dt.UTC)),
    ]


def test_parse_a_list_of_urls_and_bad_input() -> None:
    listing = parse_listing(b"# my list\nhttps://a.example/1\n\nnot a url\nhttp://b.example/2\n", "list.txt")
    assert isinstance(listing, Listing)
    assert [link.url for link in listing.links] == ["https://a.example/1", "http://b.example/2"]
    assert listing.problems == (Failure("list.txt:4", "'not a url' is not an http(s) URL"),)
    assert parse_listing(b"<html><body>x</body></html>", "p").kind == "page"  # type: ignore[union-attr]
    assert isinstance(parse_listing(b"<?xml version='1.0'?><catalog/>", "c.xml"), Failure)
    assert isinstance(parse_listing(b"\x1f\x8bnot gzip", "s.xml.gz"), Failure)


# --- the command ---------------------------------------------------------------------------


def test_fetch_from_a_feed_a_sitemap_index_and_a_list(tmp_path: Path, server: NewsServer) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# extra\n{server.url(HARBOR)}?utm_source=list\nnonsense\n")
    warc = tmp_path / "crawl.warc.gz"
    args = [server.url("/feed.xml"), server.url("/sitemap.xml"), server.url("/atom.xml"), str(listing)]
    code, lines = _fetch(*args, "-o", str(warc), "--since", "2025-05-01")
    assert code == 1
    assert lines == [
        f"error: {listing}:3: 'nonsense' is not an http(s) URL",
        f"error: {server.url(PRIVATE)}: disallowed by robots.txt; not requested",
        f"fetched 4 pages into {warc} (0 already there) from 5 links",
        "2 failed (URLs or sources)",
    ]
    port = server.base.rsplit(":", 1)[1]
    assert sorted(_pages(warc)) == sorted(
        [server.url(HARBOR), server.url(VALLEY), server.url(LEDGER), f"http://localhost:{port}{LEDGER}"]
    )
    assert PRIVATE not in server.paths() and OLD not in server.paths()
    # the same again: everything is there already, no page is requested
    before = [p for p in server.paths() if p.endswith(".html")]
    code, lines = _fetch(*args, "-o", str(warc), "--since", "2025-05-01")
    assert lines[-2] == f"fetched 0 pages into {warc} (4 already there) from 5 links"
    assert [p for p in server.paths() if p.endswith(".html")] == before


def test_same_host_and_max(tmp_path: Path, server: NewsServer) -> None:
    warc = tmp_path / "crawl.warc"
    code, lines = _fetch(server.url("/sitemap.xml"), "-o", str(warc), "--same-host")
    assert code == 0, lines
    assert sorted(_pages(warc)) == sorted([server.url(VALLEY), server.url(OLD)])
    capped = tmp_path / "capped.warc.gz"
    code, lines = _fetch(server.url("/sitemap.xml"), "-o", str(capped), "--max", "1")
    assert code == 0 and _pages(capped) == [server.url(VALLEY)]


def test_an_article_url_is_fetched_once_and_a_bad_since_is_a_usage_error(
    tmp_path: Path, server: NewsServer
) -> None:
    warc = tmp_path / "one.warc.gz"
    code, lines = _fetch(server.url(HARBOR), "-o", str(warc))
    assert code == 0 and _pages(warc) == [server.url(HARBOR)]
    assert server.paths().count(HARBOR) == 1
    code, lines = _fetch(server.url(HARBOR), "-o", str(warc), "--since", "last tuesday")
    assert code == 2 and lines == [
        "error: --since 'last tuesday' is not a date; write e.g. 2031-05-04 or 2031-05-04T08:00Z"
    ]


def test_the_warc_reads_back_as_articles(tmp_path: Path, server: NewsServer) -> None:
    warc = tmp_path / "crawl.warc.gz"
    _fetch(server.url("/atom.xml"), "-o", str(warc))
    result = CliRunner().invoke(app, ["extract", str(warc), "-f", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert '"outlet": "Northern Ledger"' in result.stdout or '"outlet":"Northern Ledger"' in result.stdout
