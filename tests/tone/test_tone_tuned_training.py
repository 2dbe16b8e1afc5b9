"""Fine-tuning the top encoder layers with the tone head: a tiny run, through to the tone stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from framelens.embed import load_encoder, plain_bert
from framelens.tone import target_distributions
from framelens.tone.encoder import TUNED_PREFIX, tone_encoder
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
