"""The web UI over a corpus store: stories, search, story reports, articles and actors.

Every page has a JSON twin (a ``.json`` suffix or ``Accept: application/json``); the
store is opened read-only; ``create_app`` is the factory tests and servers use.
"""

from __future__ import annotations

from framelens.config import WebOptions
from framelens.web.app import WebError, create_app
from framelens.web.server import serve

__all__ = ["WebError", "WebOptions", "create_app", "serve"]
