"""Bytes to text: encodings, BOMs, NFC, control characters, and line-by-line stream decoding."""

from __future__ import annotations

import io
import unicodedata

import pytest

from framelens.readers.decode import (
    BinaryInput,
    Line,
    charset_of_content_type,
    decode,
    decode_text,
    meta_charset,
    normalise,
    text_lines,
)

FRENCH = "Le café de la rue Saint-Honoré a fermé ses portes après trente années, a déclaré le propriétaire."
CURLY = "The mayor said “we will rebuild” — and residents’ reaction was mixed. Costs rose to €5m."
GERMAN = "Der Bürgermeister sagte am Montag, die Brücke werde bis zum Sommer für 3 Mio. € saniert."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (FRENCH.encode("utf-8"), FRENCH),
        (FRENCH.encode("latin-1"), FRENCH),
        (GERMAN.encode("cp1252"), GERMAN),
        (CURLY.encode("cp1252"), CURLY),
        (b"\xef\xbb\xbf" + CURLY.encode("utf-8"), CURLY),
        (CURLY.encode("utf-16"), CURLY),  # with BOM (the codec writes one)
        (CURLY.encode("utf-16-be").join([b"\xfe\xff", b""]), CURLY),
        (CURLY.encode("utf-32"), CURLY),
        (
            "Москва заявила, что переговоры продолжатся на следующей неделе.".encode("cp1251"),
            "Москва заявила, что переговоры продолжатся на следующей неделе.",
        ),
    ],
    ids=[
        "utf8",
        "latin1",
        "cp1252-german",
        "cp1252-curly",
        "utf8-bom",
        "utf16",
        "utf16-be",
        "utf32",
        "cp1251",
    ],
)
def test_decode_detects_the_encoding(data: bytes, expected: str) -> None:
    assert decode(data) == expected


def test_declared_charset_is_used_and_latin1_means_cp1252() -> None:
    data = CURLY.encode("cp1252")
    assert decode(data, "ISO-8859-1") == CURLY
    assert decode("Ω".encode("iso-8859-7"), "iso-8859-7") == "Ω"
    # a declaration that cannot be right falls back to detection
    assert decode(FRENCH.encode("latin-1"), "utf-8") == FRENCH
    assert decode(FRENCH.encode(), "no-such-charset") == FRENCH


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03PK\x03\x04", bytes(range(256)) * 8])
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryInput, match="binary data"):
        decode(data)


def test_normalise_nfc_controls_quotes_and_line_ends() -> None:
    nfd = unicodedata.normalize("NFD", "Café Zoë")
    assert nfd != "Café Zoë"
    text = f"{nfd}\r\nLine\x07 two\x1b\u00a0end\u200b\rthird “curly” and \"straight\" ‘single’ 'plain'\x0c"
    assert normalise(text) == "Café Zoë\nLine two end\u200b\nthird “curly” and \"straight\" ‘single’ 'plain'"
    assert normalise("a\u2028b\u2029c") == "a\nb\n\nc"


def test_decode_text_nfd_utf16_becomes_nfc() -> None:
    data = unicodedata.normalize("NFD", "Zoë said “no”.").encode("utf-16")
    assert decode_text(data) == "Zoë said “no”."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text/html; charset=ISO-8859-1", "ISO-8859-1"),
        ('text/html;charset="utf-8"', "utf-8"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_of_content_type(value: str | None, expected: str | None) -> None:
    assert charset_of_content_type(value) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (b'<html><head><meta charset="windows-1252">', "windows-1252"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "iso-8859-1"),
        (b"<html><head><title>x</title>", None),
    ],
)
def test_meta_charset(html: bytes, expected: str | None) -> None:
    assert meta_charset(html) == expected


def _lines(data: bytes, max_bytes: int = 1000) -> list[Line]:
    return list(text_lines(io.BytesIO(data), max_bytes))


def test_text_lines_utf8_bom_crlf_and_numbers() -> None:
    assert _lines(b"\xef\xbb\xbfone\r\ntwo\n\nfour") == [
        Line(1, "one\r\n"),
        Line(2, "two\n"),
        Line(3, "\n"),
        Line(4, "four"),
    ]


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_text_lines_utf16_and_utf32(codec: str) -> None:
    assert _lines("Zoë\n“two”\n".encode(codec)) == [Line(1, "Zoë\n"), Line(2, "“two”\n")]


def test_text_lines_latin1_stream_and_a_stray_line() -> None:
    head = (FRENCH + "\n").encode("latin-1") * 3
    assert [line.text for line in _lines(head)] == [FRENCH + "\n"] * 3
    # a UTF-8 dump with one cp1252 line (concatenated sources) keeps both readable
    mixed = "Zoë\n".encode() + "“x”\n".encode("cp1252")
    assert [line.text for line in _lines(mixed)] == ["Zoë\n", "“x”\n"]


def test_text_lines_marks_overlong_lines_and_goes_on() -> None:
    data = b"short\n" + b"x" * 5000 + b"\nafter\n"
    assert _lines(data, max_bytes=100) == [Line(1, "short\n"), Line(2, None), Line(3, "after\n")]


def test_text_lines_refuses_binary() -> None:
    with pytest.raises(BinaryInput):
        _lines(b"\x00\x00\x00binary")


def test_text_lines_utf8_char_cut_at_the_sample_edge() -> None:
    # a multi-byte character that straddles the 64 KiB sniffing window is still UTF-8
    data = b"a" * 65535 + "é\n".encode()
    [line] = _lines(data, max_bytes=100_000)
    assert line.text is not None and line.text.endswith("é\n")
