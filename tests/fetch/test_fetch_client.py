"""The HTTP client against a local server: robots.txt, pace, limits, retries, encodings, redirects."""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import pairwise

import pytest
from newsserver import (
    NewsServer,
    Page,
    huge_page,
    redirect,
    serve_coverage,
    slow,
    status_then_page,
)

from framelens import __version__
from framelens.config import FetchParams
from framelens.fetch.client import Accept, Fetched, Fetcher, FetchError, NotModified, Validators

HTML = b"<html><body><article><p>A fictional page about the Velka bridge.</p></article></body></html>"
ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n"

#: fast settings: no pause between requests, short waits
FAST = FetchParams(
    delay=0.0,
    backoff=0.01,
    retries=2,
    timeout=2.0,
    connect_timeout=1.0,
    max_bytes=1_000_000,
    max_retry_after=5,
)


@pytest.fixture
def server() -> Iterator[NewsServer]:
    with NewsServer() as srv:
        srv.add("/robots.txt", Page(ROBOTS, content_type="text/plain"))
        yield srv


def _get(params: FetchParams, url: str, accept: Accept = Accept.PAGE) -> object:
    with Fetcher(params) as fetcher:
        return fetcher.get(url, accept)


def test_a_page_is_fetched_with_a_clear_user_agent(server: NewsServer) -> None:
    url = server.add("/a.html", Page(HTML))
    got = _get(FAST, url)
    assert isinstance(got, Fetched)
    assert got.response.body == HTML and got.final_url == url
    agent = server.hits("/a.html")[0].headers["User-Agent"]
    assert agent.startswith(f"framelens/{__version__} (+https://") and "{version}" not in agent
    # robots.txt first, once
    assert server.paths() == ["/robots.txt", "/a.html"]


def test_a_url_disallowed_by_robots_txt_is_never_requested(server: NewsServer) -> None:
    server.add("/private/secret.html", Page(HTML))
    server.add("/from-here.html", redirect("/private/secret.html"))
    with Fetcher(FAST) as fetcher:
        direct = fetcher.get(server.url("/private/secret.html"))
        hop = fetcher.get(server.url("/from-here.html"))
    assert isinstance(direct, FetchError) and "disallowed by robots.txt" in direct.problem
    assert isinstance(hop, FetchError) and "redirected to" in hop.problem
    assert "/private/secret.html" not in server.paths()
    assert server.paths().count("/robots.txt") == 1


def test_robots_txt_that_fails_disallows_and_one_that_is_missing_allows() -> None:
    with NewsServer() as srv:
        srv.add("/robots.txt", Page(b"", status=500))
        url = srv.add("/a.html", Page(HTML))
        got = _get(FAST, url)
        assert isinstance(got, FetchError) and "robots.txt could not be read" in got.problem
        assert "/a.html" not in srv.paths()
    with NewsServer() as srv:  # no robots.txt at all (404): everything is allowed
        url = srv.add("/a.html", Page(HTML))
        assert isinstance(_get(FAST, url), Fetched)


def test_per_host_delay_is_respected_as_the_server_measures_it(server: NewsServer) -> None:
    pages = serve_coverage(server)
    params = FetchParams(delay=0.3, concurrency=4, timeout=5.0)
    with Fetcher(params) as fetcher:
        results = list(fetcher.get_many([server.url(p) for p in pages]))
    assert all(isinstance(r, Fetched) for _, r in results)
    starts = [h.at for h in server.log]
    assert len(starts) == 4  # robots.txt and three pages, one host
    gaps = [b - a for a, b in pairwise(starts)]
    assert min(gaps) >= 0.3 - 0.02, gaps


def test_a_longer_crawl_delay_in_robots_txt_wins() -> None:
    with NewsServer() as srv:
        srv.add("/robots.txt", Page(b"User-agent: framelens\nCrawl-delay: 1\n", content_type="text/plain"))
        urls = [srv.add("/a.html", Page(HTML)), srv.add("/b.html", Page(HTML))]
        with Fetcher(FAST) as fetcher:
            assert all(isinstance(r, Fetched) for _, r in fetcher.get_many(urls))
        a, b = srv.hits("/a.html")[0], srv.hits("/b.html")[0]
    assert b.at - a.at >= 0.98


def test_two_hosts_are_fetched_side_by_side(server: NewsServer) -> None:
    """127.0.0.1 and localhost are two hosts: each keeps its own pace, so they overlap."""
    server.add("/a.html", Page(HTML))
    server.add("/b.html", Page(HTML))
    port = server.base.rsplit(":", 1)[1]
    urls = [server.url("/a.html"), server.url("/b.html")]
    urls += [f"http://localhost:{port}/a.html", f"http://localhost:{port}/b.html"]
    started = time.monotonic()
    with Fetcher(FetchParams(delay=0.3, timeout=5.0)) as fetcher:
        results = list(fetcher.get_many(urls))
    took = time.monotonic() - started
    assert all(isinstance(r, Fetched) for _, r in results)
    # one host alone needs 3 x 0.3 s (robots, a, b); two in turn would need 1.5 s
    assert took < 1.4, took


