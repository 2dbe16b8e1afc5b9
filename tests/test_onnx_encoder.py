"""The transformer passes on ONNX Runtime: the same states as torch, a kept export, a clear choice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def _bert() -> Any:
    return embed.plain_bert().module


def _plain() -> embed.Bert:
    return embed.plain_bert()


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
    got = onnx_layers(_plain()).states(ids.numpy(), mask.numpy())
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
    first = onnx_encoder._graph(_plain())
    assert isinstance(first, str) and Path(first).parent == tmp_path / "onnx"
    assert [p.name for p in (tmp_path / "onnx").iterdir()] == [Path(first).name]  # no part left

    def no_export(_: object) -> bytes:
        raise AssertionError("exported again")

    def no_build() -> object:
        raise AssertionError("the torch module was built")

    monkeypatch.setattr(onnx_encoder, "_export", no_export)
    assert onnx_encoder._graph(_plain()) == first
    # found by the recipe alone: a process that only knows what the weights are made of
    unbuilt = embed.Bert(_plain().recipe, no_build)
    assert onnx_encoder._graph(unbuilt) == first
    assert onnx_layers(unbuilt).states([[101, 7592, 102]], [[1, 1, 1]]).shape == (1, 3, embed.DIMENSION)
    # other weights, another graph
    assert onnx_encoder._digest(embed.Bert(_plain().recipe + "+x", no_build)) != onnx_encoder._digest(unbuilt)


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
    kept = onnx_encoder._graph(_plain())
    assert sorted(p.name for p in folder.iterdir()) == sorted([recent.name, Path(str(kept)).name])


def test_an_unwritable_cache_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(onnx_encoder.CACHE_VAR, str(blocked))
    graph = onnx_encoder._graph(_plain())
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


def _tagger() -> object:
    from framelens.techniques import load_technique_model

    tagger = load_technique_model().tagger
    if tagger is None:
        pytest.skip("the technique tagger is not packaged")
    return tagger


def test_the_tagger_reads_alike_in_both_runtimes(monkeypatch: pytest.MonkeyPatch) -> None:
    """ONNX Runtime reads the tagger in int8 at its fixed scales, torch in float32: the same
    windows and pieces, probabilities close (the decoding was chosen for the int8 reading,
    whose second feed-forward layers read at each token's own scale move them by up to about
    0.07 here)."""
    tagger: Any = _tagger()
    assert tagger.int8 is not None, "the packaged tagger ships its int8 ranges"
    text = "The so-called experts, a gang of clowns, lied again. Nobody in the village believed them!"
    monkeypatch.setenv(onnx_encoder.RUNTIME_VAR, "onnx")
    fast = tagger.read(text)
    monkeypatch.setenv(onnx_encoder.RUNTIME_VAR, "torch")
    reference = tagger.read(text)
    assert len(fast.windows) == len(reference.windows) == 2
    for a, b in zip(fast.windows, reference.windows, strict=True):
        assert (a.start, a.end) == (b.start, b.end)
        np.testing.assert_array_equal(a.offsets, b.offsets)
        np.testing.assert_allclose(a.probs, b.probs, atol=0.1)
        assert np.abs(a.probs - b.probs).mean() < 0.05
        assert np.abs(a.probs - b.probs).max() > 0, "read in int8, not float32"
        cosine = a.pooled @ b.pooled / np.linalg.norm(a.pooled) / np.linalg.norm(b.pooled)
        assert cosine > 0.99


def _int8(bert: object) -> onnx_encoder.Int8:
    """Ranges measured on this module's sentences, each read alone, as training does."""
    pieces = embed.word_pieces(SENTENCES)
    batches = [(np.asarray([ids]), np.ones((1, len(ids)), np.int64)) for ids in pieces["input_ids"]]
    return onnx_encoder.calibrate_int8(bert, batches)


def test_int8_quantizes_the_bounded_products_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import onnx

    monkeypatch.setenv(onnx_encoder.CACHE_VAR, str(tmp_path))
    bert = _bert()
    int8 = _int8(bert)
    assert onnx_encoder.Int8.from_meta(int8.to_meta()) == int8
    path = onnx_encoder._graph(_plain(), int8)
    assert isinstance(path, str) and path != onnx_encoder._graph(_plain())  # kept apart from the float graph
    graph = onnx.load(path)
    quantized = {
        node.name.removesuffix("_quant")
        for node in graph.graph.node
        if node.op_type == "DequantizeLinear" and "MatMul" in node.name
    }
    layers = len(bert.encoder.layer)  # type: ignore[attr-defined]
    # q, k, v, attention output, first feed-forward: five per layer; the second feed-forward stays float
    assert len(onnx_encoder.quantized_products(onnx.load(onnx_encoder._graph(_plain())))) == 5 * layers
    assert sum(n.op_type == "QuantizeLinear" for n in graph.graph.node) >= 5 * layers
    assert not any("/output/dense/MatMul" in n and "attention" not in n for n in quantized)


def test_int8_states_are_close_and_never_depend_on_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fixed scales: a text's int8 states are the same alone or padded among others (dynamic
    quantization, whose scales are the batch's, would move them)."""
    monkeypatch.setenv(onnx_encoder.CACHE_VAR, str(tmp_path))
    bert = _bert()
    table = bert.embeddings.word_embeddings.weight.detach().numpy()  # type: ignore[attr-defined]
    layers = OnnxLayers(onnx_encoder._graph(_plain(), _int8(bert)), 1, table)
    pieces = embed.word_pieces(SENTENCES)
    ids = pieces["input_ids"]
    n = max(len(x) for x in ids)
    padded = np.zeros((len(ids), n), np.int64)
    for row, x in enumerate(ids):
        padded[row, : len(x)] = x
    together = layers.states(padded, (padded != 0).astype(np.int64))
    exact = onnx_layers(_plain())
    for row, x in enumerate(ids):
        alone = layers.states(np.asarray([x]), np.ones((1, len(x)), np.int64))[0]
        np.testing.assert_allclose(together[row, : len(x)], alone, atol=1e-5)
        reference = exact.states(np.asarray([x]), np.ones((1, len(x)), np.int64))[0]
        norms = np.linalg.norm(alone, axis=1) * np.linalg.norm(reference, axis=1)
        cosine = (alone * reference).sum(1) / norms
        assert cosine.min() > 0.95


