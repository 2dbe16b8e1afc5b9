"""The store's tables, its schema version and the named migrations that build it.

A migration is a name and a list of statements; ``migrate`` applies, in order, those the
``schema_migrations`` table does not list yet, each in its own transaction together with
its record, so a store is always at a version some migration left it at.  Never edit a
migration that has shipped: add the next one.

``TABLES`` states each table's columns with their DuckDB and Arrow types; the columns of
the article and result tables follow from the record fields (``framelens.flatten``).  The
DDL of the first migration and the Arrow schemas the writer builds batches with come from
it, so they cannot drift.  A column that a new record field gives is added by a new
migration listed in ``ADDED_COLUMNS`` (the first migration leaves it out, so new and
migrated stores are the same); tests check the first migration against the statements it
shipped with and the live tables against ``TABLES``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from framelens.embed import DIMENSION
from framelens.errors import StoreError
from framelens.flatten import columns as record_columns
from framelens.flatten import plan
from framelens.models import Analysis, Article

#: the name the ``schema_version`` table carries, telling a framelens store from any DuckDB file
APPLICATION = "framelens"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql: str
    arrow: pa.DataType


def _c(name: str, sql: str) -> Column:
    return Column(name, sql, _ARROW[sql.replace(" NOT NULL", "").replace(" PRIMARY KEY", "")])


_ARROW: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()),
    "INTEGER[]": pa.list_(pa.int32()),
    "UBIGINT[]": pa.list_(pa.uint64()),
    f"FLOAT[{DIMENSION}]": pa.list_(pa.float32(), DIMENSION),
}


def _result_table(cls: type) -> tuple[Column, ...]:
    """A result table: the article, the record's key columns, its position, its columns, its words."""
    keys, body = record_columns(cls)
    text = (_c("text", "VARCHAR NOT NULL"),) if plan(cls).verbatim else ()
    return (
        _c("article_id", "VARCHAR NOT NULL"),
        *(_c(*k) for k in keys),
        _c("ord", "INTEGER NOT NULL"),
        *(_c(*b) for b in body),
        *text,
    )


def _article_table() -> tuple[Column, ...]:
    """The Article's columns with the writer's: ``seq`` (ingest order), ``published_at``, ``ingested_at``."""
    _, body = record_columns(Article)
    extra = {"id": _c("seq", "BIGINT NOT NULL"), "published": _c("published_at", "TIMESTAMP")}
    out = []
    for name, sql in body:
        out.append(_c(name, "VARCHAR PRIMARY KEY" if name == "id" else sql))
        if name in extra:
            out.append(extra[name])
    return (*out, _c("ingested_at", "TIMESTAMP NOT NULL"))


#: result table -> the record class of its rows, in the order the Analysis holds them
RESULT_RECORDS: dict[str, type] = {}


def _collect(cls: type) -> None:
    for table, f in plan(cls).tables:
        RESULT_RECORDS[table] = f.item
        _collect(f.item)


_collect(Analysis)

#: (version, name, ((table, column), ...)) of the migrations after the first that add
#: columns of ``TABLES``, in order, e.g. ``(2, "0002_quote_channel", (("quotes", "channel"),))``
ADDED_COLUMNS: tuple[tuple[int, str, tuple[tuple[str, str], ...]], ...] = (
    (
        2,
        "0002_label_polarity_mention_tone",
        (
            ("mentions", "tone"),
            ("mentions", "tone_score"),
            ("labels", "polarity"),
            ("labels", "polarity_score"),
        ),
    ),
    (3, "0003_tone_portrayal", (("tones", "confidence"), ("tones", "decided_by"))),
    (4, "0004_label_polarity_reason", (("labels", "polarity_reason"),)),
    (6, "0006_story_last_end", (("stories", "last_end_at"),)),
    (7, "0007_quote_cue_source", (("quotes", "cue_source"),)),
    (8, "0008_headline_field", (("mentions", "field"), ("labels", "field"))),
    (9, "0009_actor_type_reason", (("actors", "type_reason"),)),
)
_LATER = [added for _, _, columns in ADDED_COLUMNS for added in columns]

