"""Fuzzing the readers: whatever the bytes, no exception escapes and every input gives
articles or a failure that names it (issue #15).

Inputs are valid documents of each kind cut short, with bytes spliced in, or plain random
bytes, each optionally gzipped (and that cut short too).  Bounded for CI: about 200
examples of a few kilobytes, well under a minute.
"""

from __future__ import annotations

import gzip
import io
import tempfile
from pathlib import Path

import pytest

# a dev dependency (pyproject.toml); skipped, and saying so, only where .venv predates it
pytest.importorskip("hypothesis", reason="hypothesis is not installed: run make install")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from framelens.config import load_settings
from framelens.models import Article, Failure
from framelens.readers import read_refs
from framelens.readers.inputs import InputRef

TEXT = (
    "Police detained Elena Vostrikova in Liberty Square on Saturday, witnesses said.\n\n"
    "The minister, Tomas Reyl, said nobody was arrested for their opinions.\n"
)


def _warc() -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    html = f"<html><body><article><p>{TEXT}</p></article></body></html>".encode()
    writer.write_record(
        writer.create_warc_record(
            "https://example.org/", "response", payload=io.BytesIO(html), http_headers=headers
        )
    )
    return out.getvalue()


SEEDS: dict[str, bytes] = {
    ".txt": TEXT.encode(),
    ".md": f"# Title\n\n{TEXT}\n[a link](https://example.org)\n".encode(),
    ".html": f"<html><head><title>T</title></head><body><p>{TEXT}</p></body></html>".encode(),
    ".warc": _warc(),
    ".jsonl": (b'{"title": "T", "text": "' + TEXT.replace("\n", "\\n").encode() + b'"}\n') * 2,
    ".csv": b'title,text\nT,"' + TEXT.encode() + b'"\n',
}
SETTINGS = load_settings()


@st.composite
def hostile(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(sorted(SEEDS)))
    base = SEEDS[suffix]
    how = draw(st.sampled_from(["cut", "splice", "random"]))
    if how == "cut":
        data = base[: draw(st.integers(0, len(base)))]
    elif how == "splice":
        at = draw(st.integers(0, len(base)))
        junk = draw(st.binary(max_size=64) | st.text(max_size=32).map(lambda t: t.encode("utf-8")))
        data = base[:at] + junk + base[at + draw(st.integers(0, 8)) :]
    else:
        data = draw(st.binary(max_size=512))
    if draw(st.booleans()):
        data = gzip.compress(data)
        data = data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data
        suffix += ".gz"
    return suffix, data


@settings(max_examples=200, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(hostile())
def test_readers_never_raise_and_always_answer(case: tuple[str, bytes]) -> None:
    suffix, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        kind = {
            ".txt": "txt",
            ".md": "md",
            ".html": "html",
            ".warc": "warc",
            ".jsonl": "jsonl",
            ".csv": "csv",
        }
        ref = InputRef(str(path), kind[suffix.removesuffix(".gz")], path, suffix.endswith(".gz"))
        items = list(read_refs([ref], SETTINGS))
    assert items, "an input gave neither articles nor a failure"
    for item in items:
        assert isinstance(item, Article | Failure)
        assert item.source.startswith(str(path)), item.source
        if isinstance(item, Failure):
            assert item.problem and "\n" not in item.problem
        else:
            assert item.text.strip()
