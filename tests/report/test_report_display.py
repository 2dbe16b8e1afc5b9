"""Input shown safely: no bidi overrides or zero-width characters, no markup in Markdown, a CSP."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from typing import Any

import handmade_report
import pytest
from lxml import html as lxml_html

from framelens.report import render_html
from framelens.report.analysis_md import render_analysis_md
from framelens.report.build import build_report
from framelens.report.display import md, visible
from framelens.report.markdown import render_markdown

#: every character the report must not pass through
HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u200b\u2060\ufeff"
SPOOF_TITLE = "Bidi \u202egnp.exe\u202c title"
SPOOF_OUTLET = "Daily\u200b News\u2066"
SPOOF_AUTHOR = "Eve \u202dAdams\u202c"
HTML_OUTLET = "<img src=x onerror=alert(1)>"
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
LINK_TITLE = "[click](javascript:alert(1)) ![pixel](http://tracker.example/p.png)"


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return json.loads(json.dumps(build_report(handmade_report.comparison())))


def _hostile(report: dict[str, Any], title: str, outlet: str, author: str) -> dict[str, Any]:
    out = copy.deepcopy(report)
    art = out["articles"][0]
    art.update(title=title, outlet=outlet, authors=[author], label=outlet)
    return out


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        (SPOOF_TITLE, "Bidi gnp.exe title"),
        (SPOOF_OUTLET, "Daily News"),
        ("a\u200db", "ab"),  # a joiner between ASCII letters hides nothing it needs to join
        (PERSIAN, PERSIAN),  # a non-joiner inside a Persian word is spelling
        ("\U0001f469\u200d\U0001f4bb", "\U0001f469\u200d\U0001f4bb"),  # an emoji sequence
        ("plain", "plain"),
    ],
)
def test_visible_drops_reordering_and_hiding_characters(given: str, shown: str) -> None:
    assert visible(given) == shown


def test_html_report_drops_bidi_controls_and_isolates_names(report: dict[str, Any]) -> None:
    page = render_html(_hostile(report, SPOOF_TITLE, SPOOF_OUTLET, SPOOF_AUTHOR))
    assert not set(HIDDEN) & set(page)
    tree = lxml_html.document_fromstring(page)
    bdi = [b.text_content() for b in tree.xpath("//bdi")]
    assert "Bidi gnp.exe title" in bdi and "Daily News" in bdi and "Eve Adams" in bdi
    (row,) = tree.xpath('//section[@id="overview"]//tbody/tr[1]')
    assert row.xpath(".//th/a/bdi")[0].text_content() == "Bidi gnp.exe title"


def test_markdown_escapes_markup_and_drops_bidi_controls(report: dict[str, Any]) -> None:
    text = render_markdown(_hostile(report, LINK_TITLE, HTML_OUTLET, SPOOF_AUTHOR))
    assert not re.search(r"(?<!\\)[<\[]", text), "every < and [ of the input is escaped"
    assert "\\<img src=x onerror=alert(1)\\>" in text
    assert "Eve Adams" in text and not set(HIDDEN) & set(text)
    assert md(LINK_TITLE).startswith("\\[click\\](javascript")
    assert md("a | b & <c>") == "a \\| b \\& \\<c\\>"


def test_analysis_markdown_escapes_its_title() -> None:
    analysis, _ = handmade_report.analyses()
    import dataclasses

    hostile = dataclasses.replace(
        analysis, article=dataclasses.replace(analysis.article, title=HTML_OUTLET, outlet=SPOOF_OUTLET)
    )
    text = render_analysis_md(hostile)
    assert text.startswith("## \\<img src=x onerror=alert(1)\\>")
    assert not re.search(r"(?<!\\)<", text)
    assert "Daily News" in text and not set(HIDDEN) & set(text)


def test_report_carries_a_csp_that_pins_its_one_script(report: dict[str, Any]) -> None:
    page = render_html(report)
    tree = lxml_html.document_fromstring(page)
    (meta,) = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    head = tree.xpath("//head/*")
    assert head.index(meta) < min(head.index(e) for e in tree.xpath("//head/style | //head/script"))
    policy = dict(
        (part.split()[0], part.split()[1:]) for part in meta.get("content").split(";") if part.strip()
    )
    assert policy["default-src"] == ["'none'"]
    (script,) = tree.xpath("//script")
    digest = base64.b64encode(hashlib.sha256(script.text.encode()).digest()).decode()
    assert policy["script-src"] == [f"'sha256-{digest}'"]
    assert "connect-src" not in policy and "'unsafe-inline'" not in policy["script-src"]
