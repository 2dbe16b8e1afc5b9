"""Faults of the store found in review: a stale search index after a crash, a download attempt
for a foreign file, corruption told as a lock, verbatim copies from another outlet lost."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from corpusgen import as_articles, generate
from fake_executor import FakeExecutor

from framelens.config import load_settings
from framelens.corpus import ingest_articles, load_corpus_params
from framelens.corpus.ingest import IngestSummary, copy_id
from framelens.errors import StoreError
from framelens.models import Article
from framelens.store import Store, open_store
from framelens.store.duck import describe_error

PARAMS = load_corpus_params().replace(commit_every=3)
SETTINGS = load_settings(tone=False)


class Killed(BaseException):
    """Stands for SIGKILL right after a commit: nothing after it runs."""


def _ingest(store: Store, articles: list[Article], **kwargs: object) -> int:
    summary = ingest_articles(articles, store, SETTINGS, PARAMS, executor=FakeExecutor(), **kwargs)  # type: ignore[arg-type]
    return summary.stored


def test_a_crash_after_the_last_commit_leaves_no_stale_search(tmp_path: Path) -> None:
    rows = generate(per_event=3, events=4)
    word = "Ostrelia"
    first, second = as_articles(rows[:5]), as_articles(rows[5:])
    with open_store(tmp_path / "s.duckdb") as store:
        assert _ingest(store, first) == 5
        before = {r["id"] for r in store.search(word, limit=100)}

        def kill_after_the_last(summary: IngestSummary) -> None:
            if summary.stored == len(second):
                raise Killed

        with pytest.raises(Killed):
            _ingest(store, second, on_commit=kill_after_the_last)
        assert store.count("articles") == len(rows)  # everything was committed, nothing indexed
        assert store.text_index_stale()
        # the rerun stores nothing, and rebuilds the index all the same
        assert _ingest(store, second) == 0
        assert not store.text_index_stale()
        found = {r["id"] for r in store.search(word, limit=100)}
        store.index_text()
        assert found == {r["id"] for r in store.search(word, limit=100)}
    assert found > before


def test_a_rerun_that_stores_nothing_still_rebuilds_a_stale_index(tmp_path: Path) -> None:
    articles = as_articles(generate(per_event=1, events=3))
    with open_store(tmp_path / "s.duckdb") as store:
        _ingest(store, articles, index_text=False)  # as if killed before indexing
        assert store.text_index_stale() and store.search("Ostrelia") == []
        assert _ingest(store, articles) == 0
        assert store.search("Ostrelia") != []


def test_an_sqlite_file_is_refused_in_one_line_without_any_download(tmp_path: Path) -> None:
    path = tmp_path / "corpus.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE articles (id TEXT)")
    con.commit()
    con.close()
    for read_only in (True, False):
        with pytest.raises(StoreError) as caught:
            open_store(path, read_only=read_only)
        message = str(caught.value)
        assert message == f"{path} is not a framelens store (not a DuckDB database); give another --db"
    # DuckDB would fetch sqlite_scanner into its home extension folder: nothing was installed
    assert not list(Path.home().glob(".duckdb/extensions/*/*/sqlite_scanner*"))


def test_the_cli_refuses_an_sqlite_store_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "corpus.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    done = subprocess.run(
        [sys.executable, "-m", "framelens", "export", "--db", str(path), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .endswith("not a framelens store (not a DuckDB database); give another --db")
    )
    assert "Traceback" not in done.stderr and "sqlite_scanner" not in done.stderr


def _corrupt_copy(good: Path, bad: Path) -> None:
    """A copy of ``good`` whose every block after the header has bytes flipped."""
    data = bytearray(good.read_bytes())
    for offset in range(3 * 4096 + 100, len(data), 509):
        data[offset] ^= 0xFF
    bad.write_bytes(bytes(data))


def test_a_corrupt_store_is_reported_as_corrupt_not_in_use(tmp_path: Path) -> None:
    good = tmp_path / "good.duckdb"
    with open_store(good) as store:
        _ingest(store, as_articles(generate(per_event=2, events=3)))
    bad = tmp_path / "bad.duckdb"
    _corrupt_copy(good, bad)
    for read_only in (True, False):
        with pytest.raises(StoreError) as caught:
            open_store(bad, read_only=read_only)
        message = str(caught.value)
        assert "corrupt" in message and "in use" not in message, message
        assert "\n" not in message


def test_duckdb_checksum_errors_are_not_lock_conflicts() -> None:
    checksum = OSError(
        "IO Error: Corrupt database file: computed checksum 1 does not match stored checksum 2 "
        "in block at location 536576"
    )
    assert "corrupt" in describe_error("x.duckdb", checksum)
    lock = OSError(
        'IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held in python (PID 7)'
    )
    assert "in use by another framelens process" in describe_error("x.duckdb", lock)


def test_a_verbatim_copy_from_another_outlet_is_stored_and_linked() -> None:
    rows = generate(per_event=1, events=2)
    original = as_articles(rows)[0]
    copy = dataclasses.replace(original, source="b.txt", outlet="Outlet B", url="https://b.example/story")
    again = dataclasses.replace(original, source="again.txt")  # same outlet and URL: the same article
    with Store(":memory:") as store:
        summary = ingest_articles(as_articles(rows), store, SETTINGS, PARAMS, executor=FakeExecutor())
        assert summary.stored == 2
        summary = ingest_articles([copy, again], store, SETTINGS, PARAMS, executor=FakeExecutor())
        assert (summary.stored, summary.duplicates, summary.skipped) == (1, 1, 1)
        new_id = copy_id(original.id, ("Outlet B", "https://b.example/story"))
        assert store.originals() == {new_id: original.id}
        stored = store.articles([new_id])[0]
        assert (stored.outlet, stored.url, stored.text) == (
            "Outlet B",
            "https://b.example/story",
            original.text,
        )
        assert store.check() == []
        # idempotent: the copy is not stored twice
        summary = ingest_articles([copy, original], store, SETTINGS, PARAMS, executor=FakeExecutor())
        assert (summary.stored, summary.skipped) == (0, 2)
        by_outlet = dict(store._q("SELECT outlet, count(*) FROM articles GROUP BY outlet"))
        assert by_outlet["Outlet B"] == 1


def test_copies_in_one_run_link_to_the_first() -> None:
    base = as_articles(generate(per_event=1, events=1))[0]
    copies = [dataclasses.replace(base, outlet=f"Outlet {c}", url=None) for c in "BC"]
    with Store(":memory:") as store:
        summary = ingest_articles(
            [base, *copies, copies[0]], store, SETTINGS, PARAMS, executor=FakeExecutor()
        )
        assert (summary.stored, summary.duplicates, summary.skipped) == (3, 2, 1)
        assert set(store.originals().values()) == {base.id}
