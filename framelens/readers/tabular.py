"""JSONL and CSV dumps: one article per row, with the row's metadata.

Dumps are what scrapers and dataset tools write, so field names vary; each field is
looked up under a few common names.  Rows are read one at a time from the stream, and
a bad row is reported with its ``FILE:LINE`` (JSONL) or ``FILE:ROW`` (CSV, the header
being row 1, as a spreadsheet numbers them) while the rest of the file goes on.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import BinaryIO
from urllib.parse import urlsplit

from dateutil import parser as date_parser

from framelens.config import Settings
from framelens.models import Failure
from framelens.readers.decode import BinaryInput, Line, normalise, text_lines
from framelens.readers.draft import Draft
from framelens.readers.html import draft_from_html
from framelens.readers.inputs import GZIP_ERRORS, RawInput
from framelens.readers.markdown import site_of_path
from framelens.readers.text import draft_from_text

log = logging.getLogger(__name__)

#: field -> the names it goes by in dumps, in order of preference (matched case-insensitively)
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "maintext", "article_text"),
    "html": ("html", "raw_html", "content_html"),
    "title": ("title", "headline"),
    "url": ("url", "link", "uri", "canonical_url"),
    "published": ("date", "published", "published_at", "publish_date", "date_published", "pubdate"),
    "outlet": ("outlet", "site", "source_name", "sitename", "publisher", "source", "domain"),
    "authors": ("authors", "author", "byline", "creator"),
    "language": ("language", "lang"),
}

# A file whose first lines all fail is not JSON Lines at all (a pretty-printed JSON
# array, a misnamed text file): one message for the file beats one per line.
_FIRST_LINES_TO_JUDGE = 3

_WS = re.compile(r"\s+")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)

# Two different defaults tell which parts of a date were written: a part that
# follows the default was not.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 1, 1)


def normalise_date(value: object) -> str | None:
    """An ISO 8601 form of a date as dumps write it, with only the parts that were given.

    "5 March 2024" -> "2024-03-05", "March 2024" -> "2024-03", "2024-03-05 10:30 +01:00"
    -> "2024-03-05T10:30:00+01:00"; numbers are Unix timestamps (seconds, or milliseconds
    when larger than 10^11), in UTC.  Ambiguous "03/05/2024" is read month first.  None when
    the value is not a date (or has no year).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{10}(?:\d{3})?(?:\.\d+)?", value.strip()):
        value = float(value)
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    try:
        a = date_parser.parse(text, default=_DEFAULT_A)
        b = date_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        return None
    if a.year != b.year:
        return None
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    if a.hour != b.hour:
        return a.date().isoformat()
    return a.isoformat()


def split_authors(value: object) -> tuple[str, ...]:
    """Author names from a list or from one string joined by ";", ",", "and" or "&".

    A "By" prefix goes; "Last, First" cannot be told from two surnames and is split.
    """
    items: list[object] = list(value) if isinstance(value, list | tuple) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, Mapping):
            item = item.get("name")
        if not isinstance(item, str):
            continue
        text = _WS.sub(" ", normalise(item)).strip()
        parts = re.split(r"\s*[;|]\s*", text) if re.search(r"[;|]", text) else re.split(r"\s*,\s*", text)
        for part in parts:
            for name in _AND.split(_BY.sub("", part.strip())):
                name = name.strip(" .")
                if name and name not in names:
                    names.append(name)
    return tuple(names)


def _one_line(value: object) -> str | None:
    """A metadata value as one clean line of text, or None when it is empty or not text."""
    if isinstance(value, Mapping):  # {"id": ..., "name": "Outlet"} as in news API dumps
        value = value.get("name")
    if isinstance(value, bool) or value is None or isinstance(value, list | tuple | Mapping):
        return None
    text = _WS.sub(" ", normalise(str(value))).strip()
    return text or None


def _language(value: object) -> str | None:
    code = _one_line(value)
    return code.replace("_", "-").split("-")[0].lower() if code else None


def _body(value: object) -> str | None:
    """The text of a body field: a string, or a list of paragraph strings."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n\n".join(value)
    if not isinstance(value, str):
        return None
    return value if value.strip() else None


def _lookup(row: Mapping[str, object]) -> dict[str, object]:
    lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    found: dict[str, object] = {}
    for field, names in FIELDS.items():
        for name in names:
            value = lowered.get(name)
            if value is not None and value != "":
                found[field] = value
                break
    return found


def _site(outlet: str | None, url: str | None, fallback: str) -> str:
    """What groups rows of one site for chrome detection: the outlet, else the URL's host."""
    if outlet:
        return outlet.lower()
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return fallback


def draft_from_row(
    row: Mapping[str, object], source: str, fallback_site: str = "", settings: Settings | None = None
) -> Draft | Failure:
    """A Draft from one row of a dump; the row's metadata wins over what the page or text says.

    Text goes through the plain-text cleaner; HTML through the HTML reader.
    """
    fields = _lookup(row)
    url = _one_line(fields.get("url"))
    outlet = _one_line(fields.get("outlet"))
    text = _body(fields.get("text"))
    html = _body(fields.get("html"))
    if text is not None:
        draft = draft_from_text(normalise(text), source, _site(outlet, url, fallback_site))
    elif html is not None:
        result = draft_from_html(html, source, url, settings)
        if isinstance(result, Failure):
            return result
        draft = result
    else:
        names = ", ".join(str(k) for k in row) or "none"
        if any(not isinstance(fields.get(f, ""), str | list) for f in ("text", "html")):
            return Failure(source, "has a text or html field that is not a string or list of strings")
        return Failure(source, f"has no text or html (or the text is empty); fields are: {names}")
    draft.url = url or draft.url
    draft.outlet = outlet or draft.outlet
    draft.title = _one_line(fields.get("title")) or draft.title
    draft.authors = split_authors(fields.get("authors")) or draft.authors
    draft.language = _language(fields.get("language")) or draft.language
    if "published" in fields:
        published = normalise_date(fields["published"])
        if published is None:
            log.warning("%s: date %r not understood; left out", source, fields["published"])
        draft.published = published or draft.published
    return draft


