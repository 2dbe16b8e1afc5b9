"""The HTML report in a real browser: Debian's headless Chromium opens the report of examples/.

It checks what only a browser can: that tables and highlights are laid out (visible, with
a size), that a word-choice link scrolls to its span and marks it, that the page asks the
network for nothing, and it saves a screenshot to look at.  Skipped, naming the reason,
only where Chromium or its driver is not installed (``make browser`` installs them).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import headless_chromium, missing

from framelens.comparison import compare
from framelens.report import render_html
from framelens.report.build import build_report
from framelens.report.html_techniques import technique_key, technique_name

ROOT = Path(__file__).resolve().parents[2]
#: URL schemes that leave the machine
_REMOTE = {"http", "https", "ws", "wss", "ftp"}

if (reason := missing()) is not None:
    pytest.skip(reason, allow_module_level=True)

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return json.loads(json.dumps(build_report(compare([ROOT / "examples"]))))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium(page_load_timeout=20) as driver:
        yield driver


def _open(browser: Any, path: Path, page: str) -> None:
    path.write_text(page, encoding="utf-8")
    browser.get_log("performance")  # drop what came before this page
    browser.get(path.as_uri())


def _requests(browser: Any) -> list[str]:
    """Every URL the browser asked for since the last call (Chromium's own chrome:// pages too)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _in_view(browser: Any, element: Any) -> bool:
    return bool(
        browser.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;",
            element,
        )
    )


def test_report_of_examples_renders_links_and_fetches_nothing(
    browser: Any, report: dict[str, Any], tmp_path: Path
) -> None:
    _open(browser, tmp_path / "report.html", render_html(report))
    assert browser.title.startswith("framelens: coverage compared across 4 articles")

    for selector in [
        "#overview table",
        "table.matrix-wc",
        "table.matrix-ev",
        "#tone svg",
        "table.matrix-tech",
        "#frames svg",
        "#sources table",
    ]:
        element = browser.find_element(By.CSS_SELECTOR, selector)
        assert element.is_displayed() and element.size["width"] > 100 and element.size["height"] > 20, (
            selector
        )
    sizes = browser.execute_script(
        "return Array.from(document.querySelectorAll('mark.hl[id]'))"
        ".map(e => [e.id, e.getClientRects().length > 0 && e.getBoundingClientRect().width > 0]);"
    )
    expected = {f"a{n}-{h['ref']}" for n, a in enumerate(report["articles"], 1) for h in a["highlights"]}
    assert {hid for hid, _ in sizes} == expected
    assert [hid for hid, shown in sizes if not shown] == []

    link = browser.find_element(By.CSS_SELECTOR, 'table.matrix-wc a[href*="-label-"]')
    target_id = link.get_attribute("href").split("#", 1)[1]
    browser.execute_script("window.scrollTo(0, 0)")
    link.click()
    WebDriverWait(browser, 15).until(
        lambda b: "is-active" in b.find_element(By.ID, target_id).get_attribute("class").split()
    )
    span = browser.find_element(By.ID, target_id)
    assert browser.execute_script("return window.scrollY") > 500, "the page scrolled down to the texts"
    assert _in_view(browser, span)
    assert browser.execute_script("return arguments[0].matches(':target')", span)
    assert browser.switch_to.active_element.get_attribute("id") == target_id
    assert span.text.strip()

    # and back from the span to the table entry it came from
    back = browser.execute_script(
        "return document.getElementById(arguments[0]).nextElementSibling;", target_id
    )
    assert "backref" in back.get_attribute("class")
    back.click()
    # the scroll and the hashchange handler that marks the entry are separate events: wait for both
    WebDriverWait(browser, 15).until(
        lambda b: _in_view(b, link) and "is-active" in (link.get_attribute("class") or "").split()
    )

    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    requests = _requests(browser)
    assert (tmp_path / "report.html").as_uri() in requests, "the network log is recording"
    assert [u for u in requests if u.split(":", 1)[0] in _REMOTE] == []

    shot = tmp_path / "report.png"
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_selector_shows_one_article_and_links_reveal_theirs(
    browser: Any, report: dict[str, Any], tmp_path: Path
) -> None:
    many = copy.deepcopy(report)
    for art in report["articles"][:2]:  # six articles: past the side-by-side layout
        many["articles"].append({**art, "id": f"{art['id']}-again", "label": f"{art['label']} (again)"})
    _open(browser, tmp_path / "many.html", render_html(many))
    visible = browser.execute_script(
        "return Array.from(document.querySelectorAll('.article')).map(a => !a.hidden);"
    )
    assert visible == [True, False, False, False, False, False]

    link = browser.find_element(By.CSS_SELECTOR, 'table.matrix-wc a[href^="#a3-"]')
    target_id = link.get_attribute("href").split("#", 1)[1]
    link.click()
    WebDriverWait(browser, 15).until(
        lambda b: (
            _in_view(b, b.find_element(By.ID, target_id))
            and b.find_element(By.ID, "article-select").get_attribute("value") == "art-3"
        )
    )
    assert browser.find_element(By.ID, "art-3").is_displayed()
    assert not browser.find_element(By.ID, "art-1").is_displayed()
    assert [u for u in _requests(browser) if u.split(":", 1)[0] in _REMOTE] == []


