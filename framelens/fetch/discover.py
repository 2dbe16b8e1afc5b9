"""Article links from what lists them: RSS/Atom feeds, XML sitemaps (news sitemaps and
sitemap indexes too) and plain lists of URLs, given as URLs or as files.

``parse_listing`` reads one document (bytes in, links out, nothing fetched: feedparser
only ever sees bytes framelens fetched itself); ``discover`` fetches what is given as
URLs (conditionally, with the ETag/Last-Modified of the last answer), follows sitemap
indexes, and yields each article link once, filtered by date and host.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import io
import logging
import zlib
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from framelens.fetch.client import Accept, Fetched, Fetcher, FetchError, NotModified, Validators
from framelens.fetch.urls import is_url, normalise, site_of
from framelens.models import Failure

log = logging.getLogger(__name__)

_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf")
_SITEMAP_ROOTS = (b"<urlset", b"<sitemapindex")
_HTML_STARTS = (b"<!doctype html", b"<html")
#: an XML parser that neither fetches nor expands entities (a sitemap is untrusted input)
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


@dataclass(frozen=True, slots=True)
class Link:
    """An article link, with the date its listing gives (None when it gives none) and where it was found."""

    url: str
    published: dt.datetime | None = None
    via: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """What one listing document holds: article links, and the sitemaps a sitemap index names."""

    kind: str
    links: tuple[Link, ...] = ()
    sitemaps: tuple[str, ...] = ()
    problems: tuple[Failure, ...] = ()


@dataclass(frozen=True, slots=True)
class DiscoverOptions:
    """Which links ``discover`` keeps, and how far it follows sitemap indexes."""

    #: keep links dated on or after this (undated links are kept: nothing says they are old)
    since: dt.datetime | None = None
    #: keep only links on the host of the feed or sitemap URL that lists them
    same_host: bool = False
    #: nested sitemap indexes followed this deep
    max_depth: int = 3
    #: sitemaps fetched from indexes, at most, per source
    max_sitemaps: int = 500


@dataclass(slots=True)
class Found:
    """What ``discover`` saw besides the links: for a summary line."""

    listings: int = 0
    not_modified: int = 0
    seen: set[str] = field(default_factory=set)


def parse_date(text: str | None) -> dt.datetime | None:
    """A W3C/ISO date or date-time (as sitemaps give them) in UTC; None when it is not one."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _gunzip(data: bytes, limit: int, source: str) -> bytes | Failure:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            out = gz.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        return Failure(source, f"is not valid gzip data ({exc})")
    if len(out) > limit:
        return Failure(source, f"is larger than {limit / 1e6:g} MB once unzipped")
    return out


def parse_listing(
    data: bytes, source: str, base: str | None = None, limit: int = 50_000_000
) -> Listing | Failure:
    """The links of a feed, a sitemap or a list of URLs (one per line, # comments); an HTML
    page is kind ``page`` (an article itself).  ``base`` resolves a feed's relative links."""
    if data[:2] == b"\x1f\x8b":
        unzipped = _gunzip(data, limit, source)
        if isinstance(unzipped, Failure):
            return unzipped
        data = unzipped
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML_STARTS) or (head.startswith(b"<") and b"<body" in head):
        return Listing("page")
    if head.startswith(b"<"):
        if any(root in head for root in _SITEMAP_ROOTS):
            return _sitemap(data, source)
        if any(root in head for root in _FEED_ROOTS):
            return _feed(data, source, base)
        return Failure(source, "is XML but neither an RSS/Atom feed nor a sitemap")
    return _url_list(data, source)


def url_lines(text: str, source: str) -> tuple[list[str], list[Failure]]:
    """The http(s) URLs of a text, one per line (blank lines and # comments skipped), and a
    Failure naming ``source:LINE`` for each other line."""
    urls: list[str] = []
    problems: list[Failure] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if is_url(line):
            urls.append(line)
        else:
            problems.append(Failure(f"{source}:{number}", f"{line[:80]!r} is not an http(s) URL"))
    return urls, problems


def _url_list(data: bytes, source: str) -> Listing | Failure:
    urls, problems = url_lines(data.decode("utf-8", errors="replace"), source)
    if not urls and not problems:
        return Failure(source, "lists no URLs")
    return Listing("list", tuple(Link(url, via=source) for url in urls), problems=tuple(problems))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child_text(element: etree._Element, name: str, namespace: str | None = None) -> str | None:
    for child in element.iter():
        if _local(child) == name and (namespace is None or etree.QName(child).namespace == namespace):
            return (child.text or "").strip() or None
    return None


