"""The central data model: one set of immutable dataclasses flows through every stage.

Every finding points into ``Article.text`` by character offsets, so evidence can
always be shown verbatim.  ``to_dict``/``from_dict`` give the JSON contract that the
CLI, the store and the reports share; field names there are relied on elsewhere,
so extend them, never rename them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"

_WS = re.compile(r"\s+")


def normalise_for_id(text: str) -> str:
    """The form of a text that its id is computed from.

    Case and whitespace are folded so that the same article read from a page and
    from a text dump gets the same id.
    """
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def article_id(text: str) -> str:
    """A stable id for an article: the first 16 hex digits of SHA-256 of its normalised text."""
    return hashlib.sha256(normalise_for_id(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of character offsets into ``Article.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the input that is not in ``Article.text``, and why.

    Kept so that a user can audit the cleaner: nothing is dropped silently.
    ``reason`` is a short machine-readable tag (``navigation``, ``share-prompt``,
    ``disclaimer``, ``byline`` ...); ``detail`` says which rule fired.
    """

    text: str
    reason: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason, "detail": self.detail}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Removed:
        return cls(str(data["text"]), str(data["reason"]), str(data.get("detail", "")))


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink of the input: its anchor text and target (targets are metadata, never text)."""

    text: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "url": self.url}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(str(data["text"]), str(data["url"]))


@dataclass(frozen=True, slots=True)
class Article:
    """One clean article: the body text and what is known about where it came from."""

    id: str
    source: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    paragraphs: tuple[Span, ...] = ()
    removed: tuple[Removed, ...] = ()
    links: tuple[Link, ...] = field(default=())

    @property
    def paragraph_texts(self) -> list[str]:
        return [p.text_in(self.text) for p in self.paragraphs]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "removed": [r.to_dict() for r in self.removed],
            "links": [link.to_dict() for link in self.links],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=str(data["id"]),
            source=str(data["source"]),
            text=str(data["text"]),
            url=data.get("url"),
            outlet=data.get("outlet"),
            title=data.get("title"),
            authors=tuple(data.get("authors") or ()),
            published=data.get("published"),
            language=data.get("language"),
            paragraphs=tuple(Span.from_dict(p) for p in data.get("paragraphs") or ()),
            removed=tuple(Removed.from_dict(r) for r in data.get("removed") or ()),
            links=tuple(Link.from_dict(link) for link in data.get("links") or ()),
        )


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that gave no article, with a one-line reason a user can act on.

    Readers return these instead of raising, so one bad file never stops a batch.
    """

    source: str
    problem: str

    def message(self) -> str:
        return f"{self.source}: {self.problem}"
