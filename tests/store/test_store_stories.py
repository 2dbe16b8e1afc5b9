"""Stories: the streaming clusterer's rules on hand-made vectors, then incremental runs on a store."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from corpusgen import EVENTS, as_articles, generate, syndicated_copy
from test_store_ingest import SETTINGS, FakeExecutor

from framelens.config import load_settings
from framelens.corpus import (
    Item,
    StoryClusterer,
    StoryParams,
    cluster_store,
    ingest_articles,
    load_corpus_params,
)
from framelens.embed import DIMENSION
from framelens.models import Article, article_id
from framelens.store import Store, StoredArticle

PARAMS = StoryParams()


def _unit(*axes: float) -> np.ndarray:
    v = np.zeros(DIMENSION, dtype=np.float32)
    v[: len(axes)] = axes
    return v / np.linalg.norm(v)


def _item(name: str, vector: np.ndarray, day: int | None, actors: set[str] | None = None) -> Item:
    when = dt.datetime(2031, 3, 1) + dt.timedelta(days=day) if day is not None else None
    return Item(name, vector, when, frozenset(actors or ()), title=name)


def test_similar_article_joins_and_different_one_starts_a_story() -> None:
    c = StoryClusterer(PARAMS)
    first = c.add(_item("a", _unit(1, 0.1), 0, {"velka"}))
    same = c.add(_item("b", _unit(1, 0.2), 1, {"velka"}))
    other = c.add(_item("c", _unit(0, 1), 1, {"kroll"}))
    assert first.new and not same.new and other.new
    assert same.story_id == first.story_id != other.story_id
    story = c.story(first.story_id)
    assert story.size == 2 and story.actors == {"velka": 2}
    assert story.first_at == dt.datetime(2031, 3, 1) and story.last_at == dt.datetime(2031, 3, 2)
    assert same.score is not None and same.score >= PARAMS.threshold


def test_same_text_outside_the_time_window_is_another_story() -> None:
    c = StoryClusterer(PARAMS)
    first = c.add(_item("a", _unit(1), 0))
    late = c.add(_item("b", _unit(1), int(PARAMS.window_days) + 2))
    assert late.new and late.story_id != first.story_id


def test_actor_overlap_decides_a_borderline_case() -> None:
    # cosine 0.5: below the threshold without shared actors, above it with them
    vector = _unit(0.5, 0.75**0.5)
    with_actors = StoryClusterer(PARAMS)
    with_actors.add(_item("a", _unit(1), 0, {"dostal", "velka"}))
    assert not with_actors.add(_item("b", vector, 0, {"dostal", "velka"})).new
    without = StoryClusterer(PARAMS)
    without.add(_item("a", _unit(1), 0, {"dostal", "velka"}))
    assert without.add(_item("b", vector, 0, {"kroll"})).new


def test_undated_article_is_judged_on_what_it_has() -> None:
    c = StoryClusterer(PARAMS)
    first = c.add(_item("a", _unit(1), 0))
    assert c.add(_item("b", _unit(1, 0.05), None)).story_id == first.story_id


@pytest.fixture(scope="module")
def corpus_rows() -> list[dict[str, str]]:
    return generate(per_event=3, events=4)


def test_incremental_runs_join_existing_stories(corpus_rows: list[dict[str, str]]) -> None:
    params = load_corpus_params()
    early, late = corpus_rows[:8], corpus_rows[8:]  # interleaved: every event starts in `early`
    copy = syndicated_copy(corpus_rows[0], "Metro Daily")
    with Store(":memory:") as store:
        ingest_articles(as_articles(early), store, SETTINGS, params, executor=FakeExecutor())
        first = cluster_store(store, params.stories)
        assert first.assigned == len(early) and first.stories == 4
        before = {aid: store.story_of(aid) for aid in store.article_ids()}
        stories_before = {r["id"]: r for r in store.story_list(limit=100)}

        ingest_articles(as_articles([*late, copy]), store, SETTINGS, params, executor=FakeExecutor())
        second = cluster_store(store, params.stories)
        assert second.assigned == len(late) + 1
        assert second.new_stories == 0 and second.joined == len(late) and second.duplicates == 1
        assert second.stories == 4
        # nothing placed before moved
        assert {aid: store.story_of(aid) for aid in before} == before
        # each gold event is one story
        story_of_event: dict[str, set[int | None]] = {}
        for row in corpus_rows:
            story_of_event.setdefault(row["cluster"], set()).add(store.story_of(article_id(row["text"])))
        assert all(len(s) == 1 for s in story_of_event.values())
        assert len({next(iter(s)) for s in story_of_event.values()}) == 4
        # the copy joined its original's story and counts once
        original_story = store.story_of(article_id(corpus_rows[0]["text"]))
        assert original_story is not None
        assert store.story_of(article_id(copy["text"])) == original_story
        members = store.story_members(original_story)
        assert [m["duplicate_of"] for m in members].count(article_id(corpus_rows[0]["text"])) == 1
        sizes = {r["id"]: r["size"] for r in store.story_list(limit=100)}
        # one more original of the event joined; the copy does not count
        assert sizes[original_story] == stories_before[original_story]["size"] + 1
        assert sum(sizes.values()) == len(corpus_rows)
        # a third run has nothing to do
        assert cluster_store(store, params.stories).assigned == 0
        assert store.count("embeddings") == len(corpus_rows)  # copies are not embedded


def test_events_of_one_kind_stay_apart(corpus_rows: list[dict[str, str]]) -> None:
    """Two floods months apart are two stories even though their words overlap."""
    floods = [r for r in generate(per_event=2) if r["cluster"].startswith("flood")]
    assert {r["cluster"] for r in floods} == {EVENTS[0].key, EVENTS[1].key}
    params = load_corpus_params()
    loose = dataclasses.replace(params.stories, window_days=1000.0)  # time alone must not decide
    with Store(":memory:") as store:
        ingest_articles(as_articles(floods), store, SETTINGS, params, executor=FakeExecutor())
        cluster_store(store, loose)
        stories = {r["cluster"]: store.story_of(article_id(r["text"])) for r in floods}
        assert stories[EVENTS[0].key] != stories[EVENTS[1].key]


def test_pruning_closed_stories_changes_no_assignment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool of open stories is an optimisation only: same stories as scanning all of them,
    also when older items arrive after newer ones (they scan every story)."""
    import framelens.corpus.cluster as cluster

    rng = np.random.default_rng(3)
    centres = rng.normal(size=(40, DIMENSION)).astype(np.float32)
    items = []
    for n in range(400):
        event = n // 10
        v = centres[event] + 0.3 * rng.normal(size=DIMENSION).astype(np.float32)
        day = (
            event * 2 + int(rng.integers(0, 3)) if n % 37 else int(rng.integers(0, 20))
        )  # some late arrivals
        items.append(Item(f"a{n}", v / np.linalg.norm(v), dt.datetime(2031, 1, 1) + dt.timedelta(days=day)))

    def run(prune_every: int) -> list[tuple[str, int]]:
        monkeypatch.setattr(cluster, "PRUNE_EVERY", prune_every)
        c = StoryClusterer(PARAMS)
        return [(a.item_id, a.story_id) for a in map(c.add, items)]

    assert run(4) == run(10**9)


