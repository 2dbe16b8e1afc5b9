"""The trained span tagger: MiniLM fine-tuned on the Propaganda Techniques Corpus.

The sparse model (``model``) reads words, lemmas and lists; it cannot see that "the
so-called experts" and "experts" differ, or that a clause is a straw man, which is what the
corpus's annotators mark.  The tagger is the first three of the six transformer layers of
the packaged all-MiniLM-L6-v2 encoder with low-rank adapters (LoRA) trained on every linear
layer (``framelens.train.techniques_tagger``), plus two heads on its token states:

- ``si``: P(inside a technique span) for each word piece;
- ``tc``: the technique of a span, from the mean of the span's piece states and the mean of
  its window's.

Why three layers: on PTC's held-back articles they tag as well as all six (SI F1 0.418
against 0.412, mixed with the sparse model) at half the cost per sentence, and the tagger
reads every sentence of every article.  Why adapters: rank-16 adapters of three layers take
about 0.7 MB (float16) against about 11 MB for fine-tuned copies of the layers, and at load
time they are merged into a copy of the kept layers' weights (W + scale * B @ A), so a
sentence costs exactly one pass of a three-layer MiniLM.

On ONNX Runtime the tagger reads in int8 at fixed activation scales measured once on
2,000 training windows (``framelens.onnx_encoder.Int8``, ranges in ``model.json``): 30%
less time than float32 (40 PTC articles, one thread: 2.8 s against 4.0 s), held-back SI F1
0.421 and TC 0.640 with the decoding chosen again for it (float32: 0.421 and 0.639), and
an article's spans still never depend on what else is read.  Torch reads it in float32.

The tone head reads the same encoder (``framelens.tone.encoder``: it reads tone better than
the plain MiniLM), and the tone stage reads its sentences off this reading, so changing the
tagger means retraining the tone head too (its ``model.json`` records the tagger's fingerprint).

Every sentence of the article is read once (``sentence_bounds``, the regular-expression
sentences the sparse model reads too, so training and run time cut texts alike); a very
long sentence is read in windows so that no text goes unread.  The heads and adapters are
plain arrays (``tagger.*``) in ``resources/techniques/tagger/weights.npz`` beside its
``model.json`` (labels, decoding settings, held-back scores), never a pickle.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from framelens.context import ModelKind, shared_model
from framelens.embed import (
    LORA_PREFIX,
    MODEL_NAME,
    Bert,
    TokenEncoding,
    derived_recipe,
    tuned_bert,
    unit,
    word_pieces,
)
from framelens.errors import FramelensError
from framelens.model_files import ModelFiles
from framelens.onnx_encoder import Int8
from framelens.techniques.features import Tok, sentence_bounds

#: the prefix of the tagger's arrays in the technique model's weights
PREFIX = "tagger."
#: the prefix of fine-tuned encoder parameters that replace the packaged ones
REPLACED = PREFIX + "weight."
#: a window longer than this many characters is cut at a space (the encoder reads 256
#: word pieces; 1,000 characters of English prose are about 220)
WINDOW_CHARS = 1000
#: sentences per forward pass: small batches of similar length pad least and suit the
#: three-layer model (40 PTC articles in torch, float32: 3.1 s at 8, 3.3 s at 16, 3.8 s at
#: 32, 5.5 s at 128; ONNX Runtime in int8, one thread: 3.12 s at 1, 2.73 s at 2, 2.65 s at
#: 4, 2.95 s at 8, 3.57 s at 16; two threads: 2.06 s at 4, 2.09 s at 8); an article's
#: windows are batched among themselves only, so its spans never depend on the other articles
BATCH = 4
_SPACE = re.compile(r"\s+")


def windows(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` the tagger reads: its sentences, long ones cut at spaces."""
    out: list[tuple[int, int]] = []
    for start, end in sentence_bounds(text):
        while end - start > WINDOW_CHARS:
            cut = max((m.start() for m in _SPACE.finditer(text, start, start + WINDOW_CHARS)), default=-1)
            if cut <= start:
                cut = start + WINDOW_CHARS
            out.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            out.append((start, end))
    return out


@dataclass(frozen=True, slots=True)
class Window:
    """One window as the tagger read it: the pieces' article offsets (special pieces dropped),
    their P(inside a span), their states, and the window's mean state (for classification)."""

    start: int
    end: int
    offsets: np.ndarray
    probs: np.ndarray
    states: np.ndarray
    pooled: np.ndarray

    def encoding(self) -> TokenEncoding:
        """The window as ``framelens.embed.encode_tokens`` gives a sentence (offsets from the
        window's start, the mean state at unit length): what the tone head reads."""
        return TokenEncoding(
            sentence=unit(self.pooled),
            tokens=self.states,
            offsets=(self.offsets - self.start).astype(np.int32),
        )


