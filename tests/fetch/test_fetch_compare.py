"""Done-when of URL inputs: `compare URL URL URL` gives the same report as `compare` on the WARC
file the pages were kept in, and as on the same pages saved as files; a second run reads the
WARC and asks the server for nothing.

The reports are compared whole, except ``articles[].source``: it names the input, which is
the URL, the WARC record (``FILE#<record id>``) or the file path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsserver import COVERAGE, NewsServer, Page, serve_coverage
from typer.testing import CliRunner

from framelens.cli import app

ROBOTS = b"User-agent: *\nDisallow: /private/\n"


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMELENS_FETCH__DELAY", "0.05")
    monkeypatch.setenv("FRAMELENS_FETCH__BACKOFF", "0.01")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def site() -> Iterator[tuple[NewsServer, dict[str, bytes]]]:
    with NewsServer() as srv:
        srv.add("/robots.txt", Page(ROBOTS, content_type="text/plain"))
        yield srv, serve_coverage(srv)


def _report(path: Path) -> dict[str, object]:
    report = json.loads(path.read_text("utf-8"))
    for article in report["articles"]:
        article.pop("source")
    return report


def _compare(*args: str) -> None:
    result = CliRunner().invoke(app, ["compare", *args])
    assert result.exit_code == 0, result.stderr


def test_compare_on_urls_equals_compare_on_the_warc_and_on_files(
    tmp_path: Path, fast: None, site: tuple[NewsServer, dict[str, bytes]]
) -> None:
    server, pages = site
    urls = [server.url(path) for *_, path in COVERAGE]
    warc = tmp_path / "pages.warc.gz"
    _compare(*urls, "--warc", str(warc), "--json", str(tmp_path / "urls.json"))
    assert sorted(server.paths()) == sorted(["/robots.txt", *pages])

    _compare(str(warc), "--json", str(tmp_path / "warc.json"))
    files = []
    for i, (*_, path) in enumerate(COVERAGE):
        file = tmp_path / f"{i}-{Path(path).name}"
        file.write_bytes(pages[path])
        files.append(str(file))
    _compare(*files, "--json", str(tmp_path / "files.json"))

    by_urls = _report(tmp_path / "urls.json")
    assert [a["url"] for a in by_urls["articles"]] == urls  # type: ignore[index]
    assert [a["outlet"] for a in by_urls["articles"]] == [c[1] for c in COVERAGE]  # type: ignore[index]
    assert [a["authors"] for a in by_urls["articles"]] == [[c[2]] for c in COVERAGE]  # type: ignore[index]
    assert [a["published"] for a in by_urls["articles"]] == [c[3][:10] for c in COVERAGE]  # type: ignore[index]
    assert by_urls == _report(tmp_path / "warc.json")
    assert by_urls == _report(tmp_path / "files.json")

    # the same command again: read from the WARC, nothing requested
    before = len(server.log)
    _compare(*urls, "--warc", str(warc), "--json", str(tmp_path / "again.json"))
    assert len(server.log) == before
    assert _report(tmp_path / "again.json") == by_urls


def test_offline_rerun_needs_no_server(tmp_path: Path, fast: None, monkeypatch: pytest.MonkeyPatch) -> None:
    warc = tmp_path / "pages.warc.gz"
    with NewsServer() as server:
        serve_coverage(server)
        urls = [server.url(path) for *_, path in COVERAGE]
        result = CliRunner().invoke(app, ["extract", *urls, "--warc", str(warc), "-f", "jsonl"])
        assert result.exit_code == 0, result.stderr
    first = result.stdout
    monkeypatch.setenv("FRAMELENS_FETCH__OFFLINE", "1")
    again = CliRunner().invoke(app, ["extract", *urls, "--warc", str(warc), "-f", "jsonl"])
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first
    missing = CliRunner().invoke(app, ["extract", urls[0] + "?other", "--warc", str(warc)])
    assert missing.exit_code == 1
    assert f"{urls[0]}?other: is not in {warc} and fetch.offline is set" in missing.stderr


def test_a_url_that_fails_is_one_line_and_the_rest_is_read(
    tmp_path: Path, fast: None, site: tuple[NewsServer, dict[str, bytes]]
) -> None:
    server, _ = site
    server.add("/private/x.html", Page(b"<html><body><p>hidden</p></body></html>"))
    server.add("/doc.pdf", Page(b"%PDF", content_type="application/pdf"))
    good = server.url(COVERAGE[0][4])
    args = [good, server.url("/private/x.html"), server.url("/doc.pdf"), server.url("/nope.html")]
    result = CliRunner().invoke(app, ["extract", *args, "--warc", str(tmp_path / "w.warc.gz"), "-f", "jsonl"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert lines == [
        f"error: {server.url('/private/x.html')}: disallowed by robots.txt; not requested",
        f"error: {server.url('/doc.pdf')}: is not an HTML page (Content-Type application/pdf)",
        f"error: {server.url('/nope.html')}: HTTP 404 Not Found",
    ]
    assert len(result.stdout.splitlines()) == 1
    assert "/private/x.html" not in server.paths()


def test_analyze_and_ingest_take_urls(
    tmp_path: Path, fast: None, site: tuple[NewsServer, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRAMELENS_TONE", "0")
    server, pages = site
    urls = [server.url(path) for *_, path in COVERAGE]
    warc = str(tmp_path / "pages.warc.gz")
    analysed = CliRunner().invoke(app, ["analyze", urls[0], "--warc", warc, "-f", "jsonl"])
    assert analysed.exit_code == 0, analysed.stderr
    assert json.loads(analysed.stdout)["article"]["url"] == urls[0]
    db = str(tmp_path / "corpus.duckdb")
    ingested = CliRunner().invoke(app, ["ingest", *urls, "--db", db, "--warc", warc])
    assert ingested.exit_code == 0, ingested.stderr
    assert "stored 3 new articles" in ingested.stderr
    # each page was requested once, by analyze or by ingest
    assert sorted(p for p in server.paths() if p in pages) == sorted(pages)
