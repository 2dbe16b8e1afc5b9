"""framelens: how the news frames an event, with evidence pointing at the exact words."""

from __future__ import annotations

import logging

from framelens.comparison import Comparison, compare
from framelens.config import Settings, load_settings
from framelens.engine import analyze, analyze_many
from framelens.errors import ConfigError, FramelensError, InputError, UsageError
from framelens.models import SCHEMA_VERSION, Analysis, Article, Failure, Link, Removed, Span
from framelens.readers import article_from_text, read

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Article",
    "Comparison",
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
    "analyze",
    "analyze_many",
    "article_from_text",
    "compare",
    "load_settings",
    "read",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
