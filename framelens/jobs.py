"""The jobs behind ``framelens extract`` and ``framelens analyze`` as library functions:
inputs -> clean Articles (``extract_to``) or Analyses (``analyze_to``) written in one format.

They sit above the engine (``framelens.engine``): reading inputs, reporting failures and
writing a format are the job's, so the engine only turns Articles into Analyses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TextIO, TypeVar

from framelens.config import Settings
from framelens.exec.local import LocalExecutor
from framelens.models import SCHEMA_VERSION, Analysis, Article, Failure
from framelens.readers import read_refs
from framelens.readers.inputs import InputRef

T = TypeVar("T")


class OutputFormat(StrEnum):
    """The formats of ``extract``."""

    json = "json"
    jsonl = "jsonl"
    text = "text"


class AnalysisFormat(StrEnum):
    """The formats of ``analyze``."""

    json = "json"
    jsonl = "jsonl"
    md = "md"


@dataclass(slots=True)
class ExtractSummary:
    """What a run did: how many articles were written and which inputs failed."""

    articles: int = 0
    failures: list[Failure] = field(default_factory=list)


def article_record(article: Article) -> dict[str, object]:
    """The JSON form of one extracted article (the Article fields plus ``schema_version``)."""
    return {"schema_version": SCHEMA_VERSION, **article.to_dict()}


def _text_block(article: Article) -> str:
    meta = [
        f"source: {article.source}",
        f"outlet: {article.outlet or '-'}",
        f"authors: {', '.join(article.authors) or '-'}",
        f"published: {article.published or '-'}",
        f"language: {article.language or '-'}",
    ]
    title = article.title or "(untitled)"
    return f"# {title}\n" + "\n".join(meta) + "\n\n" + article.text + "\n"


def read_articles(
    refs: Iterable[InputRef | Failure],
    settings: Settings,
    summary: ExtractSummary,
    on_failure: Callable[[Failure], None] | None = None,
    on_input: Callable[[InputRef | Failure], None] | None = None,
) -> Iterator[Article]:
    """The articles read from ``refs``, in order; each failure goes into ``summary`` and to
    ``on_failure`` as it happens, and the stream goes on."""
    for item in read_refs(refs, settings, on_input=on_input):
        if isinstance(item, Failure):
            summary.failures.append(item)
            if on_failure is not None:
                on_failure(item)
        else:
            yield item


def write_stream(
    items: Iterable[T],
    out: TextIO,
    fmt: str,
    record: Callable[[T], dict[str, Any]],
    render: Callable[[T], str],
) -> int:
    """Write ``items`` as one JSON array (``json``), JSON lines (``jsonl``) or rendered blocks
    separated by a blank line (any other format); each is flushed as it comes, so a long run
    shows output and holds one item at a time.  Returns how many were written."""
    count = 0
    if fmt == "json":
        out.write("[")
    for item in items:
        if fmt == "json":
            out.write(
                ("\n" if count == 0 else ",\n") + json.dumps(record(item), ensure_ascii=False, indent=2)
            )
        elif fmt == "jsonl":
            out.write(json.dumps(record(item), ensure_ascii=False) + "\n")
        else:
            out.write(("" if count == 0 else "\n") + render(item))
        count += 1
        out.flush()
    if fmt == "json":
        out.write("\n]\n" if count else "]\n")
    return count


def extract_to(
    refs: Iterable[InputRef | Failure],
    fmt: OutputFormat,
    out: TextIO,
    settings: Settings,
    on_failure: Callable[[Failure], None] | None = None,
    on_input: Callable[[InputRef | Failure], None] | None = None,
) -> ExtractSummary:
    """Write every article read from ``refs`` to ``out`` in ``fmt``, in input order.

    Failures are reported through ``on_failure`` as they happen and do not stop the run.
    """
    summary = ExtractSummary()
    articles = read_articles(refs, settings, summary, on_failure, on_input)
    summary.articles = write_stream(articles, out, fmt, article_record, _text_block)
    return summary


def analyze_to(
    refs: Iterable[InputRef | Failure],
    fmt: AnalysisFormat,
    out: TextIO,
    settings: Settings,
    jobs: int = 1,
    on_failure: Callable[[Failure], None] | None = None,
    on_input: Callable[[InputRef | Failure], None] | None = None,
    on_analysis: Callable[[Analysis], None] | None = None,
) -> ExtractSummary:
    """Read, analyse and write every article of ``refs`` to ``out`` in ``fmt``, in input order.

    Failures (of reading and of analysis) are reported through ``on_failure`` as they
    happen and never stop the run; ``on_analysis`` is called with each analysis (progress).
    Analyses are written as they come, so a long run shows output (and uses bounded memory).
    """
    # imported here: the renderer pulls in jinja2, which ``extract`` does not need
    from framelens.report.analysis_md import render_analysis_md

    summary = ExtractSummary()
    articles = read_articles(refs, settings, summary, on_failure, on_input)

    def analysed(executor: LocalExecutor) -> Iterator[Analysis]:
        # the executor turns an article whose analysis fails into a Failure: the batch goes on
        for result in executor.map(articles):
            if isinstance(result, Failure):
                summary.failures.append(result)
                if on_failure is not None:
                    on_failure(result)
            else:
                if on_analysis is not None:
                    on_analysis(result)
                yield result

    with LocalExecutor(settings, jobs) as executor:
        summary.articles = write_stream(analysed(executor), out, fmt, Analysis.to_dict, render_analysis_md)
    return summary
