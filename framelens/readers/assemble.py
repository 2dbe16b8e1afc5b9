"""Draft + cleaning result -> Article: join paragraphs, compute offsets, id and language."""

from __future__ import annotations

import logging

from framelens.config import Settings
from framelens.models import Article, Failure, Span, article_id
from framelens.readers.clean import Cleaned
from framelens.readers.draft import Draft
from framelens.readers.language import detect_language

log = logging.getLogger(__name__)

PARAGRAPH_SEPARATOR = "\n\n"


def assemble(draft: Draft, cleaned: Cleaned, settings: Settings) -> Article | Failure:
    """Build the Article; a document with no article text left is a Failure, not an empty Article."""
    blocks = [b.strip() for b in cleaned.blocks if b.strip()]
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for block in blocks:
        if parts:
            pos += len(PARAGRAPH_SEPARATOR)
        spans.append(Span(pos, pos + len(block)))
        parts.append(block)
        pos += len(block)
    text = PARAGRAPH_SEPARATOR.join(parts)
    if not draft.text.strip():
        return Failure(draft.source, "is empty (no text)")
    if len(text) < settings.min_text_chars:
        kept = f"{len(text)} characters" if text else "nothing"
        return Failure(
            draft.source,
            f"no article text found ({kept} left after removing page chrome; "
            f"{len(cleaned.removed) + len(draft.removed)} segments removed)",
        )
    language = draft.language
    if language is None and settings.detect_language:
        language = detect_language(text)
    if language is not None and language != "en":
        log.warning(
            "%s: language detected as %r; framelens's analysis is tuned for English",
            draft.source,
            language,
        )
    return Article(
        id=article_id(text),
        source=draft.source,
        text=text,
        url=draft.url,
        outlet=draft.outlet or cleaned.outlet,
        title=draft.title or cleaned.title,
        authors=draft.authors or cleaned.authors,
        published=draft.published or cleaned.published,
        language=language,
        paragraphs=tuple(spans),
        removed=tuple(draft.removed) + tuple(cleaned.removed),
        links=tuple(draft.links),
    )
