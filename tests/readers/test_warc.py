"""WARC reader: archives built in the test with warcio, so no binary fixture is committed."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from framelens.config import Settings
from framelens.models import Article, Failure
from framelens.readers import read
from framelens.readers.draft import Draft
from framelens.readers.inputs import InputRef, load
from framelens.readers.warc import read_warc

SETTINGS = Settings()
PARAGRAPHS = [
    "The council voted on Tuesday to close the old river bridge for repairs that engineers called overdue.",
    "Residents who cross it daily said the closure would add twenty minutes to their commute.",
]


@dataclass
class Rec:
    """One record to write: a response unless ``rec_type`` says otherwise."""

    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    rec_type: str = "response"


def page(title: str, paragraphs: list[str] = PARAGRAPHS) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body><article><h1>{title}</h1>{body}</article></body></html>"


def write_warc(path: Path, records: list[Rec], gz: bool = False) -> list[str]:
    """Write ``records`` and return their WARC-Record-IDs (without angle brackets)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    ids = []
    for rec in records:
        if rec.rec_type == "response":
            http = StatusAndHeaders(rec.status, [("Content-Type", rec.content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                rec.url, "response", payload=io.BytesIO(rec.body), http_headers=http
            )
        else:
            record = writer.create_warc_record(
                rec.url, rec.rec_type, payload=io.BytesIO(rec.body), warc_content_type=rec.content_type
            )
        writer.write_record(record)
        ids.append(record.rec_headers.get_header("WARC-Record-ID").strip("<>"))
    path.write_bytes(buf.getvalue())
    return ids


def _read(path: Path, settings: Settings = SETTINGS) -> list[Draft | Failure]:
    raw = load(InputRef(str(path), "warc", path, path.name.endswith(".gz")), settings.max_bytes)
    assert not isinstance(raw, Failure), raw
    try:
        return list(read_warc(raw, settings))
    finally:
        if raw.stream is not None:
            raw.stream.close()


@pytest.fixture
def fake_html(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str | None]]:
    """Replace the HTML reader (tested on its own) to see exactly what the WARC reader hands it."""
    calls: list[tuple[str, str, str | None]] = []

    def draft_from_html(html: str, source: str, url: str | None = None, settings: object = None) -> Draft:
        calls.append((html, source, url))
        return Draft(source, "text", clean=False, url=url)

    monkeypatch.setattr("framelens.readers.warc.draft_from_html", draft_from_html)
    return calls


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_html_responses_become_drafts(
    tmp_path: Path, gz: bool, fake_html: list[tuple[str, str, str | None]]
) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    ids = write_warc(
        path,
        [
            Rec("https://example.org/a", page("A").encode()),
            Rec("https://example.org/logo.png", b"\x89PNG\r\n", content_type="image/png"),
            Rec("https://example.org/gone", page("Gone").encode(), status="404 Not Found"),
            Rec("https://example.org/moved", b"", status="301 Moved Permanently"),
            Rec("https://example.org/b", page("B").encode(), content_type="application/xhtml+xml"),
            Rec("https://example.org/c", page("C").encode(), rec_type="resource", content_type="text/html"),
        ],
        gz=gz,
    )
    items = _read(path)
    assert [(d.source, d.url) for d in items if isinstance(d, Draft)] == [
        (f"{path}#{ids[0]}", "https://example.org/a"),
        (f"{path}#{ids[4]}", "https://example.org/b"),
        (f"{path}#{ids[5]}", "https://example.org/c"),
    ]
    assert [html for html, _, _ in fake_html] == [page("A"), page("B"), page("C")]
    assert ids[0].startswith("urn:uuid:")


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html; charset=ISO-8859-1", page("Café déçu").encode("latin-1"), page("Café déçu")),
        ("text/html; charset=windows-1252", page("“Quoted”").encode("cp1252"), page("“Quoted”")),
        ("text/html; charset=utf-8", page("Zoë").encode(), page("Zoë")),
        (
            "text/html",
            b'<html><head><meta charset="latin-1"></head><body>caf\xe9</body></html>',
            '<html><head><meta charset="latin-1"></head><body>café</body></html>',
        ),
        # a wrong declaration is outvoted when the bytes cannot be in that charset
        ("text/html; charset=utf-8", page("Café").encode("latin-1"), page("Café")),
    ],
)
def test_html_is_decoded_with_the_http_charset(
    tmp_path: Path,
    fake_html: list[tuple[str, str, str | None]],
    content_type: str,
    body: bytes,
    expected: str,
) -> None:
    path = tmp_path / "enc.warc"
    write_warc(path, [Rec("https://example.org/x", body, content_type=content_type)])
    [draft] = _read(path)
    assert isinstance(draft, Draft)
    assert fake_html[0][0] == expected


