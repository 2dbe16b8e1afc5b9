"""The transformer passes on ONNX Runtime: the same states as torch, a kept export, a clear choice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from framelens import embed, onnx_encoder
from framelens.errors import ConfigError
from framelens.onnx_encoder import OnnxLayers, onnx_layers

SENTENCES = [
    "The council voted to close the bridge.",
    "Residents said the closure would add twenty minutes to their commute, and they were angry.",
    "“We were not told,” she said.",
    "A",
]


def _bert() -> object:
    return embed.load_encoder()[0].auto_model


@pytest.mark.parametrize("lengths", [[1], [2, 9], [256, 3, 40]])
def test_states_equal_torch_for_padded_batches(lengths: list[int]) -> None:
    """One graph serves every batch and length, and padding is masked: the export must not
    freeze the example's shape nor its mask."""
    import torch

    bert = _bert()
    longest = max(lengths)
    ids = torch.zeros((len(lengths), longest), dtype=torch.long)
    for row, n in enumerate(lengths):
        ids[row, :n] = torch.arange(1000 + row, 1000 + row + n)
        ids[row, 0] = 101
    mask = (ids != 0).long()
    got = onnx_layers(bert).states(ids.numpy(), mask.numpy())
    assert got.shape == (len(lengths), longest, embed.DIMENSION) and got.dtype == np.float32
    for row, n in enumerate(lengths):
        with torch.inference_mode():
            alone = bert(input_ids=ids[row : row + 1, :n]).last_hidden_state[0].numpy()  # type: ignore[operator]
        np.testing.assert_allclose(got[row, :n], alone, atol=1e-4)


def test_encodings_agree_with_the_torch_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pooling and unit length as sentence-transformers computes them, token states as torch's."""
    monkeypatch.setenv(onnx_encoder.RUNTIME_VAR, "onnx")
    fast = embed.encode_tokens(SENTENCES)
    fast_sentences = embed.encode_sentences(SENTENCES)
    monkeypatch.setenv(onnx_encoder.RUNTIME_VAR, "torch")
    reference = embed.encode_tokens(SENTENCES, batch_size=3)
    plain = embed.load_encoder().encode(SENTENCES, convert_to_numpy=True)
    for a, b in zip(fast, reference, strict=True):
        np.testing.assert_allclose(a.tokens, b.tokens, atol=1e-4)
        np.testing.assert_array_equal(a.offsets, b.offsets)
        np.testing.assert_allclose(a.sentence, b.sentence, atol=1e-5)
    np.testing.assert_allclose(fast_sentences, plain, atol=1e-5)
    assert np.allclose(np.linalg.norm(fast_sentences, axis=1), 1.0, atol=1e-5)


def test_a_texts_vectors_barely_depend_on_the_others() -> None:
    """Padding is masked, so a text's vectors are its own up to rounding."""
    alone = embed.encode_tokens([SENTENCES[1]])[0]
    together = embed.encode_tokens(SENTENCES)[1]
    np.testing.assert_allclose(alone.tokens, together.tokens, atol=1e-5)


def test_the_export_is_kept_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(onnx_encoder.CACHE_VAR, str(tmp_path))
    bert = _bert()
    first = onnx_encoder._graph(bert)
    assert isinstance(first, str) and Path(first).parent == tmp_path / "onnx"
    assert [p.name for p in (tmp_path / "onnx").iterdir()] == [Path(first).name]  # no part left

    def no_export(_: object) -> bytes:
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_encoder, "_export", no_export)
    assert onnx_encoder._graph(bert) == first


def test_graphs_unused_for_long_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv(onnx_encoder.CACHE_VAR, str(tmp_path))
    folder = tmp_path / "onnx"
    folder.mkdir()
    stale, recent = folder / "bert-old.onnx", folder / "bert-recent.onnx"
    for path in (stale, recent):
        path.write_bytes(b"x")
    month = (onnx_encoder.STALE_DAYS + 1) * 86400
    os.utime(stale, (stale.stat().st_atime - month, stale.stat().st_mtime - month))
    kept = onnx_encoder._graph(_bert())
    assert sorted(p.name for p in folder.iterdir()) == sorted([recent.name, Path(str(kept)).name])


def test_an_unwritable_cache_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(onnx_encoder.CACHE_VAR, str(blocked))
    graph = onnx_encoder._graph(_bert())
    assert isinstance(graph, bytes)
    states = OnnxLayers(graph, 1, _bert().embeddings.word_embeddings.weight.detach().numpy()).states(
        [[101, 7592, 102]], [[1, 1, 1]]
    )
    assert states.shape == (1, 3, embed.DIMENSION)


def test_the_runtime_is_chosen_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(onnx_encoder.RUNTIME_VAR, raising=False)
    assert onnx_encoder.runtime() == "onnx"
    monkeypatch.setenv(onnx_encoder.RUNTIME_VAR, " Torch ")
    assert onnx_encoder.runtime() == "torch"
    monkeypatch.setenv(onnx_encoder.RUNTIME_VAR, "tensorflow")
    with pytest.raises(ConfigError, match="FRAMELENS_ENCODER_RUNTIME='tensorflow' is not a runtime"):
        onnx_encoder.runtime()


def test_without_onnxruntime_torch_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(onnx_encoder.RUNTIME_VAR, raising=False)
    real = onnx_encoder.importlib.util.find_spec
    monkeypatch.setattr(
        onnx_encoder.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "onnxruntime" else real(name, *a),
    )
    assert onnx_encoder.runtime() == "torch"


def test_the_tagger_reads_alike_in_both_runtimes(monkeypatch: pytest.MonkeyPatch) -> None:
    from framelens.techniques import load_technique_model

    tagger = load_technique_model().tagger
    if tagger is None:
        pytest.skip("the technique tagger is not packaged")
    text = "The so-called experts, a gang of clowns, lied again. Nobody in the village believed them!"
    monkeypatch.setenv(onnx_encoder.RUNTIME_VAR, "onnx")
    fast = tagger.read(text)
    monkeypatch.setenv(onnx_encoder.RUNTIME_VAR, "torch")
    reference = tagger.read(text)
    assert len(fast.windows) == len(reference.windows) == 2
    for a, b in zip(fast.windows, reference.windows, strict=True):
        assert (a.start, a.end) == (b.start, b.end)
        np.testing.assert_array_equal(a.offsets, b.offsets)
        np.testing.assert_allclose(a.probs, b.probs, atol=1e-4)
        np.testing.assert_allclose(a.pooled, b.pooled, atol=1e-4)
