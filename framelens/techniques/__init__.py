"""Persuasion techniques at span level: which words of a text persuade, how, and why we think so.

The inventory is that of the Propaganda Techniques Corpus (SemEval-2020 Task 11, 14
classes, ``TECHNIQUES``).  Two layers find spans:

- a transparent layer (``lexicon``): word lists and named patterns, data files under
  ``resources/techniques/``, plus repeated phrases; a match is reported when the
  pattern's precision measured on the corpus reaches the floor chosen on held-back
  articles, with that precision as its confidence;
- a model (``model``) trained on the corpus: sparse logistic regressions that find
  spans token by token and name the technique of a span, with the features that
  weighed most as the cue.

Public API: ``detect(text)`` and ``classify(text, start, end)``.  Stages and evaluators
that already hold a parse use ``detect_tokens`` / ``analyse_texts`` so that nothing is
parsed twice.

Retrain the packaged model (about two minutes on 2 CPU cores)::

    python -m framelens.train.techniques --data ../shared/data/ptc --out framelens/resources/techniques/
"""

from __future__ import annotations

from collections.abc import Sequence

from framelens.context import ModelKind, load_spacy, shared_model
from framelens.models import Span, Technique
from framelens.techniques.features import PIPES, TextView, Tok, tokens_of, view
from framelens.techniques.lexicon import TECHNIQUES, find_all, load_lexicon
from framelens.techniques.model import Classified, TechniqueModel, format_top

__all__ = [
    "TECHNIQUES",
    "Classified",
    "TechniqueModel",
    "analyse_texts",
    "classify",
    "detect",
    "detect_tokens",
    "load_technique_model",
    "parse_tokens",
    "prepare",
]

Interval = tuple[int, int]


def load_technique_model() -> TechniqueModel:
    """The packaged model, read once per process (``framelens.context``'s model cache)."""
    return shared_model(ModelKind.techniques, "packaged", TechniqueModel.load)


def parse_tokens(texts: Sequence[str], batch_size: int = 32) -> list[list[Tok]]:
    """Tokens with lemma and part of speech, from the configured spaCy model (the needed pipes only)."""
    from framelens.config import load_settings

    nlp = load_spacy(load_settings().spacy_model)
    disable = [name for name in nlp.pipe_names if name not in PIPES]
    return [tokens_of(doc) for doc in nlp.pipe(texts, batch_size=batch_size, disable=disable)]


def prepare(text: str, tokens: list[Tok]) -> TextView:
    """A text with its tokens, sentences and transparent-layer matches, ready for the model."""
    lexicon = load_lexicon()
    return view(text, tokens, find_all(text, lexicon), lexicon)


def _model_cue(span_top: tuple[tuple[str, float], ...], classified: Classified) -> str:
    parts = [f"model: {classified.label} ({format_top(classified.top) or 'prior'})"]
    if span_top:
        parts.append(f"span: {format_top(span_top)}")
    return "; ".join(parts)


def detect_view(v: TextView, model: TechniqueModel) -> list[Technique]:
    """Pattern matches that pass the precision floor, and the model's spans with their technique."""
    out: dict[tuple[int, int, str], Technique] = {}
    floor = model.pattern_min_precision
    for m in v.matches:
        precision = model.pattern_precision(m.pattern)
        if precision < floor:
            continue
        key = (m.start, m.end, m.technique)
        out.setdefault(key, Technique(Span(m.start, m.end), m.technique, round(precision, 4), m.cue))
    spans = model.spans(v)
    for span, classified in zip(spans, model.classify(v, [(s.start, s.end) for s in spans]), strict=True):
        key = (span.start, span.end, classified.label)
        score = round(span.score * classified.score, 4)
        out.setdefault(
            key,
            Technique(Span(span.start, span.end), classified.label, score, _model_cue(span.top, classified)),
        )
    return sorted(out.values(), key=lambda t: (t.span.start, t.span.end, t.name))


def detect_tokens(text: str, tokens: list[Tok], model: TechniqueModel | None = None) -> list[Technique]:
    """``detect`` for a text already tokenised (a stage holding the pipeline's parse)."""
    return detect_view(prepare(text, tokens), model or load_technique_model())


def detect(text: str) -> list[Technique]:
    """The spans of ``text`` that use a persuasion technique, each with technique, confidence and cue."""
    return detect_tokens(text, parse_tokens([text])[0])


def analyse_texts(
    texts: Sequence[str], requests: Sequence[Sequence[Interval]], model: TechniqueModel | None = None
) -> list[tuple[list[Technique], dict[Interval, Classified]]]:
    """For each text: what ``detect`` finds and the classification of each requested span (one parse each)."""
    model = model or load_technique_model()
    out = []
    for text, tokens, wanted in zip(texts, parse_tokens(texts), requests, strict=True):
        v = prepare(text, tokens)
        classified = dict(zip(wanted, model.classify(v, list(wanted)), strict=True))
        out.append((detect_view(v, model), classified))
    return out


def classify(text: str, start: int, end: int) -> tuple[str, float]:
    """The most probable technique of ``text[start:end]`` (read in its context) and its probability."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span [{start}, {end}) is not a non-empty range of a {len(text)}-character text")
    model = load_technique_model()
    v = prepare(text, parse_tokens([text])[0])
    result = model.classify(v, [(start, end)])[0]
    return result.label, result.score
