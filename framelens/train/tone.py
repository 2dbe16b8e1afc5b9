"""Train the tone head on NewsMTSC and write the packaged weights.

Usage (from the repository root; about 5 minutes on 2 CPU cores)::

    python -m framelens.train.tone --data ../shared/data/newsmtsc --out framelens/resources/tone/

What it does, and why:

1. Encodes every sentence of ``train.jsonl``, ``dev_rw.jsonl`` and ``dev_mt.jsonl`` once with
   the encoder the head will read (``--encoder``: ``tagger``, the default, is the technique
   tagger's encoder read as the tone stage reads it, in int8 on ONNX Runtime; ``plain`` is
   the packaged MiniLM, in float32) and caches the token vectors (``--cache``, default a
   folder under the system temp dir keyed by the data's hash and the encoder), so reruns
   skip the slow part.
2. Holds back 15% of the *training sentences* (all targets of a sentence on one side)
   for model selection; the dev files are never trained on or selected on.
3. Trains the candidate heads: logistic regression over pooled blocks at a few
   regularisation strengths, and the target-dependent attention head (early-stopped
   on the held-back part).  Keeps the one with the best held-back macro-F1.
4. Writes ``weights.npz`` (plain arrays) and ``model.json`` (head kind, label order,
   feature spec, training data hash, held-back and dev scores), then re-scores the dev
   files through the numpy inference path, so the numbers in ``model.json`` are those
   of the shipped weights.
5. On the plain encoder: measures its int8 activation ranges on ``CALIBRATION_SENTENCES``
   training sentences (``framelens.onnx_encoder.calibrate_int8``), stores them in
   ``model.json`` and scores the dev files again as the tone stage will read them, in int8
   (the float32 scores stay under ``scores.float32``).  On the tagger's encoder, which ships
   its own ranges, only the scoring.  ``--int8-only`` does this step alone on the model in
   ``--out``.

Seeds are fixed (``--seed``); torch on CPU may still differ in the last bits across
thread counts, which can move a score by a few tenths.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from framelens.embed import MODEL_NAME, Bert, TokenEncoding, encode_tokens, word_pieces
from framelens.eval.newsmtsc import LABELS, Sentence, read_newsmtsc, score
from framelens.model_files import WEIGHTS_FILE, write_model_files
from framelens.onnx_encoder import Int8
from framelens.tone.features import (
    LEXICON_SIZE,
    FeatureSpec,
    SentenceInfo,
    distance_buckets,
    lexicon_features,
    pooled_features,
    sentence_info,
    target_range,
)
from framelens.tone.model import ToneModel

log = logging.getLogger("framelens.train.tone")

SPLITS = ("train", "dev_rw", "dev_mt")
#: training sentences the encoder's int8 activation ranges are measured on (drawn with the seed)
CALIBRATION_SENTENCES = 2000
#: the encoder's products left in float32 (``framelens.onnx_encoder.Int8.skip``).  Measured
#: (quantizing all but the second feed-forward layer, as the tagger does, cost dev_mt 0.6
#: points of F1m; leaving the attention output in float32 gave dev_rw and dev_mt unchanged
#: within 0.1 and keeps most of the speed: the encoder's passes a quarter shorter, against a
#: third with everything quantized and an eighth with the first feed-forward layer left)
INT8_SKIP = ("attention/output",)
#: the products left out of the fixed scales read per token in int8 (``Int8.per_token``):
#: measured on the dev files, 73.5 / 73.4 F1m against 73.9 / 73.2 with them in float32, and
#: the encoder's passes a quarter shorter again
INT8_PER_TOKEN = True
LINEAR_C = (0.001, 0.003, 0.01)


@dataclass
class Split:
    """One split: its sentences, their encodings and lexicon info, and a row per target."""

    sentences: tuple[Sentence, ...]
    encodings: list[TokenEncoding]
    infos: list[SentenceInfo]
    #: (sentence index, start, end, label index) per target
    rows: list[tuple[int, int, int, int]]

    @property
    def y(self) -> np.ndarray:
        return np.array([r[3] for r in self.rows], dtype=np.int64)


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Reader:
    """The encoder a head is trained on: its transformer, its int8 scales (None: float32),
    what ``model.json`` records of it, and the cache key of its encodings."""

    bert: Bert | None
    int8: Int8 | None
    meta: dict[str, Any]
    key: str


def reader(name: str) -> Reader:
    """``--encoder``'s reader: "tagger" (the packaged technique tagger's encoder, in int8 on
    ONNX Runtime, as the tone stage reads it) or "plain" (the packaged MiniLM, float32)."""
    if name == "plain":
        return Reader(None, None, {"encoder": MODEL_NAME}, "plain")
    from framelens.techniques import load_technique_model
    from framelens.tone.encoder import TAGGER_ENCODER, tagger_identity

    tagger = load_technique_model().tagger
    if tagger is None:
        raise SystemExit("the packaged technique model has no tagger; train it first or use --encoder plain")
    identity = tagger_identity(tagger)
    return Reader(
        tagger.bert,
        tagger.int8,
        {"encoder": TAGGER_ENCODER, "tagger": identity},
        f"tagger-{identity['fingerprint'][:12]}-{identity['int8'][:8]}",
    )


def _encode_cached(
    name: str, texts: Sequence[str], digest: str, cache: Path, read: Reader | None = None
) -> list[TokenEncoding]:
    read = read or reader("plain")
    suffix = "" if read.key == "plain" else f"-{read.key}"  # plain: the caches of earlier runs
    path = cache / f"{name}-{digest[:16]}{suffix}.npz"
    if path.is_file():
        with np.load(path, allow_pickle=False) as z:
            sent, tok, off, lens = z["sent"], z["tok"].astype(np.float32), z["off"], z["lens"]
        if len(lens) == len(texts):
            bounds = np.concatenate([[0], np.cumsum(lens)])
            log.info("%s: %d encodings from %s", name, len(texts), path)
            return [
                TokenEncoding(sent[i], tok[bounds[i] : bounds[i + 1]], off[bounds[i] : bounds[i + 1]])
                for i in range(len(texts))
            ]
    started = time.perf_counter()
    encodings = encode_tokens(texts, bert=read.bert, int8=read.int8)
    log.info("%s: encoded %d sentences in %.0fs", name, len(texts), time.perf_counter() - started)
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(
        path,
        sent=np.stack([e.sentence for e in encodings]),
        tok=np.concatenate([e.tokens for e in encodings]).astype(np.float16),
        off=np.concatenate([e.offsets for e in encodings]),
        lens=np.array([len(e.tokens) for e in encodings]),
    )
    # Train on what the cache holds (token vectors rounded to float16) whether or not it
    # existed before, so a first run and a rerun train on the same numbers.
    return _encode_cached(name, texts, digest, cache, read)


def load_split(data: Path, name: str, cache: Path, read: Reader | None = None) -> tuple[Split, str]:
    file = data / f"{name}.jsonl"
    dataset = read_newsmtsc(file)
    if dataset.skipped_lines or dataset.skipped_targets:
        log.warning("%s: skipped %d lines, %d targets", file, dataset.skipped_lines, dataset.skipped_targets)
    digest = _hash(file)
    texts = [s.text for s in dataset.sentences]
    return _split(dataset.sentences, _encode_cached(name, texts, digest, cache, read)), digest


def _split(sentences: tuple[Sentence, ...], encodings: list[TokenEncoding]) -> Split:
    rows = [(i, t.start, t.end, LABELS.index(t.label)) for i, s in enumerate(sentences) for t in s.targets]
    return Split(sentences, encodings, [sentence_info(s.text) for s in sentences], rows)


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    return score([LABELS[i] for i in y], [LABELS[i] for i in pred]).f1_macro


# --- linear head -----------------------------------------------------------------------


def _pooled(split: Split, spec: FeatureSpec) -> np.ndarray:
    return np.stack(
        [pooled_features(split.encodings[i], split.infos[i], s, e, spec) for i, s, e, _ in split.rows]
    )


def train_linear(
    train: Split, fit: np.ndarray, hold: np.ndarray, spec: FeatureSpec, seed: int
) -> tuple[float, dict[str, np.ndarray], dict[str, Any]]:
    """Logistic regression at each of LINEAR_C; the best by held-back macro-F1."""
    from sklearn.linear_model import LogisticRegression

    x, y = _pooled(train, spec), train.y
    mean, scale = x[fit].mean(axis=0), x[fit].std(axis=0) + 1e-6
    z = (x - mean) / scale
    best: tuple[float, dict[str, np.ndarray], dict[str, Any]] = (-1.0, {}, {})
    for c in LINEAR_C:
        clf = LogisticRegression(C=c, max_iter=3000, random_state=seed).fit(z[fit], y[fit])
        f1m = macro_f1(y[hold], clf.predict(z[hold]))
        log.info("linear C=%g: held-back F1m %.3f", c, f1m)
        if f1m > best[0]:
            arrays = {"mean": mean, "scale": scale, "coef": clf.coef_, "intercept": clf.intercept_}
            best = (f1m, arrays, {"C": c})
    return best


# --- attention head --------------------------------------------------------------------

#: the head's arrays in ``framelens.tone.model``'s layout -> the torch module's parameters
HEAD_ARRAYS = {
    "proj_w": "proj.weight",
    "proj_b": "proj.bias",
    "dist": "dist.weight",
    "query_w": "query.weight",
    "score_v": "score.weight",
    "sent_w": "sent.weight",
    "sent_b": "sent.bias",
    "hidden_w": "hidden.weight",
    "hidden_b": "hidden.bias",
    "out_w": "out.weight",
    "out_b": "out.bias",
}


def attention_head(dim: int, width: int, n_buckets: int, dropout: float) -> Any:
    """The attention head as a torch module, for training (``ToneModel`` replays it in numpy):
    forward(token vectors, distance buckets, mask, sentence vector, lexicon block) -> logits."""
    import torch
    from torch import nn

    class Head(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.proj = nn.Linear(dim, width)
            self.dist = nn.Embedding(n_buckets, width)
            self.query = nn.Linear(dim, width, bias=False)
            self.score = nn.Linear(width, 1, bias=False)
            self.sent = nn.Linear(dim, width)
            self.hidden = nn.Linear(3 * width + LEXICON_SIZE, width)
            self.out = nn.Linear(width, len(LABELS))
            self.drop = nn.Dropout(dropout)

        def forward(self, tok: Any, buckets: Any, mask: Any, sent: Any, lexicon: Any) -> Any:
            tok = self.drop(tok)
            inside = (buckets == 0) & mask
            target = (tok * inside[..., None]).sum(1) / inside.sum(1, keepdim=True).clamp(min=1)
            hidden = self.proj(tok) + self.dist(buckets)
            scores = self.score(torch.tanh(hidden + self.query(target)[:, None])).squeeze(-1)
            weights = scores.masked_fill(~mask, -1e9).softmax(-1)
            context = (weights[..., None] * hidden).sum(1)
            z = torch.cat([context, self.proj(target), self.sent(self.drop(sent)), lexicon], -1)
            z = self.drop(torch.relu(z))
            return self.out(self.drop(torch.relu(self.hidden(z))))

    return Head()


def train_attention(
    train: Split,
    fit: np.ndarray,
    hold: np.ndarray,
    spec: FeatureSpec,
    seed: int,
    epochs: int,
    ensemble: int = 3,
    width: int = 128,
    dropout: float = 0.3,
) -> tuple[float, dict[str, np.ndarray], dict[str, Any]]:
    """An ensemble of attention heads (see ``framelens.tone.model``), each early-stopped on held-back F1m."""
    import torch
    from torch import nn

    lex = np.stack([lexicon_features(train.infos[i], s, e, spec) for i, s, e, _ in train.rows])
    lex_mean, lex_scale = lex[fit].mean(axis=0), lex[fit].std(axis=0) + 1e-6
    spans = [target_range(train.encodings[i].offsets, s, e) for i, s, e, _ in train.rows]
    y = train.y
    dim = train.encodings[0].tokens.shape[1]
    n_buckets = 2 * spec.buckets + 1

    lex_std = (lex - lex_mean) / lex_scale

    def batch(index: np.ndarray) -> tuple[Any, ...]:
        encs = [train.encodings[train.rows[j][0]] for j in index]
        n = max(max(len(e.tokens) for e in encs), 1)
        tok = np.zeros((len(index), n, dim), np.float32)
        buckets = np.zeros((len(index), n), np.int64)
        mask = np.zeros((len(index), n), bool)
        for k, (j, enc) in enumerate(zip(index, encs, strict=True)):
            length = len(enc.tokens)
            tok[k, :length] = enc.tokens
            buckets[k, :length] = distance_buckets(length, spans[j][0], spans[j][1], spec.buckets)
            mask[k, :length] = True
        return (
            torch.from_numpy(tok),
            torch.from_numpy(buckets),
            torch.from_numpy(mask),
            torch.from_numpy(np.stack([e.sentence for e in encs]).astype(np.float32)),
            torch.from_numpy(lex_std[index].astype(np.float32)),
        )

    def probabilities(model: Any, index: np.ndarray) -> np.ndarray:
        model.eval()
        out = []
        with torch.no_grad():
            for k in range(0, len(index), 256):
                out.append(model(*batch(index[k : k + 256])).softmax(-1).numpy())
        return np.concatenate(out)

    def train_member(member_seed: int) -> tuple[dict[str, Any], np.ndarray, int]:
        torch.manual_seed(member_seed)
        model = attention_head(dim, width, n_buckets, dropout)
        optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
        rng = np.random.default_rng(member_seed)
        labels = torch.from_numpy(y)
        best_f1, best_epoch = -1.0, 0
        best_state: dict[str, Any] = {}
        best_probs = np.zeros((len(hold), len(LABELS)), np.float32)
        for epoch in range(epochs):
            model.train()
            order = fit[rng.permutation(len(fit))]
            for k in range(0, len(order), 32):
                index = order[k : k + 32]
                logits = model(*batch(index))
                loss = nn.functional.cross_entropy(logits, labels[index], label_smoothing=0.05)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
            probs = probabilities(model, hold)
            f1m = macro_f1(y[hold], probs.argmax(1))
            log.info("attention seed %d epoch %d: held-back F1m %.3f", member_seed, epoch + 1, f1m)
            if f1m > best_f1:
                best_f1, best_epoch, best_probs = f1m, epoch + 1, probs
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        return best_state, best_probs, best_epoch

    members = [train_member(seed + k) for k in range(ensemble)]
    # Members differ only in their seed; averaging their probabilities removes most of the
    # seed-to-seed spread (about 1.5 F1m points for one member).
    ensemble_probs = np.mean([m[1] for m in members], axis=0)
    f1m = macro_f1(y[hold], ensemble_probs.argmax(1))
    log.info("attention ensemble of %d: held-back F1m %.3f", ensemble, f1m)
    arrays = {
        ours: np.stack([m[0][theirs].numpy() for m in members]).astype(np.float32)
        for ours, theirs in HEAD_ARRAYS.items()
    }
    arrays["lex_mean"] = lex_mean.astype(np.float32)
    arrays["lex_scale"] = lex_scale.astype(np.float32)
    params = {
        "width": width,
        "dropout": dropout,
        "epochs": epochs,
        "members": ensemble,
        "best_epochs": [m[2] for m in members],
    }
    return f1m, arrays, params


# --- evaluation and output -------------------------------------------------------------


def evaluate(model: ToneModel, split: Split) -> dict[str, float]:
    """Scores of the shipped (numpy) inference path on a split."""
    pred: list[str] = []
    for i, (sentence, encoding, info) in enumerate(
        zip(split.sentences, split.encodings, split.infos, strict=True)
    ):
        spans = [(s, e) for j, s, e, _ in split.rows if j == i]
        if not spans:
            continue
        probs = model.predict(encoding, info, spans)
        pred.extend(model.labels[int(k)] for k in probs.argmax(axis=1))
        assert len(spans) == len(sentence.targets)
    gold = [LABELS[r[3]] for r in split.rows]
    s = score(gold, pred)
    return {"f1_macro": round(s.f1_macro, 4), "accuracy": round(s.accuracy, 4), "targets": s.n}


def calibrate(model: ToneModel, sentences: Sequence[Sentence], seed: int) -> Int8:
    """The int8 activation ranges of ``model``'s encoder over ``CALIBRATION_SENTENCES``
    training sentences drawn with ``seed``, each read alone (no padding enters a range)."""
    from framelens.onnx_encoder import calibrate_int8
    from framelens.tone.encoder import tone_encoder

    chosen = np.random.default_rng(seed).permutation(len(sentences))[:CALIBRATION_SENTENCES]
    pieces = word_pieces([sentences[i].text for i in sorted(chosen)])
    batches = ((np.asarray([ids], np.int64), np.ones((1, len(ids)), np.int64)) for ids in pieces["input_ids"])
    return calibrate_int8(tone_encoder(model).module, batches, INT8_SKIP, INT8_PER_TOKEN)


def add_int8(out: Path, data: Path, seed: int) -> dict[str, Any]:
    """Calibrate the model in ``out`` for int8 and score the dev files as the tone stage reads
    them then (fresh int8 encodings, not the training cache); returns the new ``model.json``."""
    from framelens.tone.encoder import reads_tagger

    model = ToneModel.load(out)
    if reads_tagger(model):
        return _rescore_on_tagger(out, data, model)
    started = time.perf_counter()
    int8 = calibrate(model, read_newsmtsc(data / "train.jsonl").sentences, seed)
    log.info("int8: %d activation ranges in %.0fs", len(int8.ranges), time.perf_counter() - started)
    meta = {k: v for k, v in model.meta.items() if k != "kind"}
    scores = meta.setdefault("scores", {})
    # the head's float32 scores, as training measured them: a model calibrated before (another
    # --int8-only run) already keeps them here, and its dev scores are int8 ones
    scores.setdefault(
        "float32", {name: scores[name]["f1_macro"] for name in ("dev_rw", "dev_mt") if name in scores}
    )
    meta["int8"] = {
        **int8.to_meta(),
        "calibration": {"file": "train.jsonl", "sentences": CALIBRATION_SENTENCES, "seed": seed},
    }
    model = replace(model, meta={"kind": model.kind, **meta})  # reads in int8 from here on
    scores.update(_dev_scores(model, data, model.int8))
    write_model(out, model.kind, model.arrays, meta)
    return meta


def _dev_scores(model: ToneModel, data: Path, int8: Int8 | None) -> dict[str, dict[str, Any]]:
    """The scores of ``model`` on each dev file, its sentences encoded afresh (not the training
    cache) by the model's encoder at ``int8``'s scales (None: float32), with the file's hash."""
    from framelens.tone.encoder import tone_encoder

    out = {}
    for name in ("dev_rw", "dev_mt"):
        file = data / f"{name}.jsonl"
        sentences = read_newsmtsc(file).sentences
        encodings = encode_tokens([x.text for x in sentences], bert=tone_encoder(model), int8=int8)
        out[name] = {**evaluate(model, _split(sentences, encodings)), "sha256": _hash(file)}
    return out


