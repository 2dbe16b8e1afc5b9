"""Transformer passes on ONNX Runtime: the shared encoder's, the tone encoder's, the tagger's.

The forward passes of MiniLM are most of framelens's analysis time (the tone stage reads
every sentence with all six layers, the technique tagger with three).  ONNX Runtime runs
the same graph faster than torch: measured on the 818 sentences of 20 PTC articles with
one thread, in batches of 8 sentences of similar length, the six layers took 3.4 s here
against 3.9 s in torch (3.8 s at torch's best batch, 16), the tagger's three 1.8 s against
2.0 s, with hidden states equal within 1e-5.  One sentence per run (no padding) was slower
in both (4.3 s and 2.1 s): the per-run overhead outweighs the padding saved.

Why the graph is exported here, at first use, rather than shipped: its weights are the
installed encoder's (90 MB) or a copy carrying the tagger's merged adapters, neither of
which belongs in the repository.  The export (torch's own exporter, about a second) is
kept in a cache folder (``FRAMELENS_CACHE_DIR``, by default ``~/.cache/framelens``) under
a digest of the weights (of the files and arrays they are made of, known before any torch
module is built) and the library versions, so later processes only load it; when
the folder cannot be written the graph is exported again in each process, nothing fails.

Static int8 (``Int8``, the tagger's and the tone encoder's): a model may ship the activation
ranges of its graph, measured once on fixed training data (``calibrate_int8``); the exported graph is then
quantized with ONNX Runtime's own tools, weights per output channel, activations with
those fixed scales, so a text's states never depend on the texts read with it (dynamic
quantization computes its scales per batch, and was refused for that).  Only the matrix
products whose inputs are well bounded are quantized: the attention projections and the
first feed-forward layer.  The second feed-forward layer reads the GELU's output, whose
rare large values a fixed 8-bit scale cannot hold (quantizing it too cost the tagger 1.3
points of held-back F1), and the attention's own products have no weights.  A model may
leave more out of the fixed scales (``Int8.skip``): the tone encoder keeps its attention-output
products, whose fixed int8 scales cost NewsMTSC dev_mt 0.6 points of F1m where the others cost
nothing measurable.  What the fixed scales leave out reads in int8 too when the model says so
(``Int8.per_token``, both packaged models): each token's input at the scale of its own largest
value (``per_token_products``), which depends on that token alone; those products were about
half of the passes' time in float32.

``FRAMELENS_ENCODER_RUNTIME=torch`` keeps every pass in torch in float32 (the reference
path, and the one used when onnxruntime is not installed).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import io
import logging
import os
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from framelens.context import ModelKind, shared_model
from framelens.errors import ConfigError

if TYPE_CHECKING:
    from framelens.embed import Bert

log = logging.getLogger(__name__)

RUNTIME_VAR = "FRAMELENS_ENCODER_RUNTIME"
CACHE_VAR = "FRAMELENS_CACHE_DIR"
RUNTIMES = ("onnx", "torch")
#: bump when the exported graph changes shape (its inputs, outputs or wrapper)
GRAPH_VERSION = "4"
#: a cached graph no process loaded for this many days is removed when another is exported
STALE_DAYS = 30
#: texts per run (the measurement above: 8 beat 1, 4 and 16)
BATCH = 8
_OPSET = 17


#: the threads each ONNX Runtime session computes on, when a worker's warm-up set them
_threads: int | None = None


def set_threads(threads: int) -> None:
    """The threads this process's sessions compute on (a worker's share of the machine)."""
    global _threads
    _threads = max(1, threads)


def threads() -> int:
    """What ``set_threads`` gave, else torch's thread count when torch is loaded (as before
    workers stopped importing it), else the machine's CPUs."""
    if _threads is not None:
        return _threads
    torch = sys.modules.get("torch")
    if torch is not None:
        return int(torch.get_num_threads())
    return os.cpu_count() or 1


def runtime() -> str:
    """ "onnx" or "torch": which runs the transformer passes of this process."""
    value = os.environ.get(RUNTIME_VAR, "onnx").strip().lower() or "onnx"
    if value not in RUNTIMES:
        raise ConfigError(f"{RUNTIME_VAR}={value!r} is not a runtime; use one of {', '.join(RUNTIMES)}")
    if value == "onnx" and importlib.util.find_spec("onnxruntime") is None:
        return "torch"
    return value


