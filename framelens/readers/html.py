"""HTML pages: the main content with trafilatura, metadata from the page's own tags.

trafilatura is the best-measured open extractor on news pages, so it does the hard
part (finding the article container).  framelens adds what its benchmark misses
and what framelens needs:

- the page's declared charset is honoured before any guessing (``<meta charset>``);
- boxes that live inside the article container (newsletter sign-ups, related-story
  lists, "read more" teasers, hover cards) are pruned from the tree first, by class
  and id vocabulary and by link density (``resources/html.toml``);
- the headline is metadata, so a first line repeating it leaves the body;
- the body comes out as paragraphs separated by blank lines, so that offsets into
  ``Article.text`` line up with the page's paragraphs;
- everything dropped is kept in ``Draft.removed`` with a reason.

A page that cannot be parsed, or has no article, gives a Failure with one line;
nothing here raises on bad input.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from framelens.config import Settings
from framelens.models import Failure, Removed
from framelens.readers.decode import BinaryInput, decode, meta_charset, normalise
from framelens.readers.draft import Draft
from framelens.readers.inputs import RawInput

if TYPE_CHECKING:
    from trafilatura.settings import Document

log = logging.getLogger(__name__)

__all__ = ["HtmlRules", "draft_from_html", "read_html"]

NO_ARTICLE = "no article text found in the HTML page"
NOT_HTML = "is not an HTML page (no HTML tags found)"

# Any of these tags near the start means markup; plain text with a stray '<' does not.
_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|span|a|br|h[1-6]|article|section|table|ul|li|script)\b",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_PARAGRAPH_TAGS = ("p", "h2", "h3", "h4", "blockquote")
_NAMED = etree.XPath("//*[@class or @id]")
_TEXT_LENGTH = etree.XPath("string-length(normalize-space(.))")
# Candidates for the link-block rules, found by libxml2 in one pass each (document order):
# only elements that hold a link can be mostly link text.
_LISTS_WITH_LINKS = etree.XPath("//ul[.//a] | //ol[.//a]")
_PARAGRAPHS_WITH_LINKS = etree.XPath(
    " | ".join(f"//{tag}[.//a][not(ancestor::li or ancestor::nav)]" for tag in _PARAGRAPH_TAGS)
)
# A list's items are its ``li`` children with text.  For an item with at most one link,
# "mostly links" (``_mostly_links``) is decided here; items with more links are summed in Python.
_ITEM = "li[normalize-space(.) != '']"
_LINK_LIST_SIMPLE = etree.XPath(
    f"count({_ITEM}) >= $min_items and not({_ITEM}[count(.//a) <= 1]"
    "[string-length(normalize-space(.//a)) < $share * string-length(normalize-space(.))])"
)
_ITEMS_WITH_LINKS = etree.XPath(f"{_ITEM}[count(.//a) > 1]")


@dataclass(frozen=True, slots=True)
class HtmlRules:
    """The HTML heuristics of ``resources/html.toml``, compiled once per process."""

    trafilatura: dict[str, bool]
    prune_reason: str
    tokens: frozenset[str]
    pairs: frozenset[str]
    xpaths: tuple[etree.XPath, ...]
    any_xpath: etree.XPath | None
    max_text_share: float
    link_reason: str
    paragraph_max_words: int
    paragraph_link_share: float
    list_min_items: int
    list_link_share: float
    title_lines: int
    title_reason: str
    tail_reason: str
    tail_paragraphs: int
    tail_max_words: int
    tail_anywhere: re.Pattern[str] | None
    tail_start: re.Pattern[str] | None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HtmlRules:
        prune, links, text, tail = data["prune"], data["links"], data["text"], data["tail"]
        return cls(
            trafilatura={k: bool(v) for k, v in data["trafilatura"].items()},
            prune_reason=prune["reason"],
            tokens=frozenset(t.lower() for t in prune["tokens"]),
            pairs=frozenset("".join(p).lower() for p in prune["pairs"]),
            xpaths=tuple(etree.XPath(x) for x in prune["xpaths"]),
            any_xpath=etree.XPath(" | ".join(prune["xpaths"])) if prune["xpaths"] else None,
            max_text_share=float(prune["max_text_share"]),
            link_reason=links["reason"],
            paragraph_max_words=int(links["paragraph_max_words"]),
            paragraph_link_share=float(links["paragraph_link_share"]),
            list_min_items=int(links["list_min_items"]),
            list_link_share=float(links["list_link_share"]),
            title_lines=int(text["title_lines"]),
            title_reason=text["reason"],
            tail_reason=tail["reason"],
            tail_paragraphs=int(tail["last_paragraphs"]),
            tail_max_words=int(tail["max_words"]),
            tail_anywhere=_either(tail["anywhere"], ""),
            tail_start=_either(tail["start"], "^"),
        )


def _either(patterns: list[str], anchor: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(anchor + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", re.IGNORECASE)


@cache
def html_rules() -> HtmlRules:
    text = resources.files("framelens.resources").joinpath("html.toml").read_text("utf-8")
    return HtmlRules.from_dict(tomllib.loads(text))


# --- pruning the tree before trafilatura sees it ------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def _names(value: str) -> frozenset[str]:
    """The words of a class or id value, lower-cased, plus adjacent pairs joined ("read-more")."""
    words = [w.lower() for w in _NAME_SPLIT.split(value) if w]
    return frozenset(words) | {a + b for a, b in pairwise(words)}


def _text_len(element: HtmlElement) -> int:
    """Characters of text with spaces collapsed, counted by libxml2 (far cheaper than in Python)."""
    return int(_TEXT_LENGTH(element))


def _link_len(element: HtmlElement) -> int:
    return sum(_text_len(a) for a in element.iter("a"))


def _body_text(tree: HtmlElement) -> int:
    """Characters of paragraph text on the page: what an article container must hold."""
    return sum(_text_len(p) for p in tree.iter("p"))


def _drop(element: HtmlElement, reason: str, detail: str, removed: list[Removed]) -> None:
    text = _squash(" ".join(element.itertext()))
    if text:
        removed.append(Removed(text, reason, detail))
    parent = element.getparent()
    if parent is None:
        return
    # keep the text that follows the element: it belongs to the parent
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _protected(element: HtmlElement, page_text: int, rules: HtmlRules) -> bool:
    if element.tag in {"html", "body", "article", "main"}:
        return True
    return page_text > 0 and _body_text(element) >= rules.max_text_share * page_text


def _prune_boxes(tree: HtmlElement, rules: HtmlRules, removed: list[Removed]) -> None:
    marked: list[tuple[HtmlElement, str]] = []
    for element in _NAMED(tree):
        names = _names(element.get("class") or "") | _names(element.get("id") or "")
        hit = next(iter(sorted(names & rules.tokens)), None) or next(iter(sorted(names & rules.pairs)), None)
        if hit is not None:
            marked.append((element, hit))
    # one pass for all the extra expressions; most pages match none of them
    if rules.any_xpath is not None and rules.any_xpath(tree):
        for xpath in rules.xpaths:
            marked.extend((el, xpath.path) for el in xpath(tree) if isinstance(el, HtmlElement))
    if not marked:
        return
    page_text = _body_text(tree)
    seen: set[int] = set()
    for element, why in marked:
        if id(element) in seen or element.getparent() is None:
            continue
        seen.add(id(element))
        if any(id(a) in seen for a in element.iterancestors()):
            continue
        if _protected(element, page_text, rules):
            continue
        _drop(element, rules.prune_reason, why, removed)


def _mostly_links(element: HtmlElement, share: float) -> bool:
    total = _text_len(element)
    return total > 0 and _link_len(element) >= share * total


def _link_list(lst: HtmlElement, rules: HtmlRules) -> bool:
    """A list (already known to hold a link) whose items (``li`` with text) are all mostly link text.

    libxml2 decides the items with at most one link; only items with several links
    are summed up here.
    """
    if lst.getparent() is None:
        return False
    if not _LINK_LIST_SIMPLE(lst, min_items=rules.list_min_items, share=rules.list_link_share):
        return False
    return all(_mostly_links(li, rules.list_link_share) for li in _ITEMS_WITH_LINKS(lst))


def _teaser(para: HtmlElement, rules: HtmlRules) -> bool:
    """A short paragraph (already known to hold a link, outside lists and navigation) of link text."""
    if para.getparent() is None:
        return False
    text = _squash(para.text_content())
    if _URL.fullmatch(text):
        return False  # a bare address is a cited source, not a teaser
    words = len(_WORD.findall(text))
    return 0 < words <= rules.paragraph_max_words and _mostly_links(para, rules.paragraph_link_share)


def _prune_link_blocks(tree: HtmlElement, rules: HtmlRules, removed: list[Removed]) -> None:
    """Teasers for other pages: short paragraphs of link text, and lists made only of links."""
    for lst in _LISTS_WITH_LINKS(tree):
        if _link_list(lst, rules):
            _drop(lst, rules.link_reason, "list of links", removed)
    for para in _PARAGRAPHS_WITH_LINKS(tree):
        if _teaser(para, rules):
            _drop(para, rules.link_reason, "paragraph of link text", removed)


# --- from trafilatura's output to paragraphs ----------------------------------------------


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _paragraphs(text: str, title: str | None, rules: HtmlRules, removed: list[Removed]) -> list[str]:
    lines = [_squash(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if title:
        wanted = _key(title)
        for i, line in enumerate(lines[: rules.title_lines]):
            if wanted and _key(line) == wanted:
                removed.append(Removed(line, rules.title_reason, "repeats the page title"))
                del lines[i]
                break
    first_tail = max(0, len(lines) - rules.tail_paragraphs)
    kept = lines[:first_tail]
    for line in lines[first_tail:]:
        why = _call_to_action(line, rules)
        if why is None:
            kept.append(line)
        else:
            removed.append(Removed(line, rules.tail_reason, why))
    return kept


def _call_to_action(line: str, rules: HtmlRules) -> str | None:
    if next(islice(_WORD.finditer(line), rules.tail_max_words, None), None) is not None:
        return None  # longer than tail_max_words: prose, not a call to action
    core = line.strip(" *-–—•>»|")
    for kind, pattern in (("anywhere", rules.tail_anywhere), ("start", rules.tail_start)):
        match = pattern.search(core) if pattern is not None else None
        if match:
            return f"{kind}: {match.group(0).strip()}"
    return None


def _site(url: str | None, sitename: str | None, hostname: str | None) -> str:
    """The host that groups pages of one site (a subdomain is often a different publication)."""
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return hostname or sitename or ""


def _language(tree: HtmlElement) -> str | None:
    """The language the page declares (``<html lang>``), primary subtag only.

    Taken as given, like the page's other metadata: it spares a statistical guess on
    every page; a page that declares nothing is still guessed from its text.
    """
    lang = (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip().lower()
    primary = lang.replace("_", "-").split("-")[0]
    return primary if primary.isascii() and primary.isalpha() and 2 <= len(primary) <= 3 else None


def page_metadata(tree: HtmlElement, url: str | None = None) -> Document:
    """Title, author, URL, host, date and site name, as ``trafilatura.metadata.extract_metadata`` finds them.

    The same steps in the same order (trafilatura 2.3.1, pinned), less the categories,
    tags and licence that framelens does not use: on bench/extract.py's pages those
    searches took about a tenth of trafilatura's time per page.  ``tests/readers/test_html.py``
    checks the fields against trafilatura's own function.
    """
    from trafilatura import metadata as tm
    from trafilatura.settings import DEFAULT_CONFIG, set_date_params

    date_config = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    doc = tm.examine_meta(tree)
    if doc.author and " " not in doc.author:
        doc.author = None
    try:
        doc = tm.extract_meta_json(tree, doc)
    except Exception:  # as trafilatura does: a bug in its JSON-LD parsing is no reason to fail
        log.debug("trafilatura JSON-LD metadata failed", exc_info=True)
    if not doc.title:
        doc.title = tm.extract_title(tree)
    if not doc.author:
        doc.author = tm.extract_author(tree)
    if not doc.url:
        doc.url = tm.extract_url(tree, url)
    if doc.url:
        doc.hostname = tm.extract_domain(doc.url, fast=True)
    date_config["url"] = doc.url
    doc.date = tm.find_date(tree, **date_config)
    if not doc.sitename:
        doc.sitename = tm.extract_sitename(tree)
    if doc.sitename:
        doc.sitename = doc.sitename.lstrip("@")
        if doc.sitename and "." not in doc.sitename and not doc.sitename[0].isupper():
            doc.sitename = doc.sitename.title()
    elif doc.url:
        match = tm.META_URL.match(doc.url)
        if match:
            doc.sitename = match[1]
    doc.filedate = date_config.get("max_date")
    doc.clean_and_trim()
    return doc


#: the settings' defaults, for a caller that gives none
_DEFAULTS = Settings()


@cache
def _huge_attribute(limit: int) -> re.Pattern[str]:
    """An attribute value of ``limit`` characters or more, quoted either way."""
    return re.compile(rf"""(=\s*)(?:"[^"<>]{{{limit},}}"|'[^'<>]{{{limit},}}')""")


