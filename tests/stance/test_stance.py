"""framelens.stance.predict on fictional pairs, its contract, the packaged files, an FNC-1 quality gate."""

from __future__ import annotations

import json
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from framelens.errors import FramelensError
from framelens.stance import LABELS, StanceModel, load_stance_model, predict

CLAIM = "Mayor Ilse Varn resigns over Halden harbour bridge scandal"
AGREE = (
    "Halden mayor Ilse Varn resigned on Tuesday over the harbour bridge scandal, her office confirmed. "
    "Varn announced her resignation at a press conference at city hall, saying the bridge contracts had "
    "cost the city its trust. Deputy mayor Tomas Reh will lead the council until an election in the spring. "
    "The harbour bridge scandal broke last month when auditors found that contracts worth 40 million had "
    "gone to firms owned by council members."
)
DISAGREE = (
    "Reports that Halden mayor Ilse Varn has resigned over the harbour bridge scandal are false, her office "
    'said on Tuesday. "The mayor has not resigned and will not resign. This story is a hoax," spokesman '
    "Arvo Lind said, denying the claims that spread on social media. Varn was at work at city hall as usual. "
    "The fake report, which cited no source, was debunked within hours."
)
#: a refutation that repeats the claim's words under a negation and names no hedge
BARE_DENIAL = (
    "Halden mayor Ilse Varn has not resigned over the harbour bridge scandal. The story that she quit "
    'is false and was made up, her office said on Tuesday. "It is a hoax. The mayor is at work and will '
    'stay in office," spokesman Arvo Lind said. Varn denied any role in the bridge contracts.'
)
UNRELATED = (
    "Port Selm beat Halden Rovers 3-1 in the regional cup final on Saturday in front of a record crowd of "
    "12,000. Striker Ana Koss scored twice before half-time and goalkeeper Jon Bekk saved a penalty. The "
    "club will play in the national league next season for the first time in its history."
)

#: every 25th held-back pair (418 pairs): framelens scored 89.1 and the baseline row 78.3 when
#: the packaged model was trained (89.26 / 80.30 on all 10,432); the floors sit under that
SAMPLE_STEP = 25
SAMPLE_SCORE_FLOOR = 86.0
SAMPLE_BASELINE_MARGIN = 5.0


@pytest.fixture(scope="module")
def fictional() -> dict[str, tuple[str, float]]:
    pairs = [(CLAIM, AGREE), (CLAIM, DISAGREE), (CLAIM, UNRELATED)]
    return dict(zip(("agree", "disagree", "unrelated"), predict(pairs), strict=True))


def test_an_unrelated_text_is_unrelated(fictional: dict[str, tuple[str, float]]) -> None:
    assert fictional["unrelated"][0] == "unrelated"
    assert fictional["unrelated"][1] > 0.8


def test_a_text_that_reports_the_event_agrees(fictional: dict[str, tuple[str, float]]) -> None:
    assert fictional["agree"][0] == "agree"


def test_a_text_that_refutes_the_claim_disagrees(fictional: dict[str, tuple[str, float]]) -> None:
    assert fictional["disagree"][0] == "disagree"


@pytest.mark.xfail(
    strict=True,
    reason="known weakness (README): a bare denial that repeats the claim's words reads as agree; "
    "disagree is 1.7% of FNC-1's pairs and its held-back F1 is 0.36",
)
def test_a_bare_denial_disagrees() -> None:
    assert predict([(CLAIM, BARE_DENIAL)])[0].label == "disagree"


def test_the_refuting_text_is_likelier_to_disagree_than_the_confirming_one() -> None:
    probs = load_stance_model().proba([(CLAIM, AGREE), (CLAIM, DISAGREE)])
    disagree, agree = LABELS.index("disagree"), LABELS.index("agree")
    assert probs[1, disagree] > probs[0, disagree]
    assert probs[0, agree] > probs[1, agree]


