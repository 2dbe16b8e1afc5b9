"""Ingest into a store: idempotent, near-duplicates linked to their original, failures reported.

A fake executor (an Analysis with no stages run) keeps these tests free of models; the
CLI tests run the real pipeline.
"""

from __future__ import annotations

from corpusgen import as_articles, generate, syndicated_copy
from fake_executor import FakeExecutor

from framelens.config import load_settings
from framelens.corpus import DuplicateIndex, DuplicateParams, ingest_articles, load_corpus_params
from framelens.corpus.dedupe import shingles
from framelens.models import Article, Failure, article_id
from framelens.store import Store

PARAMS = load_corpus_params().replace(commit_every=5)
SETTINGS = load_settings(tone=False)


def test_shingles_fold_case_and_punctuation() -> None:
    assert shingles("The  cat, sat on THE mat.", 3) == {
        "the cat sat",
        "cat sat on",
        "sat on the",
        "on the mat",
    }
    assert shingles("Too short", 5) == {"too short"}
    assert shingles("", 5) == set()


def test_duplicate_index_links_copies_to_the_root() -> None:
    rows = generate(per_event=1)
    original = rows[0]
    copy = syndicated_copy(original, "Metro Daily")
    copy_of_copy = syndicated_copy(copy, "River Gazette")
    index = DuplicateIndex(DuplicateParams())
    first = index.signature(original["text"])
    assert index.find(first) is None
    index.add("orig", first)
    second = index.signature(copy["text"])
    match = index.find(second)
    assert match is not None and match.original_id == "orig" and 0.8 <= match.similarity < 1
    index.add("copy", second, match.original_id)
    third = index.find(index.signature(copy_of_copy["text"]))
    assert third is not None and third.original_id == "orig"
    # a different event is not a duplicate
    assert index.find(index.signature(rows[1]["text"])) is None


def test_ingest_is_idempotent_and_links_near_duplicates() -> None:
    rows = generate(per_event=2)
    copy = syndicated_copy(rows[0], "Metro Daily")
    articles = as_articles([*rows, rows[3]])  # rows[3] given twice
    with Store(":memory:") as store:
        fake = FakeExecutor()
        summary = ingest_articles(articles, store, SETTINGS, PARAMS, executor=fake)
        assert summary.stored == len(rows) and summary.skipped == 1 and summary.duplicates == 0
        assert summary.commits == -(-len(rows) // 5)
        assert store.check() == []
        # a second run over the same input plus one syndicated copy analyses only the copy
        again = FakeExecutor()
        summary = ingest_articles(as_articles([*rows, copy]), store, SETTINGS, PARAMS, executor=again)
        assert again.seen == [article_id(copy["text"])]
        assert summary.stored == 1 and summary.skipped == len(rows) and summary.duplicates == 1
        assert store.originals() == {article_id(copy["text"]): article_id(rows[0]["text"])}
        assert store.count("articles") == len(rows) + 1


def test_failures_are_reported_and_the_batch_goes_on() -> None:
    rows = generate(per_event=1)
    failures: list[Failure] = []
    items: list[Article | Failure] = [Failure("missing.txt", "no such file or directory"), *as_articles(rows)]
    with Store(":memory:") as store:
        summary = ingest_articles(
            items,
            store,
            SETTINGS,
            PARAMS,
            executor=FakeExecutor(fail_on="Lenart"),
            on_failure=failures.append,
        )
        assert [f.source for f in failures] == ["missing.txt", "election-ostrelia-0"]
        assert summary.stored == len(rows) - 1
        assert store.check() == []