def test_technique_spans_name_their_technique_on_hover_and_in_the_text(
    browser: Any, report: dict[str, Any], tmp_path: Path
) -> None:
    _open(browser, tmp_path / "techniques.html", render_html(report))
    browser.find_element(By.ID, "layer-technique").click()  # off at first, a calm start
    for selector in ["table.matrix-tech", "#frames svg", "#frames .method"]:
        element = browser.find_element(By.CSS_SELECTOR, selector)
        assert element.is_displayed() and element.size["width"] > 100, selector
    bars = browser.find_elements(By.CSS_SELECTOR, "#frames rect.bar")
    assert len(bars) == sum(len(f["frames"]) for f in report["frames"])

    spans = [
        (f"a{n}-{h['ref']}", technique_name(h["technique"]), technique_key(h["technique"]))
        for n, a in enumerate(report["articles"], 1)
        for h in a["highlights"]
        if h["kind"] == "technique"
    ]
    assert spans, "the examples use techniques"
    for hid, name, key in spans:
        mark = browser.find_element(By.ID, hid)
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
        ActionChains(browser).move_to_element(mark).perform()
        hovered = browser.execute_script(
            "const h = Array.from(document.querySelectorAll(':hover')).pop();"
            "return h ? h.closest('[title]').getAttribute('title') : null;"
        )
        assert hovered and f"technique: {name}" in hovered, (hid, hovered)
        tag = browser.execute_script(
            "const parts = document.querySelectorAll('[data-ref=\"' + CSS.escape(arguments[0]) + '\"]');"
            "const sup = parts[parts.length - 1].nextElementSibling;"
            "const r = sup.getBoundingClientRect();"
            "return [sup.className, sup.querySelector('abbr').textContent, r.width > 0 && r.height > 0];",
            hid,
        )
        assert tag == ["tech-key", key, True], hid

    # a count in the techniques table leads to its first span
    link = browser.find_element(By.CSS_SELECTOR, "table.matrix-tech .tech-count a")
    target_id = link.get_attribute("href").split("#", 1)[1]
    browser.execute_script("window.scrollTo(0, 0)")
    link.click()
    WebDriverWait(browser, 15).until(
        lambda b: "is-active" in b.find_element(By.ID, target_id).get_attribute("class").split()
    )
    assert _in_view(browser, browser.find_element(By.ID, target_id))
    assert [u for u in _requests(browser) if u.split(":", 1)[0] in _REMOTE] == []


