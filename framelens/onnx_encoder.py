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
a digest of the weights and the library versions, so later processes only load it; when
the folder cannot be written the graph is exported again in each process, nothing fails.

``FRAMELENS_ENCODER_RUNTIME=torch`` keeps every pass in torch (the reference path, and
the one used when onnxruntime is not installed).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import io
import logging
import os
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from framelens.context import ModelKind, shared_model
from framelens.errors import ConfigError

log = logging.getLogger(__name__)

RUNTIME_VAR = "FRAMELENS_ENCODER_RUNTIME"
CACHE_VAR = "FRAMELENS_CACHE_DIR"
RUNTIMES = ("onnx", "torch")
#: bump when the exported graph changes shape (its inputs, outputs or wrapper)
GRAPH_VERSION = "3"
#: a cached graph no process loaded for this many days is removed when another is exported
STALE_DAYS = 30
#: texts per run (the measurement above: 8 beat 1, 4 and 16)
BATCH = 8
_OPSET = 17


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


def onnx_layers(bert: Any) -> OnnxLayers:
    """The ONNX Runtime twin of ``bert`` (a transformers BertModel in eval mode), once per process."""
    import torch

    # the word-embedding table is an input of the graph, not a copy inside it: the session
    # reads torch's own array (shared by the encoder and the tagger), and the graph is a third
    # of the size, 11.7M of MiniLM's 22.7M parameters being that table
    return shared_model(
        ModelKind.encoder,
        f"onnx-{id(bert)}",
        lambda: OnnxLayers(
            _graph(bert), torch.get_num_threads(), bert.embeddings.word_embeddings.weight.detach().numpy()
        ),
    )


def _digest(bert: Any) -> str:
    h = hashlib.blake2b(digest_size=16)
    for name in ("torch", "onnx", "onnxruntime", "transformers"):
        h.update(f"{name}={importlib.metadata.version(name)};".encode())
    h.update(f"graph={GRAPH_VERSION};layers={len(bert.encoder.layer)};".encode())
    for key, value in sorted(bert.state_dict().items()):
        if key == "embeddings.word_embeddings.weight":
            continue  # an input of the graph, not in it
        h.update(key.encode())
        h.update(value.detach().float().contiguous().numpy().tobytes())
    return h.hexdigest()


def _graph(bert: Any) -> bytes | str:
    """The exported graph: its path in the cache, or its bytes when the cache cannot be written."""
    path = cache_dir() / "onnx" / f"bert-{_digest(bert)}.onnx"
    if path.is_file():
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: kept by the pruning below
        return str(path)
    graph = _export(bert)
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
