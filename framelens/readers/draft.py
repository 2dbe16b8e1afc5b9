"""What a reader hands on: the body text of one document before cleaning, with metadata hints."""

from __future__ import annotations

from dataclasses import dataclass, field

from framelens.models import Link, Removed


@dataclass(slots=True)
class Draft:
    """One document as a reader saw it.

    ``text`` is normalised (``decode.normalise``); ``clean`` says whether the plain-text
    chrome cleaner should run on it; ``site`` groups documents of one site so that
    chrome repeated across its pages can be recognised.  Metadata the reader found
    (from a page's tags or a row's fields) wins over what the cleaner finds in the text.
    """

    source: str
    text: str
    site: str = ""
    clean: bool = True
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    links: list[Link] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
