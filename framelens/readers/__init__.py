"""Readers: every input kind becomes Articles (or Failures that name the input and the problem).

``read`` streams: inputs are read in order, cleaned in windows (so chrome repeated
across pages of one site can be recognised) and yielded in input order.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator

from framelens.config import Settings, load_settings
from framelens.models import Article, Failure
from framelens.readers.assemble import assemble
from framelens.readers.clean import Cleaned, clean_batch, split_blocks
from framelens.readers.draft import Draft
from framelens.readers.html import read_html
from framelens.readers.inputs import FETCHED_KIND, URL_KIND, InputRef, RawInput, list_inputs, load, printable
from framelens.readers.markdown import read_markdown
from framelens.readers.tabular import read_csv, read_jsonl
from framelens.readers.text import draft_from_text, read_text
from framelens.readers.warc import read_fetched, read_warc

log = logging.getLogger(__name__)

Reader = Callable[[RawInput, Settings], Iterator[Draft | Failure]]

READERS: dict[str, Reader] = {
    "txt": read_text,
    "md": read_markdown,
    "html": read_html,
    "warc": read_warc,
    FETCHED_KIND: read_fetched,
    "jsonl": read_jsonl,
    "csv": read_csv,
}

__all__ = ["READERS", "article_from_text", "list_inputs", "read", "read_refs"]


#: a failure's problem is cut to this many characters: one line on stderr, not a page
_PROBLEM_CHARS = 300


def _one_line(failure: Failure) -> Failure:
    """``failure`` with its problem on one line and cut short: a problem may quote the input
    (a CSV header with line breaks in it, an exception's message), and each failure must be
    one line a user (or a script reading stderr) can take in."""
    problem = " ".join(failure.problem.split())
    if len(problem) > _PROBLEM_CHARS:
        problem = problem[: _PROBLEM_CHARS - 3].rstrip() + "..."
    return failure if problem == failure.problem else Failure(failure.source, problem)


def _finish(window: list[Draft | Failure], settings: Settings) -> Iterator[Article | Failure]:
    drafts = [item for item in window if isinstance(item, Draft)]
    to_clean = [d for d in drafts if d.clean]
    cleaned = dict(zip(map(id, to_clean), clean_batch(to_clean, settings), strict=True))
    for item in window:
        if isinstance(item, Failure):
            yield _one_line(item)
            continue
        result = cleaned.get(id(item)) or Cleaned(blocks=split_blocks(item.text))
        article = assemble(item, result, settings)
        yield _one_line(article) if isinstance(article, Failure) else article


def _read_one(ref: InputRef, settings: Settings) -> Iterator[Draft | Failure]:
    raw = load(ref, settings.max_bytes)
    if isinstance(raw, Failure):
        yield raw
        return
    reader = READERS.get(raw.kind)
    if reader is None:  # pragma: no cover - list_inputs only yields known kinds
        yield Failure(raw.source, f"no reader for kind {raw.kind!r}")
        return
    produced = 0
    try:
        for item in reader(raw, settings):
            produced += 1
            yield item
    except Exception as exc:  # a reader bug must not stop the batch; say which input
        log.debug("reader failed on %s", raw.source, exc_info=True)
        yield Failure(raw.source, f"could not be read ({type(exc).__name__}: {exc})")
        produced += 1
    finally:
        if raw.stream is not None:
            raw.stream.close()
    if not produced:
        yield Failure(raw.source, "contains no articles")
    else:
        log.info("read %s as %s: %d document(s)", printable(raw.source), raw.kind, produced)


def read_refs(
    refs: Iterable[InputRef | Failure],
    settings: Settings | None = None,
    on_input: Callable[[InputRef | Failure], None] | None = None,
) -> Iterator[Article | Failure]:
    """Read listed inputs; ``on_input`` is called after each input (for a progress bar).

    URL inputs are fetched first, a window at a time, into the archive of
    ``settings.fetch.archive`` (those already there are read from it without the network).
    """
    settings = settings or load_settings()
    window: list[Draft | Failure] = []
    for ref in _fetched(refs, settings):
        if isinstance(ref, Failure):
            window.append(ref)
        else:
            window.extend(_read_one(ref, settings))
        if on_input is not None:
            on_input(ref)
        if len(window) >= settings.window:
            yield from _finish(window, settings)
            window = []
    yield from _finish(window, settings)


def _fetched(refs: Iterable[InputRef | Failure], settings: Settings) -> Iterator[InputRef | Failure]:
    """``refs`` with each URL replaced by its page in the archive (fetched when missing).

    The fetching code (and httpx) is imported only when a URL is among the inputs.
    """
    it = iter(refs)
    for ref in it:
        if isinstance(ref, InputRef) and ref.kind == URL_KIND:
            from framelens.fetch.pages import archived_refs

            yield from archived_refs(itertools.chain([ref], it), settings)
            return
        yield ref


def read(paths: str | Iterable[str], settings: Settings | None = None) -> Iterator[Article | Failure]:
    """Read files, folders, globs or ``-`` (stdin) into Articles, in input order.

    One path may be given as a string: ``read("article.html")`` (a string is iterable, and
    each of its characters would otherwise be read as a path)."""
    if isinstance(paths, str):
        paths = [paths]
    return read_refs(list_inputs(paths), settings)


def article_from_text(text: str, source: str = "<text>", settings: Settings | None = None) -> Article:
    """One Article from a string, through the same cleaner as text files.

    Raises InputError when no article text is left.
    """
    from framelens.errors import InputError
    from framelens.readers.decode import normalise

    settings = settings or load_settings()
    draft = draft_from_text(normalise(text), source)
    result = next(iter(_finish([draft], settings)))
    if isinstance(result, Failure):
        raise InputError(result.source, result.problem)
    return result
