"""Markdown -> plain text: syntax goes, link targets become metadata, the first heading is a title hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from framelens.config import Settings
from framelens.models import Failure, Link
from framelens.readers.draft import Draft
from framelens.readers.inputs import InputRef, RawInput
from framelens.readers.markdown import looks_like_markdown, read_markdown, reduce_markdown, site_of_path
from framelens.readers.text import draft_from_text

DOC = """# Bridge to close for repairs

The **council** voted on _Tuesday_ to close the [old bridge](https://example.org/bridge).
It was built in 1920.

> "We have no choice," the mayor said.

- Cost: `€5m`
- Duration: six months

| Item | Cost |
|------|------|
| Steel | €2m |

![A photo](https://example.org/photo.jpg)

```
code block kept
```
"""


def test_reduce_markdown_exact() -> None:
    reduced = reduce_markdown(DOC)
    assert reduced.text == (
        "Bridge to close for repairs\n\n"
        "The council voted on Tuesday to close the old bridge.\nIt was built in 1920.\n\n"
        '"We have no choice," the mayor said.\n\n'
        "Cost: €5m\n\n"
        "Duration: six months\n\n"
        "Item | Cost\n\n"
        "Steel | €2m\n\n"
        "code block kept"
    )
    assert reduced.links == [Link("old bridge", "https://example.org/bridge")]
    assert reduced.first_heading == "Bridge to close for repairs"


def test_first_heading_only_when_the_text_starts_with_it() -> None:
    assert reduce_markdown("Intro paragraph.\n\n# Later heading\n\nMore.").first_heading is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DOC, True),
        ("# Title\n\nSee [the report](https://x.org).", True),
        ("Prices rose by 5% (see chart). #news", False),
        ("A [bracket] alone, and a # sign.", False),
        ("Plain text.\n\nTwo paragraphs.", False),
    ],
)
def test_looks_like_markdown(text: str, expected: bool) -> None:
    assert looks_like_markdown(text) is expected


def test_read_markdown_file_and_binary() -> None:
    raw = RawInput(InputRef("news/a.md", "md"), data=DOC.encode("utf-16"))
    [draft] = list(read_markdown(raw, Settings()))
    assert isinstance(draft, Draft)
    assert (draft.source, draft.site, draft.title) == ("news/a.md", "news", "Bridge to close for repairs")
    assert draft.text.startswith("Bridge to close for repairs\n\nThe council voted")
    binary = RawInput(InputRef("b.md", "md"), data=b"\x00\x01\x02")
    assert list(read_markdown(binary, Settings())) == [
        Failure("b.md", "is binary data (NUL bytes), not text")
    ]


def test_text_that_looks_like_markdown_is_reduced() -> None:
    draft = draft_from_text("## Heading\n\nSee [this](https://x.org/a) now.", "a.txt", "site")
    assert (draft.text, draft.title, draft.links, draft.site) == (
        "Heading\n\nSee this now.",
        "Heading",
        [Link("this", "https://x.org/a")],
        "site",
    )
    plain = draft_from_text("Plain text with a [bracket].", "b.txt")
    assert (plain.text, plain.title, plain.links) == ("Plain text with a [bracket].", None, [])


@pytest.mark.parametrize(
    ("source", "site"), [("a/b/c.md", "a/b"), ("c.md", "."), (str(Path("x") / "y.md"), "x")]
)
def test_site_of_path(source: str, site: str) -> None:
    assert site_of_path(source) == site
