"""Fine-tune the encoder's top layers with the tone head (``python -m framelens.train.tone --tune-layers K``).

The frozen head reads token vectors the encoder computed for general sentence similarity;
the published state of the art on NewsMTSC fine-tunes the whole encoder.  On two CPU cores
the whole of MiniLM is too slow to train and too large to ship, so only its top K layers
are trained, with the attention head (``framelens.tone.model``) on top: the lower 6 - K
layers run once per sentence, their output is kept, and each training step runs the K
trained layers, the pooling and the head.  Selection is on the held-back part of
``train.jsonl`` (the same sentences as the frozen head's), never on the dev files.
"""

from __future__ import annotations

import copy
import logging
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from framelens.embed import LORA_PREFIX, padded_batch, word_pieces
from framelens.eval.newsmtsc import read_newsmtsc
from framelens.tone.encoder import TUNED_PREFIX
from framelens.tone.features import (
    FeatureSpec,
    distance_buckets,
    lexicon_features,
    sentence_info,
    target_range,
)
from framelens.tone.model import LABELS

log = logging.getLogger("framelens.train.tone")

#: the encoder's layers (all-MiniLM-L6-v2)
ENCODER_LAYERS = 6
#: an adapter's update is scaled by LORA_ALPHA / rank (2.0 at rank 16)
LORA_ALPHA = 32.0


@dataclass
class Prepared:
    """One split: each sentence's hidden states below the trained layers, which of its word
    pieces are text (not [CLS]/[SEP]), and one row per target."""

    hidden: list[Any]
    keep: list[Any]
    #: (sentence index, first piece, end piece, label index, lexicon block) per target
    rows: list[tuple[int, int, int, int, np.ndarray]]

    @property
    def y(self) -> np.ndarray:
        return np.array([r[3] for r in self.rows], dtype=np.int64)


def prepare(path: Any, encoder: Any, below: int, spec: FeatureSpec) -> Prepared:
    """Tokenize as ``framelens.embed.encode_tokens`` does (``word_pieces``) and keep the output of
    layer ``below``."""
    import torch

    dataset = read_newsmtsc(path)
    texts = [s.text for s in dataset.sentences]
    bert = encoder[0].auto_model
    pieces = word_pieces(texts)
    hidden: list[Any] = [None] * len(texts)
    order = np.argsort([-len(ids) for ids in pieces["input_ids"]], kind="stable")
    with torch.inference_mode():
        for at in range(0, len(texts), 64):
            batch = order[at : at + 64]
            states = bert(**padded_batch(pieces, batch), output_hidden_states=True).hidden_states[below]
            for row, i in enumerate(batch):
                hidden[i] = states[row, : len(pieces["input_ids"][i])].clone().half()
    keep = [torch.from_numpy(~np.asarray(m, dtype=bool)) for m in pieces["special_tokens_mask"]]
    rows = []
    for i, sentence in enumerate(dataset.sentences):
        info = sentence_info(sentence.text)
        offsets = np.asarray(pieces["offset_mapping"][i], np.int32)[keep[i].numpy()].reshape(-1, 2)
        for t in sentence.targets:
            lo, hi = target_range(offsets, t.start, t.end)
            rows.append((i, lo, hi, LABELS.index(t.label), lexicon_features(info, t.start, t.end, spec)))
    return Prepared(hidden, keep, rows)


