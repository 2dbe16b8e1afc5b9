"""Turn the user's PATH arguments into input references: files, directory trees, globs and stdin.

Listing is cheap and reads nothing, so the CLI can size a progress bar before any
parsing starts; ``load`` then reads one reference with the size bounds applied.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from framelens.fetch.urls import is_url
from framelens.models import Failure
from framelens.readers.decode import Rejoined

#: file name endings -> reader kind.  ``.gz`` on top of any of them is undone first.
KINDS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}

#: kinds whose files are streams of many articles: no whole-file size bound applies.
STREAM_KINDS = frozenset({"warc", "jsonl", "csv"})

SUPPORTED = ", ".join(sorted(set(KINDS))) + " (each optionally .gz)"


#: an http(s) URL argument, before it is fetched (``framelens.fetch.pages``)
URL_KIND = "url"
#: a fetched page: the response record at ``offset`` of the WARC file ``path``
FETCHED_KIND = "fetched"


@dataclass(frozen=True, slots=True)
class InputRef:
    """One input to read: a file path, standard input when ``path`` is None, a URL (kind
    ``url``) or a fetched page (kind ``fetched``: the record at ``offset`` of the WARC ``path``)."""

    source: str
    kind: str
    path: Path | None = None
    gzipped: bool = False
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class RawInput:
    """The bytes of one single-document input, or an open stream for a multi-document one."""

    ref: InputRef
    data: bytes | None = None
    stream: BinaryIO | None = None

    @property
    def source(self) -> str:
        return self.ref.source

    @property
    def kind(self) -> str:
        return self.ref.kind


def kind_of(name: str) -> tuple[str | None, bool]:
    """The reader kind for a file name and whether it is gzip-compressed."""
    lower = name.lower()
    gzipped = lower.endswith(".gz")
    if gzipped:
        lower = lower[:-3]
    return KINDS.get(os.path.splitext(lower)[1]), gzipped


_BROKEN_LINK = "is a broken symbolic link (what it points to does not exist)"


def _has_magic(arg: str) -> bool:
    return any(ch in arg for ch in "*?[")


def list_inputs(args: Iterable[str]) -> Iterator[InputRef | Failure]:
    """Expand PATH arguments, in the order given; directories are walked recursively and sorted.

    An http(s) URL is listed as it is (kind ``url``); ``read_refs`` fetches it.

    In a directory, hidden files and files of unknown type are passed over (a crawl
    folder holds images and scripts); a file named explicitly with an unknown type is
    an error, and so is a folder named explicitly that holds nothing readable.
    """
    for arg in args:
        if arg == "-":
            yield InputRef(source="<stdin>", kind="auto")
            continue
        if is_url(arg):
            yield InputRef(source=arg, kind=URL_KIND)
            continue
        path = Path(arg)
        if _has_magic(arg) and not _exists(path):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield Failure(arg, "the pattern matches no files")
                continue
            for match in matches:
                yield from _from_path(Path(match), explicit=not Path(match).is_dir())
            continue
        yield from _from_path(path, explicit=True)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a parent folder we may not search: let _from_path say so
        return True


def _walk(path: Path) -> Iterator[InputRef | Failure]:
    problems: list[OSError] = []
    for root, dirs, files in os.walk(path, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            kind, gzipped = kind_of(name)
            if kind is not None:
                yield InputRef(str(Path(root) / name), kind, Path(root) / name, gzipped)
        while problems:
            exc = problems.pop(0)
            yield Failure(str(exc.filename or root), f"cannot be listed: {exc.strerror or exc}")


def _from_path(path: Path, explicit: bool) -> Iterator[InputRef | Failure]:
    source = str(path)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
        is_file = not is_dir and path.is_file()
    except OSError as exc:
        yield Failure(source, f"cannot be read: {exc.strerror or exc}")
        return
    if is_dir:
        found = False
        for item in _walk(path):
            found = True
            yield item
        if explicit and not found:
            yield Failure(source, f"is a folder with no files framelens reads; it reads {SUPPORTED}")
        return
    if not exists:
        broken = path.is_symlink()
        yield Failure(source, _BROKEN_LINK if broken else "no such file or directory")
        return
    if not is_file:
        yield Failure(source, "is not a regular file")
        return
    kind, gzipped = kind_of(path.name)
    if kind is None:
        if explicit:
            yield Failure(source, f"unknown file type; framelens reads {SUPPORTED}")
        return
    yield InputRef(source, kind, path, gzipped)


def _sniff(data: bytes) -> str:
    """Guess the kind of standard input from its first bytes."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "txt"


