"""The one HTTP client framelens fetches with: polite and bounded by default.

Every request, whichever command makes it, goes through ``Fetcher.get``, which is where
the politeness and safety rules live, so no caller can forget one:

- robots.txt is read once per host (per ``Fetcher``) and obeyed, for every redirect hop
  too: a disallowed URL is never requested (RFC 9309: a robots.txt that answers 4xx
  allows everything, one that cannot be fetched or answers 5xx disallows everything);
- requests to one host start at least ``delay`` seconds apart (a longer robots.txt
  ``Crawl-delay`` wins) and at most ``host_concurrency`` are in flight per host;
- a clear User-Agent with the project URL, timeouts (a total one per response, so a
  server that trickles bytes cannot hold a worker), a redirect limit;
- bodies are streamed and refused past ``max_bytes`` (after gzip/brotli are undone,
  which httpx does), so a 50 MB page is never read whole;
- the Content-Type is checked before the body is read (HTML for article pages);
- 429 and 5xx answers, timeouts and connection errors are retried with a doubling
  backoff, honouring Retry-After (which also holds back the host's other requests);
- conditional requests (ETag / Last-Modified) for feeds and sitemaps.

Nothing raises on a bad URL or a bad server: each URL gives a ``Fetched``, a
``NotModified`` or a ``FetchError`` naming the URL and the reason in one line.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from itertools import zip_longest
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from framelens import __version__
from framelens.config import FetchParams
from framelens.fetch.urls import host_of
from framelens.models import Failure

log = logging.getLogger(__name__)

#: answers worth asking again after a wait
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: RFC 9309: crawlers must read at least 500 KiB of a robots.txt; more is not needed
ROBOTS_MAX_BYTES = 512_000
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: what a feed, a sitemap or a list of URLs may be served as (HTML too: a URL given to
#: ``fetch`` may be an article page itself)
LISTING_TYPES = frozenset(
    {
        *HTML_TYPES,
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-gzip",
        "application/gzip",
        "application/octet-stream",
        "text/plain",
    }
)


class Accept(Enum):
    """What a request is for, which decides the Content-Types accepted."""

    PAGE = "page"
    LISTING = "listing"
    ROBOTS = "robots"


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional request sends back: the ETag and Last-Modified of the last answer."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """One HTTP exchange as the archive keeps it (the body already decoded)."""

    url: str
    status: int
    reason: str
    http_version: str
    headers: tuple[tuple[str, str], ...]
    request_headers: tuple[tuple[str, str], ...]
    body: bytes
    date: dt.datetime

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def media_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()


@dataclass(frozen=True, slots=True)
class Fetched:
    """A URL fetched: its final answer (2xx) and the redirects that led there."""

    url: str
    response: Response
    redirects: tuple[Response, ...] = ()

    @property
    def final_url(self) -> str:
        return self.response.url

    @property
    def validators(self) -> Validators:
        return Validators(self.response.header("etag"), self.response.header("last-modified"))


@dataclass(frozen=True, slots=True)
class NotModified:
    """A conditional request answered 304: nothing new since the validators were given."""

    url: str


@dataclass(frozen=True, slots=True)
class FetchError:
    """A URL that gave nothing to read, and why; ``transient`` when trying later may work
    (a timeout, a 5xx, a stop), so a watcher tries it again next round."""

    url: str
    problem: str
    transient: bool = False

    def failure(self) -> Failure:
        return Failure(self.url, self.problem)


Outcome = Fetched | NotModified | FetchError


class _Stopped(Exception):
    """Raised inside the client when its stop event is set during a wait."""


class _Host:
    """Politeness state of one host: its slots, when it may next be asked, its robots.txt."""

    def __init__(self, concurrency: int) -> None:
        self.slots = threading.Semaphore(concurrency)
        self.lock = threading.Lock()
        self.next_at = 0.0
        self.robots_lock = threading.Lock()
        self.robots: RobotFileParser | None = None
        self.delay: float | None = None
        #: why everything on the host is disallowed, when its robots.txt could not be read
        self.robots_problem: str | None = None


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - now)


def _kept_headers(headers: httpx.Headers, body_length: int) -> tuple[tuple[str, str], ...]:
    """The response headers as archived: the body is stored decoded, so its encodings go."""
    dropped = {"content-encoding", "transfer-encoding", "content-length"}
    kept = [(k, v) for k, v in headers.multi_items() if k.lower() not in dropped]
    return (*kept, ("Content-Length", str(body_length)))


def _client_error(error: FetchError) -> bool:
    """A 4xx answer other than 429 (those are transient, and retried)."""
    return not error.transient and error.problem.startswith("HTTP 4")


class Fetcher:
    """Fetches URLs politely (see the module docstring); thread-safe; close it when done.

    ``transport`` replaces the network (httpx's ``MockTransport`` in tests); ``stop``, when
    set, ends every wait at once and the URLs not yet requested fail as transient.
    """

    def __init__(
        self,
        params: FetchParams,
        *,
        transport: httpx.BaseTransport | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.params = params
        self.user_agent = params.user_agent.replace("{version}", __version__)
        self.stop = stop or threading.Event()
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(params.timeout, connect=params.connect_timeout),
            follow_redirects=False,
            headers={"User-Agent": self.user_agent},
            limits=httpx.Limits(max_connections=max(params.concurrency, 1) * 2),
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- politeness ---------------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        key = host_of(url)
        with self._hosts_lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host(self.params.host_concurrency)
            return host

    def _wait(self, seconds: float) -> None:
        if seconds > 0 and self.stop.wait(seconds):
            raise _Stopped
        if self.stop.is_set():
            raise _Stopped

    @contextmanager
    def _slot(self, host: _Host) -> Iterator[None]:
        """Hold one of the host's slots, started no sooner than its delay after the last start."""
        host.slots.acquire()
        try:
            with host.lock:
                while (wait := host.next_at - time.monotonic()) > 0:
                    self._wait(wait)
                self._wait(0)
                delay = self.params.delay if host.delay is None else host.delay
                host.next_at = time.monotonic() + delay
            yield
        finally:
            host.slots.release()

    def _hold_back(self, host: _Host, seconds: float) -> None:
        with host.lock:
            host.next_at = max(host.next_at, time.monotonic() + seconds)

    def _robots(self, url: str, host: _Host) -> RobotFileParser:
        """The host's robots.txt rules, fetched on first use (through the host's own slots)."""
        with host.robots_lock:
            if host.robots is not None:
                return host.robots
            parts = urlsplit(url)
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            rules = RobotFileParser(robots_url)
            outcome = self._follow(robots_url, Accept.ROBOTS, None, check_robots=False)
            if isinstance(outcome, Fetched):
                text = outcome.response.body.decode("utf-8", errors="replace")
                rules.parse(text.splitlines())
            elif isinstance(outcome, FetchError) and _client_error(outcome):
                rules.parse(["User-agent: *", "Allow: /"])  # RFC 9309 2.3.1.3: "unavailable"
            else:
                # unreachable (5xx, a timeout, no connection): RFC 9309 2.3.1.4 says assume
                # everything is disallowed
                rules.parse(["User-agent: *", "Disallow: /"])
                why = outcome.problem if isinstance(outcome, FetchError) else "not modified"
                host.robots_problem = f"its robots.txt could not be read ({why}), so nothing there is fetched"
            crawl_delay = rules.crawl_delay(self.params.robots_agent)
            if crawl_delay is not None:
                host.delay = max(self.params.delay, min(float(crawl_delay), self.params.max_crawl_delay))
            host.robots = rules
            return rules

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets framelens fetch ``url`` (always, with ``robots`` off)."""
        if not self.params.robots:
            return True
        return self._robots(url, self._host(url)).can_fetch(self.params.robots_agent, url)

    # --- requests -----------------------------------------------------------------------

    def get(self, url: str, accept: Accept = Accept.PAGE, validators: Validators | None = None) -> Outcome:
        """Fetch ``url`` politely, following redirects; never raises on a bad URL or server."""
        try:
            return self._follow(url, accept, validators, check_robots=self.params.robots)
        except _Stopped:
            return FetchError(url, "not fetched: stopped", transient=True)

    def get_many(self, urls: Iterable[str], accept: Accept = Accept.PAGE) -> Iterator[tuple[str, Outcome]]:
        """Fetch ``urls`` concurrently (hosts in turn, each at its own pace); results in input order."""
        ordered = list(dict.fromkeys(urls))
        by_host: dict[str, list[str]] = {}
        for url in ordered:
            by_host.setdefault(host_of(url), []).append(url)
        # hosts in turn, so that the workers are not all queued behind one slow host
        interleaved = [u for group in zip_longest(*by_host.values()) for u in group if u is not None]
        if not interleaved:
            return
        workers = min(self.params.concurrency, len(interleaved))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="framelens-fetch") as pool:
            futures = {url: pool.submit(self.get, url, accept) for url in interleaved}
            try:
                for url in ordered:
                    yield url, futures[url].result()
            except BaseException:
                self.stop.set()  # Ctrl-C or a closed generator: no new request starts
                raise

    def _follow(
        self, url: str, accept: Accept, validators: Validators | None, *, check_robots: bool
    ) -> Outcome:
        hops: list[Response] = []
        current = url
        for _ in range(self.params.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                return FetchError(url, f"cannot be fetched: {current!r} is not an http(s) URL")
            if check_robots and not self.allowed(current):
                where = "" if current == url else f" (redirected to {current})"
                why = self._host(current).robots_problem
                return FetchError(url, f"{why or 'disallowed by robots.txt'}{where}; not requested")
            outcome = self._with_retries(url, current, accept, validators if not hops else None)
            if not isinstance(outcome, Response):
                return outcome
            location = outcome.header("location")
            if 300 <= outcome.status < 400 and outcome.status != 304:
                if not location:
                    return FetchError(url, f"HTTP {outcome.status} redirect without a Location")
                hops.append(outcome)
                current = urljoin(current, location.strip())
                continue
            return Fetched(url, outcome, tuple(hops))
        return FetchError(url, f"more than {self.params.max_redirects} redirects (fetch.max_redirects)")

    def _with_retries(
        self, url: str, current: str, accept: Accept, validators: Validators | None
    ) -> Response | NotModified | FetchError:
        host = self._host(current)
        params = self.params
        last: FetchError | None = None
        for attempt in range(params.retries + 1):
            wait = params.backoff * 2**attempt
            with self._slot(host):
                try:
                    result = self._exchange(url, current, accept, validators)
                except httpx.TimeoutException:
                    result = FetchError(url, f"timed out (fetch.timeout {params.timeout:g}s)", transient=True)
                except httpx.HTTPError as exc:
                    detail = " ".join(str(exc).split()) or type(exc).__name__
                    result = FetchError(url, f"could not be fetched ({detail})", transient=True)
            if isinstance(result, tuple):
                status, retry_after = result
                tries = f"{attempt + 1} tr{'y' if attempt == 0 else 'ies'}"
                last = FetchError(url, f"HTTP {status} after {tries}", transient=True)
                if retry_after is not None:
                    if retry_after > params.max_retry_after:
                        return FetchError(
                            url,
                            f"HTTP {status} asking to retry after {retry_after:g}s, longer than "
                            f"fetch.max_retry_after ({params.max_retry_after:g}s)",
                            transient=True,
                        )
                    wait = max(wait, retry_after)
            elif isinstance(result, FetchError) and result.transient:
                last = result
            else:
                return result
            if attempt < params.retries:
                log.info("%s: %s; trying again in %.1fs", current, last.problem, wait)
                self._hold_back(host, wait)
        assert last is not None
        return last

    def _exchange(
        self, url: str, current: str, accept: Accept, validators: Validators | None
    ) -> Response | NotModified | FetchError | tuple[int, float | None]:
        """One request: a Response, a NotModified, a FetchError, or (status, Retry-After) to retry."""
        headers = {}
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        started = time.monotonic()
        deadline = started + self.params.timeout
        date = dt.datetime.now(dt.UTC)
        with self._client.stream("GET", current, headers=headers) as resp:
            status = resp.status_code
            if status in RETRY_STATUSES:
                return status, _retry_after(resp.headers.get("retry-after"), time.time())
            if status == 304 and validators is not None:
                return NotModified(url)
            if 300 <= status < 400:
                return self._response(resp, current, b"", date)
            if status >= 400 or status < 200:
                return FetchError(url, f"HTTP {status} {resp.reason_phrase}".rstrip())
            media = (resp.headers.get("content-type") or "").split(";")[0].strip().lower()
            # an article must say it is HTML (the WARC reader reads only such records); a
            # listing without a Content-Type is sniffed from its bytes
            if accept is Accept.PAGE and media not in HTML_TYPES:
                return FetchError(url, f"is not an HTML page (Content-Type {media or 'missing'})")
            if accept is Accept.LISTING and media and media not in LISTING_TYPES:
                return FetchError(url, f"is not a feed, a sitemap or a list of URLs (Content-Type {media})")
            limit = ROBOTS_MAX_BYTES if accept is Accept.ROBOTS else self.params.max_bytes
            body = self._body(resp, url, limit, deadline)
            if isinstance(body, FetchError):
                return body
            return self._response(resp, current, body, date)

    def _body(self, resp: httpx.Response, url: str, limit: int, deadline: float) -> bytes | FetchError:
        too_big = FetchError(
            url, f"is larger than the {limit / 1e6:g} MB limit for one page (fetch.max_bytes); not read"
        )
        length = resp.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return too_big
        chunks: list[bytes] = []
        total = 0
        for chunk in resp.iter_bytes():
            total += len(chunk)
            if total > limit:
                return too_big
            if time.monotonic() > deadline:
                return FetchError(url, f"timed out (fetch.timeout {self.params.timeout:g}s)", transient=True)
            chunks.append(chunk)
        return b"".join(chunks)

    def _response(self, resp: httpx.Response, url: str, body: bytes, date: dt.datetime) -> Response:
        return Response(
            url=url,
            status=resp.status_code,
            reason=resp.reason_phrase,
            http_version=resp.http_version,
            headers=_kept_headers(resp.headers, len(body)),
            request_headers=tuple(resp.request.headers.multi_items()),
            body=body,
            date=date,
        )
