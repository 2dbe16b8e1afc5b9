#!/usr/bin/env python
"""Corpus-scale benchmarks: ingest + analysis throughput by executor, and story clustering.

Each measurement runs in a fresh process, so that its peak RSS (``ru_maxrss``) is its own.

1. Ingest (``framelens ingest`` as a library call: analyse, link near-duplicates, commit
   in transactions, build the full-text index) of N generated articles of about 450
   words (the generator of ``bench/analyze.py``) into a new DuckDB store, with a single
   process, ``--jobs 2`` (``LocalExecutor``) and a local Dask cluster of 2 single-threaded
   workers (``DaskExecutor``, Parquet partitions through a temporary spill folder).
   Start-up (worker processes, cluster, model loading) is timed apart and left out of
   the articles/min figure.  Peak RSS: the driver, and the largest worker process.
2. Story clustering (``cluster_store``, what ``framelens stories`` runs) of 10k and 100k
   generated short items.  Computing MiniLM embeddings for 100k items would take far
   longer than the clustering itself on this CPU, so the items get precomputed synthetic
   unit vectors, clustered by construction (an event centre plus noise), stored in the
   store's ``embeddings`` table as the stories command would have stored them; each item
   also has 2-3 actors of its event.  The store is built in one process (not measured
   against the targets) and clustered in another, so time and peak RSS are clustering
   alone: reading the unclustered articles, their actors and vectors, streaming them
   through ``StoryClusterer``, writing stories and members.  The MiniLM encoding rate
   on this CPU is measured separately, so its cost at 100k can be estimated.
3. Web latency (search and story pages) is measured by ``bench/web.py``.

Targets (issue "Corpus scale", section "Speed and scale"): ``--jobs 2`` and Dask with 2
workers >= 1.7x single-process throughput; 100k items clustered in < 10 min, < 4 GB RSS;
time growing about linearly.

Usage: ``.venv/bin/python bench/corpus.py [--n N] [--tone/--no-tone] [--sizes 10000 100000] [--quick]``
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from _fresh import measure_in_fresh_process, peak_rss_mb  # the sibling module bench/_fresh.py

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SCALE_TARGET = 1.7
CLUSTER_SECONDS = 600
CLUSTER_RSS_MB = 4096
INGEST_MODES = ("single", "single1", "jobs2", "dask2")
MODE_LABELS = {
    "single": "single process",
    "single1": "single, held to 1 core",
    "jobs2": "--jobs 2",
    "dask2": "Dask local, 2 workers",
}
#: mean articles per synthetic event (sizes 1..9)
EVENT_SIZE = 5
#: noise norm of an item vector around its event centre: cos(item, centre) ~ 0.86
NOISE = 0.6


# --- 1. ingest --------------------------------------------------------------------


class _Entered:
    """An executor already entered (and timed) by the bench; the ingest's ``with`` is a no-op."""

    def __init__(self, executor: Any) -> None:
        self.executor = executor

    def __enter__(self) -> _Entered:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, articles: Iterable[Any]) -> Iterator[Any]:
        return self.executor.map(articles)


