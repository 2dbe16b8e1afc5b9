"""The corpus store: DuckDB tables of articles, analyses, near-duplicates and stories.

``open_store(path)`` opens (creating or migrating) a store; ``Store(":memory:")`` is the
in-memory twin for tests.  SQL users can rely on ``articles(id, source, url, outlet,
title, authors, published, language, text, ...)`` and ``story_members(story_id,
article_id)``; columns are added by migrations, never renamed.
"""

from __future__ import annotations

from framelens.errors import StoreError
from framelens.store.duck import MEMORY, Store, StoredArticle, open_store
from framelens.store.export import Exported, ExportFormat, export_store
from framelens.store.schema import MIGRATIONS, STORE_VERSION, TABLES

__all__ = [
    "MEMORY",
    "MIGRATIONS",
    "STORE_VERSION",
    "TABLES",
    "ExportFormat",
    "Exported",
    "Store",
    "StoreError",
    "StoredArticle",
    "export_store",
    "open_store",
]
