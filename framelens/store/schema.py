"""The store's tables, its schema version and the named migrations that build it.

A migration is a name and a list of statements; ``migrate`` applies, in order, those the
``schema_migrations`` table does not list yet, each in its own transaction together with
its record, so a store is always at a version some migration left it at.  Never edit a
migration that has shipped: add the next one (and its columns to ``TABLES``).

``TABLES`` states each table's columns with their DuckDB and Arrow types: the DDL of the
first migration and the Arrow schemas the writer builds batches with come from it, so the
two cannot drift (a test checks the live tables against it too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from framelens.embed import DIMENSION
from framelens.errors import StoreError

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

_SPAN = (_c("start", "INTEGER NOT NULL"), _c("end", "INTEGER NOT NULL"))

#: table -> columns.  JSON-valued columns are VARCHAR holding JSON, so that Parquet and
#: every SQL client read them without an extension.
TABLES: dict[str, tuple[Column, ...]] = {
    "articles": (
        _c("id", "VARCHAR PRIMARY KEY"),
        _c("seq", "BIGINT NOT NULL"),
        _c("source", "VARCHAR NOT NULL"),
        _c("url", "VARCHAR"),
        _c("outlet", "VARCHAR"),
        _c("title", "VARCHAR"),
        _c("authors", "VARCHAR[]"),
        _c("published", "VARCHAR"),
        _c("published_at", "TIMESTAMP"),
        _c("language", "VARCHAR"),
        _c("text", "VARCHAR NOT NULL"),
        _c("paragraph_starts", "INTEGER[]"),
        _c("paragraph_ends", "INTEGER[]"),
        _c("removed", "VARCHAR"),
        _c("links", "VARCHAR"),
        _c("ingested_at", "TIMESTAMP NOT NULL"),
    ),
    # one row per analysed article: written in the same transaction as the article and
    # its results; ``counts`` (JSON, table -> rows) lets anyone check nothing is missing
    "analyses": (
        _c("article_id", "VARCHAR PRIMARY KEY"),
        _c("schema_version", "VARCHAR NOT NULL"),
        _c("provenance", "VARCHAR NOT NULL"),
        _c("sentence_starts", "INTEGER[]"),
        _c("sentence_ends", "INTEGER[]"),
        _c("counts", "VARCHAR NOT NULL"),
    ),
    "actors": (
        _c("article_id", "VARCHAR NOT NULL"),
        _c("ord", "INTEGER NOT NULL"),
        _c("actor_id", "VARCHAR NOT NULL"),
        _c("name", "VARCHAR NOT NULL"),
        _c("type", "VARCHAR NOT NULL"),
        _c("aliases", "VARCHAR[]"),
        _c("salience", "DOUBLE NOT NULL"),
        _c("first_position", "INTEGER NOT NULL"),
        _c("in_title", "BOOLEAN NOT NULL"),
        _c("in_lead", "BOOLEAN NOT NULL"),
    ),
    "mentions": (
        _c("article_id", "VARCHAR NOT NULL"),
        _c("actor_id", "VARCHAR NOT NULL"),
        _c("ord", "INTEGER NOT NULL"),
        *_SPAN,
        _c("kind", "VARCHAR NOT NULL"),
        _c("text", "VARCHAR NOT NULL"),
    ),
    "labels": (
        _c("article_id", "VARCHAR NOT NULL"),
        _c("ord", "INTEGER NOT NULL"),
        *_SPAN,
        _c("actor_id", "VARCHAR"),
        _c("head", "VARCHAR NOT NULL"),
        _c("kind", "VARCHAR NOT NULL"),
        _c("arguments", "VARCHAR NOT NULL"),
        _c("text", "VARCHAR NOT NULL"),
    ),
    "quotes": (
        _c("article_id", "VARCHAR NOT NULL"),
        _c("ord", "INTEGER NOT NULL"),
        *_SPAN,
        _c("kind", "VARCHAR NOT NULL"),
        _c("cue_start", "INTEGER"),
        _c("cue_end", "INTEGER"),
        _c("speaker_id", "VARCHAR"),
        _c("speaker_name", "VARCHAR"),
        _c("speaker_start", "INTEGER"),
        _c("speaker_end", "INTEGER"),
        _c("role", "VARCHAR"),
        _c("no_speaker_reason", "VARCHAR"),
        _c("text", "VARCHAR NOT NULL"),
    ),
    "quantities": (
        _c("article_id", "VARCHAR NOT NULL"),
        _c("ord", "INTEGER NOT NULL"),
        *_SPAN,
        _c("value", "DOUBLE"),
        _c("low", "DOUBLE"),
        _c("high", "DOUBLE"),
        _c("approx", "VARCHAR"),
        _c("counted", "VARCHAR"),
        _c("predicate", "VARCHAR"),
        _c("attribution", "VARCHAR"),
        _c("kind", "VARCHAR NOT NULL"),
        _c("place", "VARCHAR"),
        _c("time", "VARCHAR"),
        _c("text", "VARCHAR NOT NULL"),
    ),
    "tones": (
        _c("article_id", "VARCHAR NOT NULL"),
        _c("ord", "INTEGER NOT NULL"),
        _c("actor_id", "VARCHAR NOT NULL"),
        _c("label", "VARCHAR NOT NULL"),
        _c("score", "DOUBLE NOT NULL"),
        _c("p_negative", "DOUBLE NOT NULL"),
        _c("p_neutral", "DOUBLE NOT NULL"),
        _c("p_positive", "DOUBLE NOT NULL"),
        _c("sentences", "INTEGER NOT NULL"),
        _c("evidence", "VARCHAR NOT NULL"),
    ),
    "techniques": (
        _c("article_id", "VARCHAR NOT NULL"),
        _c("ord", "INTEGER NOT NULL"),
        *_SPAN,
        _c("name", "VARCHAR NOT NULL"),
        _c("score", "DOUBLE NOT NULL"),
        _c("cue", "VARCHAR NOT NULL"),
        _c("text", "VARCHAR NOT NULL"),
    ),
    "frames": (
        _c("article_id", "VARCHAR NOT NULL"),
        _c("ord", "INTEGER NOT NULL"),
        _c("name", "VARCHAR NOT NULL"),
        _c("score", "DOUBLE NOT NULL"),
        _c("method", "VARCHAR NOT NULL"),
        _c("evidence", "VARCHAR NOT NULL"),
    ),
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
    ),
    "story_members": (
        _c("story_id", "BIGINT NOT NULL"),
        _c("article_id", "VARCHAR PRIMARY KEY"),
        _c("score", "DOUBLE"),
        _c("duplicate_of", "VARCHAR"),
        _c("joined_at", "TIMESTAMP NOT NULL"),
    ),
}

#: the result tables of one article, in the order ``Store.check`` reports them
RESULT_TABLES = ("actors", "mentions", "labels", "quotes", "quantities", "tones", "techniques", "frames")


def _create(table: str) -> str:
    cols = ", ".join(f'"{c.name}" {c.sql}' for c in TABLES[table])
    return f"CREATE TABLE {table} ({cols})"


#: (version, name, statements), in order.  Version N is the store after migration N.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "0001_initial",
        (
            *(_create(t) for t in TABLES),
            "CREATE INDEX articles_seq ON articles(seq)",
            "CREATE INDEX story_members_story ON story_members(story_id)",
            "CREATE INDEX duplicates_original ON duplicates(original_id)",
            *(f"CREATE INDEX {t}_article ON {t}(article_id)" for t in RESULT_TABLES),
        ),
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
