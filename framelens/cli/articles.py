"""Commands on articles: extract, analyze, compare."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import Annotated

import typer

from framelens.cli._app import (
    PATHS_HELP,
    Frames,
    MaxBytes,
    Model,
    Techniques,
    Tone,
    Verbose,
    Warc,
    _error_exit,
    _finish,
    _interrupted,
    _open_output,
    _progress,
    _report_failure,
    _settings,
    _setup_logging,
    _with_fetch,
    _write,
    app,
    err,
)
from framelens.cli._progress import counting, for_log
from framelens.errors import ConfigError, FramelensError, UsageError
from framelens.jobs import AnalysisFormat, OutputFormat, analyze_to, extract_to
from framelens.readers.inputs import list_inputs, printable
from framelens.text.plurals import counted


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help=PATHS_HELP, show_default=False)],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of standard output.")
    ] = None,
    max_bytes: MaxBytes = None,
    warc: Warc = None,
    verbose: Verbose = 0,
) -> None:
    """Print clean articles: body text without page chrome, with title, authors, date and outlet.

    Every dropped segment is listed under "removed" with the reason.

    Exit status: 0 when every input gave articles, 1 when some failed (named on stderr), 2 on misuse.

    Example: framelens extract examples/ --format jsonl -o articles.jsonl

    URLs: framelens extract https://example.org/news/story.html (fetched once into --warc)
    """
    _setup_logging(verbose)
    settings = _with_fetch(_settings(max_bytes=max_bytes), archive=warc and str(warc))
    refs = list(list_inputs(paths))
    with ExitStack() as stack:
        out = _open_output(stack, output)
        on_input = _progress(stack, len(refs), "reading")
        try:
            summary = extract_to(refs, fmt, out, settings, on_failure=_report_failure, on_input=on_input)
        except KeyboardInterrupt:
            raise _interrupted() from None
    _finish(summary, output, "extracted")


@app.command()
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively), glob patterns, - for standard input or "
            "http(s) URLs; the same inputs as `extract`.",
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
    model: Model = None,
    tone: Tone = True,
    techniques: Techniques = True,
    frames: Frames = True,
    max_bytes: MaxBytes = None,
    warc: Warc = None,
    verbose: Verbose = 0,
) -> None:
    """Analyse each article: actors, labels, quotes, quantities, tone, techniques and frames.

    Actors with their mentions, labels and event terms, quotes and speakers, quantities,
    the tone toward each actor, persuasion techniques and news frames: every item with
    its character offsets into the article text and the verbatim words.

    JSON output follows framelens/schemas/analysis.schema.json (schema_version in every document).

    Exit status: 0 when every input was analysed, 1 when some failed (named on stderr), 2 on misuse.

    Example: framelens analyze examples/ --format md
    """
    _setup_logging(verbose)
    settings = _settings(
        max_bytes=max_bytes, spacy_model=model, tone=tone, techniques=techniques, frames=frames
    )
    settings = _with_fetch(settings, archive=warc and str(warc))
    refs = list(list_inputs(paths))
    lines = for_log(err, "analysed")
    with ExitStack() as stack:
        if lines is not None:
            stack.enter_context(lines.heartbeat())
        out = _open_output(stack, output)
        on_input = _progress(stack, len(refs), "analysing") or (lines.tick if lines else None)
        try:
            summary = analyze_to(
                refs,
                fmt,
                out,
                settings,
                jobs=jobs,
                on_failure=counting(_report_failure, lines),
                on_input=on_input,
                on_analysis=lines.analysed if lines else None,
            )
        except ConfigError as exc:
            raise _error_exit(exc, 2) from None
        except KeyboardInterrupt:
            raise _interrupted() from None
    if lines is not None:
        lines.summary()
    _finish(summary, output, "analysed")


@app.command()
def compare(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="The coverage to compare: files, folders, glob patterns, - or http(s) URLs (the "
            "inputs of `extract`); 2 to 200 articles.  Leave out with --db and --story.",
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
    model: Model = None,
    max_bytes: MaxBytes = None,
    warc: Warc = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Compare a story of this corpus store (with --story) instead of PATHs."),
    ] = None,
    story: Annotated[
        int | None, typer.Option("--story", help="The story id (see `framelens stories`); needs --db.")
    ] = None,
    verbose: Verbose = 0,
) -> None:
    """Compare how several articles cover one event (the main job): a framing report.

    Linked actors, word choice, tone, aligned claims (agreement, numeric or date disagreement,
    opposite assessment, only in one article) and sources, each finding with its evidence
    in the articles' own words.

    With no output option, writes framelens-report.html in the current folder and prints a
    short Markdown summary.  Findings are candidates for a reader to check, not verdicts.

    Exit status: 0 when every input was compared, 1 when some inputs failed (named on
    stderr), 2 on misuse, which includes giving no input that could be read.

    With --db FILE --story ID, compares a story of a corpus store from its stored
    analyses (nothing is analysed again; near-duplicates count once).

    Example: framelens compare examples/ --html report.html --json report.json --md
    """
    _setup_logging(verbose)
    settings = _with_fetch(_settings(max_bytes=max_bytes, spacy_model=model), archive=warc and str(warc))
    from framelens.comparison import compare as compare_articles
    from framelens.report.build import build_report
    from framelens.report.markdown import render_markdown

    stored = db is not None or story is not None
    if stored and paths:
        raise _error_exit("give the articles (PATH...) or --db with --story, not both", 2)
    if stored and (db is None or story is None):
        raise _error_exit("--db and --story go together: --db corpus.duckdb --story ID", 2)
    if not stored and not paths:
        raise _error_exit("Missing argument 'PATHS...' (or give --db FILE --story ID)", 2)
    short = html is None and json_out is None and not md
    if short:
        html = Path("framelens-report.html")
    try:
        if db is not None and story is not None:
            from framelens.corpus import compare_story
            from framelens.store import open_store

            try:
                store = open_store(db, read_only=True)
            except FramelensError as exc:
                raise _error_exit(exc, 2) from None
            with store:
                comparison = compare_story(store, story, settings)
        else:
            lines = for_log(err, "analysed")
            with lines.heartbeat() if lines is not None else nullcontext():
                comparison = compare_articles(
                    paths or [], settings, jobs=jobs, on_result=lines.result if lines else None
                )
            if lines is not None:
                # inputs that could not be read are failures of the run too (the progress
                # lines counted only the analysis's)
                lines.failed = len(comparison.failures)
                lines.summary()
    except (UsageError, ConfigError) as exc:
        raise _error_exit(exc, 2) from None
    except KeyboardInterrupt:
        raise _interrupted() from None
    for failure in comparison.failures:
        _report_failure(failure)
    if comparison.message:
        err.print(f"note: {printable(comparison.message)}", markup=False)
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
    elif short:
        from framelens.report.markdown import render_summary

        sys.stdout.write(render_summary(report, full_report=str(html)))
    if comparison.failures:
        err.print(
            f"{counted(len(comparison.failures), 'input')} failed, "
            f"{counted(len(comparison.articles), 'article')} compared",
            markup=False,
        )
        raise typer.Exit(1)
