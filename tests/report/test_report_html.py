"""The HTML report: self-contained, every link resolves, every highlight is marked, input is escaped."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from lxml import html as lxml_html

from framelens.compare import Comparison, compare
from framelens.models import Article, Span, article_id
from framelens.report import render_html
from framelens.report.build import build_report
from framelens.report.html import SIDE_BY_SIDE_MAX, Mark, markup

#: attributes through which a page loads something (an <a href> only navigates when clicked)
_FETCHING = {"src", "srcset", "data", "poster", "background", "action", "formaction", "manifest"}


@pytest.fixture(scope="module")
def report(fictional_comparison: Comparison) -> dict[str, Any]:
    return json.loads(json.dumps(build_report(fictional_comparison)))


@pytest.fixture(scope="module")
def page(report: dict[str, Any]) -> str:
    return render_html(report)


def _tree(page: str) -> Any:
    return lxml_html.document_fromstring(page)


def _text(element: Any) -> str:
    """An element's text without the back links (↩) the renderer adds after spans."""
    clone = copy.deepcopy(element)
    for back in clone.xpath('.//a[contains(@class, "backref")]'):
        back.drop_tree()
    return str(clone.text_content())


def test_a_comparison_renders_like_its_report(fictional_comparison: Comparison, page: str) -> None:
    assert render_html(fictional_comparison) == page


def test_nothing_is_fetched(page: str) -> None:
    tree = _tree(page)
    assert not tree.xpath(
        "//script[@src] | //link | //img | //iframe | //object | //embed | //source | //image"
    )
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name in _FETCHING or (name.endswith("href") and element.tag != "a"):
                pytest.fail(f"<{element.tag} {name}={value!r}> would load something")
            if element.tag != "a" and re.match(r"\s*(https?:)?//", value):
                pytest.fail(f"<{element.tag} {name}={value!r}> points outside the page")
    styles = " ".join(tree.xpath("//style/text() | //@style"))
    assert "url(" not in styles and "@import" not in styles
    assert tree.xpath("//style") and tree.xpath("//script[not(@src)]"), "CSS and JS are inline"


def test_every_in_page_link_has_its_target(page: str) -> None:
    tree = _tree(page)
    ids = set(tree.xpath("//@id"))
    hrefs = [h[1:] for h in tree.xpath("//a/@href") if h.startswith("#")]
    assert len(hrefs) > 100
    assert sorted(set(hrefs) - ids) == []
    assert len(ids) == len(tree.xpath("//@id")), "ids are unique"


def test_every_highlight_is_an_element_with_its_exact_text(report: dict[str, Any], page: str) -> None:
    tree = _tree(page)
    for n, article in enumerate(report["articles"], 1):
        for highlight in article["highlights"]:
            hid = f"a{n}-{highlight['ref']}"
            (element,) = tree.xpath(f'//*[@id="{hid}"]')
            assert f"hl-{highlight['kind']}" in element.get("class")
            if not tree.xpath(f'//*[@data-ref="{hid}" and contains(@class, "hl-cont")]'):
                assert _text(element) == highlight["text"], hid
            else:  # a span crossing another is cut into fragments that still hold its words
                parts = "".join(_text(e) for e in tree.xpath(f'//*[@data-ref="{hid}"]'))
                assert re.sub(r"\s", "", parts) == re.sub(r"\s", "", highlight["text"])


def test_word_choice_cells_link_to_labels_and_labels_link_back(report: dict[str, Any], page: str) -> None:
    tree = _tree(page)
    keys = {a["id"]: n for n, a in enumerate(report["articles"], 1)}
    cells = tree.xpath('//table[contains(@class, "matrix-wc")]//td')
    assert cells
    checked = 0
    for cell in report["word_choice"]:
        for label in cell["labels"]:
            hid = f"a{keys[cell['article']]}-{label['ref']}"
            links = tree.xpath(f'//table[contains(@class, "matrix-wc")]//a[@href="#{hid}"]')
            assert links, hid
            (back,) = tree.xpath(f'//*[@id="{hid}"]/following-sibling::a[contains(@class, "backref")][1]')
            target = back.get("href")[1:]
            assert tree.xpath(f'//a[@id="{target}"]/@href') == [f"#{hid}"]
            checked += 1
    assert checked >= 5


def test_sections_and_marks_that_are_not_only_colour(report: dict[str, Any], page: str) -> None:
    tree = _tree(page)
    headings = [h.text_content().strip() for h in tree.xpath("//h2")]
    for section in [
        "Articles",
        "Legend",
        "Word choice",
        "Tone toward actors",
        "Claims across articles",
        "Sources",
    ]:
        assert any(h.startswith(section) for h in headings), section
    assert tree.xpath("//main") and tree.xpath("//nav") and len(tree.xpath("//h1")) == 1
    assert all(th.get("scope") in {"col", "row"} for th in tree.xpath("//th"))
    svg = tree.xpath('//section[@id="tone"]//svg')[0]
    assert svg.xpath(".//title") and svg.xpath('.//line[@class="zero"]')
    assert len(svg.xpath('.//g[contains(@class, "dot")]')) == len(report["tones"])
    assert "★" in page and "(only in this article)" in page
    statuses = {s.get("class").split()[1] for s in tree.xpath('//details[contains(@class, "claims")]')}
    assert statuses == {"claims-agree", "claims-numeric_disagreement", "claims-opposite", "claims-only_in"}
    assert "Candidate numeric disagreement about fighter (kill)" in page
    assert "@media print" in page