def _measure_ingest(mode: str, texts_file: Path, tone: bool) -> dict[str, Any]:
    from framelens.config import load_settings
    from framelens.corpus import ingest_articles, load_corpus_params
    from framelens.exec import LocalExecutor
    from framelens.exec.dask import ClusterSpec, DaskExecutor
    from framelens.exec.worker import warm_up
    from framelens.readers import article_from_text
    from framelens.store import Store

    texts = json.loads(texts_file.read_text("utf-8"))
    settings = load_settings(tone=tone)
    params = load_corpus_params()
    articles = [article_from_text(t, source=f"bench-{i}", settings=settings) for i, t in enumerate(texts)]
    executor: Any
    t0 = time.perf_counter()
    if mode == "dask2":
        executor = DaskExecutor(settings, ClusterSpec(None, 2))
        executor.__enter__()  # starts the cluster; each worker loads its models
    else:
        executor = LocalExecutor(settings, 2 if mode == "jobs2" else 1)
        executor.__enter__()
        if executor._pool is not None:
            executor._pool.start()  # both workers load their models before the clock starts
        elif mode == "single1":
            # each worker's share of this machine: the context row for the 2-worker runs
            from threadpoolctl import threadpool_limits

            threadpool_limits(1)
            warm_up(settings, 1)
        else:
            # the same process-wide model caches LocalExecutor uses; torch keeps every core,
            # as in a plain `framelens ingest` (warm_up's default of 1 thread is for workers)
            warm_up(settings, os.cpu_count() or 1)
    load = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="framelens-bench-") as tmp:
        try:
            with Store(Path(tmp) / "corpus.duckdb") as store:
                start = time.perf_counter()
                summary = ingest_articles(articles, store, settings, params, executor=_Entered(executor))
                seconds = time.perf_counter() - start
        finally:
            executor.__exit__(None, None, None)
    return {
        "seconds": seconds,
        "stored": summary.stored,
        "load": load,
        "driver_rss": peak_rss_mb(),
        "worker_rss": peak_rss_mb(resource.RUSAGE_CHILDREN) if mode in {"jobs2", "dask2"} else None,
    }


# --- 2. clustering ----------------------------------------------------------------


def _unit(v: Any) -> Any:
    import numpy as np

    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _synthetic(n: int, days: float = 365.0, seed: int = 11) -> Iterator[tuple[int, dict[str, Any], Any]]:
    """(event, item, vector) for ``n`` short items in events of 1-9 items over ``days`` days."""
    import datetime as dt

    import numpy as np

    from framelens.embed import DIMENSION

    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    start = dt.datetime(2031, 1, 1)
    i = event = 0
    while i < n:
        size = min(n - i, pick.randint(1, 2 * EVENT_SIZE - 1))
        centre = _unit(rng.standard_normal(DIMENSION))
        when = start + dt.timedelta(days=pick.uniform(0, days))
        cast = [f"Person {pick.randrange(20_000)}" for _ in range(3)]
        noise = rng.standard_normal((size, DIMENSION)) * (NOISE / math.sqrt(DIMENSION))
        vectors = _unit(centre + noise).astype(np.float32)
        for j in range(size):
            published = when + dt.timedelta(hours=pick.uniform(0, 48))
            item = {
                "id": f"s{i:07d}",
                "title": f"Event {event} report {j}",
                "text": f"Short item {i} about event {event}, filed at {published:%H:%M}.",
                "published": published.isoformat(timespec="minutes"),
                "actors": pick.sample(cast, pick.randint(2, 3)),
            }
            yield event, item, vectors[j]
            i += 1
        event += 1


def _build_store(n: int, db: Path, days: float = 365.0) -> dict[str, Any]:
    """A store of ``n`` synthetic analysed items with their vectors stored (not measured)."""
    from framelens.embed import MODEL_NAME
    from framelens.models import Actor, Analysis, Article
    from framelens.store import Store, StoredArticle

    start = time.perf_counter()
    chunk: list[tuple[StoredArticle, Any]] = []

    def flush(store: Store) -> None:
        store.put([s for s, _ in chunk])
        store.put_embeddings({s.analysis.article.id: v for s, v in chunk}, MODEL_NAME)
        chunk.clear()

    events = 0
    with Store(db) as store:
        for event, item, vector in _synthetic(n, days):
            events = event + 1
            article = Article(
                id=item["id"],
                source=item["id"],
                text=item["text"],
                title=item["title"],
                published=item["published"],
            )
            actors = tuple(
                Actor(id=f"a{k}", name=name, type="person", salience=3.0 - k)
                for k, name in enumerate(item["actors"])
            )
            chunk.append((StoredArticle(Analysis(article=article, actors=actors)), vector))
            if len(chunk) >= 5000:
                flush(store)
        flush(store)
    return {"seconds": time.perf_counter() - start, "events": events}


