"""framelens: how the news frames an event, with evidence pointing at the exact words."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from framelens.comparison import Comparison, compare


def __getattr__(name: str) -> Any:
    # The comparison is imported when first asked for (PEP 562): a worker process that only
    # analyses never needs it, and importing it (claims, stance, alignment) took 0.23 s of each
    # worker's start-up
    if name in ("Comparison", "compare"):
        from framelens import comparison

        return getattr(comparison, name)
    raise AttributeError(f"module 'framelens' has no attribute {name!r}")