def _crowded(report: dict[str, Any], articles: int, actors: int, long_word: str = "") -> dict[str, Any]:
    """The examples' report grown to ``articles`` articles (copies) and ``actors`` actors in the
    word-choice and tone matrices, as a big story on the web UI has."""
    out = copy.deepcopy(report)
    base = list(report["articles"])
    shown = list(dict.fromkeys(c["actor"] for c in report["word_choice"]))
    extra = [a["id"] for a in report["actors"] if a["id"] not in shown][: max(0, actors - len(shown))]
    template = {c["article"]: c for c in report["word_choice"] if c["actor"] == shown[0]}
    tones = {t["article"]: t for t in report["tones"] if t["actor"] == shown[0]}
    for actor in extra:
        out["word_choice"] += [{**c, "actor": actor} for c in template.values()]
        out["tones"] += [{**t, "actor": actor} for t in tones.values()]
    for i in range(len(base), articles):
        art = base[i % len(base)]
        new_id = f"{art['id']}-{i}"
        out["articles"].append({**art, "id": new_id, "label": f"{art['label']} {long_word or 'again'} {i}"})
        out["word_choice"] += [
            {**c, "article": new_id} for c in out["word_choice"] if c["article"] == art["id"]
        ]
        out["tones"] += [{**t, "article": new_id} for t in out["tones"] if t["article"] == art["id"]]
        out["frames"] += [{**f, "article": new_id} for f in out["frames"] if f["article"] == art["id"]]
    if long_word:
        cell = next(c for c in out["word_choice"] if c["labels"])
        cell["labels"][0] = {**cell["labels"][0], "text": long_word}
    return out


@pytest.mark.parametrize(
    ("articles", "actors", "long_word"),
    [(8, 10, ""), (6, 8, "Donaudampfschifffahrtsgesellschaftskapitaenswitwe"), (4, 8, "")],
)
def test_matrices_fit_a_1385_pixel_window(
    browser: Any, report: dict[str, Any], tmp_path: Path, articles: int, actors: int, long_word: str
) -> None:
    crowded = _crowded(report, articles, actors, long_word)
    browser.set_window_size(1385, 1000)
    try:
        _open(browser, tmp_path / "crowded.html", render_html(crowded))
        assert browser.execute_script("return window.innerWidth") == 1385
        widths = _widths(browser, ["word-choice-h", "events-h", "tone-table-h", "frames-table-h"])
        assert [w for w in widths if w[1] > w[2]] == [], widths
        cols = browser.execute_script("return document.querySelectorAll('table.matrix-wc thead th').length")
        assert cols == 1 + (actors if articles > 6 else articles)
    finally:
        browser.set_window_size(1400, 1000)


def _widths(browser: Any, tables: list[str]) -> list[list[Any]]:
    """[id, scrollWidth, clientWidth] of the scrolling box of each table (folded ones opened)."""
    return list(
        browser.execute_script(
            "document.querySelectorAll('details').forEach(d => { d.open = true; });"
            "return arguments[0].map(id => {"
            "  const e = document.querySelector('.scroll[aria-labelledby=\"' + id + '\"]');"
            "  return [id, e.scrollWidth, e.clientWidth]; });",
            tables,
        )
    )


