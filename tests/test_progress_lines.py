"""Progress on a non-terminal and escaped input names on stderr (issue #15)."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from framelens.cli._progress import LineProgress, for_log
from framelens.readers.inputs import printable


def _console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=False, soft_wrap=True, highlight=False), buffer


def test_a_line_every_n_articles_with_count_rate_and_failures() -> None:
    console, buffer = _console()
    now = [0.0]
    progress = LineProgress(console, "analysed", every=3, seconds=1000, clock=lambda: now[0])
    for n in range(7):
        now[0] = n + 1.0
        if n == 4:
            progress.failure()
        else:
            progress.analysed()
    progress.summary()
    assert buffer.getvalue().splitlines() == [
        "progress: 3 articles analysed, 0 failed, 3 s, 1.00 articles/s",
        "progress: 5 articles analysed, 1 failed, 6 s, 0.83 articles/s",
        "done: 6 articles analysed, 1 failed, 7 s, 0.86 articles/s",
    ]


def test_a_line_every_ten_seconds_when_articles_are_slow() -> None:
    console, buffer = _console()
    now = [0.0]
    progress = LineProgress(console, "analysed", every=1000, clock=lambda: now[0])
    progress.analysed()
    now[0] = 4.0
    progress.analysed()
    assert buffer.getvalue() == ""
    now[0] = 10.5
    progress.tick()
    line = "progress: 2 articles analysed, 0 failed, 10 s, 0.19 articles/s"
    assert buffer.getvalue().splitlines() == [line]


def test_no_lines_on_a_terminal_and_no_summary_when_nothing_ran() -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True)
    assert for_log(terminal, "analysed") is None
    console, buffer = _console()
    LineProgress(console, "analysed").summary()
    assert buffer.getvalue() == ""


def test_escape_sequences_in_names_are_shown_escaped() -> None:
    assert printable("a\x1b[2Jb\u202ec\x9b.txt") == "a\\x1b[2Jb\\u202ec\\x9b.txt"
    assert printable("naïve – fine.txt") == "naïve – fine.txt"


def test_a_file_name_with_an_escape_sequence_is_printed_escaped(tmp_path: Path) -> None:
    (tmp_path / "evil\x1b]0;pwned\x07\x1b[31m.txt").write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "framelens", "extract", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "evil\\x1b]0;pwned\\x07\\x1b[31m.txt: is empty" in result.stderr


def test_the_heartbeat_prints_while_one_article_is_still_being_analysed() -> None:
    console, buffer = _console()
    progress = LineProgress(console, "analysed", every=1000, seconds=0.05)
    with progress.heartbeat():
        time.sleep(0.3)  # one slow article: no result arrives meanwhile
        progress.analysed()
    lines = buffer.getvalue().splitlines()
    assert len(lines) >= 2, lines
    assert lines[0].startswith("progress: 0 articles analysed, 0 failed, 0 s, 0.00 articles/s")
    # the thread is gone when the block ends: nothing more is printed
    time.sleep(0.15)
    assert buffer.getvalue().splitlines() == lines
    assert not any(t.name == "framelens-progress" for t in threading.enumerate())


def test_analyze_prints_progress_during_one_long_article(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Through the command: a (fake) analysis that takes 0.4 s with the line due every 0.05 s."""
    from typer.testing import CliRunner

    from framelens.cli import app
    from framelens.jobs import ExtractSummary

    def slow(refs: object, *args: object, on_analysis: Any = None, **kwargs: object) -> ExtractSummary:
        time.sleep(0.4)
        on_analysis(object())
        return ExtractSummary(articles=1)

    monkeypatch.setattr("framelens.cli._progress.SECONDS", 0.05)
    monkeypatch.setattr("framelens.cli.articles.analyze_to", slow)
    (tmp_path / "a.txt").write_text("One article about a flood in the valley, told at length.")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.output
    progress = [line for line in result.stderr.splitlines() if line.startswith("progress:")]
    assert progress and progress[0].startswith("progress: 0 articles analysed"), result.stderr
    assert "done: 1 article analysed" in result.stderr