def _measure_cluster(db: Path) -> dict[str, Any]:
    from framelens.corpus import cluster_store, load_corpus_params
    from framelens.store import Store

    params = load_corpus_params()
    chunks: list[float] = []
    with Store(db) as store:
        start = time.perf_counter()
        mark = [start]

        def lap(_summary: Any) -> None:
            now = time.perf_counter()
            chunks.append(now - mark[0])
            mark[0] = now

        summary = cluster_store(store, params.stories, on_progress=lap)
        seconds = time.perf_counter() - start
        rss = peak_rss_mb()
        # purity / completeness against the generating events (the event is in the title)
        rows = (
            store.cursor()
            .execute(
                "SELECT m.story_id, split_part(a.title, ' ', 2) AS event FROM story_members m "
                "JOIN articles a ON a.id = m.article_id"
            )
            .fetchall()
        )
    from collections import Counter

    pairs = Counter((s, e) for s, e in rows)
    by_story: dict[int, int] = {}
    by_event: dict[str, int] = {}
    for (s, e), c in pairs.items():
        by_story[s] = max(by_story.get(s, 0), c)
        by_event[e] = max(by_event.get(e, 0), c)
    return {
        "seconds": seconds,
        "chunks": chunks,
        "rss": rss,
        "items": summary.assigned,
        "stories": summary.stories,
        "purity": sum(by_story.values()) / max(1, len(rows)),
        "completeness": sum(by_event.values()) / max(1, len(rows)),
    }


def _measure_encode(n: int) -> dict[str, Any]:
    """MiniLM sentences/s on title + lead texts like the stories command embeds."""
    from framelens.embed import encode_sentences

    texts = [f"Event {i} report\nShort item {i} about an event, with a lead of some words." for i in range(n)]
    encode_sentences(texts[:8])
    start = time.perf_counter()
    encode_sentences(texts)
    return {"seconds": time.perf_counter() - start, "texts": n}


# --- driver -------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _ingest_table(n: int, tone: bool) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from analyze import generate  # the ~450-word articles of bench/analyze.py

    texts = generate(n)
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory(prefix="framelens-bench-") as tmp:
        path = Path(tmp) / "texts.json"
        path.write_text(json.dumps(texts), "utf-8")
        r = {
            mode: measure_in_fresh_process(__file__, "ingest", mode, str(path), str(tone))
            for mode in INGEST_MODES
        }
    print(f"ingest + analyse, {n} generated articles ({words} words), tone {'on' if tone else 'off'}")
    print()
    head = f"{'executor':<24} {'stored':>6} {'seconds':>8} {'art/min':>8} {'vs 1':>6} {'start-up s':>10}"
    print(f"{head} {'driver RSS MB':>13} {'worker RSS MB':>13}")
    base = r["single"]["seconds"]
    for mode in INGEST_MODES:
        m = r[mode]
        worker = f"{m['worker_rss']:.0f}" if m["worker_rss"] else "(same)"
        print(
            f"{MODE_LABELS[mode]:<24} {m['stored']:>6} {m['seconds']:>8.1f} {60 * n / m['seconds']:>8.0f} "
            f"{base / m['seconds']:>5.2f}x {m['load']:>10.1f} {m['driver_rss']:>13.0f} {worker:>13}"
        )
    print()
    for mode in ("jobs2", "dask2"):
        per_core = r["single1"]["seconds"] / r[mode]["seconds"]
        print(f"{MODE_LABELS[mode]} / single process held to 1 core: {per_core:.2f}x (context only)")
    for mode in ("jobs2", "dask2"):
        scale = base / r[mode]["seconds"]
        print(
            f"{MODE_LABELS[mode]} / single process: {scale:.2f}x "
            f"(target >= {SCALE_TARGET}x: {_verdict(scale >= SCALE_TARGET)})"
        )
    print()


