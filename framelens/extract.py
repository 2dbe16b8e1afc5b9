"""The ``extract`` job as a library function: inputs -> clean Articles written in one format."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TextIO

from framelens.config import Settings
from framelens.ingest import read_refs
from framelens.ingest.sources import InputRef
from framelens.models import SCHEMA_VERSION, Article, Failure


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


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
    first = True
    if fmt is OutputFormat.json:
        out.write("[")
    for item in read_refs(refs, settings, on_input=on_input):
        if isinstance(item, Failure):
            summary.failures.append(item)
            if on_failure is not None:
                on_failure(item)
            continue
        summary.articles += 1
        if fmt is OutputFormat.json:
            out.write(
                ("\n" if first else ",\n") + json.dumps(article_record(item), ensure_ascii=False, indent=2)
            )
        elif fmt is OutputFormat.jsonl:
            out.write(json.dumps(article_record(item), ensure_ascii=False) + "\n")
        else:
            out.write(("" if first else "\n") + _text_block(item))
        first = False
        out.flush()
    if fmt is OutputFormat.json:
        out.write("\n]\n" if not first else "]\n")
    return summary
