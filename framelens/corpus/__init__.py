"""Corpus jobs over a store: ingest (read, analyse, store, link near-duplicates) and stories.

``ingest`` and ``cluster_store`` are the entry points the CLI calls; both write through
one ``Store`` (DuckDB has a single writer) and are safe to interrupt and run again.
"""

from __future__ import annotations

from framelens.corpus.cluster import Assignment, Item, Story, StoryClusterer
from framelens.corpus.dedupe import DuplicateIndex
from framelens.corpus.ingest import IngestSummary, ingest, ingest_articles
from framelens.corpus.params import CorpusParams, DuplicateParams, StoryParams, load_corpus_params
from framelens.corpus.stories import StorySummary, cluster_store, compare_story

__all__ = [
    "Assignment",
    "CorpusParams",
    "DuplicateIndex",
    "DuplicateParams",
    "IngestSummary",
    "Item",
    "Story",
    "StoryClusterer",
    "StoryParams",
    "StorySummary",
    "cluster_store",
    "compare_story",
    "ingest",
    "ingest_articles",
    "load_corpus_params",
]
