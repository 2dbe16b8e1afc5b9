"""The Dask executor: the same ``Executor`` contract, on a local or an existing Dask cluster.

Workers load the models once (``ModelPlugin`` at registration runs the one worker
warm-up, ``framelens.exec.worker.warm_up``, which fills the process's model cache),
analyse batches of articles as every executor does (``analyse_chunk``) and write each
batch as a Parquet partition (the store's row format, ``framelens.exec.partitions``) into
a spill folder that workers and driver share.  The driver reads each partition back into ``Analysis``
values in input order and hands them to the ingest driver, which stays the store's
single writer: near-duplicate links, ``seq`` order, transactions, idempotence and crash
safety are exactly those of a single-process ingest.  Only small descriptions of a
partition cross the scheduler; the analyses travel through the file system.

The same code runs on a laptop (``local[:N]`` starts a ``distributed.LocalCluster`` of N
single-threaded worker processes, spilling into a temporary folder) and on a cluster
(``tcp://HOST:8786``; ``spill`` must then name a folder mounted at the same path on the
driver and every worker).  The dashboard is switched off: it would need bokeh.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from framelens.config import Settings
from framelens.errors import UsageError
from framelens.exec.partitions import read_partition, write_partition
from framelens.exec.worker import Worker, analyse_chunk, warm_up
from framelens.models import Analysis, Article, Failure
from framelens.pipeline import chunks

if TYPE_CHECKING:
    from distributed import Client, Future

log = logging.getLogger(__name__)

#: how long to wait for a remote scheduler, and for its first worker, before giving up
CONNECT_TIMEOUT_S = 60.0
LOCAL = "local"


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    """Where to run: ``address`` of an existing scheduler, or None for a local cluster of ``workers``."""

    address: str | None = None
    workers: int = 1

    @property
    def local(self) -> bool:
        return self.address is None

    @classmethod
    def parse(cls, text: str) -> ClusterSpec:
        """``local``, ``local:N`` or a scheduler address such as ``tcp://HOST:8786``."""
        value = text.strip()
        if value == LOCAL or value.startswith(f"{LOCAL}:"):
            count = value[len(LOCAL) + 1 :] if ":" in value else ""
            if count and not (count.isdigit() and int(count) >= 1):
                raise UsageError(f"--cluster {text!r}: the worker count after 'local:' must be a number >= 1")
            return cls(None, int(count) if count else max(1, os.cpu_count() or 1))
        if "://" in value and value.split("://", 1)[1]:
            return cls(value, 0)
        raise UsageError(
            f"--cluster {text!r} is neither 'local[:N]' nor a scheduler address; "
            "give e.g. --cluster local:4 or --cluster tcp://scheduler-host:8786"
        )


