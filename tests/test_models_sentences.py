"""The sentence lookup on the central types: ``Analysis.sentence_index`` and ``Analysis.sentence_of``.

Kept beside tests/test_models.py (the round trips) as a file of its own: these read
``Analysis.sentences`` only.
"""

from __future__ import annotations

import pytest

from framelens.models import Analysis, Article, Span

TEXT = "  Mayor Ilse Varn opened the bridge. Critics stayed away.   Varn smiled."


def _analysis(sentences: tuple[Span, ...]) -> Analysis:
    return Analysis(Article("a1", "bridge.txt", TEXT), sentences=sentences)


SENTENCES = (Span(2, 36), Span(37, 57), Span(60, 72))


@pytest.mark.parametrize(
    ("offset", "index"),
    [(0, -1), (1, -1), (2, 0), (36, 0), (37, 1), (59, 1), (60, 2), (71, 2), (500, 2)],
)
def test_sentence_index_is_the_last_sentence_starting_at_or_before(offset: int, index: int) -> None:
    assert _analysis(SENTENCES).sentence_index(offset) == index


def test_sentence_index_without_sentences_is_minus_one() -> None:
    assert _analysis(()).sentence_index(10) == -1


@pytest.mark.parametrize(
    ("span", "sentence"),
    [
        (Span(8, 17), Span(2, 36)),  # "Ilse Varn"
        (Span(2, 36), Span(2, 36)),  # the sentence itself
        (Span(60, 64), Span(60, 72)),  # "Varn"
        (Span(29, 44), None),  # "bridge. Critics": crosses a sentence end
        (Span(0, 5), None),  # starts before the first sentence
        (Span(57, 59), None),  # the spaces between two sentences
    ],
)
def test_sentence_of_is_the_sentence_holding_the_span_whole(span: Span, sentence: Span | None) -> None:
    assert _analysis(SENTENCES).sentence_of(span) == sentence


def test_sentence_of_reads_the_spans_text() -> None:
    analysis = _analysis(SENTENCES)
    found = analysis.sentence_of(Span(37, 44))  # "Critics"
    assert found is not None and found.text_in(TEXT) == "Critics stayed away."