def test_predict_contract() -> None:
    out = predict([(CLAIM, UNRELATED), ("", ""), (CLAIM, UNRELATED)])
    assert len(out) == 3
    for label, probability in out:
        assert label in LABELS and 0.0 < probability <= 1.0
    assert out[0] == out[2]  # the same pair, the same answer, wherever it sits in the batch
    assert predict([]) == []
    assert predict(iter([(CLAIM, UNRELATED)])) == out[:1]  # any iterable
    with pytest.raises(TypeError, match="pair 1"):
        predict([(CLAIM, AGREE), (CLAIM,)])  # type: ignore[list-item]


def test_each_distinct_text_is_encoded_once() -> None:
    calls: list[list[str]] = []
    model = load_stance_model()

    def encode(strings: list[str]) -> np.ndarray:
        from framelens.embed import encode_sentences

        calls.append(strings)
        return encode_sentences(strings)

    pairs = [(CLAIM, AGREE), (CLAIM, DISAGREE), (CLAIM, AGREE), ("Halden Rovers lose the cup final", AGREE)]
    probs = model.proba(pairs, encode=encode)
    assert len(calls) == 1
    assert len(calls[0]) == len(set(calls[0]))
    assert sum(s == CLAIM for s in calls[0]) == 1
    np.testing.assert_array_equal(probs[0], probs[2])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def test_packaged_files_are_plain_data() -> None:
    base = resources.files("framelens.resources") / "stance"
    meta = json.loads((base / "model.json").read_text("utf-8"))
    assert meta["labels"] == list(LABELS)
    assert "sha256(Body ID) % 5 == 0" in meta["held_back"]["rule"]
    with (base / "weights.npz").open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
        assert {"m_threshold", "b_threshold", "tfidf_terms", "tfidf_idf"} <= set(npz.files)


def test_a_missing_model_says_how_to_retrain(tmp_path: Path) -> None:
    with pytest.raises(FramelensError, match=r"python -m framelens\.train\.stance"):
        StanceModel.load(tmp_path)


def test_a_model_for_other_features_is_refused(tmp_path: Path) -> None:
    model = load_stance_model()
    model.save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text("utf-8"))
    meta["features"] = meta["features"][:-1]
    (tmp_path / "model.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(FramelensError, match="retrain"):
        StanceModel.load(tmp_path)


def test_a_saved_model_loads_back_identical(tmp_path: Path) -> None:
    model = load_stance_model()
    model.save(tmp_path)
    again = StanceModel.load(tmp_path)
    pairs = [(CLAIM, AGREE), (CLAIM, UNRELATED)]
    np.testing.assert_array_equal(again.proba(pairs), model.proba(pairs))


def test_speed_of_a_hundred_pairs() -> None:
    """100 pairs (10 claims x 10 texts) after loading; generous bound: the cores are shared in CI."""
    claims = [f"{CLAIM} in week {i}" for i in range(10)]
    texts = [f"{AGREE} Update {i}." for i in range(5)] + [f"{UNRELATED} Match {i}." for i in range(5)]
    predict([(CLAIM, AGREE)])  # loading
    started = time.perf_counter()
    out = predict([(c, t) for c in claims for t in texts])
    assert len(out) == 100
    assert time.perf_counter() - started < 30.0


def test_quality_gate_on_held_back_pairs(shared: Path) -> None:
    """Every 25th held-back pair: framelens above its floor and clearly above the baseline row."""
    data_dir = shared / "data" / "fnc1"
    if not (data_dir / "train_stances.csv").is_file():
        pytest.skip(f"{data_dir} is absent: the FNC-1 training data is not beside this checkout")
    from framelens.eval.fnc1 import read_fnc1, score

    data = read_fnc1(data_dir, split="heldback", layout="train")
    pairs = data.texts()[::SAMPLE_STEP]
    gold = data.gold[::SAMPLE_STEP]
    model = load_stance_model()
    ours = score(gold, [LABELS[int(i)] for i in model.proba(pairs).argmax(axis=1)])
    base = score(gold, model.baseline_labels(pairs))
    assert ours.relative >= SAMPLE_SCORE_FLOOR
    assert ours.relative >= base.relative + SAMPLE_BASELINE_MARGIN
    assert ours.f1["unrelated"] > 0.95
