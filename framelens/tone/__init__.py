"""Target-dependent tone: how a sentence speaks about one mention in it, not the sentence's mood.

In news the two often differ ("X slammed Y's failure" is negative toward Y, not X), which
is why framelens scores each mention (NewsMTSC, Hamborg & Donnay, EACL 2021).  Each
distinct sentence is encoded once by the technique tagger's encoder (``framelens.tone.encoder``:
MiniLM's first three layers with adapters trained on propaganda spans, which read tone
better than the plain six layers); a small head trained on NewsMTSC
(``framelens.tone.model``) reads the token vectors around the mention plus VADER lexicon
evidence near it.

Use ``target_tones`` for many mentions (a stage scoring all mentions of an article): it
encodes each distinct sentence once, in batches.  ``target_tone`` is the one-off form.

Retrain the packaged weights (about 3 minutes on 2 CPU cores; after the tagger, whose
encoder it reads)::

    python -m framelens.train.tone --data ../shared/data/newsmtsc --out framelens/resources/tone/
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
from threadpoolctl import threadpool_limits

from framelens.context import ModelKind, shared_model
from framelens.embed import DEFAULT_BATCH_SIZE, Bert, TokenEncoding, encode_tokens
from framelens.tone.features import sentence_info
from framelens.tone.model import LABELS, ToneModel

__all__ = [
    "LABELS",
    "Tone",
    "ToneModel",
    "load_tone_model",
    "target_distributions",
    "target_tone",
    "target_tones",
]

#: sentences whose mentions the head scores in one set of numpy calls (bounds its memory)
HEAD_GROUP = 64


class Tone(NamedTuple):
    """The tone toward one mention: a label of ``LABELS`` and that label's probability."""

    label: str
    score: float


def load_tone_model() -> ToneModel:
    """The packaged tone head, read once per process (``framelens.context``'s model cache)."""
    return shared_model(ModelKind.tone, "packaged", ToneModel.load)


def _check(sentence: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(sentence):
        raise ValueError(
            f"mention [{start}, {end}) is not a non-empty range of a {len(sentence)}-character sentence"
        )


def target_distributions(
    items: Sequence[tuple[str, int, int]],
    batch_size: int = DEFAULT_BATCH_SIZE,
    model: ToneModel | None = None,
    encoder: Bert | None = None,
    given: Mapping[str, TokenEncoding] | None = None,
) -> np.ndarray:
    """Label probabilities toward each mention ``sentence[start:end]``: shape (len(items), 3).

    Columns follow ``model.labels`` (negative, neutral, positive).  Each distinct sentence
    is encoded once, however many of its mentions are asked for, and sentences are
    encoded in batches: the cost is that of one ``encode`` call.  Aggregating stages
    (tone per actor) need the whole distribution, not only the winning label.  ``model``
    and ``encoder`` default to this process's (a stage passes its Context's).  ``given``:
    encodings the caller holds already, by sentence (the tone stage passes the technique
    tagger's windows, read by the same encoder), encoded again only when missing.
    """
    for sentence, start, end in items:
        _check(sentence, start, end)
    model = model or load_tone_model()
    out = np.zeros((len(items), len(model.labels)), dtype=np.float32)
    spans_of: dict[str, list[tuple[int, int, int]]] = {}
    for index, (sentence, start, end) in enumerate(items):
        spans_of.setdefault(sentence, []).append((index, start, end))
    sentences = list(spans_of)
    from framelens.tone.encoder import tone_encoder, tone_int8

    if encoder is None:
        encoder = tone_encoder(model)
    given = given or {}
    missing = [sentence for sentence in sentences if sentence not in given]
    encodings = {sentence: given[sentence] for sentence in sentences if sentence in given}
    encodings.update(zip(missing, encode_tokens(missing, batch_size, encoder, tone_int8(model)), strict=True))
    # The head pads each group's sentences to the longest: groups of similar length pad least.
    by_length = sorted(sentences, key=lambda text: len(encodings[text].tokens))
    # The head's matrices are small (tens of rows): BLAS threads cost more to wake than they
    # save (measured: the head runs ~4x faster on one thread), so it runs on one.
    with threadpool_limits(1, user_api="blas"):
        for at in range(0, len(by_length), HEAD_GROUP):
            group = by_length[at : at + HEAD_GROUP]
            scored = [
                (encodings[sentence], sentence_info(sentence), [(s, e) for _, s, e in spans_of[sentence]])
                for sentence in group
            ]
            for sentence, probs in zip(group, model.predict_many(scored), strict=True):
                for (index, _, _), row in zip(spans_of[sentence], probs, strict=True):
                    out[index] = row
    return out


def target_tones(
    items: Sequence[tuple[str, int, int]],
    batch_size: int = DEFAULT_BATCH_SIZE,
    model: ToneModel | None = None,
) -> list[Tone]:
    """The tone toward each mention ``sentence[start:end]``, in input order (see ``target_distributions``)."""
    model = model or load_tone_model()
    probs = target_distributions(items, batch_size=batch_size, model=model)
    return [Tone(model.labels[int(row.argmax())], float(row.max())) for row in probs]


def target_tone(sentence: str, start: int, end: int) -> Tone:
    """The tone toward the mention ``sentence[start:end]``: (label, probability of that label)."""
    return target_tones([(sentence, start, end)])[0]
