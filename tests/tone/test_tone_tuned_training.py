"""Fine-tuning the top encoder layers with the tone head: a tiny run, through to the tone stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from framelens.embed import load_encoder, plain_bert
from framelens.tone import target_distributions
from framelens.tone.encoder import LORA_PREFIX, TUNED_PREFIX, tone_encoder
from framelens.tone.features import FeatureSpec
from framelens.tone.model import ToneModel
from framelens.train.tone import write_model
from framelens.train.tone_tuned import prepare, train_tuned

TINY = Path(__file__).resolve().parent.parent / "fixtures" / "newsmtsc" / "tiny.jsonl"


def _trained(below: int, **kwargs: Any) -> tuple[float, dict[str, np.ndarray], dict[str, Any]]:
    """One epoch of ``train_tuned`` on the tiny file, every row fitted and held back."""
    spec = FeatureSpec()
    encoder = load_encoder()
    prepared = prepare(TINY, encoder, below=below, spec=spec)
    rows = np.arange(len(prepared.rows))
    return train_tuned(encoder, {"train": prepared}, rows, rows, spec, seed=0, epochs=1, **kwargs)


def _shipped(tmp_path: Path, arrays: dict[str, np.ndarray], params: dict[str, Any]) -> ToneModel:
    """The model as ``framelens.train.tone`` writes it, read back as the tone stage reads it;
    it must give a target a distribution."""
    labels = ["negative", "neutral", "positive"]
    meta = {"labels": labels, "features": FeatureSpec().to_dict(), "params": params}
    write_model(tmp_path, "attention", arrays, {**meta, "training_data": {"sha256": "tiny"}})
    model = ToneModel.load(tmp_path)
    probs = target_distributions([("The mayor praised the firefighters.", 0, 9)], model=model)
    assert probs.shape == (1, 3) and np.isclose(probs.sum(), 1.0, atol=1e-4)
    return model


def test_a_tuned_head_trains_ships_and_is_read_by_the_tone_path(tmp_path: Path) -> None:
    f1, arrays, params = _trained(below=5, layers=1)
    assert 0.0 <= f1 <= 1.0 and params["tuned_layers"] == 1 and params["members"] == 1
    # the whole top layer, under its own index in the encoder; nothing below it
    assert f"{TUNED_PREFIX}5.attention.self.query.weight" in arrays
    assert f"{TUNED_PREFIX}5.output.dense.weight" in arrays
    assert not any(k.startswith(f"{TUNED_PREFIX}4.") for k in arrays)
    model = _shipped(tmp_path, arrays, params)
    assert tone_encoder(model).recipe != plain_bert().recipe


def test_adapters_on_every_layer_train_ship_and_are_read_by_the_tone_path(tmp_path: Path) -> None:
    """``--tune-lora``: adapters on all six layers, merged into a copy of the encoder at load time."""
    f1, arrays, params = _trained(below=0, layers=6, lr=5e-4, lora_rank=2)
    assert 0.0 <= f1 <= 1.0 and params["lora_rank"] == 2
    assert not any(k.startswith(TUNED_PREFIX) for k in arrays)  # no layer ships whole
    for layer in (0, 5):
        a = arrays[f"{LORA_PREFIX}{layer}.attention.self.query.A"]
        b = arrays[f"{LORA_PREFIX}{layer}.output.dense.B"]
        assert a.shape == (2, 384) and b.shape == (384, 2)
    model = _shipped(tmp_path, arrays, params)
    bert = tone_encoder(model)
    assert bert.recipe not in (plain_bert().recipe,)
    # the merged layer differs from the plain one by exactly scale * B @ A
    key = f"{LORA_PREFIX}0.attention.self.query"
    merged = bert.module.encoder.layer[0].attention.self.query.weight.detach().numpy()
    plain = plain_bert().module.encoder.layer[0].attention.self.query.weight.detach().numpy()
    delta = model.arrays[key + ".B"].astype(np.float32) @ model.arrays[key + ".A"].astype(np.float32)
    assert np.allclose(merged - plain, params["lora_scale"] * delta, atol=1e-5)
