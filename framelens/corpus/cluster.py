"""Streaming story clustering, after Miranda et al. (EMNLP 2018), "Multilingual Clustering of
Streaming News".

Each story keeps a centroid (the normalised sum of its articles' unit vectors), its time
range and the counts of its articles' main actors.  An arriving article is compared with
the stories whose time range lies within ``window_days`` of its publication time; of
those, the ``candidates`` with the nearest centroids are scored in full:

    score = (w_e * cos(article, centroid) + w_a * actor overlap + w_t * time closeness)
            / (the sum of the weights that apply)

where actor overlap is the share of the article's main actors already in the story and
time closeness is ``exp(-days outside the story's range / time_scale_days)``.  A time
known only to the day (or month, year) may lie anywhere in it, so the days outside the
range are counted from the nearest instant it allows (``Item.slack_days``): an article
dated the day after a story's last one may have appeared minutes later, and is not a
day away.  A weight
whose feature is unknown (no actors, no date) drops out of both sums, so an undated or
actor-less article is judged on what it has.  The article joins the best story when
its score reaches ``threshold``, else it starts a new one; nothing already assigned is
recomputed, so adding articles later costs only their own comparisons.

Miranda et al. learn the weights of many TF-IDF similarities and the threshold from
labelled data; with no labelled clustering data at hand, the weights here are set by
hand in ``resources/settings.toml`` (``[corpus.stories]``) and ``framelens eval
clustering`` measures the result.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from framelens.corpus.params import StoryParams
from framelens.embed import DIMENSION

_EPOCH = dt.datetime(1970, 1, 1)
_DAY = 86400.0


def epoch_days(when: dt.datetime | None) -> float:
    """Days since 1970 as a float (nan when undated): times as numbers the index can compare."""
    return math.nan if when is None else (when - _EPOCH).total_seconds() / _DAY


def from_epoch_days(days: float) -> dt.datetime | None:
    return None if math.isnan(days) else _EPOCH + dt.timedelta(days=days)


@dataclass(frozen=True, slots=True)
class Item:
    """One article as the clusterer sees it: a unit vector, a time and its main actors.

    ``slack_days``: how much later than ``time`` the article may have appeared (1 for a
    date without a time of day, 0 for a full timestamp).
    """

    id: str
    vector: np.ndarray
    time: dt.datetime | None = None
    actors: frozenset[str] = frozenset()
    title: str | None = None
    slack_days: float = 0.0


@dataclass(slots=True)
class Story:
    """A story's running state: what is needed to score the next article, nothing more."""

    id: int
    size: int
    vector_sum: np.ndarray
    first: float = math.nan
    last: float = math.nan
    actors: Counter[str] = field(default_factory=Counter)
    title: str | None = None
    #: the latest instant its articles may have appeared at (``last`` plus a date's slack)
    last_end: float = math.nan

    @property
    def first_at(self) -> dt.datetime | None:
        return from_epoch_days(self.first)

    @property
    def last_end_at(self) -> dt.datetime | None:
        return from_epoch_days(self.last_end)

    @property
    def last_at(self) -> dt.datetime | None:
        return from_epoch_days(self.last)

    @property
    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm > 0 else self.vector_sum


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an article went: its story, its score against it (None for a new story)."""

    item_id: str
    story_id: int
    score: float | None
    new: bool


def actor_key(name: str) -> str:
    """The form actor names are compared in across articles (case and spacing folded)."""
    return " ".join(name.split()).casefold()


#: dated items between two prunes of the pool of open stories
PRUNE_EVERY = 256


class StoryClusterer:
    """Assigns items to stories one at a time; stories may be loaded from a store first."""

    def __init__(self, params: StoryParams, stories: Iterable[Story] = (), next_id: int = 1) -> None:
        self.params = params
        self.stories: list[Story] = []
        self.next_id = next_id
        self.changed: set[int] = set()
        self._centroids = np.zeros((64, DIMENSION), dtype=np.float32)
        self._first = np.full(64, math.nan)
        self._last = np.full(64, math.nan)
        self._index: dict[int, int] = {}
        # Rows of stories that may still be in time for new items.  A story whose last item
        # is more than the window before ``_prune_t`` can never be a candidate for an item at
        # or after ``_prune_t``, so it is dropped from this pool; items are mostly in time
        # order, which keeps the per-item work proportional to the stories still open, not to
        # every story ever made.  An older item (t < _prune_t) scans every story instead.
        self._active: list[int] = []
        self._prune_t = -math.inf
        self._since_prune = 0
        for story in stories:
            self._append(story)
            self.next_id = max(self.next_id, story.id + 1)

    def _append(self, story: Story) -> None:
        row = len(self.stories)
        if row == len(self._centroids):
            grow = len(self._centroids) * 2
            self._centroids = np.resize(self._centroids, (grow, DIMENSION))
            self._first = np.concatenate([self._first, np.full(grow - row, math.nan)])
            self._last = np.concatenate([self._last, np.full(grow - row, math.nan)])
        self.stories.append(story)
        self._index[story.id] = row
        self._active.append(row)
        self._sync(row)

    def _sync(self, row: int) -> None:
        story = self.stories[row]
        self._centroids[row] = story.centroid
        self._first[row], self._last[row] = story.first, story.last

    def story(self, story_id: int) -> Story:
        return self.stories[self._index[story_id]]

    def _candidates(self, item: Item, t: float) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the time-compatible stories with the nearest centroids, nearest first,
        and their centroids' cosine similarity to the item (computed here once, reused by
        the scoring)."""
        n = len(self.stories)
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if math.isnan(t):
            rows = np.arange(n)
        else:
            self._prune(t)
            pool = np.array(self._active) if t >= self._prune_t else np.arange(n)
            first, last = self._first[pool], self._last[pool]
            gap = np.maximum(np.maximum(first - t, t - last), 0.0)
            # undated stories (nan range) stay candidates: nothing says they are far in time
            rows = pool[np.isnan(gap) | (gap <= self.params.window_days)]
        if len(rows) == 0:
            return rows, np.zeros(0, dtype=np.float32)
        sims = self._centroids[rows] @ item.vector
        k = min(self.params.candidates, len(rows))
        top = np.argpartition(-sims, k - 1)[:k]
        order = top[np.argsort(-sims[top], kind="stable")]
        return rows[order], sims[order]

    def _prune(self, t: float) -> None:
        """Every ``PRUNE_EVERY`` dated items, drop stories that ended a window before ``t``."""
        self._since_prune += 1
        if self._since_prune < PRUNE_EVERY or t < self._prune_t:
            return
        self._since_prune = 0
        rows = np.array(self._active)
        last = self._last[rows]
        keep = np.isnan(last) | (last >= t - self.params.window_days)
        self._active = rows[keep].tolist()
        self._prune_t = t

    def score(self, item: Item, story: Story, t: float, similarity: float | None = None) -> float:
        """The weighted score of ``item`` against ``story`` (see the module docstring).

        ``similarity``: the cosine of the item's vector and the story's centroid when the
        caller has it already (the candidate search computes it for all candidates at once).
        """
        p = self.params
        if similarity is None:
            similarity = float(np.dot(story.centroid, item.vector))
        total = p.weight_embedding * similarity
        weight = p.weight_embedding
        if item.actors and story.actors:
            overlap = sum(1 for a in item.actors if a in story.actors) / len(item.actors)
            total += p.weight_actors * overlap
            weight += p.weight_actors
        if not math.isnan(t) and not math.isnan(story.first):
            # the item lies somewhere in [t, t + slack], the story's articles in [first, last_end]
            end = story.last if math.isnan(story.last_end) else max(story.last, story.last_end)
            gap = max(story.first - (t + item.slack_days), t - end, 0.0)
            total += p.weight_time * math.exp(-gap / p.time_scale_days)
            weight += p.weight_time
        return total / weight if weight > 0 else 0.0

    def add(self, item: Item) -> Assignment:
        """Put ``item`` into the best story above the threshold, or into a new story."""
        t = epoch_days(item.time)
        best: tuple[float, Story] | None = None
        rows, sims = self._candidates(item, t)
        for row, sim in zip(rows.tolist(), sims.tolist(), strict=True):
            story = self.stories[row]
            s = self.score(item, story, t, sim)
            if best is None or s > best[0]:
                best = (s, story)
        if best is not None and best[0] >= self.params.threshold:
            score, story = best
            self._join(story, item, t)
            return Assignment(item.id, story.id, score, new=False)
        story = Story(
            id=self.next_id,
            size=0,
            vector_sum=np.zeros(DIMENSION, dtype=np.float32),
            title=item.title,
        )
        self.next_id += 1
        self._append(story)
        self._join(story, item, t)
        return Assignment(item.id, story.id, None, new=True)

    def _join(self, story: Story, item: Item, t: float) -> None:
        story.size += 1
        story.vector_sum = story.vector_sum + item.vector.astype(np.float32)
        if not math.isnan(t):
            story.first = t if math.isnan(story.first) else min(story.first, t)
            story.last = t if math.isnan(story.last) else max(story.last, t)
            end = t + item.slack_days
            story.last_end = end if math.isnan(story.last_end) else max(story.last_end, end)
            if story.first == t:
                story.title = item.title or story.title
        story.actors.update(item.actors)
        self.changed.add(story.id)
        row = self._index[story.id]
        self._sync(row)
        reopened = t < self._prune_t and story.last >= self._prune_t - self.params.window_days
        if reopened and row not in set(self._active):  # an older item reopened a dropped story
            self._active.append(row)
