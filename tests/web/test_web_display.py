"""What the pages show of input: names as written, no bidi tricks, names isolated, labels as written."""

from __future__ import annotations

import datetime as dt

from lxml import html as lxml_html

from framelens.web import pages
from framelens.web.render import render

SPOOF = "Bidi \u202egnp.exe\u202c title\u200b"


def _index(title: str) -> str:
    day = dt.datetime(2031, 3, 3)
    story = {"id": 7, "title": title, "size": 2, "outlets": 2, "first_at": day, "last_at": day}
    page = {
        "corpus": {"articles": 2, "outlets": 2, "stories": 1},
        "sort": "size",
        "sorts": ["recent", "size"],
        "stories": [story],
        "paging": pages.pager("/", {"sort": "size"}, 1, 20, 1),
    }
    return render("index.html.j2", page=page)


def test_pages_drop_bidi_controls_and_isolate_titles() -> None:
    page = _index(SPOOF)
    assert "\u202e" not in page and "\u202c" not in page and "\u200b" not in page
    tree = lxml_html.document_fromstring(page)
    assert tree.xpath('//table[@id="stories"]//a/bdi')[0].text_content() == "Bidi gnp.exe title"


def test_story_orders_are_separate_words() -> None:
    tree = lxml_html.document_fromstring(_index("Floods"))
    (sorts,) = tree.xpath('//p[@class="sorts"]')
    assert " ".join(sorts.text_content().split()) == "Order: recent · size"


def test_labels_are_shown_as_written_and_merged_across_case() -> None:
    rows = [
        {"key": "mr.", "label": "Mr.", "kind": "title", "outlet": "A", "n": 3},
        {"key": "bethesda, md.", "label": "Bethesda, Md.", "kind": "place", "outlet": "A", "n": 2},
        {"key": "mr.", "label": "mr.", "kind": "title", "outlet": "B", "n": 1},
    ]
    table = pages._label_table(rows)
    assert [(e["label"], e["count"], e["outlets"]) for e in table] == [
        ("Mr.", 4, {"A": 3, "B": 1}),
        ("Bethesda, Md.", 2, {"A": 2}),
    ]