def cache_dir() -> Path:
    """Where exported graphs are kept (``FRAMELENS_CACHE_DIR``, else the user's cache folder)."""
    given = os.environ.get(CACHE_VAR, "").strip()
    if given:
        return Path(given).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "framelens"


class OnnxLayers:
    """A BertModel's embeddings and transformer layers as one ONNX Runtime session.

    ``states(ids, mask)`` gives the last hidden states of a padded batch of word-piece ids,
    shape (batch, pieces, hidden), float32: what ``BertModel(input_ids, attention_mask)``
    gives (padding positions included, to be dropped by the caller).
    """

    def __init__(self, graph: bytes | str, threads: int, table: np.ndarray) -> None:
        import onnxruntime as ort

        self.table = table
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # a spinning pool would take the core a second worker process computes on
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])

    def states(self, ids: Any, mask: Any) -> np.ndarray:
        feed = {
            "input_ids": np.asarray(ids, dtype=np.int64),
            "attention_mask": np.asarray(mask, dtype=np.int64),
            "word_embeddings": self.table,
        }
        return np.asarray(self.session.run(None, feed)[0], dtype=np.float32)


@dataclass(frozen=True)
class Int8:
    """Static int8 settings of a graph: the activation range (lowest, highest) of each tensor
    a quantized product reads, as ``calibrate_int8`` measured them."""

    ranges: Mapping[str, tuple[float, float]]
    #: parts of product names left in float32 besides the default's (``quantized_products``)
    skip: tuple[str, ...] = ()
    #: the products left out of the fixed scales read in int8 too, each token at its own
    #: scale (``per_token_products``); a model turns it on once measured with it
    per_token: bool = False

    @classmethod
    def from_meta(cls, value: Any) -> Int8 | None:
        """The settings stored in a model's ``model.json`` (None when it stores none)."""
        if not isinstance(value, Mapping) or not isinstance(value.get("ranges"), Mapping):
            return None
        ranges = {str(k): (float(v[0]), float(v[1])) for k, v in value["ranges"].items()}
        return cls(ranges, tuple(str(part) for part in value.get("skip", ())), bool(value.get("per_token")))

    def to_meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"ranges": {k: [lo, hi] for k, (lo, hi) in sorted(self.ranges.items())}}
        if self.skip:
            meta["skip"] = list(self.skip)
        if self.per_token:
            meta["per_token"] = True
        return meta

    @property
    def key(self) -> str:
        return repr((sorted(self.ranges.items()), self.skip, *(("per_token",) if self.per_token else ())))


def onnx_layers(bert: Bert, int8: Int8 | None = None) -> OnnxLayers:
    """The ONNX Runtime twin of ``bert``, once per process; quantized with ``int8``'s fixed
    scales when given.  Built from the cached graph when there is one (the torch module is
    then never made), else exported from ``bert.module`` and kept."""
    # the word-embedding table is an input of the graph, not a copy inside it: the session
    # reads the one array every transformer of the process shares, and the graph is a third
    # of the size, 11.7M of MiniLM's 22.7M parameters being that table
    return shared_model(
        ModelKind.encoder,
        f"onnx-{bert.recipe}"
        + ("" if int8 is None else f"-int8-{hashlib.blake2b(int8.key.encode(), digest_size=8).hexdigest()}"),
        lambda: OnnxLayers(_graph(bert, int8), threads(), bert.table()),
    )


def _digest(bert: Bert, int8: Int8 | None = None) -> str:
    """The graph's name in the cache: the transformer's recipe (its weights), the exporting
    and running libraries' versions and the int8 settings; computed without building it."""
    h = hashlib.blake2b(digest_size=16)
    for name in ("torch", "onnx", "onnxruntime", "transformers"):
        h.update(f"{name}={importlib.metadata.version(name)};".encode())
    h.update(f"graph={GRAPH_VERSION};recipe={bert.recipe};".encode())
    if int8 is not None:
        h.update(f"int8={int8.key};".encode())
    return h.hexdigest()


