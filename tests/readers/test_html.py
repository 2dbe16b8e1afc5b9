"""The HTML reader on hand-written fictional pages: body, metadata, encodings, broken input."""

from __future__ import annotations

from pathlib import Path

import pytest

from framelens.config import load_settings
from framelens.models import Article, Failure, Removed
from framelens.readers import read
from framelens.readers.html import NO_ARTICLE, draft_from_html, read_html
from framelens.readers.inputs import InputRef, RawInput

STORY_PARAGRAPHS = (
    "Engineers closed the Kelport tidal barrier six hours ahead of schedule",
    "The harbour authority said the decision was taken",
    "“We would rather close too early than too late,” said Ines Barrow",
    "Residents of the low-lying Quayside district",
    "Shopkeepers on Mill Street said they had sandbagged",
    "The barrier is expected to reopen on Saturday afternoon",
)


def _read_one(path: Path) -> Article | Failure:
    results = list(read([str(path)], load_settings(detect_language=False)))
    assert len(results) == 1
    return results[0]


def _raw(data: bytes, name: str = "page.html") -> RawInput:
    return RawInput(InputRef(name, "html", Path(name)), data=data)


@pytest.fixture
def html_dir(fixtures: Path) -> Path:
    return fixtures / "html"


def test_story_metadata(html_dir: Path) -> None:
    article = _read_one(html_dir / "harbour_story.html")
    assert isinstance(article, Article)
    assert article.title == "Tidal barrier closes early as storm surge nears Kelport"
    assert article.authors == ("Mara Ellison",)
    assert article.published == "2024-03-14"
    assert article.outlet == "The Kelport Courier"
    assert article.url == "https://courier.example.org/news/2024/03/14/tidal-barrier-closes"


def test_story_body_is_the_article_paragraphs(html_dir: Path) -> None:
    article = _read_one(html_dir / "harbour_story.html")
    assert isinstance(article, Article)
    paragraphs = article.paragraph_texts
    assert len(paragraphs) == len(STORY_PARAGRAPHS)
    for paragraph, start in zip(paragraphs, STORY_PARAGRAPHS, strict=True):
        assert paragraph.startswith(start)
    # paragraphs are separated by one blank line, so offsets follow the page's paragraphs
    assert article.text == "\n\n".join(paragraphs)


@pytest.mark.parametrize(
    "chrome",
    [
        "Home",  # navigation
        "Privacy",  # footer
        "All rights reserved",
        "Typical, they close it",  # comments section
        "12 comments",
        "Barrier gates pass winter inspection",  # related links
        "Share on Facebook",  # share buttons
        "Morning Tide newsletter",  # newsletter box
        "Sign up now",
        "Read more: Council approves",  # teaser link
        "Follow the Courier on Twitter",  # call to action at the end
        "By Mara Ellison",  # byline: metadata, not body
        "Tidal barrier closes early",  # headline: metadata, not body
    ],
)
def test_story_chrome_is_not_in_text(html_dir: Path, chrome: str) -> None:
    article = _read_one(html_dir / "harbour_story.html")
    assert isinstance(article, Article)
    assert chrome not in article.text


def test_removed_chrome_is_kept_with_a_reason(html_dir: Path) -> None:
    article = _read_one(html_dir / "harbour_story.html")
    assert isinstance(article, Article)
    reasons = {r.reason for r in article.removed}
    assert {"page-box", "link-block", "title", "call-to-action"} <= reasons
    newsletter = [r for r in article.removed if r.detail == "newsletter"]
    assert newsletter and newsletter[0].text.startswith("Morning Tide newsletter Get the day's harbour news")


def test_latin1_page_honours_meta_charset(html_dir: Path) -> None:
    data = (html_dir / "latin1_market.html").read_bytes()
    assert "é".encode("latin-1") in data and "é".encode() not in data
    article = _read_one(html_dir / "latin1_market.html")
    assert isinstance(article, Article)
    assert article.title == "Café owners in Saint-Rémy welcome the new market hall"
    assert article.authors == ("Loïc Daniau",)
    assert article.text.startswith("The new covered market in Saint-Rémy opened on Saturday")
    assert "Élodie Marchal, who has run the Café du Pont" in article.text
    assert "«It feels like the square of my childhood again,»" in article.text
    assert "\ufffd" not in article.text
    assert len(article.paragraphs) == 3


