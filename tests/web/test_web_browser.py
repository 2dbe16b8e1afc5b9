"""The web UI in Debian's headless Chromium against a real server on a free loopback port.

Search, open a story from the results, open an actor from an article: each page must
render its content, and the browser must ask nothing of any other origin (the resource
timing entries and the DevTools network log are both checked).  Also runs `framelens
serve` itself once, to see the command start, answer and stop.  Skipped, naming the
reason, only where Chromium or its driver is not installed (``make browser``).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from chromium import headless_chromium, missing

from framelens.web import create_app


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def test_serve_command_starts_answers_and_stops(store_path: Path) -> None:
    port = _free_port()
    exe = Path(sys.executable).with_name("framelens")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "framelens"]
    server = subprocess.Popen(
        [*command, "serve", "--db", str(store_path), "--port", str(port)],
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/index.json", 60)
        data = httpx.get(f"http://127.0.0.1:{port}/index.json").json()
        assert data["corpus"]["articles"] == 13
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "read-only" in stderr and "Traceback" not in stderr


def test_serve_command_refuses_a_missing_store_in_one_line(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("framelens")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "framelens"]
    result = subprocess.run(
        [*command, "serve", "--db", str(tmp_path / "absent.duckdb"), "--port", str(_free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: no store at {tmp_path / 'absent.duckdb'}; create one with "
        f"`framelens ingest PATH... --db {tmp_path / 'absent.duckdb'}`"
    ]


@pytest.fixture(scope="module")
def base_url(store_path: Path) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(create_app(store_path), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/index.json", 30)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if (reason := missing()) is not None:
        pytest.skip(reason)
    with headless_chromium(page_load_timeout=30) as driver:
        yield driver


def _requests(browser: Any) -> list[str]:
    """Every http(s)/ws URL the browser asked for since the last call."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.split(":", 1)[0] in {"http", "https", "ws", "wss", "ftp"}:
                urls.append(url)
    return urls


def _same_origin_only(browser: Any, base_url: str) -> None:
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [r for r in resources if not r.startswith(base_url + "/")] == []
    assert [u for u in _requests(browser) if not u.startswith(base_url + "/")] == []


def _shown(browser: Any, selector: str, min_width: int = 50) -> Any:
    """The element, checked to be laid out: visible and of some size."""
    from selenium.webdriver.common.by import By

    element = browser.find_element(By.CSS_SELECTOR, selector)
    assert element.is_displayed() and element.size["width"] > min_width and element.size["height"] > 10, (
        selector
    )
    return element


def test_search_open_a_story_and_an_actor(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get_log("performance")
    browser.get(base_url + "/")
    _shown(browser, "table#stories")
    # the little script: "/" puts the cursor in the search box
    browser.find_element(By.TAG_NAME, "body").send_keys("/")
    box = browser.switch_to.active_element
    assert box.get_attribute("id") == "q"
    box.send_keys("Dostal flood", Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: "/search?q=" in b.current_url)
    results = _shown(browser, "ol#results")
    assert "Velka" in results.text
    _same_origin_only(browser, base_url)

    # open the story of the first hit: the comparison report, with the app's bar on top
    browser.find_element(By.CSS_SELECTOR, "ol#results a.story").click()
    WebDriverWait(browser, 60).until(lambda b: "/story/" in b.current_url)
    WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.ID, "framelens-nav"))
    assert browser.title.startswith("framelens: coverage compared across")
    _shown(browser, "#overview table")
    _shown(browser, "#framelens-nav")
    # the report's inline script runs under the app's CSP (allowed by its hash): a layer
    # switch writes the address
    browser.find_element(By.ID, "layer-actor").send_keys(Keys.SPACE)
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("#layers=label,quote,quantity,actor"))
    _same_origin_only(browser, base_url)

    # an article of the story, then one of its actors
    browser.get(base_url + "/search?q=Dostal")
    browser.find_element(By.CSS_SELECTOR, "ol#results a.title").click()
    WebDriverWait(browser, 10).until(lambda b: "/article/" in b.current_url)
    _shown(browser, "article#text mark.actor", min_width=5)
    browser.find_element(By.XPATH, "//table[@id='actors']//a[text()='Irina Dostal']").click()
    WebDriverWait(browser, 10).until(lambda b: "/actor/" in b.current_url)
    assert browser.find_element(By.ID, "actor-name").text.startswith("Irina Dostal")
    _shown(browser, "svg#tone-chart")
    assert browser.find_elements(By.CSS_SELECTOR, "svg#tone-chart circle")
    _shown(browser, "table#tone")
    assert "Mayor" in _shown(browser, "table#labels").text  # as written, not lower-cased
    _same_origin_only(browser, base_url)
