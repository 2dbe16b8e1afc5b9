"""The trained tone head: numpy arrays and a JSON description, replayed in numpy.

Why not a pickle of the sklearn/torch objects: pickles break across library versions
and can run code when loaded.  The weights are plain arrays (``weights.npz``) and
``model.json`` says which head they belong to, the label order, the feature spec, the
hash of the training data and the scores measured when they were trained.

Two heads exist (``python -m framelens.train.tone`` trains both and keeps the better):

``attention``: target-dependent attention over the sentence's token vectors.  Each
token is projected (``proj``), a learned embedding of its distance to the mention is
added, and a score ``v · tanh(h_i + q(target))`` decides how much it speaks about the
mention.  The attended context, the projected mention, the projected sentence vector
and the standardised lexicon block go through a two-layer MLP.  A few such heads,
trained from different seeds, are stacked along the first axis of each array and their
probabilities averaged.

``linear``: multinomial logistic regression over pooled blocks (see ``features``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from framelens.embed import TokenEncoding
from framelens.errors import FramelensError
from framelens.model_files import ModelFiles, read_model_files
from framelens.onnx_encoder import Int8
from framelens.tone.features import (
    FeatureSpec,
    SentenceInfo,
    distance_buckets,
    lexicon_features,
    pooled_features,
    target_range,
)

LABELS = ("negative", "neutral", "positive")
RETRAIN = "python -m framelens.train.tone --data ../shared/data/newsmtsc --out framelens/resources/tone/"

ATTENTION_ARRAYS = (
    "proj_w",
    "proj_b",
    "dist",
    "query_w",
    "score_v",
    "sent_w",
    "sent_b",
    "lex_mean",
    "lex_scale",
    "hidden_w",
    "hidden_b",
    "out_w",
    "out_b",
)
LINEAR_ARRAYS = ("mean", "scale", "coef", "intercept")


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=-1, keepdims=True), dtype=np.float32)


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


@dataclass(frozen=True)
class ToneModel:
    """A loaded head; ``predict`` maps one sentence's encoding and mentions to probabilities."""

    kind: str
    labels: tuple[str, ...]
    spec: FeatureSpec
    arrays: dict[str, np.ndarray]
    meta: dict[str, Any]

    @classmethod
    def load(cls, directory: Path | None = None) -> ToneModel:
        """Read ``model.json`` and ``weights.npz`` from ``directory`` (default: the packaged ones)."""
        return read_model_files("tone model", "tone", directory, RETRAIN, cls._parse)

    @classmethod
    def _parse(cls, files: ModelFiles) -> ToneModel:
        meta, meta_path, weights_path = files.meta, files.meta_path, files.weights_path
        # float16 on disk (half the size), float32 in memory (numpy's fast matmul path)
        arrays = {name: np.asarray(a, dtype=np.float32) for name, a in files.arrays.items()}
        kind = meta.get("kind")
        needed = ATTENTION_ARRAYS if kind == "attention" else LINEAR_ARRAYS if kind == "linear" else None
        if needed is None:
            raise FramelensError(f"{meta_path}: unknown tone head kind {kind!r}; retrain the tone model")
        missing = [name for name in needed if name not in arrays]
        if missing:
            raise FramelensError(f"{weights_path}: arrays {missing} are missing; retrain the tone model")
        return cls(
            kind=str(kind),
            labels=tuple(meta.get("labels", LABELS)),
            spec=FeatureSpec.from_dict(meta.get("features", {})),
            arrays=arrays,
            meta=meta,
        )

    @property
    def int8(self) -> Int8 | None:
        """The encoder's fixed int8 activation scales, when the model ships them
        (``python -m framelens.train.tone --int8-only``): the tone stage then reads its
        sentences in int8 on ONNX Runtime, a third faster at the same NewsMTSC scores."""
        return Int8.from_meta(self.meta.get("int8"))

    def predict(
        self, encoding: TokenEncoding, info: SentenceInfo, spans: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        """Label probabilities, shape (len(spans), len(labels)), for mentions of one sentence."""
        if not spans:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        if len(encoding.tokens) == 0:
            # Nothing the encoder can read (whitespace only): no evidence of any tone.
            neutral = np.zeros((len(spans), len(self.labels)), dtype=np.float32)
            neutral[:, self.labels.index("neutral")] = 1.0
            return neutral
        if self.kind == "linear":
            x = np.stack([pooled_features(encoding, info, s, e, self.spec) for s, e in spans])
            w = self.arrays
            logits = ((x - w["mean"]) / w["scale"]) @ w["coef"].T + w["intercept"]
            return _softmax(logits)
        return self._attention(encoding, info, spans)

    @functools.cached_property
    def _shared(self) -> dict[str, np.ndarray]:
        """Input weights of all members side by side, for inputs the members share."""
        return {
            name: np.ascontiguousarray(np.concatenate(list(self.arrays[f"{name}_w"]), axis=0).T)
            for name in ("proj", "query", "sent")
        }

    @property
    def members(self) -> int:
        return int(self.arrays["proj_w"].shape[0]) if self.kind == "attention" else 1

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        """One layer for all members: x is (rows, in), shared by all, or (members, rows, in).

        Returns (members, rows, out).
        """
        w, members = self.arrays, self.members
        if x.ndim == 2:
            # one 2-D BLAS product for all members: (rows, in) @ (in, members * out)
            flat = self._shared[name]
            out = (x @ flat).reshape(len(x), members, -1).transpose(1, 0, 2)
        else:
            out = np.matmul(x, np.swapaxes(w[f"{name}_w"], -1, -2))
        bias = w.get(f"{name}_b")
        if bias is None:
            return out
        return out + bias.reshape(members, *([1] * (out.ndim - 2)), -1)

    def _attention(
        self, encoding: TokenEncoding, info: SentenceInfo, spans: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        return self._attention_many([(encoding, info, spans)])[0]

    def predict_many(
        self, items: Sequence[tuple[TokenEncoding, SentenceInfo, Sequence[tuple[int, int]]]]
    ) -> list[np.ndarray]:
        """``predict`` for many sentences at once: one set of numpy calls for the whole group.

        Per-sentence calls cost more in Python and small-matrix overhead than in arithmetic
        (the head would take a third of the encoder's time); padding the sentences of a
        batch to one length and masking the padding gives the same numbers in a few calls.
        """
        if self.kind != "attention":
            return [self.predict(e, i, s) for e, i, s in items]
        out: list[np.ndarray | None] = [None] * len(items)
        todo = []
        for n, (encoding, info, spans) in enumerate(items):
            if not spans or len(encoding.tokens) == 0:
                out[n] = self.predict(encoding, info, spans)
            else:
                todo.append(n)
        if todo:
            for n, probs in zip(todo, self._attention_many([items[n] for n in todo]), strict=True):
                out[n] = probs
        return [o for o in out if o is not None]

    def _attention_many(
        self, items: Sequence[tuple[TokenEncoding, SentenceInfo, Sequence[tuple[int, int]]]]
    ) -> list[np.ndarray]:
        w, members = self.arrays, self.members
        lengths = [len(e.tokens) for e, _, _ in items]
        width, dim = max(lengths), items[0][0].tokens.shape[1]
        padded = np.zeros((len(items), width, dim), dtype=np.float32)
        for row, (encoding, _, _) in enumerate(items):
            padded[row, : lengths[row]] = encoding.tokens
        owner, first, last, lexicon = [], [], [], []
        for row, (encoding, info, spans) in enumerate(items):
            for start, end in spans:
                lo, hi = target_range(encoding.offsets, start, end)
                owner.append(row)
                first.append(lo)
                last.append(hi)
                lexicon.append(lexicon_features(info, start, end, self.spec))
        rows, a, b = np.array(owner), np.array(first), np.array(last)
        # each mention's tokens [a, b) averaged, for all mentions at once: differences of a
        # running sum (float64, so the result equals a per-mention mean to float32 precision)
        running = np.zeros((len(items), width + 1, dim), dtype=np.float64)
        np.cumsum(padded, axis=1, out=running[:, 1:])
        target = ((running[rows, b] - running[rows, a]) / (b - a)[:, None]).astype(np.float32)
        # distance buckets of every token to every mention; padding gets 0
        valid = np.arange(width)[None, :] < np.array(lengths)[rows][:, None]  # (k, width)
        bucket_ids = np.where(valid, distance_buckets(width, a, b, self.spec.buckets), 0)
        lex = (np.stack(lexicon) - w["lex_mean"]) / w["lex_scale"]
        k = len(rows)
        # All members and all mentions of all sentences at once: numpy calls, not Python loops.
        projected = self._linear(padded.reshape(-1, dim), "proj").reshape(members, len(items), width, -1)
        hidden = projected[:, rows] + w["dist"][:, bucket_ids]  # (members, k, width, h)
        queries = self._linear(target, "query")  # (members, k, h)
        # in place: these (members, k, width, h) arrays are the head's largest; no extra copies
        keyed = hidden + queries[:, :, None]
        np.tanh(keyed, out=keyed)
        scores = (keyed @ w["score_v"].reshape(members, 1, -1, 1))[..., 0]
        scores = np.where(valid[None], scores, np.float32(-1e9))
        attention = _softmax(scores)  # (members, k, width)
        context = (attention[:, :, None, :] @ hidden)[:, :, 0, :]  # batched matmul, not a 4-D product
        mention = self._linear(target, "proj")
        sentence_vectors = np.stack([np.asarray(e.sentence, dtype=np.float32) for e, _, _ in items])
        sentence = self._linear(sentence_vectors, "sent")[:, rows]
        z = np.concatenate(
            [context, mention, sentence, np.broadcast_to(lex, (members, k, lex.shape[1]))], axis=-1
        )
        z = _relu(self._linear(_relu(z), "hidden"))
        probs = np.asarray(_softmax(self._linear(z, "out")).mean(axis=0), dtype=np.float32)
        out, at = [], 0
        for _, _, spans in items:
            out.append(probs[at : at + len(spans)])
            at += len(spans)
        return out