def _read_bounded(stream: BinaryIO, limit: int) -> bytes | None:
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def _too_big(limit: int) -> str:
    return (
        f"larger than the {limit / 1e6:g} MB limit for one document; "
        "raise it with --max-bytes (or FRAMELENS_MAX_BYTES) if this really is one article"
    )


def _bad_gzip(exc: BaseException) -> str:
    return f"is not valid gzip data ({exc or type(exc).__name__})"


#: what a gzip stream raises when its data is corrupt or cut short
GZIP_ERRORS = (OSError, EOFError, zlib.error)


def _load_stdin(ref: InputRef, max_bytes: int) -> RawInput | Failure:
    """Standard input: sniff the kind from the first bytes, then stream or read it like a file."""
    stream: BinaryIO = sys.stdin.buffer
    try:
        head = stream.read(2)
        if head == b"\x1f\x8b":
            stream = gzip.GzipFile(fileobj=Rejoined(head, stream))  # type: ignore[assignment]
            head = b""
        head += stream.read(4096)
    except GZIP_ERRORS as exc:
        return Failure(ref.source, _bad_gzip(exc))
    if not head:
        return Failure(ref.source, "is empty (no input on standard input)")
    kind = _sniff(head)
    rejoined = io.BufferedReader(Rejoined(head, stream))
    if kind in STREAM_KINDS:
        return RawInput(InputRef(ref.source, kind), stream=rejoined)
    try:
        data = _read_bounded(rejoined, max_bytes)  # type: ignore[arg-type]
    except GZIP_ERRORS as exc:
        return Failure(ref.source, _bad_gzip(exc))
    if data is None:
        return Failure(ref.source, _too_big(max_bytes))
    return RawInput(InputRef(ref.source, kind), data=data)


def load(ref: InputRef, max_bytes: int) -> RawInput | Failure:
    """Open one input.  Single documents are read whole under ``max_bytes``; streams stay open."""
    if ref.kind == URL_KIND:
        return Failure(ref.source, "is a URL that was not fetched")
    try:
        if ref.kind == FETCHED_KIND and ref.path is not None:
            fetched: BinaryIO = open(ref.path, "rb")  # noqa: SIM115 - closed by the reader
            fetched.seek(ref.offset or 0)
            return RawInput(ref, stream=fetched)
        if ref.path is None:
            return _load_stdin(ref, max_bytes)
        info = ref.path.stat()
        if not stat.S_ISREG(info.st_mode):
            # a FIFO or device would block or never end; a folder is listed, not loaded
            return Failure(ref.source, "is not a regular file")
        if info.st_size == 0:
            return Failure(ref.source, "is empty (0 bytes)")
        if ref.kind in STREAM_KINDS:
            raw: BinaryIO = open(ref.path, "rb")  # noqa: SIM115 - closed by the reader
            if ref.gzipped and ref.kind != "warc":  # warcio undoes gzip record by record
                raw = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
            return RawInput(ref, stream=raw)
        if not ref.gzipped and info.st_size > max_bytes:
            return Failure(ref.source, _too_big(max_bytes))
        with open(ref.path, "rb") as fh:
            data = _read_bounded(fh, max_bytes)
        if data is None:
            return Failure(ref.source, _too_big(max_bytes))
        if ref.gzipped:
            unzipped = _gunzip(data, max_bytes, ref.source)
            if isinstance(unzipped, Failure):
                return unzipped
            data = unzipped
            if not data:
                return Failure(ref.source, "is empty (0 bytes after gunzip)")
        return RawInput(ref, data=data)
    except PermissionError:
        return Failure(ref.source, "cannot be read: permission denied")
    except IsADirectoryError:
        return Failure(ref.source, "is a directory")
    except FileNotFoundError:
        if ref.path is not None and ref.path.is_symlink():
            return Failure(ref.source, _BROKEN_LINK)
        return Failure(ref.source, "no such file or directory (it was removed while framelens ran)")
    except OSError as exc:
        return Failure(ref.source, f"cannot be read: {exc.strerror or exc}")


def _gunzip(data: bytes, limit: int, source: str) -> bytes | Failure:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            out = _read_bounded(gz, limit)  # type: ignore[arg-type]
    except GZIP_ERRORS as exc:
        return Failure(source, _bad_gzip(exc))
    if out is None:
        return Failure(source, _too_big(limit))
    return out


# C0 and C1 control characters (ESC starts a terminal escape sequence), DEL, and the
# invisible marks that reorder what a terminal shows (bidirectional overrides)
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters shown as escapes (``\\x1b``).

    A file name may hold an escape sequence that would recolour, retitle or rewrite the
    user's terminal when a message naming it is printed; every message is passed through this.
    """
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)