def _graph(bert: Bert, int8: Int8 | None = None) -> bytes | str:
    """The exported graph: its path in the cache, or its bytes when the cache cannot be written."""
    path = cache_dir() / "onnx" / f"bert-{_digest(bert, int8)}.onnx"
    if path.is_file():
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: kept by the pruning below
        return str(path)
    graph = _export(bert.module)
    if int8 is not None:
        graph = _quantize(graph, int8)
    _prune(path.parent)
    part = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as file:
            part = file.name
            file.write(graph)
        os.replace(part, path)  # atomic: two workers exporting at once both end well
    except OSError as exc:
        log.debug("cannot keep the exported encoder in %s (%s); using it from memory", path.parent, exc)
        if part:
            with contextlib.suppress(OSError):
                os.unlink(part)
        return graph
    log.info("exported the encoder to %s", path)
    return str(path)


def _prune(folder: Path) -> None:
    """Remove the graphs no process has loaded for ``STALE_DAYS`` (those of models or library
    versions since replaced), so the cache does not grow with every upgrade."""
    cutoff = time.time() - STALE_DAYS * 86400
    with contextlib.suppress(OSError):
        for old in folder.glob("bert-*.onnx"):
            with contextlib.suppress(OSError):
                if old.stat().st_mtime < cutoff:
                    old.unlink()


def _export(bert: Any) -> bytes:
    import torch

    class Layers(torch.nn.Module):
        """The embeddings and layers with the additive attention mask made here: a plain loop
        over the layers traces to a graph with no shape-dependent branch (BertModel's own
        mask construction has several, which the tracer would freeze at the example's shape)."""

        def __init__(self) -> None:
            super().__init__()
            self.embeddings = bert.embeddings
            self.layers = bert.encoder.layer

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, word_embeddings: torch.Tensor
        ) -> torch.Tensor:
            hidden = self.embeddings(inputs_embeds=torch.nn.functional.embedding(input_ids, word_embeddings))
            blocked = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(
                hidden.dtype
            ).min
            for layer in self.layers:
                hidden = layer(hidden, attention_mask=blocked)
            return hidden

    # eval mode, set on the wrapper itself: the exporter restores the wrapper's mode after
    # tracing, and a wrapper left in training mode would switch the encoder's dropout on
    wrapper = Layers().eval()
    # a padded example, so that the mask's path is traced
    ids = torch.tensor([[101, 7592, 2088, 102, 0], [101, 7592, 2088, 999, 102]], dtype=torch.long)
    mask = (ids != 0).long()
    table = bert.embeddings.word_embeddings.weight.detach()
    buffer = io.BytesIO()
    with warnings.catch_warnings(), torch.inference_mode(False), torch.no_grad():
        warnings.simplefilter("ignore")  # the tracer's notes on Python conditions it froze
        torch.onnx.export(
            wrapper,
            (ids, mask, table),
            buffer,  # type: ignore[arg-type]  # the TorchScript exporter writes to a file object too
            input_names=["input_ids", "attention_mask", "word_embeddings"],
            output_names=["hidden"],
            dynamic_axes={
                name: {0: "batch", 1: "pieces"} for name in ("input_ids", "attention_mask", "hidden")
            },
            opset_version=_OPSET,
            dynamo=False,
        )
    return buffer.getvalue()


def quantized_products(graph: Any, skip: Iterable[str] = ()) -> list[str]:
    """The MatMul nodes of an exported graph (an ``onnx.ModelProto``) that int8 quantizes:
    those with a weight, except each layer's second feed-forward product (see the module
    docstring) and those whose name holds a part of ``skip`` (a model's own choice: the tone
    encoder keeps its attention-output products in float32)."""
    weights = {init.name for init in graph.graph.initializer}
    parts = tuple(skip)
    return [
        node.name
        for node in graph.graph.node
        if node.op_type == "MatMul"
        and any(name in weights for name in node.input)
        and not (node.name.endswith("/output/dense/MatMul") and "/attention/" not in node.name)
        and not any(part in node.name for part in parts)
    ]


def _activations(graph: Any, products: Iterable[str]) -> set[str]:
    """The tensors (not weights) the named products read and write: what needs a fixed range."""
    chosen = set(products)
    weights = {init.name for init in graph.graph.initializer}
    return {
        name for node in graph.graph.node if node.name in chosen for name in (*node.input, *node.output)
    } - weights


