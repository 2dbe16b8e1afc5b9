"""framelens: how the news frames an event, with evidence pointing at the exact words."""

from __future__ import annotations

import logging

from framelens.config import Settings, load_settings
from framelens.errors import ConfigError, FramelensError, InputError, UsageError
from framelens.ingest import article_from_text, read
from framelens.models import SCHEMA_VERSION, Article, Failure, Link, Removed, Span

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ConfigError",
    "Failure",
    "FramelensError",
    "InputError",
    "Link",
    "Removed",
    "Settings",
    "Span",
    "UsageError",
    "__version__",
    "article_from_text",
    "load_settings",
    "read",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
