"""HTML pages: the main content with trafilatura, metadata from the page.

MINIMAL VERSION: to be refined.
"""

from __future__ import annotations

from collections.abc import Iterator

import trafilatura

from framelens.config import Settings
from framelens.ingest.decode import BinaryInput, decode, normalise
from framelens.ingest.draft import Draft
from framelens.ingest.sources import RawInput
from framelens.models import Failure


def draft_from_html(html: str, source: str, url: str | None = None) -> Draft | Failure:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if isinstance(doc, dict) or doc is None or not getattr(doc, "text", None):
        return Failure(source, "no article text found in the HTML page")
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return Draft(
        source=source,
        text=normalise(doc.text or ""),
        site=doc.sitename or doc.hostname or "",
        clean=False,
        url=doc.url or url,
        outlet=doc.sitename or doc.hostname,
        title=doc.title,
        authors=authors,
        published=doc.date,
    )


def read_html(raw: RawInput, settings: Settings) -> Iterator[Draft | Failure]:
    try:
        html = decode(raw.data or b"")
    except BinaryInput as exc:
        yield Failure(raw.source, f"is {exc}")
        return
    yield draft_from_html(html, raw.source)
