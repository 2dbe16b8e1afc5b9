"""The polarity of a label in its context, computed once, in the analysis.

"a war criminal" and "an effective strategist" are both descriptors; a reader sees their
polarity at once.  Two readings are averaged into a signed score in [-1, 1]: the tone model
with the descriptor as its target in its sentence (P(positive) - P(negative)), and VADER's
valence of the descriptor's own words.  The model alone reads how the sentence treats the
target and rates plain praise ("a respected commander") as mostly neutral; the words alone
miss context.  A title ("President", "General") is a rank, not a stance: it takes its
words' valence only, since the model would give it the mood of whatever sentence it
stands in.

The labels stage gives every descriptor its words' reading (so an analysis run without the
tone model still has one); the tone stage, which has the encoder loaded and every sentence
of the batch encoded, replaces it with the combined reading.  Comparison and the web UI
only read what the analysis stored: they never load a model for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from framelens.models import Analysis, Label, Span
from framelens.text.windows import sentence_window
from framelens.tone.features import sentence_vader

#: |signed polarity| below this is neutral
POLARITY_BAND = 0.2
_CLAUSE = re.compile(r",|\s(?:who|whom|whose|which|that)\b")


def side(signed: float) -> str:
    """negative, neutral or positive for a signed polarity score."""
    return "neutral" if abs(signed) < POLARITY_BAND else ("positive" if signed > 0 else "negative")


def core(text: str, span: Span) -> Span:
    """The descriptor without a trailing relative clause or comma phrase: "a respected commander"
    of "a respected commander who led the KLF" (the clause is a label of its own)."""
    cut = _CLAUSE.search(text, span.start, span.end)
    return Span(span.start, cut.start()) if cut and cut.start() > span.start else span


def scored(label: Label) -> bool:
    """Whether a label gets a polarity: descriptors do, event terms do not."""
    return label.kind != "event"


def words_valence(text: str, label: Label) -> float:
    """VADER's compound valence of the descriptor's own words (its core)."""
    return float(sentence_vader(core(text, label.span).text_in(text))["compound"])


def with_polarity(label: Label, signed: float | None) -> Label:
    """``label`` carrying ``signed`` as its polarity (None: no polarity)."""
    if signed is None:
        return replace(label, polarity=None, polarity_score=None)
    return replace(label, polarity=side(signed), polarity_score=signed)


def words_only(text: str, labels: Sequence[Label]) -> tuple[Label, ...]:
    """Every descriptor with its words' valence as polarity (the reading without the model)."""
    return tuple(with_polarity(lab, words_valence(text, lab)) if scored(lab) else lab for lab in labels)


def target_query(analysis: Analysis, label: Label) -> tuple[str, int, int] | None:
    """What the tone model reads for a descriptor: (sentence or window, start, end) of its core;
    None for a title (words only) or a core that falls outside its window."""
    if label.kind == "title":
        return None
    text = analysis.article.text
    descriptor = core(text, label.span)
    window = sentence_window(analysis.sentence_of(descriptor) or descriptor, descriptor)
    start, end = descriptor.start - window.start, min(descriptor.end, window.end) - window.start
    if start < 0 or start >= end:
        return None
    return window.text_in(text), start, end


def in_context(
    analysis: Analysis, label: Label, probs: np.ndarray | None, labels: Sequence[str]
) -> float | None:
    """The combined signed polarity of ``label``, given the model's distribution toward its
    core (``probs``, columns named by ``labels``); words only for a title; None when the
    label is not a title but the model could not read it."""
    words = words_valence(analysis.article.text, label)
    if label.kind == "title":
        return words
    if probs is None:
        return None
    negative, positive = float(probs[labels.index("negative")]), float(probs[labels.index("positive")])
    return 0.5 * (positive - negative) + 0.5 * words


def label_polarities(items: Sequence[tuple[Analysis, Label]]) -> list[tuple[str, float] | None]:
    """The polarity of each label in context, (negative|neutral|positive, signed score), in input
    order, with the packaged model loaded here: for analyses stored before labels carried their
    polarity.  Every target goes to the model in one call, each sentence encoded once."""
    from framelens.tone import load_tone_model, target_distributions

    queries = [target_query(analysis, label) for analysis, label in items]
    asked = [q for q in queries if q is not None]
    probs = target_distributions(asked) if asked else np.zeros((0, 3), dtype=np.float32)
    names = load_tone_model().labels
    out: list[tuple[str, float] | None] = []
    row = 0
    for (analysis, label), query in zip(items, queries, strict=True):
        signed = in_context(analysis, label, probs[row] if query is not None else None, names)
        row += query is not None
        out.append(None if signed is None else (side(signed), signed))
    return out
