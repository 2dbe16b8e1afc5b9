"""Regression on the real seed articles in ../shared/corpus/seeds (skipped when absent).

Only short phrases of those articles appear here, to check that they survive; the
articles themselves are never copied into the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import framelens
from framelens.config import Settings
from framelens.models import Article

CHROME = [
    "Jump to content",
    "Recommended Posts",
    "Link to comment",
    "Share on other sites",
    "Join the conversation",
    "Reply to this topic",
    "Pasted as rich text",
    "emoji are allowed",
    "automatically embedded",
    "Clear editor",
    "Create New",
    "tacobell fan",
    "Region:",
    "Theme:",
    "In-depth Report",
    "Disclaimer",
    "fair use",
    "Note to readers",
    "Articles by:",
    "Become a Member",
    "Facebook page",
    "media inquiries",
    "By Tony Cartalucci",
    "Global Research, January 16, 2020",
]


@cache
def _read(folder: str) -> dict[str, Article]:
    read = list(framelens.read([folder], Settings(detect_language=False)))
    assert all(isinstance(a, Article) for a in read), read
    return {Path(a.source).name[:3]: a for a in read if isinstance(a, Article)}


@pytest.fixture
def articles(seeds: Path) -> dict[str, Article]:
    return _read(str(seeds))


def test_all_three_seeds_are_read(articles: dict[str, Article]) -> None:
    assert sorted(articles) == ["000", "001", "002"]


@pytest.mark.parametrize("chrome", CHROME)
def test_chrome_is_gone(articles: dict[str, Article], chrome: str) -> None:
    for article in articles.values():
        assert chrome not in article.text, article.source


@pytest.mark.parametrize(
    ("seed", "phrase"),
    [
        ("000", "Rashad Ali is a counter terrorism practitioner."),
        ("000", "Senior Fellow at the Institute for Strategic Dialogue (ISD)"),
        ("000", "Appeasement of genocidal totalitarian regimes has never worked out well."),
        ("000", "First, that military strikes against Iranian proxies"),
        ("001", "The US has eagerly taken credit for the killing"),
        ("001", "US provocations come too little and too late."),
        ("001", "The War of Terror Continues"),
        ("001", "Tony Cartalucci is a Bangkok-based geopolitical researcher"),
        ("002", "For ISIS militants, the U.S. drone strike"),
        ("002", '"That is the end of the ISIS mission as we know it," Stroul wrote in a text message.'),
        ("002", '"That is a perfect situation for ISIS to regenerate," he said.'),
    ],
)
def test_article_sentences_are_kept(articles: dict[str, Article], seed: str, phrase: str) -> None:
    assert phrase in articles[seed].text


def test_forum_piece_ends_with_its_last_quote(articles: dict[str, Article]) -> None:
    assert articles["002"].paragraph_texts[-1].endswith("he said.")
    assert articles["002"].text.startswith("For ISIS militants")


def test_metadata(articles: dict[str, Article]) -> None:
    assert articles["000"].authors == ("Rashad Ali",)
    assert "Tony Cartalucci" in articles["001"].authors
    assert articles["001"].published == "2020-01-16"
    assert articles["001"].outlet == "Global Research"
    assert articles["001"].title is not None and articles["001"].title.startswith("US War of Terror")
    assert articles["002"].title is not None and articles["002"].title.startswith(
        "Killing of Iranian general"
    )


def test_every_removal_names_its_rule(articles: dict[str, Article]) -> None:
    reasons = {r.reason for a in articles.values() for r in a.removed}
    assert {"forum-chrome", "username", "title", "byline", "dateline", "navigation", "disclaimer"} <= reasons
    assert all(r.detail for a in articles.values() for r in a.removed)
