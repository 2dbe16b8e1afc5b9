"""The WARC file fetched pages are kept in: written with warcio, read back by the WARC reader.

Each page is stored as a ``request`` and a ``response`` record (the redirects that led
to it as responses of their own), so ``framelens compare crawl.warc.gz`` reads exactly
the pages a run fetched, and a command given URLs finds them here on the next run and
reads them without the network: the same report, offline.

Bodies are stored decoded (httpx undoes gzip and brotli); the stored headers drop
Content-Encoding and carry the decoded length, so the records are self-consistent.
Records are appended, one gzip member each for a ``.gz`` file, and flushed at once: a
run that is stopped keeps every page it wrote.
"""

from __future__ import annotations

import io
import logging
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from framelens import __version__
from framelens.errors import InputError
from framelens.fetch.client import Fetched, Response
from framelens.fetch.urls import normalise

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Entry:
    """A response in the archive: where it is (byte offset of its record) and where it led."""

    url: str
    status: int
    offset: int
    location: str | None = None


class Archive:
    """A WARC file of fetched pages, indexed by URL on first use; thread-safe appends."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._index: dict[str, Entry] | None = None
        self._lock = threading.Lock()
        self._fh: BinaryIO | None = None
        self._writer: WARCWriter | None = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self._fh.close()
            self._fh = None
            self._writer = None

    # --- reading --------------------------------------------------------------------------

    def _entries(self) -> dict[str, Entry]:
        if self._index is None:
            self._index = _scan(self.path)
        return self._index

    def __len__(self) -> int:
        with self._lock:
            return sum(1 for e in self._entries().values() if 200 <= e.status < 300)

    def find(self, url: str, max_redirects: int = 10) -> Entry | None:
        """The archived 2xx answer ``url`` leads to (through archived redirects), or None."""
        with self._lock:
            entries = self._entries()
            current = url
            for _ in range(max_redirects + 1):
                entry = entries.get(normalise(current))
                if entry is None:
                    return None
                if 200 <= entry.status < 300:
                    return entry
                if not (300 <= entry.status < 400 and entry.location):
                    return None
                current = urljoin(current, entry.location)
            return None

    # --- writing --------------------------------------------------------------------------

    def add(self, fetched: Fetched) -> Entry:
        """Append a fetched page (its redirects first); the entry of its final answer."""
        with self._lock:
            entries = self._entries()
            writer = self._open()
            entry: Entry | None = None
            for response in (*fetched.redirects, fetched.response):
                entry = self._write(writer, response)
                entries[normalise(response.url)] = entry
            assert self._fh is not None and entry is not None
            self._fh.flush()
            return entry

    def _open(self) -> WARCWriter:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not self.path.exists() or self.path.stat().st_size == 0
            try:
                self._fh = open(self.path, "ab")  # noqa: SIM115 - closed by close()
            except OSError as exc:
                raise InputError(str(self.path), f"cannot be written: {exc.strerror or exc}") from None
            self._writer = WARCWriter(self._fh, gzip=self.path.name.lower().endswith(".gz"))
            if fresh:
                info = {"software": f"framelens {__version__}", "format": "WARC File Format 1.1"}
                self._writer.write_record(self._writer.create_warcinfo_record(self.path.name, info))
        return self._writer

    def _write(self, writer: WARCWriter, response: Response) -> Entry:
        assert self._fh is not None
        date = response.date.strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = urlsplit(response.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = writer.create_warc_record(
            response.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            warc_headers_dict={"WARC-Date": date},
            http_headers=StatusAndHeaders(
                f"GET {target} HTTP/1.1", list(response.request_headers), is_http_request=True
            ),
        )
        status_line = f"{response.status} {response.reason}".rstrip()
        protocol = "HTTP/2" if response.http_version.upper().startswith("HTTP/2") else "HTTP/1.1"
        record = writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.body),
            length=len(response.body),
            warc_headers_dict={"WARC-Date": date},
            http_headers=StatusAndHeaders(status_line, list(response.headers), protocol=protocol),
        )
        request.rec_headers.add_header("WARC-Concurrent-To", record.rec_headers.get_header("WARC-Record-ID"))
        offset = self._fh.tell()
        writer.write_record(record)
        writer.write_record(request)
        return Entry(response.url, response.status, offset, response.header("location"))


def _scan(path: Path) -> dict[str, Entry]:
    """Normalised URL -> its latest response in the WARC at ``path`` (empty when there is none).

    A damaged archive is indexed up to the damage (with a warning): what comes after is
    fetched again and appended.
    """
    index: dict[str, Entry] = {}
    if not path.exists() or path.stat().st_size == 0:
        return index
    try:
        with open(path, "rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
                status = record.http_headers.get_statuscode() or ""
                if url and status.isdigit():
                    location = record.http_headers.get_header("Location")
                    index[normalise(url)] = Entry(url, int(status), records.get_record_offset(), location)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        log.warning("%s: damaged after %d page(s) (%s); the rest is fetched again", path, len(index), exc)
    return index