def test_hostile_article_text_is_escaped() -> None:
    texts = [
        'The mayor said <script>alert(1)</script> was "fine" & safe. The council met on Monday.',
        "The council met on Monday. The mayor called it <b>onclick=alert(2)</b> nonsense.",
    ]
    articles = [
        Article(
            article_id(t),
            f"x{n}.txt",
            t,
            title=f"<img src=x onerror=alert({n})>",
            url="javascript:alert(3)",
            paragraphs=(Span(0, len(t)),),
        )
        for n, t in enumerate(texts)
    ]
    page = render_html(compare(articles))
    assert "<script>alert(1)</script>" not in page and "<b>onclick" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tree = _tree(page)
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//img | //b")
    assert "<script>alert(1)</script>" in tree.xpath('//article[@id="art-1"]')[0].text_content()
    assert not [h for h in tree.xpath("//a/@href") if "javascript" in h], "only http(s) URLs become links"


def test_many_articles_use_the_selector(report: dict[str, Any]) -> None:
    many = copy.deepcopy(report)
    for copy_no in (2,):  # the same three articles again, as other outlets would be
        for art in report["articles"]:
            many["articles"].append(
                {**art, "id": f"{art['id']}-{copy_no}", "label": f"{art['label']} {copy_no}"}
            )
    assert len(many["articles"]) == 6 > SIDE_BY_SIDE_MAX
    tree = _tree(render_html(many))
    (select,) = tree.xpath('//select[@id="article-select"]')
    assert len(select.xpath("./option")) == 7 and tree.xpath('//label[@for="article-select"]')
    assert tree.xpath('//div[contains(@class, "layout-select")]') and not tree.xpath(
        '//*[contains(@class, "layout-side")]'
    )
    assert len(tree.xpath('//article[contains(@class, "article")]')) == 6
    side = _tree(render_html(report))
    assert not side.xpath("//select") and side.xpath('//div[contains(@class, "layout-side")]')


def test_single_article_report_renders_with_its_message(fictional_comparison: Comparison) -> None:
    page = render_html(compare(fictional_comparison.analyses[:1]))
    tree = _tree(page)
    (message,) = tree.xpath('//*[@role="status"]')
    assert "nothing to compare" in message.text_content()
    assert "Coverage compared across 1 article<" in page
    assert len(tree.xpath('//article[contains(@class, "article")]')) == 1


def test_nested_and_crossing_spans_stay_well_formed() -> None:
    text = "<abc> defghij"
    marks = [
        Mark(0, 9, "quote", "q", "quote"),
        Mark(6, 13, "label", "l", "label"),  # crosses the quote
        Mark(6, 9, "actor", "a", "actor"),  # nested in both
        Mark(1, 4, "quantity", "n", "quantity"),
    ]
    out = str(markup(text, marks, 0, len(text), set()))
    assert out.count("<mark") == out.count("</mark>") == 5  # the label is cut in two
    tree = lxml_html.fragment_fromstring(out, create_parent="p")
    assert tree.text_content() == text
    assert _text(tree.xpath('//*[@id="q"]')[0]) == "<abc> def"
    assert _text(tree.xpath('//*[@id="a"]')[0]) == "def"
    assert "".join(e.text_content() for e in tree.xpath('//*[@data-ref="l"]')) == "defghij"
    assert len(tree.xpath('//*[@id="l"]')) == 1 and "&lt;" in out and "<abc>" not in out


def test_many_articles_turn_the_matrices_and_share_one_chart_lane(report: dict[str, Any]) -> None:
    many = copy.deepcopy(report)
    for copy_no in (2, 3):  # nine articles: more than the matrices show as columns
        for art in report["articles"]:
            many["articles"].append(
                {**art, "id": f"{art['id']}-{copy_no}", "label": f"{art['label']} {copy_no}"}
            )
    tree = _tree(render_html(many))
    matrix = tree.xpath('//table[contains(@class, "matrix-wc")]')[0]
    actors = list(dict.fromkeys(c["actor"] for c in report["word_choice"]))
    assert len(matrix.xpath("./thead/tr/th")) == len(actors) + 1
    assert len(matrix.xpath("./tbody/tr")) == 9
    assert not tree.xpath('//section[@id="tone"]//svg//text[@class="key"]'), "no per-article lanes past 8"
