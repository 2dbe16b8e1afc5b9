"""Who may ask the web app for what: the Host allow-list, the access token, methods, headers.

A corpus may hold material its owner must not publish, so a server reachable from other
machines needs an access token, and every server answers only to the host names it was
told (a DNS-rebinding page names its own host, never ours).  The pieces are ASGI
middleware, installed by ``install`` around the app's routes:

* ``HostCheck``: the Host header must be an allowed name (``*.example.org`` patterns as
  in Starlette's ``TrustedHostMiddleware``) or the IP address the request arrived on.
  Written here because Starlette's check cannot accept "the address this connection came
  in on", which is what a browser sends when the server is opened by its IP address.
* ``TokenGate``: with a token, a request must carry it as ``Authorization: Bearer``, as
  the ``framelens_token`` cookie, or once as ``?token=``, which is answered with a
  redirect to the same URL without it and an HttpOnly SameSite=Strict cookie (so the
  token leaves the address bar and the history).  Tokens are compared in constant time.
* ``MethodGuard``: HEAD is answered as GET without a body; a 405 names GET and HEAD in
  its ``Allow`` header.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import logging
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: the cookie a browser keeps the token in after opening the ``?token=`` link once
TOKEN_COOKIE = "framelens_token"
TOKEN_PARAM = "token"
#: shorter tokens can be guessed; URL-safe characters survive a link and a cookie unquoted
MIN_TOKEN_CHARS = 16
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~-]+")
#: what a token looks like in a logged URL, to hide it (uvicorn's access log prints the query)
_TOKEN_IN_URL = re.compile(r"([?&]token=)[^&\s\"]*")

#: builds the error page (HTML or JSON, as the request asks) with extra headers
ErrorPage = Callable[[Request, int, str, dict[str, str] | None], Response]


def token_problem(token: str) -> str | None:
    """Why ``token`` cannot serve as an access token, or None when it can."""
    if len(token) < MIN_TOKEN_CHARS:
        return f"an access token needs at least {MIN_TOKEN_CHARS} characters, this one has {len(token)}"
    if not _TOKEN_CHARS.fullmatch(token):
        return "an access token may hold only letters, digits and . _ ~ -"
    return None


def redact(text: str) -> str:
    """``text`` with the value of any ``token=`` query parameter replaced by ``***``."""
    return _TOKEN_IN_URL.sub(r"\1***", text)


class RedactToken(logging.Filter):
    """Hides ``?token=`` values in log records (uvicorn's access log prints request paths)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


@lru_cache(maxsize=1)
def report_script_hash() -> str:
    """The CSP source of the report's inline script (``'sha256-...'``), the only inline script served."""
    from framelens.report.html import inline_script

    digest = hashlib.sha256(inline_script().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@lru_cache(maxsize=1)
def security_headers() -> dict[str, str]:
    """Headers on every answer: nothing from elsewhere, scripts only our own file or hash."""
    csp = (
        f"default-src 'none'; script-src 'self' {report_script_hash()}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    return {
        "content-security-policy": csp,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
    }


def _host_name(host_header: str) -> str:
    """The host of a Host header without its port (``[::1]:8000`` -> ``::1``)."""
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")] if "]" in host_header else host_header
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def host_allowed(host_header: str, allowed: Iterable[str], arrived_on: str | None) -> bool:
    """Whether a Host header names this server: an allowed name or the address the request came to."""
    host = _host_name(host_header.strip().lower())
    if not host:
        return False
    for pattern in allowed:
        pattern = _host_name(pattern.lower())
        if pattern == "*" or host == pattern:
            return True
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return True
    if arrived_on is None:
        return False
    try:
        # an address literal is no DNS name, so no rebinding; it must be the one we listen on
        return ipaddress.ip_address(host) == ipaddress.ip_address(arrived_on.strip("[]"))
    except ValueError:
        return False


class HostCheck:
    """Refuses (400) a request whose Host header is not one this server answers to."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str], error: ErrorPage) -> None:
        self.app = app
        self.allowed = tuple(allowed)
        self.error = error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = request.headers.get("host", "")
        server = scope.get("server")
        arrived_on = str(server[0]) if server else None
        if host_allowed(host, self.allowed, arrived_on):
            await self.app(scope, receive, send)
            return
        message = (
            f"this server does not answer to the host name {host[:60]!r}; "
            "its owner can add it with `framelens serve --allow-host NAME`"
        )
        await self.error(request, 400, message, None)(scope, receive, send)


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _cookie(request: Request) -> str | None:
    # SimpleCookie rather than request.cookies: the latter drops the whole header on one bad pair
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(request.headers.get("cookie", ""))
    except Exception:
        return None
    morsel = jar.get(TOKEN_COOKIE)
    return morsel.value if morsel is not None else None


class TokenGate:
    """Lets through only requests that carry the access token (see the module docstring)."""

    def __init__(self, app: ASGIApp, token: str, error: ErrorPage) -> None:
        self.app = app
        self.token = token
        self.error = error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if _same(_bearer(request), self.token) or _same(_cookie(request), self.token):
            await self.app(scope, receive, send)
            return
        if _same(request.query_params.get(TOKEN_PARAM), self.token):
            rest = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)]
            rest = [(k, v) for k, v in rest if k != TOKEN_PARAM]
            # one leading slash: "//host/..." would send the browser to another site
            location = "/" + request.url.path.lstrip("/") + (f"?{urlencode(rest)}" if rest else "")
            response: Response = RedirectResponse(location, status_code=303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send)
            return
        message = (
            "this server needs its access token: open the link with ?token=... that its owner "
            "gave you, or send the header Authorization: Bearer TOKEN"
        )
        headers = {"www-authenticate": 'Bearer realm="framelens"'}
        await self.error(request, 401, message, headers)(scope, receive, send)


class MethodGuard:
    """Answers HEAD as GET without the body, and names HEAD beside GET in a 405's ``Allow``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                headers = [
                    (k, b"GET, HEAD" if k.lower() == b"allow" and v == b"GET" else v)
                    for k, v in message.get("headers", [])
                ]
                message = {**message, "headers": headers}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, answer)


def install(app: Starlette, allowed_hosts: Iterable[str], token: str | None, error: ErrorPage) -> None:
    """Adds the checks to a FastAPI/Starlette ``app`` (call before the outermost guard is added).

    Order, outermost first: the Host check (a wrong name learns nothing else), the token
    gate, then the method handling next to the routes.
    """
    app.add_middleware(MethodGuard)
    if token is not None:
        app.add_middleware(TokenGate, token=token, error=error)
    app.add_middleware(HostCheck, allowed=tuple(allowed_hosts), error=error)
