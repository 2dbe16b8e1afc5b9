"""The DuckDB store: articles, their analyses, near-duplicate links, embeddings and stories.

One writer at a time (DuckDB locks the file): the ingest driver, the story clusterer.
Readers (the web app, ``compare --story``, exports) open it read-only.  Every write of
an article happens in one transaction with all of its result rows, so after a crash an
``articles`` row exists only together with its ``analyses`` row and every result row that
row counts (``check`` verifies exactly this).  ``Store(":memory:")`` is the in-memory twin
that tests use: the same SQL, nothing on disk.

Values never enter SQL text: scalars are bound parameters and batches are Arrow tables
registered under a fixed name and inserted ``BY NAME``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from framelens.errors import StoreError
from framelens.models import Analysis, Article
from framelens.store.codec import Row, analysis_from_rows, article_from_row, article_row, result_rows
from framelens.store.schema import RESULT_TABLES, STORE_VERSION, TABLES, arrow_schema, migrate, stored_version

log = logging.getLogger(__name__)

MEMORY = ":memory:"
_BATCH_VIEW = "_framelens_batch"
#: the ``store_state`` entry saying whether the full-text index covers every article
_FTS, _STALE, _FRESH = "fts", "stale", "fresh"


def members_key(article_ids: Iterable[str]) -> str:
    """The fingerprint of a set of article ids (order does not matter)."""
    digest = hashlib.sha256("\n".join(sorted(article_ids)).encode("utf-8"))
    return digest.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What the writer stores for one article: its analysis and, when found, its original."""

    analysis: Analysis
    signature: Sequence[int] | None = None
    duplicate_of: str | None = None
    similarity: float | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


#: DuckDB may install and load extensions on its own (an SQLite file given as a store made
#: it fetch ``sqlite_scanner`` over HTTP); framelens downloads nothing at run time, so every
#: connection has both off, and the one extension it uses (fts) is loaded from a wheel
CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
#: seconds a connection waits for another process's lock on the file before giving up
LOCK_WAIT_S = 30.0
#: seconds between two tries to take a locked file
_LOCK_POLL_S = 0.02


def is_lock_conflict(exc: BaseException) -> bool:
    """Whether DuckDB refused a file because another process holds its lock.

    Matched on DuckDB's own phrase: a checksum error says "in block at location", which a
    bare "lock" also matches, and corruption must not be reported as a busy store.
    """
    text = str(exc)
    return "Could not set lock on file" in text or "Conflicting lock is held" in text


def describe_error(path: str, exc: BaseException) -> str:
    """One line saying what is wrong with the store at ``path``, from DuckDB's error."""
    text = str(exc)
    first = text.splitlines()[0] if text else type(exc).__name__
    if "not a valid DuckDB database" in text or "sqlite_scanner" in text:
        return f"{path} is not a framelens store (not a DuckDB database); give another --db"
    if is_lock_conflict(exc):
        return f"{path} is in use by another framelens process; wait for it to finish"
    if "Corrupt database file" in text or "checksum" in text:
        return (
            f"{path} is corrupt ({first.removeprefix('IO Error: ')}); restore it from a copy or "
            "export what still reads and ingest again into a new store"
        )
    return f"{path} cannot be opened as a store: {first}"