def _quantize(graph: bytes, int8: Int8) -> bytes:
    """``graph`` with its ``quantized_products`` in int8 at ``int8``'s fixed activation scales;
    the float graph, with a warning, when the ranges do not name its tensors (a graph
    exported by another torch version than the one calibrated)."""
    import onnx
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.calibrate import TensorData, TensorsData, save_tensors_data

    model = onnx.load_from_string(graph)
    products = quantized_products(model, int8.skip)
    read = _activations(model, products)
    missing = sorted(read - set(int8.ranges))
    if missing or not products:
        log.warning(
            "the int8 ranges do not fit this encoder graph (%d tensors unknown, e.g. %s); reading in float32",
            len(missing),
            missing[:1],
        )
        return graph
    data = {
        name: TensorData(lowest=np.array([lo], np.float32), highest=np.array([hi], np.float32))
        for name, (lo, hi) in int8.ranges.items()
    }
    with tempfile.TemporaryDirectory(prefix="framelens-int8-") as tmp:
        ranges, out = Path(tmp) / "ranges.json", Path(tmp) / "graph.onnx"
        save_tensors_data(TensorsData(CalibrationMethod.MinMax, data), ranges)
        with _quiet_quantizer():
            quantize_static(
                model,
                out,
                None,
                quant_format=QuantFormat.QDQ,
                op_types_to_quantize=["MatMul"],
                nodes_to_quantize=products,
                per_channel=True,
                activation_type=QuantType.QUInt8,
                weight_type=QuantType.QInt8,
                calibrate_method=CalibrationMethod.MinMax,
                extra_options={"MatMulConstBOnly": True},
                calibration_cache_path=ranges,
            )
        quantized = out.read_bytes()
    return per_token_products(quantized) if int8.per_token else quantized


