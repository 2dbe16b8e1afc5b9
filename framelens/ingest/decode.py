"""Bytes to normalised text: encoding detection, NFC, control characters, line ends."""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

# C0/C1 control characters except tab and newline; also the zero-width no-break
# space used as a BOM in the middle of concatenated files.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")


class BinaryInput(ValueError):
    """The bytes are not text in any encoding we can detect."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first 8 KiB mean a binary file (UTF-16 with a BOM excepted)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in head


def decode(data: bytes) -> str:
    """Decode ``data``: UTF-8 when it is valid (the common case, and fast), else the detected charset.

    Raises BinaryInput when nothing fits.
    """
    if looks_binary(data):
        raise BinaryInput("binary data (NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise BinaryInput("not text in any encoding that could be detected")
    return str(best)


def normalise(text: str) -> str:
    """NFC, Unix line ends, no control characters, no non-breaking spaces inside lines.

    Curly and straight quotes are left as they are: they are evidence.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", text)


def decode_text(data: bytes) -> str:
    """``decode`` then ``normalise``."""
    return normalise(decode(data))
