"""The Dask executor: a 2-worker local cluster stores exactly what a single-process ingest stores.

``test_dask_ingest_matches_single_process`` starts a real ``distributed.LocalCluster``
(two worker processes, each loading spaCy once) and runs the real pipeline with the tone
stage off, so it takes tens of seconds: it is marked ``slow`` (deselect with
``-m "not slow"``).  The other tests need no cluster.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from corpusgen import generate, syndicated_copy, write_jsonl

from framelens.config import load_settings
from framelens.context import Context
from framelens.corpus import ingest, load_corpus_params
from framelens.errors import UsageError
from framelens.exec import LocalExecutor, make_executor
from framelens.exec.dask import ClusterSpec, DaskExecutor, analyse_partition
from framelens.exec.partitions import read_partition, write_partition
from framelens.exec.worker import Worker, analyse_chunk
from framelens.models import Analysis, Article, Failure
from framelens.pipeline import Pipeline, stage
from framelens.readers.inputs import list_inputs
from framelens.store import TABLES, Store

SETTINGS = load_settings(tone=False)
PARAMS = load_corpus_params().replace(commit_every=7)
#: columns that differ between two runs by design (the wall-clock time of the commit)
_CLOCK = {"ingested_at"}
#: tables an ingest writes (stories and embeddings come from `framelens stories`)
_INGEST_TABLES = [
    t for t in TABLES if t not in {"stories", "story_members", "embeddings", "schema_migrations"}
]


def _contents(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every ingest table's rows, sorted, without the clock columns."""
    cur = store.cursor()
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in _INGEST_TABLES:
        if table not in {r[0] for r in cur.execute("SHOW TABLES").fetchall()}:
            continue
        cols = ", ".join(f'"{c.name}"' for c in TABLES[table] if c.name not in _CLOCK)
        out[table] = cur.execute(f"SELECT {cols} FROM {table} ORDER BY ALL").fetchall()
    return out


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("local:2", ClusterSpec(None, 2)),
        ("local", ClusterSpec(None, max(1, os.cpu_count() or 1))),
        ("tcp://10.0.0.5:8786", ClusterSpec("tcp://10.0.0.5:8786", 0)),
        ("tls://sched:8786", ClusterSpec("tls://sched:8786", 0)),
    ],
)
def test_cluster_spec_parses(text: str, spec: ClusterSpec) -> None:
    assert ClusterSpec.parse(text) == spec


@pytest.mark.parametrize("text", ["local:0", "local:x", "sched:8786", "tcp://", ""])
def test_cluster_spec_rejects_with_advice(text: str) -> None:
    with pytest.raises(UsageError, match="--cluster"):
        ClusterSpec.parse(text)


def test_remote_cluster_needs_a_spill_folder() -> None:
    with pytest.raises(UsageError, match="--spill"):
        DaskExecutor(SETTINGS, ClusterSpec.parse("tcp://sched:8786"))
    with pytest.raises(UsageError, match="--spill is for --cluster"):
        make_executor(SETTINGS, 1, None, Path("spill"))
    assert isinstance(make_executor(SETTINGS, 2), LocalExecutor)


def test_partition_round_trips_the_analyses(tmp_path: Path) -> None:
    rows = generate(per_event=1, events=3)
    articles = [
        Article(id=f"a{i}", source=r["id"], text=r["text"], title=r["title"]) for i, r in enumerate(rows)
    ]
    with LocalExecutor(SETTINGS) as ex:
        analyses = [a for a in ex.map(articles) if isinstance(a, Analysis)]
    assert len(analyses) == 3 and any(a.actors for a in analyses)
    path = write_partition(analyses, tmp_path, "part-0000001")
    assert sorted(p.name for p in path.iterdir())[:2] == ["actors.parquet", "analyses.parquet"]
    assert read_partition(path) == analyses
    # written again (a task Dask re-ran): replaced, never a half-written folder left behind
    write_partition(analyses[:1], tmp_path, "part-0000001")
    assert read_partition(path) == analyses[:1]
    assert [p.name for p in tmp_path.iterdir()] == ["part-0000001"]


