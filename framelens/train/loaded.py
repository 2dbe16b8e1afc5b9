"""Train the loaded-word model (``framelens.stages._loaded_words``) on BASIL dev's lexical bias.

Data (development part only, see ``../shared/data/basil-dev/PROVENANCE.md``): BASIL's 48
dev triplets, whose annotators marked 261 phrases of lexical bias ("lex") toward a target.
Each article is parsed and its actors found by the default stages; every candidate word
(``candidates``) is an example, positive when it lies inside an annotated lex phrase.  The
target is not part of the label: which actor a word is aimed at is read from the parse,
and the eval (``framelens eval wordchoice``) scores the two together.

Two models, both L2 logistic regression:

- the lexicon model, over the lexicon features and the word's lemma: what decides when the
  technique tagger does not read the article (the technique stage switched off);
- the context model, over the same features plus what the technique tagger reads in the word
  (``framelens.stages._loaded_context``): what decides in the default analysis.  It records
  the tagger's identity; another tagger needs a retrain.

Reported figures are out of fold, by 8-fold cross-validation grouped by triplet (the three
outlets of one event never straddle a fold); each threshold is chosen on those out-of-fold
probabilities, the final weights are fit on every example.  About 3 minutes on 2 cores::

    python -m framelens.train.loaded --basil ../shared/data/basil-dev --out framelens/resources/labels/
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from framelens.eval.portrayal import actors_named
from framelens.eval.wordchoice import PhraseItem, read_phrases
from framelens.models import Analysis
from framelens.stages.labels import (
    PARSED_ROUTES,
    Candidate,
    candidates,
    context_may_keep,
    evaluative,
    loaded_lexicon,
    tagger_features,
    token_owner,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from framelens.techniques.tagger import Reading, SpanTagger

log = logging.getLogger(__name__)

FOLDS = 8
C = 0.3
#: the threshold keeps at most this many words per article, out of fold: BASIL's annotators
#: marked 1.8 lexical-bias phrases per article, and a reader must not drown in noise
PER_ARTICLE = 2.0
#: a lemma's weight is kept when the model gives it at least this much
KEEP = 0.01
#: a word's identity is a feature only when it was loaded in this many triplets
MIN_TRIPLETS = 3
#: the context model's regularisation: 8-fold out of fold, C = 0.01, 0.03 and 0.1 keep words
#: of the same precision at two per article (0.094, 0.097, 0.101); the middle one is kept
CONTEXT_C = 0.03
#: the context model's threshold keeps at most this many shown words per article, out of
#: fold, beside the lexicon model's: BASIL's annotators marked 1.8 lexical-bias phrases per
#: article.  With the lexicon model's words, one per article kept 7.7% inside an annotated
#: phrase and reached 3.1% of the phrases; two kept 7.7% as well and reached 5.8%
CONTEXT_PER_ARTICLE = 2.0


def parsed(items: Sequence[PhraseItem]) -> tuple[list[Analysis], list[Doc], SpanTagger, list[Reading]]:
    """The items' articles with sentences and actors, their parses, the technique tagger and
    its reading of each article."""
    from framelens.context import Context
    from framelens.errors import FramelensError
    from framelens.models import Analysis
    from framelens.stages.actors import actors
    from framelens.stages.sentences import sentences

    ctx = Context()
    articles = [p.item.article for p in items]
    ctx.parse(articles)
    analyses = [Analysis(article=a) for a in articles]
    for st in (sentences, actors):
        analyses = st.run_batch(analyses, ctx)
    tagger = ctx.technique_model.tagger
    if tagger is None:
        raise FramelensError("the technique model has no tagger (resources/techniques/tagger/)")
    return analyses, [ctx.doc(a) for a in articles], tagger, [tagger.read(a.text) for a in articles]


def examples(
    items: Sequence[PhraseItem],
    analyses: Sequence[Analysis],
    docs: Sequence[Doc],
    tagger: SpanTagger | None = None,
    readings: Sequence[Reading] = (),
) -> tuple[list[Candidate], list[int], list[int], list[bool]]:
    """Candidates (with the tagger's features, when given), item index, gold (inside a lex
    phrase), whether the target is right."""
    import dataclasses

    lex = loaded_lexicon()
    cands: list[Candidate] = []
    where: list[int] = []
    gold: list[int] = []
    right: list[bool] = []
    for index, (item, analysis, doc) in enumerate(zip(items, analyses, docs, strict=True)):
        owner = token_owner(doc, analysis)
        targets = [{a.id for a in actors_named(analysis, p.target)} for p in item.phrases]
        salience = {a.id: a.salience for a in analysis.actors}
        for cand in candidates(doc, owner, lex, analysis.article.paragraphs, salience):
            hit = [
                k for k, p in enumerate(item.phrases) if p.span.start < cand.end and cand.start < p.span.end
            ]
            if tagger is not None:
                context = tagger_features(tagger, readings[index], cand.start, cand.end)
                cand = dataclasses.replace(cand, features=cand.features | context)
            cands.append(cand)
            where.append(index)
            gold.append(int(bool(hit)))
            right.append(any(cand.actor_id in targets[k] for k in hit))
    return cands, where, gold, right


def learned(
    cands: Sequence[Candidate], gold: np.ndarray, groups: np.ndarray, rows: Sequence[int]
) -> set[str]:
    """Lemmas inside a lex phrase in at least ``MIN_TRIPLETS`` triplets (of ``rows``): the only
    words whose identity the model may learn ("blast", "insist"); a word seen loaded once is
    most often part of an idiom ("pulling no punches") and not loaded on its own."""
    seen: dict[str, set[str]] = {}
    for i in rows:
        if gold[i]:
            seen.setdefault(cands[i].lemma, set()).add(str(groups[i]))
    return {lemma for lemma, where in seen.items() if len(where) >= MIN_TRIPLETS}


def _rows(cands: Sequence[Candidate], keep: set[str]) -> list[dict[str, float]]:
    """The candidates' features with the word's identity only for ``keep`` lemmas."""
    return [{k: v for k, v in c.features.items() if not k.startswith("w=") or k[2:] in keep} for c in cands]


def _fit(rows: list[dict[str, float]], y: np.ndarray, c: float = C) -> tuple[Any, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    model.fit(x, y)
    return vec, model


def _lexical(cands: Sequence[Candidate]) -> list[Candidate]:
    """The candidates without the tagger's features: what the lexicon model reads."""
    import dataclasses

    return [
        dataclasses.replace(c, features={k: v for k, v in c.features.items() if not k.startswith("tagger")})
        for c in cands
    ]


