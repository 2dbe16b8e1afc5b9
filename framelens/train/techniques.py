"""Train the technique model on the Propaganda Techniques Corpus and write the packaged files.

Usage (from the repository root; about two minutes on 2 CPU cores, a little less when the
parse is cached)::

    python -m framelens.train.techniques --data ../shared/data/ptc --out framelens/resources/techniques/

What it does, and why:

1. Parses every article once (tagger and lemmatizer only; cached under ``--cache``,
   keyed by the corpus's hash and the spaCy model) and runs the transparent layer.
2. Holds back a fixed fifth of the articles, chosen by a hash of the article id
   (``framelens.eval.splits.is_held_back``): everything below is fitted on the
   rest, and every choice (regularisation, decoding threshold, gap, pattern floor) is
   made on the held-back articles with the task's own metrics.
3. Measures each pattern's precision on the training articles: the share of its
   matches that overlap a gold span of its technique (Laplace-smoothed).  That is the
   confidence ``detect`` reports for it.
4. Span identification: a logistic regression over token features (label: the token
   lies in a gold SI span).  Technique classification: a multinomial logistic
   regression over span features of every gold TC line.
5. Writes ``weights.npz`` (plain arrays) and ``model.json`` (labels, decoding settings,
   pattern precisions, held-back ids, training-data hash), then re-scores the held-back
   articles through the packaged inference path (``framelens eval propaganda``), so the
   figures in ``model.json`` are those of the shipped files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from framelens.eval.propaganda import (
    PTCArticle,
    read_ptc,
    si_score,
    tc_lines,
    tc_score,
)
from framelens.eval.splits import is_held_back
from framelens.techniques import detect_view, parse_tokens, prepare
from framelens.techniques.features import TextView, Tok, span_features, token_features
from framelens.techniques.lexicon import TECHNIQUES, load_lexicon
from framelens.techniques.model import TechniqueModel, TokenScores

log = logging.getLogger("framelens.train.techniques")

SI_C = (0.1, 0.3, 1.0)
TC_C = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
GAPS = (0, 1, 2, 3, 5)
#: pattern precision floors tried; above 1 means "no pattern spans"
FLOORS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.01)
MIN_COUNT = 2


def corpus_hash(articles: list[PTCArticle]) -> str:
    """A fingerprint of the articles and their gold labels (the training data a model records)."""
    h = hashlib.sha256()
    for a in articles:
        h.update(a.id.encode())
        h.update(a.text.encode("utf-8"))
        h.update(repr((a.si, a.tc)).encode())
    return h.hexdigest()


def _tokens_cached(articles: list[PTCArticle], digest: str, cache: Path) -> list[list[Tok]]:
    from framelens.config import load_settings

    model = load_settings().spacy_model
    path = cache / f"ptc-tokens-{model}-{digest[:16]}.json"
    if path.is_file():
        raw = json.loads(path.read_text("utf-8"))
        log.info("tokens of %d articles from %s", len(raw), path)
        return [[Tok(*t) for t in toks] for toks in raw]
    started = time.perf_counter()
    tokens = parse_tokens([a.text for a in articles])
    log.info("parsed %d articles in %.0fs", len(articles), time.perf_counter() - started)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([[list(asdict(t).values()) for t in toks] for toks in tokens]), "utf-8")
    return tokens


def _vocab(rows: list[list[str]]) -> list[str]:
    counts = Counter(f for row in rows for f in set(row))
    return sorted(f for f, c in counts.items() if c >= MIN_COUNT)


def _matrix(rows: list[list[str]], vocab: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    indptr, cols = [0], []
    for row in rows:
        cols.extend(sorted({vocab[f] for f in row if f in vocab}))
        indptr.append(len(cols))
    data = np.ones(len(cols), dtype=np.float32)
    return csr_matrix((data, np.array(cols, dtype=np.int64), np.array(indptr)), shape=(len(rows), len(vocab)))


def _inside(tokens: list[Tok], spans: tuple[tuple[int, int], ...]) -> list[int]:
    return [int(any(t.start < e and t.end > s for s, e in spans)) for t in tokens]


def pattern_precision(views: list[TextView], articles: list[PTCArticle]) -> dict[str, dict[str, float]]:
    """Per pattern: matches, hits (overlap a gold span of its technique) and the smoothed precision."""
    matches: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for v, article in zip(views, articles, strict=True):
        for m in v.matches:
            matches[m.pattern] += 1
            if any(t == m.technique and s < m.end and e > m.start for t, s, e in article.tc):
                hits[m.pattern] += 1
    return {
        name: {"matches": n, "hits": hits[name], "precision": round((hits[name] + 1) / (n + 2), 4)}
        for name, n in sorted(matches.items())
    }


def _si_predictions(
    model: TechniqueModel,
    views: list[TextView],
    scores: list[TokenScores],
    threshold: float,
    gap: int,
    floor: float,
) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for k, (v, sc) in enumerate(zip(views, scores, strict=True)):
        spans = [(s.start, s.end) for s in model.spans(v, sc, threshold=threshold, gap=gap)]
        for m in v.matches:
            p = model.pattern_precision(m.pattern)
            if p >= floor:
                spans.append((m.start, m.end))
        out[str(k)] = spans
    return out


def train(data: Path, out: Path, cache: Path, seed: int = 0) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    articles = read_ptc(data, split="all")
    digest = corpus_hash(articles)
    tokens = _tokens_cached(articles, digest, cache)
    views = [prepare(a.text, t) for a, t in zip(articles, tokens, strict=True)]
    held = [i for i, a in enumerate(articles) if is_held_back(a.id)]
    fit = [i for i, a in enumerate(articles) if not is_held_back(a.id)]
    log.info("%d training articles, %d held back", len(fit), len(held))
    categories = load_lexicon().word_categories
    patterns = pattern_precision([views[i] for i in fit], [articles[i] for i in fit])

    # --- span identification -------------------------------------------------------------
    started = time.perf_counter()
    token_rows = [[token_features(v, j, categories) for j in range(len(v.tokens))] for v in views]
    si_names = _vocab([r for i in fit for r in token_rows[i]])
    si_vocab = {f: k for k, f in enumerate(si_names)}
    x_fit = _matrix([r for i in fit for r in token_rows[i]], si_vocab)
    y_fit = np.array([y for i in fit for y in _inside(views[i].tokens, articles[i].si)])
    held_x = [_matrix(token_rows[i], si_vocab) for i in held]
    log.info(
        "SI: %d tokens x %d features (%.0fs)", x_fit.shape[0], x_fit.shape[1], time.perf_counter() - started
    )
    held_views = [views[i] for i in held]
    gold_si = {str(k): list(articles[i].si) for k, i in enumerate(held)}
    meta: dict[str, Any] = {"patterns": patterns}
    best: tuple[float, Any, dict[str, Any]] = (-1.0, None, {})
    for c in SI_C:
        clf = LogisticRegression(C=c, solver="liblinear", max_iter=500, random_state=seed).fit(x_fit, y_fit)
        model = TechniqueModel(
            labels=TECHNIQUES,
            si_names=np.array(si_names),
            si_w=clf.coef_[0].astype(np.float32),
            si_b=float(clf.intercept_[0]),
            tc_names=np.array([""]),
            tc_w=np.zeros((len(TECHNIQUES), 1), np.float32),
            tc_b=np.zeros(len(TECHNIQUES), np.float32),
            meta=meta,
        )
        scores = []
        for x in held_x:
            probs = clf.predict_proba(x)[:, 1]
            rows = [list(x.indices[x.indptr[r] : x.indptr[r + 1]]) for r in range(x.shape[0])]
            scores.append(TokenScores(probs, rows))
        for threshold in THRESHOLDS:
            for gap in GAPS:
                for floor in FLOORS:
                    pred = _si_predictions(model, held_views, scores, threshold, gap, floor)
                    f1 = si_score(pred, gold_si).f1
                    if f1 > best[0]:
                        best = (
                            f1,
                            clf,
                            {"C": c, "threshold": threshold, "gap": gap, "pattern_min_precision": floor},
                        )
        log.info("SI C=%g: best held-back F1 so far %.3f %s", c, best[0], best[2])
    si_f1, si_clf, decode = best

    # --- technique classification ------------------------------------------------------
    def samples(idx: list[int]) -> tuple[list[list[str]], list[str]]:
        rows, labels = [], []
        for i in idx:
            for label, s, e in articles[i].tc:
                rows.append(span_features(views[i], s, e, categories))
                labels.append(label)
        return rows, labels

    fit_rows, fit_labels = samples(fit)
    tc_names = _vocab(fit_rows)
    tc_vocab = {f: k for k, f in enumerate(tc_names)}
    x_tc = _matrix(fit_rows, tc_vocab)
    y_tc = np.array([TECHNIQUES.index(label) for label in fit_labels])
    held_spans = [sorted({(s, e) for _, s, e in articles[i].tc}) for i in held]
    held_x_tc = [
        _matrix([span_features(views[i], s, e, categories) for s, e in spans], tc_vocab)
        for i, spans in zip(held, held_spans, strict=True)
    ]
    gold_tc = {str(k): list(articles[i].tc) for k, i in enumerate(held)}
    best_tc: tuple[float, Any, float] = (-1.0, None, 0.0)
    for c in TC_C:
        clf = LogisticRegression(C=c, max_iter=3000, random_state=seed).fit(x_tc, y_tc)
        tc_pred: dict[str, list[tuple[str, int, int]]] = {}
        for k, (i, spans, x) in enumerate(zip(held, held_spans, held_x_tc, strict=True)):
            probs = clf.predict_proba(x) if spans else np.zeros((0, len(TECHNIQUES)))
            ranked = {
                span: [TECHNIQUES[int(clf.classes_[j])] for j in np.argsort(-row, kind="stable")]
                for span, row in zip(spans, probs, strict=True)
            }
            tc_pred[str(k)] = tc_lines(articles[i], ranked)
        f1 = tc_score(tc_pred, gold_tc).f1
        log.info("TC C=%g: held-back micro-F1 %.3f", c, f1)
        if f1 > best_tc[0]:
            best_tc = (f1, clf, c)
    tc_f1, tc_clf, tc_c = best_tc
    tc_w = np.zeros((len(TECHNIQUES), len(tc_names)), dtype=np.float32)
    tc_b = np.full(len(TECHNIQUES), -30.0, dtype=np.float32)  # a class never seen is never predicted
    for row, cls in enumerate(tc_clf.classes_):
        tc_w[int(cls)] = tc_clf.coef_[row]
        tc_b[int(cls)] = tc_clf.intercept_[row]

    counts = Counter(fit_labels)
    meta = {
        "kind": "sparse-logistic",
        "description": "token-level span model and span-level technique model, logistic regressions "
        "over readable features (framelens.techniques.features)",
        "decode": {k: decode[k] for k in ("threshold", "gap", "pattern_min_precision")},
        "si_C": decode["C"],
        "tc_C": tc_c,
        "patterns": patterns,
        "majority_label": counts.most_common(1)[0][0],
        "training": {
            "corpus": "PTC v2, SemEval-2020 Task 11 training articles",
            "data_sha256": digest,
            "articles": len(fit),
            "tc_lines": len(fit_labels),
            "label_counts": dict(sorted(counts.items())),
            "seed": seed,
        },
        "held_back": {
            "rule": "sha256(article id) % 5 == 0 (framelens.eval.splits.is_held_back)",
            "ids": [articles[i].id for i in held],
            "selection_scores": {"si_f1": round(si_f1, 4), "tc_micro_f1": round(tc_f1, 4)},
        },
    }
    model = TechniqueModel(
        labels=TECHNIQUES,
        si_names=np.array(si_names),
        si_w=si_clf.coef_[0].astype(np.float32),
        si_b=float(si_clf.intercept_[0]),
        tc_names=np.array(tc_names),
        tc_w=tc_w,
        tc_b=tc_b,
        meta=meta,
    )
    model.save(out)
    # Re-score through the packaged path: the figures recorded are those of the shipped files.
    shipped = TechniqueModel.load(out, tagger=False)
    pred_si: dict[str, list[tuple[int, int]]] = {}
    pred_tc: dict[str, list[tuple[str, int, int]]] = {}
    gold_tc_all: dict[str, list[tuple[str, int, int]]] = {}
    for k, i in enumerate(held):
        v = views[i]
        pred_si[str(k)] = [(t.span.start, t.span.end) for t in detect_view(v, shipped)]
        ranked = {
            span: [label for label, _ in c.ranked]
            for span, c in zip(held_spans[k], shipped.classify(v, held_spans[k]), strict=True)
        }
        pred_tc[str(k)] = tc_lines(articles[i], ranked)
        gold_tc_all[str(k)] = list(articles[i].tc)
    si = si_score(pred_si, gold_si)
    tc = tc_score(pred_tc, gold_tc_all)
    meta["held_back"]["scores"] = {"si": si.to_dict(), "tc_micro_f1": round(tc.f1, 4)}
    shipped_meta = {**shipped.meta, "held_back": meta["held_back"]}
    TechniqueModel(
        labels=shipped.labels,
        si_names=shipped.si_names,
        si_w=shipped.si_w,
        si_b=shipped.si_b,
        tc_names=shipped.tc_names,
        tc_w=shipped.tc_w,
        tc_b=shipped.tc_b,
        meta=shipped_meta,
    ).save(out)
    log.info("held back: SI P %.3f R %.3f F1 %.3f; TC micro-F1 %.3f", si.precision, si.recall, si.f1, tc.f1)
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m framelens.train.techniques", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--data", type=Path, required=True, help="PTC folder: articles/, labels-si/, labels-tc/"
    )
    parser.add_argument("--out", type=Path, required=True, help="where to write model.json and weights.npz")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "framelens-techniques-cache"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    started = time.perf_counter()
    meta = train(args.data, args.out, args.cache, seed=args.seed)
    log.info("done in %.0fs: %s", time.perf_counter() - started, json.dumps(meta["held_back"]["scores"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
