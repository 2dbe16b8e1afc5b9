"""Cross-article comparison: linked actors, word choice, tone, aligned claims and sources.

``compare(articles_or_paths, settings=None) -> Comparison`` is the one entry point; the
report modules (``framelens.report``) turn a Comparison into JSON, Markdown and HTML.
"""

from __future__ import annotations

from framelens.comparison.build import MAX_ARTICLES, compare
from framelens.comparison.records import (
    CLAIM_STATUSES,
    COMPARISON_SCHEMA_VERSION,
    ArticleOverview,
    ClaimGroup,
    ClaimMember,
    ClaimPair,
    Comparison,
    EventTerm,
    Finding,
    LabelUse,
    LinkedActor,
    SourceSummary,
    SourceUse,
    ToneCell,
    WordChoiceCell,
)

__all__ = [
    "CLAIM_STATUSES",
    "COMPARISON_SCHEMA_VERSION",
    "MAX_ARTICLES",
    "ArticleOverview",
    "ClaimGroup",
    "ClaimMember",
    "ClaimPair",
    "Comparison",
    "EventTerm",
    "Finding",
    "LabelUse",
    "LinkedActor",
    "SourceSummary",
    "SourceUse",
    "ToneCell",
    "WordChoiceCell",
    "compare",
]
