"""Fine-tuning the top encoder layers with the tone head: a tiny run, through to the tone stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from framelens.embed import load_encoder, plain_bert
from framelens.tone import target_distributions
from framelens.tone.encoder import LORA_PREFIX, TUNED_PREFIX, tone_encoder
from framelens.tone.features import FeatureSpec
from framelens.tone.model import ToneModel
from framelens.train.tone import write_model
from framelens.train.tone_tuned import prepare, train_tuned

TINY = Path(__file__).resolve().parent.parent / "fixtures" / "newsmtsc" / "tiny.jsonl"


def test_a_tuned_head_trains_ships_and_is_read_by_the_tone_path(tmp_path: Path) -> None:
    spec = FeatureSpec()
    encoder = load_encoder()
    prepared = prepare(TINY, encoder, below=5, spec=spec)
    rows = np.arange(len(prepared.rows))
    f1, arrays, params = train_tuned(
        encoder, {"train": prepared}, rows, rows, spec, seed=0, epochs=1, layers=1
    )
    assert 0.0 <= f1 <= 1.0 and params["tuned_layers"] == 1 and params["members"] == 1
    # the whole top layer, under its own index in the encoder; nothing below it
    assert f"{TUNED_PREFIX}5.attention.self.query.weight" in arrays
    assert f"{TUNED_PREFIX}5.output.dense.weight" in arrays
    assert not any(k.startswith(f"{TUNED_PREFIX}4.") for k in arrays)
    meta = {"labels": ["negative", "neutral", "positive"], "features": spec.to_dict(), "params": params}
    write_model(tmp_path, "attention", arrays, {**meta, "training_data": {"sha256": "tiny-tuned"}})
    model = ToneModel.load(tmp_path)
    assert tone_encoder(model).recipe != plain_bert().recipe
    probs = target_distributions([("The mayor praised the firefighters.", 0, 9)], model=model)
    assert probs.shape == (1, 3) and np.isclose(probs.sum(), 1.0, atol=1e-4)


def test_adapters_on_every_layer_train_ship_and_are_read_by_the_tone_path(tmp_path: Path) -> None:
    """``--tune-lora``: adapters on all six layers, merged into a copy of the encoder at load time."""
    spec = FeatureSpec()
    encoder = load_encoder()
    prepared = prepare(TINY, encoder, below=0, spec=spec)
    rows = np.arange(len(prepared.rows))
    f1, arrays, params = train_tuned(
        encoder, {"train": prepared}, rows, rows, spec, seed=0, epochs=1, layers=6, lr=5e-4, lora_rank=2
    )
    assert 0.0 <= f1 <= 1.0 and params["lora_rank"] == 2
    assert not any(k.startswith(TUNED_PREFIX) for k in arrays)  # no layer ships whole
    for layer in (0, 5):
        a = arrays[f"{LORA_PREFIX}{layer}.attention.self.query.A"]
        b = arrays[f"{LORA_PREFIX}{layer}.output.dense.B"]
        assert a.shape == (2, 384) and b.shape == (384, 2)
    meta = {"labels": ["negative", "neutral", "positive"], "features": spec.to_dict(), "params": params}
    write_model(tmp_path, "attention", arrays, {**meta, "training_data": {"sha256": "tiny-lora"}})
    model = ToneModel.load(tmp_path)
    bert = tone_encoder(model)
    assert bert.recipe not in (plain_bert().recipe,)
    # the merged layer differs from the plain one by exactly scale * B @ A
    key = f"{LORA_PREFIX}0.attention.self.query"
    merged = bert.module.encoder.layer[0].attention.self.query.weight.detach().numpy()
    plain = plain_bert().module.encoder.layer[0].attention.self.query.weight.detach().numpy()
    delta = model.arrays[key + ".B"].astype(np.float32) @ model.arrays[key + ".A"].astype(np.float32)
    assert np.allclose(merged - plain, params["lora_scale"] * delta, atol=1e-5)
    probs = target_distributions([("The mayor praised the firefighters.", 0, 9)], model=model)
    assert probs.shape == (1, 3) and np.isclose(probs.sum(), 1.0, atol=1e-4)