@pytest.mark.parametrize("articles", [8, 12])
def test_the_frames_table_fits_a_1385_pixel_window_with_every_frame_found(
    browser: Any, report: dict[str, Any], tmp_path: Path, articles: int
) -> None:
    """Many articles turn the table (articles as rows): 14 frame columns, each with a score and
    three sentence links, fit without scrolling sideways; the heads are short names whose
    title is the whole name, and a frame found nowhere is named below, not a column."""
    crowded = _crowded(report, articles, 4)
    names = [f["name"] for f in report["frames"][0]["frames"]]
    evidence = next(f["evidence"] for e in report["frames"] for f in e["frames"] if len(f["evidence"]) >= 3)
    crowded["frames"] = [
        {
            **report["frames"][0],
            "article": art["id"],
            "frames": [{"name": n, "score": 0.07, "evidence": evidence[:3]} for n in names],
        }
        for art in crowded["articles"]
    ]
    crowded["frames"][0]["frames"][-1]["score"] = 0.0
    for entry in crowded["frames"][1:]:
        entry["frames"] = entry["frames"][:-1]  # the last frame: found in no article
    browser.set_window_size(1385, 1000)
    try:
        _open(browser, tmp_path / "frames.html", render_html(crowded))
        widths = _widths(browser, ["frames-table-h"])
        assert [w for w in widths if w[1] > w[2]] == [], widths
        heads = browser.execute_script(
            "return Array.from(document.querySelectorAll('table.matrix-frame thead th'))"
            ".map(th => { const a = th.querySelector('abbr'); return [th.textContent, a ? a.title : '']; });"
        )
        assert len(heads) == len(names)  # the corner and every frame but the one found nowhere
        assert ["Legality", "Legality, constitutionality and jurisprudence"] in heads
        assert browser.find_element(By.CSS_SELECTOR, "#frames p.sub").text.startswith("Found in no article:")
    finally:
        browser.set_window_size(1400, 1000)


def _marked(browser: Any, kind: str) -> bool:
    """Whether the first ``kind`` mark in the texts is drawn (a tint behind it)."""
    return bool(
        browser.execute_script(
            "const m = document.querySelector('.articles mark.hl-' + arguments[0]);"
            "return getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)';",
            kind,
        )
    )


def test_layers_start_calm_switch_by_keyboard_and_live_in_the_address(
    browser: Any, report: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "layers.html"
    _open(browser, path, render_html(report))
    kinds = ["label", "quote", "quantity", "event", "actor", "technique"]
    assert {k: _marked(browser, k) for k in kinds} == {
        "label": True,
        "quote": True,
        "quantity": True,
        "event": False,
        "actor": False,
        "technique": False,
    }
    assert not browser.find_element(By.CSS_SELECTOR, ".articles sup.tech-key").is_displayed()
    backrefs = browser.execute_script(
        "return Array.from(document.querySelectorAll('.articles a.backref'))"
        ".map(a => [a.dataset.kind, a.getClientRects().length > 0]);"
    )
    assert {kind for kind, shown in backrefs if shown} == {"label", "quote"}
    assert {kind for kind, shown in backrefs if not shown} == {"event", "technique"}

    # keyboard only: Tab from the box before, Space to switch
    browser.find_element(By.ID, "layer-event").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "layer-actor"
    browser.switch_to.active_element.send_keys(Keys.SPACE)
    browser.find_element(By.ID, "layer-label").send_keys(Keys.SPACE)
    assert _marked(browser, "actor") and not _marked(browser, "label")
    assert browser.execute_script("return location.hash") == "#layers=quote,quantity,actor"

    # the address brings the choice back, on load and when edited
    browser.get(path.as_uri() + "#layers=technique")
    assert {k: _marked(browser, k) for k in kinds} == {k: k == "technique" for k in kinds}
    assert browser.find_element(By.CSS_SELECTOR, ".articles sup.tech-key").is_displayed()
    browser.execute_script("location.hash = '#layers=label,actor'")
    WebDriverWait(browser, 5).until(lambda b: _marked(b, "actor") and not _marked(b, "technique"))

    # a link into the texts still marks its span, whatever the layers
    link = browser.find_element(By.CSS_SELECTOR, 'table.matrix-wc a[href*="-label-"]')
    target_id = link.get_attribute("href").split("#", 1)[1]
    browser.find_element(By.ID, "layer-label").send_keys(Keys.SPACE)
    link.click()
    WebDriverWait(browser, 15).until(
        lambda b: "is-active" in b.find_element(By.ID, target_id).get_attribute("class").split()
    )
    assert browser.execute_script(
        "return getComputedStyle(document.getElementById(arguments[0])).backgroundColor", target_id
    ) not in {"rgba(0, 0, 0, 0)", "transparent"}
    assert [u for u in _requests(browser) if u.split(":", 1)[0] in _REMOTE] == []
