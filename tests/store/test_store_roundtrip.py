"""The store keeps analyses exactly, writes each batch atomically and refuses foreign files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from framelens.comparison import Comparison
from framelens.errors import StoreError
from framelens.models import Analysis, Article, article_id
from framelens.store import STORE_VERSION, TABLES, Store, StoredArticle, open_store
from framelens.store.codec import published_time


def _article(text: str, **meta: object) -> Article:
    return Article(id=article_id(text), source=f"{article_id(text)}.txt", text=text, **meta)  # type: ignore[arg-type]


def test_analyses_round_trip_exactly(fictional_comparison: Comparison) -> None:
    analyses = list(fictional_comparison.analyses)
    assert any(a.tones for a in analyses) and any(a.quotes for a in analyses)
    with Store(":memory:") as store:
        store.put([StoredArticle(a) for a in analyses])
        back = store.analyses([a.article.id for a in reversed(analyses)])
        assert back == list(reversed(analyses))
        assert store.check() == []
        # every mention, the headline's ("field" title) too
        assert store.count("mentions") == sum(len(actor.mentions) for a in analyses for actor in a.actors)
        assert store.analysis("0000000000000000") is None


def test_store_on_disk_reopens_with_same_content(tmp_path: Path, fictional_comparison: Comparison) -> None:
    path = tmp_path / "c.duckdb"
    analyses = list(fictional_comparison.analyses)
    with open_store(path) as store:
        store.put([StoredArticle(a) for a in analyses])
    with open_store(path, read_only=True) as store:
        assert store.version == STORE_VERSION
        assert store.migrations() == [
            (1, "0001_initial"),
            (2, "0002_label_polarity_mention_tone"),
            (3, "0003_tone_portrayal"),
            (4, "0004_label_polarity_reason"),
            (5, "0005_story_reports_store_state"),
            (6, "0006_story_last_end"),
            (7, "0007_quote_cue_source"),
            (8, "0008_headline_field"),
            (9, "0009_actor_type_reason"),
            (10, "0010_fetched_urls_feeds"),
        ]
        assert store.analyses([a.article.id for a in analyses]) == analyses
        with pytest.raises(StoreError, match="read-only"):
            store.put([StoredArticle(analyses[0])])


def test_a_failed_batch_stores_nothing() -> None:
    first = Analysis(article=_article("The first article of the batch, long enough to be stored."))
    second = Analysis(article=_article("The second article, which the batch gives twice by mistake."))
    with Store(":memory:") as store:
        store.put([StoredArticle(first)])
        with pytest.raises(StoreError, match="rolled back"):
            store.put([StoredArticle(second), StoredArticle(first)])  # first again: primary key
        assert store.article_ids() == [first.article.id]
        assert store.check() == []


def test_check_reports_a_half_stored_article() -> None:
    analysis = Analysis(article=_article("An article whose result rows a bad writer would lose."))
    with Store(":memory:") as store:
        store.put([StoredArticle(analysis)])
        store._con.execute("UPDATE analyses SET counts = ?", ['{"actors": 2}'])
        assert store.check() == [f"article {analysis.article.id}: actors has 0 rows, 2 expected"]
        store._con.execute("DELETE FROM analyses")
        assert f"article {analysis.article.id} has no analyses row" in store.check()


def test_live_tables_match_the_declared_columns() -> None:
    with Store(":memory:") as store:
        for table, columns in TABLES.items():
            live = [r[0] for r in store._con.execute(f"DESCRIBE {table}").fetchall()]
            assert live == [c.name for c in columns], table


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2031-05-04", "2031-05-04T00:00:00"),
        ("2031-05", "2031-05-01T00:00:00"),
        ("2031", "2031-01-01T00:00:00"),
        ("2031-05-04T10:30:00+02:00", "2031-05-04T08:30:00"),
        ("last Tuesday", None),
        (None, None),
    ],
)
def test_published_time(published: str | None, expected: str | None) -> None:
    value = published_time(published)
    assert (value.isoformat() if value else None) == expected


# --- files that are not a framelens store -------------------------------------------------


def test_not_a_duckdb_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("not a database\n" * 100)
    with pytest.raises(StoreError, match=r"notes.duckdb is not a framelens store \(not a DuckDB database\)"):
        open_store(path)


def test_foreign_duckdb_database(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (id INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="is a DuckDB database but not a framelens store"):
        open_store(path)


def test_store_newer_than_the_code(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_version SET version = ?", [STORE_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match=rf"schema version {STORE_VERSION + 1}, newer than this framelens"):
        open_store(path)


def test_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "absent.duckdb", read_only=True)
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_full_text_search_loads_offline() -> None:
    texts = [
        "The harbour authority closed the port after the storm damaged two cranes.",
        "Farmers in the valley said the drought had cut the wheat harvest by half.",
    ]
    with Store(":memory:") as store:
        assert store.search("harbour") == []  # no index yet
        store.put(
            [StoredArticle(Analysis(article=_article(t, title=f"Title {i}"))) for i, t in enumerate(texts)]
        )
        store.index_text()
        hits = store.search("cranes storm")
        assert [h["id"] for h in hits] == [article_id(texts[0])]
