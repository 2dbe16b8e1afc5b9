"""`framelens watch`: each article stored once across rounds and restarts, canonical URLs and
near-duplicates respected, robots.txt obeyed, conditional feed requests, Ctrl-C stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsserver import (
    COVERAGE,
    NewsServer,
    Page,
    article_html,
    fixture_article,
    rss,
    serve_coverage,
    sitemap,
    slow,
)
from typer.testing import CliRunner

from framelens.cli import app
from framelens.errors import UsageError
from framelens.fetch.watch import parse_every
from framelens.store import open_store

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
HARBOR, LEDGER, VALLEY = (c[4] for c in COVERAGE)
ALIAS = "/amp/harbor.html"
COPY = "/metro/raid.html"
PRIVATE = "/private/embargoed.html"
ENV = {
    "FRAMELENS_FETCH__DELAY": "0.02",
    "FRAMELENS_FETCH__BACKOFF": "0.01",
    "FRAMELENS_TONE": "0",
    "HF_HUB_OFFLINE": "1",
}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)


def _syndicated(server: NewsServer) -> bytes:
    """The Ledger's story as another (fictional) outlet runs it: one word changed, its own URL."""
    title, paragraphs = fixture_article("northern-ledger.txt")
    paragraphs = [p.replace("three explosions", "several explosions") for p in paragraphs]
    return article_html(
        title, paragraphs, outlet="Metro Daily", author="Staff", date="2025-05-04", canonical=server.url(COPY)
    )


@pytest.fixture
def site() -> Iterator[NewsServer]:
    with NewsServer() as srv:
        srv.add("/robots.txt", Page(ROBOTS, content_type="text/plain"))
        pages = serve_coverage(srv)
        srv.add(ALIAS, Page(pages[HARBOR]))  # the same page under another link (canonical: HARBOR)
        srv.add(COPY, Page(_syndicated(srv)))
        srv.add(PRIVATE, Page(b"<html><body><p>never fetched</p></body></html>"))
        date = "Sun, 04 May 2025 07:30:00 GMT"
        feed = rss(
            srv,
            [
                ("a", HARBOR, date),
                ("a again", HARBOR + "?utm_source=rss", date),
                ("b", LEDGER, date),
                ("c", VALLEY, date),
                ("a amp", ALIAS, date),
                ("copy", COPY, date),
                ("private", PRIVATE, date),
            ],
        )
        srv.add("/feed.xml", Page(feed, content_type="application/rss+xml", headers={"ETag": '"feed-1"'}))
        srv.add("/sitemap.xml", Page(sitemap(srv, [(HARBOR, None), (VALLEY, None)]), content_type="text/xml"))
        yield srv


def _feeds(tmp_path: Path, server: NewsServer) -> Path:
    path = tmp_path / "feeds.txt"
    path.write_text(f"# fictional feeds\n{server.url('/feed.xml')}\n{server.url('/sitemap.xml')}\n")
    return path


def test_watch_once_twice_stores_each_article_once(tmp_path: Path, env: None, site: NewsServer) -> None:
    feeds, db = _feeds(tmp_path, site), tmp_path / "corpus.duckdb"
    first = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(db), "--once"])
    assert first.exit_code == 1, first.stderr  # the page robots.txt disallows is a failure
    errors = [line for line in first.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {site.url(PRIVATE)}: disallowed by robots.txt; not requested"]
    assert "stored 4 new articles (1 near-duplicate linked, 1 canonical duplicate," in first.stderr

    second = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(db), "--once"])
    assert second.exit_code == 0, second.stderr
    assert "0 new; fetched 0" in second.stderr
    # the feed was asked conditionally the second time and answered 304
    assert site.hits("/feed.xml")[1].headers.get("If-None-Match") == '"feed-1"'

    for path in (HARBOR, LEDGER, VALLEY, ALIAS, COPY):
        assert site.paths().count(path) == 1, path
    assert PRIVATE not in site.paths()
    with open_store(db, read_only=True) as store:
        assert store.count("articles") == 4
        assert store.count("duplicates") == 1
        assert store.count("story_members") == 4
        assert store.check() == []
        statuses = dict(store._q("SELECT url, status FROM fetched_urls"))
    assert statuses[site.url(ALIAS)] == "duplicate"
    assert statuses[site.url(PRIVATE)] == "failed"
    assert sorted(v for v in statuses.values() if v == "ingested") == ["ingested"] * 4


def _framelens() -> list[str]:
    exe = Path(sys.executable).with_name("framelens")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "framelens"]


def test_ctrl_c_stops_after_the_article_in_flight_and_a_restart_goes_on(tmp_path: Path) -> None:
    with NewsServer() as srv:
        srv.add("/robots.txt", Page(ROBOTS, content_type="text/plain"))
        pages = serve_coverage(srv)
        for path, html in pages.items():
            srv.add(path, slow(0.5, Page(html)))
        date = "Sun, 04 May 2025 07:30:00 GMT"
        srv.add(
            "/feed.xml", Page(rss(srv, [(p, p, date) for p in pages]), content_type="application/rss+xml")
        )
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(srv.url("/feed.xml") + "\n")
        db = tmp_path / "corpus.duckdb"
        cmd = [*_framelens(), "watch", str(feeds), "--db", str(db), "--every", "1h"]
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env={**os.environ, **ENV})
        deadline = time.monotonic() + 120
        while not any(p in pages for p in srv.paths()) and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=180)
        assert proc.returncode == 130, stderr
        assert "stopping after the articles in flight" in stderr
        assert "Traceback" not in stderr
        last = stderr.strip().splitlines()[-1]
        with open_store(db, read_only=True) as store:
            # the page in flight when Ctrl-C came (each takes 0.5 s) is stored, the rest is not
            stored = store.count("articles")
            assert 1 <= stored < 3
            assert store.check() == []
            assert store.count("fetched_urls") == stored
        noun = "article" if stored == 1 else "articles"
        assert last.startswith(f"interrupted; {stored} new {noun} stored in"), last
        assert last.endswith("run the same command to go on")

        again = subprocess.run(
            [*cmd, "--once"], capture_output=True, text=True, env={**os.environ, **ENV}, timeout=180
        )
        assert again.returncode == 0, again.stderr
        for path in pages:
            assert srv.paths().count(path) == 1, (path, srv.paths())
        with open_store(db, read_only=True) as store:
            assert store.count("articles") == 3


def test_every_accepts_seconds_minutes_hours() -> None:
    assert [parse_every(x) for x in ("30s", "15m", "1h", "90", "1.5h")] == [30, 900, 3600, 90, 5400]
    for bad in ("soon", "0m", "-5s", ""):
        with pytest.raises(UsageError):
            parse_every(bad)
