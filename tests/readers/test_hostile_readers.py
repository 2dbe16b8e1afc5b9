"""Readers on hostile single inputs: the message names the real cause (issue #15)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from framelens.models import Article, Failure
from framelens.readers import read
from framelens.readers.html import draft_from_html


def _row(i: int) -> str:
    """A distinct plain sentence per row (alike rows would be taken for page chrome)."""
    words = ["council", "river", "market", "harbour", "bridge", "school", "village", "farmers"]
    return " ".join(words[(i * 7 + k * 3) % 8] + str(i * k) for k in range(12)).capitalize() + " met."


def test_a_dangling_symlink_in_a_folder_is_named_as_one(tmp_path: Path) -> None:
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "link.txt")
    [failure] = list(read([str(tmp_path)]))
    assert isinstance(failure, Failure)
    assert (
        failure.message()
        == f"{tmp_path / 'link.txt'}: is a broken symbolic link (what it points to does not exist)"
    )


def test_a_dangling_symlink_named_explicitly_is_named_as_one(tmp_path: Path) -> None:
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "link.txt")
    [failure] = list(read([str(tmp_path / "link.txt")]))
    assert isinstance(failure, Failure) and "broken symbolic link" in failure.problem


def test_elements_nested_past_the_parser_limit_are_the_reason_given() -> None:
    html = "<html><body>" + "<div>" * 5_000 + "deep text " * 20 + "</div>" * 5_000 + "</body></html>"
    failure = draft_from_html(html, "deep.html")
    assert isinstance(failure, Failure)
    assert "nest more than 255 deep" in failure.problem


def test_a_failure_quoting_a_multi_line_header_stays_one_line(tmp_path: Path) -> None:
    # found by tests/readers/test_fuzz.py: a CSV header cell holding line breaks
    (tmp_path / "bad.csv").write_text('title,"a cell\n\nwith breaks' + "x" * 1000 + '"\nT,body\n')
    [failure] = list(read([str(tmp_path / "bad.csv")]))
    assert isinstance(failure, Failure) and "has no text or html column" in failure.problem
    assert "\n" not in failure.problem and len(failure.problem) <= 300


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        (
            "dump.jsonl.gz",
            "".join(f'{{"title": "T{i}", "text": "{_row(i)}"}}\n' for i in range(200)),
        ),
        ("dump.csv.gz", "title,text\n" + "".join(f"T{i},{_row(i)}\n" for i in range(200))),
    ],
)
def test_a_truncated_small_gzip_dump_keeps_its_rows(tmp_path: Path, name: str, rows: str) -> None:
    # the whole dump is under the 64 KiB read to guess its encoding: the break came there
    packed = gzip.compress(rows.encode())
    (tmp_path / name).write_bytes(packed[: len(packed) * 2 // 3])
    items = list(read([str(tmp_path / name)]))
    articles = [i for i in items if isinstance(i, Article)]
    [failure] = [i for i in items if isinstance(i, Failure)]
    assert len(articles) > 50
    assert "is not valid gzip data" in failure.problem and "stopped a" in failure.problem
