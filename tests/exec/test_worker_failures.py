"""The worker's failure rule on long articles and long error messages (issue #15)."""

from __future__ import annotations

import dataclasses

import pytest

from framelens.config import load_settings
from framelens.exec.worker import Worker, analyse_chunk, failure
from framelens.models import Analysis, Failure
from framelens.readers import article_from_text

SETTINGS = load_settings(tone=False, techniques=False, frames=False)


def test_a_paragraph_long_error_becomes_one_short_line() -> None:
    article = article_from_text("A short article that stands in for any other one here.", source="a.txt")
    message = "[E088] Text of length 2000000 exceeds maximum.\n\n" + "This is a long explanation. " * 40
    got = failure(article, ValueError(message))
    assert got.source == "a.txt" and "\n" not in got.problem and len(got.problem) < 300
    assert got.problem.startswith("analysis failed (ValueError: [E088] Text of length")


def test_a_too_long_article_fails_alone_and_the_batch_keeps_its_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    short = [
        article_from_text(f"Minister Tomas Reyl spoke in Dunmere on day {i} of the march.") for i in range(2)
    ]
    long = dataclasses.replace(short[0], source="long.txt", text="Words and more words. " * 20)
    results = analyse_chunk(
        Worker.for_settings(SETTINGS.replace(max_analysed_chars=200)), [short[0], long, short[1]]
    )
    assert [type(r).__name__ for r in results] == ["Analysis", "Failure", "Analysis"]
    assert isinstance(results[1], Failure) and results[1].message().startswith(
        "long.txt: too long to analyse (440"
    )
    assert isinstance(results[2], Analysis) and results[2].article is short[1]
