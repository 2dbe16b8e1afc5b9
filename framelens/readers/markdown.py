"""Markdown -> plain text.  Syntax goes, link targets are kept as metadata (never as text).

Scraped "text" files are often Markdown (a scraper's HTML-to-Markdown output), so the
text reader also comes here when a file looks like Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from framelens.config import Settings
from framelens.models import Failure, Link
from framelens.readers.decode import BinaryInput, decode_text
from framelens.readers.draft import Draft
from framelens.readers.inputs import RawInput

# Markdown that a plain text would hardly contain: links, ATX headings, emphasis
# markers around words, setext underlines, fenced code.
_MD_SIGNS = re.compile(
    r"\[[^\]\n]+\]\([^)\s]*\)|^#{1,6} \S|^\s*(?:\*\*|__)\S[^\n]*\S(?:\*\*|__)\s*$|^(?:=+|-+)\s*$|^```",
    re.MULTILINE,
)


def looks_like_markdown(text: str) -> bool:
    """Two or more Markdown constructs: one alone may be a stray bracket or a '#' hashtag."""
    return len(_MD_SIGNS.findall(text, 0, 200_000)) >= 2


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


@dataclass(slots=True)
class Reduced:
    """Plain text from Markdown, its links, and the first heading when the text starts with one."""

    text: str
    links: list[Link] = field(default_factory=list)
    first_heading: str | None = None


def _inline_text(token: Token, links: list[Link]) -> str:
    out: list[str] = []
    href: str | None = None
    anchor: list[str] = []
    for child in token.children or []:
        piece = ""
        if child.type in {"text", "code_inline", "html_inline"}:
            piece = child.content if child.type != "html_inline" else ""
        elif child.type in {"softbreak", "hardbreak"}:
            piece = "\n"
        elif child.type == "image":
            piece = ""
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            anchor = []
            continue
        elif child.type == "link_close":
            if href is not None:
                links.append(Link("".join(anchor).strip(), href))
            href = None
            continue
        if href is not None:
            anchor.append(piece)
        out.append(piece)
    return "".join(out)


def reduce_markdown(text: str) -> Reduced:
    """Blocks become paragraphs separated by blank lines; inline markup is dropped."""
    tokens = _parser().parse(text)
    links: list[Link] = []
    blocks: list[str] = []
    first_heading: str | None = None
    in_heading = False
    cells: list[str] | None = None
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "tr_open":
            cells = []
        elif token.type == "tr_close" and cells is not None:
            blocks.append(" | ".join(c for c in cells if c))
            cells = None
        elif token.type == "inline":
            content = _inline_text(token, links).strip()
            if cells is not None:
                cells.append(content)
            elif content:
                if in_heading and not blocks:
                    first_heading = content
                blocks.append(content)
        elif token.type in {"fence", "code_block"} and token.content.strip():
            blocks.append(token.content.strip())
    return Reduced("\n\n".join(blocks), links, first_heading)


def read_markdown(raw: RawInput, settings: Settings) -> Iterator[Draft | Failure]:
    """A .md file: one article."""
    try:
        text = decode_text(raw.data or b"")
    except BinaryInput as exc:
        yield Failure(raw.source, f"is {exc}")
        return
    reduced = reduce_markdown(text)
    yield Draft(
        source=raw.source,
        text=reduced.text,
        site=site_of_path(raw.source),
        links=reduced.links,
        title=reduced.first_heading,
    )


def site_of_path(source: str) -> str:
    """Files in one folder usually come from one site: group them for repetition counting."""
    return source.rsplit("/", 1)[0] if "/" in source else "."
