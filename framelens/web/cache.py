"""A small in-memory LRU of story reports, computed at most once each and one at a time.

A story's report is the comparison of its stored analyses: it takes from a tenth of a
second to seconds (the first one loads models), so it is kept once made.  The store is
open read-only for the life of the app, so a cached report never goes stale.  Reports
are computed under one lock: two requests for the same story wait for one computation
instead of running two, and the comparison code (lazily loaded models) is never run by
two threads at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class ReportCache(Generic[V]):
    """Least-recently-used cache of ``capacity`` values by integer key (a story id)."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("the story cache must hold at least one report")
        self.capacity = capacity
        self._items: OrderedDict[int, V] = OrderedDict()
        self._lock = threading.Lock()
        self._compute = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _get(self, key: int) -> V | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
        return None

    def get(self, key: int, make: Callable[[], V]) -> V:
        """The value of ``key``, made with ``make()`` when absent (an exception caches nothing)."""
        found = self._get(key)
        if found is not None:
            return found
        with self._compute:
            # another request may have made it while this one waited
            found = self._get(key)
            if found is not None:
                return found
            value = make()
            with self._lock:
                self.misses += 1
                self._items[key] = value
                self._items.move_to_end(key)
                while len(self._items) > self.capacity:
                    self._items.popitem(last=False)
            return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._items
