"""The web app's read queries over a store: paged, bounded and parameterised.

The ``Store`` answers what the corpus jobs need (``story_list``, ``story_members``,
``search``); the pages need a little more (totals for paging, a sort order, search with
an offset and the story of each hit, one actor across the corpus), so those queries
live here, each on a cursor of its own (one per request: a DuckDB connection must not
be shared between threads).  No value ever enters SQL text: user input is bound as a
parameter, and the one choice that changes the SQL (the sort order) picks one of two
fixed strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

Row = dict[str, Any]

#: sort name -> ORDER BY clause of the story listing (never built from input)
STORY_ORDER = {
    "size": "s.size DESC, s.last_at DESC NULLS LAST, s.id",
    "recent": "s.last_at DESC NULLS LAST, s.size DESC, s.id",
}
#: rows an aggregate over one actor may return: bounds the work a popular actor costs
MAX_AGGREGATE_ROWS = 5000
#: characters of an article's text shown as its lead in listings
LEAD_CHARS = 240


@dataclass(frozen=True, slots=True)
class Paged:
    """One page of rows and how many there are in all (for the next/previous links)."""

    rows: list[Row]
    total: int


def _dicts(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[Row]:
    return cur.execute(sql, params).fetch_arrow_table().to_pylist()


#: a page of the rows of a ``hits`` CTE, each with their number as ``total``.  The total is a
#: scalar subquery, never ``count(*) OVER ()``: DuckDB's parallel window over a filtered input
#: races and fails now and then with "INTERNAL Error: Attempted to access index 0 within vector
#: of size 0", which also invalidates the database (duckdb/duckdb#22846, #25713; seen here on
#: searches); MATERIALIZED computes the hits once for both.
_PAGE_OF_HITS = "SELECT *, (SELECT count(*) FROM hits) AS total FROM hits"


def _paged(rows: list[Row]) -> Paged:
    """Rows that carry ``total`` (their query's row count before paging) as a Paged without it."""
    total = int(rows[0].pop("total")) if rows else 0
    for row in rows[1:]:
        row.pop("total")
    return Paged(rows, total)


def corpus_counts(cur: duckdb.DuckDBPyConnection) -> Row:
    """Articles, stories and outlets in the store: the heading of the story listing."""
    row = cur.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories), "
        "(SELECT count(DISTINCT outlet) FROM articles)"
    ).fetchall()[0]
    return {"articles": int(row[0]), "stories": int(row[1]), "outlets": int(row[2])}


def stories(cur: duckdb.DuckDBPyConnection, sort: str, limit: int, offset: int) -> Paged:
    """One page of stories in ``sort`` order (a key of STORY_ORDER), with their outlet counts."""
    order = STORY_ORDER[sort]
    rows = _dicts(
        cur,
        "SELECT s.id, s.size, s.first_at, s.last_at, s.title, "
        "count(DISTINCT a.outlet) AS outlets, (SELECT count(*) FROM stories) AS total "
        "FROM stories s LEFT JOIN story_members m ON m.story_id = s.id "
        "LEFT JOIN articles a ON a.id = m.article_id "
        f"GROUP BY s.id, s.size, s.first_at, s.last_at, s.title ORDER BY {order} LIMIT ? OFFSET ?",
        [limit, offset],
    )
    return _paged(rows)


def story(cur: duckdb.DuckDBPyConnection, story_id: int) -> Row | None:
    rows = _dicts(cur, "SELECT id, size, first_at, last_at, title FROM stories WHERE id = ?", [story_id])
    return rows[0] if rows else None


def story_report(cur: duckdb.DuckDBPyConnection, story_id: int, members: str) -> str | None:
    """The stored report JSON of a story, when it was computed from exactly ``members`` (a fingerprint)."""
    rows = cur.execute(
        "SELECT report FROM story_reports WHERE story_id = ? AND members = ?", [story_id, members]
    ).fetchall()
    return str(rows[0][0]) if rows else None


