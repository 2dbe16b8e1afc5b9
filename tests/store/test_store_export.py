"""Exports: one file per table that DuckDB (Parquet) or any JSON reader (JSONL) reads back."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
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
        sum(len(actor.mentions) for a in analyses for actor in a.actors),
    )
    assert not list((tmp_path / "out").glob(".*partial"))

    # the README's query line runs as written with what the project installs
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if "import duckdb" in x and "articles.parquet" in x)
    argv = shlex.split(line.removeprefix("$ "))
    assert argv[0] == ".venv/bin/python"
    shown = subprocess.run(
        [sys.executable, *argv[1:]], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "outlet" in shown.stdout and "count_star()" in shown.stdout


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
