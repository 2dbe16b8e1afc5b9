"""PATH arguments -> input references, and loading one reference with its bounds."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest

from framelens.config import Settings
from framelens.models import Article, Failure
from framelens.readers import read
from framelens.readers.inputs import SUPPORTED, InputRef, RawInput, kind_of, list_inputs, load

BODY = "The council voted on Tuesday to close the old river bridge for repairs, officials said."


def _summary(items: list[InputRef | Failure]) -> list[tuple[str, str]]:
    return [(i.source, i.kind) if isinstance(i, InputRef) else (i.source, i.problem) for i in items]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", ("txt", False)),
        ("A.HTML.GZ", ("html", True)),
        ("a.htm", ("html", False)),
        ("a.markdown", ("md", False)),
        ("a.warc.gz", ("warc", True)),
        ("a.ndjson", ("jsonl", False)),
        ("a.tsv.gz", ("csv", True)),
        ("a.pdf", (None, False)),
        ("noext", (None, False)),
    ],
)
def test_kind_of(name: str, expected: tuple[str | None, bool]) -> None:
    assert kind_of(name) == expected


def test_directories_are_walked_recursively_sorted_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    for rel in [
        "b.txt",
        "a.md",
        "sub/c.html.gz",
        "sub/deeper/d.jsonl",
        "logo.png",
        ".hidden.txt",
        ".git/e.txt",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert _summary(list(list_inputs([str(tmp_path)]))) == [
        (str(tmp_path / "a.md"), "md"),
        (str(tmp_path / "b.txt"), "txt"),
        (str(tmp_path / "sub" / "c.html.gz"), "html"),
        (str(tmp_path / "sub" / "deeper" / "d.jsonl"), "jsonl"),
    ]


def test_globs_and_argument_order(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "c.md"]:
        (tmp_path / name).write_text("x")
    refs = list(list_inputs([str(tmp_path / "c.md"), str(tmp_path / "*.txt"), str(tmp_path / "*.csv")]))
    assert _summary(refs) == [
        (str(tmp_path / "c.md"), "md"),
        (str(tmp_path / "a.txt"), "txt"),
        (str(tmp_path / "b.txt"), "txt"),
        (str(tmp_path / "*.csv"), "the pattern matches no files"),
    ]


def test_recursive_glob(tmp_path: Path) -> None:
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "x" / "y" / "a.txt").write_text("x")
    (tmp_path / "top.txt").write_text("x")
    refs = list(list_inputs([str(tmp_path / "**" / "*.txt")]))
    assert _summary(refs) == [
        (str(tmp_path / "top.txt"), "txt"),
        (str(tmp_path / "x" / "y" / "a.txt"), "txt"),
    ]


def test_bad_paths(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "empty").mkdir()
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    refs = list(
        list_inputs(
            [str(tmp_path / "missing.txt"), str(tmp_path / "notes.pdf"), str(tmp_path / "empty"), str(fifo)]
        )
    )
    assert _summary(refs) == [
        (str(tmp_path / "missing.txt"), "no such file or directory"),
        (str(tmp_path / "notes.pdf"), f"unknown file type; framelens reads {SUPPORTED}"),
        (str(tmp_path / "empty"), f"is a folder with no files framelens reads; it reads {SUPPORTED}"),
        (str(fifo), "is not a regular file"),
    ]


def test_fifo_inside_a_folder_is_reported_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    [ref] = list(list_inputs([str(tmp_path)]))
    assert isinstance(ref, InputRef)
    assert load(ref, 1000) == Failure(str(tmp_path / "pipe.txt"), "is not a regular file")


def _ref(path: Path) -> InputRef:
    kind, gzipped = kind_of(path.name)
    assert kind is not None
    return InputRef(str(path), kind, path, gzipped)


def test_load_single_documents_and_bounds(tmp_path: Path) -> None:
    plain = tmp_path / "a.txt"
    plain.write_text(BODY)
    zipped = tmp_path / "a.txt.gz"
    zipped.write_bytes(gzip.compress(BODY.encode()))
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b" " * 5000))
    broken = tmp_path / "broken.md.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    empty_gz = tmp_path / "empty.txt.gz"
    empty_gz.write_bytes(gzip.compress(b""))
    assert load(_ref(plain), 1000) == RawInput(_ref(plain), data=BODY.encode())
    assert load(_ref(zipped), 1000) == RawInput(_ref(zipped), data=BODY.encode())
    assert load(_ref(plain), 10) == Failure(
        str(plain),
        "larger than the 1e-05 MB limit for one document; "
        "raise it with --max-bytes (or FRAMELENS_MAX_BYTES) if this really is one article",
    )
    too_big = load(_ref(bomb), 1000)
    assert isinstance(too_big, Failure) and too_big.problem.startswith("larger than the 0.001 MB limit")
    bad = load(_ref(broken), 1000)
    assert isinstance(bad, Failure) and bad.problem.startswith("is not valid gzip data (")
    assert load(_ref(empty), 1000) == Failure(str(empty), "is empty (0 bytes)")
    assert load(_ref(empty_gz), 1000) == Failure(str(empty_gz), "is empty (0 bytes after gunzip)")


def test_streams_stay_open_and_gzip_is_undone(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "x"}\n'))
    raw = load(_ref(path), 5)  # the size bound is per row for streams, not per file
    assert isinstance(raw, RawInput) and raw.data is None and raw.stream is not None
    assert raw.stream.read() == b'{"text": "x"}\n'
    raw.stream.close()


def test_permission_denied_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(BODY)

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("framelens.readers.inputs.open", deny, raising=False)
    assert load(_ref(path), 1000) == Failure(str(path), "cannot be read: permission denied")


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads files whatever their mode; covered by the monkeypatch test"
)
def test_chmod_000_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(BODY)
    path.chmod(0)
    assert load(_ref(path), 1000) == Failure(str(path), "cannot be read: permission denied")


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (BODY.encode(), "txt"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b'{"text": "x"}\n', "jsonl"),
        (b"WARC/1.0\r\n", "warc"),
        (gzip.compress(b'{"text": "x"}\n'), "jsonl"),
        (gzip.compress(BODY.encode()), "txt"),
    ],
)
def test_stdin_kind_is_sniffed(monkeypatch: pytest.MonkeyPatch, data: bytes, kind: str) -> None:
    monkeypatch.setattr("sys.stdin", _Stdin(data))
    [ref] = list(list_inputs(["-"]))
    assert isinstance(ref, InputRef)
    raw = load(ref, 10_000)
    assert isinstance(raw, RawInput)
    assert raw.kind == kind
    content = raw.data if raw.data is not None else raw.stream.read()  # type: ignore[union-attr]
    assert content == (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


def test_stdin_empty_and_too_big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _Stdin(b""))
    assert load(InputRef("<stdin>", "auto"), 100) == Failure(
        "<stdin>", "is empty (no input on standard input)"
    )
    monkeypatch.setattr("sys.stdin", _Stdin(b"x" * 200))
    failure = load(InputRef("<stdin>", "auto"), 100)
    assert isinstance(failure, Failure) and failure.problem.startswith("larger than the 0.0001 MB limit")


def test_gzip_of_every_kind_reads_the_same(tmp_path: Path) -> None:
    # distinct bodies: lines repeated across files of one folder would be taken for chrome
    def body(n: int) -> str:
        return f"Report {n}: the council voted on Tuesday to close bridge number {n} for repairs."

    page = f"<html><body><article><p>{body(3)}</p><p>Residents said it adds time.</p></article></body></html>"
    files = {
        "a.txt.gz": f"{body(1)}\n\nResidents said the closure would add twenty minutes.".encode(),
        "b.md.gz": f"# Bridge\n\n{body(2)}".encode(),
        "c.html.gz": page.encode(),
        "d.jsonl.gz": (f'{{"text": "{body(4)}"}}\n').encode(),
        "e.csv.gz": f'text\n"{body(5)}"\n'.encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(gzip.compress(data))
    articles = list(read([str(tmp_path)], Settings()))
    assert [
        (a.source, body(n) in a.text) if isinstance(a, Article) else a for n, a in enumerate(articles, 1)
    ] == [
        (str(tmp_path / "a.txt.gz"), True),
        (str(tmp_path / "b.md.gz"), True),
        (str(tmp_path / "c.html.gz"), True),
        (f"{tmp_path / 'd.jsonl.gz'}:1", True),
        (f"{tmp_path / 'e.csv.gz'}:2", True),
    ]
