"""Persuasion techniques at span level: which words of a text persuade, how, and why we think so.

The inventory is that of the Propaganda Techniques Corpus (SemEval-2020 Task 11, 14
classes, ``TECHNIQUES``).  Two layers find spans:

- a transparent layer (``lexicon``): word lists and named patterns, data files under
  ``resources/techniques/``, plus repeated phrases; a match is reported when the
  pattern's precision measured on the corpus reaches the floor chosen on held-back
  articles, with that precision as its confidence;
- a sparse model (``model``) trained on the corpus: logistic regressions that score
  tokens and name the technique of a span, with the features that weighed most as the cue;
- a span tagger (``tagger``): the lower layers of the MiniLM encoder fine-tuned on the
  corpus (low-rank adapters), with a span head and a technique head.

A span comes from the tagger's and the sparse model's token probabilities mixed, decoded
with two thresholds; its technique from the two classifiers' probabilities mixed.  The
mixing weights and thresholds were chosen on held-back articles at two operating points:
"f1" (the best F1, for evaluation) and "readers" (the most recall at precision >= 0.5:
what analyses, reports and ``detect`` give by default).  Every span keeps its cue: the
pattern, or the label's probabilities and the span's strongest words.

Public API: ``detect(text)`` and ``classify(text, start, end)``.  Stages and evaluators
that already hold a parse use ``detect_tokens`` / ``analyse_texts`` so that nothing is
parsed twice.

Retrain the packaged models (the sparse one in about two minutes on 2 CPU cores, then the
tagger, which reads the sparse one's probabilities, in about 7 minutes)::

    python -m framelens.train.techniques --data ../shared/data/ptc --out framelens/resources/techniques/
    python -m framelens.train.techniques_tagger --data ../shared/data/ptc \
        --out framelens/resources/techniques/tagger/
"""

from __future__ import annotations

from collections.abc import Sequence

from framelens.context import ModelKind, load_spacy, shared_model
from framelens.models import Span, Technique
from framelens.techniques.features import PIPES, TextView, Tok, tokens_of, view
from framelens.techniques.lexicon import TECHNIQUES, find_all, load_lexicon
from framelens.techniques.model import POINTS, Classified, TechniqueModel, format_top
from framelens.techniques.tagger import Reading

__all__ = [
    "POINTS",
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


def _model_cue(span_top: tuple[tuple[str, float], ...], classified: Classified, tagged: bool) -> str:
    top = classified.top
    if top and top[0][0] == "tagger":
        # the tagger's probability of the label, then the sparse classifier's features
        why = f"tagger {top[0][1]:.2f}" + (f"; {format_top(top[1:])}" if len(top) > 1 else "")
        parts = [f"model: {classified.label} ({why})"]
    else:
        parts = [f"model: {classified.label} ({format_top(top) or 'prior'})"]
    if span_top and tagged:
        parts.append("span: " + ", ".join(f"“{word}” {p:.2f}" for word, p in span_top))
    elif span_top:
        parts.append(f"span: {format_top(span_top)}")
    return "; ".join(parts)


def read_view(v: TextView, model: TechniqueModel) -> Reading | None:
    """The tagger's reading of the view's text (None when the model has no tagger)."""
    return model.tagger.read(v.text) if model.tagger is not None else None


def detect_view(
    v: TextView, model: TechniqueModel, point: str = "readers", reading: Reading | None = None
) -> list[Technique]:
    """Pattern matches that pass the precision floor, and the model's spans with their technique.

    ``point`` is the tagger's operating point: "readers" (the default: what the analysis
    shows, held-back precision >= 0.5) or "f1" (the best held-back F1, for evaluation).
    """
    out: dict[tuple[int, int, str], Technique] = {}
    floor = model.pattern_floor(point)
    for m in v.matches:
        precision = model.pattern_precision(m.pattern)
        if precision < floor:
            continue
        key = (m.start, m.end, m.technique)
        out.setdefault(key, Technique(Span(m.start, m.end), m.technique, round(precision, 4), m.cue))
    if model.tagger is not None:
        reading = reading if reading is not None else read_view(v, model)
        assert reading is not None
        spans = model.tagged_spans(v, reading, point)
    else:
        spans = model.spans(v)
    wanted = [(s.start, s.end) for s in spans]
    for span, classified in zip(spans, model.classify(v, wanted, reading), strict=True):
        key = (span.start, span.end, classified.label)
        score = round(span.score * classified.score, 4)
        cue = _model_cue(span.top, classified, model.tagger is not None)
        out.setdefault(key, Technique(Span(span.start, span.end), classified.label, score, cue))
    return sorted(out.values(), key=lambda t: (t.span.start, t.span.end, t.name))


def detect_tokens(
    text: str,
    tokens: list[Tok],
    model: TechniqueModel | None = None,
    point: str = "readers",
    reading: Reading | None = None,
) -> list[Technique]:
    """``detect`` for a text already tokenised (a stage holding the pipeline's parse), with the
    tagger's ``reading`` of ``text`` when one was made already (read here otherwise)."""
    return detect_view(prepare(text, tokens), model or load_technique_model(), point, reading)


def detect(text: str, point: str = "readers") -> list[Technique]:
    """The spans of ``text`` that use a persuasion technique, each with technique, confidence and cue."""
    return detect_tokens(text, parse_tokens([text])[0], point=point)


def analyse_texts(
    texts: Sequence[str],
    requests: Sequence[Sequence[Interval]],
    model: TechniqueModel | None = None,
    points: Sequence[str] = ("readers",),
) -> list[tuple[dict[str, list[Technique]], dict[Interval, Classified]]]:
    """For each text: what ``detect`` finds at each operating point of ``points`` and the
    classification of each requested span (one parse and one tagger reading each)."""
    model = model or load_technique_model()
    out = []
    for text, tokens, wanted in zip(texts, parse_tokens(texts), requests, strict=True):
        v = prepare(text, tokens)
        reading = read_view(v, model)
        classified = dict(zip(wanted, model.classify(v, list(wanted), reading), strict=True))
        found = {point: detect_view(v, model, point, reading) for point in points}
        out.append((found, classified))
    return out


def classify(text: str, start: int, end: int) -> tuple[str, float]:
    """The most probable technique of ``text[start:end]`` (read in its context) and its probability."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span [{start}, {end}) is not a non-empty range of a {len(text)}-character text")
    model = load_technique_model()
    v = prepare(text, parse_tokens([text])[0])
    result = model.classify(v, [(start, end)], read_view(v, model))[0]
    return result.label, result.score