def _model(
    items: Sequence[PhraseItem],
    cands: Sequence[Candidate],
    where: Sequence[int],
    gold: Sequence[int],
    right: Sequence[bool],
    context: bool,
) -> tuple[dict[str, Any], np.ndarray]:
    """One model's document, with its out-of-fold figures, and which candidates it keeps out
    of fold among those the stage shows.

    The lexicon model (``context`` False) keeps only a word a lexicon calls evaluative
    (``evaluative``), and its threshold keeps at most ``PER_ARTICLE`` candidates per article
    whatever their route; the context model any word ``context_may_keep`` allows, and its
    threshold counts only the words the stage shows (``PARSED_ROUTES``), at most
    ``CONTEXT_PER_ARTICLE`` per article.
    """
    from sklearn.model_selection import GroupKFold

    y = np.array(gold)
    groups = np.array([items[i].item.group for i in where])
    c = CONTEXT_C if context else C
    oof = np.zeros(len(y))
    raw = np.zeros(len(y))
    for train_rows, test_rows in GroupKFold(FOLDS).split(cands, y, groups):
        rows = _rows(cands, learned(cands, y, groups, train_rows))
        vec, model = _fit([rows[i] for i in train_rows], y[train_rows], c)
        oof[test_rows] = model.predict_proba(vec.transform([rows[i] for i in test_rows]))[:, 1]
        raw[test_rows] = oof[test_rows]
        fold_weights = dict(zip(vec.get_feature_names_out(), model.coef_[0], strict=True))
        for i in test_rows:  # the packaged rule: a word that cannot be loaded is never kept
            if (
                not context_may_keep(rows[i], fold_weights)
                if context
                else not evaluative(rows[i], fold_weights)
            ):
                oof[i] = 0.0
    shown = np.array([not context or cand.route in PARSED_ROUTES for cand in cands])
    budget = CONTEXT_PER_ARTICLE if context else PER_ARTICLE
    # the lowest threshold that keeps at most that many words per article, out of fold
    threshold = 0.99
    for t in np.arange(0.30, 0.99, 0.005):
        if ((oof >= t) & shown).sum() <= budget * len(items):
            threshold = float(round(t, 3))
            break
    kept = (oof >= threshold) & shown
    cv = {
        "folds": FOLDS,
        "grouped_by": "triplet",
        "candidates": len(y),
        "positives": int(y.sum()),
        **_figures(items, cands, where, y, right, kept),
    }
    from sklearn.metrics import roc_auc_score

    # the ranking before the gate and the threshold: how well the model orders the candidates
    cv["roc_auc"] = round(float(roc_auc_score(y, raw)), 4)
    rows = _rows(cands, learned(cands, y, groups, range(len(y))))
    vec, model = _fit(rows, y, c)
    names = vec.get_feature_names_out()
    weights = {
        str(n): round(float(w), 4)
        for n, w in zip(names, model.coef_[0], strict=True)
        if not str(n).startswith("w=") or abs(w) >= KEEP
    }
    document = {
        "bias": round(float(model.intercept_[0]), 4),
        "threshold": threshold,
        "C": c,
        "cross_validation": cv,
        "weights": dict(sorted(weights.items())),
    }
    return document, kept & np.array([cand.route in PARSED_ROUTES for cand in cands])