def _sitemap(data: bytes, source: str) -> Listing | Failure:
    try:
        root = etree.fromstring(data, parser=_XML)
    except etree.XMLSyntaxError as exc:
        return Failure(source, f"is not a readable sitemap ({exc})")
    if root is None:
        return Failure(source, "is not a readable sitemap")
    if _local(root) == "sitemapindex":
        children = [loc for el in root if _local(el) == "sitemap" and (loc := _child_text(el, "loc"))]
        return Listing("sitemap index", sitemaps=tuple(children))
    links = []
    for el in root:
        if _local(el) != "url" or not (loc := _child_text(el, "loc")):
            continue
        date = parse_date(_child_text(el, "publication_date", _NEWS_NS) or _child_text(el, "lastmod"))
        links.append(Link(loc, date, source))
    return Listing("sitemap", tuple(links))


def _feed(data: bytes, source: str, base: str | None) -> Listing | Failure:
    import feedparser  # slow to import; only when a feed is read

    headers = {"content-location": base} if base else {}
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.entries and parsed.bozo:
        return Failure(source, f"is not a readable feed ({parsed.get('bozo_exception', 'malformed')})")
    links = []
    for entry in parsed.entries:
        url = entry.get("feedburner_origlink") or entry.get("link")
        if not url:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        # feedparser gives every date as a UTC struct_time
        date = dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC) if stamp else None
        links.append(Link(url, date, source))
    return Listing("feed", tuple(links))


Discovered = Link | Fetched | Failure


def discover(
    sources: Iterable[str],
    fetcher: Fetcher,
    options: DiscoverOptions,
    *,
    cache: MutableMapping[str, Validators] | None = None,
    found: Found | None = None,
) -> Iterator[Discovered]:
    """Each article link the sources list, once, in their order.

    A source is a URL or a file: a feed, a sitemap (an index's sitemaps are followed), a
    list of URLs, or (a URL only) an article page, yielded as the ``Fetched`` page itself.
    ``cache`` holds each listing URL's validators: a listing that has not changed since
    (304) gives nothing.  Failures name the source and the reason; the rest goes on.
    """
    found = found if found is not None else Found()
    for source in sources:
        if is_url(source):
            yield from _from_url(
                source, fetcher, options, cache, found, depth=0, budget=[options.max_sitemaps]
            )
        else:
            yield from _from_file(source, fetcher, options, found)


def _keep(link: Link, options: DiscoverOptions, listing_url: str | None, found: Found) -> bool:
    if not is_url(link.url):
        return False
    if options.since is not None and link.published is not None and link.published < options.since:
        return False
    if options.same_host and listing_url is not None and site_of(link.url) != site_of(listing_url):
        return False
    key = normalise(link.url)
    if key in found.seen:
        return False
    found.seen.add(key)
    return True


def _from_file(source: str, fetcher: Fetcher, options: DiscoverOptions, found: Found) -> Iterator[Discovered]:
    path = Path(source)
    limit = fetcher.params.max_bytes
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        yield Failure(source, "no such file or directory")
        return
    except IsADirectoryError:
        yield Failure(source, "is a folder; give a file of URLs, a feed or a sitemap")
        return
    except OSError as exc:
        yield Failure(source, f"cannot be read: {exc.strerror or exc}")
        return
    if len(data) > limit:
        yield Failure(source, f"is larger than {limit / 1e6:g} MB (fetch.max_bytes)")
        return
    listing = parse_listing(data, source)
    if isinstance(listing, Failure):
        yield listing
        return
    if listing.kind == "page":
        yield Failure(
            source, "is an HTML page, not a list of URLs, a feed or a sitemap; read it with extract"
        )
        return
    found.listings += 1
    yield from listing.problems
    for link in listing.links:
        if _keep(link, options, None, found):
            yield link
    for child in listing.sitemaps:
        if is_url(child):
            budget = [options.max_sitemaps]
            yield from _from_url(child, fetcher, options, None, found, depth=1, budget=budget)


def _from_url(
    url: str,
    fetcher: Fetcher,
    options: DiscoverOptions,
    cache: MutableMapping[str, Validators] | None,
    found: Found,
    *,
    depth: int,
    budget: list[int],
) -> Iterator[Discovered]:
    outcome = fetcher.get(url, Accept.LISTING, cache.get(url) if cache is not None else None)
    if isinstance(outcome, NotModified):
        found.not_modified += 1
        log.info("%s: not modified since the last round", url)
        return
    if isinstance(outcome, FetchError):
        yield outcome.failure()
        return
    listing = parse_listing(
        outcome.response.body, url, base=outcome.final_url, limit=fetcher.params.max_bytes
    )
    if isinstance(listing, Failure):
        yield listing
        return
    if cache is not None:
        cache[url] = outcome.validators
    if listing.kind == "page":
        if depth == 0 and _keep(Link(url), options, None, found):
            yield outcome
        return
    found.listings += 1
    yield from listing.problems
    for link in listing.links:
        if _keep(link, options, outcome.final_url, found):
            yield link
    for child in listing.sitemaps:
        if depth >= options.max_depth or budget[0] <= 0:
            log.info("%s: sitemap %s not followed (max_depth or max_sitemaps reached)", url, child)
            continue
        budget[0] -= 1
        yield from _from_url(child, fetcher, options, cache, found, depth=depth + 1, budget=budget)