#: (version, name, (table, ...)) of the migrations after the first that create tables of
#: ``TABLES`` (the first migration leaves them out, as ``ADDED_COLUMNS`` does with columns)
ADDED_TABLES: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (5, "0005_story_reports_store_state", ("story_reports", "store_state")),
    (10, "0010_fetched_urls_feeds", ("fetched_urls", "feeds")),
)
_LATER_TABLES = {table for _, _, tables in ADDED_TABLES for table in tables}


def _as_stored(tables: dict[str, tuple[Column, ...]]) -> dict[str, tuple[Column, ...]]:
    """Each table's columns in a store's order: those a later migration adds come last, as ALTER puts them."""
    return {
        table: (
            *(c for c in columns if (table, c.name) not in _LATER),
            *(c for t, name in _LATER if t == table for c in columns if c.name == name),
        )
        for table, columns in tables.items()
    }


#: table -> columns.  The article and result tables follow from the records' fields
#: (``framelens.flatten``).  JSON-valued columns are VARCHAR holding JSON, so that Parquet
#: and every SQL client read them without an extension.
TABLES: dict[str, tuple[Column, ...]] = _as_stored(
    {
        "articles": _article_table(),
        # one row per analysed article: written in the same transaction as the article and
        # its results; ``counts`` (JSON, table -> rows) lets anyone check nothing is missing
        "analyses": (
            _c("article_id", "VARCHAR PRIMARY KEY"),
            _c("schema_version", "VARCHAR NOT NULL"),
            *(_c(*b) for b in record_columns(Analysis)[1]),
            _c("counts", "VARCHAR NOT NULL"),
        ),
        **{table: _result_table(cls) for table, cls in RESULT_RECORDS.items()},
        "minhashes": (
            _c("article_id", "VARCHAR PRIMARY KEY"),
            _c("signature", "UBIGINT[]"),
        ),
        "duplicates": (
            _c("article_id", "VARCHAR PRIMARY KEY"),
            _c("original_id", "VARCHAR NOT NULL"),
            _c("similarity", "DOUBLE NOT NULL"),
        ),
        "embeddings": (
            _c("article_id", "VARCHAR PRIMARY KEY"),
            _c("model", "VARCHAR NOT NULL"),
            _c("vector", f"FLOAT[{DIMENSION}]"),
        ),
        "stories": (
            _c("id", "BIGINT PRIMARY KEY"),
            _c("size", "INTEGER NOT NULL"),
            _c("first_at", "TIMESTAMP"),
            _c("last_at", "TIMESTAMP"),
            _c("title", "VARCHAR"),
            _c("centroid", f"FLOAT[{DIMENSION}]"),
            _c("vector_sum", f"FLOAT[{DIMENSION}]"),
            _c("actors", "VARCHAR NOT NULL"),
            _c("updated_at", "TIMESTAMP NOT NULL"),
            # the latest instant its articles may have appeared at: ``last_at`` plus the slack
            # of a time known only to the day (see ``framelens.corpus.cluster``)
            _c("last_end_at", "TIMESTAMP"),
        ),
        "story_members": (
            _c("story_id", "BIGINT NOT NULL"),
            _c("article_id", "VARCHAR PRIMARY KEY"),
            _c("score", "DOUBLE"),
            _c("duplicate_of", "VARCHAR"),
            _c("joined_at", "TIMESTAMP NOT NULL"),
        ),
        # a story's comparison report (JSON), computed by `framelens stories` so that the
        # web server never runs a comparison; ``members`` fingerprints the articles it was
        # computed from, and the row is deleted whenever the story changes
        "story_reports": (
            _c("story_id", "BIGINT PRIMARY KEY"),
            _c("members", "VARCHAR NOT NULL"),
            _c("report", "VARCHAR NOT NULL"),
            _c("built_at", "TIMESTAMP NOT NULL"),
        ),
        # small facts about the store itself, e.g. ``fts`` = ``stale`` when articles were
        # committed after the full-text index was last built (set in the same transaction)
        "store_state": (
            _c("name", "VARCHAR PRIMARY KEY"),
            _c("value", "VARCHAR NOT NULL"),
        ),
        # every article URL `watch` has dealt with (its normalised spelling), so that a
        # restart never fetches it again: ``status`` is ingested (handed to the ingest, which
        # stored it or found its text stored), duplicate (its canonical URL was fetched under
        # another link) or failed (a lasting failure, said in ``problem``); ``canonical`` is
        # the URL the page declares
        "fetched_urls": (
            _c("url", "VARCHAR PRIMARY KEY"),
            _c("canonical", "VARCHAR"),
            _c("status", "VARCHAR NOT NULL"),
            _c("problem", "VARCHAR"),
            _c("article_id", "VARCHAR"),
            _c("fetched_at", "TIMESTAMP NOT NULL"),
        ),
        # the feeds and sitemaps `watch` polls, with the validators of their last answer
        # (sent back as If-None-Match / If-Modified-Since)
        "feeds": (
            _c("url", "VARCHAR PRIMARY KEY"),
            _c("etag", "VARCHAR"),
            _c("last_modified", "VARCHAR"),
            _c("checked_at", "TIMESTAMP NOT NULL"),
        ),
    }
)

