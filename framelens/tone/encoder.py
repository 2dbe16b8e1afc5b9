"""The encoder the tone head reads: the technique tagger's, or MiniLM as tone training left it.

The packaged head reads the technique span tagger's encoder (``framelens.techniques.tagger``:
the first three MiniLM layers with low-rank adapters trained on the Propaganda Techniques
Corpus), ``"encoder": "techniques-tagger"`` in its ``model.json``.  Measured on NewsMTSC
(stop 37, the same attention head and training run, held-back selection): dev_rw 78.2 and
dev_mt 74.1 F1m against 73.5 and 73.4 on the plain six-layer MiniLM, at half the layers per
sentence.  Why it reads tone better, as far as we can tell: the tagger was trained to find
loaded language, name calling and appeals to fear, so its states already separate evaluative
words from neutral ones, which the plain encoder (trained for sentence similarity) blurs.
The tone head records the tagger's fingerprint; a retrained tagger needs a retrained head
(``tagger_of`` says so when the tone stage loads it).

``python -m framelens.train.tone --tune-lora R`` trains rank-R low-rank adapters (LoRA) on
every linear layer of all six transformer layers together with the head on NewsMTSC: the
whole encoder learns the task, as the published state of the art fine-tunes its encoder,
while only the adapters ship (about 1.3 MB at rank 16 in float16).  They are merged into a
copy of the encoder's layers when it is built (``framelens.embed.tuned_bert``), so a
sentence costs exactly one pass of the plain encoder.

``python -m framelens.train.tone --tune-layers K`` fine-tunes the encoder's top K
transformer layers together with the head on NewsMTSC (the lower layers stay frozen, so
training fits on two CPU cores and only K layers ship: about 3.5 MB per layer in float16).
Their weights lie in the tone model's ``weights.npz`` as ``tuned.<layer>.<parameter>``
arrays.  At run time the tone stage encodes with a copy of the shared encoder whose top
layers carry those weights: the same architecture, so the same cost per sentence as the
plain encoder; claim alignment and everything else keep the plain one.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

import numpy as np

from framelens.context import ModelKind, shared_model
from framelens.embed import (
    LORA_PREFIX,
    MODEL_NAME,
    Bert,
    derived_recipe,
    packaged_shapes,
    plain_bert,
    tuned_bert,
)
from framelens.errors import FramelensError

if TYPE_CHECKING:
    from framelens.onnx_encoder import Int8
    from framelens.techniques.tagger import SpanTagger
    from framelens.tone.model import ToneModel

#: the prefix of a tuned layer's arrays in the tone model's weights
TUNED_PREFIX = "tuned."


def tuned_state(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The tuned layers' parameters, named as in the encoder's BertModel ("encoder.layer.4....")."""
    return {
        "encoder.layer." + name[len(TUNED_PREFIX) :]: array
        for name, array in arrays.items()
        if name.startswith(TUNED_PREFIX)
    }


#: ``model.json``'s "encoder" of a head that reads the technique tagger's encoder
TAGGER_ENCODER = "techniques-tagger"


def reads_tagger(model: ToneModel) -> bool:
    """Whether ``model`` reads the technique tagger's token states (see the module docstring)."""
    return model.meta.get("encoder") == TAGGER_ENCODER


def tagger_of(model: ToneModel) -> SpanTagger:
    """The packaged technique tagger, checked to be the one ``model`` was trained on."""
    from framelens.techniques import load_technique_model
    from framelens.tone.model import RETRAIN

    tagger = load_technique_model().tagger
    if tagger is None:
        raise FramelensError(
            "the tone model reads the technique tagger's encoder, but the technique model has no "
            "tagger (resources/techniques/tagger/); reinstall framelens or retrain the tone model "
            f"on the plain encoder: {RETRAIN} --encoder plain"
        )
    wanted, packaged = model.meta.get("tagger", {}), tagger_identity(tagger)
    if wanted != packaged:
        trained = ", ".join(f"{k} {str(wanted.get(k, ''))[:12] or 'none'}" for k in ("fingerprint", "int8"))
        have = ", ".join(f"{k} {packaged[k][:12]}" for k in ("fingerprint", "int8"))
        raise FramelensError(
            f"the tone model was trained on another technique tagger ({trained}; packaged {have}); "
            f"retrain it: {RETRAIN}"
        )
    return tagger


def tagger_identity(tagger: SpanTagger) -> dict[str, str]:
    """What a tone head records of the tagger it reads: the fingerprint of its weights and a
    digest of its int8 activation ranges (a recalibration changes what the encoder gives
    without changing the weights)."""
    ranges = json.dumps(tagger.meta.get("int8"), sort_keys=True).encode()
    fingerprint = str(tagger.meta.get("fingerprint", ""))
    return {"fingerprint": fingerprint, "int8": hashlib.sha256(ranges).hexdigest()}


def tone_int8(model: ToneModel) -> Int8 | None:
    """The fixed int8 activation scales ``model``'s encoder is read at: the tagger's own for a
    head on the tagger, else those the tone training measured (``ToneModel.int8``)."""
    return tagger_of(model).int8 if reads_tagger(model) else model.int8


def tone_encoder(model: ToneModel) -> Bert:
    """The transformer ``model`` was trained on: the technique tagger's (shared with the
    techniques stage: one graph in memory), the packaged one, a copy with its tuned top
    layers, or a copy whose linear layers carry its low-rank adapters (merged at build time,
    so a sentence costs one pass of the plain encoder)."""
    if reads_tagger(model):
        return tagger_of(model).bert
    adapters = {k: v for k, v in model.arrays.items() if k.startswith(LORA_PREFIX)}
    if adapters:
        scale = float(model.meta.get("params", {}).get("lora_scale", 1.0))
        recipe = derived_recipe("tone-lora", adapters, repr(scale))
        return shared_model(
            ModelKind.encoder,
            recipe,
            lambda: Bert(recipe, lambda: tuned_bert(adapters, scale, what="the tone model")),
        )
    state = tuned_state(model.arrays)
    if not state:
        return plain_bert()
    shapes = packaged_shapes()
    wrong = [k for k, v in state.items() if shapes.get(k) != tuple(np.shape(v))]
    if wrong:
        raise FramelensError(
            f"the tone model's tuned encoder layers do not fit {MODEL_NAME} ({', '.join(wrong[:3])}); "
            "retrain the tone model"
        )
    recipe = derived_recipe("tone", state)
    return shared_model(ModelKind.encoder, recipe, lambda: Bert(recipe, lambda: _build(state)))


def _build(state: dict[str, np.ndarray]) -> Any:
    """A second BertModel whose untuned parts are the packaged one's own modules.

    Only the tuned layers are new: the word embeddings and the lower layers (two thirds of
    MiniLM's weights) are the shared instance's modules, so the tone encoder adds about 7 MB
    per tuned layer to a worker, not a second 90 MB copy.
    """
    import torch

    from framelens.embed import _build as build_plain

    plain: Any = plain_bert().module
    bert: Any = build_plain()[0].auto_model  # a second instance: the shared one stays as it is
    tuned = {int(k.split(".")[2]) for k in state}
    bert.embeddings = plain.embeddings
    for number in range(len(bert.encoder.layer)):
        if number not in tuned:
            bert.encoder.layer[number] = plain.encoder.layer[number]
    bert.load_state_dict(
        {k: torch.from_numpy(np.asarray(v, np.float32)) for k, v in state.items()}, strict=False
    )
    bert.eval()
    return bert
