"""Near-duplicates: syndicated copies with small edits, found by MinHash over word shingles and LSH.

Exact copies share an article id (the hash of the normalised text): the same article
given again is skipped at ingest, and the same text from another outlet or URL is stored
under an id of its own (``framelens.corpus.ingest.copy_id``) and linked to its original
with similarity 1.0, as below.  A wire story that one outlet retitled or trimmed has another id but nearly the
same text.  Such a copy is kept (its outlet ran it) and linked to the first stored
article it matches, so that stories and comparisons count the text once.

Each article's signature is stored, so a later run rebuilds the LSH index from the store
and a copy ingested weeks after its original is still found.  Candidates from the LSH
bands are confirmed by the signatures' estimated Jaccard similarity against the
threshold in ``resources/settings.toml`` (``[corpus.duplicates]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from framelens.corpus.params import DuplicateParams
from framelens.models import normalise_for_id

_WORD = re.compile(r"\w+")
#: datasketch's permutation scheme; part of the stored format (signatures of different
#: schemes cannot be compared), so it is fixed here rather than left to the library default
SCHEME = "affine32"


@dataclass(frozen=True, slots=True)
class Match:
    """The original a text duplicates, and the estimated Jaccard similarity of the two."""

    original_id: str
    similarity: float


def shingles(text: str, size: int) -> set[str]:
    """The set of ``size``-word shingles of ``text`` (case and punctuation folded).

    A text shorter than one shingle gives its whole word sequence as its only shingle,
    so very short texts match only when they are (nearly) equal.
    """
    words = _WORD.findall(normalise_for_id(text))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


class DuplicateIndex:
    """An LSH index of MinHash signatures, with each indexed article's original.

    ``add`` records an article (and what it duplicates) so that later texts in the same
    run are matched against it too; ``originals`` always point at a root, never at
    another copy, so a copy of a copy links to the first text.
    """

    def __init__(self, params: DuplicateParams) -> None:
        self.params = params
        self._lsh = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm)
        self._signatures: dict[str, MinHash] = {}
        self._originals: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def signature(self, text: str) -> MinHash:
        """The MinHash signature of ``text``'s shingles (the same for the same text on every run)."""
        mh = MinHash(num_perm=self.params.num_perm, seed=self.params.seed, scheme=SCHEME)
        grams = sorted(shingles(text, self.params.shingle_words))
        if grams:
            mh.update_batch([g.encode("utf-8") for g in grams])
        return mh

    def restore(self, article_id: str, values: Sequence[int], original_id: str | None = None) -> None:
        """Index a stored signature (when a run starts)."""
        mh = MinHash(
            num_perm=self.params.num_perm,
            seed=self.params.seed,
            hashvalues=np.asarray(values, dtype=np.uint64),
            scheme=SCHEME,
        )
        self.add(article_id, mh, original_id)

    def find(self, mh: MinHash) -> Match | None:
        """The best indexed original at or above the threshold; ties go to the earliest indexed."""
        best: tuple[float, int, str] | None = None
        for candidate in self._lsh.query(mh):
            similarity = float(mh.jaccard(self._signatures[candidate]))
            if similarity < self.params.threshold:
                continue
            root = self._originals.get(candidate, candidate)
            key = (-similarity, self._order[root], root)
            if best is None or key < best:
                best = key
        if best is None:
            return None
        return Match(best[2], -best[0])

    def root(self, article_id: str) -> str:
        """The first text that ``article_id`` copies (itself when it copies none)."""
        return self._originals.get(article_id, article_id)

    def add(self, article_id: str, mh: MinHash, original_id: str | None = None) -> None:
        if article_id in self._signatures:
            return
        self._order[article_id] = len(self._order)
        self._signatures[article_id] = mh
        if original_id is not None:
            self._originals[article_id] = self._originals.get(original_id, original_id)
        self._lsh.insert(article_id, mh)


def load_index(
    params: DuplicateParams, stored: Iterable[tuple[str, Sequence[int]]], originals: dict[str, str]
) -> DuplicateIndex:
    """An index holding the stored signatures, in a stable order (ties resolve the same way)."""
    index = DuplicateIndex(params)
    for article_id, values in stored:
        if len(values) != params.num_perm:
            # signatures made with another num_perm cannot be compared; the article is just not indexed
            continue
        index.restore(article_id, values, originals.get(article_id))
    return index
