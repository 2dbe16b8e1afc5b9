"""Headless Debian Chromium for the browser tests (report and web UI), started one way.

Never a browser download: Debian's ``chromium`` and ``chromium-driver`` (``make browser``),
with the flags that keep it off the network, a fresh profile, and the DevTools network log
on so that a request a page makes cannot go unseen.
"""

from __future__ import annotations

import importlib.util
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--window-size=1400,1000",
)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install -e '.[dev]')"
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        return (
            f"{CHROMIUM} or {CHROMEDRIVER} is missing: install Debian's chromium and chromium-driver"
            " (make browser)"
        )
    return None


@contextmanager
def headless_chromium(page_load_timeout: float) -> Iterator[Any]:
    """A selenium driver of headless Chromium with a throw-away profile; quit on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="framelens-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for arg in (*FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        driver.set_page_load_timeout(page_load_timeout)
        try:
            yield driver
        finally:
            driver.quit()
