"""Target-dependent tone: the API contract, the packaged weights, and hand-written sentences."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from framelens.errors import FramelensError
from framelens.tone import LABELS, Tone, ToneModel, load_tone_model, target_tone, target_tones

WEIGHTS = Path(str(resources.files("framelens.resources") / "tone"))


def span(sentence: str, mention: str) -> tuple[str, int, int]:
    start = sentence.index(mention)
    return sentence, start, start + len(mention)


ACCUSED = "Critics accused the minister of lying to parliament about the contract."
DISGRACE = "“He is a disgrace,” Smith said of the governor."
CHEERED = "Protesters cheered as the court struck down the dictator's ruling."
#: (sentence, mention, label): each sentence has targets with different tones, so one
#: sentence-level label cannot be right for all of them.  Only cases the model gets with
#: a clear margin are pinned (probability >= 0.7 when written).
DIFFERING = [
    (ACCUSED, "the minister", "negative"),
    pytest.param(
        ACCUSED,
        "Critics",
        "neutral",
        marks=pytest.mark.xfail(
            strict=True,
            reason="known weakness since the head reads the technique tagger's encoder (stop 37): "
            "the accusers read negative too (0.82); the plain-encoder head read them neutral (0.78) "
            "but scored 4.7 / 0.7 F1m lower on NewsMTSC dev_rw / dev_mt",
        ),
    ),
    (DISGRACE, "He", "negative"),
    (DISGRACE, "Smith", "neutral"),
    (CHEERED, "the dictator", "negative"),
    (CHEERED, "Protesters", "positive"),
    (
        "The mayor praised the firefighters for their courage during the flood.",
        "the firefighters",
        "positive",
    ),
]
OTHER = [
    ("The company said it would publish its results on Tuesday.", "The company"),
    (DISGRACE, "the governor"),
    ("He", "He"),
]


def _plain(cases: list) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    """The cases as (sentence, mention, label), ``pytest.param`` marks dropped."""
    return [tuple(c.values) if hasattr(c, "values") else c for c in cases]


@pytest.mark.parametrize(("sentence", "mention", "label"), DIFFERING)
def test_tone_toward_the_target(sentence: str, mention: str, label: str) -> None:
    assert target_tone(*span(sentence, mention)).label == label


def test_contract_labels_scores_and_batching() -> None:
    items = [span(s, m) for s, m, _ in _plain(DIFFERING)] + [span(s, m) for s, m in OTHER]
    batched = target_tones(items, batch_size=2)
    assert len(batched) == len(items)
    for item, tone in zip(items, batched, strict=True):
        assert isinstance(tone, Tone)
        assert tone.label in LABELS
        assert 1 / 3 <= tone.score <= 1.0
        single = target_tone(*item)
        assert single.label == tone.label
        assert single.score == pytest.approx(tone.score, abs=1e-4)
    # order and duplicates do not change a result
    again = target_tones(list(reversed(items)) + items[:2])
    assert [t.label for t in again[: len(items)]] == [t.label for t in reversed(batched)]


def test_the_packaged_model_reads_in_int8_whatever_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tone encoder reads with fixed int8 scales (``--int8-only``): a mention's
    distribution is the same alone or among others, and close to float32's."""
    import numpy as np

    from framelens import onnx_encoder
    from framelens.tone import target_distributions
    from framelens.tone.encoder import TAGGER_ENCODER, tone_int8

    model = load_tone_model()
    int8 = tone_int8(model)  # the technique tagger's scales: the head reads its encoder
    assert int8 is not None and int8.per_token
    assert json.loads((WEIGHTS / "model.json").read_text())["encoder"] == TAGGER_ENCODER
    monkeypatch.setenv(onnx_encoder.RUNTIME_VAR, "onnx")
    items = [span(s, m) for s, m, _ in _plain(DIFFERING)]
    together = target_distributions(items, batch_size=8)
    for item, row in zip(items, together, strict=True):
        np.testing.assert_allclose(target_distributions([item])[0], row, atol=1e-6)
    monkeypatch.setenv(onnx_encoder.RUNTIME_VAR, "torch")
    exact = target_distributions(items, batch_size=8)
    assert np.abs(together - exact).max() > 0, "read in int8, not float32"
    np.testing.assert_allclose(together, exact, atol=0.1)
    assert (together.argmax(1) == exact.argmax(1)).all()


def test_one_sentence_with_two_targets_can_get_two_tones() -> None:
    tones = target_tones([span(DISGRACE, "He"), span(DISGRACE, "Smith")])
    assert tones[0].label != tones[1].label


def test_empty_batch_and_bad_spans() -> None:
    assert target_tones([]) == []
    with pytest.raises(ValueError):
        target_tone("Smith spoke.", 3, 3)
    with pytest.raises(ValueError):
        target_tone("Smith spoke.", 0, 40)


def test_unreadable_mention_is_neutral() -> None:
    assert target_tone("   ", 0, 3) == Tone("neutral", 1.0)


def test_packaged_weights_are_small_plain_arrays() -> None:
    weights, meta_path = WEIGHTS / "weights.npz", WEIGHTS / "model.json"
    assert weights.stat().st_size < 2_000_000
    meta = json.loads(meta_path.read_text("utf-8"))
    assert meta["labels"] == list(LABELS)
    assert meta["kind"] in {"attention", "linear"}
    assert len(meta["training_data"]["sha256"]) == 64
    assert {"dev_rw", "dev_mt", "held_back"} <= set(meta["scores"])
    model = load_tone_model()
    assert model is load_tone_model()
    assert model.kind == meta["kind"]


def test_model_loads_from_a_folder_and_fails_clearly(tmp_path: Path) -> None:
    shutil.copy(WEIGHTS / "weights.npz", tmp_path / "weights.npz")
    shutil.copy(WEIGHTS / "model.json", tmp_path / "model.json")
    model = ToneModel.load(tmp_path)
    item = span(*DIFFERING[0][:2])
    assert target_tones([item], model=model) == target_tones([item])
    (tmp_path / "weights.npz").unlink()
    with pytest.raises(FramelensError, match="retrain"):
        ToneModel.load(tmp_path)
    shutil.copy(WEIGHTS / "weights.npz", tmp_path / "weights.npz")
    (tmp_path / "model.json").write_text('{"kind": "forest"}', encoding="utf-8")
    with pytest.raises(FramelensError, match="unknown tone head"):
        ToneModel.load(tmp_path)
