"""Fine-tune the technique span tagger (``framelens.techniques.tagger``) on the PTC and package it.

Usage (from the repository root; about 7 minutes on 2 idle CPU cores)::

    python -m framelens.train.techniques_tagger --data ../shared/data/ptc \
        --out framelens/resources/techniques/tagger/

What it does, and why:

1. Holds back the same fixed fifth of the articles as the sparse model
   (``framelens.eval.splits.is_held_back``); the adapters and heads are fitted on the rest.
2. Cuts every article into the windows the tagger reads at run time (``tagger.windows``),
   tokenizes them as ``framelens.embed.word_pieces`` does, and labels each word piece 1
   when it overlaps a gold SI span.
3. Trains low-rank adapters (LoRA, rank ``--rank``) on every linear layer of the encoder's
   first ``--layers`` layers (the rest are dropped: see ``framelens.techniques.tagger``),
   with a span head (binary cross-entropy per piece) and a technique head (cross-entropy
   per gold TC line: mean of the span's piece states and of its window's) together; linear
   warm-up and decay, a fixed number of epochs (no early stopping on the held-back
   articles).  The adapter is written here by hand (a dozen lines): the ``peft`` library
   would add ``accelerate`` to the install for what is, at run time, one matrix product
   per layer, merged into the weights when the model loads.
4. Measures the activation ranges of the tagger's graph on a fixed sample of training
   windows (``CALIBRATION_WINDOWS``, drawn with the seed, each read alone so that no
   padding enters a range), for static int8 reading on ONNX Runtime
   (``framelens.onnx_encoder.Int8``).  ``--int8-only`` does this and the next step for the
   packaged adapters without training them again.
5. Chooses the decoding on the held-back articles through the packaged inference path,
   as the sparse model's settings were chosen: the weight of the tagger against the sparse
   model's token probability, the hysteresis thresholds (a span starts at a word at or
   above ``high`` and extends over neighbours at or above ``low``) and the gap, once for
   the best F1 and once for the readers (the most recall at precision >= 0.5), and the
   weight of the tagger's technique head against the sparse classifier's.
6. Writes ``weights.npz`` (adapters and heads in float16, as plain arrays) and
   ``model.json`` (labels, int8 ranges, decoding settings, the held-back scores at both
   operating points).

The tone head reads this tagger's encoder (``framelens.tone.encoder``) and records its
fingerprint: after packaging a new tagger (or recalibrating it with ``--int8-only``, which
changes what the encoder gives), retrain the tone head (``python -m framelens.train.tone``)
and refit the portrayal (``python -m framelens.train.portrayal``), in that order.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import logging
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from framelens.eval.propaganda import PTCArticle, merge_spans, read_ptc, si_score, tc_lines, tc_score
from framelens.eval.scores import PRF
from framelens.train.techniques import corpus_hash

log = logging.getLogger("framelens.train.techniques_tagger")

#: candidate decodings (tagger weight, high, low, gap); the readers' point is searched over
#: higher thresholds as well
WEIGHTS = (1.0, 0.8, 0.7, 0.6, 0.5)
HIGHS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85)
LOWS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)
GAPS = (1, 2)
TC_WEIGHTS = (1.0, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3)
LORA_ALPHA = 16.0
#: training windows whose activations fix the int8 scales (2,000 of about 12,000: the
#: ranges of the whole set are wider, set by a few outliers, and read the held-back articles
#: slightly worse: SI F1 0.417 against 0.420 before the decoding is chosen)
CALIBRATION_WINDOWS = 2000
#: the second feed-forward layer, which no fixed scale holds, read in int8 token by token
#: (``Int8.per_token``): held-back SI F1 0.427 against 0.421 in float32, TC 0.644 against
#: 0.640 (before the decoding was chosen again), the tagger's passes a quarter shorter
INT8_PER_TOKEN = True


@dataclasses.dataclass(frozen=True, slots=True)
class Row:
    """One window of a training article: its pieces, their offsets and labels."""

    article: int
    start: int
    end: int
    ids: list[int]
    offsets: np.ndarray
    special: np.ndarray
    inside: np.ndarray


def rows_of(articles: list[PTCArticle]) -> list[Row]:
    """The windows of every article as training rows (pieces labelled by the gold SI spans)."""
    from framelens.embed import word_pieces
    from framelens.techniques.tagger import windows

    rows: list[Row] = []
    for index, article in enumerate(articles):
        spans = windows(article.text)
        if not spans:
            continue
        gold = merge_spans(article.si)
        pieces = word_pieces([article.text[s:e] for s, e in spans])
        for k, (start, end) in enumerate(spans):
            offsets = np.asarray(pieces["offset_mapping"][k], dtype=np.int64).reshape(-1, 2) + start
            special = np.asarray(pieces["special_tokens_mask"][k], dtype=bool)
            inside = np.zeros(len(offsets), dtype=np.float32)
            for g_start, g_end in gold:
                inside[(offsets[:, 0] < g_end) & (g_start < offsets[:, 1]) & ~special] = 1.0
            rows.append(Row(index, start, end, list(pieces["input_ids"][k]), offsets, special, inside))
    return rows


def tc_items(articles: list[PTCArticle], rows: list[Row]) -> dict[int, list[tuple[int, int, str]]]:
    """Gold TC lines by the row (window) that holds most of each span."""
    by_article: dict[int, list[int]] = {}
    for k, row in enumerate(rows):
        by_article.setdefault(row.article, []).append(k)
    out: dict[int, list[tuple[int, int, str]]] = {}
    for index, article in enumerate(articles):
        for label, start, end in sorted(set(article.tc)):
            candidates = by_article.get(index, [])
            best = max(
                candidates, key=lambda k: min(end, rows[k].end) - max(start, rows[k].start), default=None
            )
            if best is not None and min(end, rows[best].end) > max(start, rows[best].start):
                out.setdefault(best, []).append((start, end, label))
    return out


def train_tagger(
    articles: list[PTCArticle],
    labels: list[str],
    epochs: int,
    rank: int,
    lr: float,
    seed: int,
    layers: int = 6,
    full: bool = False,
) -> dict[str, np.ndarray]:
    """Adapters (or, with ``full``, the layers themselves) and heads fitted on ``articles``, on
    the encoder's first ``layers`` layers, as the arrays ``SpanTagger`` reads."""
    import torch
    from torch import nn

    from framelens.embed import LORA_PREFIX
    from framelens.embed import _build as build_plain
    from framelens.techniques.tagger import PREFIX, REPLACED
    from framelens.train.lora import add_adapters

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    encoder = build_plain()
    bert: Any = encoder[0].auto_model
    bert.encoder.layer = bert.encoder.layer[:layers]
    bert.config.num_hidden_layers = layers
    rows = rows_of(articles)
    items = tc_items(articles, rows)
    log.info(
        "%d windows, %d pieces, %d technique lines",
        len(rows),
        sum(len(r.ids) for r in rows),
        sum(map(len, items.values())),
    )

    for p in bert.parameters():
        p.requires_grad = False
    if full:
        for p in bert.encoder.layer.parameters():
            p.requires_grad = True
    adapters = add_adapters(enumerate([] if full else bert.encoder.layer), rank, LORA_ALPHA / rank)
    dim = int(bert.config.hidden_size)
    si_head, tc_head, drop = nn.Linear(dim, 1), nn.Linear(2 * dim, len(labels)), nn.Dropout(0.1)
    label_index = {label: i for i, label in enumerate(labels)}
    tuned: list[Any] = (
        list(bert.encoder.layer.parameters()) if full else [p for a in adapters.values() for p in (a.A, a.B)]
    )
    optimiser = torch.optim.AdamW(
        [
            {"params": tuned, "lr": lr},
            {"params": [*si_head.parameters(), *tc_head.parameters()], "lr": 1e-3},
        ],
        weight_decay=0.01,
    )

    def batches(size: int = 32) -> list[np.ndarray]:
        # similar lengths together (padding), in random order
        noisy = np.array([len(r.ids) for r in rows]) + rng.uniform(0, 6, len(rows))
        order = np.argsort(noisy, kind="stable")
        chunks = [order[k : k + size] for k in range(0, len(order), size)]
        return [chunks[k] for k in rng.permutation(len(chunks))]

    steps = epochs * math.ceil(len(rows) / 32)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, step / 100) * max(0.0, 1 - step / steps)
    )
    pos_weight = torch.tensor(2.0)
    bert.train()
    for epoch in range(epochs):
        started, total = time.perf_counter(), 0.0
        for batch in batches():
            chosen = [rows[k] for k in batch]
            n = max(len(r.ids) for r in chosen)
            ids = torch.zeros(len(chosen), n, dtype=torch.long)
            mask = torch.zeros(len(chosen), n)
            target = torch.zeros(len(chosen), n)
            scored = torch.zeros(len(chosen), n)
            for i, r in enumerate(chosen):
                ids[i, : len(r.ids)] = torch.tensor(r.ids)
                mask[i, : len(r.ids)] = 1
                target[i, : len(r.ids)] = torch.from_numpy(r.inside)
                scored[i, : len(r.ids)] = torch.from_numpy((~r.special).astype(np.float32))
            states = bert(input_ids=ids, attention_mask=mask.long()).last_hidden_state
            logits = si_head(drop(states)).squeeze(-1)
            loss = (
                nn.functional.binary_cross_entropy_with_logits(
                    logits, target, reduction="none", pos_weight=pos_weight
                )
                * scored
            ).sum() / scored.sum()
            vectors, wanted = [], []
            for i, k in enumerate(batch):
                r = chosen[i]
                own = drop(states[i, : len(r.ids)])
                pooled = own.mean(0)
                for start, end, label in items.get(int(k), []):
                    sel = (r.offsets[:, 0] < end) & (start < r.offsets[:, 1]) & ~r.special
                    span = own[torch.from_numpy(sel)].mean(0) if sel.any() else pooled
                    vectors.append(torch.cat([span, pooled]))
                    wanted.append(label_index[label])
            if vectors:
                loss = loss + nn.functional.cross_entropy(
                    tc_head(torch.stack(vectors)), torch.tensor(wanted), label_smoothing=0.05
                )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
        log.info(
            "epoch %d: mean loss %.3f (%.0f s)",
            epoch + 1,
            total / max(1, math.ceil(len(rows) / 32)),
            time.perf_counter() - started,
        )
    arrays: dict[str, np.ndarray] = {
        PREFIX + "si_w": si_head.weight.detach().numpy().reshape(-1),
        PREFIX + "si_b": si_head.bias.detach().numpy().reshape(-1),
        PREFIX + "tc_w": tc_head.weight.detach().numpy(),
        PREFIX + "tc_b": tc_head.bias.detach().numpy(),
    }
    if full:
        for key, value in bert.state_dict().items():
            if key.startswith("encoder.layer."):
                arrays[REPLACED + key] = value.detach().numpy()
    for name, adapter in adapters.items():
        arrays[f"{PREFIX}{LORA_PREFIX}{name}.A"] = adapter.A.detach().numpy()
        arrays[f"{PREFIX}{LORA_PREFIX}{name}.B"] = adapter.B.detach().numpy()
    return arrays


