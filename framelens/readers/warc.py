"""WARC files (web archives, as crawlers write them): every HTML response is one article.

Records are read one at a time, so an archive of any size streams; ``max_bytes``
bounds each record.  A damaged archive keeps the articles read before the damage.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from framelens.config import Settings
from framelens.models import Failure
from framelens.readers.decode import BinaryInput, charset_of_content_type, decode, meta_charset
from framelens.readers.draft import Draft
from framelens.readers.html import draft_from_html
from framelens.readers.inputs import RawInput

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

#: what warcio and the decompressors under it raise on a damaged archive
_DAMAGE = (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error)


class _StrictReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader, raising on corrupt gzip data where warcio writes to stderr and goes on."""

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor is not None and data and self.num_block_read:
            try:
                return bytes(self.decompressor.decompress(data))
            except zlib.error as exc:
                raise ArchiveLoadFailed(f"corrupt compressed data: {exc}") from None
        return bytes(super()._decompress(data))


class _StrictIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, made to tell a clean end of the archive from one cut inside a record."""

    # warcio writes a multi-line warning straight to stderr when a record's length is
    # wrong; framelens reports the damage itself, in one line, through err_count.
    INC_RECORD = ""

    def __init__(self, fileobj: BinaryIO) -> None:
        super().__init__(fileobj)
        self.reader.__class__ = _StrictReader  # same state, stricter error handling

    def _next_record(self, next_line: bytes | None) -> Any:
        # warcio ends the iteration quietly when the headers of a record are cut short;
        # reading the first line here separates "nothing left" from "half a record".
        if next_line is None:
            next_line = self.reader.readline()
            while next_line and not next_line.strip():
                next_line = self.reader.readline()
            if not next_line:
                decompressor = self.reader.decompressor
                if decompressor is not None and not getattr(decompressor, "eof", True):
                    raise ArchiveLoadFailed("the archive ends inside a compressed record")
                raise EOFError
        if not next_line.startswith(b"WARC/"):
            found = next_line[:40].decode("latin-1").strip()
            raise ArchiveLoadFailed(f"expected a WARC record header, found {found!r}")
        try:
            record = super()._next_record(next_line)
        except EOFError:
            raise ArchiveLoadFailed("the archive ends inside the headers of a record") from None
        except (AttributeError, TypeError, KeyError, IndexError) as exc:
            # warcio trips over headers that lack required fields (a cut or mangled record)
            raise ArchiveLoadFailed("a record's headers are incomplete or malformed") from exc
        # both are mandatory in WARC; without them the headers were cut short
        if not (
            record.rec_headers.get_header("WARC-Type") and record.rec_headers.get_header("Content-Length")
        ):
            raise ArchiveLoadFailed("a record's headers are incomplete or malformed")
        return record


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _record_id(record: Any, offset: int) -> str:
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return record_id.strip().strip("<>") if record_id else f"offset-{offset}"


def _html_of(record: Any) -> tuple[str | None, str | None]:
    """The HTML media type and the HTTP charset of a record that carries a page, else (None, None).

    Responses must carry an HTTP 2xx status; ``resource`` records (a fetched file stored
    without HTTP headers, as wget writes them) count when their own type is HTML.
    """
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        content_type = record.http_headers.get_header("Content-Type")
        if status.startswith("2") and _media_type(content_type) in HTML_TYPES:
            return _media_type(content_type), charset_of_content_type(content_type)
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
        if _media_type(content_type) in HTML_TYPES:
            return _media_type(content_type), charset_of_content_type(content_type)
    return None, None


def _article(record: Any, source: str, charset: str | None, settings: Settings) -> Draft | Failure:
    body = record.content_stream().read(settings.max_bytes + 1)
    if len(body) > settings.max_bytes:
        return Failure(
            source,
            f"record is larger than the {settings.max_bytes / 1e6:g} MB limit for one document; "
            "raise it with --max-bytes if this really is one article",
        )
    try:
        html = decode(body, charset or meta_charset(body))
    except BinaryInput as exc:
        return Failure(source, f"is {exc}")
    url = record.rec_headers.get_header("WARC-Target-URI")
    return draft_from_html(html, source, url.strip() if url else None, settings)


def _stream(raw: RawInput) -> BinaryIO:
    return raw.stream if raw.stream is not None else io.BytesIO(raw.data or b"")


def read_fetched(raw: RawInput, settings: Settings) -> Iterator[Draft | Failure]:
    """A page fetched for a URL input: the one response record the stream starts at, read
    as ``read_warc`` reads it (the same article, url and outlet), with the URL as its source."""
    try:
        record = next(iter(_StrictIterator(_stream(raw))))
    except (*_DAMAGE, StopIteration) as exc:
        yield Failure(raw.source, f"its archived copy cannot be read ({_damage(exc, 0, 0)})")
        return
    media_type, charset = _html_of(record)
    if media_type is None:
        yield Failure(raw.source, "is not an HTML page")
        return
    yield _article(record, raw.source, charset, settings)


def read_warc(raw: RawInput, settings: Settings) -> Iterator[Draft | Failure]:
    """Each HTML response record -> a Draft with source ``FILE#<record id>`` and its target URI as url."""
    records = 0  # complete records
    pages = 0
    archive = _StrictIterator(_stream(raw))
    try:
        for record in archive:
            offset = archive.offset
            media_type, charset = _html_of(record)
            item = None
            if media_type is not None:
                item = _article(record, f"{raw.source}#{_record_id(record, offset)}", charset, settings)
            archive.read_to_end(record)
            if getattr(record.raw_stream, "limit", 0) > 0:
                # the archive ended inside this record: its page is cut short, so not kept
                raise EOFError(f"the archive ends inside record {records + 1}")
            records += 1
            if item is not None:
                pages += 1
                yield item
    except _DAMAGE as exc:
        yield Failure(raw.source, _damage(exc, records, pages))
        return
    if archive.err_count:
        yield Failure(
            raw.source,
            f"is damaged: {archive.err_count} record(s) have a wrong length; "
            f"{pages} page(s) of {records} record(s) were read",
        )
    elif records == 0:
        yield Failure(raw.source, "is not a WARC file (no records)")
    elif pages == 0:
        yield Failure(raw.source, f"contains no HTML response records ({records} record(s) of other types)")


def _damage(exc: BaseException, records: int, pages: int) -> str:
    detail = " ".join(str(exc).split()) or type(exc).__name__
    if len(detail) > 160:
        detail = detail[:157] + "..."
    if records == 0:
        return f"is not a readable WARC file ({detail})"
    return (
        f"is corrupt or truncated after {records} record(s) ({detail}); "
        f"the {pages} HTML page(s) before the damage were read"
    )
