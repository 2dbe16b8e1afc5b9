"""A window of a sentence around a span: what the tone model reads of a very long sentence.

The sentence holding a span comes from ``Analysis.sentence_of`` (the sentence lookup on
the central types, as spaCy's ``Span.sent``); this cuts it down when it is too long.
"""

from __future__ import annotations

from framelens.models import Span

#: sentences longer than this (characters) are cut around the span before the tone model reads
#: them: the encoder reads 256 word pieces, and run-on "sentences" from scraped text exceed it
MAX_SENTENCE_CHARS = 600


def sentence_window(sentence: Span, span: Span, max_chars: int = MAX_SENTENCE_CHARS) -> Span:
    """The sentence, or a window of ``max_chars`` of it around ``span`` when the sentence is longer.

    The window is centred on the span's start where the sentence allows, and never leaves it.
    """
    if sentence.end - sentence.start <= max_chars:
        return sentence
    start = max(sentence.start, min(span.start - max_chars // 2, sentence.end - max_chars))
    return Span(start, min(sentence.end, start + max_chars))
