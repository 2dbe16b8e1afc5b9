"""The input size limits are settings (issue #15): a lowered one takes effect, from a settings
file, the environment or an override, like every other setting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from framelens.config import load_settings
from framelens.context import Context, TooLong
from framelens.errors import ConfigError
from framelens.readers import article_from_text
from framelens.readers.draft import Draft
from framelens.readers.html import draft_from_html

TEXT = "The minister spoke at length about the plan for the city and its budget. " * 4
PAGE = (
    "<html><head><title>Plan</title></head><body><article><h1>Plan</h1>"
    f"<p>{TEXT}</p><p><img alt='chart' src='data:image/png;base64,{'QUJD' * 1000}'></p>"
    f"<p>{TEXT}</p></article></body></html>"
)


def _huge(draft: Draft | object) -> int:
    assert isinstance(draft, Draft), draft
    return [r.reason for r in draft.removed].count("huge-attribute")


def test_a_lowered_attribute_limit_empties_a_shorter_attribute() -> None:
    assert _huge(draft_from_html(PAGE, "p.html")) == 0  # 4,000 characters: under the default
    assert _huge(draft_from_html(PAGE, "p.html", settings=load_settings(max_attribute_chars=1000))) == 1


def test_the_attribute_limit_from_the_environment_reaches_extract(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")

    def removed(limit: str | None) -> list[str]:
        env = {k: v for k, v in os.environ.items() if k != "FRAMELENS_MAX_ATTRIBUTE_CHARS"}
        if limit is not None:
            env["FRAMELENS_MAX_ATTRIBUTE_CHARS"] = limit
        out = subprocess.run(
            [sys.executable, "-m", "framelens", "extract", str(page), "--format", "jsonl"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return [r["reason"] for r in json.loads(out.stdout.splitlines()[0])["removed"]]

    assert "huge-attribute" not in removed(None)
    assert "huge-attribute" in removed("1_000")


def test_a_lowered_analysis_limit_from_a_settings_file_refuses_the_article(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[analysis]\nmax_analysed_chars = 100\n", encoding="utf-8")
    article = article_from_text(TEXT, source="long.txt")
    with pytest.raises(TooLong, match=r"^long.txt: too long to analyse \(291 characters .* limit is 100"):
        Context(load_settings(path)).parse([article])


@pytest.mark.parametrize("name", ["max_bytes", "max_attribute_chars", "max_analysed_chars"])
def test_a_limit_below_one_is_refused(name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings(**{name: 0})
