"""Exports: one file per table that DuckDB (Parquet) or any JSON reader (JSONL) reads back."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from framelens.comparison import Comparison
from framelens.store import TABLES, ExportFormat, Store, StoredArticle, export_store


def test_parquet_export_is_readable_by_duckdb(tmp_path: Path, fictional_comparison: Comparison) -> None:
    analyses = list(fictional_comparison.analyses)
    with Store(":memory:") as store:
        store.put([StoredArticle(a) for a in analyses])
        written = export_store(store, tmp_path / "out", ExportFormat.parquet)
    assert {w.table for w in written} == {*TABLES, "schema_version", "schema_migrations"}
    path = tmp_path / "out" / "articles.parquet"
    rows = duckdb.sql(f"SELECT id, outlet, authors FROM '{path}' ORDER BY id").fetchall()
    assert [r[0] for r in rows] == sorted(a.article.id for a in analyses)
    mentions = tmp_path / "out" / "mentions.parquet"
    assert duckdb.sql(f"SELECT count(*) FROM '{mentions}'").fetchone() == (
        sum(len(a.mentions) for a in analyses),
    )
    assert not list((tmp_path / "out").glob(".*partial"))


def test_jsonl_export(tmp_path: Path, fictional_comparison: Comparison) -> None:
    analysis = fictional_comparison.analyses[0]
    with Store(":memory:") as store:
        store.put([StoredArticle(analysis)])
        export_store(store, tmp_path, ExportFormat.jsonl)
    lines = (tmp_path / "articles.jsonl").read_text().splitlines()
    row = json.loads(lines[0])
    assert row["id"] == analysis.article.id and row["text"] == analysis.article.text
    assert row["ingested_at"][:2] == "20"  # ISO time
    assert (tmp_path / "stories.jsonl").read_text() == ""
