"""Group a store's articles into stories, incrementally: only articles in no story are placed.

The articles not yet in a story are embedded (title and lead, the packaged MiniLM; the
vectors are stored so that they are computed once), then fed in publication order to a
``StoryClusterer`` loaded with the stored stories whose time range they can reach.  New
and changed stories and the new ``story_members`` rows are written in one transaction
per chunk, so an interrupted run leaves whole assignments only and the next run places
the rest.  A near-duplicate joins its original's story with ``duplicate_of`` set and
does not count in the story's size or centroid: a syndicated text counts once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from framelens.config import Settings
from framelens.corpus.cluster import Item, Story, StoryClusterer, actor_key, epoch_days
from framelens.corpus.params import StoryParams
from framelens.embed import DIMENSION, MODEL_NAME
from framelens.errors import UsageError
from framelens.store import Store
from framelens.store.codec import published_slack_days

if TYPE_CHECKING:
    from framelens.comparison import Comparison

log = logging.getLogger(__name__)

#: articles assigned per transaction
CHUNK = 2000
#: texts encoded per call (and embedding rows stored per transaction)
ENCODE_CHUNK = 512


@dataclass(slots=True)
class StorySummary:
    """What one run did."""

    assigned: int = 0
    joined: int = 0
    new_stories: int = 0
    duplicates: int = 0
    stories: int = 0


def embed_text(title: str | None, lead: str) -> str:
    """What an article is embedded from: its title and the start of its text."""
    return f"{title}\n{lead}" if title else lead


def _vectors(store: Store, rows: Sequence[dict[str, Any]], batch_size: int) -> dict[str, np.ndarray]:
    """Unit vectors of ``rows``: stored ones reused, missing ones encoded and stored."""
    from framelens.embed import encode_sentences

    ids = [r["id"] for r in rows]
    vectors = store.embeddings(ids, MODEL_NAME)
    todo = [r for r in rows if r["id"] not in vectors]
    for start in range(0, len(todo), ENCODE_CHUNK):
        part = todo[start : start + ENCODE_CHUNK]
        # encoding takes seconds: a server on this store reads meanwhile
        store.release()
        encoded = encode_sentences([embed_text(r["title"], r["lead"]) for r in part], batch_size=batch_size)
        fresh = {r["id"]: v for r, v in zip(part, encoded, strict=True)}
        store.put_embeddings(fresh, MODEL_NAME)
        vectors.update(fresh)
    return vectors


def story_from_row(row: dict[str, Any]) -> Story:
    return Story(
        id=int(row["id"]),
        size=int(row["size"]),
        vector_sum=np.asarray(row["vector_sum"], dtype=np.float32),
        first=epoch_days(row["first_at"]),
        last=epoch_days(row["last_at"]),
        actors=Counter(json.loads(row["actors"])),
        title=row["title"],
        last_end=epoch_days(row.get("last_end_at")),
    )


def story_row(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "size": story.size,
        "first_at": story.first_at,
        "last_at": story.last_at,
        "title": story.title,
        "centroid": story.centroid.astype(np.float32).tolist(),
        "vector_sum": story.vector_sum.astype(np.float32).tolist(),
        "actors": json.dumps(dict(story.actors.most_common()), ensure_ascii=False),
        "last_end_at": story.last_end_at,
    }


def _reach(
    rows: Sequence[dict[str, Any]], window_days: float
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The time span of stored stories that ``rows`` can join; (None, None) means all."""
    times = [r["published_at"] for r in rows]
    if not times or any(t is None for t in times):
        return None, None
    pad = dt.timedelta(days=window_days)
    return min(times) - pad, max(times) + pad


def cluster_store(
    store: Store,
    params: StoryParams,
    *,
    batch_size: int = 32,
    on_progress: Callable[[StorySummary], None] | None = None,
) -> StorySummary:
    """Place every article of ``store`` that is in no story yet; the stored stories stay as they are."""
    summary = StorySummary()
    rows = store.unclustered(params.lead_chars)
    originals = [r for r in rows if r["original_id"] is None]
    copies = [r for r in rows if r["original_id"] is not None]
    start, end = _reach(originals, params.window_days)
    clusterer = StoryClusterer(
        params,
        (story_from_row(r) for r in store.stories_between(start, end)),
        next_id=store.next_story_id(),
    )
    log.info("%d article(s) to place, %d stored stories in reach", len(rows), len(clusterer.stories))
    story_of: dict[str, int] = {}
    for offset in range(0, len(originals), CHUNK):
        part = originals[offset : offset + CHUNK]
        ids = [r["id"] for r in part]
        vectors = _vectors(store, part, batch_size)
        actors = store.top_actors(ids, params.top_actors)
        members = []
        for r in part:
            item = Item(
                id=r["id"],
                vector=vectors.get(r["id"], np.zeros(DIMENSION, dtype=np.float32)),
                time=r["published_at"],
                actors=frozenset(actor_key(a) for a in actors.get(r["id"], ())),
                title=r["title"],
                slack_days=published_slack_days(r["published"]),
            )
            got = clusterer.add(item)
            story_of[item.id] = got.story_id
            members.append(
                {"story_id": got.story_id, "article_id": item.id, "score": got.score, "duplicate_of": None}
            )
            summary.assigned += 1
            summary.new_stories += got.new
            summary.joined += not got.new
        _save(store, clusterer, members)
        if on_progress is not None:
            on_progress(summary)
    members = []
    for r in copies:
        original = r["original_id"]
        story_id = story_of.get(original) or store.story_of(original)
        if story_id is None:
            log.warning("%s: its original %s is in no story; left for the next run", r["id"], original)
            continue
        members.append({"story_id": story_id, "article_id": r["id"], "score": None, "duplicate_of": original})
        summary.assigned += 1
        summary.duplicates += 1
    _save(store, clusterer, members)
    summary.stories = store.count("stories")
    return summary


def _save(store: Store, clusterer: StoryClusterer, members: list[dict[str, Any]]) -> None:
    if not members and not clusterer.changed:
        return
    changed = [story_row(clusterer.story(sid)) for sid in sorted(clusterer.changed)]
    store.save_stories(changed, members)
    clusterer.changed.clear()


def compare_story(store: Store, story_id: int, settings: Settings) -> Comparison:
    """The comparison of a stored story from its stored analyses (nothing is analysed again).

    Near-duplicates are left out (their original stands for them) and said so in the
    comparison's notes.  Raises UsageError when the store has no such story.
    """
    from framelens.comparison import compare

    if not store.has_story(story_id):
        raise UsageError(
            f"{store.path} has no story {story_id}; `framelens stories --db {store.path}` lists them"
        )
    members = store.story_members(story_id)
    ids = [m["article_id"] for m in members if m["duplicate_of"] is None]
    comparison = compare(store.analyses(ids), settings)
    copies = [m for m in members if m["duplicate_of"] is not None]
    if not copies:
        return comparison
    note = f"{len(copies)} near-duplicate article(s) of this story are counted once, as their original"
    return dataclasses.replace(comparison, notes=(*comparison.notes, note))