def strip_huge_attributes(html: str, removed: list[Removed], limit: int) -> str:
    """``html`` with every attribute value over ``limit`` characters emptied (noted in ``removed``).

    An image embedded as a data: URI is the usual one: libxml2 stops at a value over 10 MB
    and the rest of the page was lost with it.  ``limit`` is the ``max_attribute_chars`` setting.
    """

    def empty(match: re.Match[str]) -> str:
        removed.append(
            Removed(
                match.group(0)[len(match.group(1)) :][:60] + "...",
                "huge-attribute",
                f"{len(match.group(0)):,} characters",
            )
        )
        return match.group(1) + '""'

    return _huge_attribute(limit).sub(empty, html) if len(html) > limit else html


#: libxml2 stops building the tree at this depth of nested elements (without XML_PARSE_HUGE)
PARSER_DEPTH = 255


def _no_article(tree: HtmlElement, source: str) -> Failure:
    """The failure for a page with no article text, with the real cause when it is known."""
    if any(sum(1 for _ in element.iterancestors()) >= PARSER_DEPTH for element in tree.iter()):
        return Failure(
            source,
            f"{NO_ARTICLE}: its elements nest more than {PARSER_DEPTH} deep, past the HTML "
            "parser's limit, and the text below that depth is lost",
        )
    return Failure(source, NO_ARTICLE)