def _cluster_table(sizes: list[int]) -> None:
    print("story clustering (cluster_store) of generated short items with precomputed synthetic vectors")
    print("span: the items' publication times spread over one year (so 10x items means 10x the")
    print("stories open at once), or in proportion to the count (the same stream density)")
    print()
    head = f"{'items':>7} {'span d':>6} {'events':>7} {'stories':>7} {'build s':>8} {'cluster s':>9}"
    print(f"{head} {'items/s':>8} {'1st/last 2k s':>13} {'peak RSS MB':>11} {'purity':>6} {'compl.':>6}")
    largest = max(sizes)
    runs = [(n, 365.0) for n in sizes]
    runs += [(n, 365.0 * n / largest) for n in sizes if n != largest]
    results: dict[tuple[int, float], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="framelens-bench-") as tmp:
        for n, days in runs:
            db = Path(tmp) / f"items-{n}-{days:g}.duckdb"
            built = measure_in_fresh_process(__file__, "build", str(n), str(db), str(days))
            m = measure_in_fresh_process(__file__, "cluster", str(db))
            results[n, days] = m
            laps = m["chunks"]
            first_last = f"{laps[0]:.2f}/{laps[-1]:.2f}"
            print(
                f"{n:>7} {days:>6.1f} {built['events']:>7} {m['stories']:>7} {built['seconds']:>8.1f} "
                f"{m['seconds']:>9.1f} {n / m['seconds']:>8.0f} {first_last:>13} {m['rss']:>11.0f} "
                f"{m['purity']:>6.3f} {m['completeness']:>6.3f}"
            )
            db.unlink()
    enc = measure_in_fresh_process(__file__, "encode", "512")
    rate = enc["texts"] / enc["seconds"]
    print()
    print(
        f"MiniLM encoding on this CPU: {rate:.0f} texts/s (not in the table: 100k items would add ~"
        f"{100_000 / rate / 60:.0f} min, once; vectors are stored and never computed again)"
    )
    smallest = min(sizes)
    if smallest != largest:
        top = results[largest, 365.0]
        for label, days in (("one-year span", 365.0), ("same density", 365.0 * smallest / largest)):
            low = results[smallest, days]
            ratio = top["seconds"] / low["seconds"]
            growth = ratio / (largest / smallest)
            print(
                f"time growth {smallest} -> {largest} ({label}): {ratio:.1f}x for {largest / smallest:.0f}x "
                f"items ({growth:.2f} of linear)"
            )
    if largest >= 100_000:
        top = results[largest, 365.0]
        ok_t, ok_m = top["seconds"] < CLUSTER_SECONDS, top["rss"] < CLUSTER_RSS_MB
        print(
            f"{largest} items in {top['seconds']:.0f} s (target < {CLUSTER_SECONDS} s: "
            f"{_verdict(ok_t)}), {top['rss']:.0f} MB (target < {CLUSTER_RSS_MB} MB: {_verdict(ok_m)})"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--n", type=int, default=240, help="articles to ingest per executor")
    parser.add_argument("--tone", action=argparse.BooleanOptionalAction, default=True, help="tone stage")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="clustering sizes")
    parser.add_argument("--skip", choices=("ingest", "cluster"), help="leave one part out")
    parser.add_argument("--quick", action="store_true", help="60 articles and 2k/20k items, a smoke run")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, *rest = args.measure
        if kind == "ingest":
            result = _measure_ingest(rest[0], Path(rest[1]), rest[2] == "True")
        elif kind == "build":
            result = _build_store(int(rest[0]), Path(rest[1]), float(rest[2]) if len(rest) > 2 else 365.0)
        elif kind == "cluster":
            result = _measure_cluster(Path(rest[0]))
        else:
            result = _measure_encode(int(rest[0]))
        print(json.dumps(result))
        return
    n, sizes = (60, [2_000, 20_000]) if args.quick else (args.n, args.sizes)
    print(f"machine: {os.cpu_count()} CPU(s); each measurement in a fresh process")
    print()
    if args.skip != "ingest":
        _ingest_table(n, args.tone)
    if args.skip != "cluster":
        _cluster_table(sizes)
    print("web UI latency (search and story pages, p50/p95): .venv/bin/python bench/web.py")
    print("reproduce: .venv/bin/python bench/corpus.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