def _binary(raw: RawInput) -> BinaryIO:
    return raw.stream if raw.stream is not None else io.BytesIO(raw.data or b"")


def _too_long(settings: Settings, what: str) -> str:
    return (
        f"{what} is larger than the {settings.max_bytes / 1e6:g} MB limit for one document; "
        "raise it with --max-bytes if this really is one article"
    )


def read_jsonl(raw: RawInput, settings: Settings) -> Iterator[Draft | Failure]:
    """JSON Lines: one JSON object per line; blank lines are passed over."""
    site = site_of_path(raw.source)
    pending: list[Failure] = []  # bad lines before the first good one, held to judge the file
    parsed_any = False
    number = 0
    try:
        for line in text_lines(_binary(raw), settings.max_bytes):
            number = line.number
            where = f"{raw.source}:{line.number}"
            obj = _parse_line(line, where, settings)
            if obj is None:
                continue
            if (
                not parsed_any
                and not pending
                and isinstance(obj, Failure)
                and (line.text or "").lstrip()[:1] == "["
            ):
                yield Failure(
                    raw.source,
                    "is a JSON array, not JSON Lines (one JSON object per line); "
                    f"convert it with: jq -c '.[]' {raw.source}",
                )
                return
            if isinstance(obj, dict):
                parsed_any = True
                yield from pending
                pending = []
                yield draft_from_row(obj, where, site, settings)
            elif parsed_any:
                yield obj
            else:
                pending.append(obj)
                if len(pending) >= _FIRST_LINES_TO_JUDGE:
                    line_no = pending[0].source.rsplit(":", 1)[1]
                    yield Failure(
                        raw.source,
                        f"is not JSON Lines (one JSON object per line): line {line_no} {pending[0].problem}",
                    )
                    return
        yield from pending
    except BinaryInput as exc:
        yield Failure(raw.source, f"is {exc}")
    except GZIP_ERRORS as exc:
        yield Failure(raw.source, f"is not valid gzip data ({exc}); stopped after line {number}")


def _parse_line(line: Line, where: str, settings: Settings) -> dict[str, object] | Failure | None:
    """The JSON object on a line, a Failure saying why there is none, or None for a blank line."""
    if line.text is None:
        return Failure(where, _too_long(settings, "the line"))
    if not line.text.strip():
        return None
    try:
        obj = json.loads(line.text.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        at = "" if exc.msg.endswith(" at") else " at"
        return Failure(where, f"is not valid JSON ({exc.msg}{at} column {exc.colno})")
    except RecursionError:
        return Failure(where, "is not valid JSON (nested too deeply)")
    if not isinstance(obj, dict):
        return Failure(where, f"is not a JSON object but {_json_type(obj)}")
    return obj


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a number" if isinstance(value, int | float) and not isinstance(value, bool) else "a boolean"


class _Overlong(Exception):
    """A CSV line over the size limit: the csv module cannot skip it, so the file stops there."""


def _strings(lines: Iterator[Line]) -> Iterator[str]:
    for line in lines:
        if line.text is None:
            raise _Overlong(line.number)
        yield line.text


def _delimiter(header: str, source: str) -> str:
    if source.lower().removesuffix(".gz").endswith(".tsv"):
        return "\t"
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _raise_field_limit(limit: int) -> None:
    """Let one CSV field be as large as one document may be (the csv default is 128 KiB)."""
    limit = min(limit, sys.maxsize, 2**31 - 1)
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def read_csv(raw: RawInput, settings: Settings) -> Iterator[Draft | Failure]:
    """CSV or TSV with a header row; the delimiter of a .csv is guessed from the header."""
    _raise_field_limit(settings.max_bytes)
    site = site_of_path(raw.source)
    row_number = 1
    try:
        lines = _strings(text_lines(_binary(raw), settings.max_bytes))
        first = next(lines, None)
        if first is None or not first.strip():
            yield Failure(raw.source, "has no header row (the first line is empty)")
            return
        reader = csv.reader(_chain(first, lines), delimiter=_delimiter(first, raw.source))
        header = [h.strip() for h in next(reader)]
        lowered = {h.lower() for h in header}
        if not lowered & {*FIELDS["text"], *FIELDS["html"]}:
            yield Failure(raw.source, f"has no text or html column; columns are: {', '.join(header)}")
            return
        while True:
            row_number += 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Failure(f"{raw.source}:{row_number}", f"is not valid CSV ({exc})")
                continue
            if not any(v.strip() for v in values):
                continue
            row = dict(zip(header, values, strict=False))
            yield draft_from_row(row, f"{raw.source}:{row_number}", site, settings)
    except _Overlong:
        problem = _too_long(settings, "the row") + "; the rest of the file was not read"
        yield Failure(f"{raw.source}:{row_number}", problem)
    except BinaryInput as exc:
        yield Failure(raw.source, f"is {exc}")
    except GZIP_ERRORS as exc:
        yield Failure(raw.source, f"is not valid gzip data ({exc}); stopped at row {row_number}")


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
