"""Input text made safe to show: no invisible reordering or hiding, no markup in Markdown.

Titles, outlets, authors and article texts are input.  Bidirectional overrides and
isolates (U+202A-U+202E, U+2066-U+2069) reorder what follows them, so a title can read
"Bidi exe.png title" while holding something else; zero-width characters hide inside
names.  They are dropped from what is shown (the stored data and the JSON keep them).
ZWJ and ZWNJ stay between two non-ASCII characters, where Persian, Indic scripts and emoji
sequences need them.  HTML pages also isolate each title, outlet and author in ``<bdi>``
so a right-to-left name cannot reorder the text around it.

Markdown passes raw HTML and links through, so ``md`` escapes what would become markup.
Hand-written because no library escapes for CommonMark output (``markupsafe`` is for HTML).
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

#: bidi embeddings, overrides, isolates and marks; zero-width space, word joiner, BOM, Mongolian
#: vowel separator, invisible operators
_ALWAYS = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    "\u200b\u2060\ufeff\u180e\u2061\u2062\u2063\u2064"
)
#: joiners: kept only between two non-ASCII characters
_JOINERS = "\u200c\u200d"
_INVISIBLE = re.compile(f"[{_ALWAYS}]|(?<![^\\x00-\\x7f])[{_JOINERS}]|[{_JOINERS}](?![^\\x00-\\x7f])")
#: CommonMark punctuation that can start markup: HTML, links and images, code, tables
_MARKDOWN = re.compile(r"([\\`<>\[\]&|])")


def visible(text: str) -> str:
    """``text`` without characters that reorder or hide what is shown."""
    return _INVISIBLE.sub("", text)


def finalize(value: Any) -> Any:
    """Jinja2's ``finalize``: every value a template prints goes through ``visible``.

    Escaped markup stays markup: dropping invisible characters cannot create a tag.
    """
    if isinstance(value, Markup):
        return Markup(visible(str(value)))
    if isinstance(value, str):
        return visible(value)
    return value


def md(value: Any) -> str:
    """A value as Markdown text: visible characters only, markup punctuation escaped."""
    return _MARKDOWN.sub(r"\\\1", visible(str(value)))


def unnamed_text(summary: dict[str, Any]) -> str:
    """A source summary's unnamed sources as a reader counts them: "2 of 17 (12%)"; "–" with no
    attributed quotes (summaries written before the count existed read as none)."""
    total = int(summary.get("direct", 0)) + int(summary.get("indirect", 0))
    if not total:
        return "–"
    unnamed = int(summary.get("unnamed", 0))
    return f"{unnamed} of {total} ({round(100 * unnamed / total)}%)"


def percentile_text(value: float | None) -> str | None:
    """A percentile as a reader says it, rounded to a whole number: "80th pct", "1st pct",
    "12th pct"; None when there is none (no reference)."""
    if value is None:
        return None
    n = round(value)
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} pct"
