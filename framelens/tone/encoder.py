"""The encoder the tone head reads: MiniLM, with its top layers as tone training left them.

``python -m framelens.train.tone --tune-layers K`` fine-tunes the encoder's top K
transformer layers together with the head on NewsMTSC (the lower layers stay frozen, so
training fits on two CPU cores and only K layers ship: about 3.5 MB per layer in float16).
Their weights lie in the tone model's ``weights.npz`` as ``tuned.<layer>.<parameter>``
arrays.  At run time the tone stage encodes with a copy of the shared encoder whose top
layers carry those weights: the same architecture, so the same cost per sentence as the
plain encoder; claim alignment and everything else keep the plain one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from framelens.context import ModelKind, shared_model
from framelens.embed import MODEL_NAME, load_encoder
from framelens.errors import FramelensError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

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


def tone_encoder(model: ToneModel) -> SentenceTransformer:
    """The encoder ``model`` was trained on: the shared one, or a copy with its tuned top layers."""
    state = tuned_state(model.arrays)
    if not state:
        return load_encoder()
    digest = str(model.meta.get("training_data", {}).get("sha256", ""))[:12]
    return shared_model(ModelKind.encoder, f"{MODEL_NAME}+tone-{digest}", lambda: _build(state))


def _build(state: dict[str, np.ndarray]) -> SentenceTransformer:
    """A second encoder whose untuned parts are the shared encoder's own modules.

    Only the tuned layers are new: the word embeddings and the lower layers (two thirds of
    MiniLM's weights) are the shared instance's modules, so the tone encoder adds about 7 MB
    per tuned layer to a worker, not a second 90 MB copy.
    """
    import torch

    from framelens.embed import _build as build_plain

    plain: Any = load_encoder()[0].auto_model
    encoder = build_plain()  # a second instance: the shared one stays as it is
    bert: Any = encoder[0].auto_model
    own = bert.state_dict()
    wrong = [k for k, v in state.items() if k not in own or tuple(own[k].shape) != v.shape]
    if wrong:
        raise FramelensError(
            f"the tone model's tuned encoder layers do not fit {MODEL_NAME} ({', '.join(wrong[:3])}); "
            "retrain the tone model"
        )
    tuned = {int(k.split(".")[2]) for k in state}
    bert.embeddings = plain.embeddings
    for number in range(len(bert.encoder.layer)):
        if number not in tuned:
            bert.encoder.layer[number] = plain.encoder.layer[number]
    bert.load_state_dict(
        {k: torch.from_numpy(np.asarray(v, np.float32)) for k, v in state.items()}, strict=False
    )
    encoder.eval()
    return encoder
