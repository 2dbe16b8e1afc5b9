"""Corpus jobs over a store: ingest (read, analyse, store, link near-duplicates) and stories.

``ingest``, ``cluster_store`` and ``build_story_reports`` are the entry points the CLI
calls; each writes through one ``Store`` (DuckDB has a single writer), lets go of the file
between its batches, and is safe to interrupt and run again.
"""

from __future__ import annotations

from framelens.corpus.cluster import Assignment, Item, Story, StoryClusterer
from framelens.corpus.dedupe import DuplicateIndex
from framelens.corpus.ingest import IngestSummary, ingest, ingest_articles
from framelens.corpus.params import CorpusParams, DuplicateParams, StoryParams, load_corpus_params
from framelens.corpus.reports import ReportSummary, build_story_reports
from framelens.corpus.stories import StorySummary, cluster_store, compare_story

__all__ = [
    "Assignment",
    "CorpusParams",
    "DuplicateIndex",
    "DuplicateParams",
    "IngestSummary",
    "Item",
    "ReportSummary",
    "Story",
    "StoryClusterer",
    "StoryParams",
    "StorySummary",
    "build_story_reports",
    "cluster_store",
    "compare_story",
    "ingest",
    "ingest_articles",
    "load_corpus_params",
]
