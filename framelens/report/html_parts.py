"""Building blocks of the HTML report's view: links, headers, matrices and the page's link registry.

They sit apart from ``framelens.report.html`` so that the views of each report section
(``html.py`` for the original sections, ``html_techniques.py`` for persuasion techniques
and frames) share one registry of ids and links without importing each other: every
``href`` on the page must have its target and every span its way back, and that only
holds if one ``Page`` hands out all the links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

#: above this many articles the matrices put articles in rows (vertical scrolling reads better)
TRANSPOSE_ABOVE = 6


def signed(score: float | None) -> str:
    """A score with its sign and a true minus, the way the tables print it."""
    return "–" if score is None else f"{score:+.2f}".replace("-", "−")


@dataclass(frozen=True)
class Link:
    """An in-page link from a table entry to a span; ``id`` lets the span link back."""

    href: str
    text: str
    id: str
    title: str = ""


@dataclass(frozen=True)
class Head:
    """A row or column header of a matrix (an actor, an article, an event family, a technique, a frame)."""

    text: str
    sub: str = ""
    href: str = ""
    muted: bool = False
    #: the whole name when ``text`` is a short form of it (shown on hover, read by screen readers)
    full: str = ""


@dataclass
class Grid:
    """A matrix already turned the way it is shown: columns, then rows of cells."""

    corner: str
    cols: list[Head]
    rows: list[tuple[Head, list[Any]]]
    #: articles are the rows (there are many of them)
    turned: bool = False


@dataclass(frozen=True)
class Mark:
    """A span to mark up in an article text: its kind, id, tooltip and optional back link.

    ``tag`` is (key, name) for spans whose kind needs naming in the text itself, not only
    on hover: a persuasion technique shows its key (``LL``) after its last fragment,
    because hover never reaches keyboard, touch or print readers.
    """

    start: int
    end: int
    kind: str
    id: str
    title: str
    back: tuple[str, str] | None = None
    tag: tuple[str, str] | None = None


@dataclass
class Page:
    """Article keys, highlight ids and the links between tables and texts, for one page."""

    report: dict[str, Any]
    keys: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    actors: dict[str, str] = field(default_factory=dict)
    refs: dict[str, set[str]] = field(default_factory=dict)
    evidence: dict[str, dict[tuple[str | None, int, int], str]] = field(default_factory=dict)
    back: dict[str, tuple[str, str]] = field(default_factory=dict)
    count: int = 0

    def __post_init__(self) -> None:
        for n, art in enumerate(self.report["articles"], 1):
            self.keys[art["id"]] = n
            self.names[art["id"]] = art["label"]
            self.refs[art["id"]] = {h["ref"] for h in art["highlights"]}
            self.evidence[art["id"]] = {}
        self.actors = {a["id"]: a["name"] for a in self.report["actors"]}

    def hid(self, article: str, ref: str) -> str:
        return f"a{self.keys[article]}-{ref}"

    def link(self, article: str, item: dict[str, Any], text: str, *, back: str = "", title: str = "") -> Link:
        """A link to a highlight (by ``ref``) or else to an evidence anchor (by offsets).

        Evidence that is no highlight (claim, tone and frame sentences) gets an anchor of its
        own in the text, so every ``href`` of the page has its target.
        """
        ref = item.get("ref")
        if ref and ref in self.refs[article]:
            target = self.hid(article, ref)
        else:
            field = item.get("field")
            target = f"a{self.keys[article]}-ev{'-' + field if field else ''}-{item['start']}-{item['end']}"
            self.evidence[article][(field, item["start"], item["end"])] = target
        self.count += 1
        link_id = f"to-{self.count}"
        if back and target not in self.back:
            self.back[target] = (link_id, back)
        return Link(href=f"#{target}", text=text, id=link_id, title=title)

    def article_head(self, article: str) -> Head:
        return Head(self.names[article], f"#{self.keys[article]}", f"#art-{self.keys[article]}")


def matrix(
    corner: str,
    rows: list[tuple[str, Head]],
    articles: list[str],
    page: Page,
    cell: Callable[[str, str], Any],
) -> Grid:
    """Rows × articles, transposed to articles × rows when there are many articles."""
    heads = [page.article_head(a) for a in articles]
    if not turned(articles):
        return Grid(corner, heads, [(head, [cell(key, a) for a in articles]) for key, head in rows])
    return Grid(
        "article",
        [h for _, h in rows],
        [(h, [cell(k, a) for k, _ in rows]) for a, h in zip(articles, heads, strict=True)],
        turned=True,
    )


def turned(articles: list[str]) -> bool:
    """Whether ``matrix`` shows these articles as rows (past side-by-side columns)."""
    return len(articles) > TRANSPOSE_ABOVE


def grouped(
    items: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], str]
) -> list[list[dict[str, Any]]]:
    """Items with the same key together, in order of first appearance (for "×n" counts)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.values())


def _why(item: dict[str, Any]) -> str:
    """A label's polarity and the rule that decided it, as a tooltip ("negative: office or rank")."""
    reason, polarity = item.get("polarity_reason"), item.get("polarity")
    parts = [f"{polarity}: {reason}" if reason and polarity else ""]
    if item.get("quoted_by"):
        parts.append(f"in a quote of {item['quoted_by']}")
    elif item.get("reported_by"):
        parts.append(f"in what the outlet reports {item['reported_by']} saying")
    return "; ".join(p for p in parts if p)


def occurrences(page: Page, article: str, same: list[dict[str, Any]], back: str) -> dict[str, Any]:
    """One word as a link to its first span, and numbered links to its other uses."""
    links = [
        page.link(article, it, it["text"] if i == 0 else str(i + 1), back=back, title=_why(it))
        for i, it in enumerate(same)
    ]
    return {
        "first": links[0],
        "more": links[1:],
        "count": len(same),
        "only": any(i.get("only_here") for i in same),
    }
