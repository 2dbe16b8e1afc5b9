"""Plain text files: one article each; Markdown-looking text goes through the Markdown reducer."""

from __future__ import annotations

from collections.abc import Iterator

from framelens.config import Settings
from framelens.models import Failure
from framelens.readers.decode import BinaryInput, decode_text
from framelens.readers.draft import Draft
from framelens.readers.inputs import RawInput
from framelens.readers.markdown import looks_like_markdown, reduce_markdown, site_of_path


def draft_from_text(text: str, source: str, site: str = "") -> Draft:
    """A Draft from already-decoded text (used by the text reader and the Python API)."""
    if looks_like_markdown(text):
        reduced = reduce_markdown(text)
        return Draft(
            source=source,
            text=reduced.text,
            site=site,
            links=reduced.links,
            title=reduced.first_heading,
        )
    return Draft(source=source, text=text, site=site)


def read_text(raw: RawInput, settings: Settings) -> Iterator[Draft | Failure]:
    try:
        text = decode_text(raw.data or b"")
    except BinaryInput as exc:
        yield Failure(raw.source, f"is {exc}")
        return
    yield draft_from_text(text, raw.source, site_of_path(raw.source))
