"""The HTML report: self-contained, every link resolves, every highlight is marked, input is escaped."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from typing import Any

import handmade_report
import pytest
from lxml import html as lxml_html

from framelens.comparison import Comparison, compare
from framelens.models import Article, Span, article_id
from framelens.report import render_html
from framelens.report.build import build_report
from framelens.report.html import SIDE_BY_SIDE_MAX, Mark, markup
from framelens.report.html_techniques import technique_key, technique_name

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
    """An element's text without what the renderer adds after spans: back links (↩) and
    technique keys (LL), which are not words of the article."""
    clone = copy.deepcopy(element)
    for added in clone.xpath('.//a[contains(@class, "backref")] | .//sup[contains(@class, "tech-key")]'):
        added.drop_tree()
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
    assert statuses == {
        "claims-agree",
        "claims-numeric_disagreement",
        "claims-date_disagreement",
        "claims-opposite",
        "claims-only_in",
    }
    assert "Candidate numeric disagreement about fighter (kill)" in page
    assert "@media print" in page


def test_disputes_and_shared_quotes_have_their_sections_and_speakers(disputes_comparison: Comparison) -> None:
    page = render_html(disputes_comparison)
    tree = _tree(page)
    statuses = {s.get("class").split()[1] for s in tree.xpath('//details[contains(@class, "claims")]')}
    assert statuses == {f"claims-{s}" for s in ("disputed", "quote_attribution", "shared_quote", "only_in")}
    attribution = tree.xpath('//details[contains(@class, "claims-quote_attribution")]')[0].text_content()
    assert "quoting: Ada Rhee" in attribution and "quoting: Piet Dorn" in attribution
    assert "Candidate dispute: Orsen Courier says" in page
    ids = set(tree.xpath("//@id"))
    assert sorted({h[1:] for h in tree.xpath("//a/@href") if h.startswith("#")} - ids) == []


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


@pytest.fixture(scope="module")
def handmade() -> tuple[dict[str, Any], str]:
    """The hand-made report whose techniques cross a quote, a label, a figure and each other."""
    report = json.loads(json.dumps(build_report(handmade_report.comparison())))
    return report, render_html(report)


def _fragments(tree: Any, hid: str) -> list[Any]:
    return list(tree.xpath(f'//*[@data-ref="{hid}"]'))


@pytest.mark.parametrize("which", ["fictional", "handmade"])
def test_every_technique_span_is_marked_with_its_text_and_named(
    which: str, report: dict[str, Any], page: str, handmade: tuple[dict[str, Any], str]
) -> None:
    report, page = (report, page) if which == "fictional" else handmade
    tree = _tree(page)
    checked = 0
    for n, article in enumerate(report["articles"], 1):
        for h in (h for h in article["highlights"] if h["kind"] == "technique"):
            hid = f"a{n}-{h['ref']}"
            name = technique_name(h["technique"])
            assert len(tree.xpath(f'//mark[@id="{hid}"]')) == 1
            parts = _fragments(tree, hid)
            assert parts[0].get("id") == hid, "the first fragment carries the id"
            assert all("hl-technique" in p.get("class") for p in parts)
            assert "".join(_text(p) for p in parts) == h["text"], hid  # exact: fragments are contiguous
            assert all(f"technique: {name}" in p.get("title") for p in parts), "named on hover"
            (key,) = parts[-1].xpath('following-sibling::*[1][self::sup][contains(@class, "tech-key")]')
            assert key.xpath("./abbr/@title") == [name] and key.xpath("./abbr/text()") == [
                technique_key(h["technique"])
            ], "named in the text itself"
            assert name in key.text_content(), "and in words for screen readers"
            checked += 1
    assert checked == sum(t["total"] for t in report["techniques"]) > 0


def test_marks_inside_a_technique_name_it_and_keys_follow_only_the_last_fragment(
    handmade: tuple[dict[str, Any], str],
) -> None:
    report, page = handmade
    tree = _tree(page)
    label = tree.xpath('//mark[@id="a1-label-20-36"]')[0]  # "reckless council", inside a Loaded language span
    assert "within technique: Loaded language" in label.get("title")
    # "wasted 40 million on a shameful" crosses "shameful vanity project": the later is cut in two
    crossing = _fragments(tree, "a1-technique-loaded-language-60-83")
    assert len(crossing) == 2 and "hl-cont" in crossing[1].get("class")
    keys = tree.xpath('//section[@id="texts"]//sup[contains(@class, "tech-key")]')
    assert len(keys) == report["techniques"][0]["total"] + 1, "one key per span, none per fragment"
    # the two techniques on the very same words keep their own elements, keys and titles
    same = [f"a1-technique-{t}-60-83" for t in ("loaded-language", "name-calling-labeling")]
    assert ["".join(_text(f) for f in _fragments(tree, hid)) for hid in same] == [
        "shameful vanity project"
    ] * 2
    assert "Name calling, labeling" in tree.xpath(f'//mark[@id="{same[1]}"]')[0].get("title")


@pytest.mark.parametrize("which", ["fictional", "handmade"])
def test_technique_table_counts_rates_and_links(
    which: str, report: dict[str, Any], page: str, handmade: tuple[dict[str, Any], str]
) -> None:
    report, page = (report, page) if which == "fictional" else handmade
    tree = _tree(page)
    (table,) = tree.xpath('//table[contains(@class, "matrix-tech")]')
    cols = [a["id"] for a in report["articles"]]
    rows = {
        row.xpath("./th")[0].text_content().strip(): row.xpath("./td") for row in table.xpath("./tbody/tr")
    }
    for n, (aid, section) in enumerate(((t["article"], t) for t in report["techniques"]), 1):
        col = cols.index(aid)
        spans: dict[str, list[str]] = {}
        for s in section["spans"]:
            spans.setdefault(s["technique"], []).append(f"#a{n}-{s['ref']}")
        for count in section["counts"]:
            label = f"{technique_name(count['technique'])} {technique_key(count['technique'])}"
            if count["technique"] not in {s["technique"] for t in report["techniques"] for s in t["spans"]}:
                assert label not in rows, "techniques found nowhere get no row"
                continue
            cell = rows[label][col]
            if not count["count"]:
                assert cell.text_content().strip() == "0"
                continue
            first = cell.xpath('.//span[@class="tech-count"]/a')[0]
            assert (
                first.text_content() == str(count["count"])
                and first.get("href") == spans[count["technique"]][0]
            )
            assert f"({count['per_1000_words']:.1f} per 1,000 words)" in cell.text_content()
            each = cell.xpath('.//div[contains(@class, "spans")]/a/@href')
            assert each == (spans[count["technique"]] if count["count"] > 1 else [])
        total = rows["All techniques total"][col].text_content()
        assert (
            f"{section['total']} ({section['per_1000_words']:.1f} per 1,000 words; {section['words']} words)"
            in total
        )
    assert "Techniques" in [a.text_content() for a in tree.xpath("//nav//a")]
    legend = tree.xpath('//dl[contains(@class, "legend-techniques")]//dd/text()')
    assert legend and set(legend) <= {
        technique_name(s["technique"]) for t in report["techniques"] for s in t["spans"]
    }
    assert tree.xpath('//section[@id="legend"]//mark[contains(@class, "hl-technique")]'), (
        "the kind is in the legend"
    )


def test_handmade_rates_in_the_html_table(handmade: tuple[dict[str, Any], str]) -> None:
    tree = _tree(handmade[1])
    row = next(
        r
        for r in tree.xpath('//table[contains(@class, "matrix-tech")]/tbody/tr')
        if "Loaded language" in r.text_content()
    )
    cells = [" ".join(td.text_content().split()) for td in row.xpath("./td")]
    assert (
        cells[0].startswith("3 (10.0 per 1,000 words) each: 1 2 3") and cells[1] == "1 (2.5 per 1,000 words)"
    )


@pytest.mark.parametrize("which", ["fictional", "handmade"])
def test_frames_chart_has_a_bar_per_frame_per_article_and_a_table(
    which: str, report: dict[str, Any], page: str, handmade: tuple[dict[str, Any], str]
) -> None:
    report, page = (report, page) if which == "fictional" else handmade
    tree = _tree(page)
    (section,) = tree.xpath('//section[@id="frames"]')
    keys = {a["id"]: n for n, a in enumerate(report["articles"], 1)}
    assert len(section.xpath('.//figure[contains(@class, "frame-chart")]')) == len(report["frames"])
    for entry in report["frames"]:
        (figure,) = section.xpath(f'.//figure[@id="frames-{keys[entry["article"]]}"]')
        svg = figure.xpath(".//svg")[0]
        assert svg.get("role") == "img" and svg.xpath("./title") and svg.xpath("./desc")
        bars = svg.xpath('.//g[contains(@class, "frame-bar")]')
        assert len(bars) == len(svg.xpath('.//rect[@class="bar"]')) == len(entry["frames"])
        shown = {
            b.xpath("./title/text()")[0].split(":")[0]: b.xpath('./text[@class="val"]/text()')[0]
            for b in bars
        }
        assert shown == {f["name"]: f"{f['score']:.2f}" for f in entry["frames"]}, "labelled, with values"
        assert all(b.xpath('./text[@class="frame-name"]/text()') for b in bars)
        assert entry["method"] in section.text_content(), "the method note is shown"
    table = section.xpath('.//details//table[contains(@class, "matrix-frame")]')[0]
    names = {f["name"] for e in report["frames"] for f in e["frames"]}
    found = {f["name"] for e in report["frames"] for f in e["frames"] if f["score"]}
    assert {th.text_content().strip() for th in table.xpath("./tbody/tr/th")} == found
    if names - found:  # a frame found in no article is named below the table, not a row
        (note,) = section.xpath('.//p[@class="sub"][starts-with(., "Found in no article:")]')
        assert all(n in note.text_content() for n in names - found)
    hrefs = [h[1:] for h in table.xpath(".//a/@href")]
    assert hrefs and set(hrefs) <= set(tree.xpath("//@id")), "evidence links resolve"


def test_handmade_page_links_resolve_and_ids_are_unique(handmade: tuple[dict[str, Any], str]) -> None:
    tree = _tree(handmade[1])
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert sorted({h[1:] for h in tree.xpath("//a/@href") if h.startswith("#")} - set(ids)) == []


def test_technique_marks_crossing_other_spans_stay_well_formed() -> None:
    text = 'He said "a shameful waste" loudly.'
    at = text.index
    marks = [
        Mark(at("said"), at(" loudly"), "quote", "q", "quote"),  # crossed by the first technique
        Mark(
            at("a shameful"),
            len(text),
            "technique",
            "t",
            "technique: Loaded language",
            tag=("LL", "Loaded language"),
        ),
        Mark(at("shameful"), at(" waste"), "label", "l", "label"),
        Mark(at("shameful"), at(" loudly"), "technique", "t2", "technique: Doubt", tag=("DO", "Doubt")),
    ]
    out = str(markup(text, marks, 0, len(text), set()))
    tree = lxml_html.fragment_fromstring(out, create_parent="p")
    assert len(tree.xpath('//*[@data-ref="t"]')) == 2, "cut where the quote ends"
    assert "".join(_text(e) for e in tree.xpath('//*[@data-ref="t"]')) == text[at("a shameful") :]
    assert "".join(_text(e) for e in tree.xpath('//*[@data-ref="t2"]')) == 'shameful waste"'
    assert _text(tree.xpath('//*[@id="l"]')[0]) == "shameful"
    keys = tree.xpath('//sup[contains(@class, "tech-key")]/abbr/text()')
    assert sorted(keys) == ["DO", "LL"], "one key per technique, after its last fragment"
    assert "within technique: Loaded language" in tree.xpath('//*[@id="l"]')[0].get("title")
    clean = copy.deepcopy(tree)
    for sup in clean.xpath("//sup"):
        sup.drop_tree()
    assert clean.text_content() == text


def test_articles_without_techniques_or_frames_render_as_not_analysed() -> None:
    full = handmade_report.comparison()
    unseen = dataclasses.replace(full.analyses[1], techniques=(), frames=(), provenance=())
    tree = _tree(render_html(dataclasses.replace(full, analyses=(full.analyses[0], unseen))))
    row = tree.xpath('//table[contains(@class, "matrix-tech")]/tbody/tr')[0]
    assert row.xpath("./td")[1].text_content().strip() == "not analysed"
    assert len(tree.xpath('//figure[contains(@class, "frame-chart")]')) == 1
    old = json.loads(json.dumps(build_report(full)))
    del old["techniques"], old["frames"]  # a report written before these sections existed
    for article in old["articles"]:
        article["highlights"] = [h for h in article["highlights"] if h["kind"] != "technique"]
    page = render_html(old)
    assert "Techniques were not analysed" in page and "Frames were not analysed" in page


def test_headline_spans_are_marked_in_the_heading_and_linked(page: str, report: dict[str, Any]) -> None:
    tree = _tree(page)
    for n, art in enumerate(report["articles"], 1):
        heading = tree.xpath(f'//h3[@id="art-{n}-h"]')[0]
        assert art["title"] in _text(heading)  # the marks keep the headline's words whole
        for h in (h for h in art["highlights"] if h.get("field") == "title"):
            (mark,) = heading.xpath(f'.//*[@id="a{n}-{h["ref"]}"]')
            assert _text(mark) == h["text"]
    # a word-choice entry from a headline links to its mark in the heading
    title_refs = [
        (c["article"], lab["ref"]) for c in report["word_choice"] for lab in c["labels"] if lab.get("field")
    ]
    assert title_refs
    keys = {a["id"]: n for n, a in enumerate(report["articles"], 1)}
    for article, ref in title_refs:
        assert tree.xpath(f'//a[@href="#a{keys[article]}-{ref}"]')