def _rescore_on_tagger(out: Path, data: Path, model: ToneModel) -> dict[str, Any]:
    """The dev scores of a head on the technique tagger's encoder, as the tone stage reads them
    (the tagger's own int8 scales, fresh encodings) and in float32 (``scores.float32``)."""
    from framelens.tone.encoder import tone_int8

    meta = {k: v for k, v in model.meta.items() if k != "kind"}
    scores = meta.setdefault("scores", {})
    scores.update(_dev_scores(model, data, tone_int8(model)))
    scores["float32"] = {name: s["f1_macro"] for name, s in _dev_scores(model, data, None).items()}
    write_model(out, model.kind, model.arrays, meta)
    return meta


def write_model(out: Path, kind: str, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    # float16 halves the file; the scores in model.json are measured after this rounding.
    plain: dict[str, Any] = {
        k: np.asarray(v, np.float16 if np.asarray(v).size >= 4096 else np.float32) for k, v in arrays.items()
    }
    write_model_files(out, plain, {"kind": kind, **meta})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m framelens.train.tone", description="Train the tone head on NewsMTSC."
    )
    parser.add_argument("--data", type=Path, required=True, help="folder with train/dev_rw/dev_mt.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="where weights.npz and model.json go")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "framelens-tone-cache")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--ensemble", type=int, default=3, help="attention heads averaged (one per seed)")
    parser.add_argument("--holdout", type=float, default=0.15, help="share of training sentences held back")
    parser.add_argument("--heads", default="linear,attention", help="candidate heads, comma-separated")
    parser.add_argument(
        "--encoder",
        choices=("tagger", "plain"),
        default="tagger",
        help="the token states the head reads: the technique tagger's encoder (default) or plain MiniLM",
    )
    parser.add_argument(
        "--tune-layers",
        type=int,
        default=0,
        help="also train a head with the encoder's top N layers fine-tuned (framelens.train.tone_tuned)",
    )
    parser.add_argument(
        "--tune-lora",
        type=int,
        default=0,
        metavar="RANK",
        help="also train a head with rank-RANK adapters on every layer of the encoder "
        "(framelens.train.tone_tuned; use --tune-lr 5e-4)",
    )
    parser.add_argument("--tune-epochs", type=int, default=4)
    parser.add_argument("--tune-lr", type=float, default=3e-5)
    parser.add_argument(
        "--int8-only",
        action="store_true",
        help="keep the head in --out; only measure its encoder's int8 ranges and score the dev files again",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    if args.int8_only:
        _report(add_int8(args.out, args.data, args.seed))
        return 0

    if (args.tune_layers or args.tune_lora) and args.encoder != "plain":
        parser.error("--tune-layers and --tune-lora tune the plain encoder: add --encoder plain")
    started = time.perf_counter()
    read = reader(args.encoder)
    splits: dict[str, Split] = {}
    digests: dict[str, str] = {}
    for name in SPLITS:
        splits[name], digests[name] = load_split(args.data, name, args.cache, read)
    train = splits["train"]
    rng = np.random.default_rng(args.seed)
    n_sent = len(train.sentences)
    held = np.zeros(n_sent, bool)
    held[rng.permutation(n_sent)[: round(args.holdout * n_sent)]] = True
    sentence_of = np.array([r[0] for r in train.rows])
    fit, hold = np.flatnonzero(~held[sentence_of]), np.flatnonzero(held[sentence_of])
    log.info("train: %d targets to fit, %d held back", len(fit), len(hold))

    spec = FeatureSpec()
    candidates: dict[str, tuple[float, dict[str, np.ndarray], dict[str, Any]]] = {}
    for head in [h.strip() for h in args.heads.split(",") if h.strip()]:
        if head == "linear":
            candidates[head] = train_linear(train, fit, hold, spec, args.seed)
        elif head == "attention":
            candidates[head] = train_attention(train, fit, hold, spec, args.seed, args.epochs, args.ensemble)
        else:
            parser.error(f"unknown head {head!r}; choose from linear, attention")
    if args.tune_layers or args.tune_lora:
        from framelens.embed import load_encoder
        from framelens.train.tone_tuned import ENCODER_LAYERS, prepare, train_tuned

        layers = ENCODER_LAYERS if args.tune_lora else args.tune_layers
        if not 0 < layers <= ENCODER_LAYERS:
            parser.error(f"--tune-layers must be 1 to {ENCODER_LAYERS}")
        encoder = load_encoder()
        below = ENCODER_LAYERS - layers
        prepared = {"train": prepare(args.data / "train.jsonl", encoder, below, spec)}
        candidates["tuned"] = train_tuned(
            encoder,
            prepared,
            fit,
            hold,
            spec,
            args.seed,
            args.tune_epochs,
            layers,
            args.tune_lr,
            lora_rank=args.tune_lora,
        )
    chosen = max(candidates, key=lambda k: candidates[k][0])
    held_f1, arrays, params = candidates[chosen]
    kind = "attention" if chosen == "tuned" else chosen  # a tuned head is an attention head
    meta: dict[str, Any] = {
        "labels": list(LABELS),
        **read.meta,
        "features": spec.to_dict(),
        "params": params,
        "seed": args.seed,
        "training_data": {
            "file": "train.jsonl",
            "sha256": digests["train"],
            "targets_fit": len(fit),
            "targets_held_back": len(hold),
        },
        "selection": {k: round(v[0], 4) for k, v in candidates.items()},
        "scores": {"held_back": {"f1_macro": round(held_f1, 4)}},
    }
    write_model(args.out, kind, arrays, meta)
    model = ToneModel.load(args.out)
    if chosen == "tuned":
        # the dev files through the tuned encoder, as the tone stage will read them
        from framelens.tone.encoder import tone_encoder

        for name in ("dev_rw", "dev_mt"):
            texts = [x.text for x in splits[name].sentences]
            splits[name].encodings = encode_tokens(texts, bert=tone_encoder(model))
    for name in ("dev_rw", "dev_mt"):
        meta["scores"][name] = {**evaluate(model, splits[name]), "sha256": digests[name]}
    write_model(args.out, kind, arrays, meta)
    meta = add_int8(args.out, args.data, args.seed)
    size = (args.out / WEIGHTS_FILE).stat().st_size
    print(f"kept the {chosen} head (held-back F1m by head: {meta['selection']})")
    _report(meta)
    print(f"wrote {args.out / WEIGHTS_FILE} ({size / 1e6:.2f} MB) in {time.perf_counter() - started:.0f}s")
    return 0


def _report(meta: dict[str, Any]) -> None:
    for name in ("dev_rw", "dev_mt"):
        s = meta["scores"][name]
        f1m, acc = 100 * s["f1_macro"], 100 * s["accuracy"]
        plain = 100 * meta["scores"].get("float32", {}).get(name, float("nan"))
        print(f"{name}: F1m {f1m:.1f}  acc {acc:.1f}  ({s['targets']} targets; float32 F1m {plain:.1f})")


if __name__ == "__main__":
    sys.exit(main())
