"""JSONL and CSV readers: hand-written dumps with exact expected drafts and failures."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from framelens.config import Settings
from framelens.models import Article, Failure
from framelens.readers import read
from framelens.readers.draft import Draft
from framelens.readers.inputs import InputRef, kind_of, load
from framelens.readers.tabular import draft_from_row, normalise_date, read_csv, read_jsonl, split_authors

SETTINGS = Settings()
BODY = "The council voted on Tuesday to close the old river bridge for repairs, officials said."


def _read(path: Path, settings: Settings = SETTINGS) -> list[Draft | Failure]:
    kind, gzipped = kind_of(path.name)
    assert kind is not None
    raw = load(InputRef(str(path), kind, path, gzipped), settings.max_bytes)
    assert not isinstance(raw, Failure), raw
    reader = read_jsonl if kind == "jsonl" else read_csv
    try:
        return list(reader(raw, settings))
    finally:
        if raw.stream is not None:
            raw.stream.close()


def _problems(items: list[Draft | Failure]) -> list[str]:
    return [item.message() for item in items if isinstance(item, Failure)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("March 2024", "2024-03"),
        ("2024", "2024"),
        ("2024-03-05T10:30:00Z", "2024-03-05T10:30:00+00:00"),
        ("Tue, 05 Mar 2024 10:30:00 GMT", "2024-03-05T10:30:00+00:00"),
        ("2024-03-05 10:30", "2024-03-05T10:30:00"),
        ("5 March 2024 10:30 +0100", "2024-03-05T10:30:00+01:00"),
        ("03/05/2024", "2024-03-05"),  # month first when ambiguous
        (1709632200, "2024-03-05T09:50:00+00:00"),
        (1709632200000, "2024-03-05T09:50:00+00:00"),
        ("1709632200", "2024-03-05T09:50:00+00:00"),
        ("March 5", None),  # no year: not a date we can place
        ("yesterday", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ann Lee; Bo Chen", ("Ann Lee", "Bo Chen")),
        ("Ann Lee, Bo Chen", ("Ann Lee", "Bo Chen")),
        ("By Ann Lee and Bo Chen", ("Ann Lee", "Bo Chen")),
        ("Ann Lee, Bo Chen & Cara Diaz", ("Ann Lee", "Bo Chen", "Cara Diaz")),
        (["Ann Lee", "Bo Chen", "Ann Lee"], ("Ann Lee", "Bo Chen")),
        ([{"name": "Ann Lee"}, {"name": "Bo Chen"}], ("Ann Lee", "Bo Chen")),
        ("  Ann   Lee  ", ("Ann Lee",)),
        ("", ()),
        (None, ()),
        (42, ()),
    ],
)
def test_split_authors(value: object, expected: tuple[str, ...]) -> None:
    assert split_authors(value) == expected


def test_jsonl_fixture(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str, str | None]] = []

    def fake_html(html: str, source: str, url: str | None = None, settings: object = None) -> Draft:
        seen.append((html[:6], source, url))
        return Draft(source, "Page text.", clean=False, title="Page title", outlet="page.example", url=url)

    monkeypatch.setattr("framelens.readers.tabular.draft_from_html", fake_html)
    path = fixtures / "ingest" / "rows.jsonl"
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["Draft", "Draft", "Failure", "Draft"]
    first, second, bad, third = items
    assert isinstance(first, Draft) and isinstance(second, Draft) and isinstance(third, Draft)
    assert first.source == f"{path}:1"
    assert first.text == (
        "The council voted on Tuesday to close the old river bridge for repairs.\n\n"
        "Engineers said the work was overdue by several years."
    )
    assert first.clean is True
    assert (first.title, first.url, first.published, first.outlet, first.authors) == (
        "Bridge to close for repairs",
        "https://example.org/bridge",
        "2024-03-05",
        "Riverside Gazette",
        ("Ann Lee", "Bo Chen"),
    )
    assert first.site == "riverside gazette"
    # line 2 is blank; line 3 uses other field names, a list body and a news-API source object
    assert second.source == f"{path}:3"
    assert second.text == (
        "Residents who cross the bridge daily said the closure would add twenty minutes.\n\n"
        "Shop owners near the bridge feared a drop in trade."
    )
    assert (second.title, second.published, second.outlet, second.authors) == (
        "Commuters face delays",
        "2024-03-06T08:15:00+01:00",
        "Valley Bulletin",
        ("Cara Diaz", "Dev Patel"),
    )
    assert isinstance(bad, Failure)
    assert bad.source == f"{path}:4"
    assert bad.problem == "is not valid JSON (Unterminated string starting at column 33)"
    # HTML goes through the HTML reader with the row's url; the row's metadata wins
    assert seen == [("<html>", f"{path}:5", "https://example.net/page")]
    assert (third.title, third.outlet, third.published, third.url, third.clean) == (
        "Row title wins",
        "Example Net",
        "2024-03-05T09:50:00+00:00",
        "https://example.net/page",
        False,
    )


def test_jsonl_html_row_through_real_html_reader(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Page title</title></head><body><article>"
        f"<p>{BODY}</p><p>Residents said the closure would add twenty minutes to their commute.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"html": page, "title": "Row title", "outlet": "Row Outlet"}) + "\n")
    [article] = list(read([str(path)]))
    assert isinstance(article, Article)
    assert BODY in article.text
    assert (article.title, article.outlet, article.source) == ("Row title", "Row Outlet", f"{path}:1")


def test_jsonl_bad_lines_are_reported_and_the_rest_continues(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"text": BODY}),
        "{not json}",
        "[1, 2]",
        json.dumps({"title": "no body"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        json.dumps({"text": BODY, "title": "last"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = _read(path)
    assert _problems(items) == [
        f"{path}:2: is not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:3: is not a JSON object but an array",
        f"{path}:4: has no text or html (or the text is empty); fields are: title",
        f"{path}:5: has a text or html field that is not a string or list of strings",
        f"{path}:6: has no text or html (or the text is empty); fields are: text",
    ]
    drafts = [i for i in items if isinstance(i, Draft)]
    assert [d.source for d in drafts] == [f"{path}:1", f"{path}:7"]
    assert drafts[1].title == "last"


def test_jsonl_that_is_a_json_array_gives_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "array.jsonl"
    path.write_text('[\n  {"text": "a"},\n  {"text": "b"}\n]\n')
    assert _problems(_read(path)) == [
        f"{path}: is a JSON array, not JSON Lines (one JSON object per line); "
        f"convert it with: jq -c '.[]' {path}"
    ]


def test_jsonl_that_is_not_json_at_all_gives_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "prose.jsonl"
    path.write_text("This is prose.\nIt is not JSON.\nNot at all.\nStill not.\n")
    assert _problems(_read(path)) == [
        f"{path}: is not JSON Lines (one JSON object per line): line 1 is not valid JSON "
        "(Expecting value at column 1)"
    ]


def test_jsonl_two_bad_lines_then_good_are_reported_per_line(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl"
    path.write_text("oops\noops\n" + json.dumps({"text": BODY}) + "\n")
    items = _read(path)
    assert [i.source for i in items] == [f"{path}:1", f"{path}:2", f"{path}:3"]


def test_jsonl_overlong_line_is_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(
        json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": BODY}) + "\n",
    )
    items = _read(path, Settings(max_bytes=1000))
    assert _problems(items) == [
        f"{path}:1: the line is larger than the 0.001 MB limit for one document; "
        "raise it with --max-bytes if this really is one article"
    ]
    assert [i.source for i in items if isinstance(i, Draft)] == [f"{path}:2"]


def test_jsonl_gzip_and_latin1(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl.gz"
    row = json.dumps(
        {"text": "Le café a rouvert après des mois de travaux.", "outlet": "Gazette"}, ensure_ascii=False
    )
    path.write_bytes(gzip.compress((row + "\n").encode("latin-1")))
    [draft] = _read(path)
    assert isinstance(draft, Draft)
    assert draft.text == "Le café a rouvert après des mois de travaux."
    assert draft.source == f"{path}:1"


def test_jsonl_truncated_gzip_keeps_rows_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    rows = "".join(json.dumps({"text": f"{BODY} Row {i}."}) + "\n" for i in range(2000))
    data = gzip.compress(rows.encode())
    path.write_bytes(data[: len(data) // 2])
    items = _read(path)
    assert isinstance(items[0], Draft)
    [problem] = _problems(items)
    assert problem.startswith(f"{path}: is not valid gzip data (")
    assert "stopped after line" in problem


def test_binary_jsonl_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    assert _problems(_read(path)) == [f"{path}: is binary data (NUL bytes), not text"]


def test_csv_fixture(fixtures: Path) -> None:
    path = fixtures / "ingest" / "rows.csv"
    first, second = _read(path)
    assert isinstance(first, Draft) and isinstance(second, Draft)
    # rows are numbered as a spreadsheet shows them: the header is row 1
    assert (first.source, second.source) == (f"{path}:2", f"{path}:3")
    assert first.text == (
        "The council voted on Tuesday to close the old river bridge for repairs.\n\n"
        "Engineers said the work was overdue by several years."
    )
    assert (first.title, first.published, first.outlet, first.authors, first.url) == (
        "Bridge to close for repairs",
        "2024-03-05",
        "Riverside Gazette",
        ("Ann Lee", "Bo Chen"),
        "https://example.org/bridge",
    )
    assert (second.title, second.published, second.outlet, second.authors, second.url) == (
        "Commuters face delays",
        "2024-03-06",
        "Valley Bulletin",
        ("Cara Diaz", "Dev Patel"),
        None,
    )


def test_tsv_fixture(fixtures: Path) -> None:
    path = fixtures / "ingest" / "rows.tsv"
    [draft] = _read(path)
    assert isinstance(draft, Draft)
    assert (draft.source, draft.title, draft.published, draft.outlet) == (
        f"{path}:2",
        "TSV row title",
        "2024-03",
        "Tab Times",
    )
    assert draft.text == "Residents who cross the bridge daily said the closure would add twenty minutes."


def test_csv_semicolons_bom_and_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    text = "Title;Text\r\n“Quoted” title;Costs rose to €5m, the mayor’s office said on Monday.\r\n"
    path.write_bytes(text.encode("cp1252"))
    [draft] = _read(path)
    assert isinstance(draft, Draft)
    assert (draft.title, draft.text) == (
        "“Quoted” title",
        "Costs rose to €5m, the mayor’s office said on Monday.",
    )
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufefftext,title\nCafé owners said trade fell.,Café\n".encode())
    [draft] = _read(bom)
    assert isinstance(draft, Draft)
    assert (draft.title, draft.text) == ("Café", "Café owners said trade fell.")


def test_csv_utf16(tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes("text,title\nZoë said the bridge would reopen.,Zoë\n".encode("utf-16"))
    [draft] = _read(path)
    assert isinstance(draft, Draft)
    assert (draft.title, draft.text, draft.source) == (
        "Zoë",
        "Zoë said the bridge would reopen.",
        f"{path}:2",
    )


def test_csv_without_text_column_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "meta.csv"
    path.write_text("a,b,c\n1,2,3\n4,5,6\n")
    assert _problems(_read(path)) == [f"{path}: has no text or html column; columns are: a, b, c"]


def test_csv_large_field(tmp_path: Path) -> None:
    big = " ".join([BODY] * 4000)  # ~360 KB, past the csv module's 128 KiB default
    path = tmp_path / "big.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "text"])
        writer.writerow(["Big", big])
        writer.writerow(["Small", BODY])
    big_draft, small_draft = _read(path)
    assert isinstance(big_draft, Draft) and isinstance(small_draft, Draft)
    assert big_draft.text == big
    assert small_draft.source == f"{path}:3"


def test_csv_row_over_the_limit_stops_the_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(f"title,text\nA,{BODY}\nB,{'x' * 3000}\nC,{BODY}\n")
    items = _read(path, Settings(max_bytes=1000))
    assert [i.source for i in items] == [f"{path}:2", f"{path}:3"]
    assert _problems(items) == [
        f"{path}:3: the row is larger than the 0.001 MB limit for one document; "
        "raise it with --max-bytes if this really is one article; the rest of the file was not read"
    ]


def test_csv_empty_rows_are_passed_over_and_empty_text_fails(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text(f"title,text\n,\nA,\nB,{BODY}\n")
    items = _read(path)
    assert _problems(items) == [
        f"{path}:3: has no text or html (or the text is empty); fields are: title, text"
    ]
    assert [i.source for i in items if isinstance(i, Draft)] == [f"{path}:4"]


def test_row_metadata_wins_over_the_cleaner(tmp_path: Path) -> None:
    path = tmp_path / "meta.jsonl"
    text = "# Heading in the text\n\nThe council voted to close the [bridge](https://ex.org/b) on Tuesday."
    path.write_text(json.dumps({"text": text, "title": "Row title", "language": "en-GB"}) + "\n")
    [article] = list(read([str(path)]))
    assert isinstance(article, Article)
    assert article.title == "Row title"
    assert article.language == "en"
    # Markdown syntax in a text field is reduced; the link target is not text
    assert article.text.endswith("The council voted to close the bridge on Tuesday.")


def test_draft_from_row_site_groups_by_outlet_then_host() -> None:
    by_outlet = draft_from_row({"text": BODY, "outlet": "The Gazette"}, "f:1", "dir")
    by_host = draft_from_row({"text": BODY, "url": "https://www.example.org/x"}, "f:2", "dir")
    fallback = draft_from_row({"text": BODY}, "f:3", "dir")
    assert isinstance(by_outlet, Draft) and isinstance(by_host, Draft) and isinstance(fallback, Draft)
    assert (by_outlet.site, by_host.site, fallback.site) == ("the gazette", "example.org", "dir")


def test_unparseable_date_is_left_out_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    draft = draft_from_row({"text": BODY, "date": "sometime"}, "f:1")
    assert isinstance(draft, Draft)
    assert draft.published is None
    assert "f:1: date 'sometime' not understood; left out" in caplog.text


def test_jsonl_is_streamed_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"text": f"{BODY} {i}"}) + "\n" for i in range(3000)))
    raw = load(InputRef(str(path), "jsonl", path), SETTINGS.max_bytes)
    assert not isinstance(raw, Failure) and raw.data is None and raw.stream is not None
    items = read_jsonl(raw, SETTINGS)
    first = next(items)
    assert isinstance(first, Draft)
    assert raw.stream.tell() < path.stat().st_size  # only a first chunk was read
    raw.stream.close()