def _connect(path: str, read_only: bool, lock_wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """A connection, or a StoreError that says what is wrong with ``path`` in one line.

    Another process's lock is waited for up to ``lock_wait`` seconds: writers and the web
    server hold the file only for short spells, so a busy file is usually free soon.
    """
    if path != MEMORY:
        file = Path(path)
        if file.is_dir():
            raise StoreError(f"{path} is a folder; give a file path for --db, e.g. corpus.duckdb")
        if read_only and not file.exists():
            raise StoreError(f"no store at {path}; create one with `framelens ingest PATH... --db {path}`")
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            return duckdb.connect(path, read_only=read_only and path != MEMORY, config=CONFIG)
        except duckdb.Error as exc:
            if is_lock_conflict(exc) and time.monotonic() < deadline:
                time.sleep(_LOCK_POLL_S)
                continue
            raise StoreError(describe_error(path, exc)) from None


class Store:
    """A framelens corpus store in one DuckDB file (or in memory).

    Opening for writing creates or migrates the schema; opening read-only refuses a store
    that is older than the code (it would need a migration, which is a write).
    """

    def __init__(
        self,
        path: str | Path = MEMORY,
        *,
        read_only: bool = False,
        lock_wait: float = 0.0,
        connection: duckdb.DuckDBPyConnection | None = None,
    ) -> None:
        """``lock_wait``: seconds to wait for another process's lock, now and on each reopen.

        ``connection``: read through this open connection (one of the web server's) instead
        of opening one; it is the caller's to close, and no schema check is made again.
        """
        self.path = str(path)
        self.read_only = read_only or connection is not None
        self.lock_wait = lock_wait
        self._owned = connection is None
        self._conn: duckdb.DuckDBPyConnection | None = connection
        # DuckDB connections are not safe to share between threads without a cursor each;
        # the lock keeps the few multi-statement operations atomic for a threaded reader
        self._lock = threading.RLock()
        self._in_transaction = False
        if connection is not None:
            return
        self._conn = _connect(self.path, self.read_only, lock_wait)
        try:
            if self.read_only:
                version = stored_version(self._conn, self.path)
                if version is None:
                    raise StoreError(f"{self.path} is an empty DuckDB database, not a framelens store")
                if version < STORE_VERSION:
                    raise StoreError(
                        f"{self.path} is at store schema version {version}; open it once for writing "
                        f"(e.g. `framelens stories --db {self.path}`) to migrate it to {STORE_VERSION}"
                    )
            else:
                for name in migrate(self._conn, self.path):
                    log.info("%s: applied migration %s", self.path, name)
        except duckdb.Error as exc:
            self._conn.close()
            raise StoreError(describe_error(self.path, exc)) from None
        except BaseException:
            self._conn.close()
            raise

    # --- life cycle -------------------------------------------------------------------

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        """The open connection, reopened (waiting for the lock) after ``release``."""
        if self._conn is None:
            self._conn = _connect(self.path, self.read_only, self.lock_wait)
            log.debug("%s: reopened", self.path)
        return self._conn

    def release(self) -> None:
        """Close the file until the next use, so that another process can take it meanwhile.

        A writer calls this between its batches (the analysis in between takes seconds),
        which is what lets ``serve`` keep reading the same store during an ingest.  An
        in-memory store, or one read through a borrowed connection, stays as it is.
        """
        with self._lock:
            if self._conn is None or not self._owned or self.path == MEMORY or self._in_transaction:
                return
            if not self.read_only:
                # everything into the main file now, so a reader that opens next replays no log
                self._conn.execute("CHECKPOINT")
            self._conn.close()
            self._conn = None
            log.debug("%s: released", self.path)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._owned:
                self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one thread of a reader, sharing this database."""
        return self._con.cursor()

    @property
    def version(self) -> int:
        version = stored_version(self._con, self.path)
        return version or 0

    def migrations(self) -> list[tuple[int, str]]:
        return [
            (int(v), str(n)) for v, n in self._q("SELECT version, name FROM schema_migrations ORDER BY 1")
        ]

    # --- small helpers ----------------------------------------------------------------

    def _q(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, params or []).fetchall()

    def _dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[Row]:
        with self._lock:
            table = self._con.execute(sql, params or []).fetch_arrow_table()
        return table.to_pylist()

    def _insert(self, table: str, rows: list[Row]) -> None:
        if not rows:
            return
        schema = arrow_schema(table)
        batch = pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema=schema)
        self._con.register(_BATCH_VIEW, batch)
        try:
            self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {_BATCH_VIEW}")
        finally:
            self._con.unregister(_BATCH_VIEW)

    def _writing(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")

    def _transaction(self, work: Any, what: str) -> None:
        """Run ``work()`` in one transaction: all of it is stored, or none."""
        self._writing()
        with self._lock:
            self._con.execute("BEGIN TRANSACTION")
            self._in_transaction = True
            try:
                work()
                self._con.execute("COMMIT")
            except duckdb.Error as exc:
                self._con.execute("ROLLBACK")
                raise StoreError(f"{self.path}: {what} failed and was rolled back: {exc}") from None
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            finally:
                self._in_transaction = False

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        row = self._q(f"SELECT count(*) FROM {table}")[0]
        return int(row[0])

    # --- articles and analyses ------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` that are stored already."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self._q("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted])
        return {r[0] for r in rows}

    def origins(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """Those of ``ids`` that are stored already, each with its (outlet, url)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        rows = self._q(
            "SELECT id, outlet, url FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def put(self, items: Sequence[StoredArticle]) -> None:
        """Store articles with their analyses, signatures and duplicate links in one transaction."""
        if not items:
            return
        now = _now()

        def work() -> None:
            seq = int(self._con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchall()[0][0])
            tables: dict[str, list[Row]] = defaultdict(list)
            for i, item in enumerate(items, start=1):
                article = item.analysis.article
                tables["articles"].append({**article_row(article), "seq": seq + i, "ingested_at": now})
                for table, rows in result_rows(item.analysis).items():
                    tables[table].extend(rows)
                if item.signature is not None:
                    tables["minhashes"].append({"article_id": article.id, "signature": list(item.signature)})
                if item.duplicate_of is not None:
                    tables["duplicates"].append(
                        {
                            "article_id": article.id,
                            "original_id": item.duplicate_of,
                            "similarity": float(item.similarity or 0.0),
                        }
                    )
            for table in ("articles", "analyses", *RESULT_TABLES, "minhashes", "duplicates"):
                self._insert(table, tables[table])
            # in the same transaction: a crash after this commit and before the index is
            # rebuilt leaves the mark, and the next run rebuilds it (see ``text_index_stale``)
            self._set_state(_FTS, _STALE)

        self._transaction(work, f"storing {len(items)} article(s)")

    def articles(self, ids: Sequence[str]) -> list[Article]:
        """The stored articles of ``ids``, in that order (ids not stored are left out)."""
        rows = self._dicts("SELECT * FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)])
        by_id = {r["id"]: article_from_row(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def analyses(self, ids: Sequence[str]) -> list[Analysis]:
        """The stored analyses of ``ids``, in that order, equal to those that were stored."""
        ids = list(dict.fromkeys(ids))
        articles = {a.id: a for a in self.articles(ids)}
        param = [list(articles)]
        metas = {
            r["article_id"]: r
            for r in self._dicts(
                "SELECT * FROM analyses WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", param
            )
        }
        per: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
        for table in RESULT_TABLES:
            for row in self._dicts(
                f"SELECT * FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", param
            ):
                per[row["article_id"]][table].append(row)
        return [
            analysis_from_rows(articles[i], metas[i], per[i]) for i in ids if i in articles and i in metas
        ]

    def analysis(self, article_id: str) -> Analysis | None:
        found = self.analyses([article_id])
        return found[0] if found else None

    def article_ids(self) -> list[str]:
        """Every stored article id, in ingest order."""
        return [r[0] for r in self._q("SELECT id FROM articles ORDER BY seq")]

    def check(self) -> list[str]:
        """Problems that would mean a half-stored article; an empty list when the store is consistent.

        Each article must have its ``analyses`` row, each ``analyses`` row its article, and
        each result table exactly the rows the ``counts`` of the analyses row promise.
        """
        problems = [
            f"article {r[0]} has no analyses row"
            for r in self._q("SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM analyses)")
        ]
        problems += [
            f"analyses row {r[0]} has no article"
            for r in self._q(
                "SELECT article_id FROM analyses WHERE article_id NOT IN (SELECT id FROM articles)"
            )
        ]
        promised: dict[str, dict[str, int]] = {
            r[0]: json.loads(r[1]) for r in self._q("SELECT article_id, counts FROM analyses")
        }
        for table in RESULT_TABLES:
            actual = dict(self._q(f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"))
            for aid, counts in promised.items():
                have, want = int(actual.get(aid, 0)), int(counts.get(table, 0))
                if have != want:
                    problems.append(f"article {aid}: {table} has {have} rows, {want} expected")
            problems += [f"{table} rows of unknown article {aid}" for aid in set(actual) - set(promised)]
        return problems

    # --- near-duplicates --------------------------------------------------------------

    def signatures(self) -> Iterator[tuple[str, list[int]]]:
        """Every stored MinHash signature in ingest order (to rebuild the LSH index a run adds to)."""
        with self._lock:
            cur = self._con.cursor()
        reader = cur.execute(
            "SELECT m.article_id, m.signature FROM minhashes m JOIN articles a ON a.id = m.article_id "
            "ORDER BY a.seq"
        ).fetch_record_batch()
        for batch in reader:
            yield from zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True)

    def originals(self, ids: Sequence[str] | None = None) -> dict[str, str]:
        """Near-duplicate -> its original, for ``ids`` (or all)."""
        if ids is None:
            return dict(self._q("SELECT article_id, original_id FROM duplicates"))
        sql = (
            "SELECT article_id, original_id FROM duplicates WHERE article_id IN (SELECT unnest(?::VARCHAR[]))"
        )
        return dict(self._q(sql, [list(ids)]))

    # --- embeddings and stories -------------------------------------------------------

    def unclustered(self, lead_chars: int) -> list[Row]:
        """Articles in no story yet, oldest first (undated last), with title, lead and original."""
        return self._dicts(
            "SELECT a.id, a.title, substr(a.text, 1, ?) AS lead, a.published, a.published_at, a.seq, "
            "d.original_id "
            "FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id "
            "WHERE a.id NOT IN (SELECT article_id FROM story_members) "
            "ORDER BY a.published_at NULLS LAST, a.seq",
            [lead_chars],
        )

    def top_actors(self, ids: Sequence[str], k: int) -> dict[str, list[str]]:
        """The ``k`` most salient actor names of each article, most salient first."""
        rows = self._q(
            "SELECT article_id, name FROM actors WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY salience DESC, ord) <= ? "
            "ORDER BY article_id, salience DESC, ord",
            [list(ids), k],
        )
        out: dict[str, list[str]] = defaultdict(list)
        for aid, name in rows:
            out[aid].append(name)
        return dict(out)

    def embeddings(self, ids: Sequence[str], model: str) -> dict[str, np.ndarray]:
        rows = self._dicts(
            "SELECT article_id, vector FROM embeddings WHERE model = ? "
            "AND article_id IN (SELECT unnest(?::VARCHAR[]))",
            [model, list(ids)],
        )
        return {r["article_id"]: np.asarray(r["vector"], dtype=np.float32) for r in rows}

    def put_embeddings(self, vectors: Mapping[str, np.ndarray], model: str) -> None:
        rows = [
            {"article_id": a, "model": model, "vector": v.astype(np.float32).tolist()}
            for a, v in vectors.items()
        ]

        def work() -> None:
            self._con.execute(
                "DELETE FROM embeddings WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [list(vectors)]
            )
            self._insert("embeddings", rows)

        self._transaction(work, f"storing {len(rows)} embedding(s)")

    def stories_between(self, start: dt.datetime | None, end: dt.datetime | None) -> list[Row]:
        """Stories whose time range meets [start, end] (all when either bound is None)."""
        if start is None or end is None:
            return self._dicts("SELECT * FROM stories ORDER BY id")
        return self._dicts(
            "SELECT * FROM stories WHERE first_at IS NULL OR (last_at >= ? AND first_at <= ?) ORDER BY id",
            [start, end],
        )

    def next_story_id(self) -> int:
        return int(self._q("SELECT coalesce(max(id), 0) + 1 FROM stories")[0][0])

    def save_stories(self, stories: Sequence[Row], members: Sequence[Row]) -> None:
        """Write changed stories (replacing their rows) and new members in one transaction.

        The stored reports of the changed stories, and of those the new members join, are
        deleted in it: a report never outlives the members it was computed from.
        """
        now = _now()

        def work() -> None:
            ids = [int(s["id"]) for s in stories]
            touched = sorted({*ids, *(int(m["story_id"]) for m in members)})
            self._con.execute(
                "DELETE FROM story_reports WHERE story_id IN (SELECT unnest(?::BIGINT[]))", [touched]
            )
            self._con.execute("DELETE FROM stories WHERE id IN (SELECT unnest(?::BIGINT[]))", [ids])
            self._insert("stories", [{**s, "updated_at": now} for s in stories])
            self._insert("story_members", [{**m, "joined_at": now} for m in members])

        self._transaction(work, f"storing {len(stories)} stories")

    def story_list(self, limit: int = 50, offset: int = 0) -> list[Row]:
        """Stories by size (largest first), then latest; bounded, for listings."""
        return self._dicts(
            "SELECT id, size, first_at, last_at, title FROM stories "
            "ORDER BY size DESC, last_at DESC NULLS LAST, id LIMIT ? OFFSET ?",
            [max(0, limit), max(0, offset)],
        )

    def story_members(self, story_id: int) -> list[Row]:
        """A story's members in time order; ``duplicate_of`` names a near-duplicate's original."""
        return self._dicts(
            "SELECT m.article_id, m.duplicate_of, m.score, a.published_at, a.outlet, a.title "
            "FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? "
            "ORDER BY a.published_at NULLS LAST, a.seq",
            [story_id],
        )

    def story_of(self, article_id: str) -> int | None:
        rows = self._q("SELECT story_id FROM story_members WHERE article_id = ?", [article_id])
        return int(rows[0][0]) if rows else None

    def has_story(self, story_id: int) -> bool:
        return bool(self._q("SELECT count(*) FROM stories WHERE id = ?", [story_id])[0][0])

    # --- stored story reports -----------------------------------------------------------

    def members_key(self, story_id: int) -> str:
        """A fingerprint of a story's members: a stored report is valid for exactly these."""
        ids = sorted(
            r[0] for r in self._q("SELECT article_id FROM story_members WHERE story_id = ?", [story_id])
        )
        return members_key(ids)

    def stories_without_report(self, max_articles: int | None = None) -> list[int]:
        """Stories that have no stored report (largest first), of at most ``max_articles`` originals."""
        rows = self._q(
            "SELECT s.id FROM stories s LEFT JOIN story_members m ON m.story_id = s.id "
            "AND m.duplicate_of IS NULL WHERE s.id NOT IN (SELECT story_id FROM story_reports) "
            "GROUP BY s.id, s.size HAVING ? IS NULL OR count(m.article_id) <= ? ORDER BY s.size DESC, s.id",
            [max_articles, max_articles],
        )
        return [int(r[0]) for r in rows]

    def put_story_report(self, story_id: int, members: str, report: str) -> bool:
        """Store a story's report JSON, computed from the members ``members`` fingerprints.

        Nothing is stored (False) when the story changed meanwhile (the writer lets go of the
        file while it computes, and another run may have placed articles in between).
        """
        stored = False

        def work() -> None:
            nonlocal stored
            if self.members_key(story_id) != members:
                return
            self._con.execute("DELETE FROM story_reports WHERE story_id = ?", [story_id])
            self._con.execute(
                "INSERT INTO story_reports VALUES (?, ?, ?, ?)", [story_id, members, report, _now()]
            )
            stored = True

        self._transaction(work, f"storing the report of story {story_id}")
        return stored

    def story_report(self, story_id: int) -> Row | None:
        """The stored report row (``members``, ``report`` JSON text, ``built_at``) of a story, if any."""
        rows = self._dicts(
            "SELECT members, report, built_at FROM story_reports WHERE story_id = ?", [story_id]
        )
        return rows[0] if rows else None

    # --- what `watch` fetched -------------------------------------------------------------

    def fetched_keys(self) -> set[str]:
        """Every URL (normalised) and canonical URL `watch` recorded: never fetched again."""
        rows = self._q("SELECT url FROM fetched_urls UNION SELECT canonical FROM fetched_urls")
        return {r[0] for r in rows if r[0]}

    def record_fetched(self, rows: Sequence[Row]) -> None:
        """Record fetched URLs (``url``, ``canonical``, ``status``, ``problem``, ``article_id``)."""
        if not rows:
            return
        now = _now()

        def work() -> None:
            urls = [r["url"] for r in rows]
            self._con.execute("DELETE FROM fetched_urls WHERE url IN (SELECT unnest(?::VARCHAR[]))", [urls])
            self._insert("fetched_urls", [{**r, "fetched_at": now} for r in rows])

        self._transaction(work, f"recording {len(rows)} fetched URL(s)")

    def feed_validators(self) -> dict[str, tuple[str | None, str | None]]:
        """Feed URL -> (ETag, Last-Modified) of its last answer."""
        return {r[0]: (r[1], r[2]) for r in self._q("SELECT url, etag, last_modified FROM feeds")}

    def save_feed_validators(self, validators: Mapping[str, tuple[str | None, str | None]]) -> None:
        now = _now()
        rows = [
            {"url": u, "etag": e, "last_modified": m, "checked_at": now} for u, (e, m) in validators.items()
        ]

        def work() -> None:
            self._con.execute(
                "DELETE FROM feeds WHERE url IN (SELECT unnest(?::VARCHAR[]))", [list(validators)]
            )
            self._insert("feeds", rows)

        if rows:
            self._transaction(work, f"recording {len(rows)} feed(s)")

    # --- small facts about the store ------------------------------------------------------

    def _set_state(self, name: str, value: str) -> None:
        self._con.execute("INSERT OR REPLACE INTO store_state VALUES (?, ?)", [name, value])

    def state(self, name: str) -> str | None:
        rows = self._q("SELECT value FROM store_state WHERE name = ?", [name])
        return str(rows[0][0]) if rows else None

    def text_index_stale(self) -> bool:
        """Whether articles were committed after the full-text index was last (fully) built."""
        if self.state(_FTS) == _STALE:
            return True
        if not self.count("articles"):
            return False
        found = self._q(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'fts_main_articles'"
        )
        return not found[0][0]

    # --- search (the offline DuckDB full-text search extension) ------------------------

    def index_text(self) -> None:
        """(Re)build the full-text index over article titles and texts (a write)."""
        from framelens.store.fts import load_fts

        self._writing()
        with self._lock:
            load_fts(self._con)
            self._con.execute("PRAGMA create_fts_index('articles', 'id', 'title', 'text', overwrite=1)")
            self._set_state(_FTS, _FRESH)

    def search(self, query: str, limit: int = 20) -> list[Row]:
        """Articles matching ``query`` by BM25, best first; empty when no index was built."""
        from framelens.store.fts import load_fts

        with self._lock:
            load_fts(self._con)
            indexed = self._con.execute(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'fts_main_articles'"
            ).fetchall()[0][0]
        if not indexed:
            return []
        return self._dicts(
            "SELECT id, title, outlet, published, score FROM "
            "(SELECT *, fts_main_articles.match_bm25(id, ?) AS score FROM articles) "
            "WHERE score IS NOT NULL ORDER BY score DESC, id LIMIT ?",
            [query, max(1, min(limit, 1000))],
        )


def open_store(path: str | Path, *, read_only: bool = False, lock_wait: float = 0.0) -> Store:
    """Open (creating or migrating when writable) the store at ``path``; StoreError says what is wrong.

    ``lock_wait``: seconds to wait while another process (a web server between two
    requests, another writer) holds the file.
    """
    return Store(path, read_only=read_only, lock_wait=lock_wait)