@pytest.mark.slow
def test_dask_ingest_matches_single_process(tmp_path: Path) -> None:
    """Slow (a real 2-worker LocalCluster): the stored tables equal a single-process ingest's."""
    rows = generate(per_event=4)
    rows.append(syndicated_copy(rows[0], "Metro Daily"))
    corpus = write_jsonl(rows, tmp_path / "corpus.jsonl")
    (tmp_path / "broken.html").write_bytes(b"\xff\xfe\x00")  # an input that fails to read

    def run(db: Path, executor: Any) -> tuple[dict[str, list[tuple[Any, ...]]], int, list[Failure]]:
        with Store(db) as store:
            refs = list(list_inputs([str(corpus), str(tmp_path / "broken.html")]))
            summary = ingest(refs, store, SETTINGS, PARAMS, executor=executor)
            assert store.check() == []
            return _contents(store), summary.stored, summary.failures

    single, stored, failures = run(tmp_path / "single.duckdb", LocalExecutor(SETTINGS))
    dask = DaskExecutor(SETTINGS, ClusterSpec.parse("local:2"), batch_size=4)
    distributed, dask_stored, dask_failures = run(tmp_path / "dask.duckdb", dask)
    assert stored == dask_stored == len(rows)
    assert [f.source for f in failures] == [f.source for f in dask_failures]
    assert single["duplicates"] and single["actors"]
    assert distributed == single
    assert len(dask.stats.workers) == 2, "both workers analysed batches"
    assert dask.stats.partitions == -(-len(rows) // 4)


def _worker_environ() -> dict[str, str]:
    return {k: os.environ.get(k, "") for k in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS")}


def test_local_cluster_workers_keep_glibc_trimming_default(tmp_path: Path) -> None:
    """Dask's nannies set MALLOC_TRIM_THRESHOLD_ in workers (analysis ~15% slower); ours leave it out."""
    executor = DaskExecutor(SETTINGS, ClusterSpec.parse("local:1"))
    client = executor._connect()  # the cluster alone: no models are loaded
    try:
        (environ,) = client.run(_worker_environ).values()
    finally:
        executor.__exit__()
    assert environ == {"MALLOC_TRIM_THRESHOLD_": "", "OMP_NUM_THREADS": "1"}


@stage("explode", "1")
def _explode(analysis: Analysis, ctx: Context) -> Analysis:
    if "Vossberg" in analysis.article.text:
        raise ValueError("boom")
    return analysis


def test_a_failing_article_costs_only_its_own_result() -> None:
    rows = generate(per_event=1, events=4)
    articles = [Article(id=f"a{i}", source=r["id"], text=r["text"]) for i, r in enumerate(rows)]
    models = Worker(Pipeline([_explode]), Context(SETTINGS))
    out = analyse_chunk(models, articles)
    assert [type(r).__name__ for r in out] == ["Analysis", "Analysis", "Failure", "Analysis"]
    failed = out[2]
    assert isinstance(failed, Failure) and failed.source == "election-ostrelia-0" and "boom" in failed.problem
    assert models.ctx._docs == {}, "no parse is left behind"


def _unparseable(source: str) -> Article:
    """An article the real pipeline cannot analyse (spaCy refuses a text that is not a string):
    a worker process cannot be monkeypatched, so the failure has to come with the article."""
    return Article(id="unparseable", source=source, text=None)  # type: ignore[arg-type]


def test_local_pool_and_dask_worker_give_the_same_failure(tmp_path: Path) -> None:
    """Both executors analyse through one retry and one failure rule, so a failing article
    gives the same Failure (same message) in worker processes, in this process and on Dask."""
    rows = generate(per_event=1, events=2)
    good = [Article(id=f"a{i}", source=r["id"], text=r["text"]) for i, r in enumerate(rows)]
    articles = [good[0], _unparseable("broken.txt"), good[1]]
    settings = SETTINGS.replace(techniques=False, frames=False)
    with LocalExecutor(settings, jobs=2) as pool:
        local = list(pool.map(articles))
    with LocalExecutor(settings) as single:
        in_process = list(single.map(articles))
    done = analyse_partition(settings, articles, str(tmp_path), "part-0000000")
    assert [type(r).__name__ for r in local] == ["Analysis", "Failure", "Analysis"]
    (failure,) = [r for r in local if isinstance(r, Failure)]
    assert [r for r in in_process if isinstance(r, Failure)] == [failure]
    assert [r for r in done.order if isinstance(r, Failure)] == [failure]
    assert failure.source == "broken.txt"
    assert failure.problem.startswith("analysis failed (ValueError: ")
    assert failure.problem.endswith("); article left out")
    assert [a.article.id for a in read_partition(tmp_path / done.name)] == ["a0", "a1"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("framelens")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "framelens"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "FRAMELENS_BATCH_SIZE": "4"}
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, timeout=300)


def test_cli_rejects_a_bad_cluster(tmp_path: Path) -> None:
    done = _cli("ingest", str(tmp_path), "--db", str(tmp_path / "c.duckdb"), "--cluster", "sched:1")
    assert done.returncode == 2 and "--cluster 'sched:1'" in done.stderr


@pytest.mark.slow
def test_cli_ingests_on_a_local_cluster(tmp_path: Path) -> None:
    """Slow (starts a 2-worker LocalCluster through the real command)."""
    corpus = write_jsonl(generate(per_event=2, events=3), tmp_path / "news.jsonl")
    db = tmp_path / "c.duckdb"
    args = ("ingest", str(corpus), "--db", str(db), "--no-tone", "--cluster", "local:2")
    done = _cli(*args)
    assert done.returncode == 0, done.stderr
    assert "stored 6 new articles" in done.stderr
    again = _cli(*args)  # idempotent: nothing left to analyse
    assert again.returncode == 0 and "skipped 6 already stored" in again.stderr
    with Store(db, read_only=True) as store:
        assert store.count("articles") == 6 and store.check() == []
