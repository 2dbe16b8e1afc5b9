"""Language identification (py3langid: small, offline, fast)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Below this many letters the guess is noise; leave the language unknown.
_MIN_LETTERS = 20


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # imported lazily: the model loads on first use, not when framelens is imported
    from py3langid import langid

    return langid


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:3000]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    lang, _prob = _identifier().classify(sample)
    return str(lang)