def fts_ready(cur: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store has its full-text index (ingest builds it; an empty store has none)."""
    found = cur.execute(
        "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'fts_main_articles'"
    ).fetchall()
    return bool(found[0][0])


def search(cur: duckdb.DuckDBPyConnection, query: str, limit: int, offset: int) -> Paged:
    """Articles matching ``query`` by BM25 (best first), each with its lead and its story."""
    rows = _dicts(
        cur,
        "WITH hits AS MATERIALIZED (SELECT a.id, a.title, a.outlet, a.published, "
        "substr(a.text, 1, ?) AS lead, m.story_id, f.score "
        "FROM (SELECT id, fts_main_articles.match_bm25(id, ?) AS score FROM articles) f "
        "JOIN articles a ON a.id = f.id LEFT JOIN story_members m ON m.article_id = a.id "
        f"WHERE f.score IS NOT NULL) {_PAGE_OF_HITS} ORDER BY score DESC, id LIMIT ? OFFSET ?",
        [LEAD_CHARS, query, limit, offset],
    )
    return _paged(rows)


def article_links(cur: duckdb.DuckDBPyConnection, article_id: str) -> Row:
    """An article's story and, for a near-duplicate, its original."""
    row = cur.execute(
        "SELECT (SELECT story_id FROM story_members WHERE article_id = ?), "
        "(SELECT original_id FROM duplicates WHERE article_id = ?)",
        [article_id, article_id],
    ).fetchall()[0]
    return {"story": None if row[0] is None else int(row[0]), "duplicate_of": row[1]}


def actor_names(cur: duckdb.DuckDBPyConnection, actor_id: str) -> list[Row]:
    """The names and types an actor id goes by, most used first; empty for an unknown actor."""
    return _dicts(
        cur,
        "SELECT name, type, count(*) AS articles FROM actors WHERE actor_id = ? "
        "GROUP BY name, type ORDER BY articles DESC, name LIMIT 20",
        [actor_id],
    )


def actor_reach(cur: duckdb.DuckDBPyConnection, actor_id: str) -> Row:
    """How many articles and outlets name the actor, and the time they span."""
    row = cur.execute(
        "SELECT count(DISTINCT x.article_id), count(DISTINCT a.outlet), min(a.published_at), "
        "max(a.published_at) FROM actors x JOIN articles a ON a.id = x.article_id WHERE x.actor_id = ?",
        [actor_id],
    ).fetchall()[0]
    return {"articles": int(row[0]), "outlets": int(row[1]), "first_at": row[2], "last_at": row[3]}


def actor_labels(cur: duckdb.DuckDBPyConnection, actor_id: str) -> list[Row]:
    """(key, label, kind, outlet, count) for every label attached to the actor, most used first;
    ``key`` is the lower-cased label the rows are grouped by, ``label`` one form as written."""
    return _dicts(
        cur,
        "SELECT lower(l.text) AS key, min(l.text) AS label, l.kind, a.outlet, count(*) AS n "
        "FROM labels l JOIN articles a ON a.id = l.article_id WHERE l.actor_id = ? "
        "GROUP BY lower(l.text), l.kind, a.outlet ORDER BY n DESC, key, a.outlet NULLS LAST LIMIT ?",
        [actor_id, MAX_AGGREGATE_ROWS],
    )


def granularity(first: dt.datetime | None, last: dt.datetime | None) -> str:
    """The period tone is averaged over: a day for a short story, a week or month for longer spans."""
    if first is None or last is None:
        return "day"
    days = (last - first).days
    return "day" if days <= 92 else "week" if days <= 730 else "month"


def actor_tone(cur: duckdb.DuckDBPyConnection, actor_id: str, period: str) -> list[Row]:
    """Mean tone toward the actor per outlet and ``period`` (day, week or month); undated last."""
    return _dicts(
        cur,
        "SELECT a.outlet, CAST(date_trunc(?, a.published_at) AS TIMESTAMP) AS period, count(*) AS n, "
        "avg(t.score) AS mean, "
        "count(*) FILTER (WHERE t.label = 'negative') AS negative, "
        "count(*) FILTER (WHERE t.label = 'neutral') AS neutral, "
        "count(*) FILTER (WHERE t.label = 'positive') AS positive "
        "FROM tones t JOIN articles a ON a.id = t.article_id WHERE t.actor_id = ? "
        "GROUP BY a.outlet, period ORDER BY a.outlet NULLS LAST, period NULLS LAST LIMIT ?",
        [period, actor_id, MAX_AGGREGATE_ROWS],
    )


def actor_articles(cur: duckdb.DuckDBPyConnection, actor_id: str, limit: int, offset: int) -> Paged:
    """The articles that name the actor, latest first, with the tone toward it in each."""
    rows = _dicts(
        cur,
        "WITH hits AS MATERIALIZED (SELECT a.id, a.title, a.outlet, a.published, t.label AS tone, "
        "t.score, a.published_at, a.seq "
        "FROM (SELECT DISTINCT article_id FROM actors WHERE actor_id = ?) x "
        "JOIN articles a ON a.id = x.article_id "
        "LEFT JOIN tones t ON t.article_id = x.article_id AND t.actor_id = ?) "
        "SELECT id, title, outlet, published, tone, score, (SELECT count(*) FROM hits) AS total "
        "FROM hits ORDER BY published_at DESC NULLS LAST, seq DESC LIMIT ? OFFSET ?",
        [actor_id, actor_id, limit, offset],
    )
    return _paged(rows)
