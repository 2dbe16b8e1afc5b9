"""Bytes to normalised text: encoding detection, NFC, control characters, line ends.

Single documents are decoded whole (``decode``); row streams (JSONL, CSV) are decoded
line by line (``text_lines``) so that a dump of any size is never held in memory.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from charset_normalizer import from_bytes

# C0/C1 control characters except tab and newline; also the zero-width no-break
# space used as a BOM in the middle of concatenated files.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Labels that browsers read as windows-1252 (WHATWG Encoding Standard): pages that
# declare latin-1 routinely contain cp1252 curly quotes and dashes.
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"})

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)

_SAMPLE = 65536


class BinaryInput(ValueError):
    """The bytes are not text in any encoding we can detect."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first 8 KiB mean a binary file (UTF-16/32 with a BOM excepted)."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return False
    return b"\x00" in head


def bom_encoding(data: bytes) -> str | None:
    """The codec a byte-order mark announces, or None when there is none."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _codec(label: str | None) -> str | None:
    """A Python codec name for a declared charset label, or None when Python has none."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_of_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of an HTTP Content-Type header value."""
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def meta_charset(html: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag of its first 4 KiB (HTML5 prescan)."""
    match = _META_CHARSET.search(html[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _plausible_western(text: str) -> bool:
    """Whether text decoded as cp1252 reads as a Western European language, not as mojibake.

    Short texts fool statistical detectors (a French paragraph in latin-1 comes back as
    cp1250), so cp1252 is preferred unless the result looks wrong: words made mostly of
    accented letters (Cyrillic or Greek bytes read as cp1252) or symbols inside words.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    if non_ascii / len(letters) > 0.3:
        return False
    return not any(
        ord(ch) > 127
        and unicodedata.category(ch) in {"So", "Sm", "Sc", "Sk", "No"}
        and text[i - 1].isalpha()
        and text[i + 1].isalpha()
        for i, ch in enumerate(text[1:-1], start=1)
    )


def _detect(data: bytes) -> str | None:
    """The codec for bytes that are not UTF-8: cp1252 when plausible, else charset-normalizer's pick."""
    sample = data[:_SAMPLE]
    try:
        if _plausible_western(sample.decode("cp1252")):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``: a BOM, then the ``declared`` charset, then UTF-8, then the detected charset.

    Raises BinaryInput when nothing fits.
    """
    bom = bom_encoding(data)
    if bom is not None:
        # the mark is a strong signal; a stray bad byte after it is replaced, not fatal
        return data.decode(bom, errors="replace")
    if looks_binary(data):
        raise BinaryInput("binary data (NUL bytes), not text")
    codec = _codec(declared)
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; detection below decides
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    detected = _detect(data)
    if detected is None:
        raise BinaryInput("not text in any encoding that could be detected")
    return data.decode(detected, errors="replace")


def normalise(text: str) -> str:
    """NFC, Unix line ends, no control characters, no non-breaking spaces inside lines.

    Curly and straight quotes are left as they are: they are evidence.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", text)


def decode_text(data: bytes, declared: str | None = None) -> str:
    """``decode`` then ``normalise``."""
    return normalise(decode(data, declared))


# --- streams ---------------------------------------------------------------------------


class Rejoined(io.RawIOBase):
    """A stream that serves bytes already read (to sniff the encoding) before the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a stream: its 1-based number and text (line end kept), or None when over the limit."""

    number: int
    text: str | None


def _stream_encoding(head: bytes) -> str:
    """The main codec of a stream, from its first bytes."""
    bom = bom_encoding(head)
    if bom is not None:
        return bom
    if looks_binary(head):
        raise BinaryInput("binary data (NUL bytes), not text")
    try:
        # a multi-byte character cut at the end of the sample is not an error
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    detected = _detect(head)
    if detected is None:
        raise BinaryInput("not text in any encoding that could be detected")
    return detected


#: the errors a gzip stream raises when its data is corrupt or cut short
_STREAM_ERRORS = (OSError, EOFError, zlib.error)


def _read_head(stream: BinaryIO) -> tuple[bytes, BaseException | None]:
    """The first ``_SAMPLE`` bytes, read in small pieces so that a stream that breaks early
    loses at most one piece; with the error it broke on, if it did."""
    pieces: list[bytes] = []
    size = 0
    while size < _SAMPLE:
        try:
            piece = stream.read(min(4096, _SAMPLE - size))
        except _STREAM_ERRORS as exc:
            return b"".join(pieces), exc
        if not piece:
            break
        pieces.append(piece)
        size += len(piece)
    return b"".join(pieces), None


class _Raising(io.RawIOBase):
    """A stream whose next read raises ``error``: the rest of a stream that already broke."""

    def __init__(self, error: BaseException) -> None:
        self._error = error

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        raise self._error


def text_lines(stream: BinaryIO, max_bytes: int) -> Iterator[Line]:
    """Decode a byte stream line by line, never holding more than one line (of ``max_bytes``).

    The encoding is taken from a BOM or the first 64 KiB.  Each line is read as UTF-8 when
    it is valid UTF-8, else in that encoding (cp1252 for a UTF-8 stream): dumps concatenated
    from sources in different encodings stay readable.
    Raises BinaryInput before the first line when the stream is not text.
    """
    head, broken = _read_head(stream)
    encoding = _stream_encoding(head)
    # a stream that broke inside its first 64 KiB (a truncated .jsonl.gz) still gives the
    # lines that arrived; the error is raised after them, so the reader says where it stopped
    rest: BinaryIO = _Raising(broken) if broken else stream  # type: ignore[assignment]
    buffered = io.BufferedReader(Rejoined(head, rest))
    if encoding in {"utf-16", "utf-32"}:
        # line ends are multi-byte here: let the text layer split them
        text = io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="")
        number = 0
        while True:
            line = text.readline(max_bytes + 1)
            if not line:
                return
            number += 1
            if len(line) > max_bytes and not line.endswith("\n"):
                yield Line(number, None)
                while line and not line.endswith("\n"):
                    line = text.readline(max_bytes + 1)
                continue
            yield Line(number, line)
    # UTF-8 is tried on every line: bytes that are valid UTF-8 almost never mean anything else
    fallback = "cp1252" if encoding in {"utf-8", "utf-8-sig"} else encoding
    number = 0
    first = True
    while True:
        raw = buffered.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            yield Line(number, None)
            while raw and not raw.endswith(b"\n"):
                raw = buffered.readline(1 << 20)
            continue
        if first and encoding == "utf-8-sig":
            raw = raw.removeprefix(codecs.BOM_UTF8)
        first = False
        try:
            yield Line(number, raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield Line(number, raw.decode(fallback, errors="replace"))
