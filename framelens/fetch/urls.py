"""What a URL argument is, and one spelling per address so a page is fetched and stored once.

A feed and a sitemap may list one page under several spellings (``HTTP://Example.org:80/a#top``,
``https://example.org/a?utm_source=rss``); ``normalise`` maps them to one key.  The key is
for recognising a page already fetched; the URL sent is the one given.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: query parameters that only say where a reader came from (campaign tracking): never part of a page's address
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref_src"})

_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_url(arg: str) -> bool:
    """Whether a PATH argument is an http(s) URL (anything else is a file, folder or pattern)."""
    lower = arg[:8].lower()
    return lower.startswith(("http://", "https://")) and bool(urlsplit(arg).hostname)


def host_of(url: str) -> str:
    """``host[:port]`` of a URL, lower-cased: the unit that politeness limits apply to."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        return f"{host}:{port}"
    return host


def site_of(url: str) -> str:
    """The host without ``www.``: what ``--same-host`` compares."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def normalise(url: str) -> str:
    """One spelling of ``url``: scheme and host lower-cased, default port, fragment and tracking
    parameters dropped, an empty path as ``/``.  Two spellings of one page give the same string."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a bad port or bracket: keep it as it is, it will fail when fetched
        return url
    scheme = parts.scheme.lower()
    netloc = (parts.hostname or "").lower()
    if parts.hostname and ":" in parts.hostname:
        netloc = f"[{netloc}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PREFIXES) and k.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))
