"""A small in-memory LRU of rendered story reports, each made at most once at a time.

A story's report is stored as JSON by ``framelens stories``; the server renders its HTML
once and keeps both.  Entries are keyed by the story and the fingerprint of its members,
so a story that changes gets a new entry and a stale one is never served.  Making an
entry holds a lock of that key only: two requests for the same story wait for one
rendering, and a request for another story (or another page) is not held up by it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ReportCache(Generic[K, V]):
    """Least-recently-used cache of ``capacity`` values (a ``None`` from ``make`` is not kept)."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("the story cache must hold at least one report")
        self.capacity = capacity
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[K, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def _get(self, key: K) -> V | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
        return None

    def get(self, key: K, make: Callable[[], V | None]) -> V | None:
        """The value of ``key``, made with ``make()`` when absent (an exception caches nothing)."""
        found = self._get(key)
        if found is not None:
            return found
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        try:
            with making:
                # another request may have made it while this one waited
                found = self._get(key)
                if found is not None:
                    return found
                value = make()
                with self._lock:
                    self.misses += 1
                    if value is not None:
                        self._items[key] = value
                        self._items.move_to_end(key)
                        while len(self._items) > self.capacity:
                            self._items.popitem(last=False)
                return value
        finally:
            with self._lock:
                if self._making.get(key) is making and not making.locked():
                    del self._making[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._items
