"""Windows of long sentences (framelens.text.windows)."""

from __future__ import annotations

import pytest

from framelens.models import Span
from framelens.text.windows import MAX_SENTENCE_CHARS, sentence_window


def test_a_sentence_within_the_limit_is_kept_whole() -> None:
    sentence = Span(100, 100 + MAX_SENTENCE_CHARS)
    assert sentence_window(sentence, Span(150, 160)) is sentence


@pytest.mark.parametrize(
    ("span", "window"),
    [
        (Span(500, 510), Span(450, 550)),  # centred on the span's start
        (Span(10, 20), Span(0, 100)),  # held at the sentence's start
        (Span(990, 995), Span(900, 1000)),  # held at the sentence's end
    ],
)
def test_a_long_sentence_is_cut_around_the_span(span: Span, window: Span) -> None:
    assert sentence_window(Span(0, 1000), span, max_chars=100) == window


def test_the_default_limit_is_what_the_encoder_reads() -> None:
    window = sentence_window(Span(0, 5000), Span(2000, 2010))
    assert window == Span(2000 - MAX_SENTENCE_CHARS // 2, 2000 + MAX_SENTENCE_CHARS // 2)
