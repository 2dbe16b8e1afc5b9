"""Commands on a corpus store: ingest, export, stories."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from framelens.cli._app import (
    Frames,
    MaxBytes,
    Model,
    Techniques,
    Tone,
    Verbose,
    Warc,
    _error_exit,
    _interrupted,
    _progress,
    _report_failure,
    _settings,
    _setup_logging,
    _with_fetch,
    app,
    err,
)
from framelens.cli._progress import counting, for_log
from framelens.errors import ConfigError, FramelensError, UsageError
from framelens.readers.inputs import list_inputs
from framelens.text.plurals import counted

Db = Annotated[Path, typer.Option("--db", help="The DuckDB corpus store (a file).", show_default=False)]


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively), glob patterns, - for standard input or http(s) "
            "URLs; the same inputs as `extract` (a JSONL or CSV dump may hold many articles).",
            show_default=False,
        ),
    ],
    db: Db,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes (each loads the models once).")
    ] = 1,
    commit_every: Annotated[
        int | None,
        typer.Option(
            "--commit-every",
            min=1,
            help="Articles per transaction (default: corpus.commit_every of the settings).",
        ),
    ] = None,
    model: Model = None,
    tone: Tone = True,
    techniques: Techniques = True,
    frames: Frames = True,
    max_bytes: MaxBytes = None,
    warc: Warc = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Analyse on Dask: local[:N] starts N local worker processes (default: one per CPU); "
            "tcp://HOST:8786 uses an existing cluster (needs --spill). Replaces --jobs.",
            show_default=False,
        ),
    ] = None,
    spill: Annotated[
        Path | None,
        typer.Option(
            "--spill",
            help="With --cluster: folder for the workers' Parquet partitions, at the same path on "
            "this machine and every worker (default for local: a temporary folder).",
            show_default=False,
        ),
    ] = None,
    verbose: Verbose = 0,
) -> None:
    """Read, analyse and store articles in a DuckDB corpus store (created when absent).

    Articles already stored (same text) are skipped without being analysed again;
    near-duplicates (syndicated copies with small edits) are stored and linked to their
    original.  Work is committed in batches: a run that is killed keeps every committed
    batch, and running the same command again completes the rest.

    Exit status: 0 when every input was stored, 1 when some failed (named on stderr), 2 on misuse.

    Example: framelens ingest dumps/*.jsonl --db corpus.duckdb --jobs 2

    On Dask: framelens ingest dumps/ --db corpus.duckdb --cluster tcp://sched:8786 --spill /shared/spill
    """
    _setup_logging(verbose)
    from framelens.corpus import ingest as ingest_corpus
    from framelens.corpus import load_corpus_params

    settings = _settings(
        max_bytes=max_bytes, spacy_model=model, tone=tone, techniques=techniques, frames=frames
    )
    settings = _with_fetch(settings, archive=warc and str(warc))
    try:
        params = load_corpus_params().replace(commit_every=commit_every)
    except ConfigError as exc:
        raise _error_exit(exc, 2) from None
    from framelens.exec import make_executor
    from framelens.store import open_store
    from framelens.store.duck import LOCK_WAIT_S

    try:
        executor = make_executor(settings, jobs, cluster, spill)
    except FramelensError as exc:
        raise _error_exit(exc, 2) from None
    refs = list(list_inputs(paths))
    with ExitStack() as stack:
        try:
            store = stack.enter_context(open_store(db, lock_wait=LOCK_WAIT_S))
        except FramelensError as exc:
            raise _error_exit(exc, 2) from None
        lines = for_log(err, "analysed")
        if lines is not None:
            stack.enter_context(lines.heartbeat())
        on_input = _progress(stack, len(refs), "ingesting") or (lines.tick if lines else None)
        try:
            summary = ingest_corpus(
                refs,
                store,
                settings,
                params,
                executor=executor,
                on_failure=counting(_report_failure, lines),
                on_input=on_input,
                on_analysis=lines.analysed if lines else None,
            )
        except (ConfigError, UsageError) as exc:
            raise _error_exit(exc, 2) from None
        except FramelensError as exc:
            raise _error_exit(exc, 1) from None
        except KeyboardInterrupt:
            raise _interrupted("committed batches are kept, run the same command to finish") from None
    if lines is not None:
        lines.summary()
    err.print(
        f"stored {counted(summary.stored, 'new article')} in {db} "
        f"({counted(summary.duplicates, 'near-duplicate')} linked), skipped {summary.skipped} already stored",
        markup=False,
    )
    if summary.failures:
        err.print(f"{counted(len(summary.failures), 'input')} failed", markup=False)
        raise typer.Exit(1)


@app.command()
def export(
    directory: Annotated[
        Path, typer.Argument(help="Folder to write one file per table into.", show_default=False)
    ],
    db: Db,
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet or jsonl.")] = "parquet",
    verbose: Verbose = 0,
) -> None:
    """Export every table of a corpus store, one file per table (Parquet that DuckDB reads, or JSONL).

    Example: framelens export --db corpus.duckdb --format parquet out/

    Then query the files with the DuckDB Python package that framelens installs, e.g.
    duckdb.sql("select outlet, count(*) from 'out/articles.parquet' group by 1").show()
    """
    _setup_logging(verbose)
    from framelens.store import ExportFormat, export_store, open_store
    from framelens.store.duck import LOCK_WAIT_S

    if fmt not in {f.value for f in ExportFormat}:
        raise _error_exit(f"--format must be parquet or jsonl, not {fmt!r}", 2)
    try:
        store = open_store(db, read_only=True, lock_wait=LOCK_WAIT_S)
    except FramelensError as exc:
        raise _error_exit(exc, 2) from None
    with store:
        try:
            written = export_store(store, directory, ExportFormat(fmt))
        except FramelensError as exc:
            raise _error_exit(exc, 2) from None
    for item in written:
        err.print(f"wrote {item.path} ({counted(item.rows, 'row')})", markup=False)


@app.command()
def stories(
    db: Db,
    top: Annotated[
        int,
        typer.Option("--top", min=0, help="List the N largest stories afterwards, with a header (0: none)."),
    ] = 10,
    verbose: Verbose = 0,
) -> None:
    """Group a store's articles into stories (the same event), incrementally.

    Only articles in no story yet are placed: each joins the best-matching story in its
    time window (by text embedding, actor overlap and time) or starts a new one.
    Near-duplicates join their original's story and count once.  Then the comparison
    report of every story that changed (or has none) is computed and stored, which is
    what `serve` shows.  Runs while `serve` serves the same store.

    Example: framelens stories --db corpus.duckdb --top 20
    """
    _setup_logging(verbose)
    from framelens.corpus import build_story_reports, cluster_store, load_corpus_params
    from framelens.store import open_store
    from framelens.store.duck import LOCK_WAIT_S

    settings = _settings()
    try:
        params = load_corpus_params()
        store = open_store(db, lock_wait=LOCK_WAIT_S)
    except FramelensError as exc:
        raise _error_exit(exc, 2) from None
    with store:
        try:
            summary = cluster_store(store, params.stories, batch_size=settings.encode_batch_size)
            reports = build_story_reports(store, settings, max_articles=settings.web.max_story_articles)
        except FramelensError as exc:
            raise _error_exit(exc, 1) from None
        except KeyboardInterrupt:
            raise _interrupted(
                "placed articles and stored reports are kept, run the same command to finish"
            ) from None
        listed = store.story_list(limit=top)
    err.print(
        f"placed {counted(summary.assigned, 'article')}: {summary.joined} joined a story, "
        f"{summary.new_stories} started one, "
        f"{counted(summary.duplicates, 'near-duplicate')} joined their original's; "
        f"{counted(summary.stories, 'story')} in {db}; {counted(reports.built, 'story report')} computed",
        markup=False,
    )
    if listed:
        typer.echo(f"{'story':>6}  {'size':>4}  {'dates':<24}  title")
    for row in listed:
        span = " .. ".join(str(t.date()) for t in dict.fromkeys((row["first_at"], row["last_at"])) if t)
        typer.echo(f"{row['id']:>6}  {row['size']:>4}  {span or '(undated)':<24}  {row['title'] or ''}")
    if top:
        more = " (--top N lists more)" if len(listed) < summary.stories else ""
        err.print(
            f"showing {len(listed)} of {counted(summary.stories, 'story')}, largest first{more}; "
            f"open one with: framelens compare --db {db} --story ID",
            markup=False,
        )
