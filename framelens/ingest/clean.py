"""Page chrome in plain text: find it, drop it from the body, keep it in ``removed`` with a reason.

PLACEHOLDER: splits paragraphs only; the real cleaner replaces this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from framelens.config import Settings
from framelens.ingest.draft import Draft
from framelens.models import Removed


@dataclass(slots=True)
class Cleaned:
    """The kept paragraphs of one document, what was dropped, and metadata found in the text."""

    blocks: list[str]
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    outlet: str | None = None


def split_blocks(text: str) -> list[str]:
    return [b.strip() for b in text.split("\n\n") if b.strip()]


def clean_batch(drafts: Sequence[Draft], settings: Settings) -> list[Cleaned]:
    """Clean a window of documents together (chrome repeated across one site's pages is found here)."""
    return [Cleaned(blocks=split_blocks(d.text)) for d in drafts]
