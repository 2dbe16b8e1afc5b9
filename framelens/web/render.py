"""Turning a page's dict into a response: HTML through Jinja2 (autoescape on) or its JSON twin.

Which one a client gets: the ``.json`` suffix, or an ``Accept`` header that asks for
``application/json`` without also accepting HTML (browsers always list ``text/html``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from framelens.report import display

JSON_SUFFIX = ".json"
#: the small same-origin assets the pages link to (name -> media type); nothing else is served
ASSETS = {"web.css": "text/css; charset=utf-8", "web.js": "text/javascript; charset=utf-8"}
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def wants_json(request: Request) -> bool:
    """Whether ``request`` asks for the JSON twin (``.json`` suffix or ``Accept: application/json``)."""
    if request.url.path.endswith(JSON_SUFFIX):
        return True
    accept = request.headers.get("accept", "").lower()
    return "application/json" in accept and "text/html" not in accept


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, default=_jsonable, ensure_ascii=False, allow_nan=False).encode("utf-8")


class JSONPage(Response):
    """A JSON response whose dates are ISO strings (the pages' rows carry DuckDB timestamps)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json_bytes(content)


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return "" if value is None else str(value)


def _signed(value: Any) -> str:
    return "" if value is None else f"{float(value):+.2f}"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The pages' Jinja2 environment: autoescape always on, since titles and texts are input."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("framelens", "resources/web"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=display.finalize,
    )
    env.filters["date"] = _date
    env.filters["signed"] = _signed
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def html(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(template, **context), status_code=status_code)


def page(request: Request, template: str, data: dict[str, Any], status: int = 200) -> Response:
    """The JSON twin or the HTML rendering of ``data``, as ``request`` asks."""
    if wants_json(request):
        return JSONPage(data, status_code=status)
    return html(template, status, page=data)


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The error page (HTML or JSON, as ``request`` asks) with its one-line message."""
    if wants_json(request):
        return JSONPage(
            {"error": {"status": status, "message": message}}, status_code=status, headers=headers
        )
    response = html("error.html.j2", status, status=status, message=message)
    response.headers.update(headers or {})
    return response


def with_nav(report_html: str, nav: str) -> str:
    """The self-contained report page with the app's navigation bar as the first thing in its body."""
    found = _BODY.search(report_html)
    if found is None:
        return nav + report_html
    return report_html[: found.end()] + nav + report_html[found.end() :]


@lru_cache(maxsize=len(ASSETS))
def asset(name: str) -> bytes:
    """A packaged asset of ASSETS (the caller has checked the name)."""
    return resources.files("framelens").joinpath(f"resources/web/{name}").read_bytes()
