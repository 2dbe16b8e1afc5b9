"""Lookups over one parsed Doc, computed once per Doc and shared by the rule stages.

Every rule stage reads the same Doc, and several of spaCy's accessors walk the whole of it
on each call: ``Doc.text`` joins the text of every token, ``Doc.sents`` and ``Doc.ents``
rebuild their sequences.  Called inside a loop over mentions, sentences or quotes, such an
accessor makes a stage's cost grow with the square of the article's length (issue #18: a
300,000-character article took 84 s).  The stages take these from ``doc_index(doc)``
instead: built on first use and kept in the Doc's own ``user_data``, so it lives and dies
with the Doc (which never leaves its worker process) and holds no results, only lookups.

``SpanOverlap`` answers "how much of this span lies inside those spans" by bisection, for
a search that compares each of many candidates with every quote of the article.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from framelens.models import Span

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc, Token

#: the key of the index in ``Doc.user_data`` (a plain string: spaCy's extension keys are tuples)
_KEY = "framelens.doc_index"


@dataclass(frozen=True)
class DocIndex:
    """One Doc's text, token offsets and sentence of each token.

    ``starts[i]`` is where token ``i`` starts in ``text``; ``sentence[i]`` the index of its
    sentence among the Doc's sentences (spaCy's ``Doc.sents``), ``sentence_starts[k]`` the
    first token of sentence ``k``."""

    length: int
    text: str
    starts: list[int]
    sentence: np.ndarray
    sentence_starts: list[int]

    def tokens(self, span: Span) -> range:
        """Indices of the tokens whose start lies inside ``span`` (character offsets)."""
        return range(bisect.bisect_left(self.starts, span.start), bisect.bisect_left(self.starts, span.end))

    def token_at(self, char: int) -> int:
        """The index of the last token starting at or before character ``char`` (0 when none does)."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """Token range [start, end) of the sentence of token ``i``."""
        k = int(self.sentence[i])
        end = self.sentence_starts[k + 1] if k + 1 < len(self.sentence_starts) else self.length
        return self.sentence_starts[k], end


def _build(doc: Doc) -> DocIndex:
    # imported here: the helper modules that import this one must stay light to import
    import numpy as np
    from spacy.attrs import IDX, SENT_START

    columns = doc.to_array([IDX, SENT_START]) if len(doc) else np.zeros((0, 2), dtype=np.uint64)
    starts = columns[:, 0].astype(np.int64)
    # SENT_START is 1 at a sentence's first token (-1 not a start, 0 unset); the first token
    # always starts one, as in ``Doc.sents``
    first = columns[:, 1].astype(np.int64) == 1
    if len(first):
        first[0] = True
    sentence = np.cumsum(first) - 1
    return DocIndex(
        length=len(doc),
        text=doc.text,
        starts=starts.tolist(),
        sentence=sentence,
        sentence_starts=np.flatnonzero(first).tolist(),
    )


def doc_index(doc: Doc) -> DocIndex:
    """The index of ``doc``, built on first use and kept with the Doc."""
    found = doc.user_data.get(_KEY)
    if not isinstance(found, DocIndex) or found.length != len(doc):
        found = _build(doc)
        doc.user_data[_KEY] = found
    return found


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc."""
    return doc_index(doc).text


class SpanOverlap:
    """A fixed set of character spans, asked how much of a span they cover.

    Sorted by start, with the longest span's length: the spans that can overlap
    ``[start, end)`` start in ``[start - longest, end)``, found by bisection, so a question
    costs the spans near it, not all of them."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.longest = max((s.end - s.start for s in self.spans), default=0)

    def covered(self, span: Span) -> float:
        """Share of ``span`` lying inside the spans (overlaps among them counted twice, as a
        sum over each of them)."""
        lo = bisect.bisect_left(self.starts, span.start - self.longest)
        hi = bisect.bisect_left(self.starts, span.end)
        inside = sum(max(0, min(span.end, o.end) - max(span.start, o.start)) for o in self.spans[lo:hi])
        return inside / max(1, span.end - span.start)


def tokens_where(doc: Doc, attr: str, values: Iterable[str]) -> list[int]:
    """Indices, in order, of the tokens whose ``attr`` ("ORTH", "LOWER", "TAG", "POS") is one of
    ``values``: read from ``Doc.to_array``, so a stage that wants a few tokens of the Doc
    creates a spaCy Token for those, not for every token."""
    import numpy as np
    from spacy.attrs import IDS
    from spacy.strings import get_string_id

    wanted = np.array([get_string_id(v) for v in values], dtype=np.uint64)
    if not len(doc) or not len(wanted):
        return []
    column = doc.to_array(IDS[attr]).reshape(-1)
    return [int(i) for i in np.flatnonzero(np.isin(column, wanted))]


#: a blank line between two paragraphs, as a regular-expression fragment for the stages that
#: read text rather than tokens (``paragraph_break`` is its token twin)
BLANK_LINE = r"\n[ \t]*\n"


def paragraph_break(token: Token) -> bool:
    """Whether ``token`` is the whitespace between two paragraphs (a blank line): spaCy parses an
    article as one text, and its trees may run across it."""
    return token.is_space and token.text.count("\n") >= 2
