"""How the worker pool hands out work: small chunks, in input order."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from framelens.config import load_settings
from framelens.exec.local import POOL_CHUNK, AnalysisPool
from framelens.readers import article_from_text


class _Recorder:
    """Stands in for the process pool: runs nothing, records each chunk it is given."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def submit(self, task: Any, settings: Any, chunk: list[Any]) -> Future[list[Any]]:
        self.sizes.append(len(chunk))
        done: Future[list[Any]] = Future()
        done.set_result([a.source for a in chunk])
        return done

    def shutdown(self, **_: Any) -> None:
        pass


def test_workers_take_small_chunks_so_none_idles_at_the_end() -> None:
    """With chunks of ``batch_size`` (32) two workers split 80 articles 48/32; chunks of
    ``POOL_CHUNK`` keep both busy to the end, and the results keep the input order."""
    settings = load_settings(tone=False, techniques=False, frames=False).replace(batch_size=32)
    text = "Minister Tomas Reyl spoke in Dunmere on the {} day of the march, and the crowd listened."
    articles = [article_from_text(text.format(i), source=f"{i}.txt") for i in range(80)]
    pool = AnalysisPool(2, settings)
    pool._pool.shutdown()
    recorder = _Recorder()
    pool._pool = recorder  # type: ignore[assignment]
    assert list(pool.map(articles)) == [a.source for a in articles]
    assert recorder.sizes == [POOL_CHUNK] * (80 // POOL_CHUNK) and POOL_CHUNK < 32
    # a smaller batch_size still bounds the chunk
    small = AnalysisPool(2, settings.replace(batch_size=3))
    small._pool.shutdown()
    small._pool = recorder = _Recorder()  # type: ignore[assignment]
    list(small.map(articles[:7]))
    assert recorder.sizes == [3, 3, 1]