def test_truncated_page_gives_what_arrived(html_dir: Path) -> None:
    article = _read_one(html_dir / "truncated_story.html")
    assert isinstance(article, Article)
    assert article.title == "Tidal barrier closes early as storm surge nears Kelport"
    assert len(article.paragraphs) == 4
    assert article.paragraph_texts[-1].startswith("Residents of the low-lying Quayside district")
    assert "Shopkeepers" not in article.text


def test_empty_body_is_a_failure(html_dir: Path) -> None:
    result = _read_one(html_dir / "empty_body.html")
    assert result == Failure(str(html_dir / "empty_body.html"), NO_ARTICLE)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><p>Too short.</p></div></body></html>",
        "<html><head><title>x</title></head><body><div><p>Unclosed <b><i>",
        "<<<>>><html><<body<p></p>",
        "<!DOCTYPE html><html></html>",
    ],
)
def test_malformed_pages_fail_with_one_line(html: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.html"
    path.write_text(html, "utf-8")
    result = _read_one(path)
    assert isinstance(result, Failure)
    assert result.problem.startswith("no article text found")
    assert "\n" not in result.problem


def test_binary_data_is_a_failure() -> None:
    (result,) = read_html(_raw(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), load_settings())
    assert isinstance(result, Failure)
    assert result.problem == "is binary data (NUL bytes), not text"


def test_text_without_markup_is_not_html() -> None:
    text = b"Minutes of the parish council meeting. The clerk read the accounts; all agreed.\n" * 5
    (result,) = read_html(_raw(text), load_settings())
    assert result == Failure("page.html", "is not an HTML page (no HTML tags found)")


def test_url_given_by_the_caller_is_used_without_a_canonical(html_dir: Path) -> None:
    html = (html_dir / "latin1_market.html").read_bytes().decode("latin-1")
    draft = draft_from_html(html, "record-7", url="https://market.example.net/hall")
    assert not isinstance(draft, Failure)
    assert draft.url == "https://market.example.net/hall"
    assert draft.site == "market.example.net"
    assert draft.clean is False


def test_canonical_url_wins_over_the_fetch_url(html_dir: Path) -> None:
    html = (html_dir / "harbour_story.html").read_text("utf-8")
    draft = draft_from_html(html, "record-8", url="https://courier.example.org/amp/123?utm_source=x")
    assert not isinstance(draft, Failure)
    assert draft.url == "https://courier.example.org/news/2024/03/14/tidal-barrier-closes"


# --- link blocks: lists of links and teaser paragraphs --------------------------------------


def _pruned(body: str) -> tuple[str, list[tuple[str, str]]]:
    """The page text after the link-block rules, and what they removed (detail, text)."""
    import trafilatura

    from framelens.readers.html import _prune_link_blocks, html_rules

    tree = trafilatura.load_html(f"<html><body>{body}</body></html>")
    removed: list[Removed] = []
    _prune_link_blocks(tree, html_rules(), removed)
    return " ".join(tree.text_content().split()), [(r.detail, r.text) for r in removed]


PROSE = "The ferry from Ashmere will run twice a day from May, the harbour board said on Monday."


@pytest.mark.parametrize(
    ("items", "dropped"),
    [
        # every item is (mostly) one link: a list of other stories
        ('<li><a href="/a">Barrier reopens</a></li><li><a href="/b">Market hall vote</a></li>', True),
        # several links per item, all link text: decided item by item in Python
        (
            '<li><a href="/a">Ferry</a> <a href="/b">times</a></li>'
            '<li><a href="/c">Bridge</a> <a href="/d">works</a></li>',
            True,
        ),
        # one item is mostly plain text with a link in it: a real list in the article
        (
            '<li><a href="/a">Barrier reopens</a></li><li>Bring boots and a torch, <a href="/m">map</a></li>',
            False,
        ),
        # the same with several links: still decided on the sum of link text
        (
            '<li><a href="/a">Ferry</a> <a href="/b">times</a></li>'
            '<li>Bring boots, a torch and a flask of tea, <a href="/m">map</a> <a href="/n">list</a></li>',
            False,
        ),
        # a single item is not a list of stories
        ('<li><a href="/a">Barrier reopens</a></li><li>  </li>', False),
    ],
)
def test_lists_of_links_are_dropped_and_real_lists_kept(items: str, dropped: bool) -> None:
    text, removed = _pruned(f"<p>{PROSE}</p><ul>{items}</ul>")
    assert PROSE in text
    assert [detail for detail, _ in removed] == (["list of links"] if dropped else [])


def test_teaser_paragraphs_are_dropped_but_not_prose_urls_or_list_items() -> None:
    body = (
        f"<p>{PROSE}</p>"
        '<p><a href="/s/1">Read more: Kelport barrier closes early</a></p>'
        '<h3><a href="/s/2">Ashmere ferry timetable</a></h3>'
        f'<p>{PROSE} The <a href="/report">full report</a> is online.</p>'
        '<p><a href="https://example.org/report">https://example.org/report</a></p>'
        '<nav><p><a href="/">Home</a></p></nav>'
        '<ol><li><p><a href="/x">Only item</a></p></li></ol>'
    )
    text, removed = _pruned(body)
    assert removed == [
        ("paragraph of link text", "Read more: Kelport barrier closes early"),
        ("paragraph of link text", "Ashmere ferry timetable"),
    ]
    assert "full report is online" in text
    assert "https://example.org/report" in text
    assert "Home" in text and "Only item" in text


# --- metadata: trafilatura's extract_metadata less what framelens does not use --------------

META_PAGES = {
    "json-ld": (
        '<html lang="en"><head><title>Barrier closes | Kelport Courier</title>'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "Barrier closes early", "datePublished": "2024-03-14T08:00:00Z",'
        ' "author": [{"@type": "Person", "name": "Mara Ellison"},'
        ' {"@type": "Person", "name": "Piet Lanner"}],'
        ' "publisher": {"@type": "Organization", "name": "Kelport Courier"}}</script></head>'
        f"<body><article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    ),
    "bare title": (
        "<html><head><title>Ferry timetable changes - ashmere news</title></head>"
        f"<body><div><p>{PROSE}</p><p>Posted 3 May 2024</p></div></body></html>"
    ),
    "relative canonical, one-word author, lowercase site": (
        '<html><head><link rel="canonical" href="/news/ferry">'
        '<meta property="og:url" content="https://www.ashmere.example.com/x">'
        '<meta name="author" content="admin"><meta property="og:site_name" content="@ashmerenews">'
        f'</head><body><p class="byline">By Odile Quist</p><p>{PROSE}</p></body></html>'
    ),
    "nothing": f"<html><body><p>{PROSE}</p></body></html>",
}


@pytest.mark.parametrize("name", [*META_PAGES, "harbour_story.html", "latin1_market.html"])
def test_page_metadata_is_trafilaturas_less_categories_tags_and_licence(name: str, html_dir: Path) -> None:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    from framelens.readers.html import page_metadata

    html = (
        META_PAGES[name] if name in META_PAGES else (html_dir / name).read_bytes().decode("utf-8", "replace")
    )
    ours = page_metadata(trafilatura.load_html(html))
    theirs = extract_metadata(trafilatura.load_html(html))
    fields = ("title", "author", "url", "hostname", "description", "sitename", "date", "image", "pagetype")
    assert {f: getattr(ours, f) for f in fields} == {f: getattr(theirs, f) for f in fields}


def test_page_metadata_of_a_json_ld_page() -> None:
    import trafilatura

    from framelens.readers.html import page_metadata

    meta = page_metadata(trafilatura.load_html(META_PAGES["json-ld"]))
    assert (meta.title, meta.author, meta.sitename, meta.date) == (
        "Barrier closes early",
        "Mara Ellison; Piet Lanner",
        "Kelport Courier",
        "2024-03-14",
    )
