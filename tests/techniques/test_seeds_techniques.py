"""The seeds read as a reader would: the opinion pieces persuade more than the news report,
and the false spans an earlier release showed are not shown."""

from __future__ import annotations

from pathlib import Path

import pytest

import framelens
from framelens.report.build import per_words, unique_techniques, words_of
from framelens.techniques import detect

#: (technique, words) an earlier release showed on the seeds and a careful reader calls wrong
FALSE_SPANS = [
    ("Loaded_Language", "counter"),  # from "counter terrorism practitioner"
    ("Loaded_Language", "understanding"),
    ("Loaded_Language", "Instead"),
    ("Loaded_Language", "continues"),
    ("Flag-Waving", "Americans"),
    ("Repetition", "Forces"),
    ("Repetition", "Quds"),
]


def _rates(seeds: Path) -> dict[str, tuple[float, list[tuple[str, str]]]]:
    out = {}
    for path in sorted(seeds.glob("*.txt")):
        (article,) = framelens.read(str(path))
        text = article.text
        found = unique_techniques(detect(text))
        shown = [(t.name, text[t.span.start : t.span.end]) for t in found]
        out[path.name[:3]] = (per_words(len(found), words_of(text)), shown)
    return out


_CACHE: dict[Path, dict[str, tuple[float, list[tuple[str, str]]]]] = {}


@pytest.fixture
def rates(seeds: Path) -> dict[str, tuple[float, list[tuple[str, str]]]]:
    """The seeds' rates and shown spans, computed once for the module (analysing costs seconds)."""
    if seeds not in _CACHE:
        _CACHE[seeds] = _rates(seeds)
    return _CACHE[seeds]


def test_the_opinion_pieces_get_higher_technique_rates_than_the_news_report(
    rates: dict[str, tuple[float, list[tuple[str, str]]]],
) -> None:
    op_ed, alternative, news = rates["000"][0], rates["001"][0], rates["002"][0]
    assert op_ed > news, (op_ed, news)
    assert alternative > news, (alternative, news)


@pytest.mark.parametrize(("technique", "words"), FALSE_SPANS)
def test_a_false_span_of_an_earlier_release_is_not_shown(
    rates: dict[str, tuple[float, list[tuple[str, str]]]], technique: str, words: str
) -> None:
    for _, shown in rates.values():
        assert (technique, words) not in shown
