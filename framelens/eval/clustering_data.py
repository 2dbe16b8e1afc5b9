"""The published story-clustering dataset of Miranda et al. (EMNLP 2018), read as ours.

Priberam released the dataset of "Multilingual Clustering of Streaming News" as one JSON
array per split (``dataset.dev.json``, ``dataset.test.json``): each element is an
article with ``id``, ``title``, ``text``, ``date`` ("2014-11-07 11:09:00"), ``lang``
("eng", "deu", "spa") and the gold ``cluster``, next to fields we do not need.  That is
our JSONL contract in another container with other language codes, so this module only
reads the array, keeps the wanted languages, maps the codes to ISO 639-1 and writes one
JSON object per line.  ``framelens eval clustering`` also reads the array directly.

Why a hand-written reader and not a library: the format is a plain JSON array; the
standard ``json`` module reads it and the rest is renaming.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framelens.errors import InputError
from framelens.readers.tabular import normalise_date
from framelens.text.plurals import counted

#: the dataset's ISO 639-2 codes and the ISO 639-1 codes framelens stores
LANGUAGE_CODES = {"eng": "en", "deu": "de", "ger": "de", "spa": "es", "fra": "fr", "fre": "fr"}
REQUIRED = ("id", "text", "cluster")


def iso_language(code: object) -> str | None:
    """ "eng" -> "en"; a two-letter code is kept; anything else is kept lower-cased."""
    if not isinstance(code, str) or not code.strip():
        return None
    code = code.strip().lower()
    return LANGUAGE_CODES.get(code, code)


def is_json_array(text: str) -> bool:
    """Whether a dataset's text starts (after white space) with ``[``: the published array, not JSONL."""
    return text.lstrip("\ufeff \t\r\n")[:1] == "["


def _record(data: Any, where: str, seen: set[str]) -> dict[str, Any]:
    missing = [k for k in REQUIRED if not isinstance(data, dict) or data.get(k) in (None, "")]
    if missing:
        raise InputError(where, f"lacks {', '.join(missing)}; each article needs {', '.join(REQUIRED)}")
    doc_id = str(data["id"])
    if doc_id in seen:
        raise InputError(where, f"repeats id {doc_id!r}; ids must be unique")
    seen.add(doc_id)
    return {
        "id": doc_id,
        "text": str(data["text"]),
        "title": data.get("title") or None,
        "date": normalise_date(data.get("date")),
        "lang": iso_language(data.get("lang")),
        "cluster": str(data["cluster"]),
    }


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"is not UTF-8 text ({exc.reason})") from None


def _items(path: Path, text: str) -> Iterator[tuple[str, Any]]:
    """(where, parsed article) for each article of either format; ``where`` names it in errors."""
    if is_json_array(text):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"is not a JSON array of articles ({exc})") from None
        if not isinstance(items, list):
            raise InputError(str(path), "is not a JSON array of articles")
        for index, data in enumerate(items):
            yield f"{path}[{index}]", data
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}", f"is not JSON ({exc.msg})") from None
        yield f"{path}:{number}", data


def read_records(path: Path, languages: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """The articles of a clustering dataset in either format, as our JSONL records.

    JSONL (one object per line) or the published JSON array; ``languages`` (ISO codes
    of either length) keeps only those articles.  A malformed article is an InputError
    naming the line or the array index, and so is a file with no (wanted) article.
    """
    wanted = {iso_language(code) for code in languages} if languages else None
    seen: set[str] = set()
    found = 0
    for where, data in _items(path, _read_text(path)):
        record = _record(data, where, seen)
        if wanted is None or record["lang"] in wanted:
            found += 1
            yield record
    if not found:
        which = f" in {', '.join(sorted(languages))}" if languages else ""
        raise InputError(str(path), f"holds no articles{which}")


@dataclass
class Conversion:
    """What a conversion wrote: articles and gold clusters per language."""

    articles: Counter[str] = field(default_factory=Counter)
    clusters: dict[str, set[str]] = field(default_factory=dict)

    def render(self, source: Path, target: Path) -> str:
        total = sum(self.articles.values())
        parts = ", ".join(
            f"{lang}: {counted(n, 'article')} in {counted(len(self.clusters[lang]), 'cluster')}"
            for lang, n in sorted(self.articles.items())
        )
        return f"wrote {counted(total, 'article')} from {source} to {target} ({parts or 'none'})"


def convert(source: Path, target: Path, languages: Iterable[str] | None = None) -> Conversion:
    """Write ``source`` (either format) as our JSONL to ``target``; the target is only
    replaced once the whole source has been read, so a bad source leaves it untouched."""
    records = list(read_records(source, languages))
    summary = Conversion()
    for record in records:
        lang = record["lang"] or "unknown"
        summary.articles[lang] += 1
        summary.clusters.setdefault(lang, set()).add(record["cluster"])
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(str(target), f"cannot be written: {exc.strerror or exc}") from None
    return summary
