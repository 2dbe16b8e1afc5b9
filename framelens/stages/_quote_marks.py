"""Quotation marks -> quoted segments: one linear pass over the text, no parse needed.

Rules, and why:

* Curly marks say which way they face; a straight ``"`` does not, so inside a
  paragraph straight marks alternate open/close (a stray closer, a ``"`` glued to
  the end of a word while no quote is open, is skipped).
* A quote that is still open at the end of its paragraph continues when the next
  paragraph opens with a mark: newspapers leave the closing mark off every
  paragraph but the last of a long quote.  Such a quote is ONE segment whose span
  runs from after the first opening mark to before the last closing mark, so the
  paragraph break and the repeated opening mark lie inside it.
* A quote that is open at the end of its paragraph and not continued ends there
  (a missing closing mark must not swallow the rest of the article).
* Single quotes are not read: they are too often apostrophes ("ISIS' most").  Two
  apostrophes in a row (``''``, the double mark of wire and archive text) are read as a
  straight ``"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from framelens.models import Span

_MARK = re.compile(r"''|[\"“”„«»]")
#: marks that do not say which way they face
_STRAIGHT = frozenset({'"', "''"})
_OPENERS = frozenset("“„«")
_CLOSERS = frozenset("”»")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Segment:
    """One quoted stretch: ``span`` is the content without the marks.

    ``open_at``/``close_at`` are the offsets of the marks themselves (``close_at`` is
    None when the quote ran to the end of a paragraph without a closing mark);
    ``paragraph`` is the index of the paragraph where it opens; ``close_len`` is the
    length of the closing mark (2 for ``''``).
    """

    span: Span
    open_at: int
    close_at: int | None
    paragraph: int
    close_len: int = 1

    @property
    def after_close(self) -> int | None:
        """The offset right after the closing mark (None when there is none)."""
        return None if self.close_at is None else self.close_at + self.close_len


def paragraph_spans(text: str, paragraphs: tuple[Span, ...]) -> list[Span]:
    """The article's paragraphs, or blank-line blocks when the reader gave none."""
    if paragraphs:
        return list(paragraphs)
    spans: list[Span] = []
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append(Span(start, m.start()))
        start = m.end()
    spans.append(Span(start, len(text)))
    return [s for s in spans if s.text_in(text).strip()]


def _is_stray_closer(text: str, i: int, length: int = 1) -> bool:
    """A straight mark glued to a word on its left and followed by space/end: a closer, not an opener."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + length] if i + length < len(text) else " "
    return (before.isalnum() or before in ".,!?;:") and (after.isspace() or after in ".,;:)")


def _content(text: str, start: int, end: int) -> Span | None:
    """The stripped content between two offsets, or None when it is empty."""
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    # the comma before a closing mark belongs to the attribution ('...,” he said'), not the quote
    right = len(chunk.rstrip().rstrip(",").rstrip())
    if right <= left:
        return None
    return Span(start + left, start + right)


def find_segments(text: str, paragraphs: tuple[Span, ...] = ()) -> list[Segment]:
    """Every quoted segment in the text, in order."""
    segments: list[Segment] = []
    # a quote left open at the end of the previous paragraph: (opening mark, paragraph, content end)
    pending: tuple[int, int, int] | None = None
    open_len = 1
    for index, para in enumerate(paragraph_spans(text, paragraphs)):
        open_at: int | None = None
        open_para = index
        first = para.start + (len(para.text_in(text)) - len(para.text_in(text).lstrip()))
        skip = -1
        if pending is not None:
            if first < para.end and (
                text[first] in _OPENERS or text[first] == '"' or text.startswith("''", first)
            ):
                open_at, open_para, _ = pending  # the newspaper convention: the quote goes on
                skip = first
            else:
                span = _content(text, pending[0] + open_len, pending[2])
                if span is not None:
                    segments.append(Segment(span, pending[0], None, pending[1]))
            pending = None
        for m in _MARK.finditer(text, para.start, para.end):
            i, mark = m.start(), m.group()
            if i == skip:
                continue
            if open_at is None:
                if mark in _CLOSERS or (mark in _STRAIGHT and _is_stray_closer(text, i, len(mark))):
                    continue
                open_at, open_para, open_len = i, index, len(mark)
                continue
            if mark in _OPENERS:
                continue  # a nested opener inside a quote: keep the outer quote open
            span = _content(text, open_at + open_len, i)
            if span is not None:
                segments.append(Segment(span, open_at, i, open_para, len(mark)))
            open_at = None
        if open_at is not None:
            pending = (open_at, open_para, para.end)
    if pending is not None:
        span = _content(text, pending[0] + open_len, pending[2])
        if span is not None:
            segments.append(Segment(span, pending[0], None, pending[1]))
    return segments
