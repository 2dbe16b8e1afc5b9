"""The store's tables follow from the record fields, and a store as first shipped still reads.

``TABLES`` is derived from the fields (``framelens.flatten``), so a field added to a record
changes the first migration's statements: the first test then fails until a migration
of its own adds the column (``ADDED_COLUMNS`` in ``framelens/store/schema.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from handmade_analysis import handmade_analysis

from framelens.store import MIGRATIONS, TABLES, Store, StoredArticle, open_store
from framelens.store import schema as store_schema
from framelens.store.codec import article_row, result_rows

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SHIPPED = json.loads((FIXTURES / "store" / "migration-0001.json").read_text("utf-8"))


def test_the_first_migration_is_as_it_shipped() -> None:
    version, name, statements = MIGRATIONS[0]
    assert (version, name) == (SHIPPED["version"], SHIPPED["name"])
    assert list(statements) == SHIPPED["statements"], (
        "migration 0001 changed: stores already written lack what it now creates; give a new "
        "record field a migration of its own (ADDED_COLUMNS in framelens/store/schema.py)"
    )


def test_live_tables_have_the_declared_types() -> None:
    with Store(":memory:") as store:
        for table, columns in TABLES.items():
            live = [(r[0], r[1], r[2]) for r in store._con.execute(f"DESCRIBE {table}").fetchall()]
            declared = [
                (
                    c.name,
                    c.sql.replace(" NOT NULL", "").replace(" PRIMARY KEY", ""),
                    "NO" if c.sql.endswith(("NOT NULL", "PRIMARY KEY")) else "YES",
                )
                for c in columns
            ]
            assert live == declared, table


def test_rows_are_pinned() -> None:
    analysis = handmade_analysis()
    rows = {"articles": [article_row(analysis.article)], **result_rows(analysis)}
    expected = json.loads((FIXTURES / "records" / "handmade-rows.json").read_text("utf-8"))
    assert json.loads(json.dumps(rows, default=str)) == expected


def test_a_store_as_first_shipped_reads_back_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "v1.duckdb"
    shipped = ((SHIPPED["version"], SHIPPED["name"], tuple(SHIPPED["statements"])),)
    monkeypatch.setattr(store_schema, "MIGRATIONS", shipped)
    open_store(path).close()
    monkeypatch.undo()
    analysis = handmade_analysis()
    with open_store(path) as store:
        store.put([StoredArticle(analysis)])
        assert store.check() == []
    with open_store(path, read_only=True) as store:
        assert store.analyses([analysis.article.id]) == [analysis]
        assert store.articles([analysis.article.id]) == [analysis.article]