def test_only_non_html_records_give_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "images.warc"
    write_warc(
        path,
        [
            Rec("https://example.org/a.png", b"\x89PNG", content_type="image/png"),
            Rec("https://example.org/a.css", b"body{}", content_type="text/css"),
        ],
    )
    assert [i.message() for i in _read(path)] == [
        f"{path}: contains no HTML response records (2 record(s) of other types)"
    ]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_truncated_archive_keeps_records_before_the_damage(
    tmp_path: Path, gz: bool, fake_html: list[tuple[str, str, str | None]]
) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(
        whole,
        [
            Rec("https://example.org/a", page("A", PARAGRAPHS * 3).encode()),
            Rec("https://example.org/b", page("B", PARAGRAPHS * 3).encode()),
        ],
        gz=gz,
    )
    data = whole.read_bytes()
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    # cut at many points inside the second record: headers, body, gzip header and trailer
    for cut in range(int(len(data) * 0.52), len(data) - 1, max(1, len(data) // 60)):
        path.write_bytes(data[:cut])
        items = _read(path)
        drafts = [i for i in items if isinstance(i, Draft)]
        failures = [i for i in items if isinstance(i, Failure)]
        assert len(failures) == 1, cut
        assert failures[0].source == str(path)
        if len(drafts) == 2:
            # cut inside the gzip trailer: the page itself was whole, the archive is still reported
            assert failures[0].problem.startswith("is corrupt or truncated after 2 record(s) ("), cut
            continue
        assert [d.url for d in drafts] == ["https://example.org/a"], cut
        assert failures[0].problem.startswith("is corrupt or truncated after 1 record(s) ("), cut
        assert failures[0].problem.endswith("; the 1 HTML page(s) before the damage were read")


def test_corrupt_gzip_member_is_one_failure_and_nothing_else_on_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], fake_html: list[tuple[str, str, str | None]]
) -> None:
    path = tmp_path / "bad.warc.gz"
    write_warc(
        path,
        [
            Rec("https://example.org/a", page("A").encode()),
            Rec("https://example.org/b", page("B", PARAGRAPHS * 20).encode()),
        ],
        gz=True,
    )
    data = bytearray(path.read_bytes())
    middle = len(data) - 200
    data[middle : middle + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["Draft", "Failure"]
    assert items[1].source == str(path)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"hello, this is not an archive\n", "is not a readable WARC file (expected a WARC record header"),
        (bytes(range(256)) * 4, "is not a readable WARC file ("),
    ],
)
def test_not_a_warc(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(data)
    [failure] = _read(path)
    assert isinstance(failure, Failure)
    assert failure.source == str(path)
    assert failure.problem.startswith(problem)


def test_record_over_the_size_limit_is_skipped(
    tmp_path: Path, fake_html: list[tuple[str, str, str | None]]
) -> None:
    path = tmp_path / "big.warc"
    ids = write_warc(
        path,
        [
            Rec("https://example.org/big", page("Big", PARAGRAPHS * 50).encode()),
            Rec("https://example.org/small", page("Small").encode()),
        ],
    )
    big, small = _read(path, Settings(max_bytes=2000))
    assert isinstance(big, Failure)
    assert big.message() == (
        f"{path}#{ids[0]}: record is larger than the 0.002 MB limit for one document; "
        "raise it with --max-bytes if this really is one article"
    )
    assert isinstance(small, Draft) and small.url == "https://example.org/small"


def test_warc_through_read_gives_articles(tmp_path: Path) -> None:
    """With the real HTML reader: article text and url come through."""
    path = tmp_path / "crawl.warc.gz"
    ids = write_warc(path, [Rec("https://example.org/a", page("Bridge closes").encode())], gz=True)
    [article] = list(read([str(path)]))
    assert isinstance(article, Article)
    assert article.source == f"{path}#{ids[0]}"
    assert article.url == "https://example.org/a"
    assert PARAGRAPHS[0] in article.text


def test_warc_on_stdin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    ids = write_warc(path, [Rec("https://example.org/a", page("Bridge closes").encode())])

    class Stdin:
        buffer = io.BytesIO(path.read_bytes())

    monkeypatch.setattr("sys.stdin", Stdin)
    [article] = list(read(["-"]))
    assert isinstance(article, Article)
    assert article.source == f"<stdin>#{ids[0]}"