def train_tuned(
    encoder: Any,
    splits: dict[str, Any],
    fit: np.ndarray,
    hold: np.ndarray,
    spec: FeatureSpec,
    seed: int,
    epochs: int,
    layers: int,
    lr: float = 3e-5,
    width: int = 128,
    dropout: float = 0.3,
    lora_rank: int = 0,
) -> tuple[float, dict[str, np.ndarray], dict[str, Any]]:
    """The top ``layers`` layers and one attention head, trained together, early-stopped on
    held-back F1m; returns (F1m, arrays in ``ToneModel``'s layout with the tuned layers, params).

    With ``lora_rank`` the layers stay frozen and rank-``lora_rank`` adapters on each of their
    linear layers are trained instead (``lora.<layer>.<module path>.A`` / ``.B`` arrays, merged
    at run time by ``framelens.embed.tuned_bert``)."""
    import torch
    from torch import nn

    from framelens.train.lora import add_adapters
    from framelens.train.tone import HEAD_ARRAYS, attention_head, macro_f1

    torch.manual_seed(seed)
    below = ENCODER_LAYERS - layers
    bert = encoder[0].auto_model
    train: Prepared = splits["train"]
    lex = np.stack([r[4] for r in train.rows])
    lex_mean, lex_scale = lex[fit].mean(axis=0), lex[fit].std(axis=0) + 1e-6
    dim, n_buckets = int(bert.config.hidden_size), 2 * spec.buckets + 1

    adapters: dict[str, Any] = {}

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = nn.ModuleList(
                [copy.deepcopy(bert.encoder.layer[i]) for i in range(below, ENCODER_LAYERS)]
            )
            if lora_rank:
                for p in self.layers.parameters():
                    p.requires_grad = False
                adapters.update(
                    add_adapters(enumerate(self.layers, start=below), lora_rank, LORA_ALPHA / lora_rank)
                )
            self.head = attention_head(dim, width, n_buckets, dropout)

        def encode(self, states: list[Any]) -> tuple[Any, Any]:
            # the trained layers on padded states, then the encoder's own pooling: mean over
            # the pieces (special ones included) and unit length, as sentence-transformers does
            n = max(len(s) for s in states)
            x = torch.zeros(len(states), n, dim)
            mask = torch.zeros(len(states), n)
            for r, s in enumerate(states):
                x[r, : len(s)] = s.float()
                mask[r, : len(s)] = 1
            additive = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
            for layer in self.layers:
                x = layer(x, attention_mask=additive)
                x = x[0] if isinstance(x, tuple) else x
            sentence = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            return x, nn.functional.normalize(sentence, dim=-1)

        def forward(self, tok: Any, buckets: Any, mask: Any, sent: Any, lexicon: Any) -> Any:
            return self.head(tok, buckets, mask, sent, lexicon)

    def logits(net: Net, split: Prepared, index: np.ndarray) -> Any:
        sentences = sorted({split.rows[j][0] for j in index})
        where = {s: k for k, s in enumerate(sentences)}
        states, pooled = net.encode([split.hidden[s] for s in sentences])
        texts = [states[where[s], : len(split.keep[s])][split.keep[s]] for s in sentences]
        n = max(max(len(t) for t in texts), 1)
        tok = torch.zeros(len(index), n, dim)
        buckets = torch.zeros(len(index), n, dtype=torch.long)
        mask = torch.zeros(len(index), n, dtype=torch.bool)
        for k, j in enumerate(index):
            s, lo, hi = split.rows[j][:3]
            t = texts[where[s]]
            tok[k, : len(t)] = t
            mask[k, : len(t)] = True
            buckets[k, : len(t)] = torch.from_numpy(distance_buckets(len(t), lo, hi, spec.buckets))
        sent = pooled[[where[split.rows[j][0]] for j in index]]
        lexicon = torch.from_numpy(
            ((np.stack([split.rows[j][4] for j in index]) - lex_mean) / lex_scale).astype(np.float32)
        )
        return net(tok, buckets, mask, sent, lexicon)

    def probabilities(net: Net, split: Prepared, index: np.ndarray) -> np.ndarray:
        net.eval()
        with torch.no_grad():
            return np.concatenate(
                [
                    logits(net, split, index[k : k + 128]).softmax(-1).numpy()
                    for k in range(0, len(index), 128)
                ]
            )

    lengths = np.array([len(train.hidden[r[0]]) for r in train.rows])
    net = Net()
    tuned = [p for p in net.layers.parameters() if p.requires_grad]
    head = list(net.head.parameters())
    optimiser = torch.optim.AdamW(
        [{"params": tuned, "lr": lr}, {"params": head, "lr": 1e-3}], weight_decay=1e-4
    )
    rng = np.random.default_rng(seed)
    y = torch.from_numpy(train.y)
    best_f1, best_epoch, best_state = -1.0, 0, {}
    for epoch in range(epochs):
        started = time.perf_counter()
        net.train()
        for index in _batches(fit, lengths, rng):
            loss = nn.functional.cross_entropy(logits(net, train, index), y[index], label_smoothing=0.05)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        f1m = macro_f1(train.y[hold], probabilities(net, train, hold).argmax(1))
        log.info(
            "tuned %d layers, epoch %d (%.0f s): held-back F1m %.3f",
            layers,
            epoch + 1,
            time.perf_counter() - started,
            f1m,
        )
        if f1m > best_f1:
            best_f1, best_epoch = f1m, epoch + 1
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
    # one member: the head's arrays carry a leading member axis of 1
    arrays = {
        ours: best_state[f"head.{theirs}"].numpy()[None].astype(np.float32)
        for ours, theirs in HEAD_ARRAYS.items()
    }
    arrays["lex_mean"] = lex_mean.astype(np.float32)
    arrays["lex_scale"] = lex_scale.astype(np.float32)
    if lora_rank:
        for name, adapter in adapters.items():
            for part in ("A", "B"):
                key = next(k for k, v in net.named_parameters() if v is getattr(adapter, part))
                arrays[f"{LORA_PREFIX}{name}.{part}"] = best_state[key].numpy().astype(np.float32)
    else:
        for key, value in best_state.items():
            if key.startswith("layers."):
                _, number, rest = key.split(".", 2)
                arrays[f"{TUNED_PREFIX}{below + int(number)}.{rest}"] = value.numpy().astype(np.float32)
    params = {
        "width": width,
        "dropout": dropout,
        "epochs": epochs,
        "members": 1,
        "best_epochs": [best_epoch],
        "tuned_layers": layers,
        "tuned_lr": lr,
        **({"lora_rank": lora_rank, "lora_scale": LORA_ALPHA / lora_rank} if lora_rank else {}),
    }
    return best_f1, arrays, params


def _batches(
    rows: np.ndarray, lengths: np.ndarray, rng: np.random.Generator, size: int = 32
) -> list[np.ndarray]:
    """Batches of rows of similar sentence length, in random order: the trained layers run on
    padded batches, and random batches would pad to twice the mean length."""
    noisy = lengths[rows] + rng.uniform(0, 8, len(rows))
    ordered = rows[np.argsort(noisy, kind="stable")]
    batches = [ordered[k : k + size] for k in range(0, len(ordered), size)]
    return [batches[k] for k in rng.permutation(len(batches))]