#: the result tables of one article, in the order ``Store.check`` reports them
RESULT_TABLES = tuple(RESULT_RECORDS)


def _create(table: str) -> str:
    cols = ", ".join(f'"{c.name}" {c.sql}' for c in TABLES[table] if (table, c.name) not in _LATER)
    return f"CREATE TABLE {table} ({cols})"


def _add(table: str, column: str) -> str:
    (c,) = (c for c in TABLES[table] if c.name == column)
    return f'ALTER TABLE {table} ADD COLUMN "{c.name}" {c.sql}'


#: (version, name, statements), in order.  Version N is the store after migration N.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "0001_initial",
        (
            *(_create(t) for t in TABLES if t not in _LATER_TABLES),
            "CREATE INDEX articles_seq ON articles(seq)",
            "CREATE INDEX story_members_story ON story_members(story_id)",
            "CREATE INDEX duplicates_original ON duplicates(original_id)",
            *(f"CREATE INDEX {t}_article ON {t}(article_id)" for t in RESULT_TABLES),
        ),
    ),
    *sorted(
        [
            *(
                (version, name, tuple(_add(t, c) for t, c in columns))
                for version, name, columns in ADDED_COLUMNS
            ),
            *((version, name, tuple(_create(t) for t in tables)) for version, name, tables in ADDED_TABLES),
        ]
    ),
)

#: the schema version this code reads and writes
STORE_VERSION = MIGRATIONS[-1][0]


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of ``table``'s rows, column for column."""
    return pa.schema([pa.field(c.name, c.arrow) for c in TABLES[table]])


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {r[0] for r in rows}


def stored_version(con: duckdb.DuckDBPyConnection, path: str) -> int | None:
    """The store's schema version; None for an empty database; StoreError for a foreign one."""
    tables = _tables(con)
    if "schema_version" not in tables:
        if tables:
            raise StoreError(
                f"{path} is a DuckDB database but not a framelens store (it has tables "
                f"{', '.join(sorted(tables)[:5])} and no schema_version); give another --db path"
            )
        return None
    row = con.execute("SELECT application, version FROM schema_version").fetchone()
    if row is None or row[0] != APPLICATION:
        raise StoreError(f"{path} has a schema_version table that framelens did not write; give another --db")
    version = int(row[1])
    if version > STORE_VERSION:
        raise StoreError(
            f"{path} is a framelens store of schema version {version}, newer than this framelens "
            f"understands ({STORE_VERSION}); upgrade framelens to open it"
        )
    return version


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> list[str]:
    """Bring the store at ``con`` to ``STORE_VERSION``; the names of the migrations applied."""
    version = stored_version(con, path)
    applied: list[str] = []
    if version is None:
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE TABLE schema_version (application VARCHAR NOT NULL, version INTEGER NOT NULL)")
        con.execute(
            "CREATE TABLE schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        con.execute("INSERT INTO schema_version VALUES (?, 0)", [APPLICATION])
        con.execute("COMMIT")
        version = 0
    for number, name, statements in MIGRATIONS:
        if number <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [number, name, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
            con.execute("UPDATE schema_version SET version = ?", [number])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(
                f"{path}: migration {name} failed ({exc}); the store is left at {version}"
            ) from None
        version = number
        applied.append(name)
    return applied
