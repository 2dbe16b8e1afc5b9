"""Corpus parameters (store batches, near-duplicates, stories): the ``[corpus]`` section of Settings.

They tune corpus jobs only (ingest into a store, story clustering); the classes live in
``framelens.config`` with the other sections and are named here for the corpus modules.
"""

from __future__ import annotations

from framelens.config import CorpusParams, DuplicateParams, StoryParams, load_settings

__all__ = ["CorpusParams", "DuplicateParams", "StoryParams", "load_corpus_params"]


def load_corpus_params() -> CorpusParams:
    """The ``corpus`` section of ``load_settings()`` (packaged defaults, FRAMELENS_CORPUS__* variables)."""
    return load_settings().corpus