class ModelPlugin(WorkerPlugin):
    """Loads the models on every worker as it joins, so the first batch does not pay for it
    and a missing model fails the run at start-up rather than in the middle of it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # one plugin per distinct Settings: another run on the same cluster keeps its own
        digest = hashlib.sha1(repr(settings).encode(), usedforsecurity=False).hexdigest()[:12]
        self.name = f"framelens-models-{digest}"

    def setup(self, worker: Any) -> None:
        warm_up(self.settings, int(getattr(worker.state, "nthreads", 1) or 1))


@dataclass(frozen=True, slots=True)
class PartitionDone:
    """What a worker sends back through the scheduler: the order of its batch (an article id,
    or the Failure standing in for that article) and how long the analysis took."""

    name: str
    order: list[str | Failure]
    seconds: float
    pid: int


def analyse_partition(settings: Settings, articles: list[Article], folder: str, name: str) -> PartitionDone:
    """The task each worker runs: analyse ``articles`` and write them as partition ``folder/name``."""
    start = time.perf_counter()
    results = analyse_chunk(Worker.for_settings(settings), articles)
    analyses = [r for r in results if isinstance(r, Analysis)]
    write_partition(analyses, Path(folder), name)
    order: list[str | Failure] = [r.article.id if isinstance(r, Analysis) else r for r in results]
    return PartitionDone(name, order, time.perf_counter() - start, os.getpid())


@dataclass(slots=True)
class DaskStats:
    """What a run cost: start-up (cluster and model loading) apart from the analysis."""

    startup_seconds: float = 0.0
    partitions: int = 0
    worker_seconds: float = 0.0
    workers: set[int] = field(default_factory=set)


class DaskExecutor:
    """Analyses on Dask workers, handed back in input order through Parquet partitions.

    ``spill`` is the folder partitions go through: optional for a local cluster (a
    temporary folder), required for a remote one (the same path on driver and workers).
    ``batch_size`` articles make one task (default: ``settings.batch_size``).
    """

    def __init__(
        self,
        settings: Settings,
        spec: ClusterSpec,
        *,
        spill: Path | None = None,
        batch_size: int | None = None,
    ) -> None:
        if not spec.local and spill is None:
            raise UsageError(
                f"--cluster {spec.address} needs --spill DIR: a folder mounted at the same path "
                "on this machine and on every worker, for the analysed partitions"
            )
        self.settings = settings
        self.spec = spec
        self.spill = spill
        self.batch_size = max(1, batch_size or settings.batch_size)
        self.stats = DaskStats()
        self._client: Client | None = None
        self._cluster: Any = None
        self._plugin: ModelPlugin | None = None
        self._run_dir: Path | None = None
        self._pending: deque[Future] = deque()
        self._slots = 1

    # --- life cycle -------------------------------------------------------------------

    def __enter__(self) -> DaskExecutor:
        start = time.perf_counter()
        try:
            self._run_dir = self._make_run_dir()
            self._client = self._connect()
            self._plugin = ModelPlugin(self.settings)
            # waits until every worker has loaded the models; a setup error is raised here
            self._client.register_plugin(self._plugin)
            self._slots = max(1, sum(self._client.nthreads().values()))
        except BaseException:
            self.__exit__()
            raise
        self.stats.startup_seconds = time.perf_counter() - start
        log.info(
            "dask: %d worker thread(s) ready in %.1f s (cluster start and model loading)",
            self._slots,
            self.stats.startup_seconds,
        )
        return self

    def _make_run_dir(self) -> Path:
        if self.spill is None:
            return Path(tempfile.mkdtemp(prefix="framelens-spill-"))
        run_dir = self.spill.expanduser().resolve() / f"framelens-{uuid.uuid4().hex[:12]}"
        try:
            run_dir.mkdir(parents=True)
        except OSError as exc:
            raise UsageError(f"--spill {self.spill}: cannot create a folder there ({exc.strerror})") from None
        return run_dir

    def _connect(self) -> Client:
        from distributed import Client, LocalCluster

        if self.spec.address is None:
            import dask

            # Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536, which makes
            # glibc hand freed memory back to the system eagerly; spaCy, numpy and torch
            # allocate and free large buffers per batch, and paying page faults for them
            # again made the analysis ~15% slower (measured: 480 articles, worker time
            # 80.5 s -> 68.0 s, ingest 42.8 s -> 36.0 s).  The thread caps are kept.
            environ = {
                k: v
                for k, v in dask.config.get("distributed.nanny.pre-spawn-environ", {}).items()
                if k != "MALLOC_TRIM_THRESHOLD_"
            }
            # memory_limit=0: batches in flight are bounded here, and a nanny killing a worker
            # for a tight per-worker share of a laptop's memory would only turn into retries
            with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
                self._cluster = LocalCluster(
                    n_workers=self.spec.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    memory_limit=0,
                )
            return Client(self._cluster)
        try:
            client = Client(self.spec.address, timeout=CONNECT_TIMEOUT_S)
        except OSError as exc:
            raise UsageError(
                f"no Dask scheduler answers at {self.spec.address} ({exc}); start one "
                "(`dask scheduler`) or check the address"
            ) from None
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
        except TimeoutError:
            client.close()
            raise UsageError(
                f"the Dask scheduler at {self.spec.address} has no workers; start some with "
                f"`dask worker {self.spec.address} --nthreads 1`"
            ) from None
        return client

    def __exit__(self, *exc: object) -> None:
        for future in self._pending:
            future.cancel()
        self._pending.clear()
        if self._client is not None:
            if self._plugin is not None and self._cluster is None:
                # a shared cluster should not load our models into workers that join later
                try:
                    self._client.unregister_worker_plugin(self._plugin.name)
                except Exception as err:
                    log.debug("could not unregister %s: %s", self._plugin.name, err)
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        if self._run_dir is not None:
            shutil.rmtree(self._run_dir, ignore_errors=True)
            self._run_dir = None

    # --- work -------------------------------------------------------------------------

    def map(self, articles: Iterable[Article]) -> Iterator[Analysis | Failure]:
        """Analyses of ``articles`` in input order; a bounded window of batches is in flight."""
        if self._client is None or self._run_dir is None:
            raise RuntimeError("use DaskExecutor as a context manager: `with DaskExecutor(...) as ex:`")
        client, folder = self._client, str(self._run_dir)
        tag = uuid.uuid4().hex[:8]
        window = 2 * self._slots
        for n, chunk in enumerate(chunks(articles, self.batch_size)):
            name = f"part-{n:07d}"
            self._pending.append(
                client.submit(
                    analyse_partition, self.settings, chunk, folder, name, key=f"framelens-{tag}-{name}"
                )
            )
            if len(self._pending) >= window:
                yield from self._collect(self._pending.popleft())
        while self._pending:
            yield from self._collect(self._pending.popleft())

    def _collect(self, future: Future) -> Iterator[Analysis | Failure]:
        done: PartitionDone = future.result()
        future.release()
        assert self._run_dir is not None
        path = self._run_dir / done.name
        analyses = iter(read_partition(path))
        shutil.rmtree(path, ignore_errors=True)
        self.stats.partitions += 1
        self.stats.worker_seconds += done.seconds
        self.stats.workers.add(done.pid)
        for entry in done.order:
            yield entry if isinstance(entry, Failure) else next(analyses)
