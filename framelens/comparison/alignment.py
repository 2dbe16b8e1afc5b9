"""How specifically two claim sentences say the same thing: their content words aligned.

The sentence vectors that find candidate pairs answer "are these about the same thing?",
and the sentences of one event are all about the same thing: two accounts of two different
meetings, or of a subpoena and of a hearing, are as close to each other as two accounts of
one statement.  What tells them apart is whether the words that are *specific* to each
sentence find a match in the other.  So each content word gets a contextual vector (the
mean of its word pieces' vectors from the same forward pass of the encoder that gives the
sentence vector) and a weight, its inverse document frequency over the claims of this
comparison (the story's own words, "shutdown", "wall", weigh least there), and each word is
matched to its most similar word of the other sentence: the weighted recall and precision of
those matches give an F1, BERTScore's measure (Zhang et al., ICLR 2020) with the comparison
itself as its corpus.

A sentence with no content word (every word a stop word: "Why would he not do it?") has no
vectors; its pairs fall back to their sentence cosine.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from framelens.comparison.voice import WORD, content, root
from framelens.embed import TokenEncoding
from framelens.stance.features import stop_words


@dataclass(frozen=True, slots=True)
class Words:
    """A sentence's content words: each word's root and its unit-length contextual vector."""

    roots: tuple[str, ...] = ()
    vectors: np.ndarray | None = None


def content_words(text: str, encoding: TokenEncoding) -> Words:
    """The content words of ``text`` (the text ``encoding`` was made from), each with the mean
    of its word pieces' vectors; a word past the encoder's window is left out."""
    stops = stop_words()
    roots, rows = [], []
    starts, ends = encoding.offsets[:, 0], encoding.offsets[:, 1]
    for match in WORD.finditer(text):
        if not content(match.group(), stops):
            continue
        inside = (starts >= match.start()) & (ends <= match.end()) & (ends > starts)
        if not inside.any():
            continue
        vector = encoding.tokens[inside].mean(axis=0)
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:
            continue
        roots.append(root(match.group()))
        rows.append(vector / norm)
    if not rows:
        return Words()
    return Words(tuple(roots), np.asarray(rows, dtype=np.float32))


def idf(sentences: Iterable[Sequence[str]]) -> dict[str, float]:
    """Each root's smoothed inverse document frequency over ``sentences`` (their roots):
    ln((1 + n) / (1 + df)) + 1, so that a word every sentence uses still counts a little."""
    counts: Counter[str] = Counter()
    n = 0
    for roots in sentences:
        n += 1
        counts.update(set(roots))
    return {r: math.log((1 + n) / (1 + df)) + 1.0 for r, df in counts.items()}


def match(a: Words, b: Words, weights: Mapping[str, float]) -> float | None:
    """The IDF-weighted F1 of ``a``'s and ``b``'s words, each matched to its most similar word
    of the other sentence (cosine of their vectors); None when either has no content word."""
    if a.vectors is None or b.vectors is None:
        return None
    sims = a.vectors @ b.vectors.T
    wa = np.array([weights.get(r, 1.0) for r in a.roots])
    wb = np.array([weights.get(r, 1.0) for r in b.roots])
    recall = float(sims.max(axis=1) @ wa) / float(wa.sum())
    precision = float(sims.max(axis=0) @ wb) / float(wb.sum())
    if recall <= 0.0 or precision <= 0.0:
        return 0.0
    return 2 * recall * precision / (recall + precision)