def per_token_products(graph: bytes) -> bytes:
    """``graph`` with each product that still reads float32 (a MatMul by a constant weight)
    in int8, its input quantized token by token: each row at the scale of its own largest
    value, the weight per output column, the sum of products exact in int32.

    Why per token: the second feed-forward layer reads the GELU's output, whose rare large
    values a fixed scale cannot hold (the module docstring), and scales computed per batch
    would make a text's states depend on its neighbours.  A token's own scale depends on that
    token alone, so a text reads the same alone or in any batch, and the large values are
    rare *per token*: measured on NewsMTSC dev, the tone encoder's remaining products read
    this way cost 0.4 F1m on dev_rw and gained 0.2 on dev_mt, where a fixed scale cost 1.4
    and 0.7.  ONNX has no operator for a per-row dynamic scale, so the few nodes are written
    here; the product itself is ONNX Runtime's ``MatMulInteger`` (uint8 by int8, its fast
    path: the input is shifted by 128, a zero point the operator removes exactly)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load_from_string(graph)
    weights = {init.name: init for init in model.graph.initializer}
    products = [n for n in model.graph.node if n.op_type == "MatMul" and n.input[1] in weights]
    if not products:
        return graph
    added = [
        numpy_helper.from_array(np.array(127.0, np.float32), "per_token/127"),
        numpy_helper.from_array(np.array(1e-12, np.float32), "per_token/tiny"),
        numpy_helper.from_array(np.array(1.0, np.float32), "per_token/one"),
        numpy_helper.from_array(np.array(128, np.uint8), "per_token/zero_point"),
        numpy_helper.from_array(np.array([0], np.int64), "per_token/first"),
        numpy_helper.from_array(np.array([-1], np.int64), "per_token/last"),
    ]
    nodes = list(model.graph.node)
    for node in products:
        x, w, y = node.input[0], node.input[1], node.output[0]
        weight = numpy_helper.to_array(weights[w]).astype(np.float32)  # (inputs, outputs)
        scale = np.abs(weight).max(axis=0) / 127.0
        scale[scale == 0] = 1.0
        p = f"{node.name}/per_token"
        levels = np.clip(np.round(weight / scale), -127, 127).astype(np.int8)
        added += [
            numpy_helper.from_array(levels, f"{p}/weight"),
            numpy_helper.from_array(scale.astype(np.float32), f"{p}/weight_scale"),
            numpy_helper.from_array(np.array([-1, weight.shape[0]], np.int64), f"{p}/rows_shape"),
            numpy_helper.from_array(np.array([weight.shape[1]], np.int64), f"{p}/width"),
        ]

        def op(kind: str, inputs: list[str], out: str, **attrs: Any) -> Any:
            return helper.make_node(kind, inputs, [out], name=out, **attrs)

        ops = [
            op("Shape", [x], f"{p}/shape"),
            op("Reshape", [x, f"{p}/rows_shape"], f"{p}/rows"),
            op("Abs", [f"{p}/rows"], f"{p}/abs"),
            op("ReduceMax", [f"{p}/abs"], f"{p}/largest", axes=[-1], keepdims=1),
            op("Max", [f"{p}/largest", "per_token/tiny"], f"{p}/bounded"),
            op("Div", [f"{p}/bounded", "per_token/127"], f"{p}/row_scale"),
            op("Div", ["per_token/one", f"{p}/row_scale"], f"{p}/row_inverse"),
            op("Mul", [f"{p}/rows", f"{p}/row_inverse"], f"{p}/scaled"),
            # round half to even, shift by 128 and saturate: one pass
            op("QuantizeLinear", [f"{p}/scaled", "per_token/one", "per_token/zero_point"], f"{p}/quantized"),
            op("MatMulInteger", [f"{p}/quantized", f"{p}/weight", "per_token/zero_point"], f"{p}/sums"),
            op("Cast", [f"{p}/sums"], f"{p}/float_sums", to=TensorProto.FLOAT),
            op("Mul", [f"{p}/float_sums", f"{p}/row_scale"], f"{p}/by_row"),
            op("Mul", [f"{p}/by_row", f"{p}/weight_scale"], f"{p}/product"),
            op("Slice", [f"{p}/shape", "per_token/first", "per_token/last"], f"{p}/leading"),
            op("Concat", [f"{p}/leading", f"{p}/width"], f"{p}/out_shape", axis=0),
        ]
        ops.append(helper.make_node("Reshape", [f"{p}/product", f"{p}/out_shape"], [y], name=f"{p}/out"))
        at = nodes.index(node)
        nodes[at : at + 1] = ops
    used = {name for node in nodes for name in node.input}
    kept = [init for init in model.graph.initializer if init.name in used]
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept + [a for a in added if a.name in used])
    return model.SerializeToString()


def calibrate_int8(
    bert: Any,
    batches: Iterable[tuple[np.ndarray, np.ndarray]],
    skip: Iterable[str] = (),
    per_token: bool = False,
) -> Int8:
    """The activation ranges of ``bert``'s exported graph over ``batches`` of (word-piece ids,
    attention mask), the fixed calibration data (training time only: see the module docstring);
    ``skip``: see ``quantized_products``; ``per_token``: see ``Int8.per_token``."""
    import onnx
    from onnxruntime.quantization import CalibrationDataReader, CalibrationMethod, create_calibrator

    table = bert.embeddings.word_embeddings.weight.detach().numpy()
    feeds = iter(batches)

    class Reader(CalibrationDataReader):
        def get_next(self) -> dict[str, np.ndarray] | None:
            batch = next(feeds, None)
            if batch is None:
                return None
            ids, mask = batch
            return {
                "input_ids": np.asarray(ids, np.int64),
                "attention_mask": np.asarray(mask, np.int64),
                "word_embeddings": table,
            }

    graph = _export(bert)
    model = onnx.load_from_string(graph)
    skip = tuple(skip)
    products = set(quantized_products(model, skip))
    wanted = _activations(model, products)
    with tempfile.TemporaryDirectory(prefix="framelens-calibrate-") as tmp:
        source = Path(tmp) / "graph.onnx"
        source.write_bytes(graph)
        with _quiet_quantizer():
            calibrator = create_calibrator(
                source,
                ["MatMul"],
                augmented_model_path=str(Path(tmp) / "augmented.onnx"),
                calibrate_method=CalibrationMethod.MinMax,
            )
            calibrator.collect_data(Reader())
            data = calibrator.compute_data()
    ranges = {}
    for name in sorted(wanted):
        lo, hi = data[name].range_value
        ranges[name] = (float(np.asarray(lo).reshape(-1)[0]), float(np.asarray(hi).reshape(-1)[0]))
    return Int8(ranges, skip, per_token)


@contextlib.contextmanager
def _quiet_quantizer() -> Any:
    """ONNX Runtime's quantizer logs advice on the root logger (pre-processing, etc.) that is
    meant for whoever calls it by hand, not for a framelens user."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)
