"""Read-only access to a store file for a long-running reader (the web server) that lets writers in.

DuckDB lets one process write a file, or any number read it, never both: a server that
held its connection for its whole life would shut ``ingest`` and ``stories`` out for
good.  So the server holds the file only while it answers: requests in flight share one
read-only connection (a cursor each); the connection is closed once it has been idle
for ``idle_s``, and when it has been open for ``hold_s`` new requests wait until those in
flight are done, it is closed, and ``gap_s`` has passed, which gives a writer polling for
the lock its turn even under steady load.  Writers do the same from their side
(``Store.release`` between batches), and each side waits for the other's lock
(``lock_wait``) instead of failing, so requests are slowed by a commit, never refused.
A fresh connection sees what was committed before it opened: new articles show up
within ``hold_s`` plus the writer's commit.

DuckDB has no way to share a file between a reading and a writing process, so this
small hand-off is written here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from framelens.store.duck import LOCK_WAIT_S, _connect

log = logging.getLogger(__name__)


class SharedReader:
    """Hands out cursors on a read-only connection that is opened and closed as described above."""

    def __init__(
        self,
        path: str | Path,
        *,
        hold_s: float = 1.0,
        idle_s: float = 0.2,
        gap_s: float = 0.1,
        lock_wait: float = LOCK_WAIT_S,
        on_open: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    ) -> None:
        self.path = str(path)
        self.hold_s, self.idle_s, self.gap_s, self.lock_wait = hold_s, idle_s, gap_s, lock_wait
        self.on_open = on_open
        self.opens = 0
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened = 0.0
        self._idle_since: float | None = None
        self._users = 0
        self._draining = False
        self._closed = False
        self._cond = threading.Condition()
        self._closer: threading.Thread | None = None

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request (StoreError when the file stays locked past ``lock_wait``)."""
        with self._cond:
            while self._draining:
                self._cond.wait()
            if self._con is not None and time.monotonic() - self._opened > self.hold_s:
                self._drain()
            if self._con is None:
                self._open()
            assert self._con is not None
            self._users += 1
            self._idle_since = None
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()
            with self._cond:
                self._users -= 1
                if self._users == 0:
                    self._idle_since = time.monotonic()
                    self._cond.notify_all()

    def _open(self) -> None:
        if self._closed:
            raise RuntimeError("the reader is closed")
        con = _connect(self.path, True, self.lock_wait)
        try:
            if self.on_open is not None:
                self.on_open(con)
        except BaseException:
            con.close()
            raise
        self._con, self._opened = con, time.monotonic()
        self.opens += 1
        log.debug("%s: opened for reading", self.path)
        if self._closer is None:
            self._closer = threading.Thread(target=self._close_idle, name="framelens-reader", daemon=True)
            self._closer.start()

    def _drain(self) -> None:
        """With the condition held: let the requests in flight finish, close, leave a gap for writers."""
        self._draining = True
        try:
            while self._users:
                self._cond.wait()
            self._shut()
            # a writer polls for the lock every few milliseconds: this is its turn
            self._cond.wait(self.gap_s)
        finally:
            self._draining = False
            self._cond.notify_all()

    def _shut(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
            log.debug("%s: closed", self.path)

    def _close_idle(self) -> None:
        """Closes the connection once it has been idle for ``idle_s`` (a daemon thread)."""
        with self._cond:
            while not self._closed:
                self._cond.wait(self.idle_s / 2)
                idle = self._idle_since
                idle_long = idle is not None and time.monotonic() - idle >= self.idle_s
                if self._con is not None and not self._users and idle_long:
                    self._shut()

    def discard(self) -> None:
        """Close the connection as soon as no request uses it (DuckDB invalidated it)."""
        with self._cond:
            if self._users:
                self._opened = -self.hold_s - 1.0  # the next request drains and reopens
            else:
                self._shut()

    @property
    def is_open(self) -> bool:
        with self._cond:
            return self._con is not None

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._shut()
            self._cond.notify_all()
        if self._closer is not None:
            self._closer.join(timeout=5)
