"""Listing totals without a window function (issue #15: an intermittent DuckDB internal error).

DuckDB's parallel ``count(*) OVER ()`` over a filtered input races now and then ("INTERNAL
Error: Attempted to access index 0 within vector of size 0", duckdb/duckdb#22846 and
#25713) and invalidates the database; the server saw it on searches.  The paged queries
count their rows with a scalar subquery instead: no SQL they send holds a window, and each
total is the number of rows the query has before paging.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from framelens.store.fts import load_fts
from framelens.web import queries


class _Recording:
    """A cursor that keeps the SQL it is asked to run."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self.cur, self.sql = cur, []

    def execute(self, sql: str, params: Any = None) -> Any:
        self.sql.append(sql)
        return self.cur.execute(sql, params or [])


@pytest.fixture
def cur(store_path: Path) -> Any:
    con = duckdb.connect(str(store_path), read_only=True)
    load_fts(con)
    try:
        yield _Recording(con)
    finally:
        con.close()


def test_paged_queries_count_their_rows_without_a_window(cur: Any) -> None:
    actor = cur.cur.execute(
        "SELECT actor_id FROM actors GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    pages = {
        "stories": (
            lambda limit, offset: queries.stories(cur, "size", limit, offset),
            "SELECT count(*) FROM stories",
        ),
        "search": (
            lambda limit, offset: queries.search(cur, "flood", limit, offset),
            "SELECT count(*) FROM (SELECT fts_main_articles.match_bm25(id, 'flood') AS s FROM articles) "
            "WHERE s IS NOT NULL",
        ),
        "actor": (
            lambda limit, offset: queries.actor_articles(cur, actor, limit, offset),
            f"SELECT count(DISTINCT article_id) FROM actors WHERE actor_id = '{actor}'",
        ),
    }
    for name, (page, count_sql) in pages.items():
        expected = cur.cur.execute(count_sql).fetchone()[0]
        assert expected >= 2, name
        first, second, past = page(1, 0), page(1, 1), page(1, expected)
        assert first.total == second.total == expected and len(first.rows) == 1, name
        assert first.rows[0] != second.rows[0] and "total" not in first.rows[0], name
        assert past.rows == [] and past.total == 0, name
    assert cur.sql and not [sql for sql in cur.sql if " OVER (" in sql.upper()]
