"""Corpus parameters (store batches, near-duplicates, stories), read from ``resources/corpus.toml``.

Kept apart from ``Settings`` because they tune corpus jobs only (ingest into a store,
story clustering) and every per-article stage would otherwise carry them.  Like
Settings, they travel as one frozen value and explicit overrides win.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from framelens.errors import ConfigError


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
    """Everything a corpus job needs beyond the per-article Settings."""

    commit_every: int = 64
    duplicates: DuplicateParams = field(default_factory=DuplicateParams)
    stories: StoryParams = field(default_factory=StoryParams)

    def replace(self, **changes: Any) -> CorpusParams:
        """A copy with top-level fields changed; None values are ignored (unset CLI options)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _section(cls: type[Any], data: dict[str, Any], name: str) -> Any:
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"corpus.toml [{name}] has unknown keys {unknown}; remove them")
    values: dict[str, Any] = {}
    for key, value in data.items():
        default = getattr(cls(), key)
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not type(default):
            raise ConfigError(
                f"corpus.toml [{name}] {key} = {value!r} must be a {type(default).__name__}; fix the file"
            )
        values[key] = value
    return cls(**values)


def load_corpus_params(text: str | None = None) -> CorpusParams:
    """The packaged corpus parameters (or those of ``text``, a TOML document of the same shape)."""
    if text is None:
        text = resources.files("framelens.resources").joinpath("corpus.toml").read_text("utf-8")
    data = tomllib.loads(text)
    store = data.get("store", {})
    params = CorpusParams(
        commit_every=int(store.get("commit_every", CorpusParams().commit_every)),
        duplicates=_section(DuplicateParams, data.get("duplicates", {}), "duplicates"),
        stories=_section(StoryParams, data.get("stories", {}), "stories"),
    )
    if params.commit_every < 1:
        raise ConfigError("corpus.toml [store] commit_every must be at least 1")
    if not 0 < params.duplicates.threshold <= 1:
        raise ConfigError("corpus.toml [duplicates] threshold must be in (0, 1]")
    return params
