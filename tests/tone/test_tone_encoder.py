"""The tone stage's encoder: the technique tagger's, the shared MiniLM, or a copy whose top
layers tone training tuned."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from framelens.embed import MODEL_NAME, encode_tokens, plain_bert
from framelens.errors import FramelensError
from framelens.techniques import load_technique_model
from framelens.tone import load_tone_model
from framelens.tone.encoder import TUNED_PREFIX, reads_tagger, tone_encoder, tone_int8, tuned_state


def _layer(index: int) -> dict[str, np.ndarray]:
    bert = plain_bert().module
    prefix = f"encoder.layer.{index}."
    return {
        f"{TUNED_PREFIX}{index}.{name[len(prefix) :]}": value.detach().numpy().copy()
        for name, value in bert.state_dict().items()
        if name.startswith(prefix)
    }


def test_tuned_arrays_are_named_as_the_encoders_layers() -> None:
    arrays = {"proj_w": np.zeros(1), "tuned.5.output.dense.weight": np.ones((2, 2))}
    assert list(tuned_state(arrays)) == ["encoder.layer.5.output.dense.weight"]


def test_the_packaged_head_reads_the_technique_taggers_encoder() -> None:
    model = load_tone_model()
    tagger = load_technique_model().tagger
    assert tagger is not None and reads_tagger(model)
    assert model.meta["tagger"]["fingerprint"] == tagger.meta["fingerprint"]
    assert tone_encoder(model) is tagger.bert  # one graph in memory for both stages
    assert tone_int8(model) is tagger.int8  # read at the tagger's own scales


def test_a_head_trained_on_another_tagger_is_refused_with_what_to_do() -> None:
    model = load_tone_model()
    other = dataclasses.replace(model, meta={**model.meta, "tagger": {"fingerprint": "0" * 64}})
    wanted = r"another technique tagger .* retrain it: python -m framelens.train.tone"
    with pytest.raises(FramelensError, match=wanted):
        tone_encoder(other)


def test_a_head_without_tuned_layers_reads_the_shared_encoder() -> None:
    model = load_tone_model()
    plain = dataclasses.replace(
        model,
        arrays={k: v for k, v in model.arrays.items() if not k.startswith(TUNED_PREFIX)},
        meta={"encoder": MODEL_NAME},
    )
    assert not reads_tagger(plain)
    assert tone_encoder(plain) is plain_bert()


def test_tuned_layers_replace_the_encoders_own() -> None:
    model = load_tone_model()
    base = {k: v for k, v in model.arrays.items() if not k.startswith(TUNED_PREFIX)}
    same = _layer(5)
    # the layer's own weights: the copy encodes exactly as the shared encoder does
    copy_model = dataclasses.replace(
        model, arrays={**base, **same}, meta={"training_data": {"sha256": "same5"}}
    )
    text = ["The mayor praised the rescue team."]
    assert tone_encoder(copy_model) is not plain_bert()
    np.testing.assert_allclose(
        encode_tokens(text, bert=tone_encoder(copy_model))[0].tokens,
        encode_tokens(text)[0].tokens,
        atol=1e-5,
    )
    # other weights change what it reads, and the shared encoder stays as it was
    changed = {k: v * 0.5 if k.endswith("output.dense.weight") else v for k, v in same.items()}
    other = dataclasses.replace(
        model, arrays={**base, **changed}, meta={"training_data": {"sha256": "half5"}}
    )
    assert not np.allclose(
        encode_tokens(text, bert=tone_encoder(other))[0].tokens, encode_tokens(text)[0].tokens
    )
    before = encode_tokens(text)[0].tokens
    np.testing.assert_allclose(encode_tokens(text)[0].tokens, before)


def test_the_tuned_copy_shares_what_tuning_left_alone() -> None:
    """Only the tuned layers are the copy's own: the embeddings and the other layers are the
    shared encoder's modules, so a worker does not hold MiniLM twice."""
    model = load_tone_model()
    base = {k: v for k, v in model.arrays.items() if not k.startswith(TUNED_PREFIX)}
    copy_model = dataclasses.replace(
        model, arrays={**base, **_layer(5)}, meta={"training_data": {"sha256": "share5"}}
    )
    plain, tuned = plain_bert().module, tone_encoder(copy_model).module
    assert tuned.embeddings is plain.embeddings
    assert all(tuned.encoder.layer[i] is plain.encoder.layer[i] for i in range(5))
    assert tuned.encoder.layer[5] is not plain.encoder.layer[5]


def test_tuned_layers_of_another_shape_are_a_clear_error() -> None:
    model = load_tone_model()
    wrong = {**model.arrays, f"{TUNED_PREFIX}5.output.dense.weight": np.zeros((3, 3), np.float32)}
    broken = dataclasses.replace(model, arrays=wrong, meta={"training_data": {"sha256": "wrong5"}})
    with pytest.raises(FramelensError, match="retrain the tone model"):
        tone_encoder(broken)