def test_a_model_may_leave_more_products_in_float(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Int8.skip`` (the tone encoder's attention outputs): those products keep float32, the
    ranges cover only what is quantized, and the choice travels with the model's meta."""
    import onnx

    monkeypatch.setenv(onnx_encoder.CACHE_VAR, str(tmp_path))
    bert = _bert()
    pieces = embed.word_pieces(SENTENCES)
    batches = [(np.asarray([ids]), np.ones((1, len(ids)), np.int64)) for ids in pieces["input_ids"]]
    int8 = onnx_encoder.calibrate_int8(bert, batches, ("attention/output",))
    assert int8.skip == ("attention/output",)
    assert onnx_encoder.Int8.from_meta(int8.to_meta()) == int8
    every = _int8(bert)
    assert int8.key != every.key and set(int8.ranges) < set(every.ranges)
    assert not any("attention/output/dense/MatMul" in name for name in int8.ranges)
    graph = onnx.load(onnx_encoder._graph(_plain(), int8))
    quantized = {n.name for n in graph.graph.node if n.op_type == "DequantizeLinear" and "MatMul" in n.name}
    layers = len(bert.encoder.layer)  # type: ignore[attr-defined]
    float_graph = onnx.load(onnx_encoder._graph(_plain()))
    assert len(onnx_encoder.quantized_products(float_graph, int8.skip)) == 4 * layers
    assert quantized and not any("attention/output" in name for name in quantized)
    # the float products still compute: a state close to the float graph's
    table = bert.embeddings.word_embeddings.weight.detach().numpy()  # type: ignore[attr-defined]
    ids = np.asarray([pieces["input_ids"][1]])
    got = OnnxLayers(onnx_encoder._graph(_plain(), int8), 1, table).states(ids, np.ones_like(ids))[0]
    exact = onnx_layers(_plain()).states(ids, np.ones_like(ids))[0]
    cosine = (got * exact).sum(1) / np.linalg.norm(got, axis=1) / np.linalg.norm(exact, axis=1)
    assert cosine.min() > 0.95 and np.abs(got - exact).max() > 0


def test_ranges_of_another_graph_read_in_float(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(onnx_encoder.CACHE_VAR, str(tmp_path))
    bert = _bert()
    foreign = onnx_encoder.Int8({"/some/other/exporter/MatMul_output_0": (-1.0, 1.0)})
    with caplog.at_level("WARNING", logger="framelens.onnx_encoder"):
        graph = onnx_encoder._quantize(onnx_encoder._export(bert), foreign)
    assert "the int8 ranges do not fit this encoder graph" in caplog.text
    assert graph == onnx_encoder._export(bert)


def test_per_token_products_read_int8_and_never_depend_on_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Int8.per_token``: the products the fixed scales leave in float32 read in int8 at each
    token's own scale, so a text's states are the same alone or padded among others (a scale
    taken over the batch, as ONNX Runtime's dynamic quantization takes it, would move them),
    and stay close to float32's."""
    import dataclasses

    import onnx

    monkeypatch.setenv(onnx_encoder.CACHE_VAR, str(tmp_path))
    bert = _bert()
    fixed = _int8(bert)
    int8 = dataclasses.replace(fixed, per_token=True)
    assert onnx_encoder.Int8.from_meta(int8.to_meta()) == int8 and int8.key != fixed.key
    path = onnx_encoder._graph(_plain(), int8)
    assert path != onnx_encoder._graph(_plain(), fixed)  # kept apart in the cache
    graph = onnx.load(path)
    weights = {init.name for init in graph.graph.initializer}
    layers = len(bert.encoder.layer)  # type: ignore[attr-defined]
    # every product by a weight is int8 now: the second feed-forward layers by token
    assert not [n.name for n in graph.graph.node if n.op_type == "MatMul" and n.input[1] in weights]
    assert sum(n.op_type == "MatMulInteger" for n in graph.graph.node) == layers
    table = bert.embeddings.word_embeddings.weight.detach().numpy()  # type: ignore[attr-defined]
    layers_rt = OnnxLayers(path, 1, table)
    pieces = embed.word_pieces(SENTENCES)["input_ids"]
    padded = np.zeros((len(pieces), max(len(x) for x in pieces)), np.int64)
    for row, x in enumerate(pieces):
        padded[row, : len(x)] = x
    together = layers_rt.states(padded, (padded != 0).astype(np.int64))
    exact = onnx_layers(_plain())
    without = OnnxLayers(onnx_encoder._graph(_plain(), fixed), 1, table)
    for row, x in enumerate(pieces):
        ids, ones = np.asarray([x]), np.ones((1, len(x)), np.int64)
        alone = layers_rt.states(ids, ones)[0]
        np.testing.assert_allclose(together[row, : len(x)], alone, atol=1e-5)
        reference = exact.states(ids, ones)[0]
        norms = np.linalg.norm(alone, axis=1) * np.linalg.norm(reference, axis=1)
        assert ((alone * reference).sum(1) / norms).min() > 0.95
        assert np.abs(alone - without.states(ids, ones)[0]).max() > 0, "the per-token products ran"