def _parse(html: str) -> HtmlElement | None:
    import trafilatura

    try:
        tree = trafilatura.load_html(html)
    except (ValueError, TypeError, etree.ParserError):
        return None
    return tree if isinstance(tree, HtmlElement) else None


def draft_from_html(
    html: str, source: str, url: str | None = None, settings: Settings | None = None
) -> Draft | Failure:
    """One page (already decoded) as a Draft; ``url`` is where it was fetched from, if known.

    The canonical URL the page declares wins over ``url``.  ``settings`` gives the size
    limits (``max_attribute_chars``); the defaults when None.
    """
    import trafilatura

    if not _MARKUP.search(html[:65536]):
        return Failure(source, NOT_HTML)
    removed: list[Removed] = []
    limit = (settings or _DEFAULTS).max_attribute_chars
    tree = _parse(strip_huge_attributes(html, removed, limit))
    if tree is None:
        return Failure(source, NO_ARTICLE)
    rules = html_rules()
    _prune_boxes(tree, rules, removed)
    _prune_link_blocks(tree, rules, removed)
    try:
        meta = page_metadata(tree, url)
        opts = rules.trafilatura
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=opts.get("include_comments", False),
            include_tables=opts.get("include_tables", True),
            favor_precision=opts.get("favor_precision", False),
            favor_recall=opts.get("favor_recall", False),
        )
    except Exception as exc:  # trafilatura on broken markup: a page, not the batch, fails
        log.debug("trafilatura failed on %s", source, exc_info=True)
        return Failure(source, f"{NO_ARTICLE} (trafilatura: {type(exc).__name__})")
    if doc is None or isinstance(doc, dict) or not (doc.text or "").strip():
        return _no_article(tree, source)
    title = _squash(normalise(meta.title)) if meta.title else None
    paragraphs = _paragraphs(normalise(doc.text or ""), title, rules, removed)
    if not paragraphs:
        return Failure(source, NO_ARTICLE)
    authors = tuple(dict.fromkeys(a.strip() for a in (meta.author or "").split(";") if a.strip()))
    page_url = meta.url or url
    return Draft(
        source=source,
        text="\n\n".join(paragraphs),
        site=_site(page_url, meta.sitename, meta.hostname),
        clean=CLEAN_AFTER_TRAFILATURA,
        url=page_url,
        outlet=meta.sitename or meta.hostname,
        title=title,
        authors=authors,
        published=meta.date,
        language=_language(tree),
        removed=removed,
    )


#: Whether the plain-text chrome cleaner (ingest/clean.py) runs on the extracted body.
#: Measured on extraction-dev (88 pages): off F1 0.975, on 0.963; the cleaner removes
#: short real paragraphs (recall 0.976 -> 0.953) that the HTML structure already vouched
#: for.  Flip this and rerun ``framelens eval extraction`` when the cleaner changes.
CLEAN_AFTER_TRAFILATURA = False


def read_html(raw: RawInput, settings: Settings) -> Iterator[Draft | Failure]:
    """An ``.html``/``.htm`` file: decoded by its declared charset first, then by detection."""
    data = raw.data or b""
    try:
        html = decode(data, meta_charset(data))
    except BinaryInput as exc:
        yield Failure(raw.source, f"is {exc}")
        return
    yield draft_from_html(html, raw.source, settings=settings)