def _figures(
    items: Sequence[PhraseItem],
    cands: Sequence[Candidate],
    where: Sequence[int],
    y: np.ndarray,
    right: Sequence[bool],
    kept: np.ndarray,
) -> dict[str, float]:
    """Words kept per article, their precision and recall, and the share of phrases a kept
    word of the right target overlaps."""
    phrases = sum(len(p.phrases) for p in items)
    hit_phrases = set()
    for k, cand in enumerate(cands):
        if kept[k] and right[k]:
            for j, p in enumerate(items[where[k]].phrases):
                if p.span.start < cand.end and cand.start < p.span.end:
                    hit_phrases.add((where[k], j))
    return {
        "kept_per_article": round(float(kept.sum()) / len(items), 2),
        "word_precision": round(float(y[kept].mean()) if kept.sum() else 0.0, 4),
        "word_recall": round(float(kept[y == 1].mean()), 4),
        "phrase_recall_right_target_loaded_only": round(len(hit_phrases) / max(1, phrases), 4),
    }


def train(
    items: Sequence[PhraseItem],
    analyses: Sequence[Analysis],
    docs: Sequence[Doc],
    tagger: SpanTagger | None = None,
    readings: Sequence[Reading] = (),
) -> dict[str, Any]:
    """The model document: the lexicon model's weights, bias, threshold and out-of-fold
    figures, and under "context" the context model's (when a ``tagger`` is given)."""
    cands, where, gold, right = examples(items, analyses, docs, tagger, readings)
    lexical, kept_lexical = _model(items, _lexical(cands), where, gold, right, context=False)
    doc = {
        "about": "framelens.train.loaded: loaded-word model on BASIL dev lexical bias (development data)",
        **lexical,
    }
    if tagger is not None:
        from framelens.tone.encoder import tagger_identity

        context, kept_context = _model(items, cands, where, gold, right, context=True)
        # what the stage shows with the tagger: a word either model keeps
        both = _figures(items, cands, where, np.array(gold), right, kept_lexical | kept_context)
        doc["context"] = {
            "about": "the same candidates with the technique tagger's reading of each word; "
            "a word is shown when this model or the lexicon model keeps it",
            "tagger": tagger_identity(tagger),
            **context,
            "shown_with_lexicon_model": both,
        }
    return doc


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--basil", type=Path, required=True, help="BASIL folder (articles/, annotations/)")
    parser.add_argument("--out", type=Path, required=True, help="folder for loaded.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    _, items, lost = read_phrases(args.basil)
    log.info(
        "%d articles, %d lex phrases (%d not placed)", len(items), sum(len(i.phrases) for i in items), lost
    )
    analyses, docs, tagger, readings = parsed(items)
    doc = train(items, analyses, docs, tagger, readings)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "loaded.json").write_text(json.dumps(doc, indent=1) + "\n", "utf-8")
    log.info("cross-validated: %s", json.dumps(doc["cross_validation"]))
    log.info("context model, cross-validated: %s", json.dumps(doc["context"]["cross_validation"]))
    log.info("both models, as shown: %s", json.dumps(doc["context"]["shown_with_lexicon_model"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