def test_429_with_retry_after_is_waited_for(server: NewsServer) -> None:
    server.add("/busy.html", status_then_page(429, Page(HTML), retry_after="1"))
    got = _get(FAST, server.url("/busy.html"))
    assert isinstance(got, Fetched)
    first, second = server.hits("/busy.html")
    assert second.at - first.at >= 0.95


def test_a_retry_after_past_the_limit_fails_at_once(server: NewsServer) -> None:
    server.add("/later.html", status_then_page(429, Page(HTML), times=10, retry_after="3600"))
    got = _get(FAST, server.url("/later.html"))
    assert isinstance(got, FetchError) and "3600" in got.problem and got.transient
    assert len(server.hits("/later.html")) == 1


def test_5xx_is_retried_with_backoff_then_fails_in_one_line(server: NewsServer) -> None:
    server.add("/flaky.html", status_then_page(503, Page(HTML), times=1))
    server.add("/down.html", status_then_page(500, Page(HTML), times=99))
    assert isinstance(_get(FAST, server.url("/flaky.html")), Fetched)
    down = _get(FAST, server.url("/down.html"))
    assert isinstance(down, FetchError) and down.problem == "HTTP 500 after 3 tries"
    assert len(server.hits("/down.html")) == 3
    assert "\n" not in down.failure().message()


def test_404_is_not_retried(server: NewsServer) -> None:
    got = _get(FAST, server.url("/missing.html"))
    assert isinstance(got, FetchError) and got.problem.startswith("HTTP 404") and not got.transient
    assert len(server.hits("/missing.html")) == 1


def test_a_slow_endpoint_times_out(server: NewsServer) -> None:
    server.add("/slow.html", slow(3.0, Page(HTML)))
    params = FetchParams(delay=0.0, timeout=0.5, retries=0)
    started = time.monotonic()
    got = _get(params, server.url("/slow.html"))
    assert isinstance(got, FetchError) and "timed out" in got.problem
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("with_length", [True, False])
def test_a_50_mb_page_is_refused_without_being_read(server: NewsServer, with_length: bool) -> None:
    server.add("/huge.html", huge_page(50_000_000, with_length))
    started = time.monotonic()
    got = _get(FAST, server.url("/huge.html"))
    assert isinstance(got, FetchError) and "larger than the 1 MB limit" in got.problem
    assert time.monotonic() - started < 5


def test_content_type_must_be_html_for_an_article(server: NewsServer) -> None:
    server.add("/report.pdf", Page(b"%PDF-1.7", content_type="application/pdf"))
    got = _get(FAST, server.url("/report.pdf"))
    assert isinstance(got, FetchError) and got.problem == "is not an HTML page (Content-Type application/pdf)"
    server.add("/untyped", Page(HTML, content_type=""))
    got = _get(FAST, server.url("/untyped"))
    assert isinstance(got, FetchError) and got.problem == "is not an HTML page (Content-Type missing)"
    feed = _get(FAST, server.url("/report.pdf"), Accept.LISTING)
    assert isinstance(feed, FetchError) and feed.problem.startswith("is not a feed, a sitemap")


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_compressed_answers_are_decoded(server: NewsServer, encoding: str) -> None:
    url = server.add("/z.html", Page(HTML, encoding=encoding))
    got = _get(FAST, url)
    assert isinstance(got, Fetched) and got.response.body == HTML
    assert got.response.header("content-encoding") is None
    assert got.response.header("content-length") == str(len(HTML))


def test_redirects_are_followed_up_to_the_limit(server: NewsServer) -> None:
    server.add("/final.html", Page(HTML))
    server.add("/old.html", redirect("/final.html"))
    for i in range(7):
        server.add(f"/loop{i}.html", redirect(f"/loop{i + 1}.html", 302))
    got = _get(FAST, server.url("/old.html"))
    assert isinstance(got, Fetched) and got.final_url == server.url("/final.html")
    assert [r.status for r in got.redirects] == [301]
    looped = _get(FAST, server.url("/loop0.html"))
    assert isinstance(looped, FetchError) and looped.problem == "more than 5 redirects (fetch.max_redirects)"


def test_conditional_requests_for_feeds(server: NewsServer) -> None:
    url = server.add(
        "/feed.xml", Page(b"<rss/>", content_type="application/rss+xml", headers={"ETag": '"v1"'})
    )
    with Fetcher(FAST) as fetcher:
        first = fetcher.get(url, Accept.LISTING)
        assert isinstance(first, Fetched) and first.validators == Validators('"v1"', None)
        again = fetcher.get(url, Accept.LISTING, first.validators)
    assert isinstance(again, NotModified)
    assert server.hits("/feed.xml")[1].headers["If-None-Match"] == '"v1"'


def test_an_unreachable_host_fails_in_one_line() -> None:
    with NewsServer() as srv:
        url = srv.url("/gone.html")
    got = _get(FetchParams(delay=0.0, retries=1, backoff=0.01, connect_timeout=0.5), url)
    assert isinstance(got, FetchError)
    assert "robots.txt could not be read" in got.problem and "\n" not in got.problem