def test_a_date_without_a_time_of_day_is_not_a_day_away() -> None:
    # the examples' case: cosine 0.591, 2 of 6 actors shared, dated the day after the story
    # (2031-03-14 and 2031-03-15, no time of day): 0.545 with the day counted as a gap, 0.593 without
    cosine = 0.591
    vector = _unit(cosine, (1 - cosine**2) ** 0.5)
    shared, own = {"vostrikova", "reyl"}, {"port alder", "assembly", "renewal", "committee"}

    def second_joins(slack_days: float) -> bool:
        c = StoryClusterer(PARAMS)
        c.add(
            dataclasses.replace(_item("a", _unit(1), 0, shared | {"kell", "dunmere"}), slack_days=slack_days)
        )
        b = dataclasses.replace(_item("b", vector, 1, shared | own), slack_days=slack_days)
        return not c.add(b).new

    assert second_joins(1.0)  # two dates a day apart may be minutes apart
    assert not second_joins(0.0)  # two timestamps a day apart are a day apart
    # and the slack counts before the story too: a date the day before its first article
    c = StoryClusterer(PARAMS)
    c.add(_item("a", _unit(1), 1, shared | {"kell", "dunmere"}))
    earlier = dataclasses.replace(_item("b", vector, 0, shared | own), slack_days=1.0)
    assert not c.add(earlier).new


def test_published_slack_follows_the_precision_of_the_date() -> None:
    from framelens.store.codec import published_slack_days

    assert published_slack_days("2031-03-15") == 1.0
    assert published_slack_days("2031-03-15T10:00:00+00:00") == 0.0
    assert published_slack_days("2031-03") == 31.0
    assert published_slack_days(None) == 0.0


def test_the_four_examples_about_one_detention_form_one_story(tmp_path: Path) -> None:
    from framelens.engine import analyze_many
    from framelens.readers import read

    examples = Path(__file__).resolve().parents[2] / "examples"
    settings = load_settings(tone=False, techniques=False, frames=False)
    articles = [a for a in read([str(examples)], settings) if isinstance(a, Article)]
    analyses = list(analyze_many(articles, settings=settings))
    assert len(analyses) == 4
    with Store(tmp_path / "examples.duckdb") as store:
        store.put([StoredArticle(a) for a in analyses])
        cluster_store(store, load_corpus_params().stories)
        stories = store.story_list()
    assert [s["size"] for s in stories] == [4]