# --- decoding, chosen on the held-back articles -------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Decoding:
    """How token probabilities become spans (see ``framelens.techniques.model.TechniqueModel``)."""

    weight: float
    high: float
    low: float
    gap: int

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def calibrate(tagger: Any, articles: list[PTCArticle], seed: int) -> dict[str, Any]:
    """The tagger graph's int8 ranges (``Int8.to_meta``) over ``CALIBRATION_WINDOWS`` windows
    of ``articles`` drawn with ``seed``."""
    from framelens.embed import word_pieces
    from framelens.onnx_encoder import calibrate_int8
    from framelens.techniques.tagger import windows

    texts = [a.text[s:e] for a in articles for s, e in windows(a.text)]
    chosen = np.random.default_rng(seed).permutation(len(texts))[:CALIBRATION_WINDOWS]
    pieces = word_pieces([texts[i] for i in sorted(chosen)])
    batches = ((np.asarray([ids], np.int64), np.ones((1, len(ids)), np.int64)) for ids in pieces["input_ids"])
    return calibrate_int8(tagger.bert.module, batches, per_token=INT8_PER_TOKEN).to_meta()


def choose_decoding(
    sparse: Any, tagger: Any, articles: list[PTCArticle]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The F1-best and the readers' decoding and the technique weight, with their held-back scores."""
    from framelens.techniques import parse_tokens, prepare
    from framelens.techniques.model import READERS_PRECISION, decode_spans

    views = [
        prepare(a.text, t) for a, t in zip(articles, parse_tokens([a.text for a in articles]), strict=True)
    ]
    readings = [tagger.read(a.text) for a in articles]
    tagged = [r.token_probs(v.tokens) for r, v in zip(readings, views, strict=True)]
    plain = [sparse.score_tokens(v).probs for v in views]
    gold = {a.id: list(a.si) for a in articles}

    def patterns(floor: float) -> dict[str, list[tuple[int, int]]]:
        return {
            a.id: [(m.start, m.end) for m in v.matches if sparse.pattern_precision(m.pattern) >= floor]
            for a, v in zip(articles, views, strict=True)
        }

    def search(
        highs: tuple[float, ...], lows: tuple[float, ...], shown: dict[str, list[tuple[int, int]]]
    ) -> list[tuple[Decoding, PRF]]:
        tried = []
        for weight in WEIGHTS:
            mixed = [weight * t + (1 - weight) * p for t, p in zip(tagged, plain, strict=True)]
            for high in highs:
                for low in (x for x in lows if x <= high):
                    for gap in GAPS:
                        predicted = {
                            a.id: [(s.start, s.end) for s in decode_spans(v, m, high, low, gap)] + shown[a.id]
                            for a, v, m in zip(articles, views, mixed, strict=True)
                        }
                        tried.append((Decoding(weight, high, low, gap), si_score(predicted, gold)))
        return tried

    floor = sparse.pattern_min_precision
    best = max(search(HIGHS[:6], LOWS, patterns(floor)), key=lambda t: t[1].f1)
    log.info("F1 point %s: %s", best[0], best[1])
    # readers see no pattern below the precision their spans are held to
    tried = search(HIGHS[3:], LOWS[2:], patterns(max(floor, READERS_PRECISION)))
    readers = max(
        (t for t in tried if t[1].precision >= READERS_PRECISION), key=lambda t: t[1].recall, default=None
    )
    if readers is None:
        readers = max(tried, key=lambda t: t[1].precision)
    log.info("readers' point %s: %s", readers[0], readers[1])
    tc_best: tuple[float, float] = (-1.0, 1.0)
    gold_tc = {a.id: list(a.tc) for a in articles}
    mixed_model = dataclasses.replace(sparse, tagger=tagger)
    for w in TC_WEIGHTS:
        predicted_tc = {}
        for a, v, r in zip(articles, views, readings, strict=True):
            spans = sorted({(s, e) for _, s, e in a.tc})
            ranked = {
                span: [label for label, _ in c.ranked]
                for span, c in zip(spans, mixed_model.classify(v, spans, r, weight=w), strict=True)
            }
            predicted_tc[a.id] = tc_lines(a, ranked)
        f1 = tc_score(predicted_tc, gold_tc).f1
        log.info("technique weight %.1f: held-back TC micro-F1 %.3f", w, f1)
        if f1 > tc_best[0]:
            tc_best = (f1, w)
    decode = {"f1": best[0].to_dict(), "readers": readers[0].to_dict(), "tc_weight": tc_best[1]}
    scores = {
        "si_f1_point": best[1].to_dict(),
        "si_readers_point": readers[1].to_dict(),
        "tc_micro_f1": round(tc_best[0], 4),
    }
    return decode, scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m framelens.train.techniques_tagger",
        description="Fine-tune the technique span tagger on the Propaganda Techniques Corpus.",
    )
    parser.add_argument(
        "--data", type=Path, required=True, help="the PTC folder (articles/, labels-si/, labels-tc/)"
    )
    parser.add_argument("--out", type=Path, required=True, help="where to write model.json and weights.npz")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--rank", type=int, default=16, help="rank of the adapters")
    parser.add_argument("--lr", type=float, default=8e-4, help="learning rate of the adapters")
    parser.add_argument("--layers", type=int, default=3, help="the encoder's first LAYERS layers (of 6)")
    parser.add_argument(
        "--full", action="store_true", help="fine-tune those layers themselves instead of adapters"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    parser.add_argument(
        "--int8-only",
        action="store_true",
        help="keep the tagger in --out; measure its int8 ranges and choose its decoding again",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    import torch

    from framelens.errors import FramelensError

    torch.set_num_threads(args.threads)
    try:
        training = read_ptc(args.data, split="training")
        held = read_ptc(args.data, split="heldback")
    except FramelensError as exc:
        print(f"framelens: {exc}", file=sys.stderr)
        return 2
    if args.int8_only:
        return _int8_only(args.out, training, held, args.seed)
    labels = sorted({t for a in training for t, _, _ in a.tc})
    started = time.perf_counter()
    arrays = train_tagger(
        training, labels, args.epochs, args.rank, args.lr, args.seed, args.layers, args.full
    )
    trained_s = time.perf_counter() - started
    digest = corpus_hash(training)
    meta: dict[str, Any] = {
        "kind": "lora-minilm-tagger",
        "description": f"all-MiniLM-L6-v2 with rank-{args.rank} adapters on every linear layer, a span "
        "head and a technique head (framelens.techniques.tagger)",
        "labels": labels,
        "lora_scale": LORA_ALPHA / args.rank,
        "layers": args.layers,
        "training": {
            "articles": len(training),
            "corpus": "PTC v2, SemEval-2020 Task 11 training articles (outside the held-back fifth)",
            "data_sha256": digest,
            "epochs": args.epochs,
            "rank": None if args.full else args.rank,
            "tuning": "full" if args.full else "lora",
            "lr": args.lr,
            "seed": args.seed,
            "seconds": round(trained_s),
            "command": "python -m framelens.train.techniques_tagger " + " ".join(argv or sys.argv[1:]),
        },
    }
    stored = {
        k: (
            v.astype(np.float16)
            if k.endswith((".A", ".B", "tc_w", "si_w", "weight"))
            else v.astype(np.float32)
        )
        for k, v in arrays.items()
    }
    meta["fingerprint"] = hashlib.sha256(
        b"".join(k.encode() + np.ascontiguousarray(v).tobytes() for k, v in sorted(stored.items()))
    ).hexdigest()
    _calibrate_decode_write(args.out, stored, meta, training, held, args.seed)
    return 0


def _calibrate_decode_write(
    out: Path,
    stored: dict[str, np.ndarray],
    meta: dict[str, Any],
    training: list[PTCArticle],
    held: list[PTCArticle],
    seed: int,
) -> None:
    """Measure the int8 ranges of the tagger of ``stored`` on ``training``, choose its decoding
    on ``held`` through exactly what ships (the float16 arrays, read back, in int8), and write
    the model to ``out``."""
    from framelens.model_files import write_model_files
    from framelens.techniques import load_technique_model
    from framelens.techniques.tagger import SpanTagger

    arrays = {k: np.asarray(v, np.float32) for k, v in stored.items()}
    meta["int8"] = calibrate(SpanTagger(arrays, {**meta, "int8": None}, meta["labels"]), training, seed)
    tagger = SpanTagger(arrays, meta, meta["labels"])
    decode, scores = choose_decoding(load_technique_model(), tagger, held)
    meta["decode"] = decode
    meta["held_back"] = {
        "rule": "sha256(article id) % 5 == 0 (framelens.eval.splits.is_held_back)",
        "articles": len(held),
        "scores": scores,
        "note": "decoding settings and the technique weight were chosen on these articles",
    }
    write_model_files(out, stored, meta)
    log.info("wrote %s: %s", out, scores)


def _int8_only(out: Path, training: list[PTCArticle], held: list[PTCArticle], seed: int) -> int:
    """Calibrate and decode the tagger already in ``out`` again (its adapters unchanged)."""
    from framelens.model_files import read_model_files

    files = read_model_files("technique tagger", "techniques/tagger", out, "", lambda f: f)
    meta = dict(files.meta)
    meta["training"] = {
        **meta.get("training", {}),
        "int8_command": "python -m framelens.train.techniques_tagger " + " ".join(sys.argv[1:]),
    }
    _calibrate_decode_write(out, dict(files.arrays), meta, training, held, seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
