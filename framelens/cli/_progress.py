"""Progress for a log: plain lines on stderr when it is not a terminal.

A terminal gets rich's bar (``_app._progress``), which draws nothing into a file or a
pipe; a run whose stderr goes to a log would then be silent for minutes.  There, a line
every ``EVERY`` articles or ``SECONDS`` seconds says how far the run is (count, rate,
failures), and one summary line ends it.  Results arrive only when an article is done, so
a timer thread (``LineProgress.heartbeat``) prints the same line when ``SECONDS`` pass
without one: one article that takes minutes still shows the run is alive.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from rich.console import Console

from framelens.text.plurals import counted

T = TypeVar("T")

#: a progress line after this many articles (analysed or failed) ...
EVERY = 100
#: ... or after this many seconds, whichever comes first
SECONDS = 10.0


@dataclass(slots=True)
class LineProgress:
    """Counts results and prints a progress line when one is due; ``summary()`` at the end."""

    console: Console
    verb: str
    every: int = EVERY
    seconds: float = SECONDS
    clock: Callable[[], float] = time.monotonic
    done: int = 0
    failed: int = 0
    _start: float = field(default=0.0, init=False)
    _last_time: float = field(default=0.0, init=False)
    _last_count: int = field(default=0, init=False)
    # results are counted on the caller's thread and the heartbeat prints from its own
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._start = self._last_time = self.clock()

    def analysed(self, _item: object = None) -> None:
        self.done += 1
        self.tick()

    def failure(self, _item: object = None) -> None:
        self.failed += 1
        self.tick()

    def result(self, item: object) -> None:
        """An analysis or a Failure: count it as what it is."""
        from framelens.models import Failure

        if isinstance(item, Failure):
            self.failure(item)
        else:
            self.analysed(item)

    def tick(self, _item: object = None) -> None:
        """Print a progress line if one is due (also called as each input is read)."""
        with self._lock:
            now = self.clock()
            count = self.done + self.failed
            if count - self._last_count >= self.every or (now - self._last_time >= self.seconds and count):
                self._last_count, self._last_time = count, now
                self._line("progress:", now)

    def beat(self) -> None:
        """Print a progress line if ``seconds`` passed without one, even with nothing done yet."""
        with self._lock:
            now = self.clock()
            if now - self._last_time >= self.seconds:
                self._last_count, self._last_time = self.done + self.failed, now
                self._line("progress:", now)

    @contextmanager
    def heartbeat(self) -> Iterator[LineProgress]:
        """While inside, a daemon thread calls ``beat`` every ``seconds`` (stopped on exit)."""
        stop = threading.Event()

        def run() -> None:
            while not stop.wait(self.seconds):
                self.beat()

        thread = threading.Thread(target=run, name="framelens-progress", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()

    def summary(self) -> None:
        """The last line: what the whole run did, and how fast."""
        with self._lock:
            if self.done or self.failed:
                self._line("done:", self.clock())

    def _line(self, head: str, now: float) -> None:
        elapsed = max(now - self._start, 1e-9)
        self.console.print(
            f"{head} {counted(self.done, 'article')} {self.verb}, {self.failed} failed, "
            f"{elapsed:.0f} s, {self.done / elapsed:.2f} articles/s",
            markup=False,
        )


def for_log(console: Console, verb: str) -> LineProgress | None:
    """A ``LineProgress`` when ``console`` is not a terminal (a log file, a pipe); else None."""
    return None if console.is_terminal else LineProgress(console, verb, every=EVERY, seconds=SECONDS)


def counting(report: Callable[[T], None], progress: LineProgress | None) -> Callable[[T], None]:
    """``report`` that also counts a failure for ``progress``."""
    if progress is None:
        return report

    def both(item: T) -> None:
        report(item)
        progress.failure(item)

    return both