@dataclass(frozen=True)
class Reading:
    """A text as the tagger read it: its windows, in text order."""

    windows: tuple[Window, ...]

    @functools.cached_property
    def _window_bounds(self) -> tuple[list[int], list[int]]:
        return [w.start for w in self.windows], [w.end for w in self.windows]

    def window_holding(self, start: int, end: int) -> Window | None:
        """The window that holds all of [start, end) (None: none does, a span across a cut)."""
        starts, ends = self._window_bounds
        k = bisect.bisect_right(starts, start) - 1
        return self.windows[k] if k >= 0 and end <= ends[k] else None

    def token_probs(self, tokens: Sequence[Tok]) -> np.ndarray:
        """P(inside a span) per word: the highest of the word's pieces (0 for a word no window reads).

        A piece belongs to every word it overlaps (almost always one: the encoder's pieces
        split words, spaCy's words rarely split a piece), found by binary search, not a scan.
        """
        out = np.zeros(len(tokens))
        if not tokens or not self.windows:
            return out
        starts = np.array([t.start for t in tokens], dtype=np.int64)
        ends = np.array([t.end for t in tokens], dtype=np.int64)
        offsets = np.concatenate([w.offsets for w in self.windows])
        probs = np.concatenate([w.probs for w in self.windows])
        if not len(offsets):
            return out
        # the first word ending after the piece starts, the first word starting at or after it ends
        first = np.searchsorted(ends, offsets[:, 0], "right")
        stop = np.searchsorted(starts, offsets[:, 1], "left")
        single = stop - first == 1
        np.maximum.at(out, first[single], probs[single])
        for k in np.flatnonzero(stop - first > 1):
            out[first[k] : stop[k]] = np.maximum(out[first[k] : stop[k]], probs[k])
        return out

    def span_vector(self, start: int, end: int) -> np.ndarray | None:
        """The classifier's input for [start, end): mean of its pieces' states and its window's
        mean, from the window that holds most of the span (None when no window reads it)."""
        best, overlap = None, 0
        # the windows that overlap the span, by bisection (the classifier asks for every span
        # of a long article; the windows do not overlap one another)
        starts, ends = self._window_bounds
        for w in self.windows[bisect.bisect_right(ends, start) : bisect.bisect_left(starts, end)]:
            o = min(end, w.end) - max(start, w.start)
            if o > overlap:
                best, overlap = w, o
        if best is None:
            return None
        inside = (best.offsets[:, 0] < end) & (start < best.offsets[:, 1])
        span = best.states[inside].mean(axis=0) if inside.any() else best.pooled
        return np.concatenate([span, best.pooled])


class SpanTagger:
    """The encoder with merged adapters and the two heads (see the module docstring)."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any], labels: Sequence[str]) -> None:
        self.meta = meta
        self.labels = tuple(meta.get("labels", labels))
        self.si_w = np.asarray(arrays[PREFIX + "si_w"], np.float32)
        self.si_b = float(np.asarray(arrays[PREFIX + "si_b"], np.float32).reshape(-1)[0])
        self.tc_w = np.asarray(arrays[PREFIX + "tc_w"], np.float32)
        self.tc_b = np.asarray(arrays[PREFIX + "tc_b"], np.float32)
        if self.tc_w.shape[0] != len(self.labels):
            raise FramelensError(
                f"the technique tagger's classifier has {self.tc_w.shape[0]} outputs for "
                f"{len(self.labels)} labels; retrain it"
            )
        self._adapters = {
            k[len(PREFIX) :]: v for k, v in arrays.items() if k.startswith(PREFIX + LORA_PREFIX)
        }
        self._replaced = {k[len(REPLACED) :]: v for k, v in arrays.items() if k.startswith(REPLACED)}
        self._key = str(meta.get("fingerprint", ""))[:12]
        #: the fixed activation scales its graph is quantized with (None: read in float32)
        self.int8 = Int8.from_meta(meta.get("int8"))

    @classmethod
    def parse(cls, files: ModelFiles) -> SpanTagger:
        """The tagger of a model folder (``framelens.model_files``)."""
        return cls(files.arrays, files.meta, files.meta["labels"])

    @property
    def bert(self) -> Bert:
        """The tuned transformer of this process (its torch module built only when needed), shared."""
        return shared_model(ModelKind.encoder, f"{MODEL_NAME}+techniques-{self._key}", self._bert)

    def _bert(self) -> Bert:
        # the recipe names the graph: everything the tuned weights are made of
        settings = repr((self.meta.get("layers"), float(self.meta.get("lora_scale", 2.0))))
        return Bert(derived_recipe("techniques", {**self._adapters, **self._replaced}, settings), self._build)

    def _build(self) -> Any:
        layers = self.meta.get("layers")
        return tuned_bert(
            self._adapters,
            float(self.meta.get("lora_scale", 2.0)),
            int(layers) if layers is not None else None,
            self._replaced,
        )

    def read(self, text: str) -> Reading:
        """Every window of ``text`` through the tuned encoder and the span head."""
        from framelens.embed import hidden_states

        spans = windows(text)
        if not spans:
            return Reading(())
        pieces = word_pieces([text[s:e] for s, e in spans])  # the encoder's own word pieces
        out: list[Window] = []
        for index, own in hidden_states(self.bert, pieces, BATCH, self.int8):
            keep = ~np.asarray(pieces["special_tokens_mask"][index], dtype=bool)
            s = spans[index][0]
            offsets = np.asarray(pieces["offset_mapping"][index], dtype=np.int64)[keep] + s
            pooled = own.mean(axis=0)  # as in training: the mean over all the window's pieces
            kept = own[keep]
            probs = 1.0 / (1.0 + np.exp(-(kept @ self.si_w + self.si_b)))
            out.append(Window(s, spans[index][1], offsets.reshape(-1, 2), probs, kept, pooled))
        out.sort(key=lambda w: w.start)
        return Reading(tuple(out))

    def classify(self, reading: Reading, spans: Sequence[tuple[int, int]]) -> list[np.ndarray | None]:
        """The probability of each label for each span (None for a span no window reads)."""
        out: list[np.ndarray | None] = []
        for start, end in spans:
            vector = reading.span_vector(start, end)
            if vector is None:
                out.append(None)
                continue
            logits = self.tc_w @ vector + self.tc_b
            e = np.exp(logits - logits.max())
            out.append(e / e.sum())
        return out
